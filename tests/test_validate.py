"""`charterkg validate`: new files checked with the project's graph; bad input handled."""

from __future__ import annotations

import json

import pytest
import rdflib

from conftest import ROOT, run

EXAMPLE = ROOT / "examples" / "fictional-pact.ttl"
BROKEN = ROOT / "examples" / "fictional-pact-broken.ttl"


def test_the_example_pact_validates_cleanly(kg, capsys):
    code, out, err = run(capsys, "validate", EXAMPLE)
    assert code == 0, out + err
    assert out.startswith("conforms: 0 violation(s)")


def test_the_broken_pact_fails_with_readable_messages(kg, capsys):
    code, out, _ = run(capsys, "validate", BROKEN)
    assert code == 1
    assert "did you mean ckg:hasBearer?" in out
    assert "refers to state:XYZ" in out
    assert "at most 1" in out  # the threshold
    assert "before the instrument was signed" in out
    assert "notice period has run" in out
    # each focus node is located in the file
    assert "examples/fictional-pact-broken.ttl:" in out


def test_json_report(kg, capsys):
    code, out, _ = run(capsys, "validate", BROKEN, "--format", "json")
    doc = json.loads(out)
    assert code == 1 and doc["conforms"] is False
    checks = {p["check"] for p in doc["problems"]}
    assert {"shacl", "vocabulary", "reference"} <= checks
    assert any(c.startswith("query:") for c in checks)
    assert all(p["line"] for p in doc["problems"] if p["focus"].startswith("https://w3id.org"))


def test_turtle_report_is_a_shacl_validation_report(kg, capsys):
    code, out, _ = run(capsys, "validate", BROKEN, "--format", "turtle")
    g = rdflib.Graph().parse(data=out, format="turtle")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    report = next(g.subjects(rdflib.RDF.type, sh.ValidationReport))
    assert g.value(report, sh.conforms).toPython() is False
    assert len(list(g.objects(report, sh.result))) >= 7


def test_validation_changes_neither_the_file_nor_the_graph(kg):
    before = BROKEN.read_bytes()
    n = len(kg.store)
    kg.validate(BROKEN)
    assert BROKEN.read_bytes() == before
    assert len(kg.store) == n


def test_problems_the_project_already_has_are_not_blamed_on_the_file(kg):
    report = kg.validate(EXAMPLE)
    assert report.conforms and not report.problems


@pytest.mark.parametrize("suffix, fmt", [(".nt", "nt"), (".jsonld", "json-ld"), (".rdf", "xml"),
                                         (".nq", "nquads"), (".trig", "trig")])
def test_other_input_formats_by_extension(kg, tmp_path, suffix, fmt):
    g = rdflib.Graph().parse(EXAMPLE)
    path = tmp_path / f"pact{suffix}"
    if fmt in ("nquads", "trig"):
        ds = rdflib.Dataset()
        gg = ds.graph(rdflib.URIRef("urn:x:g"))
        for t in g:
            gg.add(t)
        ds.serialize(path, format=fmt)
    else:
        g.serialize(path, format=fmt)
    report = kg.validate(path)
    assert report.conforms, report.to_text()


@pytest.mark.parametrize("make, message", [
    (lambda p: p.write_text("@prefix ckg: <https://w3id.org/charterkg/ontology#> .\nckg:x ckg:y", "utf-8"),
     ":2:"),
    (lambda p: p.write_text("foo:a foo:b foo:c .\n", "utf-8"), "foo"),
    (lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00garbage"), "binary file"),
    (lambda p: p.write_text("", "utf-8"), "empty"),
    (lambda p: None, "no such file"),
    (lambda p: p.mkdir(), "is a directory"),
])
def test_bad_input_is_one_line_and_exit_2(kg, capsys, tmp_path, make, message):
    path = tmp_path / "input.ttl"
    make(path)
    code, out, err = run(capsys, "validate", path)
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and message in lines[0], err


def test_whole_project_report_has_no_violations(kg, capsys):
    code, out, _ = run(capsys, "validate")
    assert code == 0, out[:3000]


def test_usage_errors_exit_2(capsys):
    code, _, err = run(capsys, "validate", "--format", "xml")
    assert code == 2 and "invalid choice" in err
    code, _, err = run(capsys, "frobnicate")
    assert code == 2


def test_validating_a_project_file_replaces_its_own_graph(kg):
    """Regression: checking data/instruments/north-atlantic-treaty.ttl merged it with its own
    project copy, whose decimals Oxigraph had written differently ("1" and "1.0"), and the
    threshold failed its maxCount."""
    report = kg.validate(ROOT / "data" / "instruments" / "north-atlantic-treaty.ttl")
    assert not [p for p in report.problems if p.severity == "Violation"], report.to_text()


def test_a_check_query_reports_rows_with_its_severity(make_project):
    import charterkg

    root = make_project({"data/instruments/x.ttl": """@prefix ckg: <https://w3id.org/charterkg/ontology#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/charterkg/id/instrument/x> a ckg:Treaty ; ckg:instrumentId "x" ;
    rdfs:label "X"@en ; dct:source <https://example.org/x> .
"""})
    (root / "queries" / "checks" / "no-signature.rq").write_text(
        "#+ summary: An instrument has no date of signature\n#+ severity: Warning\n"
        "PREFIX ckg: <https://w3id.org/charterkg/ontology#>\n"
        "SELECT ?focus WHERE { ?focus ckg:instrumentId ?id "
        "FILTER NOT EXISTS { ?focus ckg:signatureDate ?d } }\n", encoding="utf-8")
    report = charterkg.open(root).validate()
    rows = [p for p in report.problems if p.check == "query:no-signature"]
    assert [(p.severity, p.focus) for p in rows] == \
        [("Warning", "https://w3id.org/charterkg/id/instrument/x")]
    assert report.conforms  # a warning does not fail validation
