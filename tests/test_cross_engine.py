"""A second, independent SHACL engine (the Rust `shacl` package) must agree with ours.

Run on the project's data and on every shape case, compared on (focus node, path, constraint
component, shape, severity). A disagreement means one engine, or one of our shapes, is wrong.
"""

from __future__ import annotations

import pytest
import rdflib
import yaml

from conftest import FIXTURES, ROOT

shacl = pytest.importorskip("shacl", reason="the independent validator 'shacl' is not installed")

SH = "http://www.w3.org/ns/shacl#"


def _strip(term: str | None) -> str:
    if not term:
        return ""
    return term[1:-1] if term.startswith("<") and term.endswith(">") else term


def theirs(shapes_text: str, data: rdflib.Graph) -> set:
    report = shacl.Shapes.from_turtle(shapes_text).validate_text(
        data.serialize(format="nt"), format="ntriples", allow_warnings=True)
    return {(_strip(r.focus_node), _strip(r.path), r.component_iri, _strip(r.root_shape),
             r.severity) for r in report.results}


def ours(shapes: rdflib.Graph, data: rdflib.Graph) -> set:
    from charterkg.shacl import run_shacl

    return {(p.focus, p.path, p.component, p.shape, p.severity) for p in run_shacl(data, shapes)}


@pytest.fixture(scope="module")
def shapes():
    text = "\n".join((f.read_text(encoding="utf-8"))
                     for f in sorted((ROOT / "ontology" / "shapes").glob("*.ttl")))
    g = rdflib.Graph()
    for f in sorted((ROOT / "ontology" / "shapes").glob("*.ttl")):
        g.parse(f)
    return text, g


@pytest.fixture(scope="module")
def shapes_turtle(shapes):
    # one document: serialise the merged graph (prefixes differ between the files)
    return shapes[1].serialize(format="turtle")


def test_the_project_data(kg, shapes, shapes_turtle):
    from charterkg.sources import to_rdflib

    data = to_rdflib(q for q in kg.store.quads()
                     if not q.graph_name.value.endswith(("shapes/data", "shapes/vocabulary")))
    assert theirs(shapes_turtle, data) == ours(shapes[1], data)


CASES = yaml.safe_load((FIXTURES / "shape-cases.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_the_shape_cases(case, shapes, shapes_turtle):
    text = (ROOT / "examples" / "fictional-pact.ttl").read_text(encoding="utf-8")
    for old, new in case["replace"]:
        text = text.replace(old.replace("\\n", "\n"), new.replace("\\n", "\n"))
    data = rdflib.Graph()
    data.parse(ROOT / "ontology" / "charterkg.ttl")
    data.parse(ROOT / "data" / "states.ttl")
    data.parse(data=text, format="turtle")
    assert theirs(shapes_turtle, data) == ours(shapes[1], data)
