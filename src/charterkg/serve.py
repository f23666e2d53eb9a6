"""`charterkg serve`: a read-only SPARQL 1.1 Protocol endpoint and a query page.

Flask handles HTTP and Jinja2 the page; waitress serves it. The endpoint is read-only: an update
(a POST with ``update=`` or ``application/sparql-update``) gets 403. It listens on 127.0.0.1
unless told otherwise. Each query has a time limit: Oxigraph streams solutions, and the server
stops and answers 503 when the limit passes while they are read (a soft limit: one very slow
step inside Oxigraph is not interrupted).

Routes: ``/sparql`` (GET ?query=, POST form or application/sparql-query), ``/api/queries``
(the catalogue as JSON), ``/api/query/<name>`` (a saved query, parameters as URL arguments),
``/`` (the page: an editor, the saved queries with their parameters, results as a table).
"""

from __future__ import annotations

import time

import pyoxigraph as ox

from .errors import CharterkgError
from .results import ResultSet

RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "text/csv": "csv",
}


def create_app(kg, timeout: float = 10.0):
    from flask import Flask, Response, jsonify, render_template, request

    from .api import PREFIXES

    app = Flask(__name__)
    _ = kg.store  # open the store before the first request

    def answer_query(text: str, accept: str, subs=None, hide=(), caveats=None):
        deadline = time.monotonic() + timeout
        try:
            if subs is None:
                solutions = kg.store.store.query(text, use_default_graph_as_union=True,
                                                 prefixes=PREFIXES)
            else:
                solutions = kg.store.query(text, subs)
        except SyntaxError as exc:
            return Response(f"query is not valid SPARQL: {exc}\n", 400, mimetype="text/plain")
        if isinstance(solutions, ox.QueryTriples):
            triples = []
            for t in solutions:
                if time.monotonic() > deadline:
                    return Response("query exceeded the time limit\n", 503,
                                    mimetype="text/plain")
                triples.append(t)
            fmt = ox.RdfFormat.TURTLE if "turtle" in accept else ox.RdfFormat.N_TRIPLES
            return Response(ox.serialize(triples, format=fmt), 200, mimetype=fmt.media_type)
        try:
            rs = ResultSet.from_oxigraph(solutions, hide=hide, deadline=deadline)
        except TimeoutError:
            return Response(f"query exceeded the time limit of {timeout:g} s\n", 503,
                            mimetype="text/plain")
        kind = "json"
        for mime, k in RESULT_TYPES.items():
            if mime in accept:
                kind = k
                break
        if kind == "csv":
            return Response(rs.to_csv(), 200, mimetype="text/csv")
        rs.caveats = caveats or []
        return Response(rs.to_json(), 200, mimetype="application/sparql-results+json")

    @app.route("/sparql", methods=["GET", "POST"])
    def sparql():
        ctype = (request.content_type or "").split(";")[0].strip()
        if request.method == "POST" and (ctype == "application/sparql-update"
                                         or "update" in request.form):
            return Response("this endpoint is read-only: SPARQL Update is refused\n", 403,
                            mimetype="text/plain")
        if request.method == "POST" and ctype == "application/sparql-query":
            text = request.get_data(as_text=True)
        else:
            text = request.values.get("query")
        if not text:
            return Response("give a query: ?query=... (SPARQL 1.1 Protocol)\n", 400,
                            mimetype="text/plain")
        if _looks_like_update(text):
            return Response("this endpoint is read-only: SPARQL Update is refused\n", 403,
                            mimetype="text/plain")
        accept = request.headers.get("Accept", "application/sparql-results+json")
        return answer_query(text, accept)

    @app.route("/api/queries")
    def catalogue():
        out = []
        for name in kg.catalog.names():
            q = kg.catalog.get(name)
            out.append({"name": name, "summary": q.summary, "description": q.description,
                        "tags": q.tags,
                        "params": [{"name": p.name, "kind": p.kind, "required": p.required,
                                    "default": p.default, "description": p.description,
                                    "enum": p.enum} for p in q.params.values()]})
        return jsonify(out)

    @app.route("/api/query/<name>")
    def saved(name):
        try:
            params = request.args.to_dict()
            q, subs = kg.bind(name, params)
            caveats = kg.caveats(q, params)
        except CharterkgError as exc:
            return Response(f"{exc}\n", 400, mimetype="text/plain")
        accept = request.headers.get("Accept", "application/sparql-results+json")
        return answer_query(q.text, accept, subs, hide=tuple(p.var for p in q.params.values()),
                            caveats=caveats)

    @app.route("/")
    def page():
        return render_template("index.html")

    return app


def _looks_like_update(text: str) -> bool:
    import re

    stripped = re.sub(r"#[^\n]*", "", text)
    stripped = re.sub(r"(?is)^\s*(PREFIX\s+\S*\s*<[^>]*>\s*|BASE\s*<[^>]*>\s*)*", "", stripped)
    return bool(re.match(r"(?i)\s*(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b",
                         stripped))


def serve(kg, host: str = "127.0.0.1", port: int = 7878, timeout: float = 10.0) -> None:
    from waitress import serve as waitress_serve

    app = create_app(kg, timeout=timeout)
    print(f"charterkg: serving a read-only SPARQL endpoint at http://{host}:{port}/sparql "
          f"and the query page at http://{host}:{port}/ (Ctrl-C stops)", flush=True)
    waitress_serve(app, host=host, port=port, threads=4, ident="charterkg")
