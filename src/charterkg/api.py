"""The Python API: ``charterkg.open()`` and what it returns.

The command line is a thin layer over this class; notebooks and programs use it directly.
Heavy libraries (pyshacl, owlready2, SPARQLWrapper) are imported only by the methods that need
them, so that a query never pays for them.
"""

from __future__ import annotations

from functools import cached_property

import pyoxigraph as ox

from .catalog import Catalog, SavedQuery, bind
from .errors import UsageError
from .results import ResultSet
from .sources import Project
from .store import GraphStore, open_store

#: Prefixes available to ad-hoc queries without declaring them.
PREFIXES = {
    "ckg": "https://w3id.org/charterkg/ontology#",
    "inst": "https://w3id.org/charterkg/id/instrument/",
    "state": "https://w3id.org/charterkg/id/state/",
    "org": "https://w3id.org/charterkg/id/org/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dct": "http://purl.org/dc/terms/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "sh": "http://www.w3.org/ns/shacl#",
}

_KNOWN = {
    "instrument": "SELECT DISTINCT ?v WHERE { ?i <https://w3id.org/charterkg/ontology#instrumentId> ?v }",
    "state": "SELECT DISTINCT ?v WHERE { ?s <https://w3id.org/charterkg/ontology#code> ?v }",
}


def _maybe_in_force(row: dict, date: str) -> bool:
    """Whether an instrument may be in force on ``date`` (by the dates of a party-lists row)."""
    if row.get("entryIntoForce") and row["entryIntoForce"] > date:
        return False
    return not any(row.get(k) and row[k] <= date for k in ("endDate", "endedNoLaterThan"))


def _caveat(iid: str, rows: list[dict], date: str | None) -> dict | None:
    """The caveat for one instrument's party list on ``date``, or None if it is complete."""
    label = rows[0].get("label") or iid
    partial = [r for r in rows if r.get("completeness", "").endswith("#PartialList")]
    complete = [r for r in rows if r.get("completeness", "").endswith("#CompleteList")]
    base = {"instrument": iid, "label": label}
    if partial:
        r = partial[0]
        note = r.get("gapNote", "")
        return {**base, "completeness": "partial", "completeAsOf": r.get("completeAsOf", ""),
                "record": r.get("record", ""), "gap": note,
                "message": f"The list of parties of the {label} is partial (what it is missing: "
                           "`charterkg query party-lists`), so this answer may be incomplete."}
    if not complete:
        return {**base, "completeness": "not stated", "completeAsOf": "", "record": "", "gap": "",
                "message": f"The graph does not state whether its list of parties of the {label} "
                           "is complete, so this answer may be incomplete."}
    r = complete[0]
    as_of = r.get("completeAsOf", "")
    if date and as_of and date > as_of:
        record = f" ({r['record']})" if r.get("record") else ""
        return {**base, "completeness": "complete", "completeAsOf": as_of,
                "record": r.get("record", ""), "gap": "",
                "message": f"The list of parties of the {label} is complete as of {as_of} "
                           f"according to its record{record}; changes after that date are not "
                           "recorded, so this answer may be incomplete."}
    return None


