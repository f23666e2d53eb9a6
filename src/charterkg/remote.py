"""Remote stores and endpoints: Graph Store Protocol uploads and SPARQL 1.1 queries.

`load` pushes the graph into any store that speaks the SPARQL 1.1 Graph Store HTTP Protocol
(Oxigraph, Virtuoso, Jena Fuseki, GraphDB, ...): one named graph per source file, each replaced
in one PUT request. Before writing it checks every target graph (refusing to overwrite a
non-empty one without ``replace``) and keeps what it replaces; if a request fails, the graphs
already written are put back as they were, so a failed load leaves the store as it found it.

`query_endpoint` asks a remote SPARQL endpoint through SPARQLWrapper. The protocol carries only
query text, so bound parameters are written into it by :func:`bind_text`: each parameter
variable is replaced, token by token, by its RDF term as Oxigraph serialises it (escaped); in the
projection it is dropped, since results leave parameters out. This is the substitution Oxigraph performs on the embedded
store, done on the query's tokens; the value is a single term and cannot change the query's
shape (property tests check this).

Credentials come from $CHARTERKG_STORE_USER / $CHARTERKG_STORE_PASSWORD or from ~/.netrc
(matched on the host); they are never taken from the command line and never printed.
"""

from __future__ import annotations

import base64
import netrc
import os
import re
import urllib.error
import urllib.parse
import urllib.request

import pyoxigraph as ox

from .errors import RemoteError, UsageError
from .results import ResultSet

USER_AGENT = "charterkg"

# --- binding parameters into query text --------------------------------------------------------

_TOKEN = re.compile(r"""
    (?P<comment>\#[^\n]*)
  | (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
               |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<var>[?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]+)
  | (?P<word>[A-Za-z]+)
  | (?P<brace>\{)
""", re.VERBOSE)


