"""The parties, complete and dated (issue 10): each kind of change of membership, the day before
and the day it takes effect, with the expected values taken from the records named beside each
test, never from the graph's output; what the graph does not know, said in every answer.
"""

from __future__ import annotations

import json

import pytest

from charterkg.cli import main
from charterkg.explain import Explanation


def members(kg, instrument, date):
    return {r["code"].value: r for r in kg.query("members-as-of", instrument=instrument,
                                                date=date).rows}


def val(row, var):
    t = row.get(var)
    return t.value if t is not None else ""


# --- each kind of change, the day before and the day it takes effect ------------------------

def test_accession_finland_joins_nato(kg):
    # NATO, "Enlargement and Article 10": Finland became a member on 4 April 2023
    assert "FIN" not in members(kg, "north-atlantic-treaty", "2023-04-03")
    assert "FIN" in members(kg, "north-atlantic-treaty", "2023-04-04")


def test_withdrawal_the_united_kingdom_leaves_the_eu(kg):
    # EUR-Lex glossary "enlargement": the UK "withdraws from the European Union ... as of
    # 1 February 2020"; europa.eu: the Art. 50 notice was given on 29 March 2017
    before = members(kg, "teu", "2020-01-31")
    assert "GBR" in before
    assert "2017-03-29" in val(before["GBR"], "status")
    assert "notice of withdrawal" in val(before["GBR"], "status")
    assert "GBR" not in members(kg, "teu", "2020-02-01")
    # before the notice, no status beside the membership
    assert val(members(kg, "teu", "2017-03-28")["GBR"], "status") == ""


def test_denunciation_venezuela_leaves_the_rio_treaty(kg):
    # Venezuela's denunciation of 14 May 2013 took effect two years later (Art. 25): "desde el
    # 14 de mayo de 2015 cesaron los efectos de dicho convenio para el país"
    assert "VEN" in members(kg, "rio-treaty", "2015-05-13")
    assert "VEN" not in members(kg, "rio-treaty", "2015-05-14")


def test_return_syria_resumes_its_separate_un_membership(kg):
    # UN, "Growth in United Nations membership": on 13 October 1961 Syria, having resumed its
    # status as an independent State, resumed its separate membership
    assert "SYR" not in members(kg, "un-charter", "1960-01-01")
    assert "SYR" not in members(kg, "un-charter", "1961-10-12")
    assert "SYR" in members(kg, "un-charter", "1961-10-13")


def test_termination_of_the_modified_brussels_treaty(kg):
    # France's denunciation "prendra effet le 30 juin 2011", as agreed with the other parties;
    # the WEU's statement of 31 March 2010: the Treaty terminates on 30 June 2011
    assert {"BEL", "FRA", "DEU", "GRC", "NLD"} <= set(members(kg, "modified-brussels-treaty",
                                                             "2011-06-29"))
    assert members(kg, "modified-brussels-treaty", "2011-06-30") == {}


def test_greece_accedes_to_the_modified_brussels_treaty(kg):
    # Tractatenblad 1995, 102: "Griekenland 6 maart 1995"
    assert "GRC" not in members(kg, "modified-brussels-treaty", "1995-03-05")
    assert "GRC" in members(kg, "modified-brussels-treaty", "1995-03-06")


def test_freeze_armenia_in_the_collective_security_treaty(kg):
    # Reuters, 23 Feb 2024, of an interview broadcast on Thursday 22 February: "We have now in
    # practical terms frozen our participation in this treaty"
    before = members(kg, "collective-security-treaty", "2024-02-21")
    after = members(kg, "collective-security-treaty", "2024-02-22")
    assert val(before["ARM"], "status") == ""
    assert "frozen participation" in val(after["ARM"], "status")
    assert "ARM" in after  # frozen participation is not a withdrawal


def test_dissolution_then_succession_czechoslovakia_in_the_un(kg):
    # UN: the Czech and Slovak Federal Republic ceased to exist on 31 December 1992; the Czech
    # Republic and Slovakia were admitted on 19 January 1993
    assert "CSHH" in members(kg, "un-charter", "1992-12-31")
    gap = members(kg, "un-charter", "1993-01-18")
    assert not {"CSHH", "CZE", "SVK"} & set(gap)
    assert {"CZE", "SVK"} <= set(members(kg, "un-charter", "1993-01-19"))


def test_continuation_the_russian_federation_continues_the_ussr(kg):
    # UN: by a letter of 24 December 1991 the Russian Federation continues the USSR's membership
    assert "SUHH" in members(kg, "un-charter", "1991-12-23")
    after = members(kg, "un-charter", "1991-12-24")
    assert "RUS" in after and "SUHH" not in after


