"""Validation: SHACL shapes, vocabulary and reference checks, check queries, OWL consistency.

``validate(kg, files)`` checks the given files together with the project's graph (so they can
refer to its states, organs and instruments) and reports the problems the files bring; with no
files it checks the whole project. Nothing the caller gave is changed: the data graph is a
fresh graph merged from the project's parsed sources and the files.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .sources import CKG, ID_BASE, parse, to_rdflib

SH = "http://www.w3.org/ns/shacl#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SEVERITIES = ("Violation", "Warning", "Info")


@dataclass
class Problem:
    severity: str  # Violation | Warning | Info
    message: str
    focus: str = ""
    path: str = ""
    value: str = ""
    file: str = ""
    line: int | None = None
    shape: str = ""
    component: str = ""
    check: str = ""  # shacl | vocabulary | reference | query | owl


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        return not any(p.severity == "Violation" for p in self.problems)

    def counts(self) -> dict[str, int]:
        return {s: sum(p.severity == s for p in self.problems) for s in SEVERITIES}

    def render(self, fmt: str = "text") -> str:
        return {"text": self.to_text, "json": self.to_json, "turtle": self.to_turtle}[fmt]()

    def to_text(self) -> str:
        c = self.counts()
        head = (f"{'conforms' if self.conforms else 'does not conform'}: {c['Violation']} "
                f"violation(s), {c['Warning']} warning(s), {c['Info']} note(s) in "
                f"{len(self.checked)} file(s)")
        lines = [head]
        by_file: dict[str, list[Problem]] = {}
        for p in self.problems:
            by_file.setdefault(p.file or "(project)", []).append(p)
        for f in sorted(by_file):
            lines.append(f"\n{f}")
            items = sorted(by_file[f], key=lambda p: (p.line or 0, p.focus, p.path, p.message))
            last_focus = None
            for p in items:
                if p.focus != last_focus:
                    where = f"{f}:{p.line}" if p.line else f
                    lines.append(f"  {_short(p.focus) or '(file)'}  [{where}]")
                    last_focus = p.focus
                detail = f" ({_short(p.path)}" + (f" = {p.value}" if p.value else "") + ")" \
                    if p.path else ""
                lines.append(f"    {p.severity}: {p.message}{detail}")
        return "\n".join(lines)

    def to_json(self) -> str:
        doc = {"conforms": self.conforms, "counts": self.counts(), "files": self.checked,
               "problems": [asdict(p) for p in self.problems]}
        return json.dumps(doc, indent=2, ensure_ascii=False)

    def to_turtle(self) -> str:
        import rdflib
        from rdflib import RDF, BNode, Literal, URIRef
        from rdflib.namespace import SH as SHNS

        g = rdflib.Graph()
        g.bind("sh", SHNS)
        rep = BNode()
        g.add((rep, RDF.type, SHNS.ValidationReport))
        g.add((rep, SHNS.conforms, Literal(self.conforms)))
        for p in self.problems:
            r = BNode()
            g.add((rep, SHNS.result, r))
            g.add((r, RDF.type, SHNS.ValidationResult))
            g.add((r, SHNS.resultSeverity, SHNS[p.severity]))
            g.add((r, SHNS.resultMessage, Literal(p.message)))
            if p.focus:
                g.add((r, SHNS.focusNode, URIRef(p.focus)))
            if p.path:
                g.add((r, SHNS.resultPath, URIRef(p.path)))
            if p.shape:
                g.add((r, SHNS.sourceShape, URIRef(p.shape)))
            if p.component:
                g.add((r, SHNS.sourceConstraintComponent, URIRef(p.component)))
        return g.serialize(format="turtle")


def _short(iri: str) -> str:
    for ns, prefix in ((CKG, "ckg:"), (ID_BASE + "instrument/", "inst:"),
                       (ID_BASE + "state/", "state:"), (ID_BASE + "org/", "org:"),
                       ("http://www.w3.org/2000/01/rdf-schema#", "rdfs:"),
                       ("http://purl.org/dc/terms/", "dct:"),
                       ("http://www.w3.org/2001/XMLSchema#", "xsd:")):
        if iri.startswith(ns):
            return prefix + iri[len(ns):]
    return iri


# --- line lookup ----------------------------------------------------------------------------

class LineFinder:
    """Finds the line where a subject is described in a Turtle-like file (best effort)."""

    PREFIX = re.compile(r"@prefix\s+([A-Za-z0-9_-]*):\s*<([^>]*)>", re.I)

    def __init__(self, path: Path):
        try:
            self.lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            self.lines = []
        self.prefixes = {}
        for line in self.lines:
            for m in self.PREFIX.finditer(line):
                self.prefixes[m.group(1)] = m.group(2)

    def line_of(self, iri: str) -> int | None:
        forms = [f"<{iri}>"]
        for prefix, ns in self.prefixes.items():
            if iri.startswith(ns) and len(iri) > len(ns):
                forms.append(f"{prefix}:{iri[len(ns):]}")
        starts = [re.compile(r"^\s*" + re.escape(f) + r"(\s|$)") for f in forms]
        for i, line in enumerate(self.lines, 1):
            if any(s.match(line) for s in starts):
                return i
        for i, line in enumerate(self.lines, 1):
            if any(f in line for f in forms):
                return i
        return None


# --- the checks -----------------------------------------------------------------------------

def _declared_terms(ontology_quads) -> set[str]:
    return {q.subject.value for q in ontology_quads
            if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(CKG)}


def vocabulary_problems(quads, declared: set[str]) -> list[Problem]:
    """Every IRI in our ontology namespace that the input uses must be declared."""
    out = []
    seen = set()
    names = sorted(t[len(CKG):] for t in declared)
    for q in quads:
        for pos, term in (("subject", q.subject), ("predicate", q.predicate),
                          ("object", q.object)):
            if isinstance(term, ox.NamedNode) and term.value.startswith(CKG) \
                    and term.value not in declared and term.value not in seen:
                seen.add(term.value)
                local = term.value[len(CKG):]
                close = difflib.get_close_matches(local, names, n=1)
                hint = f"; did you mean ckg:{close[0]}?" if close else ""
                out.append(Problem("Violation", f"ckg:{local} is not a term of the charterkg "
                                   f"ontology{hint}", focus=q.subject.value
                                   if pos != "subject" else term.value,
                                   value=term.value, check="vocabulary"))
    return out


def reference_problems(input_quads, all_quads) -> list[Problem]:
    """Every state, instrument, provision or organ the input refers to must exist in the graph."""
    defined = {q.subject.value for q in all_quads
               if q.predicate.value == RDF_TYPE and isinstance(q.subject, ox.NamedNode)}
    out, seen = [], set()
    for q in input_quads:
        o = q.object
        if isinstance(o, ox.NamedNode) and o.value.startswith(ID_BASE) and o.value not in defined \
                and (q.subject.value, o.value) not in seen:
            seen.add((q.subject.value, o.value))
            out.append(Problem("Violation", f"refers to {_short(o.value)}, which the graph does "
                               "not define (no rdf:type for it in the project or the files)",
                               focus=q.subject.value, path=q.predicate.value, value=o.value,
                               check="reference"))
    return out


XSD = "http://www.w3.org/2001/XMLSchema#"
_LEXICAL = {
    XSD + "integer": re.compile(r"[+-]?\d+"),
    XSD + "decimal": re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)"),
    XSD + "boolean": re.compile(r"true|false|1|0"),
    XSD + "duration": re.compile(r"-?P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+D)?"
                                 r"(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?"),
}


def _ill_typed(o) -> bool:
    """Whether a literal's text is not a value of its datatype ("2020-13-45"^^xsd:date)."""
    import datetime as dt

    if not isinstance(o, ox.Literal) or o.language:
        return False
    dtype = o.datatype.value
    if dtype == XSD + "date":
        m = re.fullmatch(r"(-?\d{4,})-(\d{2})-(\d{2})(Z|[+-]\d{2}:\d{2})?", o.value)
        try:
            return not (m and dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))))
        except ValueError:
            return True
    if dtype in _LEXICAL:
        return not _LEXICAL[dtype].fullmatch(o.value.strip())
    return False


