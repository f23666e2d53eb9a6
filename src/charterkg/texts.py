"""The full texts the graph ships (``data/texts/``), and the check that every quote is in them.

A shipped text is a plain-text file: a header of ``Key: value`` lines, a line ``---``, then the
text as read in its source, unchanged but for line breaks and spacing. The header names the
instrument, the language, the date of the version (the text as in force from that date), the
source, the transcription it was read in if any (``Derived-from``), and its standing
(``Status``: authentic, official translation or unofficial translation)::

    Instrument: un-charter
    Language: en
    Version: 1973-09-24
    Status: authentic
    Source: https://www.un.org/en/about-us/un-charter/full-text
    Derived-from: https://github.com/kleinlennart/un-charter-corpus/blob/.../raw_un_charter_en.txt
    ---
    WE THE PEOPLES OF THE UNITED NATIONS ...

Every quote of a provision of that instrument, in that language, whose wording was in force on
the version's date, must appear in the text verbatim, whitespace normalised; an ellipsis
(``...``, ``…``, ``[...]``) in a quote marks an omission, and the parts around it must appear in
order. A quote that no shipped text covers (no text in its language, or a wording of another
date) is reported as unchecked, with the page it was read on.
"""

from __future__ import annotations

import re
from pathlib import Path

from .errors import InputError

KEYS = {"Instrument", "Language", "Version", "Status", "Source", "Derived-from", "Title", "Note"}
REQUIRED = ("Instrument", "Language", "Version", "Status", "Source")
STATUSES = ("authentic", "official translation", "unofficial translation")
_ELLIPSIS = re.compile(r"\s*(?:\[\s*(?:\.\.\.|…)\s*\]|\.\.\.|…)\s*")
_SPACE = re.compile(r"\s+")

QUOTES = """
PREFIX ckg: <https://w3id.org/charterkg/ontology#>
PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?provision ?id ?article ?quote ?from ?until ?source WHERE {
  ?provision ckg:inInstrument ?i ; ckg:quote ?quote .
  ?i ckg:instrumentId ?id .
  OPTIONAL { ?provision ckg:articleLabel ?article }
  OPTIONAL { ?provision ckg:inForceFrom ?from }
  OPTIONAL { ?provision ckg:inForceUntil ?until }
  OPTIONAL { ?provision dct:source ?source }
}"""


class ShippedText:
    """One text file of data/texts/: its header and its normalised body."""

    def __init__(self, path: Path, header: dict[str, str], body: str):
        self.path, self.header, self.body = path, header, body
        self.normalised = normalise(body)

    @property
    def instrument(self) -> str:
        return self.header["Instrument"]

    @property
    def language(self) -> str:
        return self.header["Language"]

    @property
    def version(self) -> str:
        return self.header["Version"]

    def covers(self, language: str, wording_from: str, wording_until: str) -> bool:
        """Whether a quote in ``language`` of a wording in force from/until is in this text."""
        if (language or "en").lower() != self.language.lower():
            return False
        if wording_from and wording_from > self.version:
            return False
        return not (wording_until and wording_until <= self.version)

    def contains(self, quote: str) -> bool:
        parts = [normalise(p) for p in _ELLIPSIS.split(quote) if normalise(p)]
        pos = 0
        for part in parts:
            at = self.normalised.find(part, pos)
            if at < 0:
                return False
            pos = at + len(part)
        return True


def normalise(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def read_text(path: Path) -> ShippedText:
    """Read one shipped text; a header that does not fit is an input error naming the line."""
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the text ({exc})") from None
    header: dict[str, str] = {}
    for n, line in enumerate(lines, 1):
        if line.strip() == "---":
            body = "\n".join(lines[n:])
            break
        key, sep, value = line.partition(":")
        if not sep or key.strip() not in KEYS:
            raise InputError(f"{path}:{n}: expected 'Key: value' with a key among "
                             f"{', '.join(sorted(KEYS))}, or '---'")
        header[key.strip()] = value.strip()
    else:
        raise InputError(f"{path}:1: no '---' line ends the header")
    for key in REQUIRED:
        if not header.get(key):
            raise InputError(f"{path}:1: the header needs '{key}:'")
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", header["Version"]):
        raise InputError(f"{path}: 'Version:' is the date of the version, YYYY-MM-DD")
    if header["Status"] not in STATUSES:
        raise InputError(f"{path}: 'Status:' is one of {', '.join(STATUSES)}")
    return ShippedText(path, header, body)


def shipped_texts(project) -> list[ShippedText]:
    return [read_text(p) for p in project.text_files()]


def check_quotes(kg) -> tuple[list[dict], list[dict]]:
    """(quotes missing from the text that covers them, quotes no shipped text covers)."""
    texts: dict[str, list[ShippedText]] = {}
    for t in shipped_texts(kg.project):
        texts.setdefault(t.instrument, []).append(t)
    missing, unchecked = [], []
    for r in kg.store.query(QUOTES):
        quote = r["quote"]
        entry = {"provision": r["provision"].value, "instrument": r["id"].value,
                 "article": r["article"].value if r["article"] else "",
                 "quote": quote.value, "language": quote.language or "",
                 "source": r["source"].value if r["source"] else ""}
        wording_from = r["from"].value if r["from"] else ""
        wording_until = r["until"].value if r["until"] else ""
        covering = [t for t in texts.get(entry["instrument"], [])
                    if t.covers(entry["language"], wording_from, wording_until)]
        if not covering:
            unchecked.append(entry)
        elif not any(t.contains(quote.value) for t in covering):
            missing.append({**entry, "text": ", ".join(str(t.path.name) for t in covering)})
    return sorted(missing, key=_order), sorted(unchecked, key=_order)


def _order(entry: dict) -> tuple[str, str]:
    return entry["instrument"], entry["provision"]
