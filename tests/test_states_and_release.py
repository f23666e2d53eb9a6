"""data/states.ttl comes from pycountry; release files are deterministic and round-trip."""

from __future__ import annotations

import re

import pycountry
import pytest
import rdflib
from rdflib.compare import isomorphic

from charterkg.release import FILES
from charterkg.states import NON_ISO, STATE_NS, states_turtle
from conftest import ROOT, run


def test_states_file_is_what_pycountry_gives(kg):
    current = (ROOT / "data" / "states.ttl").read_text(encoding="utf-8")
    assert current == states_turtle(kg), "run: charterkg states --out data/states.ttl"


def test_state_codes_and_names_match_iso(kg):
    rows = kg.sparql("SELECT ?s ?code ?label WHERE { ?s ckg:code ?code ; rdfs:label ?label }")
    assert len(rows) > 0
    for r in rows.rows:
        code = r["code"].value
        assert r["s"].value == STATE_NS + code
        iso = pycountry.countries.get(alpha_3=code) or \
            pycountry.historic_countries.get(alpha_4=code)
        if iso is None:  # a state ISO never coded: a code from the user-assigned range X..
            assert re.fullmatch(r"X[A-Z]{2}", code), code
            assert NON_ISO[code]["name"] == r["label"].value
            continue
        assert iso.name == r["label"].value


def test_states_without_an_iso_code_follow_the_rule(kg):
    """Codes ISO leaves to its users, which no ISO code can take; each names its record."""
    for code, entry in NON_ISO.items():
        assert re.fullmatch(r"X[A-Z]{2}", code)
        assert pycountry.countries.get(alpha_3=code) is None
        assert entry["source"].startswith("https://")
    rows = kg.sparql('SELECT ?item WHERE { state:XSR ckg:wikidataItem ?item }').rows
    assert [r["item"].value for r in rows] == ["http://www.wikidata.org/entity/Q40362"]


@pytest.fixture(scope="module")
def built(kg, tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    kg.build(out)
    return out


def test_build_is_byte_identical_across_runs(kg, built, tmp_path):
    kg.build(tmp_path)
    for name in FILES.values():
        assert (tmp_path / name).read_bytes() == (built / name).read_bytes(), name


@pytest.mark.parametrize("key, fmt", [("turtle", "turtle"), ("ntriples", "nt"),
                                      ("jsonld", "json-ld")])
def test_release_round_trips_to_the_sources(kg, built, key, fmt):
    from charterkg.sources import to_rdflib

    source = to_rdflib(kg.store.quads())
    g = rdflib.Graph().parse(built / FILES[key], format=fmt)
    assert isomorphic(g, source)


@pytest.mark.parametrize("key, fmt", [("nquads", "nquads"), ("trig", "trig")])
def test_dataset_files_keep_one_graph_per_source(kg, built, key, fmt):
    ds = rdflib.Dataset()
    ds.parse(built / FILES[key], format=fmt)
    graphs = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert graphs == set(kg.store.graphs())
    for name in kg.store.graphs():
        from charterkg.sources import to_rdflib

        assert isomorphic(ds.graph(rdflib.URIRef(name)), to_rdflib(kg.store.quads(name))), name


def test_void_counts_the_triples(kg, built):
    g = rdflib.Graph().parse(built / FILES["void"])
    void = rdflib.Namespace("http://rdfs.org/ns/void#")
    n = g.value(rdflib.URIRef("https://w3id.org/charterkg/dataset"), void.triples)
    distinct = {(q.subject, q.predicate, q.object) for q in kg.store.quads()}
    assert int(n) == len(distinct)


def test_build_command(kg, capsys, tmp_path):
    code, out, _ = run(capsys, "build", "--out", tmp_path / "d")
    assert code == 0 and "wrote 7 files" in out


def test_coverage_report_is_generated_from_the_graph(kg):
    from charterkg.coverage import coverage_markdown

    current = (ROOT / "docs" / "coverage.md").read_text(encoding="utf-8")
    assert current == coverage_markdown(kg), "run: make docs"
