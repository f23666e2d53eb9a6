"""A sample of facts per instrument, taken from the texts and depositary records (cited in the
comments), including parties on the days around accessions, withdrawals and ends."""

from __future__ import annotations

import pytest


def instrument(kg, iid):
    import pyoxigraph as ox

    rows = list(kg.store.query("""PREFIX ckg: <https://w3id.org/charterkg/ontology#>
        SELECT ?signed ?inForce ?end ?bound ?_id WHERE {
        ?i ckg:instrumentId ?_id .
        OPTIONAL { ?i ckg:signatureDate ?signed } OPTIONAL { ?i ckg:entryIntoForce ?inForce }
        OPTIONAL { ?i ckg:endDate ?end } OPTIONAL { ?i ckg:endedNoLaterThan ?bound } }""",
                               {ox.Variable("_id"): ox.Literal(iid)}))
    assert len(rows) == 1, iid
    return {k: (rows[0][k].value if rows[0][k] is not None else None)
            for k in ("signed", "inForce", "end", "bound")}


def parties(kg, iid, date):
    return set(kg.query("members-as-of", instrument=iid, date=date).values("code"))


@pytest.mark.parametrize("iid, signed, in_force", [
    ("un-charter", "1945-06-26", "1945-10-24"),        # Charter; UN growth-in-membership page
    ("north-atlantic-treaty", "1949-04-04", "1949-08-24"),  # NATO official texts
    ("rio-treaty", "1947-09-02", "1948-12-03"),        # OAS B-29 record (12/03/48 = 3 Dec)
    ("anzus", "1951-09-01", "1952-04-29"),             # Australian Treaty Series 1952 No 2
    ("seato", "1954-09-08", "1955-02-19"),             # Manila Pact; UNTS No. 2819
    ("warsaw-pact", "1955-05-14", "1955-06-04"),       # Avalon text; Czechoslovak notice 1955
    ("modified-brussels-treaty", "1948-03-17", "1948-08-25"),  # Brussels Treaty
    ("collective-security-treaty", "1992-05-15", "1994-04-20"),  # CSTO: signed Tashkent
    ("csto-charter", "2002-10-07", "2003-09-18"),      # CSTO Charter, Chisinau
    ("teu", "1992-02-07", "1993-11-01"),               # Maastricht
    ("au-constitutive-act", "2000-07-11", "2001-05-26"),  # Lome; AU: in force 26 May 2001
    ("au-psc-protocol", "2002-07-09", "2003-12-26"),   # Durban; AfricanLII
])
def test_signature_and_entry_into_force(kg, iid, signed, in_force):
    facts = instrument(kg, iid)
    assert facts["signed"] == signed and facts["inForce"] == in_force


def test_every_instrument_id_of_the_design_resolves(kg):
    design = {"un-charter", "north-atlantic-treaty", "rio-treaty", "collective-security-treaty",
              "csto-charter", "teu", "anzus", "au-constitutive-act", "au-psc-protocol",
              "arab-league-joint-defence-treaty", "warsaw-pact", "seato",
              "modified-brussels-treaty"}
    assert design <= set(kg.known("instrument"))


def test_teu_parties_around_accessions_and_brexit(kg):
    # EU country list: Austria, Finland, Sweden 1 January 1995; Croatia 1 July 2013;
    # the United Kingdom left on 31 January 2020.
    assert "AUT" not in parties(kg, "teu", "1994-12-31") and "AUT" in parties(kg, "teu", "1995-01-01")
    assert "HRV" not in parties(kg, "teu", "2013-06-30") and "HRV" in parties(kg, "teu", "2013-07-01")
    assert "GBR" in parties(kg, "teu", "2020-01-31") and "GBR" not in parties(kg, "teu", "2020-02-01")
    assert len(parties(kg, "teu", "2020-02-01")) == 27


def test_modified_brussels_treaty_parties_and_end(kg):
    # 1954 Protocol in force 6 May 1955 (Germany, Italy); Spain and Portugal 27 March 1990;
    # terminated with effect from 30 June 2011.
    assert {"DEU", "ITA"} & parties(kg, "modified-brussels-treaty", "1955-05-05") == set()
    assert {"DEU", "ITA"} <= parties(kg, "modified-brussels-treaty", "1955-05-06")
    assert {"ESP", "PRT"} <= parties(kg, "modified-brussels-treaty", "1990-03-27")
    assert parties(kg, "modified-brussels-treaty", "2011-06-30") == set()
    assert instrument(kg, "modified-brussels-treaty")["end"] == "2011-06-30"


def test_collective_security_treaty_parties_after_1999(kg):
    # Azerbaijan, Georgia and Uzbekistan did not extend the treaty in 1999.
    after = parties(kg, "collective-security-treaty", "2000-01-01")
    assert after == {"ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"}
    assert {"AZE", "GEO", "UZB"} <= parties(kg, "collective-security-treaty", "1998-01-01")


def test_warsaw_pact_parties(kg):
    # the eight signatories of 14 May 1955; the GDR left on German unification (3 Oct 1990)
    assert parties(kg, "warsaw-pact", "1960-01-01") == {"ALB", "BGR", "CSHH", "DDDE", "HUN",
                                                       "POL", "ROU", "SUHH"}
    assert "DDDE" in parties(kg, "warsaw-pact", "1990-10-02")
    assert "DDDE" not in parties(kg, "warsaw-pact", "1990-10-03")
    assert parties(kg, "warsaw-pact", "2021-01-01") == set()


def test_anzus_and_seato(kg):
    assert parties(kg, "anzus", "1960-01-01") == {"AUS", "NZL", "USA"}
    assert parties(kg, "seato", "1960-01-01") == {"AUS", "FRA", "GBR", "NZL", "PAK", "PHL",
                                                  "THA", "USA"}
    assert "PAK" not in parties(kg, "seato", "1975-01-01")  # withdrew in 1972-73


def test_rio_treaty_clauses(kg):
    # Art. 3(1): an armed attack against an American State is an attack against all, in
    # exercise of Art. 51; Art. 17: decisions by two-thirds of the ratifying Signatory States.
    clause = kg.query("collective-defence-clause", instrument="rio-treaty").rows
    assert clause and clause[0]["article"].value == "3(1)" and clause[0]["citesArt51"].value == "true"
    thresholds = {r["threshold"].value for r in
                  kg.query("decision-rules", instrument="rio-treaty").rows if r.get("threshold")}
    assert "0.6667" in thresholds


def test_au_constitutive_act_article_4h(kg):
    # Art. 4(h): the right of the Union to intervene pursuant to a decision of the Assembly in
    # respect of grave circumstances.
    rows = kg.query("norms-by-trigger", trigger="GraveCircumstances").rows
    assert any(r["id"].value == "au-constitutive-act" and r["article"].value == "4(h)"
               and r["bearer"].value.endswith("/org/au-assembly") for r in rows)


def test_arab_league_treaty_invokes_article_51(kg):
    cited = {(r["id"].value, r["article"].value)
             for r in kg.query("cites-un-charter-article", article="51").rows}
    assert ("arab-league-joint-defence-treaty", "2") in cited