class KnowledgeGraph:
    """The project's graph with its saved queries."""

    def __init__(self, project=None, *, cache: bool = True):
        self.project = project if isinstance(project, Project) else Project(project)
        self._cache = cache
        self._known: dict[str, list[str]] = {}
        self._lists: dict[tuple, dict[str, list[dict]]] = {}

    @cached_property
    def store(self) -> GraphStore:
        return open_store(self.project, cache=self._cache)

    @cached_property
    def catalog(self) -> Catalog:
        return Catalog(self.project.query_files())

    def known(self, kind: str) -> list[str]:
        """The instrument ids or state codes in the graph (for checking parameters)."""
        if kind not in self._known:
            rows = self.store.query(_KNOWN[kind])
            self._known[kind] = sorted(sol["v"].value for sol in rows)
        return self._known[kind]

    # --- questions --------------------------------------------------------------------------
    def saved(self, name: str) -> SavedQuery:
        return self.catalog.get(name)

    def bind(self, name: str, params: dict[str, str]) -> tuple[SavedQuery, dict]:
        q = self.catalog.get(name)
        return q, bind(q, {k: str(v) for k, v in params.items()}, self.known)

    def default_graphs(self) -> list[str]:
        """The named graphs `load` writes (for stores whose default graph is not their union)."""
        return [s.graph for s in self.project.sources()]

    def query(self, name: str, endpoint: str | None = None,
              default_graphs: list[str] | None = None, **params) -> ResultSet:
        """Run a saved query with its parameters, on the embedded store or a remote endpoint."""
        q, subs = self.bind(name, params)
        if endpoint:
            from .remote import query_endpoint

            result = query_endpoint(endpoint, q.text, subs, default_graphs=default_graphs)
            result.caveats = self.caveats(q, params, endpoint, default_graphs)
            return result
        hide = tuple(p.var for p in q.params.values())
        try:
            answer = self.store.query(q.text, subs)
        except SyntaxError as exc:
            raise UsageError(f"{q.path}: not valid SPARQL: {exc}") from None
        result = ResultSet.from_oxigraph(answer, hide=hide)
        result.caveats = self.caveats(q, params)
        return result

    def caveats(self, q: SavedQuery, params: dict, endpoint: str | None = None,
                default_graphs: list[str] | None = None) -> list[dict]:
        """What an answer of ``q`` cannot know: one caveat for each party list it rests on
        (its front matter's ``partyLists``) that is not complete for the answer's date: a list
        declared partial, a list with no statement of completeness, or a complete list whose
        record speaks for an earlier date than the one asked about."""
        if not q.party_lists:
            return []
        date = str(params["date"]) if params.get("date") else None
        by_id = self._party_lists(endpoint, default_graphs)
        wanted: list[str] = []
        for name in q.party_lists:
            if name in q.params:
                wanted.append(str(params.get(name, q.params[name].default or "")))
            elif name in ("all", "defence"):
                for iid, rows in by_id.items():
                    r = rows[0]
                    relevant = (r.get("defenceClause") in ("true", "1") if name == "defence" else
                                bool(r.get("completeness")) or int(r.get("parties", "0")) > 0)
                    if relevant and (date is None or _maybe_in_force(r, date)):
                        wanted.append(iid)
            else:
                wanted.append(name)
        out = []
        for iid in dict.fromkeys(wanted):
            rows = by_id.get(iid)
            if not rows:
                continue
            c = _caveat(iid, rows, date)
            if c:
                out.append(c)
        return out

    def _party_lists(self, endpoint, default_graphs) -> dict[str, list[dict]]:
        """The party-lists answer by instrument id, read once per graph (or endpoint)."""
        key = (endpoint, tuple(default_graphs or ()))
        if key not in self._lists:
            by_id: dict[str, list[dict]] = {}
            for row in self.query("party-lists", endpoint=endpoint,
                                  default_graphs=default_graphs).rows:
                by_id.setdefault(row["id"].value, []).append(
                    {k: t.value for k, t in row.items()})
            self._lists[key] = by_id
        return self._lists[key]

    def sparql(self, text: str, endpoint: str | None = None,
               default_graphs: list[str] | None = None):
        """Run an ad-hoc query. SELECT and ASK give a ResultSet; CONSTRUCT and DESCRIBE a list
        of triples."""
        if endpoint:
            from .remote import query_endpoint

            return query_endpoint(endpoint, text, {},
                                  default_graphs=default_graphs)
        try:
            answer = self.store.store.query(text, use_default_graph_as_union=True,
                                            prefixes=PREFIXES)
        except SyntaxError as exc:
            raise UsageError(f"the query is not valid SPARQL: {exc}") from None
        if isinstance(answer, ox.QueryTriples):
            return list(answer)
        return ResultSet.from_oxigraph(answer)

    # --- other jobs -------------------------------------------------------------------------
    def validate(self, *files, reasoner: bool = False, whole_graph: bool = False):
        from .validate import validate

        return validate(self, [str(f) for f in files], reasoner=reasoner,
                        whole_graph=whole_graph)

    def explain_attack(self, state: str, date: str):
        from .explain import explain_attack

        return explain_attack(self, state, date)

    def build(self, out="dist"):
        from .release import build

        return build(self, out)

    def load(self, store_url: str, graph: str | None = None, replace: bool = False, **kw):
        from .remote import load

        return load(self, store_url, graph=graph, replace=replace, **kw)
