"""SHACL through pyshacl.

pyshacl is the reference engine. The data graph handed to it is always a fresh graph built by
the caller, with the ontology merged in, so that ``sh:targetClass ckg:Obligation`` reaches a
``ckg:CollectiveDefenceObligation`` (without the ontology it would silently not; a test checks
this) and the vocabulary shapes see the terms' labels and definitions.

Speed: stock pyshacl hands rdflib the text of each SPARQL-based constraint once per focus node,
and rdflib parses it every time (about 15 ms a parse here: 80% of a validation). While pyshacl
runs, :func:`parsed_once` memoises rdflib's parse-and-translate step by query text; the
translated query is what rdflib's own ``prepareQuery`` hands out for reuse, so the results are
unchanged (a test compares them with stock pyshacl on the fixtures).

Validating new files checks only their nodes, so the project's own nodes are not re-validated.
This is done by rewriting the shapes' targets (:func:`focused_shapes`), not with pyshacl's
``focus_nodes``: pyshacl applies that filter inside nested shapes too (the ``sh:or`` of
``sh:class`` that guards a bearer), so a value that is not itself a subject of the file was
skipped and counted as conforming. Each shape is given, as ``sh:targetNode``, exactly the nodes
of the file that its own targets select in the merged graph; nested shapes then see every value.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterable

from rdflib import RDF, RDFS, Graph
from rdflib.namespace import SH

TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)

_lock = threading.Lock()


@contextlib.contextmanager
def parsed_once():
    """Memoise rdflib's SPARQL parse + algebra translation for the duration of the block."""
    from rdflib.plugins.sparql import processor

    original = processor.SPARQLProcessor.query
    cache: dict = {}

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):  # noqa: N803
        if isinstance(strOrQuery, str):
            key = (strOrQuery, base, tuple(sorted((initNs or {}).items())))
            q = cache.get(key)
            if q is None:
                q = cache[key] = processor.translateQuery(processor.parseQuery(strOrQuery),
                                                          base, initNs)
            strOrQuery = q
        return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

    with _lock:
        processor.SPARQLProcessor.query = query
        try:
            yield
        finally:
            processor.SPARQLProcessor.query = original


def run_shacl(data_graph: Graph, shapes_graph: Graph, focus: Iterable | None = None,
              fast: bool = True):
    """Validate; return Problems. ``focus`` limits validation to those nodes."""
    from pyshacl import validate as pyshacl_validate

    from .validate import Problem

    if len(shapes_graph) == 0:
        return []
    # inplace: the data graph is always a fresh graph built for this validation (the caller's
    # graph is never handed in), so pyshacl need not copy it first
    kwargs = dict(shacl_graph=shapes_graph, inference="none", abort_on_first=False, inplace=True,
                  allow_warnings=True, allow_infos=True, advanced=True)
    if focus is not None:
        shapes_graph = focused_shapes(shapes_graph, data_graph, focus)
        kwargs["shacl_graph"] = shapes_graph
        if not any(shapes_graph.triples((None, SH.targetNode, None))):
            return []
    with parsed_once() if fast else contextlib.nullcontext():
        _conforms, results, _text = pyshacl_validate(data_graph, **kwargs)
    return [_problem(results, r, Problem) for r in results.subjects(RDF.type,
                                                                   SH.ValidationResult)]


def focused_shapes(shapes_graph: Graph, data_graph: Graph, focus: Iterable) -> Graph:
    """A copy of ``shapes_graph`` whose shapes target exactly the ``focus`` nodes their own
    targets would select in ``data_graph`` (class targets through rdfs:subClassOf)."""
    focus = set(focus)
    out = Graph()
    for prefix, ns in shapes_graph.namespaces():
        out.bind(prefix, ns)
    for t in shapes_graph:
        if t[1] not in TARGETS:
            out.add(t)
    for shape in set(shapes_graph.subjects(None, None)):
        selected = set()
        for cls in shapes_graph.objects(shape, SH.targetClass):
            classes = set(data_graph.transitive_subjects(RDFS.subClassOf, cls))
            selected |= {n for n in focus
                         if any(c in classes for c in data_graph.objects(n, RDF.type))}
        selected |= {n for n in shapes_graph.objects(shape, SH.targetNode) if n in focus}
        for p in shapes_graph.objects(shape, SH.targetSubjectsOf):
            selected |= {n for n in focus if (n, p, None) in data_graph}
        for p in shapes_graph.objects(shape, SH.targetObjectsOf):
            selected |= {n for n in focus if (None, p, n) in data_graph}
        for n in selected:
            out.add((shape, SH.targetNode, n))
    return out


def _problem(g: Graph, r, problem_cls):
    def one(p):
        v = g.value(r, p)
        return "" if v is None else str(v)

    severity = one(SH.resultSeverity).rsplit("#", 1)[-1] or "Violation"
    return problem_cls(severity=severity, message=one(SH.resultMessage) or "constraint not met",
                       focus=one(SH.focusNode), path=one(SH.resultPath), value=one(SH.value),
                       shape=one(SH.sourceShape), component=one(SH.sourceConstraintComponent),
                       check="shacl")
