"""Saved queries: front matter, parameters, binding, running.

A saved query is a plain SPARQL file ``queries/<name>.rq`` that opens with ``#+`` front matter
in grlc's convention (YAML: summary, description, tags, defaults, enumerate) and our ``params``
block, which gives each parameter its kind and a description. Parameters are SPARQL variables
named by the BASIL convention grlc follows: ``?_name`` (required), ``?__name`` (optional), with
a type suffix where the value is not a plain string (``?_date_xsd_date``, ``?_target_iri``).

Values are bound as RDF terms through Oxigraph's substitutions (SEP-0007), never pasted into
the query text, so a value can never change the query's shape. Oxigraph substitutes only
variables that the query projects, so every saved query lists its parameters at the end of its
SELECT clause (the results leave them out). Two quirks of Oxigraph 0.5 under substitution, both
covered by tests: a bare ``BIND(?_x AS ?y)`` leaves ``?y`` unbound (write ``BIND(STR(?_x) AS
?y)``), and ``BOUND(?_x)`` is false even when ``?_x`` is bound, so an optional parameter is
tested with ``FILTER(COALESCE(<condition on ?__x>, true))``: with no value the condition is an
error and the row is kept.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import re
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from .errors import InputError, UsageError, location

XSD = "http://www.w3.org/2001/XMLSchema#"
PARAM_VAR = re.compile(r"[?$](__?[A-Za-z][A-Za-z0-9_]*)")
TYPE_SUFFIXES = {  # BASIL / grlc variable-name suffix -> value type
    "_xsd_date": "date",
    "_xsd_integer": "integer",
    "_integer": "integer",
    "_iri": "iri",
}
KINDS = {"instrument", "state", "date", "string", "article", "integer", "iri"}
KNOWN_KEYS = {"summary", "description", "tags", "params", "defaults", "enumerate", "endpoint",
              "method", "pagination", "severity", "partyLists"}
# severity: for queries/checks only. partyLists: the party lists an answer rests on: parameters
# that name instruments, instrument ids, "all" (every instrument with parties) or "defence"
# (every instrument with a collective defence clause); the answer then carries a caveat for
# each list that is not complete for its date (see KnowledgeGraph.caveats).


class Param:
    """One parameter of a saved query. (Plain classes rather than dataclasses: importing
    dataclasses costs ~8 ms on every query.)"""

    __slots__ = ("name", "var", "kind", "required", "description", "default", "enum")

    def __init__(self, name: str, var: str, kind: str, required: bool, description: str = "",
                 default: str | None = None, enum: list[str] | None = None):
        self.name, self.var, self.kind, self.required = name, var, kind, required
        self.description, self.default, self.enum = description, default, enum

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__slots__}


class SavedQuery:
    """A saved query: its text, front matter and parameters."""

    def __init__(self, name: str, path: Path, text: str, summary: str, description: str = "",
                 tags: list[str] | None = None, params: dict[str, Param] | None = None,
                 severity: str = "Violation", party_lists: list[str] | None = None):
        self.name, self.path, self.text, self.summary = name, path, text, summary
        self.description, self.tags, self.params = description, tags or [], params or {}
        self.severity = severity
        self.party_lists = party_lists or []


def _front_matter(path: Path, text: str) -> tuple[dict, int]:
    cached = _cache_get(path)
    if cached is not None:
        return cached, 0
    meta, n = _parse_front_matter(path, text)
    _cache_put(path, meta)
    return meta, n


def _cache_file(path: Path) -> Path | None:
    import zlib

    try:
        st = path.stat()
    except OSError:
        return None
    from .store import cache_dir

    key = f"{path.resolve()}\0{st.st_size}\0{st.st_mtime_ns}".encode()
    return cache_dir() / "queries" / f"{zlib.crc32(key):08x}{zlib.adler32(key):08x}.json"


def _cache_get(path: Path) -> dict | None:
    import json

    f = _cache_file(path)
    if f is None or not f.is_file():
        return None
    try:
        doc = json.loads(f.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return doc.get("meta") if doc.get("path") == str(path.resolve()) else None


def _cache_put(path: Path, meta: dict) -> None:
    import json
    import os

    f = _cache_file(path)
    if f is None:
        return
    try:
        f.parent.mkdir(parents=True, exist_ok=True)
        tmp = f.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"path": str(path.resolve()), "meta": meta}), encoding="utf-8")
        os.replace(tmp, f)
    except (OSError, TypeError, ValueError):
        pass  # uncacheable (unusual YAML types) or no writable cache: parse next time


def _parse_front_matter(path: Path, text: str) -> tuple[dict, int]:
    import yaml

    lines = text.splitlines()
    block, n = [], 0
    for n, line in enumerate(lines):  # noqa: B007
        if line.startswith("#+"):
            block.append(line[3:] if line.startswith("#+ ") else line[2:])
        else:
            break
    if not block:
        raise InputError(f"{location(path, 1)}: saved query has no '#+' front matter")
    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML has it
        meta = yaml.load("\n".join(block), Loader=loader) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        reason = getattr(exc, "problem", None) or str(exc)
        raise InputError(f"{location(path, line)}: front matter is not valid YAML: {reason}") \
            from None
    if not isinstance(meta, dict):
        raise InputError(f"{location(path, 1)}: front matter must be a YAML mapping")
    return meta, len(block)


def _as_mapping(path: Path, meta: dict, key: str) -> dict:
    """grlc writes defaults/enumerate as a list of one-key mappings; accept a mapping too."""
    value = meta.get(key) or {}
    if isinstance(value, list):
        merged = {}
        for item in value:
            if not isinstance(item, dict):
                raise InputError(f"{path}: front matter '{key}' must list 'name: value' items")
            merged.update(item)
        return merged
    if not isinstance(value, dict):
        raise InputError(f"{path}: front matter '{key}' must be a mapping or a list")
    return value


def parse_query_file(path: Path) -> SavedQuery:
    """Read one saved query, failing loudly on front matter that does not fit."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read saved query ({exc})") from None
    meta, _ = _front_matter(path, text)
    unknown = set(meta) - KNOWN_KEYS
    if unknown:
        raise InputError(f"{path}: unknown front matter key(s): {', '.join(sorted(unknown))}")
    summary = meta.get("summary")
    if not isinstance(summary, str) or not summary.strip():
        raise InputError(f"{path}: front matter needs a 'summary'")
    declared = meta.get("params") or {}
    if not isinstance(declared, dict):
        raise InputError(f"{path}: front matter 'params' must map each parameter to its kind")
    defaults = _as_mapping(path, meta, "defaults")
    enums = _as_mapping(path, meta, "enumerate")

    params: dict[str, Param] = {}
    for var in dict.fromkeys(PARAM_VAR.findall(text)):  # in order of appearance
        required = not var.startswith("__")
        rest = var.lstrip("_")
        vtype = "string"
        for suffix, t in TYPE_SUFFIXES.items():
            if rest.endswith(suffix):
                rest, vtype = rest[: -len(suffix)], t
                break
        name = rest
        spec = declared.get(name)
        if spec is None:
            raise InputError(f"{path}: parameter '{name}' (?{var}) is not declared under 'params'")
        if isinstance(spec, str):
            spec = {"kind": spec}
        kind = spec.get("kind", vtype)
        if kind not in KINDS:
            raise InputError(f"{path}: parameter '{name}' has unknown kind '{kind}'")
        if (vtype == "date") != (kind == "date"):
            raise InputError(f"{path}: parameter '{name}': a date parameter is named ?_{name}_xsd_date")
        if name in params:
            raise InputError(f"{path}: parameter '{name}' is bound by two variables")
        default = defaults.get(name)
        params[name] = Param(name, var, kind, required and default is None,
                             str(spec.get("description", "")),
                             None if default is None else str(default),
                             [str(e) for e in enums[name]] if name in enums else None)
    extra = set(declared) - set(params)
    if extra:
        raise InputError(f"{path}: 'params' declares {', '.join(sorted(extra))}, "
                         "which the query does not use")
    tags = meta.get("tags") or []
    severity = str(meta.get("severity", "Violation"))
    if severity not in ("Violation", "Warning", "Info"):
        raise InputError(f"{path}: severity must be Violation, Warning or Info")
    lists = meta.get("partyLists") or []
    if lists == "all":
        lists = ["all"]
    if not isinstance(lists, list) or not all(
            isinstance(x, str) and (x in ("all", "defence") or x in params
                                    or re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", x))
            for x in lists):
        raise InputError(f"{path}: 'partyLists' lists 'all', 'defence', instrument parameters "
                         "of the query or instrument ids")
    return SavedQuery(path.stem, path, text, summary.strip(), str(meta.get("description", "")).strip(),
                      [str(t) for t in tags], params, severity, [str(x) for x in lists])


class Catalog:
    """Every saved query of the project, by name. A file is parsed when it is first asked
    for (a command that runs one query does not pay for the other files' front matter);
    :meth:`all` parses every file and fails on the first bad one."""

    def __init__(self, files: list[Path]):
        self.files = {f.stem: f for f in files}
        self._parsed: dict[str, SavedQuery] = {}

    def names(self) -> list[str]:
        return sorted(self.files)

    def get(self, name: str) -> SavedQuery:
        if name not in self.files:
            close = difflib.get_close_matches(name, self.names(), n=3)
            hint = f" (did you mean {', '.join(close)}?)" if close else \
                " ('charterkg queries' lists them)"
            raise UsageError(f"no saved query named '{name}'{hint}")
        if name not in self._parsed:
            self._parsed[name] = parse_query_file(self.files[name])
        return self._parsed[name]

    def all(self) -> list[SavedQuery]:
        return [self.get(n) for n in self.names()]

    @property
    def queries(self) -> dict[str, SavedQuery]:
        return {q.name: q for q in self.all()}


# --- binding --------------------------------------------------------------------------------

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
CODE = re.compile(r"^[A-Z]{3,4}$")

#: kind -> function(value) -> known values or None; supplied by the graph for existence checks.
Lookup = Callable[[str], list[str]]


def to_term(param: Param, value: str, known: Lookup | None = None):
    """Check one parameter value and turn it into the RDF term to bind."""
    where = f"parameter '{param.name}'"
    if param.enum is not None and value not in param.enum:
        raise UsageError(f"{where}: '{value}' is not one of {', '.join(param.enum)}")
    kind = param.kind
    if kind == "date":
        if not DATE.match(value):
            raise UsageError(f"{where}: '{value}' is not a date (write YYYY-MM-DD)")
        try:
            _dt.date.fromisoformat(value)
        except ValueError:
            raise UsageError(f"{where}: '{value}' is not a valid date") from None
        return ox.Literal(value, datatype=ox.NamedNode(XSD + "date"))
    if kind == "integer":
        if not re.fullmatch(r"[+-]?\d+", value):
            raise UsageError(f"{where}: '{value}' is not a whole number")
        return ox.Literal(str(int(value)), datatype=ox.NamedNode(XSD + "integer"))
    if kind == "iri":
        try:
            return ox.NamedNode(value)
        except ValueError:
            raise UsageError(f"{where}: '{value}' is not an absolute IRI") from None
    if kind == "state":
        value = value.strip().upper()
        if not CODE.match(value):
            raise UsageError(f"{where}: '{value}' is not a state code (ISO 3166 alpha-3, "
                             "e.g. POL, or ISO 3166-3 for a former state, e.g. SUHH)")
    if kind in ("instrument", "state") and known is not None:
        values = known(kind)
        if value not in values:
            close = difflib.get_close_matches(value, values, n=3)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            noun = "instrument id" if kind == "instrument" else "state code"
            raise UsageError(f"{where}: no {noun} '{value}' in the graph{hint}")
    return ox.Literal(value)


def bind(query: SavedQuery, raw: dict[str, str], known: Lookup | None = None) -> dict:
    """Check the given values against the query's parameters; return Oxigraph substitutions."""
    unknown = set(raw) - set(query.params)
    if unknown:
        accepted = ", ".join(query.params) or "none"
        raise UsageError(f"query '{query.name}' has no parameter {', '.join(sorted(unknown))} "
                         f"(it takes: {accepted})")
    subs = {}
    for name, p in query.params.items():
        value = raw.get(name, p.default)
        if value is None:
            if p.required:
                raise UsageError(f"query '{query.name}' needs parameter '{name}' "
                                 f"(--param {name}=...)")
            continue
        subs[ox.Variable(p.var)] = to_term(p, str(value), known)
    return subs


def parse_param_args(pairs: list[str] | None) -> dict[str, str]:
    """``KEY=VALUE`` strings from the command line as a dict."""
    out: dict[str, str] = {}
    for pair in pairs or []:
        if "=" not in pair:
            raise UsageError(f"--param '{pair}': write KEY=VALUE")
        key, value = pair.split("=", 1)
        key = key.strip()
        if not key:
            raise UsageError(f"--param '{pair}': the name is empty")
        if key in out:
            raise UsageError(f"--param {key} given twice")
        out[key] = value
    return out
