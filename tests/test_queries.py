"""The saved-query catalogue, checked against the treaty texts and depositary records.

Expected values come from the instruments and records (quoted in comments), never from the
queries' own output.
"""

from __future__ import annotations

import json

import pytest

from conftest import run

CONTRACT = {  # DESIGN.md: name -> (parameters, result variables at least)
    "members-as-of": ({"instrument", "date"}, {"state", "code", "label", "since"}),
    "parties-to-both": ({"a", "b", "date"}, {"state", "code", "label"}),
    "instruments-in-force": ({"date"}, {"instrument", "id", "label", "inForceFrom"}),
    "ended-instruments": (set(), {"instrument", "id", "label", "endDate"}),
    "collective-defence-clause": ({"instrument"}, {"provision", "article", "trigger", "discretion",
                                                   "citesArt51"}),
    "security-council-reporting": ({"instrument"}, {"provision", "article"}),
    "withdrawal-terms": ({"instrument"}, {"provision", "article", "noticePeriod", "depositary"}),
    "decision-rules": ({"instrument", "date"}, {"organ", "organLabel", "rule", "threshold",
                                                "provision", "article"}),
    "obligations-of": ({"state", "date"}, {"obligation", "instrument", "article", "action",
                                           "label"}),
    "who-must-respond": ({"attacked", "date"}, {"instrument", "article", "state", "code",
                                                "discretion"}),
    "cites-un-charter-article": ({"article"}, {"instrument", "provision", "article"}),
    "mechanisms": ({"instrument"}, {"mechanism", "kind", "provision", "article", "operatedBy"}),
    "measures-without-review": (set(), {"measure", "label", "instrument"}),
    "norm-conflicts": ({"date"}, {"norm", "prevailingNorm", "ruleArticle"}),
}
EU_NATO_2024 = {"BEL", "BGR", "HRV", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN",
                "ITA", "LVA", "LTU", "LUX", "NLD", "POL", "PRT", "ROU", "SVK", "SVN", "ESP"}
SAMPLE = {"instrument": "north-atlantic-treaty", "a": "north-atlantic-treaty", "b": "teu",
          "date": "2020-01-01", "state": "POL", "attacked": "POL", "article": "51",
          "trigger": "ArmedAttack"}


def local(v: str) -> str:
    return v.rsplit("#", 1)[-1]


def test_the_contract_names_parameters_and_variables(kg):
    for name, (params, variables) in CONTRACT.items():
        q = kg.catalog.get(name)
        # the contract's parameters, exactly; a parameter added later must be optional, so
        # that every call the contract allows still works (DESIGN: change only by adding)
        assert {p for p, spec in q.params.items() if spec.required} <= params, name
        assert params <= set(q.params), name
        rows = kg.query(name, **{p: SAMPLE[p] for p in params if q.params[p].required
                                 or p != "date"})
        assert variables <= set(rows.variables), (name, variables - set(rows.variables))


def test_at_least_25_saved_queries_listed(kg, capsys):
    code, out, _ = run(capsys, "queries")
    names = [line.split(":")[0] for line in out.splitlines() if line and not line[0].isspace()]
    assert code == 0 and len(names) >= 25
    assert set(CONTRACT) <= set(names)


@pytest.mark.parametrize("name", ["collective-defence-clause", "security-council-reporting",
                                  "withdrawal-terms", "decision-rules", "mechanisms", "organs",
                                  "consultation-duties", "reporting-duties", "veto-holders",
                                  "dispute-settlement", "amendments"])
def test_instrument_queries_answer_for_every_instrument(kg, name):
    for iid in kg.known("instrument"):
        kg.query(name, instrument=iid)  # raises on any error


def test_every_query_runs_on_sample_parameters(kg):
    for name in kg.catalog.names():
        q = kg.catalog.get(name)
        kg.query(name, **{p: SAMPLE[p] for p in q.params if q.params[p].required})


# --- membership ---------------------------------------------------------------------------