def test_non_iso_states_are_parties(kg):
    # AU status list of the Constitutive Act as of 15 June 2017: 55 states, among them the
    # Sahrawi Arab Democratic Republic (deposit 2 January 2001) and Morocco (31 January 2017)
    rows = members(kg, "au-constitutive-act", "2017-06-15")
    assert len(rows) == 55
    assert "XSR" in rows and "MAR" in rows
    assert val(rows["XSR"], "label") == "Sahrawi Arab Democratic Republic"
    # UN: Zanzibar was a Member from 16 December 1963 until the union of 26 April 1964
    assert "XZN" in members(kg, "un-charter", "1964-01-01")
    assert "XZN" not in members(kg, "un-charter", "1964-04-26")


def test_the_constitutive_act_binds_from_its_entry_into_force(kg):
    # the 36th deposit (Nigeria, 26 April 2001) brought the Act into force thirty days later
    assert members(kg, "au-constitutive-act", "2001-05-25") == {}
    rows = members(kg, "au-constitutive-act", "2001-05-26")
    assert "NGA" in rows and "GHA" in rows and "DZA" not in rows  # Algeria deposited 31 May
    assert all(val(r, "uncertain") == "" for r in rows.values())


# --- status that is not membership ----------------------------------------------------------

def test_a_suspension_toward_one_party_shows_only_for_that_party(kg):
    # US-Australia joint statement, 11 August 1986: the United States is "ending its security
    # obligations to New Zealand under the ANZUS treaty pending adequate corrective measures"
    on_nzl = {val(r, "code"): r for r in kg.query("who-must-respond", attacked="NZL",
                                                  date="1987-01-01").rows
              if val(r, "id") == "anzus"}
    assert "toward NZL" in val(on_nzl["USA"], "status")
    on_aus = {val(r, "code"): r for r in kg.query("who-must-respond", attacked="AUS",
                                                  date="1987-01-01").rows
              if val(r, "id") == "anzus"}
    assert val(on_aus["USA"], "status") == ""
    # before the statement, no status
    before = {val(r, "code"): r for r in kg.query("who-must-respond", attacked="NZL",
                                                  date="1986-08-10").rows
              if val(r, "id") == "anzus"}
    assert val(before["USA"], "status") == ""


def test_cuba_suspended_from_the_oas_stays_a_party_to_the_rio_treaty(kg):
    # Resolution VI of 31 January 1962 excluded the Government of Cuba from the inter-American
    # system; AG/RES. 2438 of 3 June 2009 ended its effect. The OAS record shows no denunciation.
    rows = members(kg, "rio-treaty", "1970-01-01")
    assert "CUB" in rows
    assert "suspension from an organisation" in val(rows["CUB"], "status")
    assert val(members(kg, "rio-treaty", "1961-01-01")["CUB"], "status") == ""
    assert val(members(kg, "rio-treaty", "2010-01-01")["CUB"], "status") == ""


# --- dates known only within a window -------------------------------------------------------

def test_warsaw_pact_is_uncertain_after_the_prague_protocol(kg):
    # the Protocol terminating the Treaty was signed in Prague on 1 July 1991; the date it took
    # effect was not found; Poland's statement of 23 September 2020 treats the Treaty as archival
    before = members(kg, "warsaw-pact", "1991-07-01")
    assert "POL" in before and val(before["POL"], "uncertain") == ""
    inside = members(kg, "warsaw-pact", "2001-06-01")
    assert inside, "inside the window the parties are returned, flagged"
    assert all("between" in val(r, "uncertain") for r in inside.values())
    assert members(kg, "warsaw-pact", "2020-09-23") == {}


def test_an_uncertain_membership_is_never_listed_as_obliged_without_its_flag(kg):
    for state, date in (("POL", "2001-06-01"), ("HUN", "1995-01-01"), ("BGR", "1991-08-01")):
        rows = [r for r in kg.query("who-must-respond", attacked=state, date=date).rows
                if val(r, "id") == "warsaw-pact"]
        assert rows
        assert all(val(r, "uncertain") for r in rows), (state, date)


def test_explain_says_the_warsaw_pact_may_not_bind_after_1991(kg, capsys):
    assert main(["explain", "attack", "--state", "POL", "--date", "2001-06-01"]) == 0
    text = capsys.readouterr().out
    block = text.split("Warsaw Pact", 1)[1].split("\n\n", 1)[0]
    assert "Uncertain" in block
    assert "May be obliged" in block
    assert "\n   Obliged (" not in block


def test_mexico_in_2003_is_a_party_to_the_rio_treaty(kg):
    # Mexico denounced on 6 September 2002; the denunciation took effect two years later
    rows = [r for r in kg.query("who-must-respond", attacked="MEX", date="2003-06-01").rows
            if val(r, "id") == "rio-treaty"]
    assert rows and "USA" in {val(r, "code") for r in rows}


# --- known unknowns -------------------------------------------------------------------------

