"""`make bench`: charterkg measured against the floor, on synthetic graphs of 10k, 100k and 1M triples.

For each size it measures, as medians over repeated runs: compiling the graph (parse + store),
each saved query through the catalogue, validating the whole graph, validating one new file
against it, and loading it into an Oxigraph server. Beside each figure, the baselines measured in
the same run on the same data: raw pyoxigraph running the same query with the same bindings
(the floor), rdflib's own SPARQL engine (what a user would otherwise use; at 10k and 100k), and
stock pyshacl for validation. On the real graph it also times `charterkg query` as a whole
process against a bare Python process that loads the same N-Quads into pyoxigraph and runs the
same query. Results go to bench/results.json and a table on stdout.

    python bench/run.py [--sizes 10k,100k,1M] [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "tests"))

import pyoxigraph as ox  # noqa: E402
from generate import generate  # noqa: E402

import charterkg  # noqa: E402

SIZES = {"10k": 10_000, "100k": 100_000, "1M": 1_000_000}
SAMPLE = {"instrument": "synthetic-pact-00000", "a": "synthetic-pact-00000",
          "b": "synthetic-pact-00001", "date": "2020-01-01", "state": "POL", "attacked": "POL",
          "article": "51", "trigger": "ArmedAttack"}
EXAMPLE = ROOT / "examples" / "fictional-pact.ttl"


def median_time(fn, repeat: int, budget: float = 60.0) -> float:
    """Median seconds over `repeat` runs (fewer if one run is slow)."""
    times = []
    start = time.perf_counter()
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
        if time.perf_counter() - start > budget:
            break
    return statistics.median(times)


def consume(answer):
    if isinstance(answer, ox.QueryBoolean):
        return bool(answer)
    return sum(1 for _ in answer)


def bench_size(label: str, triples: int, repeat: int, out: dict) -> None:
    data_dir = HERE / ".data" / label
    if not (data_dir / "data").exists():
        generate(triples, data_dir)
    else:  # the synthetic data is kept between runs; the ontology, shapes and queries are not
        for part in ("ontology", "queries"):
            shutil.rmtree(data_dir / part)
            shutil.copytree(ROOT / part, data_dir / part)
    cache = Path(tempfile.mkdtemp(prefix="bench-cache-"))
    os.environ["CHARTERKG_CACHE"] = str(cache)
    res: dict = {"triples_requested": triples}
    out[label] = res

    # compiling the graph: parse every source once into a fresh on-disk store
    def compile_store():
        for old in cache.glob("store-*"):
            import shutil

            shutil.rmtree(old)
        kg = charterkg.open(data_dir)
        return len(kg.store)

    res["build_s"] = median_time(compile_store, max(1, repeat // 2))
    kg = charterkg.open(data_dir)
    res["triples"] = len(kg.store)
    print(f"[{label}] {res['triples']} triples, build {res['build_s']:.2f} s", flush=True)

    # queries: ours, the pyoxigraph floor, rdflib
    raw = ox.Store()
    raw.extend(kg.store.quads())
    rdf = None
    slow_in_rdflib = set(out.get("_rdflib_slow", []))
    if triples <= 100_000:
        from charterkg.sources import to_rdflib

        rdf = to_rdflib(kg.store.quads())
    queries = {}
    for name in kg.catalog.names():
        q = kg.catalog.get(name)
        params = {p: SAMPLE[p] for p in q.params if q.params[p].required}
        _, subs = kg.bind(name, params)
        ours = median_time(lambda name=name, params=params: len(kg.query(name, **params)), repeat)
        floor = median_time(lambda q=q, subs=subs: consume(raw.query(
            q.text, use_default_graph_as_union=True, substitutions=subs)), repeat)
        entry = {"charterkg_s": ours, "pyoxigraph_s": floor, "ratio": ours / floor if floor else None}
        if rdf is not None and name not in slow_in_rdflib:
            from rdflib import Literal, URIRef

            binds = {}
            for var, term in subs.items():
                if isinstance(term, ox.NamedNode):
                    binds[var.value] = URIRef(term.value)
                elif term.datatype.value.endswith("#string"):
                    binds[var.value] = Literal(term.value)
                else:
                    binds[var.value] = Literal(term.value, datatype=URIRef(term.datatype.value))
            try:
                entry["rdflib_s"] = median_time(
                    lambda q=q, binds=binds: len(list(rdf.query(q.text, initBindings=binds))),
                    1 if triples > 10_000 else repeat, budget=30)
            except Exception as exc:  # rdflib's engine fails on some queries (an empty
                # GROUP_CONCAT raises NotBoundError): the peer has no figure for them
                entry["rdflib_error"] = type(exc).__name__
                out.setdefault("_rdflib_slow", []).append(name)
            else:
                if entry["rdflib_s"] > 1.0:  # not worth repeating at the next size
                    out.setdefault("_rdflib_slow", []).append(name)
        queries[name] = entry
    res["queries"] = queries
    worst = max(queries.items(), key=lambda kv: kv[1]["ratio"] or 0)
    print(f"[{label}] queries: worst ratio to the floor {worst[1]['ratio']:.2f} ({worst[0]})",
          flush=True)

    # validation: the whole graph, and one new file against it
    if triples <= 100_000:
        res["validate_project_s"] = median_time(lambda: kg.validate(), max(1, repeat // 2),
                                                budget=120)
        res["validate_file_s"] = median_time(lambda: kg.validate(EXAMPLE), repeat)
        from charterkg import shacl

        original = shacl.run_shacl

        def stock(data, shapes, focus=None, fast=True):
            return original(data, shapes, focus, fast=False)

        shacl.run_shacl = stock
        try:
            res["pyshacl_stock_validate_file_s"] = median_time(lambda: kg.validate(EXAMPLE), 1)
            if triples <= 10_000:
                res["pyshacl_stock_validate_project_s"] = median_time(lambda: kg.validate(), 1)
        finally:
            shacl.run_shacl = original
        print(f"[{label}] validate project {res['validate_project_s']:.2f} s, one file "
              f"{res['validate_file_s']:.2f} s (stock pyshacl: "
              f"{res['pyshacl_stock_validate_file_s']:.2f} s)", flush=True)

    # loading into an Oxigraph server
    try:
        from servers import oxigraph_server

        with tempfile.TemporaryDirectory() as tmp, oxigraph_server(Path(tmp)) as srv:
            t = time.perf_counter()
            kg.load(srv["store"])
            res["load_oxigraph_server_s"] = time.perf_counter() - t
        print(f"[{label}] load into Oxigraph server {res['load_oxigraph_server_s']:.2f} s",
              flush=True)
    except RuntimeError as exc:
        res["load_oxigraph_server_s"] = None
        print(f"[{label}] load skipped: {exc}")


def bench_process(repeat: int, out: dict) -> None:
    """`charterkg query` as a whole process on the real graph, against a bare pyoxigraph one."""
    os.environ["CHARTERKG_CACHE"] = tempfile.mkdtemp(prefix="bench-proc-")
    kg = charterkg.open(ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        nq = Path(tmp) / "graph.nq"
        nq.write_bytes(ox.serialize(list(kg.store.quads()), format=ox.RdfFormat.N_QUADS))
        q, subs = kg.bind("members-as-of", {"instrument": "north-atlantic-treaty",
                                            "date": "2020-01-01"})
        bare = ("import pyoxigraph as ox, sys\n"
                "s = ox.Store(); s.load(path=sys.argv[1], format=ox.RdfFormat.N_QUADS)\n"
                "X = ox.NamedNode('http://www.w3.org/2001/XMLSchema#date')\n"
                "subs = {ox.Variable('_instrument'): ox.Literal('north-atlantic-treaty'), "
                "ox.Variable('_date_xsd_date'): ox.Literal('2020-01-01', datatype=X)}\n"
                "r = s.query(open(sys.argv[2]).read(), use_default_graph_as_union=True, "
                "substitutions=subs)\n"
                "print(sum(1 for _ in r))\n")
        qfile = Path(tmp) / "q.rq"
        qfile.write_text(q.text)
        exe = str(Path(sys.executable).parent / "charterkg")
        cmd = [exe, "query", "members-as-of", "--param", "instrument=north-atlantic-treaty",
               "--param", "date=2020-01-01", "--format", "csv"]
        subprocess.run(cmd, check=True, capture_output=True)  # warm the compiled store
        ours = median_time(lambda: subprocess.run(cmd, check=True, capture_output=True), repeat)
        floor = median_time(lambda: subprocess.run([sys.executable, "-c", bare, str(nq),
                                                    str(qfile)], check=True,
                                                   capture_output=True), repeat)
    out["process"] = {"charterkg_query_s": ours, "bare_pyoxigraph_process_s": floor,
                      "ratio": ours / floor}
    print(f"[process] charterkg query {ours * 1000:.0f} ms, bare pyoxigraph process "
          f"{floor * 1000:.0f} ms (ratio {ours / floor:.2f})", flush=True)


def table(results: dict) -> str:
    lines = []
    for label in [k for k in SIZES if k in results]:
        r = results[label]
        lines.append(f"\n== {label}: {r['triples']} triples; build {r['build_s']:.2f} s"
                     + (f"; validate project {r['validate_project_s']:.2f} s"
                        if "validate_project_s" in r else "")
                     + (f" (stock pyshacl {r['pyshacl_stock_validate_project_s']:.2f} s)"
                        if "pyshacl_stock_validate_project_s" in r else "")
                     + (f"; one new file {r['validate_file_s']:.2f} s (stock pyshacl "
                        f"{r['pyshacl_stock_validate_file_s']:.2f} s)"
                        if "validate_file_s" in r else "")
                     + (f"; load into Oxigraph server {r['load_oxigraph_server_s']:.2f} s"
                        if r.get("load_oxigraph_server_s") else ""))
        lines.append(f"{'query':32} {'charterkg ms':>13} {'pyoxigraph ms':>14} {'ratio':>6} "
                     f"{'rdflib ms':>10}")
        for name, q in sorted(r["queries"].items()):
            rd = f"{q['rdflib_s'] * 1000:10.1f}" if "rdflib_s" in q else f"{'-':>10}"
            lines.append(f"{name:32} {q['charterkg_s'] * 1000:13.1f} {q['pyoxigraph_s'] * 1000:14.1f}"
                         f" {q['ratio']:6.2f} {rd}")
    if "process" in results:
        p = results["process"]
        lines.append(f"\n== whole process on the real graph: charterkg query "
                     f"{p['charterkg_query_s'] * 1000:.0f} ms, bare pyoxigraph process "
                     f"{p['bare_pyoxigraph_process_s'] * 1000:.0f} ms, ratio {p['ratio']:.2f}")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10k,100k,1M")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--out", type=Path, default=HERE / "results.json")
    args = ap.parse_args()
    results: dict = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                                 "platform": platform.platform(),
                                 "pyoxigraph": ox.__version__}}
    started = time.perf_counter()
    bench_process(args.repeat, results)
    for label in args.sizes.split(","):
        bench_size(label, SIZES[label], args.repeat if label != "1M" else 3, results)
    results["total_s"] = time.perf_counter() - started
    args.out.write_text(json.dumps(results, indent=2))
    print(table(results))
    print(f"\nwrote {args.out} in {results['total_s']:.0f} s")


if __name__ == "__main__":
    main()
