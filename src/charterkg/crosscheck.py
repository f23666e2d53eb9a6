"""docs/crosscheck-atop.md: the graph's memberships beside ATOP's, every difference explained.

ATOP (the Alliance Treaty Obligations and Provisions dataset, v4) codes most of the graph's
instruments member by member. It is an academic dataset, not a record of who was bound: its
entries are usually dated from a signature, and some exits are political suspensions. It is an
independent check all the same. This module compares the two, state by state, and writes every
difference with what explains it; nothing is hidden and nothing is changed in the graph.

The rows compared are the cited extract ``data/crosswalk/atop-members.csv`` (see its README);
which ATOP alliance codes which instrument is ``ckg:atopId`` in ``data/crosswalk.ttl``.
"""

from __future__ import annotations

import csv
from collections import defaultdict

from .errors import InputError

PREFIX = "PREFIX ckg: <https://w3id.org/charterkg/ontology#>\n" \
         "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"

INSTRUMENTS = PREFIX + """
SELECT ?i ?id ?label ?atop ?signed ?inForce ?complete WHERE {
  ?i ckg:instrumentId ?id ; ckg:atopId ?atop .
  OPTIONAL { ?i rdfs:label ?label }
  OPTIONAL { ?i ckg:signatureDate ?signed }
  OPTIONAL { ?i ckg:entryIntoForce ?inForce }
  OPTIONAL { ?l ckg:listOf ?i ; ckg:completeness ?complete }
} ORDER BY ?atop"""

MEMBERSHIPS = PREFIX + """
SELECT ?i ?code ?from ?fromEarliest ?fromLatest ?until ?endEarliest ?endLatest ?endBasis WHERE {
  ?m ckg:partyTo ?i ; ckg:member/ckg:code ?code .
  OPTIONAL { ?m ckg:partyFrom ?from }
  OPTIONAL { ?m ckg:partyFromNoEarlierThan ?fromEarliest }
  OPTIONAL { ?m ckg:partyFromNoLaterThan ?fromLatest }
  OPTIONAL { ?m ckg:partyUntil ?until }
  OPTIONAL { ?m ckg:endedNoEarlierThan ?endEarliest }
  OPTIONAL { ?m ckg:endedNoLaterThan ?endLatest }
  OPTIONAL { ?m ckg:endBasis ?endBasis }
}"""

STATUSES = PREFIX + """
SELECT ?i ?code ?kind ?from ?until WHERE {
  ?m ckg:partyTo ?i ; ckg:member/ckg:code ?code ; ckg:hasStatusChange ?s .
  ?s a ?kind . ?kind rdfs:subClassOf ckg:StatusChange .
  OPTIONAL { ?s ckg:statusFrom ?from } OPTIONAL { ?s ckg:statusUntil ?until }
}"""

#: ATOP v4 ends its coverage in 2018: a membership that began later cannot be in it.
ATOP_LAST_YEAR = 2018


def _date(y: str, m: str, d: str) -> str:
    """An ATOP date as ISO text; an unknown month or day (0) leaves that part out."""
    y, m, d = int(y or 0), int(m or 0), int(d or 0)
    if not y:
        return ""
    if not m:
        return f"{y:04d}"
    if not d:
        return f"{y:04d}-{m:02d}"
    return f"{y:04d}-{m:02d}-{d:02d}"


