"""Shared fixtures: the project, its graph (loaded once per session), and small projects."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import charterkg
from charterkg.sources import Project

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session", autouse=True)
def _cache(tmp_path_factory):
    """The compiled store lives in a temporary cache, never in the user's home or the repo."""
    mp = pytest.MonkeyPatch()
    mp.setenv("CHARTERKG_CACHE", str(tmp_path_factory.mktemp("cache")))
    mp.delenv("CHARTERKG_PROJECT", raising=False)
    yield
    mp.undo()


@pytest.fixture(scope="session")
def project() -> Project:
    return Project(ROOT)


@pytest.fixture(scope="session")
def kg(project):
    return charterkg.open(project)


@pytest.fixture
def make_project(tmp_path):
    """A project in tmp_path with the real ontology, shapes and queries, and the data given."""

    def make(data: dict[str, str] | None = None, with_real_data: bool = False) -> Path:
        root = tmp_path / "proj"
        shutil.copytree(ROOT / "ontology", root / "ontology")
        shutil.copytree(ROOT / "queries", root / "queries")
        if with_real_data:
            shutil.copytree(ROOT / "data", root / "data")
        for rel, text in (data or {}).items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return root

    return make


def run(capsys, *argv) -> tuple[int, str, str]:
    """Run the command in-process; return (exit code, stdout, stderr)."""
    from charterkg.cli import main

    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err