def test_a_partial_list_is_said_beside_the_answer(kg, capsys):
    # no depositary record of the Arab League treaty was found: its list is partial
    assert main(["query", "who-must-respond", "--param", "attacked=EGY",
                 "--param", "date=2000-01-01", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    lists = {c["instrument"]: c for c in doc["caveats"]}
    assert lists["arab-league-joint-defence-treaty"]["completeness"] == "partial"
    assert main(["query", "members-as-of", "--param", "instrument=arab-league-joint-defence-"
                 "treaty", "--param", "date=2000-01-01"]) == 0
    assert "Note: The list of parties of the" in capsys.readouterr().out


def test_explain_never_says_no_one_on_a_partial_list(kg, capsys):
    assert main(["explain", "attack", "--state", "EGY", "--date", "2000-01-01"]) == 0
    text = capsys.readouterr().out
    assert "that date.\n" not in text  # the unqualified "no instrument binds" sentence
    assert "as far as the graph knows" in text
    assert "Treaty of Joint Defence and Economic Co-operation" in text.split(
        "Party lists not complete", 1)[1]
    assert main(["explain", "attack", "--state", "EGY", "--date", "2000-01-01",
                 "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["complete"] is False
    assert "arab-league-joint-defence-treaty" in {c["instrument"] for c in doc["caveats"]}


def test_no_one_is_printed_only_on_complete_lists():
    complete = Explanation("XYZ", "Somewhere", "2000-01-01", complete=True).to_text()
    partial = Explanation("XYZ", "Somewhere", "2000-01-01", complete=False,
                          caveats=[{"message": "The list of parties of the X is partial."}]
                          ).to_text()
    assert "to come to its aid on that date.\n" in complete
    assert "to come to its aid on that date.\n" not in partial
    assert "The list of parties of the X is partial." in partial


def test_a_complete_list_is_complete_only_as_of_its_record(kg):
    # the AU's status list of the Constitutive Act speaks for 15 June 2017
    before = kg.query("members-as-of", instrument="au-constitutive-act", date="2017-06-15")
    after = kg.query("members-as-of", instrument="au-constitutive-act", date="2020-01-01")
    assert before.caveats == []
    assert [c["completeAsOf"] for c in after.caveats] == ["2017-06-15"]


def test_every_instrument_with_parties_states_how_complete_its_list_is(kg):
    lists = kg.query("party-lists").rows
    missing = [val(r, "id") for r in lists
               if int(val(r, "parties") or 0) > 0 and not val(r, "completeness")]
    assert missing == []


def test_states_without_guarantee_carry_the_caveats(kg):
    answer = kg.query("states-without-guarantee", date="2000-01-01")
    assert "arab-league-joint-defence-treaty" in {c["instrument"] for c in answer.caveats}


@pytest.mark.parametrize("state,date", [("POL", "2001-06-01"), ("UZB", "2010-01-01")])
def test_uncertain_rows_of_members_as_of_say_why(kg, state, date):
    # Uzbekistan's return to the Collective Security Treaty is dated only within a window
    # (the Sochi protocol of 16 August 2006 to the note of 28 June 2012)
    instrument = "warsaw-pact" if state == "POL" else "collective-security-treaty"
    row = members(kg, instrument, date)[state]
    assert "between" in val(row, "uncertain")


# --- evidence grades and the cross-check ----------------------------------------------------

def test_grades_are_carried_into_answers(kg, capsys):
    rows = members(kg, "au-constitutive-act", "2017-06-15")
    assert val(rows["NGA"], "grade").endswith("#TranscribedOfficialRecord")
    assert main(["explain", "attack", "--state", "IRQ", "--date", "1970-01-01",
                 "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    arab = [c for c in doc["clauses"] if c["instrument_id"] == "arab-league-joint-defence-treaty"]
    assert arab and all(p["grade"].endswith("#SecondarySource") for p in arab[0]["parties"])


def test_the_atop_crosscheck_is_current(kg, project):
    from charterkg.crosscheck import crosscheck_markdown

    current = (project.root / "docs" / "crosscheck-atop.md").read_text(encoding="utf-8")
    assert current == crosscheck_markdown(kg), "run: make docs"


def test_the_crosscheck_explains_cuba_and_the_signature_dates(kg):
    # ATOP codes Cuba's 1962 suspension from the OAS as an exit from the Rio Treaty, and dates
    # the original parties from the signature (2 September 1947)
    from charterkg.crosscheck import compare

    rio = next(r for r in compare(kg) if r["id"] == "rio-treaty")
    cuba = next(d for d in rio["differences"] if d["code"] == "CUB")
    assert "status, not an end of membership" in cuba["why"]
    usa = next(d for d in rio["differences"] if d["code"] == "USA")
    assert usa["atop"].startswith("1947-09-02") and "signature" in usa["why"]


def test_the_crosscheck_refuses_a_damaged_extract(kg, tmp_path, monkeypatch):
    from charterkg.crosscheck import read_atop
    from charterkg.errors import InputError

    bad = tmp_path / "atop.csv"
    bad.write_text("atopid,member\n3180,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="atop.csv:1: the ATOP extract needs the columns"):
        read_atop(bad)
