"""Every article in the wording of its date (issue 11): the defects a legal review found, each
with its expected value taken from the text of the instrument (quoted beside each test), and
one wording of each article on any day."""

from __future__ import annotations

import json
from collections import defaultdict

import pytest

from charterkg.cli import main


def val(row, var):
    t = row.get(var)
    return t.value if t is not None else ""


def in_force(kg, instrument, date):
    """article label -> the provisions in force that day with that label, and their quotes."""
    out = defaultdict(dict)
    for r in kg.query("provisions-in-force", instrument=instrument, date=date).rows:
        out[val(r, "article")].setdefault(val(r, "provision"), []).append(val(r, "quote"))
    return out


# dates around every amendment or renumbering the graph models, and a few ordinary days
DATES = {
    "un-charter": ["1945-10-24", "1950-01-01", "1965-08-30", "1965-08-31", "1968-06-11",
                   "1968-06-12", "1973-09-23", "1973-09-24", "2020-01-01"],
    "north-atlantic-treaty": ["1950-06-01", "1952-02-17", "1952-02-18", "2020-01-01"],
    "modified-brussels-treaty": ["1950-06-01", "1955-05-05", "1955-05-06", "2000-01-01"],
    "collective-security-treaty": ["2000-01-01", "2012-12-18", "2012-12-19", "2024-06-01"],
    "csto-charter": ["2005-01-01", "2012-12-18", "2012-12-19", "2024-06-01"],
    "teu": ["1995-01-01", "1999-04-30", "1999-05-01", "2003-01-31", "2003-02-01",
            "2009-11-30", "2009-12-01", "2020-01-01"],
}


@pytest.mark.parametrize("instrument,date", [(i, d) for i, ds in DATES.items() for d in ds])
def test_one_wording_of_each_article_on_each_day(kg, instrument, date):
    doubles = {label: sorted(ps) for label, ps in in_force(kg, instrument, date).items()
               if len(ps) > 1}
    assert not doubles, doubles


def test_un_charter_art_109_in_its_1945_wording_until_1968(kg):
    # 1945: "by a vote of any seven members of the Security Council"; the amendment of 109(1)
    # came into force on 12 June 1968: "by a vote of any nine members of the Security Council"
    (q1950,) = in_force(kg, "un-charter", "1950-01-01")["109(1)"].values()
    assert "any seven members of the Security Council" in q1950[0]
    (q1968,) = in_force(kg, "un-charter", "1968-06-12")["109(1)"].values()
    assert "any nine members of the Security Council" in q1968[0]


def test_un_charter_art_23_has_one_wording_in_1950(kg):
    # "The Security Council shall consist of eleven Members" (1945); "fifteen" from 31 Aug 1965
    quotes = [q for qs in in_force(kg, "un-charter", "1950-01-01")["23(1)"].values() for q in qs]
    assert len(quotes) == 1 and "eleven Members" in quotes[0]
    everything = " ".join(q for ps in in_force(kg, "un-charter", "1950-01-01").values()
                          for qs in ps.values() for q in qs)
    assert "fifteen Members of the United Nations" not in everything
    later = [q for qs in in_force(kg, "un-charter", "1965-08-31")["23(1)"].values() for q in qs]
    assert len(later) == 1 and "fifteen Members" in later[0]


def test_art_27_3_excludes_parties_to_a_dispute_only_under_chapter_vi_and_art_52_3(kg):
    # "provided that, in decisions under Chapter VI, and under paragraph 3 of Article 52, a
    # party to a dispute shall abstain from voting"
    rows = [r for r in kg.query("decision-rules", instrument="un-charter",
                                date="2020-01-01").rows if val(r, "article") == "27(3)"]
    excluding = [r for r in rows if val(r, "excludesInterestedParties") in ("true", "1")]
    general = [r for r in rows if val(r, "excludesInterestedParties") not in ("true", "1")]
    assert excluding and general
    assert all("Chapter VI" in val(r, "matter") and "52" in val(r, "matter") for r in excluding)


def test_veto_holders_follow_the_permanent_seats(kg):
    # the Russian Federation continues the USSR's seat from 24 December 1991 (UN record)
    rows = [r for r in kg.query("veto-holders", instrument="un-charter").rows
            if val(r, "article") == "27(3)" and not val(r, "inForceUntil")]
    held = {val(r, "code"): (val(r, "holderFrom"), val(r, "holderUntil")) for r in rows}
    assert held["RUS"] == ("1991-12-24", "")
    assert held["SUHH"] == ("1945-10-24", "1991-12-24")
    assert {"CHN", "FRA", "GBR", "USA"} <= set(held)


