"""Find the project's files and parse them: the one loader.

The project is a checkout (``ontology/``, ``data/``, ``queries/`` at its root) or the copy of
those folders that the wheel carries (``charterkg/_project``). Every RDF source becomes one
named graph, ``https://w3id.org/charterkg/graph/<path without extension>``. Nothing else in the
package knows where files live, and nothing parses a source twice in one run.

Parsing is done by Oxigraph (fast, and it reports ``line`` and ``column``). Where an rdflib
graph is the natural interface (pyshacl, owlready2, serialisation), :func:`to_rdflib` converts
the parsed quads; it does not parse again.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from .errors import InputError, location

GRAPH_BASE = "https://w3id.org/charterkg/graph/"
ID_BASE = "https://w3id.org/charterkg/id/"
CKG = "https://w3id.org/charterkg/ontology#"
ONTOLOGY_IRI = "https://w3id.org/charterkg/ontology"

#: file extension -> Oxigraph format, for files a user gives to ``validate``.
FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".turtle": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
}

ROLES = ("ontology", "shapes", "data")


class SourceFile:
    """One RDF file of the project and the named graph it becomes."""

    __slots__ = ("path", "rel", "role")

    def __init__(self, path: Path, rel: str, role: str):
        self.path, self.rel, self.role = path, rel, role  # role: ontology, shapes or data

    def __repr__(self) -> str:
        return f"SourceFile({self.rel!r}, {self.role!r})"

    def __eq__(self, other) -> bool:
        return isinstance(other, SourceFile) and (self.path, self.rel, self.role) == \
            (other.path, other.rel, other.role)

    def __hash__(self) -> int:
        return hash((self.path, self.rel, self.role))

    @property
    def graph(self) -> str:
        return graph_iri(self.rel)


def graph_iri(rel: str) -> str:
    """The named graph of a project file: its path without the extension."""
    stem = rel.rsplit(".", 1)[0] if "." in rel.rsplit("/", 1)[-1] else rel
    return GRAPH_BASE + stem


def _is_project(root: Path) -> bool:
    return (root / "ontology" / "charterkg.ttl").is_file() and (root / "queries").is_dir()


def find_root(project: str | os.PathLike | None = None) -> Path:
    """The project root: the given folder, $CHARTERKG_PROJECT, the checkout, or the wheel's copy."""
    if project is not None:
        root = Path(project).resolve()
        if not _is_project(root):
            raise InputError(f"{root}: not a charterkg project (no ontology/charterkg.ttl)")
        return root
    env = os.environ.get("CHARTERKG_PROJECT")
    if env:
        return find_root(env)
    here = Path(__file__).resolve().parent
    for candidate in (here.parent.parent, here / "_project"):
        if _is_project(candidate):
            return candidate
    raise InputError(f"{here}: cannot find the project's ontology, data and queries")


class Project:
    """The project's files: RDF sources, saved queries and check queries."""

    def __init__(self, root: str | os.PathLike | None = None):
        self.root = find_root(root)

    def sources(self) -> list[SourceFile]:
        """Every RDF source, in a stable order: ontology, shapes, data."""
        out: list[SourceFile] = []
        patterns = [("ontology", "ontology/*.ttl"), ("shapes", "ontology/shapes/*.ttl"),
                    ("data", "data/**/*.ttl")]
        for role, pattern in patterns:
            for path in sorted(self.root.glob(pattern)):
                if path.is_file():
                    out.append(SourceFile(path, path.relative_to(self.root).as_posix(), role))
        return out

    def query_files(self) -> list[Path]:
        return sorted(p for p in (self.root / "queries").glob("*.rq") if p.is_file())

    def check_files(self) -> list[Path]:
        return sorted(p for p in (self.root / "queries" / "checks").glob("*.rq") if p.is_file())

    def text_files(self) -> list[Path]:
        """The full texts the graph ships, one plain-text file per text and version."""
        return sorted(p for p in (self.root / "data" / "texts").glob("*.txt") if p.is_file())

    def atop_members_file(self) -> Path:
        """The cited extract of ATOP's member-level rows that the cross-check compares."""
        return self.root / "data" / "crosswalk" / "atop-members.csv"