def literal_problems(quads) -> list[Problem]:
    """Every ill-typed literal, as a violation (no engine ever sees it as a value)."""
    out = []
    for q in quads:
        if _ill_typed(q.object):
            dtype = q.object.datatype.value
            hint = " (YYYY-MM-DD, a real day of the calendar)" if dtype == XSD + "date" else ""
            out.append(Problem("Violation", f"'{q.object.value}' is not a valid "
                               f"{_short(dtype)} value{hint}", focus=q.subject.value,
                               path=q.predicate.value, value=q.object.value, check="literal"))
    return out


def _as_text_if_ill_typed(quads) -> list:
    """The quads with each ill-typed literal as plain text, so that the engines (rdflib,
    pyshacl) compare and convert only real values; the literal check has reported them."""
    return [ox.Quad(q.subject, q.predicate, ox.Literal(q.object.value), q.graph_name)
            if _ill_typed(q.object) else q for q in quads]


def check_query_problems(kg, store: ox.Store) -> list[Problem]:
    """Each queries/checks/*.rq must return no rows; every row is a problem."""
    from .catalog import parse_query_file

    out = []
    for path in kg.project.check_files():
        q = parse_query_file(path)
        severity = q.severity
        solutions = store.query(q.text, use_default_graph_as_union=True)
        names = {v.value for v in solutions.variables}
        for sol in solutions:
            focus = sol["focus"].value if "focus" in names and sol["focus"] is not None else ""
            detail = sol["detail"].value if "detail" in names and sol["detail"] is not None else ""
            out.append(Problem(severity, q.summary + (f": {detail}" if detail else ""),
                               focus=focus, check=f"query:{q.name}"))
    return out