def test_sovereign_equality_is_art_2_1(kg):
    # Art. 2(1): "The Organization is based on the principle of the sovereign equality of all
    # its Members." Art. 2(7) is the domestic-jurisdiction clause.
    rows = kg.sparql("""SELECT DISTINCT ?label WHERE {
        { ?p ckg:principle ckg:SovereignEquality } UNION
        { ?n ckg:principle ckg:SovereignEquality ; ckg:establishedBy ?p }
        ?p ckg:inInstrument inst:un-charter ; ckg:articleLabel ?label }""").rows
    assert {val(r, "label") for r in rows} == {"2(1)"}


def test_france_in_1950_is_answered_in_the_numbering_and_wording_of_1950(kg, capsys):
    # Brussels Treaty 1948: mutual assistance is Art. IV; the Paris Protocol (in force
    # 6 May 1955) made it Art. V. North Atlantic Treaty Art. 6: Turkey was added by the
    # Protocol on the accession of Greece and Turkey, in force 18 February 1952.
    assert main(["explain", "attack", "--state", "FRA", "--date", "1950-06-01",
                 "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    articles = {c["instrument_id"]: c for c in doc["clauses"]}
    assert articles["modified-brussels-treaty"]["article"] == "IV"
    assert "Turkey" not in articles["north-atlantic-treaty"]["scope"]
    assert main(["explain", "attack", "--state", "FRA", "--date", "1960-06-01",
                 "--format", "json"]) == 0
    later = {c["instrument_id"]: c for c in json.loads(capsys.readouterr().out)["clauses"]}
    assert later["modified-brussels-treaty"]["article"] == "V"
    assert "Turkey" in later["north-atlantic-treaty"]["scope"]
    (q6,) = in_force(kg, "north-atlantic-treaty", "1960-06-01")["6"].values()
    assert "on the territory of Turkey" in " ".join(q6)


def test_rio_discretion_is_cited_to_art_3_2(kg, capsys):
    # Art. 3(2): "each one of the Contracting Parties may determine the immediate measures
    # which it may individually take in fulfillment of the obligation contained in the
    # preceding paragraph"
    assert main(["explain", "attack", "--state", "MEX", "--date", "2003-06-01"]) == 0
    text = capsys.readouterr().out
    line = next(x for x in text.splitlines() if "may determine the immediate measures" in x)
    assert line.rstrip().endswith("(Art. 3(2))")


def test_seato_treaty_area_includes_the_south_west_pacific(kg):
    # Art. VIII: "the general area of South-East Asia, including also the entire territories
    # of the Asian Parties, and the general area of the South-West Pacific not including the
    # Pacific area north of 21 degrees 30 minutes north latitude"
    labels = [val(r, "scopeLabel") for r in kg.query("territorial-scopes").rows
              if val(r, "id") == "seato" and val(r, "article") == "IV(1)"]
    area = [lab for lab in labels if "Art. VIII" in lab]
    assert area and all("South-West Pacific" in lab and "21 degrees 30 minutes" in lab
                        for lab in area)


def test_collective_security_treaty_art_4_after_the_2010_protocol(kg):
    # the Protocol of 10 December 2010 rewrote Art. 4; it entered into force on 19 December
    # 2012 (Bulletin of International Treaties of the Republic of Kazakhstan 2013, No. 1)
    for date, start in (("2005-01-01", ""), ("2022-01-01", "2012-12-19"),
                        ("2024-06-01", "2012-12-19")):
        rows = [r for r in kg.query("provisions-in-force", instrument="collective-security-"
                                    "treaty", date=date).rows if val(r, "article") == "4"]
        assert len({val(r, "provision") for r in rows}) == 1
        assert val(rows[0], "inForceFrom") == start, date


def test_the_arab_league_treaty_gives_one_account_of_its_signature(kg):
    # signed at Alexandria on 17 June 1950 (Morocco's Bulletin officiel No. 6344: "الموقعة
    # بالإسكندرية في 17 يونيو 1950")
    rows = kg.sparql("""SELECT ?date ?comment WHERE { inst:arab-league-joint-defence-treaty
        ckg:signatureDate ?date . OPTIONAL { inst:arab-league-joint-defence-treaty
        rdfs:comment ?comment } }""").rows
    assert {val(r, "date") for r in rows} == {"1950-06-17"}
    assert not [r for r in rows if "signature date not recorded" in val(r, "comment").lower()
                or "signature date is not recorded" in val(r, "comment").lower()]


def test_explain_gives_every_scope_of_a_clause(kg, capsys):
    # SEATO Art. IV(1) covers the treaty area of Art. VIII and the States and territory the
    # Protocol designates (Cambodia, Laos and Vietnam): both, not one of them
    assert main(["explain", "attack", "--state", "NZL", "--date", "1990-01-01",
                 "--format", "json"]) == 0
    seato = next(c for c in json.loads(capsys.readouterr().out)["clauses"]
                 if c["instrument_id"] == "seato")
    assert "South-West Pacific" in seato["scope"] and "Cambodia" in seato["scope"]
