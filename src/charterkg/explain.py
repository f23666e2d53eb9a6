"""`charterkg explain attack`: for an armed attack on a state on a date, who must respond, and why.

Built on the saved queries, so the answer is the `who-must-respond` query's, explained: each
instrument in force that binds others to assist the attacked state, with its clause, the
territorial scope (or that the data cannot tell), the states obliged, the discretion left to
them, the body that decides and its rule, the duty to report to the Security Council, and what
prevails under Art. 103 of the UN Charter. The right of self-defence under Art. 51 is shown as
what it is: a permission, not an obligation. Every line cites its article.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from dataclasses import asdict, dataclass, field

from .results import short

CKG = "https://w3id.org/charterkg/ontology#"

SCOPE_TEXT = {
    CKG + "TerritoryOfAnyParty": "an attack on the territory of any party falls within it",
    CKG + "Unlimited": "the clause sets no territorial limit",
    CKG + "DefinedRegion": "whether this attack falls within it depends on where it takes place; "
                           "the data cannot tell",
}


@dataclass
class Clause:
    instrument: str
    instrument_id: str
    label: str
    in_force_since: str
    article: str
    provision: str
    norm: str
    quote: str = ""
    triggers: list[str] = field(default_factory=list)
    scope: str = ""
    scope_kind: str = ""
    scope_article: str = ""
    obliged: list[str] = field(default_factory=list)
    discretion: str = ""
    discretion_text: str = ""
    discretion_article: str = ""
    deciders: list[dict] = field(default_factory=list)
    reporting: list[dict] = field(default_factory=list)
    prevails: list[dict] = field(default_factory=list)
    saving_clauses: list[str] = field(default_factory=list)
    uncertain: str = ""
    #: each obliged state with its standing that day, why it is uncertain (if it is) and the
    #: evidence grade of its membership
    parties: list[dict] = field(default_factory=list)


@dataclass
class Explanation:
    state: str
    state_label: str
    date: str
    clauses: list[Clause] = field(default_factory=list)
    self_defence: dict | None = None
    #: the party lists the answer rests on that are not complete for the date (see
    #: KnowledgeGraph.caveats); ``complete`` is true only when there is none
    caveats: list[dict] = field(default_factory=list)
    complete: bool = True

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, ensure_ascii=False)

    def render(self, fmt: str = "text") -> str:
        return self.to_json() if fmt == "json" else self.to_text()

    def to_text(self) -> str:
        out = [f"Armed attack on {self.state_label} ({self.state}) on {self.date}", ""]
        if not self.clauses and self.complete:
            out.append("No instrument in the graph binds other states to come to its aid on "
                       "that date.")
        elif not self.clauses:
            out.append("No instrument in the graph binds other states to come to its aid on "
                       "that date, as far as the graph knows; but the lists of parties named "
                       "at the end are not complete for that date, so an obligation may be "
                       "missing from this answer.")
        if not self.clauses:
            out.append("")
        for n, c in enumerate(self.clauses, 1):
            out.append(f"{n}. {c.label}, Art. {c.article} (in force since {c.in_force_since})")
            if c.uncertain:
                out.append(f"   Uncertain: {c.uncertain}")
            if c.quote:
                out.append(f"   Clause: \"{c.quote}\"")
            if c.triggers:
                out.append("   Trigger: " + ", ".join(_name(t) for t in c.triggers))
            scope = SCOPE_TEXT.get(c.scope_kind, "the data does not record its territorial "
                                   "scope")
            where = f" ({_cite(c.scope_article)})" if c.scope_article else ""
            label = f": {c.scope}" if c.scope else ""
            out.append(f"   Territorial scope{where}{label}; {scope}.")
            head = "May be obliged (whether the clause bound anyone is uncertain)" \
                if c.uncertain else "Obliged"
            out.append(f"   {head} ({len(c.obliged)}): " + ", ".join(c.obliged))
            for p in c.parties:
                if p.get("uncertain"):
                    out.append(f"   Uncertain whether {p['code']} is bound: {p['uncertain']}")
            for p in c.parties:
                if p.get("status"):
                    out.append(f"   Status of {p['code']}: {p['status']}")
            weak = sorted(p["code"] for p in c.parties if p.get("grade", "").endswith(
                "#SecondarySource"))
            if weak:
                out.append("   Membership read only in a secondary source: " + ", ".join(weak))
            if c.discretion:
                text = f" — \"{c.discretion_text}\"" if c.discretion_text else ""
                out.append(f"   Discretion: {_name(c.discretion)}{text} "
                           f"(Art. {c.discretion_article or c.article})")
            for d in c.deciders:
                bits = [_name(d.get("kind", ""))]
                if d.get("threshold"):
                    bits.append(f"threshold {d['threshold']}")
                if d.get("matter"):
                    bits.append(f"for {d['matter']}")
                art = f"Art. {d['article']}" if d.get("article") else "practice, not treaty text"
                out.append(f"   Rule of {d.get('organ') or 'the parties'}: "
                           f"{', '.join(b for b in bits if b)} ({art})")
            for r in c.reporting:
                timing = f", {_name(r['timing']).lower()}" if r.get("timing") else ""
                out.append(f"   Report to the Security Council{timing} (Art. {r['article']})")
            if c.prevails:
                arts = ", ".join(sorted({p["article"] for p in c.prevails}, key=_artkey))
                out.append(f"   Under UN Charter Art. {c.prevails[0]['rule_article']}, Charter "
                           f"obligations prevail in a conflict: Arts {arts}")
            for s in c.saving_clauses:
                out.append(f"   Saving clause: Art. {s} defers to the UN Charter")
            out.append("")
        if self.self_defence:
            sd = self.self_defence
            out.append(f"UN Charter, Art. {sd['article']}: a permission, not an obligation. "
                       f"{self.state_label} may exercise its inherent right of individual or "
                       "collective self-defence, and other Members may join it, until the "
                       "Security Council has taken the measures necessary.")
            if sd.get("reporting_article"):
                out.append(f"   Measures taken must be reported immediately to the Security "
                           f"Council (Art. {sd['reporting_article']}).")
        if self.caveats:
            out.append("")
            out.append("Party lists not complete for this date (the answer may be incomplete):")
            for cav in self.caveats:
                out.append(f"   - {cav['message']}")
        return "\n".join(out).rstrip() + "\n"


def _name(iri: str) -> str:
    if not iri:
        return ""
    local = iri.rsplit("#", 1)[-1]
    out = "".join(" " + ch.lower() if ch.isupper() else ch for ch in local).strip()
    return out[:1].upper() + out[1:]


def _cite(label: str) -> str:
    """'Art. 6' for an article label; a label that names something else ('Protocol (...)')
    as it is."""
    return f"Art. {label}" if label[:1].isdigit() or label[:1] in "IVXL" else label


def _artkey(label: str):
    digits = "".join(ch for ch in label if ch.isdigit())
    return (int(digits) if digits else 0, label)


def _v(row, var) -> str:
    term = row.get(var)
    return term.value if term is not None else ""


def _state_label(kg, code: str) -> str:
    import pyoxigraph as ox

    rows = list(kg.store.query(
        "SELECT ?label ?_code WHERE { ?s <https://w3id.org/charterkg/ontology#code> ?_code ; "
        "<http://www.w3.org/2000/01/rdf-schema#label> ?label }",
        {ox.Variable("_code"): ox.Literal(code)}))
    return rows[0]["label"].value if rows else code


def explain_attack(kg, state: str, date: str) -> Explanation:
    state = state.strip().upper()
    responders = kg.query("who-must-respond", attacked=state, date=date)
    state_label = _state_label(kg, state)
    in_force = {_v(r, "id"): r for r in kg.query("instruments-in-force", date=date).rows}

    clauses: OrderedDict[str, Clause] = OrderedDict()
    for r in responders.rows:
        norm = _v(r, "norm")
        iid = _v(r, "id")
        if norm not in clauses:
            inst = in_force.get(iid, {})
            clauses[norm] = Clause(instrument=_v(r, "instrument"), instrument_id=iid,
                                   label=_v(inst, "label") or iid,
                                   in_force_since=_v(r, "provisionFrom") or _v(inst, "inForceFrom"),
                                   article=_v(r, "article"), provision=_v(r, "provision"),
                                   norm=norm, discretion=_v(r, "discretion"),
                                   scope_kind=_v(r, "scopeKind"))
        clauses[norm].obliged.append(_v(r, "code"))
        why = _v(r, "clauseUncertain")
        # the state's own window (the query's reason begins with the clause's, if any)
        own = _v(r, "uncertain")[len(why):].lstrip("; ") if why else _v(r, "uncertain")
        clauses[norm].parties.append({"code": _v(r, "code"), "status": _v(r, "status"),
                                      "uncertain": own, "grade": _v(r, "grade")})
        if why and not clauses[norm].uncertain:
            ended_by = [x for x in kg.query("amendments", instrument=iid).rows
                        if _v(x, "relation").endswith("#terminates")]
            signed = ""
            if ended_by and "instrument ended" in why:
                signed = (f"terminated by {short(ended_by[0]['other'])}"
                          + (f", in force from {_v(ended_by[0], 'otherInForce')}"
                             if _v(ended_by[0], "otherInForce") else
                             ", whose date of effect is not confirmed") + "; ")
            clauses[norm].uncertain = (f"{signed}{why}, so whether it bound anyone toward this "
                                       "state on this date is not established")

    scopes: dict[str, list] = {}  # a clause may have several (SEATO: Art. VIII and the Protocol)
    for r in kg.query("territorial-scopes").rows:
        if _v(r, "scope") and _v(r, "scopeFrom") <= date \
                and (not _v(r, "scopeUntil") or date < _v(r, "scopeUntil")):
            scopes.setdefault(_v(r, "norm"), []).append(r)
    conflicts = kg.query("norm-conflicts", date=date).rows
    for c in clauses.values():
        c.obliged = sorted(set(c.obliged))
        found = sorted(scopes.get(c.norm, []), key=lambda r: _v(r, "scopeArticle"))
        if len(found) == 1:
            c.scope, c.scope_article = _v(found[0], "scopeLabel"), _v(found[0], "scopeArticle")
        elif found:
            c.scope = "; ".join(
                _v(r, "scopeLabel") if _cite(_v(r, "scopeArticle")) in _v(r, "scopeLabel")
                else f"{_v(r, 'scopeLabel')} ({_cite(_v(r, 'scopeArticle'))})" for r in found)
        for row in kg.query("collective-defence-clause", instrument=c.instrument_id).rows:
            if _v(row, "norm") == c.norm:
                if _v(row, "trigger") and _v(row, "trigger") not in c.triggers:
                    c.triggers.append(_v(row, "trigger"))
                c.discretion_text = c.discretion_text or _v(row, "discretionText")
                c.discretion_article = c.discretion_article or _v(row, "discretionArticle")
        for row in kg.query("article", instrument=c.instrument_id, article=c.article).rows:
            if _v(row, "provision") == c.provision and _v(row, "quote"):
                c.quote = _v(row, "quote")
        for row in kg.query("decision-rules", instrument=c.instrument_id, date=date).rows:
            c.deciders.append({"organ": _v(row, "organLabel") or short(row.get("organ")),
                               "kind": _v(row, "kind"), "threshold": _v(row, "threshold"),
                               "matter": _v(row, "matter"), "article": _v(row, "article")})
        for row in kg.query("security-council-reporting", instrument=c.instrument_id,
                            date=date).rows:
            entry = {"article": _v(row, "article"), "timing": _v(row, "timing")}
            if entry not in c.reporting:
                c.reporting.append(entry)
        for row in conflicts:
            if _v(row, "norm") == c.norm:
                p = {"article": _v(row, "prevailingArticle"),
                     "rule_article": _v(row, "ruleArticle"),
                     "norm": _v(row, "prevailingNorm")}
                if p not in c.prevails:
                    c.prevails.append(p)
                if _v(row, "savingArticle") and _v(row, "savingArticle") not in c.saving_clauses:
                    c.saving_clauses.append(_v(row, "savingArticle"))

    self_defence = None
    un = {_v(r, "code") for r in kg.query("members-as-of", instrument="un-charter",
                                          date=date).rows}
    if state in un:
        rights = kg.sparql("""
            SELECT ?article WHERE { ?n a ckg:SelfDefenceRight ; ckg:establishedBy ?p .
              ?p ckg:inInstrument inst:un-charter ; ckg:articleLabel ?article }""")
        if rights.rows:
            report = [_v(r, "article") for r in
                      kg.query("security-council-reporting", instrument="un-charter").rows]
            self_defence = {"article": _v(rights.rows[0], "article"), "kind": "permission",
                            "reporting_article": "51" if "51" in report else
                            (report[0] if report else "")}
    return Explanation(state, state_label, date, list(clauses.values()), self_defence,
                       caveats=responders.caveats, complete=not responders.caveats)