def test_parties_to_both_nato_and_the_eu(kg):
    # NATO enlargement page and the EU's country list: on 1 January 2024 Sweden (NATO 7 March
    # 2024) was not yet an ally and the UK (left the EU 31 January 2020) no longer in the EU.
    rows = kg.query("parties-to-both", a="north-atlantic-treaty", b="teu", date="2024-01-01")
    assert set(rows.values("code")) == EU_NATO_2024
    rows = kg.query("parties-to-both", a="north-atlantic-treaty", b="teu", date="2020-01-31")
    assert "GBR" in rows.values("code")
    rows = kg.query("parties-to-both", a="north-atlantic-treaty", b="teu", date="2020-02-01")
    assert "GBR" not in rows.values("code")


def test_un_membership_around_unifications(kg):
    # UN: Germany's two states admitted 18 September 1973, united 3 October 1990; Yemen and
    # Democratic Yemen united 22 May 1990; Syria in the United Arab Republic 1958-1961.
    def members(date):
        return set(kg.query("members-as-of", instrument="un-charter", date=date).values("code"))
    assert {"DEU", "DDDE"} <= members("1990-10-02")
    assert "DDDE" not in members("1990-10-03") and "DEU" in members("1990-10-03")
    assert "YDYE" in members("1990-05-21") and "YDYE" not in members("1990-05-22")
    assert "SYR" in members("1958-02-20") and "SYR" not in members("1960-01-01")
    assert "SYR" in members("1961-10-13")
    assert "SUHH" in members("1991-12-23") and "RUS" in members("1991-12-24")
    assert len(members("2026-11-26")) == 193  # the UN's present membership


def test_memberships_of_a_state(kg):
    rows = kg.query("memberships-of", state="SYR")
    assert {r["from"].value for r in rows.rows} == {"1945-10-24", "1961-10-13"}


def test_instruments_in_force(kg):
    ids = set(kg.query("instruments-in-force", date="1960-01-01").values("id"))
    assert {"un-charter", "north-atlantic-treaty", "rio-treaty", "anzus", "seato", "warsaw-pact",
            "modified-brussels-treaty"} <= ids
    assert not ids & {"teu", "collective-security-treaty", "csto-charter", "au-constitutive-act"}
    ids = set(kg.query("instruments-in-force", date="2012-01-01").values("id"))
    assert "modified-brussels-treaty" not in ids  # terminated with effect from 30 June 2011


def test_ended_instruments(kg):
    rows = {r["id"].value: r for r in kg.query("ended-instruments").rows}
    assert rows["modified-brussels-treaty"]["endDate"].value == "2011-06-30"
    assert "warsaw-pact" in rows
    assert "north-atlantic-treaty" not in rows


def test_permanent_members_of_the_security_council(kg):
    # Charter Art. 23; the Russian Federation continued the USSR's seat (letter of 24 Dec 1991)
    assert set(kg.query("permanent-seats", date="1980-01-01").values("code")) == \
        {"CHN", "FRA", "GBR", "SUHH", "USA"}
    assert set(kg.query("permanent-seats", date="2000-01-01").values("code")) == \
        {"CHN", "FRA", "GBR", "RUS", "USA"}


# --- norms and provisions -----------------------------------------------------------------

def test_collective_defence_clauses_and_article_51(kg):
    # NAT Art. 5, TEU 42(7), Warsaw Pact Art. 4 and the CST Art. 4 invoke Art. 51 by name
    cited = {(r["id"].value, r["article"].value)
             for r in kg.query("cites-un-charter-article", article="51").rows}
    assert {("north-atlantic-treaty", "5"), ("teu", "42(7)"), ("warsaw-pact", "4"),
            ("collective-security-treaty", "4")} <= cited
    rows = kg.query("collective-defence-clause", instrument="anzus").rows
    assert [r["article"].value for r in rows] == ["IV"]  # ANZUS Art. IV
    assert local(rows[0]["discretion"].value) == "ConstitutionalProcesses"


def test_teu_42_7_only_from_the_lisbon_treaty(kg):
    before = set(kg.query("provisions-in-force", instrument="teu", date="2009-11-30")
                 .values("article"))
    after = set(kg.query("provisions-in-force", instrument="teu", date="2009-12-01")
                .values("article"))
    assert "42(7)" not in before and "42(7)" in after


