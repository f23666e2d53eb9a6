"""The embedded Oxigraph store, and the compiled copy kept between runs.

The first run parses the project's sources (through :mod:`charterkg.sources`) into an on-disk
Oxigraph store under the cache folder, keyed by a hash of every source file; later runs open
that store read-only in a few milliseconds. A change to any source gives a new key, so the
store is rebuilt. The store is built in a temporary folder and renamed into place only when
complete, so a failed build (a syntax error) leaves nothing behind.

Queries see the union of all named graphs as their default graph.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from . import __version__
from .sources import Project, SourceFile, load_project

LAYOUT = "1"  # bump when the way the store is built changes
KEEP = 3  # compiled stores kept in the cache


def cache_dir() -> Path:
    env = os.environ.get("CHARTERKG_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "charterkg"


class GraphStore:
    """An Oxigraph store holding the project's graph, one named graph per source file."""

    def __init__(self, store: ox.Store, sources: list[SourceFile], location: Path | None):
        self.store = store
        self.sources = sources
        self.location = location

    def query(self, text: str, substitutions: dict | None = None, **kw):
        return self.store.query(text, use_default_graph_as_union=True,
                                substitutions=substitutions, **kw)

    def quads(self, graph: str | None = None) -> Iterable[ox.Quad]:
        g = ox.NamedNode(graph) if graph else None
        return self.store.quads_for_pattern(None, None, None, g)

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self.store.named_graphs() if isinstance(g, ox.NamedNode))

    def __len__(self) -> int:
        return len(self.store)


def _fill(store: ox.Store, project: Project) -> list[SourceFile]:
    sources = []
    for src, quads in load_project(project):
        store.extend(quads)
        sources.append(src)
    return sources


def open_store(project: Project | None = None, *, cache: bool = True) -> GraphStore:
    """The project's graph in Oxigraph: the compiled copy if it is current, else built now."""
    project = project or Project()
    if not cache:
        mem = ox.Store()
        return GraphStore(mem, _fill(mem, project), None)
    key = project.fingerprint(extra=f"{__version__}/{LAYOUT}")[:24]
    root = cache_dir()
    final = root / f"store-{key}"
    if (final / "COMPLETE").is_file():
        try:
            return GraphStore(ox.Store.read_only(str(final)), project.sources(), final)
        except OSError:
            shutil.rmtree(final, ignore_errors=True)
    try:
        root.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix="build-", dir=root))
    except OSError:
        return open_store(project, cache=False)  # no writable cache: work in memory
    try:
        disk = ox.Store(str(tmp / "db"))
        sources = _fill(disk, project)
        disk.flush()
        del disk
        (tmp / "db" / "COMPLETE").write_text(key)
        with contextlib.suppress(OSError):  # another process finished first: use its copy
            os.replace(tmp / "db", final)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    _prune(root, keep=final)
    return GraphStore(ox.Store.read_only(str(final)), sources, final)


def _prune(root: Path, keep: Path) -> None:
    stores = sorted((p for p in root.glob("store-*") if p != keep),
                    key=lambda p: p.stat().st_mtime, reverse=True)
    for old in stores[KEEP - 1:]:
        shutil.rmtree(old, ignore_errors=True)