def shacl_problems(data_graph, shapes_graph, focus=None) -> list[Problem]:
    from .shacl import run_shacl

    return run_shacl(data_graph, shapes_graph, focus)


def owl_problems(ontology_graph, data_graph) -> list[Problem]:
    from .reasoner import consistency_problems

    return consistency_problems(ontology_graph, data_graph)


def validate(kg, files: list[str], reasoner: bool = False, whole_graph: bool = False) -> Report:
    """Check ``files`` with the project's graph, or the whole project when ``files`` is empty.

    With files, SHACL runs only on the files' nodes (their shapes' targets narrowed to them);
    ``whole_graph`` runs it on the whole merged graph instead and keeps what concerns the files'
    nodes: the two must agree (a test compares them), the first is faster."""
    project_quads = list(kg.store.quads())
    by_graph: dict[str, list] = {}
    for q in project_quads:
        by_graph.setdefault(q.graph_name.value, []).append(q)
    sources = kg.store.sources
    ontology_quads = [q for s in sources if s.role == "ontology" for q in by_graph.get(s.graph, [])]
    shapes_quads = [q for s in sources if s.role == "shapes" for q in by_graph.get(s.graph, [])]

    input_quads: list = []
    file_of: dict[str, Path] = {}  # subject IRI -> file it is described in
    checked: list[str] = []
    if files:
        for f in files:
            path = Path(f)
            graph = "urn:charterkg:input:" + str(len(checked))
            quads = parse(path, graph)
            input_quads.extend(quads)
            checked.append(str(path))
            for q in quads:
                file_of.setdefault(q.subject.value, path)
    else:
        for s in sources:
            if s.role == "data":
                quads = by_graph.get(s.graph, [])
                input_quads.extend(quads)
                checked.append(s.rel)
                for q in quads:
                    file_of.setdefault(q.subject.value, s.path)

    # a file given that is itself a project source replaces that source's graph (an edited
    # copy must not be checked against its own old version)
    replaced = {str(Path(f).resolve()) for f in files}
    raw_input = input_quads
    input_quads = _as_text_if_ill_typed(input_quads)
    if files:
        data_quads = [q for s in sources if s.role == "data"
                      and str(s.path.resolve()) not in replaced
                      for q in by_graph.get(s.graph, [])] + input_quads
    else:
        data_quads = input_quads  # the input is the project's data
    declared = _declared_terms(ontology_quads)
    problems = vocabulary_problems(input_quads, declared)
    problems += literal_problems(raw_input)
    problems += reference_problems(input_quads, data_quads + ontology_quads)

    # A fresh graph: the data and the ontology merged, so that class targets reach subclasses
    # and the vocabulary shapes see the terms.
    data_graph = to_rdflib(data_quads + ontology_quads)
    shapes_graph = to_rdflib(shapes_quads)
    focus = None
    if files and not whole_graph:
        from rdflib import URIRef

        focus = sorted({URIRef(q.subject.value) for q in input_quads
                        if isinstance(q.subject, ox.NamedNode)})
    problems += shacl_problems(data_graph, shapes_graph, focus)

    mem = ox.Store()
    mem.extend(ontology_quads + data_quads)
    problems += check_query_problems(kg, mem)
    if reasoner:
        problems += owl_problems(to_rdflib(ontology_quads), data_graph)

    # keep what the input brings: focus nodes described in the input (or file-less problems)
    input_subjects = {q.subject.value for q in input_quads}
    if files:
        problems = [p for p in problems if not p.focus or p.focus in input_subjects
                    or p.check in ("vocabulary", "owl")]
    finders: dict[Path, LineFinder] = {}
    for p in problems:
        path = file_of.get(p.focus)
        if path is None:
            continue
        p.file = _display(path, kg.project.root)
        finder = finders.setdefault(path, LineFinder(path))
        p.line = finder.line_of(p.focus)
    problems.sort(key=lambda p: (p.file, p.line or 0, p.focus, p.path, p.message))
    return Report(problems, checked)


def _display(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return str(path)


__all__ = ["validate", "Report", "Problem"]
