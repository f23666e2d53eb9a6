"""Generated documentation: docs/coverage.md (what each instrument holds, so gaps show) and
docs/validation.md (every check `charterkg validate` makes, with its reason and an example)."""

from __future__ import annotations

from collections import defaultdict

from .results import short

PREFIX = "PREFIX ckg: <https://w3id.org/charterkg/ontology#>\n" \
         "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n" \
         "PREFIX dct: <http://purl.org/dc/terms/>\n"

INSTRUMENTS = PREFIX + """
SELECT ?i ?id ?label ?signed ?inForce ?end ?endBound WHERE {
  ?i ckg:instrumentId ?id .
  OPTIONAL { ?i rdfs:label ?label }
  OPTIONAL { ?i ckg:signatureDate ?signed }
  OPTIONAL { ?i ckg:entryIntoForce ?inForce }
  OPTIONAL { ?i ckg:endDate ?end }
  OPTIONAL { ?i ckg:endedNoLaterThan ?endBound }
} ORDER BY ?id"""

PROVISIONS = PREFIX + """
SELECT ?i ?label ?ord WHERE { ?p ckg:inInstrument ?i ; ckg:articleLabel ?label .
  OPTIONAL { ?p ckg:ordinal ?ord } }"""

NORMS = PREFIX + """
SELECT ?i ?norm ?type WHERE { ?norm ckg:establishedBy ?p ; a ?type .
  ?p ckg:inInstrument ?i . ?type rdfs:subClassOf* ckg:Norm }"""

ORGANS = PREFIX + """
SELECT DISTINCT ?i ?organ ?label WHERE { ?organ a ?t ; ckg:establishedBy ?p .
  ?t rdfs:subClassOf* ckg:Organ . ?p ckg:inInstrument ?i . OPTIONAL { ?organ rdfs:label ?label } }"""

RULES = PREFIX + """
SELECT ?i ?rule WHERE { ?rule a ckg:DecisionRule ; ckg:establishedBy ?p . ?p ckg:inInstrument ?i }"""

MECHANISMS = PREFIX + """
SELECT DISTINCT ?i ?m WHERE { ?m a ?t ; ckg:establishedBy ?p . ?t rdfs:subClassOf* ckg:Mechanism .
  ?p ckg:inInstrument ?i }"""

PARTIES = PREFIX + """
SELECT ?i ?m ?code ?until ?bound ?fromWindow ?grade WHERE {
  ?m ckg:partyTo ?i ; ckg:member ?s . ?s ckg:code ?code .
  OPTIONAL { ?m ckg:partyUntil ?until } OPTIONAL { ?m ckg:endedNoLaterThan ?bound }
  OPTIONAL { ?m ckg:partyFromNoLaterThan ?fromWindow } OPTIONAL { ?m ckg:evidenceGrade ?grade } }"""

STATUS = PREFIX + """
SELECT ?i ?sc ?grade WHERE { ?m ckg:partyTo ?i ; ckg:hasStatusChange ?sc .
  OPTIONAL { ?sc ckg:evidenceGrade ?grade } }"""

LISTS = PREFIX + """
SELECT ?i ?completeness ?asOf ?gap (GROUP_CONCAT(DISTINCT STR(?src); separator=" ") AS ?record)
WHERE { ?l ckg:listOf ?i ; ckg:completeness ?completeness .
  OPTIONAL { ?l ckg:completeAsOf ?asOf } OPTIONAL { ?l ckg:gapNote ?gap }
  OPTIONAL { ?l dct:source ?src } } GROUP BY ?i ?l ?completeness ?asOf ?gap"""

ARTICLE_LISTS = PREFIX + """
SELECT ?i ?count ?missing ?gap WHERE { ?l a ckg:ArticleList ; ckg:listOf ?i ; ckg:articleCount ?count .
  OPTIONAL { ?l ckg:missingArticle ?missing } OPTIONAL { ?l ckg:gapNote ?gap } }"""

