"""Synthetic charterkg projects at a chosen size, shaped like the real data.

Each synthetic instrument has articles, paragraphs, norms (a collective defence clause with
trigger, scope and discretion, consultation, reporting, withdrawal with a notice period), an
organ with decision rules, mechanisms (some without review: warnings), and memberships of real
states over time (some ended, some with status changes). About 1% of instruments carry a
planted violation (a membership that ends before it starts, a threshold above 1), so validation
has something to find. The output is a project folder (ontology, shapes and queries copied from
this repository) that `charterkg.open(folder)` reads like the real one.

    python bench/generate.py --triples 100000 --out bench/.data/100k
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADER = """@prefix ckg:   <https://w3id.org/charterkg/ontology#> .
@prefix dct:   <http://purl.org/dc/terms/> .
@prefix rdfs:  <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:   <http://www.w3.org/2001/XMLSchema#> .
@prefix state: <https://w3id.org/charterkg/id/state/> .
@prefix org:   <https://w3id.org/charterkg/id/org/> .
"""
TRIGGERS = ["ArmedAttack", "Aggression", "CyberOperation", "HybridOperation", "ThreatToSecurity"]
DISCRETION = ["AsItDeemsNecessary", "Automatic", "ConstitutionalProcesses", "OrganDecides"]
MEASURES = ["ArmsEmbargo", "TravelBan", "AssetFreeze", "TradeRestriction"]


def date(rng: random.Random, lo: int, hi: int) -> str:
    return f"{rng.randint(lo, hi)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def instrument_ttl(i: int, rng: random.Random, states: list[str], articles: int,
                   parties: int, broken: bool) -> str:
    iid = f"synthetic-pact-{i:05d}"
    base = f"https://w3id.org/charterkg/id/instrument/{iid}/"
    src = f"<https://example.org/bench/{iid}>"
    signed_year = rng.randint(1946, 2015)
    signed = f"{signed_year}-03-01"
    in_force = f"{signed_year}-09-01"
    organ = f"org:council-{i:05d}"
    out = [f"@prefix p: <{base}> .", HEADER,
           f"""<https://w3id.org/charterkg/id/instrument/{iid}> a ckg:Treaty ;
    ckg:instrumentId "{iid}" ; rdfs:label "Synthetic pact {i}"@en ;
    ckg:signatureDate "{signed}"^^xsd:date ; ckg:entryIntoForce "{in_force}"^^xsd:date ;
    ckg:depositary state:{states[i % len(states)]} ; dct:source {src} .
{organ} a ckg:Council ; rdfs:label "Council of pact {i}"@en ;
    ckg:organOf <https://w3id.org/charterkg/id/instrument/{iid}> ;
    ckg:establishedBy p:art-2 ; dct:source {src} ."""]
    for a in range(1, articles + 1):
        out.append(f"""p:art-{a} a ckg:Article ; ckg:inInstrument <https://w3id.org/charterkg/id/instrument/{iid}> ;
    ckg:articleLabel "{a}" ; ckg:ordinal {a} ; ckg:quote "Article {a} of pact {i}."@en ;
    dct:source {src} .
p:art-{a}-1 a ckg:Paragraph ; ckg:inInstrument <https://w3id.org/charterkg/id/instrument/{iid}> ;
    ckg:subProvisionOf p:art-{a} ; ckg:articleLabel "{a}(1)" ; dct:source {src} .""")
    out.append(f"""p:art-1\\/scope a ckg:TerritorialScope ; rdfs:label "Territory of the parties"@en ;
    ckg:scopeKind ckg:TerritoryOfAnyParty ; ckg:establishedBy p:art-1 ; dct:source {src} .
p:art-1\\/defence a ckg:CollectiveDefenceObligation ; rdfs:label "Assist"@en ;
    ckg:establishedBy p:art-1 ; ckg:hasBearer ckg:EachParty ; ckg:hasBeneficiary ckg:AttackedParty ;
    ckg:actionType ckg:Assist ; ckg:hasTrigger ckg:{rng.choice(TRIGGERS)} ;
    ckg:territorialScope p:art-1\\/scope ; ckg:discretion ckg:{rng.choice(DISCRETION)} ;
    ckg:timing ckg:Immediately ;
    ckg:citesProvision <https://w3id.org/charterkg/id/instrument/un-charter/art-51> ;
    dct:source {src} .