def test_security_council_voting_rule_before_and_after_1965(kg):
    # Art. 27(3): 'seven members' in 1945; 'nine members' since the amendment in force
    # 31 August 1965; the permanent members' concurring votes throughout.
    def rule(date):  # Art. 27(3) has two rules (the general one and the Chapter VI proviso)
        rows = kg.query("decision-rules", instrument="un-charter", date=date).rows
        return sorted({(r["requiredVotes"].value, r["ofSeats"].value) for r in rows
                       if r.get("article") and r["article"].value == "27(3)"})
    assert rule("1960-01-01") == [("7", "11")]
    assert rule("1965-08-31") == [("9", "15")]
    vetoes = kg.query("veto-holders", instrument="un-charter").rows
    assert {r["code"].value for r in vetoes if r.get("code")} >= {"CHN", "FRA", "GBR", "USA"}


def test_obligations_of_poland_before_and_after_1999(kg):
    def ids(date):
        return {(r["id"].value, r["article"].value)
                for r in kg.query("obligations-of", state="POL", date=date).rows}
    after = ids("2024-01-01")
    assert {("north-atlantic-treaty", "5"), ("teu", "42(7)"), ("un-charter", "2(4)")} <= after
    before = ids("1990-01-01")
    assert ("warsaw-pact", "4") in before
    assert not any(i == "north-atlantic-treaty" for i, _ in before)


def test_security_council_reporting(kg):
    assert kg.query("security-council-reporting", instrument="north-atlantic-treaty") \
        .values("article") == ["5"]  # Art. 5: 'shall immediately be reported'
    assert "51" in kg.query("security-council-reporting", instrument="un-charter").values("article")


def test_mechanisms_of_the_charter(kg):
    rows = kg.query("mechanisms", instrument="un-charter").rows
    by_article = {}
    for r in rows:
        by_article.setdefault(r["article"].value, set()).add(local(r["kind"].value))
    assert {"TradeRestriction", "InterruptionOfCommunications",
            "SeveranceOfDiplomaticRelations"} <= by_article["41"]  # Art. 41's list
    assert "MilitaryAction" in by_article["42"]
    assert "AdvisoryOpinion" in by_article["96"]


def test_measures_without_review_include_the_charter_sanctions(kg):
    # Art. 41 sets no duration or review period for the measures it lists.
    rows = kg.query("measures-without-review").rows
    assert any(r.get("id") and r["id"].value == "un-charter" and r["article"].value == "41"
               for r in rows)


def test_norm_conflicts_and_saving_clause(kg):
    rows = kg.query("norm-conflicts", date="2024-01-01").rows
    nat = [r for r in rows if r["id"].value == "north-atlantic-treaty" and r["article"].value == "5"]
    assert {r["prevailingArticle"].value for r in nat} >= {"2(4)", "25"}
    assert {r["ruleArticle"].value for r in nat} == {"103"}
    assert {r["savingArticle"].value for r in nat if r.get("savingArticle")} == {"7"}
    # before the TEU existed, it brings no conflict
    early = kg.query("norm-conflicts", date="1980-01-01").rows
    assert not [r for r in early if r["id"].value == "teu"]


def test_norms_by_trigger_and_saving_clauses(kg):
    ids = set(kg.query("norms-by-trigger", trigger="ArmedAttack").values("id"))
    assert {"north-atlantic-treaty", "un-charter", "anzus"} <= ids
    saving = {(r["id"].value, r["article"].value) for r in kg.query("saving-clauses").rows}
    assert ("north-atlantic-treaty", "7") in saving  # Art. 7: 'does not affect ... the Charter'


# --- who must respond, and explain attack -------------------------------------------------

