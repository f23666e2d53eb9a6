"""Every article, in the wording of its date (issue 11): the shipped full texts hold every quote
verbatim, and every instrument says how many articles its text has and which are missing."""

from __future__ import annotations

import pytest

from charterkg.texts import check_quotes, read_text, shipped_texts

ARTICLES = """
PREFIX ckg: <https://w3id.org/charterkg/ontology#>
SELECT ?id ?count ?missing WHERE {
  ?l a ckg:ArticleList ; ckg:listOf ?i ; ckg:articleCount ?count .
  ?i ckg:instrumentId ?id .
  OPTIONAL { ?l ckg:missingArticle ?missing }
}"""

PRESENT = """
PREFIX ckg: <https://w3id.org/charterkg/ontology#>
SELECT DISTINCT ?id ?label WHERE {
  ?p a ckg:Article ; ckg:inInstrument ?i ; ckg:articleLabel ?label .
  ?i ckg:instrumentId ?id .
}"""

THIRTEEN = ["un-charter", "north-atlantic-treaty", "rio-treaty", "collective-security-treaty",
            "csto-charter", "teu", "anzus", "au-constitutive-act", "au-psc-protocol",
            "arab-league-joint-defence-treaty", "warsaw-pact", "seato", "modified-brussels-treaty"]


def test_every_quote_is_in_its_shipped_text(kg):
    missing, _ = check_quotes(kg)
    assert not missing, "\n".join(f"{m['instrument']} Art. {m['article']} ({m['text']}): "
                                  f"{m['quote'][:90]!r}" for m in missing[:15])


def test_every_unchecked_quote_says_where_it_was_read(kg):
    _, unchecked = check_quotes(kg)
    assert not [u for u in unchecked if not u["source"]]


def test_the_check_finds_a_quote_that_is_not_in_the_text(project, tmp_path):
    texts = shipped_texts(project)
    if not texts:
        pytest.skip("no shipped text yet")
    t = texts[0]
    words = t.normalised.split(" ")
    real = " ".join(words[10:22])
    assert t.contains(real)
    assert t.contains(" ".join(words[10:14]) + " ... " + " ".join(words[18:22]))
    assert not t.contains(real + " and a clause that no treaty has")
    assert not t.contains(" ".join(words[18:22]) + " ... " + " ".join(words[10:14]))


def test_a_text_header_that_does_not_fit_is_an_input_error(tmp_path):
    from charterkg.errors import InputError

    bad = tmp_path / "x.en.txt"
    bad.write_text("Instrument: x\nLanguage: en\nVersoin: 2020-01-01\n---\ntext", encoding="utf-8")
    with pytest.raises(InputError, match=r"x.en.txt:3: expected 'Key: value'"):
        read_text(bad)


@pytest.mark.parametrize("instrument", THIRTEEN)
def test_every_article_is_present_or_declared_missing(kg, instrument):
    lists = [r for r in kg.store.query(ARTICLES) if r["id"].value == instrument]
    assert lists, f"{instrument}: no ckg:ArticleList says how many articles its text has"
    count = int(lists[0]["count"].value)
    missing = {r["missing"].value for r in lists if r["missing"] is not None}
    present = {r["label"].value for r in kg.store.query(PRESENT) if r["id"].value == instrument}
    assert not present & missing, f"declared missing but present: {sorted(present & missing)}"
    assert len(present | missing) == count, \
        f"{len(present)} present + {len(missing)} declared missing != {count} articles"