ARTICLES = PREFIX + """
SELECT DISTINCT ?i ?label WHERE { ?p a ckg:Article ; ckg:inInstrument ?i ; ckg:articleLabel ?label }"""

GRADES = ("OfficialRecord", "TranscribedOfficialRecord", "SecondarySource")

SOURCES = PREFIX + """
SELECT DISTINCT ?i ?src WHERE {
  { ?i ckg:instrumentId ?id . ?i dct:source ?src }
  UNION { ?x ckg:inInstrument ?i ; dct:source ?src }
  UNION { ?x ckg:establishedBy ?p . ?p ckg:inInstrument ?i . ?x dct:source ?src }
  UNION { ?x ckg:partyTo ?i ; dct:source ?src } }"""


def _rows(kg, q):
    return list(kg.store.query(q))


def coverage_markdown(kg) -> str:
    by = defaultdict(lambda: defaultdict(list))
    for r in _rows(kg, PROVISIONS):
        order = int(r["ord"].value) if r["ord"] is not None and r["ord"].value.isdigit() else 9999
        by[r["i"].value]["provisions"].append((order, r["label"].value))
    for r in _rows(kg, NORMS):
        by[r["i"].value]["norms"].append((r["norm"].value, short(r["type"])))
    for r in _rows(kg, ORGANS):
        by[r["i"].value]["organs"].append(r["label"].value if r["label"] else short(r["organ"]))
    for r in _rows(kg, RULES):
        by[r["i"].value]["rules"].append(r["rule"].value)
    for r in _rows(kg, MECHANISMS):
        by[r["i"].value]["mechanisms"].append(r["m"].value)
    for r in _rows(kg, PARTIES):
        ended = r["until"] is not None or r["bound"] is not None
        by[r["i"].value]["parties"].append((r["code"].value, ended))
        by[r["i"].value]["windows"].append(r["bound"] is not None or r["fromWindow"] is not None)
        by[r["i"].value]["grades"].append(_grade(r["grade"]))
    for r in _rows(kg, STATUS):
        by[r["i"].value]["grades"].append(_grade(r["grade"]))
        by[r["i"].value]["statuses"].append(r["sc"].value)
    for r in _rows(kg, LISTS):
        by[r["i"].value]["lists"].append(r)
    for r in _rows(kg, ARTICLES):
        by[r["i"].value]["articles"].append(r["label"].value)
    for r in _rows(kg, ARTICLE_LISTS):
        d = by[r["i"].value]
        d["article_count"] = [int(r["count"].value)]
        d["gap"] = [r["gap"].value] if r["gap"] is not None else []
        if r["missing"] is not None:
            d["missing"].append(r["missing"].value)
    for r in _rows(kg, SOURCES):
        by[r["i"].value]["sources"].append(r["src"].value)

    out = ["# Coverage", "",
           "Generated from the graph by `charterkg coverage` (`make docs`); do not edit by hand.",
           "Counts are what the graph holds; gaps are what a source could not confirm (see each",
           "instrument's `rdfs:comment`s and the data guide).", "",
           "| instrument | signed | in force | ended | articles | provisions | norms | organs | "
           "rules | mechanisms | memberships (ended) | sources |",
           "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    instruments = _rows(kg, INSTRUMENTS)
    for r in instruments:
        d = by[r["i"].value]
        parties = d["parties"]
        end = r["end"].value if r["end"] else (f"by {r['endBound'].value}" if r["endBound"]
                                                   else "")
        out.append(f"| `{r['id'].value}` | {_v(r['signed'])} | {_v(r['inForce'])} | {end} | "
                   f"{_articles(d)} | {len(d['provisions'])} | {len(set(n for n, _ in d['norms']))} | "
                   f"{len(set(d['organs']))} | {len(set(d['rules']))} | "
                   f"{len(set(d['mechanisms']))} | {len(parties)} "
                   f"({sum(e for _, e in parties)}) | {len(set(d['sources']))} |")
    out += ["", "## Parties: how complete, and on what evidence", "",
            "A list is *complete* when it holds every party and every change of membership of "
            "the record it names, up to the date that record speaks for; answers about later "
            "dates, and every answer that rests on a *partial* list, say that they may be "
            "incomplete. Dates known only within a window are counted as windows. Facts are "
            "the memberships and status changes, counted by the grade of their evidence: "
            "official record / transcription of an official record / secondary source "
            "(/ ungraded).", "",
            "| instrument | parties ever | memberships (ended; with a window) | status changes "
            "| list | as of | facts by grade |",
            "|---|---|---|---|---|---|---|"]
    for r in instruments:
        d = by[r["i"].value]
        if not d["parties"] and not d["lists"]:
            continue
        lists = d["lists"]
        state = ", ".join(_completeness(x) for x in lists) or "**not stated**"
        as_of = ", ".join(_v(x["asOf"]) for x in lists)
        grades = [d["grades"].count(g) for g in GRADES]
        ungraded = d["grades"].count("")
        out.append(f"| `{r['id'].value}` | {len({c for c, _ in d['parties']})} | "
                   f"{len(d['parties'])} ({sum(e for _, e in d['parties'])}; "
                   f"{sum(d['windows'])}) | {len(set(d['statuses']))} | {state} | {as_of} | "
                   f"{' / '.join(map(str, grades))}" + (f" / {ungraded}" if ungraded else "")
                   + " |")
    for r in instruments:
        d = by[r["i"].value]
        label = r["label"].value if r["label"] else r["id"].value
        out += ["", f"## {label} (`{r['id'].value}`)", ""]
        if d["article_count"]:
            line = f"- Articles: {_articles(d)}"
            if d["missing"]:
                line += (f"; missing: {', '.join(sorted(set(d['missing']), key=_label_order))}"
                         f" ({' '.join(d['gap'])})")
            out.append(line)
        labels = [lab for _, lab in sorted(set(d["provisions"]))]
        out.append(f"- Provisions ({len(labels)}): " + (", ".join(labels) or "none"))
        kinds = defaultdict(int)
        for _, t in set(d["norms"]):
            kinds[t] += 1
        out.append("- Norms by class: " + (", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))
                                           or "none"))
        out.append("- Organs: " + (", ".join(sorted(set(d["organs"]))) or "none"))
        out.append(f"- Decision rules: {len(set(d['rules']))}; mechanisms: "
                   f"{len(set(d['mechanisms']))}")
        codes = sorted({c for c, _ in d["parties"]})
        out.append(f"- Parties ever recorded ({len(codes)}): " + (", ".join(codes) or "none"))
        for x in d["lists"]:
            records = ", ".join(f"<{u}>" for u in sorted(_v(x["record"]).split()))
            line = (f"- List of parties: {_completeness(x)}, as of {_v(x['asOf'])}, "
                    f"according to {records}")
            if x["gap"] is not None:
                line += f". Missing: {x['gap'].value}"
            out.append(line)
        if codes and not d["lists"]:
            out.append("- List of parties: the graph does not state whether it is complete")
        out.append(f"- Distinct sources cited: {len(set(d['sources']))}")
    return "\n".join(out) + "\n"


def _articles(d) -> str:
    """'present/N' from the article list, or '?' where the instrument declares no size."""
    if not d["article_count"]:
        return "?"
    return f"{len(set(d['articles']))}/{d['article_count'][0]}"


def _label_order(label: str):
    digits = "".join(ch for ch in label if ch.isdigit())
    return (int(digits) if digits else 0, label)


def _grade(term) -> str:
    return term.value.rsplit("#", 1)[-1] if term is not None else ""


def _completeness(row) -> str:
    return "complete" if row["completeness"].value.endswith("#CompleteList") else "**partial**"


def _v(term) -> str:
    return term.value if term is not None else ""


SHAPES = """
PREFIX sh: <http://www.w3.org/ns/shacl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?shape ?message ?severity ?comment ?parentComment WHERE {
  ?shape sh:message ?message .
  FILTER (isIRI(?shape))
  OPTIONAL { ?shape sh:severity ?severity }
  OPTIONAL { ?shape rdfs:comment ?comment }
  OPTIONAL { ?parent sh:property ?shape . ?parent rdfs:comment ?parentComment }
}"""

OTHER_CHECKS = [
    ("vocabulary", "Every IRI in the ckg: namespace that the data uses is a term of the ontology "
     "(with a did-you-mean for a near miss).", "A property spelled ckg:hasBearr."),
    ("reference", "Every state, instrument, provision or organ the data refers to is defined in "
     "the graph or in the files given.", "A membership of state:XYZ, which no file defines."),
    ("literal", "Every typed literal is a value of its datatype: a date is a real day of the "
     "calendar, a number is a number; no engine ever sees an ill-typed value.",
     "\"2020-13-45\"^^xsd:date."),
]


def validation_markdown(kg) -> str:
    """The text of docs/validation.md: every shape and check query, with its reason and the
    cases of tests/fixtures/ that it catches (where the checkout has them)."""
    from .catalog import parse_query_file

    examples = _fixture_examples(kg.project.root)
    out = ["# What `charterkg validate` checks", "",
           "Generated from the shapes (ontology/shapes/) and the check queries (queries/checks/) "
           "by `charterkg checks` (`make docs`); do not edit by hand. Each check names the rule "
           "of law or of logic it applies; the example is a test case (tests/fixtures/) that "
           "the check catches.", "",
           "## Shapes (SHACL)", "",
           "| shape | severity | message | why | example it catches |", "|---|---|---|---|---|"]
    rows = {}
    for r in kg.store.query(SHAPES):
        name = r["shape"].value.rsplit("#", 1)[-1]
        why = _v(r["comment"]) or _v(r["parentComment"])
        row = (_v(r["severity"]).rsplit("#", 1)[-1] or "Violation", _v(r["message"]), why)
        rows[name] = min(rows.get(name, row), row)  # a stable choice where a shape has two
    for name in sorted(rows):
        severity, message, why = rows[name]
        ex = "; ".join(examples.get(name, [])[:2])
        out.append(f"| `{name}` | {severity} | {_cell(message)} | {_cell(why)} | {_cell(ex)} |")
    out += ["", "## Checks of logic (queries/checks/)", "",
            "| check | severity | rule | why | example it catches |", "|---|---|---|---|---|"]
    for path in kg.project.check_files():
        q = parse_query_file(path)
        ex = "; ".join(examples.get(f"query:{q.name}", [])[:2])
        out.append(f"| `{q.name}` | {q.severity} | {_cell(q.summary)} | "
                   f"{_cell(q.description)} | {_cell(ex)} |")
    out += ["", "## Other checks", "", "| check | rule | example |", "|---|---|---|"]
    for name, rule, ex in OTHER_CHECKS:
        out.append(f"| `{name}` | {rule} | {_cell(ex)} |")
    return "\n".join(out) + "\n"


def _fixture_examples(root) -> dict[str, list[str]]:
    """Shape or check name -> the names of the test cases that expect it."""
    import yaml

    out: dict[str, list[str]] = defaultdict(list)
    for name, col in (("shape-cases.yaml", 3), ("check-cases.yaml", 1)):
        path = root / "tests" / "fixtures" / name
        if not path.is_file():
            continue
        for case in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            for e in case.get("expect") or []:
                key = str(e[col]).split(":", 1)[-1] if col == 3 else str(e[col])
                if case["name"] not in out[key]:
                    out[key].append(case["name"])
    return out


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")
