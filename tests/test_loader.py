"""The one loader: every source parsed once into its own graph; bad input is one clear line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from charterkg.errors import InputError
from charterkg.sources import GRAPH_BASE, Project, graph_iri, parse
from conftest import run

GOOD = """@prefix ckg: <https://w3id.org/charterkg/ontology#> .
@prefix inst: <https://w3id.org/charterkg/id/instrument/> .
inst:x a ckg:Treaty ; ckg:instrumentId "x" .
"""


def test_each_source_is_its_own_named_graph(project):
    sources = project.sources()
    rels = [s.rel for s in sources]
    assert "ontology/charterkg.ttl" in rels
    assert len(set(s.graph for s in sources)) == len(sources)
    assert graph_iri("data/instruments/north-atlantic-treaty.ttl") == \
        GRAPH_BASE + "data/instruments/north-atlantic-treaty"


def test_store_holds_one_graph_per_source(kg, project):
    assert kg.store.graphs() == sorted(s.graph for s in project.sources())


def test_syntax_error_names_file_line_and_reason(make_project, capsys):
    bad = GOOD + 'inst:y ckg:instrumentId "unterminated .\n'
    root = make_project({"data/instruments/x.ttl": bad})
    code, out, err = run(capsys, "--project", root, "query", "members-as-of",
                         "--param", "instrument=x", "--param", "date=2000-01-01")
    assert code == 2
    assert out == ""
    assert re.match(r"charterkg: data/instruments/x\.ttl:4:\d+: .+", err.strip()), err
    assert "Traceback" not in err


def test_undefined_prefix_is_reported_with_its_line(make_project, capsys):
    root = make_project({"data/instruments/x.ttl": GOOD + "foo:a ckg:code \"X\" .\n"})
    code, _, err = run(capsys, "--project", root, "queries")
    assert code == 0  # listing queries does not need the graph
    code, _, err = run(capsys, "--project", root, "sparql", "ASK { ?s ?p ?o }")
    assert code == 2
    assert "data/instruments/x.ttl:4:" in err and "foo" in err


def test_failed_build_leaves_no_store_behind(make_project, capsys, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("CHARTERKG_CACHE", str(cache))
    root = make_project({"data/instruments/x.ttl": GOOD + "inst:y inst:z .\n"})
    code, _, _ = run(capsys, "--project", root, "sparql", "ASK { ?s ?p ?o }")
    assert code == 2
    assert not list(cache.glob("*")) or not [p for p in cache.rglob("*") if p.suffix == ".nq"]
    # and the same project, fixed, does get a compiled copy: the check above can fail
    (root / "data/instruments/x.ttl").write_text(GOOD, encoding="utf-8")
    code, _, _ = run(capsys, "--project", root, "sparql", "ASK { ?s ?p ?o }")
    assert code == 0
    assert [p.name for p in cache.glob("graph-*.nq")]


def test_compiled_store_is_rebuilt_when_a_source_changes(make_project, capsys, tmp_path,
                                                         monkeypatch):
    monkeypatch.setenv("CHARTERKG_CACHE", str(tmp_path / "cache"))
    root = make_project({"data/instruments/x.ttl": GOOD})
    q = 'SELECT ?id WHERE { ?i <https://w3id.org/charterkg/ontology#instrumentId> ?id }'
    code, out, _ = run(capsys, "--project", root, "sparql", q, "--format", "csv")
    assert code == 0 and out.split() == ["id", "x"]
    (root / "data/instruments/x.ttl").write_text(GOOD.replace('"x"', '"y"'), encoding="utf-8")
    code, out, _ = run(capsys, "--project", root, "sparql", q, "--format", "csv")
    assert out.split() == ["id", "y"]


@pytest.mark.parametrize("content, expected", [
    (b"", "the file is empty"),
    (b"   \n\n", "the file is empty"),
    (b"\x00\x01\x02binary\xff", "binary file"),
    (b"\xff\xfe\xfa not utf8", "not valid UTF-8"),
])
def test_unparseable_files_get_one_line(tmp_path, content, expected):
    f = tmp_path / "input.ttl"
    f.write_bytes(content)
    with pytest.raises(InputError) as exc:
        parse(f, None)
    assert str(exc.value).startswith(str(f))
    assert expected in str(exc.value)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        parse(tmp_path / "nope.ttl", None)
    with pytest.raises(InputError, match="is a directory"):
        parse(tmp_path, None)


def test_unreadable_file(tmp_path, monkeypatch):
    f = tmp_path / "secret.ttl"
    f.write_text(GOOD, encoding="utf-8")

    def denied(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", denied)
    with pytest.raises(InputError, match="permission denied"):
        parse(f, None)


def test_unknown_extension(tmp_path):
    f = tmp_path / "data.docx"
    f.write_text(GOOD, encoding="utf-8")
    with pytest.raises(InputError, match="unknown RDF file extension"):
        parse(f, None)


def test_not_a_project(tmp_path):
    with pytest.raises(InputError, match="not a charterkg project"):
        Project(tmp_path)


def test_a_current_compiled_copy_is_loaded_without_parsing(make_project, tmp_path, monkeypatch):
    import charterkg.store as store_module
    from charterkg.sources import Project
    from charterkg.store import open_store

    monkeypatch.setenv("CHARTERKG_CACHE", str(tmp_path / "cache"))
    root = make_project({"data/instruments/x.ttl": GOOD})
    first = open_store(Project(root))
    assert first.location is not None and first.location.name.startswith("graph-")

    def refuse(*a, **k):
        raise AssertionError("parsed a source although the compiled copy was current")

    monkeypatch.setattr(store_module, "load_source", refuse)
    second = open_store(Project(root))
    assert second.location == first.location and len(second) == len(first)
