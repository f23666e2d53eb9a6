"""The North Atlantic Treaty end to end: answers checked against the treaty's text and NATO's
records (https://www.nato.int/cps/en/natohq/topics_49212.htm), not against the graph."""

from __future__ import annotations

import json

import pytest

from conftest import run

FOUNDERS = {"BEL", "CAN", "DNK", "FRA", "ISL", "ITA", "LUX", "NLD", "NOR", "PRT", "GBR", "USA"}
# NATO enlargement record: date each state became a party.
ACCESSIONS = [
    ("1952-02-18", {"GRC", "TUR"}), ("1955-05-06", {"DEU"}), ("1982-05-30", {"ESP"}),
    ("1999-03-12", {"CZE", "HUN", "POL"}),
    ("2004-03-29", {"BGR", "EST", "LVA", "LTU", "ROU", "SVK", "SVN"}),
    ("2009-04-01", {"ALB", "HRV"}), ("2017-06-05", {"MNE"}), ("2020-03-27", {"MKD"}),
    ("2023-04-04", {"FIN"}), ("2024-03-07", {"SWE"}),
]


def members(kg, date):
    rows = kg.query("members-as-of", instrument="north-atlantic-treaty", date=date)
    return set(rows.values("code"))


def test_29_parties_on_1_january_2020(kg, capsys):
    code, out, _ = run(capsys, "query", "members-as-of", "--param",
                       "instrument=north-atlantic-treaty", "--param", "date=2020-01-01",
                       "--format", "json")
    assert code == 0
    rows = json.loads(out)["results"]["bindings"]
    codes = {r["code"]["value"] for r in rows}
    expected = FOUNDERS.union(*(s for d, s in ACCESSIONS if d <= "2020-01-01"))
    assert len(expected) == 29
    assert codes == expected
    assert len(rows) == 29


def test_no_parties_before_signature(kg):
    assert members(kg, "1949-04-03") == set()
    assert members(kg, "1900-01-01") == set()


def test_32_parties_today(kg):
    assert len(members(kg, "2026-11-26")) == 32


@pytest.mark.parametrize("date, states", ACCESSIONS)
def test_party_from_the_day_of_accession_not_before(kg, date, states):
    import datetime as dt

    before = (dt.date.fromisoformat(date) - dt.timedelta(days=1)).isoformat()
    assert states <= members(kg, date)
    assert not states & members(kg, before)


def test_article_5_is_the_collective_defence_clause(kg):
    rows = kg.query("collective-defence-clause", instrument="north-atlantic-treaty")
    assert len(rows) >= 1
    row = rows.rows[0]
    assert row["article"].value == "5"
    assert row["trigger"].value.endswith("#ArmedAttack")
    assert row["discretion"].value.endswith("#AsItDeemsNecessary")
    assert "such action as it deems necessary" in row["discretionText"].value
    assert row["citesArt51"].value == "true"


def test_article_13_withdrawal_terms(kg):
    rows = kg.query("withdrawal-terms", instrument="north-atlantic-treaty")
    assert [r["article"].value for r in rows.rows] == ["13"]
    r = rows.rows[0]
    assert r["noticePeriod"].value == "P1Y"  # "one year after its notice of denunciation"
    assert r["availableAfter"].value == "P20Y"  # "After the Treaty has been in force for twenty years"
    assert r["depositary"].value.endswith("/state/USA")


def test_all_fourteen_articles(kg):
    rows = kg.sparql("""
        SELECT ?label WHERE { ?p ckg:inInstrument inst:north-atlantic-treaty ;
                                 ckg:articleLabel ?label ; a ckg:Article }""")
    assert sorted(int(v) for v in rows.values("label")) == list(range(1, 15))


def test_the_council_decides_on_accession_by_unanimity(kg):
    rows = kg.sparql("""
        SELECT ?kind WHERE {
          ?r ckg:establishedBy <https://w3id.org/charterkg/id/instrument/north-atlantic-treaty/art-10> ;
             ckg:ruleOf org:north-atlantic-council ; ckg:ruleKind ?kind }""")
    assert [v.rsplit("#", 1)[1] for v in rows.values("kind")] == ["Unanimity"]