def test_who_must_respond_before_and_after_poland_joined_nato(kg):
    # Poland acceded on 12 March 1999; the Czech Republic and Hungary the same day.
    before = kg.query("who-must-respond", attacked="POL", date="1999-03-11").rows
    assert not [r for r in before if r["id"].value == "north-atlantic-treaty"]
    after = [r for r in kg.query("who-must-respond", attacked="POL", date="1999-03-12").rows
             if r["id"].value == "north-atlantic-treaty"]
    assert len(after) == 18  # the other 18 of the 19 allies
    assert {"CZE", "HUN", "USA"} <= {r["code"].value for r in after}
    assert "POL" not in {r["code"].value for r in after}


def test_art_51_is_a_permission_not_an_obligation(kg):
    rows = kg.query("who-must-respond", attacked="CHE", date="2024-01-01").rows
    assert rows == []  # Switzerland: a UN member in no defence pact of the graph


def test_explain_attack_after_finland_joined_nato(kg, capsys):
    code, out, _ = run(capsys, "explain", "attack", "--state", "FIN", "--date", "2023-04-04")
    assert code == 0
    assert "North Atlantic Treaty, Art. 5" in out and "Art. 42(7)" in out
    assert "a permission, not an obligation" in out
    code, out, _ = run(capsys, "explain", "attack", "--state", "FIN", "--date", "2023-04-03")
    assert "North Atlantic Treaty" not in out and "Art. 42(7)" in out


def test_explain_attack_json_matches_who_must_respond(kg, capsys):
    code, out, _ = run(capsys, "explain", "attack", "--state", "POL", "--date", "2024-01-01",
                       "--format", "json")
    doc = json.loads(out)
    assert code == 0 and doc["state"] == "POL"
    rows = kg.query("who-must-respond", attacked="POL", date="2024-01-01").rows
    assert sorted(c for cl in doc["clauses"] for c in cl["obliged"]) == \
        sorted(r["code"].value for r in rows)
    nat = next(c for c in doc["clauses"] if c["instrument_id"] == "north-atlantic-treaty")
    assert nat["article"] == "5" and nat["scope_kind"].endswith("DefinedRegion")
    assert doc["self_defence"]["kind"] == "permission"


def test_explain_attack_for_a_state_of_a_pact_that_ended(kg, capsys):
    # Modified Brussels Treaty, Art. V: 'all the military and other aid and assistance in
    # their power'; the treaty ended on 30 June 2011.
    code, out, _ = run(capsys, "explain", "attack", "--state", "BEL", "--date", "2000-01-01")
    assert "Art. V" in out
    code, out, _ = run(capsys, "explain", "attack", "--state", "BEL", "--date", "2012-01-01")
    assert "Art. V " not in out and "Modified Brussels" not in out


def test_explain_attack_refuses_bad_input(capsys):
    code, _, err = run(capsys, "explain", "attack", "--state", "XXX", "--date", "2020-01-01")
    assert code == 2 and "parameter 'attacked'" in err
    code, _, err = run(capsys, "explain", "attack", "--state", "POL", "--date", "2020-02-31")
    assert code == 2 and "parameter 'date'" in err


def test_without_a_date_decision_rules_show_every_wording(kg):
    rows = kg.query("decision-rules", instrument="un-charter").rows
    votes = sorted({(r["requiredVotes"].value, r["ofSeats"].value) for r in rows
                    if r.get("article") and r["article"].value == "27(3)"})
    assert votes == [("7", "11"), ("9", "15")]


def test_no_saved_query_tests_a_parameter_with_bound(project):
    """Regression: BOUND(?_x) is false under Oxigraph substitution even when ?_x is bound,
    which silently disabled decision-rules' date filter."""
    import re

    for f in project.query_files() + project.check_files():
        assert not re.search(r"BOUND\s*\(\s*\?_", f.read_text()), f.name


def test_rules_of_practice_survive_a_date(kg):
    """Regression: with a date, the filter on a provision's dates dropped rules that have no
    provision (NATO's consensus practice), because an unbound ?provision matched any."""
    kinds = {(r.get("article").value if r.get("article") else None, local(r["kind"].value))
             for r in kg.query("decision-rules", instrument="north-atlantic-treaty",
                               date="2024-01-01").rows}
    assert ("10", "Unanimity") in kinds and (None, "Consensus") in kinds
