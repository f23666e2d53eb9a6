"""OWL 2 consistency with HermiT, through owlready2.

owlready2 does not read Turtle, so the ontology and data are serialised by rdflib to N-Triples
and loaded from a temporary file. ``xsd:date`` is not in the OWL 2 datatype map: the ontology
never uses it as a range (dates are checked by SHACL), and HermiT is run with unsupported
datatypes ignored, so date literals in the data do not stop it. An individual in two disjoint
classes makes the ontology inconsistent; an unsatisfiable class is reported from
``inconsistent_classes()``. Java must be on PATH; without it, :class:`JavaMissing` says so.
"""

from __future__ import annotations

import os
import shutil
import tempfile

from .errors import CharterkgError


class JavaMissing(CharterkgError):
    exit_code = 2


def java_available() -> bool:
    return shutil.which("java") is not None


def consistency_problems(ontology_graph, data_graph):
    from .validate import Problem

    if not java_available():
        raise JavaMissing("the OWL reasoner (HermiT) needs Java, and no 'java' is on PATH")
    import owlready2
    from rdflib import Graph

    merged = Graph()
    for t in ontology_graph:
        merged.add(t)
    for t in data_graph:
        merged.add(t)
    fd, path = tempfile.mkstemp(suffix=".nt")
    os.close(fd)
    try:
        merged.serialize(destination=path, format="nt", encoding="utf-8")
        world = owlready2.World()
        onto = world.get_ontology("file://" + path).load(format="ntriples")
        try:
            with onto:
                owlready2.sync_reasoner_hermit(world, infer_property_values=False,
                                               debug=0, keep_tmp_file=False,
                                               ignore_unsupported_datatypes=True)
        except owlready2.OwlReadyInconsistentOntologyError as exc:
            detail = (str(exc).strip().splitlines() or [""])[0][:300]
            return [Problem("Violation", "the ontology and data are inconsistent (OWL 2, HermiT)"
                            + (f": {detail}" if detail else ""), check="owl")]
        out = []
        for cls in world.inconsistent_classes():
            if cls is owlready2.Nothing:
                continue
            out.append(Problem("Violation", f"class {cls.iri} is unsatisfiable (OWL 2, HermiT)",
                               focus=cls.iri, check="owl"))
        return out
    finally:
        os.unlink(path)
