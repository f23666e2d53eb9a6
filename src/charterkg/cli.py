"""The ``charterkg`` command: argument parsing and output formats only.

Exit codes: 0 success / conforms; 1 does not conform, or a check failed; 2 usage or input error
(one line on stderr with the file, line and reason). Results go to stdout, diagnostics to stderr.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .errors import CharterkgError, UsageError


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # exit 2 through our own path, with a one-line message
        raise UsageError(f"{self.prog}: {message}")


class _Version(argparse.Action):
    def __call__(self, parser, namespace, values, option_string=None):
        import charterkg

        print(f"charterkg {charterkg.__version__}")
        parser.exit()


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="charterkg", description="A knowledge graph of the law of collective "
                "security: query, validate, build, load and serve it.")
    p.add_argument("--version", action=_Version, nargs=0, help="show the version and exit")
    p.add_argument("--project", help="a charterkg checkout to use instead of the installed data")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    q = sub.add_parser("query", help="run a saved query")
    q.add_argument("name", help="the saved query ('charterkg queries' lists them)")
    q.add_argument("--param", "-p", action="append", metavar="KEY=VALUE", default=[])
    q.add_argument("--format", "-f", choices=["table", "json", "csv"], default="table")
    q.add_argument("--endpoint", metavar="URL", help="a remote SPARQL endpoint to ask instead")
    q.add_argument("--default-graph", action="append", metavar="IRI",
                   help="with --endpoint: a graph to query as the default graph (repeatable; "
                        "default: the endpoint's own default graph)")

    s = sub.add_parser("sparql", help="run an ad-hoc SPARQL query (text or a .rq file)")
    s.add_argument("query", metavar="QUERY-OR-FILE")
    s.add_argument("--format", "-f", choices=["table", "json", "csv"], default="table")
    s.add_argument("--endpoint", metavar="URL", help="a remote SPARQL endpoint to ask instead")
    s.add_argument("--default-graph", action="append", metavar="IRI",
                   help="with --endpoint: a graph to query as the default graph (repeatable; "
                        "default: the endpoint's own default graph)")

    sub.add_parser("queries", help="list the saved queries and their parameters")

    v = sub.add_parser("validate", help="check files (with the project's graph) or the project")
    v.add_argument("files", nargs="*", metavar="FILE")
    v.add_argument("--format", "-f", choices=["text", "json", "turtle"], default="text")
    v.add_argument("--reasoner", action="store_true", help="also check OWL consistency (HermiT)")

    b = sub.add_parser("build", help="write the release files")
    b.add_argument("--out", default="dist", help="output folder (default: dist)")

    e = sub.add_parser("explain", help="explain a scenario")
    esub = e.add_subparsers(dest="scenario", metavar="SCENARIO", parser_class=_Parser)
    a = esub.add_parser("attack", help="an armed attack on a state on a date: who must respond")
    a.add_argument("--state", required=True, help="the attacked state's code (e.g. POL)")
    a.add_argument("--date", required=True, help="YYYY-MM-DD")
    a.add_argument("--format", "-f", choices=["text", "json"], default="text")

    ld = sub.add_parser("load", help="push the graph into a triple store (Graph Store Protocol)")
    ld.add_argument("--store", required=True, metavar="URL",
                    help="the store's SPARQL 1.1 Graph Store Protocol endpoint")
    ld.add_argument("--graph", metavar="IRI", help="load everything into this one graph")
    ld.add_argument("--replace", action="store_true",
                    help="replace the graphs (default: refuse to overwrite non-empty graphs)")
    ld.add_argument("--timeout", type=float, default=60.0, help="seconds per request")

    sv = sub.add_parser("serve", help="a read-only SPARQL endpoint and query page")
    sv.add_argument("--host", default="127.0.0.1")
    sv.add_argument("--port", type=int, default=7878)
    sv.add_argument("--timeout", type=float, default=10.0, help="seconds per query")

    st = sub.add_parser("states", help="write data/states.ttl from pycountry")
    st.add_argument("--out", help="file to write (default: stdout)")

    c = sub.add_parser("coverage", help="write the coverage report (docs/coverage.md)")
    c.add_argument("--out", help="file to write (default: stdout)")

    ck = sub.add_parser("checks", help="list every validation check (docs/validation.md)")
    ck.add_argument("--out", help="file to write (default: stdout)")

    x = sub.add_parser("crosscheck", help="compare the memberships with ATOP's "
                       "(docs/crosscheck-atop.md)")
    x.add_argument("--out", help="file to write (default: stdout)")
    return p


def _open(args):
    import charterkg

    return charterkg.open(args.project)


def _write(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def cmd_query(args) -> int:
    from .catalog import parse_param_args

    kg = _open(args)
    rows = kg.query(args.name, endpoint=args.endpoint, default_graphs=args.default_graph,
                    **parse_param_args(args.param))
    _write(rows.render(args.format))
    if args.format == "csv":  # CSV has no place for them: the caveats go to stderr
        for line in rows.notes():
            print(line, file=sys.stderr)
    return 0


def cmd_sparql(args) -> int:
    text = args.query
    path = Path(text)
    if len(text) < 4096 and "\n" not in text and path.suffix in (".rq", ".sparql"):
        if not path.is_file():
            raise UsageError(f"{path}: no such file")
        text = path.read_text(encoding="utf-8")
    answer = _open(args).sparql(text, endpoint=args.endpoint, default_graphs=args.default_graph)
    if isinstance(answer, list):  # CONSTRUCT / DESCRIBE
        import pyoxigraph as ox

        _write(ox.serialize(answer, format=ox.RdfFormat.N_TRIPLES).decode())
    else:
        _write(answer.render(args.format))
    return 0


def cmd_queries(args) -> int:
    kg = _open(args)
    for name in kg.catalog.names():
        q = kg.catalog.get(name)
        _write(f"{name}: {q.summary}")
        for p in q.params.values():
            req = "required" if p.required else f"optional, default {p.default}" \
                if p.default is not None else "optional"
            _write(f"    --param {p.name}=<{p.kind}>  ({req}) {p.description}")
    return 0


def cmd_validate(args) -> int:
    report = _open(args).validate(*args.files, reasoner=args.reasoner)
    _write(report.render(args.format))
    return 0 if report.conforms else 1


def cmd_build(args) -> int:
    summary = _open(args).build(args.out)
    _write(summary)
    return 0


def cmd_explain(args) -> int:
    if args.scenario != "attack":
        raise UsageError("charterkg explain: say which scenario (attack)")
    result = _open(args).explain_attack(args.state, args.date)
    _write(result.render(args.format))
    return 0


def cmd_load(args) -> int:
    summary = _open(args).load(args.store, graph=args.graph, replace=args.replace,
                               timeout=args.timeout)
    _write(summary)
    return 0


def cmd_serve(args) -> int:
    from .serve import serve

    serve(_open(args), host=args.host, port=args.port, timeout=args.timeout)
    return 0


def cmd_states(args) -> int:
    from .states import states_turtle

    return _generated(args, states_turtle(_open(args)))


def cmd_coverage(args) -> int:
    from .coverage import coverage_markdown

    return _generated(args, coverage_markdown(_open(args)))


def cmd_checks(args) -> int:
    from .coverage import validation_markdown

    return _generated(args, validation_markdown(_open(args)))


def cmd_crosscheck(args) -> int:
    from .crosscheck import crosscheck_markdown

    return _generated(args, crosscheck_markdown(_open(args)))


def _generated(args, text: str) -> int:
    """A generated file: to --out, or to stdout."""
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


COMMANDS = {"query": cmd_query, "sparql": cmd_sparql, "queries": cmd_queries,
            "validate": cmd_validate, "build": cmd_build, "explain": cmd_explain,
            "load": cmd_load, "serve": cmd_serve, "states": cmd_states, "coverage": cmd_coverage,
            "crosscheck": cmd_crosscheck, "checks": cmd_checks}


def main(argv: list[str] | None = None) -> int:
    """Run the command; return its exit code. Tests call this in-process."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
        if not args.command:
            parser.print_help(sys.stderr)
            return 2
        return COMMANDS[args.command](args)
    except CharterkgError as exc:
        print(f"charterkg: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("charterkg: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug: one line, not a traceback (CHARTERKG_DEBUG=1 shows it)
        if os.environ.get("CHARTERKG_DEBUG"):
            raise
        print(f"charterkg: internal error ({type(exc).__name__}: {exc}); "
              "run with CHARTERKG_DEBUG=1 for details and please report it", file=sys.stderr)
        return 3


def console() -> None:
    sys.exit(main())
if __name__ == "__main__":
    console()
