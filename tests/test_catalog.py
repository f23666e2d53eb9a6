"""Saved queries: front matter, declared parameters, type checks and binding."""

from __future__ import annotations

import json
import re

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from charterkg.catalog import PARAM_VAR, Catalog, bind, parse_query_file
from charterkg.errors import InputError, UsageError
from conftest import run


def write(tmp_path, text, name="q.rq"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_every_saved_query_parses_and_declares_exactly_what_it_binds(project):
    files = project.query_files()
    assert files, "no saved queries"
    for f in files:
        q = parse_query_file(f)
        assert q.summary
        bound = {re.sub(r"_(xsd_date|xsd_integer|integer|iri)$", "", v.lstrip("_"))
                 for v in PARAM_VAR.findall(f.read_text())}
        assert set(q.params) == bound, f.name


def test_every_saved_query_is_valid_sparql_with_its_parameters_projected(project):
    """Oxigraph binds by substitution, which needs the parameter in the projection."""
    store = ox.Store()
    for f in project.query_files():
        q = parse_query_file(f)
        subs = {ox.Variable(p.var): ox.Literal("2000-01-01", datatype=ox.NamedNode(
            "http://www.w3.org/2001/XMLSchema#date")) if p.kind == "date" else ox.Literal("x")
            for p in q.params.values()}
        store.query(q.text, substitutions=subs)  # raises on a syntax or projection error


@pytest.mark.parametrize("text, message", [
    ("SELECT * WHERE { ?s ?p ?o }", "no '#+' front matter"),
    ("#+ summary: [unclosed\nSELECT * WHERE {}", "not valid YAML"),
    ("#+ - a list\nSELECT * WHERE {}", "must be a YAML mapping"),
    ("#+ description: no summary\nSELECT * WHERE {}", "needs a 'summary'"),
    ("#+ summary: s\n#+ colour: red\nSELECT * WHERE {}", "unknown front matter key"),
    ("#+ summary: s\nSELECT ?_x WHERE { ?s ?p ?_x }", "parameter 'x' (?_x) is not declared"),
    ("#+ summary: s\n#+ params: {y: string}\nSELECT * WHERE { ?s ?p ?o }", "does not use"),
    ("#+ summary: s\n#+ params: {d: date}\nSELECT ?_d WHERE { ?s ?p ?_d }", "xsd_date"),
    ("#+ summary: s\n#+ params: {x: colour}\nSELECT ?_x WHERE { ?s ?p ?_x }", "unknown kind"),
])
def test_bad_front_matter_fails_loudly(tmp_path, text, message):
    with pytest.raises(InputError) as exc:
        parse_query_file(write(tmp_path, text))
    assert message in str(exc.value)
    assert str(exc.value).startswith(str(tmp_path / "q.rq"))


def test_yaml_error_names_the_line(tmp_path):
    p = write(tmp_path, "#+ summary: ok\n#+ tags:\n#+   - a\n#+  bad: [\nSELECT * {}")
    with pytest.raises(InputError, match=r"q\.rq:\d+: front matter is not valid YAML"):
        parse_query_file(p)


def test_grlc_defaults_and_enumerate(tmp_path):
    p = write(tmp_path, "#+ summary: s\n#+ params: {kind: string}\n#+ defaults:\n"
              "#+   - kind: a\n#+ enumerate:\n#+   - kind: [a, b]\n"
              "SELECT ?_kind WHERE { BIND(STR(?_kind) AS ?k) }")
    q = parse_query_file(p)
    assert q.params["kind"].default == "a" and not q.params["kind"].required
    assert bind(q, {}) == {ox.Variable("_kind"): ox.Literal("a")}
    with pytest.raises(UsageError, match="not one of a, b"):
        bind(q, {"kind": "c"})


@pytest.mark.parametrize("value", ["2020-13-01", "2020-02-30", "yesterday", "2020-1-1",
                                   "2020-01-01T00:00:00", "'2020-01-01'", ""])
def test_a_date_that_is_not_a_date_is_refused(kg, capsys, value):
    code, out, err = run(capsys, "query", "members-as-of", "--param",
                         "instrument=north-atlantic-treaty", "--param", f"date={value}")
    assert code == 2 and out == ""
    assert "parameter 'date'" in err


def test_unknown_instrument_is_refused_with_a_suggestion(kg, capsys):
    code, _, err = run(capsys, "query", "withdrawal-terms", "--param",
                       "instrument=north-atlantic-treat")
    assert code == 2
    assert "parameter 'instrument'" in err and "did you mean north-atlantic-treaty" in err


def test_missing_and_unknown_parameters(kg, capsys):
    code, _, err = run(capsys, "query", "members-as-of", "--param", "instrument=north-atlantic-treaty")
    assert code == 2 and "needs parameter 'date'" in err
    code, _, err = run(capsys, "query", "withdrawal-terms", "--param", "instrument=north-atlantic-treaty",
                       "--param", "colour=red")
    assert code == 2 and "no parameter colour" in err
    code, _, err = run(capsys, "query", "members-as-off")
    assert code == 2 and "did you mean members-as-of" in err


ECHO = ("#+ summary: echo\n#+ params: {text: string}\n"
        "SELECT ?value ?_text WHERE { BIND(STR(?_text) AS ?value) }")


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=80))
def test_a_bound_value_stays_a_plain_value(tmp_path, value):
    """Whatever the text (quotes, braces, UNION, comments), it comes back as one literal."""
    q = parse_query_file(write(tmp_path, ECHO))
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p"),
                      ox.NamedNode("http://e/o")))
    rows = list(store.query(q.text, substitutions=bind(q, {"text": value})))
    assert len(rows) == 1
    assert rows[0]["value"] == ox.Literal(value)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(['north-atlantic-treaty" } UNION { ?s ?p ?o } #',
                        "north-atlantic-treaty' . ?x ?y ?z",
                        "} ; DROP ALL ; {", "north-atlantic-treaty\n}"])
       | st.text(min_size=1, max_size=40))