def read_atop(path) -> dict[str, list[dict]]:
    """The extract's rows by ATOP id, each with ``iso3``, ``entry``, ``exit`` and ``phase``."""
    try:
        with open(path, encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
    except OSError as exc:
        raise InputError(f"{path}: cannot read the ATOP extract ({exc.strerror})") from None
    need = {"atopid", "iso3", "yrent", "moent", "dayent", "yrexit", "moexit", "dayexit", "phase"}
    if not rows or need - set(rows[0]):
        raise InputError(f"{path}:1: the ATOP extract needs the columns {', '.join(sorted(need))}")
    out: dict[str, list[dict]] = defaultdict(list)
    for n, r in enumerate(rows, 2):
        if not r["iso3"]:
            raise InputError(f"{path}:{n}: row without an iso3 code")
        out[r["atopid"]].append({"iso3": r["iso3"], "name": r.get("state_name", ""),
                                 "entry": _date(r["yrent"], r["moent"], r["dayent"]),
                                 "exit": _date(r["yrexit"], r["moexit"], r["dayexit"]),
                                 "phase": r["phase"]})
    return out


def spells(rows: list[dict]) -> list[tuple[str, str]]:
    """One state's ATOP rows as spells (entry, exit): phases that follow on are one spell."""
    out: list[list[str]] = []
    for r in sorted(rows, key=lambda r: r["entry"]):
        if out and (not out[-1][1] or out[-1][1] >= r["entry"]):
            if out[-1][1] and (not r["exit"] or r["exit"] > out[-1][1]):
                out[-1][1] = r["exit"]
            elif not r["exit"]:
                out[-1][1] = ""
            continue
        out.append([r["entry"], r["exit"]])
    return [(a, b) for a, b in out]


def _same(a: str, b: str) -> bool:
    """Two dates agree: equal, or one is a month or year the other falls in."""
    return bool(a) and bool(b) and (a.startswith(b) or b.startswith(a))


def _graph_start(m: dict) -> str:
    return m["from"] or f"{m['fromEarliest']}..{m['fromLatest']}"


def _graph_end(m: dict) -> str:
    if m["until"]:
        return m["until"]
    if m["endLatest"]:
        return f"{m['endEarliest'] or '?'}..{m['endLatest']}"
    return ""


def _in_window(date: str, lo: str, hi: str) -> bool:
    return bool(date) and bool(hi) and (lo or "") <= date[:10] <= hi


def _explain_start(atop: str, m: dict, inst: dict) -> str | None:
    start = m["from"]
    if not start:
        if _in_window(atop, m["fromEarliest"], m["fromLatest"]):
            return None
        return "the graph knows the start only within a window, and ATOP's date is outside it"
    if _same(atop, start):
        return None
    if atop and atop == inst["signed"]:
        return ("ATOP dates the original parties from the signature of the treaty; the graph "
                "from the day the state was bound (its deposit, or the entry into force)")
    if atop and atop < start:
        return ("ATOP's date is earlier: ATOP usually dates an entry from a signature (of the "
                "treaty or of an accession protocol); the graph from the deposit or entry into "
                "force that bound the state")
    return "ATOP's date is later than the day the graph's record shows the state bound"


def _explain_end(atop: str, m: dict, statuses: list[dict]) -> str | None:
    end = _graph_end(m)
    if not atop and not end:
        return None
    if atop and end:
        if _same(atop, end) or ".." in end and _in_window(atop, m["endEarliest"], m["endLatest"]):
            return None
        if ".." in end:
            return "the graph knows the end only within a window, and ATOP's exit is outside it"
        return ("the exit dates differ: ATOP may date it from a notice or a signature, the "
                "graph from the day the state ceased to be bound")
    if atop and not end:
        year = atop[:4]
        for s in statuses:
            if (s["from"] or "")[:4] == year:
                kind = s["kind"].rsplit("#", 1)[-1]
                return (f"ATOP codes as an exit what the graph records as a status, not an end "
                        f"of membership ({kind} from {s['from']}): the state stayed a party")
        return "ATOP ends the membership; the graph's record shows no end"
    if int(end[-10:][:4]) > ATOP_LAST_YEAR:
        return f"the membership ended after ATOP v4's last year ({ATOP_LAST_YEAR})"
    return "the graph's record shows an end that ATOP does not code"


def compare(kg) -> list[dict]:
    """One entry per instrument coded by ATOP: its rows compared and the differences."""
    atop = read_atop(kg.project.atop_members_file())
    instruments = {}
    for r in kg.store.query(INSTRUMENTS):
        iid = r["id"].value
        inst = instruments.setdefault(iid, {
            "iri": r["i"].value, "id": iid, "label": r["label"].value if r["label"] else iid,
            "atop": r["atop"].value, "signed": r["signed"].value if r["signed"] else "",
            "complete": None})
        if r["complete"] is not None:
            inst["complete"] = r["complete"].value.endswith("#CompleteList")
    members: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for r in kg.store.query(MEMBERSHIPS):
        members[(r["i"].value, r["code"].value)].append(
            {k: (r[k].value if r[k] is not None else "") for k in
             ("from", "fromEarliest", "fromLatest", "until", "endEarliest", "endLatest")})
    statuses: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for r in kg.store.query(STATUSES):
        statuses[(r["i"].value, r["code"].value)].append(
            {"kind": r["kind"].value, "from": r["from"].value if r["from"] else ""})

    for v in statuses.values():  # a stable order: query results come in no fixed order
        v.sort(key=lambda s: (s["from"], s["kind"]))
    out = []
    for inst in sorted(instruments.values(), key=lambda x: x["id"]):
        rows = atop.get(inst["atop"], [])
        by_state: dict[str, list[dict]] = defaultdict(list)
        for r in rows:
            by_state[r["iso3"]].append(r)
        graph_codes = {code for (i, code) in members if i == inst["iri"]}
        diffs, agree = [], 0
        for code in sorted(set(by_state) | graph_codes):
            ms = sorted(members.get((inst["iri"], code), []),
                        key=lambda m: (_graph_start(m), _graph_end(m)))
            ss = spells(by_state.get(code, []))
            name = by_state[code][0]["name"] if code in by_state else ""
            if not ms:
                why = ("the graph's list of parties is partial; ATOP's row is a lead for it"
                       if inst["complete"] is False else
                       "not a party in the record the graph follows")
                for a, b in ss:
                    diffs.append({"code": code, "name": name, "atop": f"{a} – {b}",
                                  "graph": "—", "why": why})
                continue
            if not ss:
                for m in ms:
                    start = _graph_start(m)
                    why = (f"became a party after ATOP v4's last year ({ATOP_LAST_YEAR})"
                           if start[:4].isdigit() and int(start[:4]) > ATOP_LAST_YEAR else
                           "ATOP does not code this state as a member of the alliance")
                    diffs.append({"code": code, "name": name, "atop": "—",
                                  "graph": f"{start} – {_graph_end(m)}", "why": why})
                continue
            if len(ss) != len(ms):
                diffs.append({"code": code, "name": name,
                              "atop": "; ".join(f"{a} – {b}" for a, b in ss),
                              "graph": "; ".join(f"{_graph_start(m)} – {_graph_end(m)}"
                                                 for m in ms),
                              "why": _explain_spells(ss, ms, statuses.get((inst["iri"], code),
                                                                          []))})
                continue
            for (a, b), m in zip(ss, ms, strict=True):
                whys = [w for w in (_explain_start(a, m, inst),
                                    _explain_end(b, m, statuses.get((inst["iri"], code), [])))
                        if w]
                if whys:
                    diffs.append({"code": code, "name": name, "atop": f"{a} – {b}",
                                  "graph": f"{_graph_start(m)} – {_graph_end(m)}",
                                  "why": "; ".join(whys)})
                else:
                    agree += 1
        out.append({**inst, "rows": len(rows), "agree": agree, "differences": diffs})
    return out


def _explain_spells(ss, ms, statuses) -> str:
    if len(ss) > len(ms):
        for s in statuses:
            if any((s["from"] or "")[:4] == (b or "")[:4] for _, b in ss):
                kind = s["kind"].rsplit("#", 1)[-1]
                return (f"ATOP splits the membership where the graph records a status, not an "
                        f"end ({kind} from {s['from']}): the state stayed a party")
        return "ATOP records more spells of membership than the graph's record shows"
    return "the graph's record shows more spells of membership than ATOP codes"


def crosscheck_markdown(kg) -> str:
    """The text of docs/crosscheck-atop.md."""
    results = compare(kg)
    out = ["# The graph's memberships beside ATOP's", "",
           "Generated from the graph and `data/crosswalk/atop-members.csv` by `charterkg "
           "crosscheck` (`make docs`); do not edit by hand. A test keeps it current.", "",
           "ATOP (Alliance Treaty Obligations and Provisions, version 4.01; Leeds, Ritter, "
           "Mitchell and Long 2002, *International Interactions* 28(3): 237-260) codes each "
           "alliance member by member. It is an academic dataset: a lead and an independent "
           "check, never the graph's source for a date. Its entries are usually signature "
           "dates, its coverage ends in 2018, and some of its exits are political suspensions. "
           "Every difference is listed with what explains it; dates are ISO (a year or month "
           "alone where ATOP leaves the rest unknown), `a..b` is a window the graph records "
           "when the sources give only bounds.", "",
           "| instrument | ATOP id | ATOP rows | states agreeing | differences |",
           "|---|---|---|---|---|"]
    for r in results:
        out.append(f"| `{r['id']}` | {r['atop']} | {r['rows']} | {r['agree']} | "
                   f"{len(r['differences'])} |")
    for r in results:
        out += ["", f"## {r['label']} (`{r['id']}`, ATOP {r['atop']})", ""]
        if not r["differences"]:
            out.append("No differences.")
            continue
        out += ["| state | ATOP | graph | explanation |", "|---|---|---|---|"]
        for d in r["differences"]:
            out.append(f"| {d['code']} | {d['atop']} | {d['graph']} | {d['why']} |")
    return "\n".join(out) + "\n"