p:art-1\\/report a ckg:ReportingObligation ; ckg:establishedBy p:art-1 ;
    ckg:hasBearer ckg:EachParty ; ckg:actionType ckg:ReportToSecurityCouncil ;
    ckg:timing ckg:Immediately ; dct:source {src} .
p:art-2\\/consult a ckg:ConsultationObligation ; ckg:establishedBy p:art-2 ;
    ckg:hasBearer ckg:EachParty ; ckg:actionType ckg:Consult ; ckg:hasTrigger ckg:ThreatToSecurity ;
    dct:source {src} .
p:art-3\\/withdraw a ckg:Permission ; ckg:establishedBy p:art-3 ; ckg:hasBearer ckg:EachParty ;
    ckg:actionType ckg:Withdraw ; ckg:noticePeriod "P1Y"^^xsd:duration ; dct:source {src} .
p:art-2\\/rule a ckg:DecisionRule ; ckg:ruleOf {organ} ; ckg:ruleKind ckg:QualifiedMajority ;
    ckg:threshold {"1.5" if broken else "0.6667"} ; ckg:establishedBy p:art-2 ; dct:source {src} .
p:art-3\\/measure a ckg:{rng.choice(MEASURES)} ; ckg:establishedBy p:art-3 ; ckg:operatedBy {organ} ;
    {'ckg:reviewPeriod "P6M"^^xsd:duration ; ' if rng.random() < 0.8 else ''}dct:source {src} .""")
    for n, code in enumerate(rng.sample(states, min(parties, len(states)))):
        start_year = rng.randint(signed_year + 1, 2020)
        start = date(rng, start_year, start_year)
        lines = [f"p:party-{code} a ckg:Membership ; ckg:member state:{code} ;",
                 f"    ckg:partyTo <https://w3id.org/charterkg/id/instrument/{iid}> ;",
                 f"    ckg:partyFrom \"{start}\"^^xsd:date ; ckg:basis ckg:Accession ;",
                 "    ckg:evidenceGrade ckg:OfficialRecord ;"]
        if rng.random() < 0.15:
            end_year = min(start_year + rng.randint(2, 20), 2025)
            end = f"{end_year}-12-31" if end_year > start_year else f"{start_year}-12-31"
            if broken and n == 0:
                end = f"{start_year - 1}-01-01"
            lines.append(f"    ckg:partyUntil \"{end}\"^^xsd:date ; ckg:endBasis ckg:Withdrawal ;")
        lines.append(f"    dct:source {src} .")
        out.append("\n".join(lines))
    # how complete the lists are, as every instrument of the real graph says
    out.append(f"""p:parties a ckg:PartyList ; ckg:listOf <https://w3id.org/charterkg/id/instrument/{iid}> ;
    ckg:completeness ckg:CompleteList ; ckg:completeAsOf "2025-01-01"^^xsd:date ;
    ckg:evidenceGrade ckg:OfficialRecord ; dct:source {src} .
p:articles a ckg:ArticleList ; ckg:listOf <https://w3id.org/charterkg/id/instrument/{iid}> ;
    ckg:articleCount {articles} ; dct:source {src} .""")
    return "\n".join(out) + "\n"


def generate(triples: int, out: Path, seed: int = 7) -> Path:
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    (out / "data" / "instruments").mkdir(parents=True)
    shutil.copytree(ROOT / "ontology", out / "ontology")
    shutil.copytree(ROOT / "queries", out / "queries")
    shutil.copy(ROOT / "data" / "states.ttl", out / "data" / "states.ttl")
    # keep the UN Charter: several queries are about it
    shutil.copy(ROOT / "data" / "instruments" / "un-charter.ttl",
                out / "data" / "instruments" / "un-charter.ttl")
    states = [line.split()[0][len("state:"):] for line in
              (ROOT / "data" / "states.ttl").read_text().splitlines()
              if line.startswith("state:") and " a ckg:State" in line]
    articles, parties = 12, 40
    per_instrument = 12 * articles + 80 + 7 * parties  # measured roughly
    count = max(1, triples // per_instrument)
    for i in range(count):
        broken = rng.random() < 0.01
        text = instrument_ttl(i, rng, states, articles, parties, broken)
        (out / "data" / "instruments" / f"synthetic-pact-{i:05d}.ttl").write_text(text)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--triples", type=int, default=10_000)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    generate(args.triples, args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