def test_crafted_instrument_values_never_reach_the_query(kg, value):
    """An instrument id that is not in the graph is refused before anything runs."""
    if value in kg.known("instrument"):
        return
    with pytest.raises(UsageError, match="parameter 'instrument'"):
        kg.query("withdrawal-terms", instrument=value)


def test_catalog_names_are_file_stems(project):
    cat = Catalog(project.query_files())
    assert set(cat.names()) == {f.stem for f in project.query_files()}


def test_queries_command_lists_parameters(kg, capsys):
    code, out, _ = run(capsys, "queries")
    assert code == 0
    assert "members-as-of:" in out and "--param date=<date>" in out


def test_json_output_is_sparql_results_json(kg, capsys):
    code, out, _ = run(capsys, "query", "members-as-of", "--param",
                       "instrument=north-atlantic-treaty", "--param", "date=1999-06-01",
                       "--format", "json")
    doc = json.loads(out)
    assert code == 0
    assert {"state", "code", "label", "since"} <= set(doc["head"]["vars"])
    assert not any(v.startswith("_") for v in doc["head"]["vars"])
    b = doc["results"]["bindings"][0]
    assert b["state"]["type"] == "uri"
    assert b["since"] == {"type": "literal", "value": b["since"]["value"],
                          "datatype": "http://www.w3.org/2001/XMLSchema#date"}
    assert "datatype" not in b["code"]  # plain literals carry no xsd:string


def test_csv_output_is_sparql_csv(kg, capsys):
    code, out, _ = run(capsys, "query", "members-as-of", "--param",
                       "instrument=north-atlantic-treaty", "--param", "date=1999-06-01",
                       "--format", "csv")
    assert code == 0
    lines = out.split("\r\n")
    assert lines[0].startswith("state,code,label,since")
    assert lines[1].startswith("https://w3id.org/charterkg/id/state/")


def test_the_query_path_imports_neither_pyshacl_nor_owlready2_nor_rdflib(tmp_path):
    """A query must not pay for the validation stack (README: nothing on the query path
    imports pyshacl or owlready2)."""
    import subprocess
    import sys

    code = ("import sys, charterkg\n"
            "kg = charterkg.open()\n"
            "kg.query('members-as-of', instrument='north-atlantic-treaty', date='2020-01-01')\n"
            "print(sorted(m for m in ('pyshacl', 'owlready2', 'rdflib', 'SPARQLWrapper', 'yaml')"
            " if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    # yaml is imported only when a query's front matter is not yet cached
    import ast

    assert set(ast.literal_eval(out.stdout.strip())) <= {"yaml"}, out.stdout
