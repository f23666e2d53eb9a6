"""SHACL through pyshacl, with the ontology mixed in so class targets reach subclasses.

pyshacl is the reference engine. The data graph handed to it is always a fresh graph built by
the caller; pyshacl's ``ont_graph`` mixes the ontology into a copy, so ``sh:targetClass
ckg:Obligation`` reaches a ``ckg:CollectiveDefenceObligation`` (without the ontology it would
silently not; a test checks this).
"""

from __future__ import annotations

from rdflib import RDF, Graph
from rdflib.namespace import SH


def run_shacl(data_graph: Graph, shapes_graph: Graph, ont_graph: Graph):
    from pyshacl import validate as pyshacl_validate

    from .validate import Problem

    if len(shapes_graph) == 0:
        return []
    _conforms, results, _text = pyshacl_validate(
        data_graph, shacl_graph=shapes_graph, ont_graph=ont_graph, inference="none",
        abort_on_first=False, allow_warnings=True, allow_infos=True, advanced=True)
    return [_problem(results, r, Problem) for r in results.subjects(RDF.type,
                                                                   SH.ValidationResult)]


def _problem(g: Graph, r, problem_cls):
    def one(p):
        v = g.value(r, p)
        return "" if v is None else str(v)

    severity = one(SH.resultSeverity).rsplit("#", 1)[-1] or "Violation"
    return problem_cls(severity=severity, message=one(SH.resultMessage) or "constraint not met",
                       focus=one(SH.focusNode), path=one(SH.resultPath), value=one(SH.value),
                       shape=one(SH.sourceShape), component=one(SH.sourceConstraintComponent),
                       check="shacl")
