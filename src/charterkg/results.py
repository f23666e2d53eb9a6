"""Query results: one shape for the embedded store and remote endpoints, three outputs.

``json`` is the SPARQL 1.1 Query Results JSON Format, ``csv`` the SPARQL 1.1 Query Results CSV
Format (https://www.w3.org/TR/sparql11-results-csv-tsv/), ``table`` a readable table for people.
"""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

PREFIXES = {
    "https://w3id.org/charterkg/ontology#": "ckg:",
    "https://w3id.org/charterkg/id/instrument/": "inst:",
    "https://w3id.org/charterkg/id/state/": "state:",
    "https://w3id.org/charterkg/id/org/": "org:",
    "http://www.w3.org/2001/XMLSchema#": "xsd:",
}


class ResultSet:
    """A SELECT result: its variables in order and its rows (variable -> Oxigraph term), or an
    ASK result (``boolean``). A plain class: dataclasses cost ~8 ms of import per query."""

    def __init__(self, variables: list[str], rows: list[dict[str, object]] | None = None,
                 boolean: bool | None = None):
        self.variables = variables
        self.rows = rows if rows is not None else []
        self.boolean = boolean
        #: what the answer cannot know: one dict per party list it rests on that is not
        #: complete for its date, each with a ``message`` (see KnowledgeGraph.caveats)
        self.caveats: list[dict] = []

    def __eq__(self, other) -> bool:
        return isinstance(other, ResultSet) and (self.variables, self.rows, self.boolean) == \
            (other.variables, other.rows, other.boolean)

    @classmethod
    def from_oxigraph(cls, solutions, hide: tuple[str, ...] = (),
                      deadline: float | None = None) -> ResultSet:
        """From Oxigraph's answer; ``hide`` names variables left out (bound parameters).
        With ``deadline`` (a time.monotonic() value), raises TimeoutError once it passes while
        solutions are read (Oxigraph streams them, so this bounds most queries)."""
        if isinstance(solutions, ox.QueryBoolean):
            return cls([], [], bool(solutions))
        if not isinstance(solutions, ox.QuerySolutions):
            raise TypeError("only SELECT and ASK queries give a result set")
        all_vars = [v.value for v in solutions.variables]
        variables = [v for v in all_vars if v not in hide]
        # iterating a solution yields its terms in variable order: about twice as fast as
        # looking each one up by name
        keep = [v not in hide for v in all_vars]
        if deadline is not None:
            import time

            def timed(sols):
                for sol in sols:
                    if time.monotonic() > deadline:
                        raise TimeoutError("query exceeded its time limit")
                    yield sol

            solutions = timed(solutions)
        rows = [{v: t for v, t, k in zip(all_vars, sol, keep, strict=True)
                 if k and t is not None}
                for sol in solutions]
        return cls(variables, rows)

    def without(self, hide) -> ResultSet:
        """The same result with the variables ``hide`` left out (bound parameters)."""
        hide = set(hide)
        if not hide:
            return self
        out = ResultSet([v for v in self.variables if v not in hide],
                        [{k: t for k, t in r.items() if k not in hide} for r in self.rows],
                        self.boolean)
        out.caveats = self.caveats
        return out

    @classmethod
    def from_json(cls, doc: dict) -> ResultSet:
        """From a SPARQL 1.1 Query Results JSON document (a remote endpoint's answer)."""
        if "boolean" in doc:
            return cls([], [], bool(doc["boolean"]))
        variables = list(doc.get("head", {}).get("vars", []))
        rows = []
        for binding in doc.get("results", {}).get("bindings", []):
            rows.append({k: _term_from_json(v) for k, v in binding.items()})
        return cls(variables, rows)

    # --- values ---------------------------------------------------------------------------
    def values(self, var: str) -> list[str]:
        """The lexical values of one variable, row by row ('' where unbound)."""
        return [self.rows[i][var].value if var in self.rows[i] else ""
                for i in range(len(self.rows))]

    def __len__(self) -> int:
        return len(self.rows)

    # --- outputs --------------------------------------------------------------------------
    def to_json(self) -> str:
        if self.boolean is not None:
            return json.dumps({"head": {}, "boolean": self.boolean}, indent=2)
        bindings = [{v: _term_to_json(t) for v, t in row.items()} for row in self.rows]
        doc = {"head": {"vars": self.variables}, "results": {"bindings": bindings}}
        if self.caveats:  # an extra member, which SPARQL JSON readers ignore
            doc["caveats"] = self.caveats
        return json.dumps(doc, indent=2, ensure_ascii=False)

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        if self.boolean is not None:
            writer.writerow(["boolean"])
            writer.writerow(["true" if self.boolean else "false"])
            return out.getvalue()
        writer.writerow(self.variables)
        for row in self.rows:
            writer.writerow([_term_to_csv(row.get(v)) for v in self.variables])
        return out.getvalue()

    def to_table(self) -> str:
        if self.boolean is not None:
            return "yes" if self.boolean else "no"
        if not self.rows:
            return "\n".join(["(no rows)"] + self.notes())
        cells = [[short(row.get(v)) for v in self.variables] for row in self.rows]
        widths = [max([len(v)] + [len(c[i]) for c in cells]) for i, v in enumerate(self.variables)]
        widths = [min(w, 70) for w in widths]

        def fmt(values):
            return "  ".join(_clip(val, w).ljust(w) for val, w in zip(values, widths, strict=True))

        lines = [fmt(self.variables), "  ".join("-" * w for w in widths)]
        lines += [fmt(c).rstrip() for c in cells]
        lines.append(f"({len(self.rows)} row{'s' if len(self.rows) != 1 else ''})")
        return "\n".join(lines + self.notes())

    def notes(self) -> list[str]:
        """The caveats as lines for people."""
        out = [f"Note: {c['message']}" for c in self.caveats]
        if len(self.caveats) == 1 and self.caveats[0].get("gap"):
            out.append(f"Missing: {self.caveats[0]['gap']}")
        return out

    def render(self, fmt: str) -> str:
        return {"json": self.to_json, "csv": self.to_csv, "table": self.to_table}[fmt]()


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def short(term) -> str:
    """A term as a person reads it: prefixed IRIs, bare literal values."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for ns, prefix in PREFIXES.items():
            if term.value.startswith(ns):
                return prefix + term.value[len(ns):]
        return term.value
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    return term.value


def _term_to_json(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != XSD_STRING:
        out["datatype"] = term.datatype.value
    return out


def _term_from_json(doc: dict):
    kind = doc.get("type")
    if kind == "uri":
        return ox.NamedNode(doc["value"])
    if kind == "bnode":
        return ox.BlankNode(doc["value"])
    lang = doc.get("xml:lang")
    if lang:
        return ox.Literal(doc["value"], language=lang)
    dt = doc.get("datatype")
    return ox.Literal(doc["value"], datatype=ox.NamedNode(dt)) if dt else ox.Literal(doc["value"])


def _term_to_csv(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    return term.value
