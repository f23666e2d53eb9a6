"""docs/coverage.md, generated from the graph: what each instrument holds, so gaps show."""

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
SELECT ?i ?m ?code ?until ?bound WHERE { ?m ckg:partyTo ?i ; ckg:member ?s . ?s ckg:code ?code .
  OPTIONAL { ?m ckg:partyUntil ?until } OPTIONAL { ?m ckg:endedNoLaterThan ?bound } }"""

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
    for r in _rows(kg, SOURCES):
        by[r["i"].value]["sources"].append(r["src"].value)

    out = ["# Coverage", "",
           "Generated from the graph by `charterkg coverage` (`make docs`); do not edit by hand.",
           "Counts are what the graph holds; gaps are what a source could not confirm (see each",
           "instrument's `rdfs:comment`s and the data guide).", "",
           "| instrument | signed | in force | ended | provisions | norms | organs | rules | "
           "mechanisms | memberships (ended) | sources |",
           "|---|---|---|---|---|---|---|---|---|---|---|"]
    instruments = _rows(kg, INSTRUMENTS)
    for r in instruments:
        d = by[r["i"].value]
        parties = d["parties"]
        end = r["end"].value if r["end"] else (f"by {r['endBound'].value}" if r["endBound"]
                                                   else "")
        out.append(f"| `{r['id'].value}` | {_v(r['signed'])} | {_v(r['inForce'])} | {end} | "
                   f"{len(d['provisions'])} | {len(set(n for n, _ in d['norms']))} | "
                   f"{len(set(d['organs']))} | {len(set(d['rules']))} | "
                   f"{len(set(d['mechanisms']))} | {len(parties)} "
                   f"({sum(e for _, e in parties)}) | {len(set(d['sources']))} |")
    for r in instruments:
        d = by[r["i"].value]
        label = r["label"].value if r["label"] else r["id"].value
        out += ["", f"## {label} (`{r['id'].value}`)", ""]
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
        out.append(f"- Distinct sources cited: {len(set(d['sources']))}")
    return "\n".join(out) + "\n"


def _v(term) -> str:
    return term.value if term is not None else ""
