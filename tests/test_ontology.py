"""The ontology: its header, the quality of its terms, OWL 2 DL consistency with HermiT."""

from __future__ import annotations

import re
import shutil
import tomllib

import pytest
import rdflib
from rdflib import OWL, RDF, RDFS, URIRef
from rdflib.namespace import DCTERMS, SKOS

from charterkg.sources import CKG, ONTOLOGY_IRI
from conftest import ROOT

ONTO = URIRef(ONTOLOGY_IRI)


@pytest.fixture(scope="module")
def onto():
    return rdflib.Graph().parse(ROOT / "ontology" / "charterkg.ttl")


def terms(onto):
    return sorted({s for s in onto.subjects() if isinstance(s, URIRef) and str(s).startswith(CKG)})


def test_header(onto):
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert (ONTO, RDF.type, OWL.Ontology) in onto
    assert str(onto.value(ONTO, OWL.versionInfo)) == version
    assert str(onto.value(ONTO, OWL.versionIRI)) == f"{ONTOLOGY_IRI}/{version}"
    for p in (DCTERMS.title, DCTERMS.description, DCTERMS.license, DCTERMS.created,
              DCTERMS.modified):
        assert onto.value(ONTO, p) is not None, p
    assert onto.value(ONTO, DCTERMS.modified).datatype == rdflib.XSD.date


def test_every_term_is_labelled_defined_and_attributed(onto):
    missing = []
    for t in terms(onto):
        for p in (RDFS.label, SKOS.definition):
            values = [v for v in onto.objects(t, p) if getattr(v, "language", None) == "en"]
            if len(values) != 1:
                missing.append(f"{t} {p}")
        if (t, RDFS.isDefinedBy, ONTO) not in onto:
            missing.append(f"{t} isDefinedBy")
    assert not missing, missing[:20]


def test_naming_conventions(onto):
    for t in terms(onto):
        local = str(t)[len(CKG):]
        if (t, RDF.type, OWL.Class) in onto:
            assert re.fullmatch(r"[A-Z][A-Za-z0-9]+", local), local
        elif (t, RDF.type, OWL.ObjectProperty) in onto or (t, RDF.type, OWL.DatatypeProperty) in onto:
            assert re.fullmatch(r"[a-z][A-Za-z0-9]+", local), local


def test_every_term_has_one_kind(onto):
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    for t in terms(onto):
        declared = [k for k in kinds if (t, RDF.type, k) in onto]
        individual = any(o for o in onto.objects(t, RDF.type) if o not in kinds
                         and str(o).startswith(CKG))
        assert len(declared) + individual == 1, t


def test_every_ckg_iri_used_in_data_shapes_and_queries_is_declared(onto, project):
    declared = {str(t) for t in terms(onto)}
    used = set()
    for src in project.sources():
        g = rdflib.Graph().parse(src.path)
        used |= {str(x) for tr in g for x in tr if isinstance(x, URIRef) and str(x).startswith(CKG)}
    for f in project.query_files() + project.check_files():
        text = f.read_text()
        used |= {CKG + m for m in re.findall(r"\bckg:([A-Za-z][A-Za-z0-9]*)", text)}
    assert not sorted(used - declared)


def test_no_xsd_date_range_in_owl(onto):
    """HermiT refuses xsd:date as a range; dates are SHACL's job (README, OWL reasoning)."""
    assert not list(onto.subjects(RDFS.range, rdflib.XSD.date))


def test_alignments_point_at_our_declared_terms(onto):
    al = rdflib.Graph().parse(ROOT / "ontology" / "alignments.ttl")
    ours = {str(t) for t in terms(onto)}
    mapped = [s for s, p, o in al if p in (SKOS.closeMatch, SKOS.exactMatch, SKOS.broadMatch,
                                          SKOS.narrowMatch, SKOS.relatedMatch)]
    assert len(mapped) >= 20
    assert all(str(s) in ours for s in mapped)
    targets = {str(o) for s, p, o in al if p in (SKOS.closeMatch, SKOS.exactMatch)}
    for ns in ("http://data.europa.eu/eli/ontology#", "http://docs.oasis-open.org/legalruleml/",
               "http://www.w3.org/ns/odrl/2/", "http://www.estrellaproject.org/lkif-core/",
               "https://spec.edmcouncil.org/fibo/", "http://www.w3.org/ns/org#",
               "http://www.wikidata.org/entity/"):
        assert any(t.startswith(ns) for t in targets), ns


@pytest.mark.skipif(shutil.which("java") is None,
                    reason="Java is not on PATH: HermiT (OWL consistency) cannot run here")
def test_ontology_with_data_is_consistent_owl(kg):
    """HermiT through owlready2, on the ontology and all the data."""
    report = kg.validate(reasoner=True)
    owl = [p for p in report.problems if p.check == "owl"]
    assert not owl, owl


@pytest.mark.skipif(shutil.which("java") is None,
                    reason="Java is not on PATH: HermiT (OWL consistency) cannot run here")
def test_hermit_catches_an_individual_in_disjoint_classes(onto):
    """The consistency check can fail: a norm that is both an obligation and a permission."""
    from charterkg.reasoner import consistency_problems

    data = rdflib.Graph()
    x = URIRef("https://w3id.org/charterkg/id/instrument/x/art-1/norm")
    data.add((x, RDF.type, URIRef(CKG + "Obligation")))
    data.add((x, RDF.type, URIRef(CKG + "Permission")))
    problems = consistency_problems(onto, data)
    assert problems and "inconsistent" in problems[0].message


def test_every_seed_concept_has_a_declared_term(onto):
    """docs/seed-concepts.md maps the seed article's concepts to terms; each must exist."""
    table = (ROOT / "docs" / "seed-concepts.md").read_text(encoding="utf-8")
    rows = [line for line in table.splitlines() if line.startswith("| ") and "ckg:" in line]
    assert len(rows) >= 40
    declared = {str(t) for t in terms(onto)}
    for row in rows:
        for local in re.findall(r"ckg:([A-Za-z]+)", row.split("|")[2]):
            assert CKG + local in declared, (row.split("|")[1].strip(), local)