def _format_for(path: Path, fmt: ox.RdfFormat | None) -> ox.RdfFormat:
    if fmt is not None:
        return fmt
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        known = ", ".join(sorted(FORMATS))
        raise InputError(f"{path}: unknown RDF file extension '{suffix}' (known: {known})")
    return FORMATS[suffix]


def check_readable(path: Path) -> bytes:
    """Read a file's bytes, turning every way it can fail into a one-line InputError."""
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not an RDF file")
    try:
        data = path.read_bytes()
    except PermissionError:
        raise InputError(f"{path}: permission denied (cannot read the file)") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read the file ({exc.strerror or exc})") from None
    if b"\0" in data[:8192]:
        raise InputError(f"{path}: is a binary file, not RDF text")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"{location(path, line)}: not valid UTF-8 text") from None
    if not data.strip():
        raise InputError(f"{path}: the file is empty")
    return data


def parse(path: Path, graph: str | None, fmt: ox.RdfFormat | None = None,
          display: str | None = None) -> list[ox.Quad]:
    """Parse one RDF file into quads in ``graph`` (the default graph if None).

    Syntax errors become ``InputError('file:line:column: reason')``.
    """
    shown = display or str(path)
    data = check_readable(path)
    rdf_format = _format_for(path, fmt)
    target = ox.NamedNode(graph) if graph else ox.DefaultGraph()
    base = path.resolve().as_uri()
    try:
        parsed = list(ox.parse(data, format=rdf_format, base_iri=base))
    except SyntaxError as exc:
        raise InputError(_syntax_message(exc, shown)) from None
    except (ValueError, OSError) as exc:
        raise InputError(f"{shown}: {exc}") from None
    quads: list[ox.Quad] = []
    for t in parsed:
        if isinstance(t, ox.Quad):
            g = t.graph_name if not isinstance(t.graph_name, ox.DefaultGraph) else target
            quads.append(ox.Quad(t.subject, t.predicate, t.object, g))
        else:
            quads.append(ox.Quad(t.subject, t.predicate, t.object, target))
    if not quads:
        raise InputError(f"{shown}: contains no RDF statements")
    return quads


def load_source(store: ox.Store, src: SourceFile) -> None:
    """Parse one project source straight into its named graph of ``store`` (Oxigraph does the
    parsing and the inserting; errors become ``InputError('file:line:column: reason')``)."""
    data = check_readable(src.path)
    graph = ox.NamedNode(src.graph)
    try:
        store.load(data, format=ox.RdfFormat.TURTLE, base_iri=src.path.resolve().as_uri(),
                   to_graph=graph)
    except SyntaxError as exc:
        raise InputError(_syntax_message(exc, src.rel)) from None
    if next(iter(store.quads_for_pattern(None, None, None, graph)), None) is None:
        raise InputError(f"{src.rel}: contains no RDF statements")


def _syntax_message(exc: SyntaxError, shown: str) -> str:
    line, column = (exc.lineno, exc.offset) if exc.lineno else (None, None)
    reason = str(exc.msg if hasattr(exc, "msg") else exc)
    # Oxigraph writes "Parser error at line 3 between columns 6 and 11: reason"
    if reason.startswith("Parser error") and ": " in reason:
        reason = reason.split(": ", 1)[1]
    return f"{location(shown, line, column)}: {reason}"


# --- conversion to rdflib (no re-parsing) ---------------------------------------------------

def to_rdflib_term(term):
    """One Oxigraph term as rdflib's. Plain xsd:string literals become untyped rdflib literals,
    so that terms from both libraries compare equal (see STACK.md)."""
    import rdflib

    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        dt = term.datatype.value
        if dt == "http://www.w3.org/2001/XMLSchema#string":
            return rdflib.Literal(term.value)
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(dt))
    raise InputError(f"unsupported RDF term {term!r}")


def to_rdflib(quads: Iterable[ox.Quad], graph=None):
    """Add quads' triples to an rdflib Graph (a new one if None) and return it."""
    import rdflib

    g = graph if graph is not None else rdflib.Graph()
    conv = to_rdflib_term
    # rdflib logs a traceback for a literal it cannot convert (an impossible date); the
    # validator reports such a literal itself, with its file and line
    term_log = logging.getLogger("rdflib.term")
    disabled, term_log.disabled = term_log.disabled, True
    try:
        for q in quads:
            g.add((conv(q.subject), conv(q.predicate), conv(q.object)))
    finally:
        term_log.disabled = disabled
    return g