def bind_text(text: str, subs: dict) -> str:
    """The query text with each substituted variable replaced by its term."""
    if not subs:
        return text
    terms = {v.value: str(t) for v, t in subs.items()}
    out, pos = [], 0
    in_projection = in_group = False
    seen_select = False
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind == "word":
            word = m.group().upper()
            if word == "SELECT" and not seen_select:
                seen_select, in_projection = True, True
            elif word == "WHERE" and in_projection:
                in_projection = False
            elif word == "GROUP":
                in_group = True
            elif word in ("HAVING", "ORDER", "LIMIT", "OFFSET", "VALUES"):
                in_group = False
            continue
        if kind == "brace" and (in_projection or in_group):
            in_projection = in_group = False
            continue
        if kind != "var":
            continue
        name = m.group()[1:]
        if name not in terms:
            continue
        out.append(text[pos:m.start()])
        # in the projection the parameter is dropped (results leave it out anyway), and in
        # GROUP BY too (a constant groups nothing, and a bare term is not allowed there)
        out.append("" if in_projection or in_group else terms[name])
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def query_form(text: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first such keyword outside IRIs, strings and
    comments (SPARQLWrapper's own guess can take a SELECT for an update)."""
    for m in _TOKEN.finditer(text):
        if m.lastgroup == "word":
            word = m.group().upper()
            if word in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
                return word
            if word in ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE",
                        "ADD", "WITH"):
                return None
    return None


# --- credentials and requests -------------------------------------------------------------

def _credentials(url: str) -> tuple[str, str] | None:
    user = os.environ.get("CHARTERKG_STORE_USER")
    if user is not None:
        return user, os.environ.get("CHARTERKG_STORE_PASSWORD", "")
    host = urllib.parse.urlsplit(url).hostname or ""
    try:
        auth = netrc.netrc().authenticators(host)
    except (FileNotFoundError, netrc.NetrcParseError, OSError):
        return None
    if auth:
        return auth[0] or "", auth[2] or ""
    return None


def _opener(url: str):
    handlers = []
    creds = _credentials(url)
    if creds:
        mgr = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        mgr.add_password(None, url, creds[0], creds[1])
        handlers += [urllib.request.HTTPDigestAuthHandler(mgr),
                     urllib.request.HTTPBasicAuthHandler(mgr)]
    return urllib.request.build_opener(*handlers), creds


def _safe(url: str) -> str:
    """The URL without any user:password part, for messages."""
    p = urllib.parse.urlsplit(url)
    netloc = p.hostname or ""
    if p.port:
        netloc += f":{p.port}"
    return urllib.parse.urlunsplit((p.scheme, netloc, p.path, p.query, p.fragment))


def _request(opener, method: str, url: str, data: bytes | None = None,
             content_type: str | None = None, accept: str | None = None,
             timeout: float = 60.0, creds=None) -> tuple[int, bytes]:
    # A fresh opener per request: urllib's digest handler counts retries across requests and
    # gives up after a few 404 answers (graphs that do not exist yet).
    opener, creds = _opener(url)
    req = urllib.request.Request(url, data=data, method=method)
    req.add_header("User-Agent", USER_AGENT)
    if content_type:
        req.add_header("Content-Type", content_type)
    if accept:
        req.add_header("Accept", accept)
    if creds and os.environ.get("CHARTERKG_STORE_AUTH", "").lower() == "basic":
        token = base64.b64encode(f"{creds[0]}:{creds[1]}".encode()).decode()
        req.add_header("Authorization", f"Basic {token}")
    elif creds and data:
        _authorise_ahead(req, url, creds, timeout)
    try:
        with opener.open(req, timeout=timeout) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        body = exc.read()[:300].decode("utf-8", "replace").strip().splitlines()
        return exc.code, ("\n".join(body)).encode()
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise RemoteError(f"{_safe(url)}: cannot reach the store ({reason})") from None


def _authorise_ahead(req, url: str, creds, timeout: float) -> None:
    """Answer a digest challenge before sending a body. A server that requires digest
    authentication answers the first request 401 without reading its body and closes the
    connection: with a large graph the client is still writing and gets a broken pipe instead
    of the challenge. So the challenge is fetched with a bodiless request first, and the real
    request carries its answer."""
    probe = urllib.request.Request(url, method="GET")
    probe.add_header("User-Agent", USER_AGENT)
    try:
        with urllib.request.build_opener().open(probe, timeout=timeout):
            return  # no authentication asked for
    except urllib.error.HTTPError as exc:
        challenge = exc.headers.get("WWW-Authenticate", "") if exc.code == 401 else ""
        exc.read()
    except (urllib.error.URLError, TimeoutError, OSError):
        return  # the real request will report it
    if not challenge.lower().startswith("digest "):
        return
    mgr = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    mgr.add_password(None, url, creds[0], creds[1])
    handler = urllib.request.HTTPDigestAuthHandler(mgr)
    chal = urllib.request.parse_keqv_list(urllib.request.parse_http_list(challenge[7:]))
    answer = handler.get_authorization(req, chal)
    if answer:
        req.add_unredirected_header("Authorization", f"Digest {answer}")


def _graph_url(store_url: str, graph: str | None) -> str:
    sep = "&" if "?" in store_url else "?"
    if graph is None:
        return f"{store_url}{sep}default"
    return f"{store_url}{sep}graph={urllib.parse.quote(graph, safe='')}"


# --- load ---------------------------------------------------------------------------------

def load(kg, store_url: str, graph: str | None = None, replace: bool = False,
         timeout: float = 60.0) -> str:
    """Upload the graph through the Graph Store Protocol; all or nothing."""
    if not re.match(r"^https?://", store_url):
        raise UsageError(f"--store {store_url!r}: give the store's http(s) Graph Store URL")
    store = kg.store
    if graph:
        try:
            ox.NamedNode(graph)
        except ValueError:
            raise UsageError(f"--graph {graph!r}: not an absolute IRI") from None
        payloads = {graph: [ox.Triple(q.subject, q.predicate, q.object) for q in store.quads()]}
    else:
        payloads = {}
        for q in store.quads():
            payloads.setdefault(q.graph_name.value, []).append(
                ox.Triple(q.subject, q.predicate, q.object))
    opener, creds = _opener(store_url)

    # preflight: what is there now (kept, to restore on failure)
    before: dict[str, bytes | None] = {}
    # Kept as Turtle: Virtuoso 7.2 writes xsd:duration values as month counts in N-Triples
    # and RDF/XML, but as written ("P1Y") in Turtle, so Turtle restores them faithfully.
    for name in sorted(payloads):
        status, body = _request(opener, "GET", _graph_url(store_url, name),
                                accept="text/turtle", timeout=timeout, creds=creds)
        if status == 200 and _holds_triples(body):
            if not replace:
                raise RemoteError(f"{_safe(store_url)}: graph <{name}> already holds data; "
                                  "use --replace to replace it")
            before[name] = body
        elif status in (200, 204, 404):
            before[name] = None
        else:
            raise RemoteError(f"{_safe(store_url)}: the store refused to read graph <{name}>: "
                              f"HTTP {status} {body.decode('utf-8', 'replace')[:200]}")

    done: list[str] = []
    total = 0
    for name in sorted(payloads):
        data = ox.serialize(sorted(set(payloads[name]), key=str), format=ox.RdfFormat.N_TRIPLES)
        status, body = _request(opener, "PUT", _graph_url(store_url, name), data=data,
                                content_type="application/n-triples", timeout=timeout,
                                creds=creds)
        if status not in (200, 201, 204):
            _restore(opener, store_url, before, done, timeout, creds)
            raise RemoteError(f"{_safe(store_url)}: the store refused graph <{name}>: HTTP "
                              f"{status} {body.decode('utf-8', 'replace')[:200]}; the "
                              f"{len(done)} graph(s) already written were restored")
        done.append(name)
        total += len(set(payloads[name]))
    return (f"loaded {total} triples in {len(done)} named graph(s) into {_safe(store_url)}"
            + (" (replaced existing graphs)" if any(before.values()) else ""))


def _holds_triples(body: bytes) -> bool:
    try:
        return next(iter(ox.parse(body, format=ox.RdfFormat.TURTLE)), None) is not None
    except (SyntaxError, ValueError):
        return bool(body.strip())  # unreadable: assume it holds data, and refuse to clobber it


def _restore(opener, store_url, before, done, timeout, creds) -> None:
    for name in done:
        old = before.get(name)
        url = _graph_url(store_url, name)
        try:
            if old is None:
                _request(opener, "DELETE", url, timeout=timeout, creds=creds)
            else:
                _request(opener, "PUT", url, data=old, content_type="text/turtle",
                         timeout=timeout, creds=creds)
        except RemoteError:
            pass  # best effort; the original error is what the user needs to see


# --- queries ------------------------------------------------------------------------------

def query_endpoint(endpoint: str, text: str, subs: dict, timeout: float = 60.0,
                   default_graphs: list[str] | None = None):
    """Run a query on a remote SPARQL endpoint; SELECT/ASK give a ResultSet.

    ``default_graphs`` become the protocol's ``default-graph-uri`` parameters, so that the
    query's default graph is their merge, as on the embedded store (where it is the union of
    the named graphs `load` writes)."""
    from SPARQLWrapper import JSON, N3, POST, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    if not re.match(r"^https?://", endpoint):
        raise UsageError(f"--endpoint {endpoint!r}: give the endpoint's http(s) URL")
    bound = bind_text(text, subs)
    sw = SPARQLWrapper(endpoint, agent=USER_AGENT)
    sw.setMethod(POST)
    sw.setTimeout(int(timeout))
    creds = _credentials(endpoint)
    if creds:
        sw.setCredentials(creds[0], creds[1])
    for g in default_graphs or []:
        sw.addDefaultGraph(g)
    if not subs:  # ad-hoc text may use the prefixes the embedded store predeclares
        from .api import PREFIXES

        declared = {m.lower() for m in re.findall(r"(?i)PREFIX\s+([A-Za-z][\w-]*)\s*:", bound)}
        head = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items()
                       if p.lower() not in declared)
        bound = head + bound
    form = query_form(bound)
    if form is None:
        raise UsageError("only SPARQL queries (SELECT, ASK, CONSTRUCT, DESCRIBE) are sent to "
                         "an endpoint")
    sw.setQuery(bound)
    sw.queryType = form
    construct = form in ("CONSTRUCT", "DESCRIBE")
    sw.setReturnFormat(N3 if construct else JSON)
    if construct:
        sw.addCustomHttpHeader("Accept", "application/n-triples")
    try:
        result = sw.query()
        raw = result.response.read()
    except SPARQLWrapperException as exc:
        raise RemoteError(f"{_safe(endpoint)}: the endpoint refused the query: "
                          f"{str(exc).splitlines()[0][:300]}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise RemoteError(f"{_safe(endpoint)}: cannot reach the endpoint "
                          f"({getattr(exc, 'reason', exc)})") from None
    if construct:
        return list(ox.parse(raw, format=ox.RdfFormat.N_TRIPLES))
    import json

    try:
        doc = json.loads(raw)
    except ValueError:
        raise RemoteError(f"{_safe(endpoint)}: the answer is not SPARQL results JSON") from None
    return ResultSet.from_json(doc).without(v.value for v in subs)
