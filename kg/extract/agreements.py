"""Agreements, their parties, signatories, witnesses, date and status.

Rules over the shaped sentence (see :mod:`kg.extract.context`):

* parties: "⟦X⟧ et ⟦Y⟧ ont conclu un accord", "⟦X⟧ a signé un accord avec ⟦Y⟧",
  "⟦X⟧ finalise un partenariat avec ... ⟦Y⟧";
* "cet accord", "l'accord" refer to the agreement the document spoke of last;
* signatories: the people before and after "avec" around a signing verb;
  witnesses: "en présence de ⟦P⟧[, ⟦Q⟧ et ⟦R⟧]";
* "à l'occasion d'une mission" makes the mission the framework of a signing
  (the events themselves: :mod:`kg.extract.events`);
* "Dans ce cadre, ..." places a new agreement within an earlier one (:mod:`kg.extract.links`);
* what a document's layout says (who it comes from, a timeline, a signature block):
  :mod:`kg.extract.layout`; dates as written: :mod:`kg.extract.when`.

Example:
    >>> _verbs("la ville a signe un accord")[0][0].group()
    'a signe'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from kg.dates import MONTHS, WEEKDAYS
from kg.extract.context import BRACKETED, HONORIFIC, Context, fold_shaped, mention_ids
from kg.extract.kb import KB
from kg.extract.layout import (
    BARE,
    FIRST_PERSON,
    agreement_key,
    entry_signed,
    parties_below,
    party_keys,
    signature_block,
    timeline_entry,
    with_dashes,
    with_issuer,
)
from kg.extract.links import drop_descriptions, framework_cue, link_framework
from kg.extract.mentions import class_of, folded_roles
from kg.extract.records import MentionRec
from kg.extract.rules import LEXICON, alternation
from kg.extract.text import Span, fold, slug
from kg.extract.when import find_dates
from kg.namespaces import COOP, DCTERMS, ORG

__all__ = ["finish_dates", "read_agreements", "read_counterpart"]


_AGR = alternation(list(LEXICON["agreements"]), fold_words=True)
_EVT = alternation(list(LEXICON["events"]), fold_words=True)
_SIGNED = alternation(LEXICON["signed_verbs"], fold_words=True)
_PREP = alternation(LEXICON["preparing_verbs"], fold_words=True)
_WITNESS = alternation(LEXICON["witness_cues"], fold_words=True)
_RENEW = alternation(LEXICON["renewing_verbs"], fold_words=True)
_AMEND = alternation(LEXICON["amendment_nouns"], fold_words=True)
#: "..., qui prolonge [jusqu'en 2030] " or "un avenant prolonge " right before an agreement noun
_RENEWS = re.compile(rf"\b(?:qui|{_AMEND})\s+(?:{_RENEW})\s+(?:[^⟦.;,]{{0,30}}\s)?$")
_IN_RENEWAL = re.compile(rf"\b(?:qui|{_AMEND})\s+(?:{_RENEW})\s+[^,;.]*$")      # the clause goes on
_PARTICIPLE = alternation(LEXICON["signed_participles"], fold_words=True)
_ACRONYM_AFTER = re.compile(BRACKETED)


def _subjects(before: str, codes: str = "AUT|ORG") -> list[int]:
    """The mentions coordinated right before a verb: '⟦A⟧, ⟦B⟧ et ⟦C⟧ signent', '⟦A⟧ et ⟦B⟧ ont'."""
    before = _ACRONYM_AFTER.sub("", before)     # "⟦A⟧ (⟦A⟧), ⟦B⟧ (⟦B⟧) et ⟦C⟧ signent"
    tok = rf"⟦\d+:(?:{codes})⟧"
    art = r"(?:le |la |les |l'|l’)?"
    described = r"(?:[a-zéèêàç]+\s+){0,4}?"       # "et l'agence de promotion économique ⟦C⟧"
    listed = re.search(rf"((?:{tok}\s*,\s*{art})+{tok}\s*,?\s+et\s+{art}{described}{tok})[^⟦]{{0,70}}$",
                       before)
    if listed and not re.search(rf"\b(?:et|avec)\s+{art}$", before[:listed.start()]):
        return mention_ids(listed.group(1), codes)
    return _pair_subjects(before, codes)


def _pair_subjects(before: str, codes: str) -> list[int]:
    # "⟦A⟧, qui a un campus à ⟦Vannes⟧, et ⟦B⟧": the relative clause
    before = re.sub(r",\s*qui\s+(?:[^,⟦.;]|⟦\d+:PLC⟧)*,", ",", before)
    before = re.sub(r",\s*(?:en|au|aux|à|a|dans)\s+(?:le |la |les |l')?(?:(?:nord|sud|est|ouest|centre)"
                    r"(?:-(?:est|ouest))?\s+(?:du |de la |de l'|des |de ))?⟦\d+:PLC⟧\s*,", "", before)
    m = re.search(rf"((?:⟦\d+:(?:{codes})⟧\s*,?\s+et\s+(?:le |la |les |l'|l’)?(?:[a-zéè]+\s+){{0,3}}?)*"
                  rf"⟦\d+:(?:{codes})⟧)"
                  r"[^⟦]{0,70}$", before)
    return mention_ids(m.group(1), codes) if m else []


def _after_avec(after: str, codes: str = "AUT|ORG", sep: str = ",|et") -> list[int]:
    m = re.search(rf"\bavec\b[^⟦.]{{0,80}}?(?:⟦\d+:PLC⟧[^⟦.]{{0,10}}?)?((?:⟦\d+:(?:{codes})⟧\s*(?:{sep})\s*(?:le |la |les |l')?)*⟦\d+:(?:{codes})⟧)",
                  after)
    return mention_ids(m.group(1), codes) if m else []


_LINK = alternation(LEXICON["party_links"], fold_words=True)
_QUAL = alternation(LEXICON["agreement_qualifiers"], fold_words=True)
_PRE = ("nouvel|nouveau|nouvelle|premier|premiere|second|seconde|veritable|important|ambitieux|"
        "presente|present")
#: "la présente charte", in an agreement's own text: that agreement (the document's first)
_THIS_ONE = {"presente", "present"}
#: what an agreement is about, right after its noun: "accord d'echange d'etudiants et
#: d'enseignants", "accord de double diplome"; each a bare word after "de" (no article,
#: maybe "double" or "triple" before it), not a figure, a date or a
#: duration ("de trois ans", "de 2016", "de janvier"), nor a phrase ("d'ores et deja")
_NOT_ABOUT = alternation([*LEXICON["agreement_not_complements"], *MONTHS, *WEEKDAYS],
                         fold_words=True)
_ABOUT_WORD = rf"d(?:e\s+|')(?:double\s+|triple\s+)?(?!(?:{_NOT_ABOUT})\b)[a-z][a-z-]*"
_ABOUT = re.compile(rf"(?:\s+{_ABOUT_WORD}(?:\s+et\s+{_ABOUT_WORD})?)+(?![\w'])")


def _linked_parties(after: str) -> list[int]:
    """'... entre ⟦X⟧ et ⟦Y⟧', '... qui unit désormais ⟦X⟧ et ⟦Y⟧'."""
    m = re.match(rf"[^⟦.;]{{0,40}}?\b(?:{_LINK})\b(?:\s+\w+)?\s+(?:le |la |les |l')?"
                 rf"(⟦\d+:(?:AUT|ORG)⟧)\s+et\s+(?:le |la |les |l')?(⟦\d+:(?:AUT|ORG)⟧)", after)
    return mention_ids(m.group(1) + m.group(2)) if m else []


#: "le serment de jumelage qui unit la ⟦Vannes⟧ du ⟦Morbihan⟧ à ⟦Toruń⟧": two towns (or a
#: town and an authority: "signée en 1986 entre ⟦Sète⟧ et la ⟦Città di Chioggia⟧")
_LINKED_TOWNS = re.compile(rf"[^⟦.;]{{0,40}}?\b(?:{_LINK})\b(?:\s+\w+)?\s+(?:le |la |les |l')?"
                           r"⟦(\d+):(?:PLC|AUT|ORG)⟧(?:\s+(?:du|de la|de l'|des|de)\s+⟦\d+:PLC⟧)?"
                           r"\s+(?:et|a)\s+(?:le |la |les |l')?⟦(\d+):(?:PLC|AUT|ORG)⟧")


def _linked_towns(ctx: Context, after: str) -> list[str]:
    """The municipalities of the document whose towns a twinning's noun links ('qui unit la
    préfecture du Morbihan à Toruń'), when both are named as municipalities too; an
    authority named so stands for itself ('entre Sète et la Città di Chioggia')."""
    m = _LINKED_TOWNS.match(after)
    if m is None:
        return []
    out = []
    for i in (int(m.group(1)), int(m.group(2))):
        if ctx.cands[i].code != "PLC":
            out.append(ctx.draft(ctx.cands[i]))
            continue
        place = ctx.key_of(i)
        governs = {f.subject for f in ctx.out.facts
                   if f.predicate == DCTERMS.spatial and f.obj == place}
        towns = [k for k, d in ctx.out.drafts.items() if k.startswith("authority/")
                 and COOP.Municipality in d.types
                 and (d.attrs.get("spatial") == place or k in governs)]
        if len(towns) != 1:
            return []
        out.append(towns[0])
    return out


def _agreement(ctx: Context, parties: Sequence[int | str], noun: str, noun_folded: str,
               suffix: str = "") -> str:
    """The agreement between these parties (candidate indexes or entity keys); a second
    agreement of another specific kind between the same parties (a letter of intent,
    then an accord) is another node, and so is one given a key ``suffix`` (an earlier
    agreement: :func:`_prior`)."""
    uniq = party_keys(ctx, parties)
    key = agreement_key(uniq) + (f"--{suffix}" if suffix else "")
    cls = _class(noun_folded)
    existing = ctx.out.drafts.get(key)
    if existing is not None and cls != COOP.Agreement:
        specific = [t for t in existing.types if t != COOP.Agreement]
        if specific and cls not in specific:
            key = f"{key}--{slug(noun)}"
    labels = " et ".join(ctx.out.drafts[k].label for k in uniq)
    d = ctx.add_draft(key, f"{noun} entre {labels}", (COOP.Agreement,))
    d.attrs.setdefault("parties", uniq)
    d.attrs.setdefault("noun", noun)
    return key


def _class(noun_folded: str):  # type: ignore[no-untyped-def]
    return class_of(next(v for k, v in LEXICON["agreements"].items() if fold(k) == noun_folded))


def _kind(ctx: Context, key: str, noun_folded: str, surface: str) -> None:
    d = ctx.out.drafts[key]
    cls = _class(noun_folded)
    if cls != COOP.Agreement and set(d.types) == {COOP.Agreement}:   # a kind, once
        d.types = (COOP.Agreement, cls)
        d.attrs["noun"] = surface
        others = [ctx.out.drafts[p].label for p in d.attrs["parties"]]
        d.label = f"{surface} entre {' et '.join(others)}"
    d.add_alias(surface)


def _verbs(folded: str) -> list[tuple[re.Match[str], bool]]:
    """Every signing (True) or preparing (False) verb of the sentence, in order."""
    found = [(m, True) for m in re.finditer(rf"(?<![\w])(?:{_SIGNED})(?![\w])", folded)]
    found += [(m, False) for m in re.finditer(rf"(?<![\w])(?:{_PREP})(?![\w])", folded)]
    found.sort(key=lambda v: v[0].start())
    kept: list[tuple[re.Match[str], bool]] = []
    for v in found:                       # "devrait être conclu": the preparing verb wins
        if kept and v[0].start() < kept[-1][0].end():
            continue
        kept.append(v)
    return kept


def _nearest(verbs: list[tuple[re.Match[str], bool]], pos: int,
             end: int) -> tuple[re.Match[str], bool] | None:
    """The verb of an agreement noun: the first right after it ("un accord qui devrait être
    conclu"), else the last before it."""
    before = [v for v in verbs if v[0].end() <= pos]
    after = [v for v in verbs if v[0].start() >= end]
    if after and (not before or after[0][0].start() - end < 25):
        return after[0]
    return before[-1] if before else None


def read_agreements(ctx: Context, kb: KB, s: Span, shaped: str,
                    events: list[tuple[str, int]]) -> None:
    """Read the agreements, parties, signatories, witnesses, date and status of sentence ``s``;
    ``events`` are the events it names (:func:`kg.extract.events.read_events`), with their
    positions, for the framework of a signing."""
    shaped = drop_descriptions(ctx, shaped)
    folded = fold_shaped(shaped)
    if signature_block(ctx, s, folded):
        return
    verbs = _verbs(folded)
    previous: list[int | str] = []
    this_one: str | None = None
    _ceremony(ctx, s, shaped, folded)
    cue, known = framework_cue(folded), list(ctx.state.get("agreements", []))
    framework = (_referent(ctx, cue.group("noun")) if cue.group("noun") else
                 ctx.state.get("agreement")) if cue else None
    for m in re.finditer(rf"(?:(?<![\w])(?P<det>un|une|l'|l’|le|la|cet|cette|ce|d'un|d'une)\s*"
                         rf"|{BARE})(?P<pre>(?:{_PRE})\s+)?(?P<noun>{_AGR})(?![\w])",
                         with_dashes(folded, shaped)):
        if cue and m.start() < cue.end():       # "dans le cadre de cet accord": the framework
            continue
        about = _ABOUT.match(folded, m.end("noun"))
        named = about.end() if about else m.end("noun")
        q = re.match(rf"(?:\s+(?:{_QUAL}))+", folded[named:])
        own = bool(m.group("pre")) and m.group("pre").strip() in _THIS_ONE   # "la présente"
        first = m.start("pre") if m.group("pre") and not own else m.start("noun")  # "second"
        surface = shaped[first:named + (q.end() if q else 0)]
        surface = surface if not surface.isupper() else surface.lower()
        verb = _nearest(verbs, m.start(), m.end())
        if own and ctx.state.get("principal"):   # "La présente charte renouvelle le jumelage
            this_one = ctx.state["principal"]    # entre A et B": the document's, not A and B's
            _agreement_read(ctx, s, shaped, folded, m, surface, this_one, verb, events)
            continue
        parties: Sequence[int | str] = _parties(folded, m, verb) \
            or _linked_towns(ctx, folded[m.end("noun"):]) or previous
        definite = m.group("det") not in {None, "un", "une", "d'un", "d'une"}
        amends = _amended_parties(folded, m) if not parties else []
        if len(set(amends)) >= 2:         # "un avenant prolonge l'accord conclu entre A et B"
            amendment = _agreement(ctx, amends, surface, m.group("noun"), slug(m.group("noun")))
            _agreement_read(ctx, s, shaped, folded, m, surface, amendment, verb, events)
            previous = list(amends)
            continue
        if definite and previous and _RENEWS.search(folded[:m.start()]):
            _prior(ctx, s, shaped, m, surface, previous)
            continue
        referent = _referent(ctx, m.group("noun")) if definite else None
        if len(set(parties)) < 2 and referent is None:
            parties = _parties_of_signatories(ctx, folded, verb) \
                or with_issuer(ctx, folded[m.end("noun"):]) \
                or (parties_below(ctx, s) if m.group("det") is None else [])
        at_hand: str | None = ctx.state.get("agreement")
        prospect = len(set(parties)) < 2 and referent is None and at_hand is not None \
            and _THE_TWO.search(folded)   # "que les deux collectivités espèrent conclure"
        if prospect and at_hand is not None:
            parties = ctx.out.drafts[at_hand].attrs["parties"]
        suffix, entry = timeline_entry(ctx, s, parties) if m.group("det") is None else ("", None)
        key = _agreement(ctx, parties, surface, m.group("noun"), suffix) \
            if len(set(parties)) >= 2 else None
        key = key or referent
        if key is None:
            continue
        previous = list(parties)
        _agreement_read(ctx, s, shaped, folded, m, surface, key, verb, events)
        if entry is not None and not verbs:      # "• 8 nov. 2008 – Accord de coopération avec"
            entry_signed(ctx, s, key, entry)
        if prospect:                      # the text goes on about the agreement at hand
            ctx.state["agreement"] = at_hand
    if this_one is not None:   # "La présente charte renouvelle le jumelage ...": the text goes
        ctx.state["agreement"] = this_one   # on about the present one, not the one it renews
    signed = [v for v, is_signed in verbs if is_signed]
    if ctx.state.get("agreement") and signed and _IT_WAS.match(folded) \
            and not re.search(rf"(?<![\w])(?:{_AGR})(?![\w])", folded):
        _signing(ctx, s, ctx.state["agreement"], folded, signed[0], True, events)
    if framework:
        link_framework(ctx, s, framework, known)


#: "les deux collectivités": the parties of the agreement at hand
_THE_TWO = re.compile(rf"\bles deux (?:{alternation(LEXICON['pair_nouns'], fold_words=True)})\b")
#: "Il a été paraphé par ...": the agreement at hand, signed by the people named after "par"
_IT_WAS = re.compile(rf"\s*(?:il|elle)\s+a\s+ete\s+(?:{_PARTICIPLE})\s+par\b")


def _agreement_read(ctx: Context, s: Span, shaped: str, folded: str, m: re.Match[str],
                    surface: str, key: str, verb: tuple[re.Match[str], bool] | None,
                    events: list[tuple[str, int]]) -> None:
    """The agreement ``key`` named by the noun of ``m`` (``surface``) in sentence ``s``: its
    kind or alias, the document's agreement at hand from now on, its mention, parties and
    signing."""
    if m.group("det") in {"ce", "cet", "cette"}:
        ctx.out.drafts[key].add_alias(surface)   # "ce partenariat" names it, keeps its kind
    else:
        _kind(ctx, key, m.group("noun"), surface)
    ctx.state["agreement"] = key
    ctx.state.setdefault("principal", key)
    if key not in ctx.state.setdefault("agreements", []):
        ctx.state["agreements"].append(key)
    ctx.out.mentions.append(_mention(ctx, s, m.start("noun"), m.end("noun"), shaped, key))
    for i in ctx.out.drafts[key].attrs["parties"]:
        ctx.fact(key, COOP.party, i, s, "agreement-parties")
    if verb:
        _signing(ctx, s, key, folded, verb[0], verb[1], events)


def _amended_parties(folded: str, m: re.Match[str]) -> list[int]:
    """'un avenant prolonge jusqu'en 2030 l'accord de coopération conclu en 2016 entre ⟦A⟧ et
    ⟦B⟧': an amendment is between the parties of the agreement it amends, named after it."""
    if not re.fullmatch(_AMEND, m.group("noun")):
        return []
    after = re.match(rf"\s+(?:{_RENEW})\s+[^⟦.;]{{0,30}}?(?:l'|l’|le |la )(?:{_AGR})(?![\w])",
                     folded[m.end("noun"):])
    return _linked_parties(folded[m.end("noun") + after.end():]) if after else []


def _prior(ctx: Context, s: Span, shaped: str, m: re.Match[str], surface: str,
           parties: Sequence[int | str]) -> None:
    """'⟦A⟧ et ⟦B⟧ ont signé une nouvelle charte, qui prolonge la charte de jumelage paraphée
    le 12 mai 1985 par leurs prédécesseurs': an earlier agreement between the same parties
    (its own node, not the one the document goes on about), signed on the date of its
    clause, by the people named there after "par"."""
    clause = re.match(r"[^,;.]*", shaped[m.end("noun"):])
    text = clause.group(0) if clause else ""
    signed = re.search(rf"(?<![\w])(?:{_PARTICIPLE})(?![\w])", fold_shaped(text))
    dates = find_dates(text[signed.end():]) if signed else []
    date = next((e for e in dates if e.day is not None and e.year is not None), None)
    suffix = slug(m.group("noun")) + (f"-{date.year}" if date else "")
    key = _agreement(ctx, parties, surface, m.group("noun"), suffix)
    _kind(ctx, key, m.group("noun"), surface)
    ctx.out.mentions.append(_mention(ctx, s, m.start("noun"), m.end("noun"), shaped, key))
    for i in ctx.out.drafts[key].attrs["parties"]:
        ctx.fact(key, COOP.party, i, s, "agreement-prior")
    ctx.fact(key, COOP.status, COOP.Signed, s, "agreement-prior")
    if date is not None:
        ctx.out.drafts[key].attrs.setdefault("dates", []).append((True, date, s))
    for i in _passive_people(fold_shaped(text)):
        ctx.fact(key, COOP.signatory, ctx.draft(ctx.cands[i]), s, "agreement-prior")


def _in_prior(text: str, at: int) -> bool:
    """Whether the date at ``at`` in ``text`` is in the clause of an earlier agreement
    (:func:`_prior`): '..., qui prolonge la charte paraphée le 12 mai 1985'."""
    return bool(_IN_RENEWAL.search(fold(text[:at])))


def _referent(ctx: Context, noun_folded: str) -> str | None:
    """'cette lettre d'intention', 'la lettre', 'l'accord': the last agreement of the document
    named with the same head noun, else the last agreement."""
    head = noun_folded.split()[0].split("'")[0]
    for key in reversed(ctx.state.get("agreements", [])):
        d = ctx.out.drafts[key]
        if any(fold(n).split()[0].split("'")[0] == head for n in [d.attrs.get("noun", ""), *d.aliases]
               if n):
            return key
    return ctx.state.get("agreement")


class _Witnesses:
    """Where the witnesses' cue starts, and the people it introduces."""

    def __init__(self, start: int, people: list[int]) -> None:
        self._start, self.people = start, people

    def start(self) -> int:
        return self._start


@lru_cache(maxsize=1)
def _post_first() -> str:
    """'la consule générale de ⟦France⟧ à ⟦Chengdu⟧, ' (folded): a post named before the
    person it is apposed to."""
    roles = "|".join(re.escape(w) for w in sorted(folded_roles(), key=len, reverse=True))
    return (rf"(?:la |le |l')(?:vice-|co-)?(?:{roles})\b[^⟦,.;]*"
            r"(?:⟦\d+:(?:PLC|AUT|ORG)⟧[^⟦,.;]*)*,\s*")


def _witnesses(folded: str, cues: str = _WITNESS) -> _Witnesses | None:
    """'en présence de ⟦P⟧, <apposition left over>, et de Mme ⟦Q⟧': P and Q. A person counts
    when the cue, ', ', ', de', 'et', 'et de' or 'et d'' (and a title) comes right before it;
    the first also after the cue and a post ('en présence de la consule générale de
    ⟦France⟧, ⟦P⟧', 'de l'échevine des Relations internationales, Mme ⟦P⟧'). ``cues``: the
    alternation of the words that introduce them."""
    cue = re.search(rf"(?:{cues})\s*", folded)
    if not cue:
        return None
    people: list[int] = []
    for m in re.finditer(r"⟦(\d+):PER⟧", folded[cue.start():]):
        head = folded[cue.start():cue.start() + m.start()]
        if people and re.search(rf"(?:,\s*(?:de\s+|d')?|\bet\s+(?:de\s+|d')?|,\s*et\s+(?:de\s+|d')?)"
                                rf"{HONORIFIC}$", head) \
                or not people and re.fullmatch(rf"(?:{cues})\s*(?:{_post_first()})?{HONORIFIC}", head):
            people.append(int(m.group(1)))
        elif people:
            break
    return _Witnesses(cue.start(), people) if people else None


def _ceremony(ctx: Context, s: Span, shaped: str, folded: str) -> None:
    """'La cérémonie s'est déroulée en présence de ⟦P⟧ et de ⟦Q⟧': witnesses of the agreement
    the document just reported signed; the signing event is also named 'cérémonie'."""
    key = ctx.state.get("agreement")
    if not key or re.search(rf"(?<![\w])(?:{_AGR})(?![\w])", folded):
        return
    opening = re.match(r"\s*(?:la |cette )?(?:(?P<c>ceremonie(?: de signature)?)|signature)\b",
                       folded)
    if not opening:
        return
    wit = _witnesses(folded)
    if not wit:
        return
    d = ctx.out.drafts[key]
    if opening.group("c"):       # the name finish_events gives the signing event besides its own
        d.attrs.setdefault("ceremony", shaped[opening.start("c"):opening.end("c")])
    for i in wit.people:
        ctx.fact(key, COOP.witness, ctx.draft(ctx.cands[i]), s, "agreement-witness")
        d.attrs.setdefault("signing", []).append(ctx.draft(ctx.cands[i]))


#: "par ⟦P⟧, et par ⟦Q⟧", "par M. ⟦P⟧" (a title's period)
_PASSIVE = re.compile(rf"\bpar\s+((?:[^⟦.]{{0,20}}?{HONORIFIC}⟦\d+:PER⟧\s*,?\s*(?:et\s+)?(?:par\s+)?)+)")


def _passive_people(after: str) -> list[int]:
    """'a été signé par ⟦P⟧, et par ⟦Q⟧': P and Q."""
    m = _PASSIVE.search(after)
    return mention_ids(m.group(1), "PER") if m else []


def _parties_of_signatories(ctx: Context, folded: str,
                            verb: tuple[re.Match[str], bool] | None) -> list[str]:
    """'X, président de A, et Y, président de B, ont signé une convention': A and B are
    the parties (a council stands for its authority)."""
    if not verb or not verb[1]:
        return []
    v = verb[0]
    after = folded[v.end():]
    wit = _witnesses(after)               # the witnesses' posts make no party
    after = after[:wit.start()] if wit else after
    people = _person_subjects(ctx, folded[:v.start()]) + _after_avec(after, "PER")
    people += _passive_people(after)
    keys = [ctx.key_of(i) for i in people]
    orgs: list[str] = []
    for f in ctx.out.facts:
        if f.predicate == ORG.holds and f.subject in keys:
            for g in ctx.out.facts:
                if g.subject == f.obj and g.predicate == ORG.postIn:
                    org = ctx.out.drafts[str(g.obj)].attrs.get("of", str(g.obj))
                    if org not in orgs and org.startswith(("authority/", "organization/")):
                        orgs.append(str(org))
                    break
    return orgs if len(orgs) >= 2 else []


def _parties(folded: str, m: re.Match[str], verb: tuple[re.Match[str], bool] | None) -> list[int]:
    if verb:
        v = verb[0]
        before, after = folded[:v.start()], folded[v.end():]
        subj = _subjects(before)
        parties = subj + _after_avec(after) if len(subj) < 2 else subj
        if len(set(parties)) >= 2:
            return parties
    return _linked_parties(folded[m.end("noun"):])


def _mention(ctx: Context, s: Span, a: int, b: int, shaped: str, key: str) -> MentionRec:
    """The agreement noun as a mention, found in the sentence's own text (the shaped
    sentence may have lost its appositions, so its offsets are not the text's)."""
    text = ctx.unshape(shaped[a:b])
    nth = len(re.findall(re.escape(fold(text)), fold(ctx.unshape(shaped[:a]))))
    hits = [h.start() for h in re.finditer(re.escape(fold(text)), fold(s.text))]
    start = s.start + (hits[min(nth, len(hits) - 1)] if hits else 0)
    return MentionRec(start, start + len(text), ctx.doc.text[start:start + len(text)], key,
                      s.start, s.end, "kg.rule.agreement-parties.v1")


def _signing(ctx: Context, s: Span, key: str, folded: str, verb: re.Match[str], signed: bool,
             events: list[tuple[str, int]]) -> None:
    ctx.fact(key, COOP.status, COOP.Signed if signed else COOP.InPreparation, s,
             "agreement-status")
    d = ctx.out.drafts[key]
    if not signed:
        return
    i = ctx.sentences.index(s)
    for where in [s] + ctx.sentences[max(0, i - 1):i][::-1]:
        at = {e: where.text.find(e.text) for e in find_dates(where.text)}
        found = [e for e in at if not _in_range(where.text, at[e], len(e.text))
                 and not _in_prior(where.text, at[e])]
        if found:             # the date nearest the verb "signé" (a dateline's: its first)
            vpos = _raw_verb_pos(where.text)
            best = min(found, key=lambda e: abs(at[e] - vpos))
            d.attrs.setdefault("dates", []).append((where is s, best, where))
            break
    else:
        if _SAME_CEREMONY.search(folded):   # "En marge de la cérémonie, ... ont également
            d.attrs["same_day_as"] = s       # conclu un protocole": the ceremony's date
    before, after = folded[:verb.start()], folded[verb.end():]
    people = _person_subjects(ctx, before) or _role_subjects(ctx, before)
    wit = _witnesses(after)
    avec = _after_avec(after[:wit.start()] if wit else after, "PER")
    people = people or _passive_people(after[:wit.start()] if wit else after)
    if not people:                        # "signé par les deux maires"
        by = re.search(r"\bpar (les (?:deux|trois|quatre) [a-z-]+)", after[:wit.start()] if wit else after)
        people = _role_subjects(ctx, by.group(1)) if by else []
    signers = [ctx.draft(ctx.cands[i]) for i in people + avec]
    if not people and ctx.state.get("speaker") and FIRST_PERSON.search(before):
        signers.insert(0, ctx.state["speaker"])     # "j'ai eu l'honneur de signer"
    for person in signers:
        ctx.fact(key, COOP.signatory, person, s, "agreement-signatory")
        d.attrs.setdefault("signing", []).append(person)
    ctx.state["signing_in"] = (s, key)          # for "⟦P⟧ assistaient à la signature"
    if signers:
        ctx.state["signed_in"] = (s, key)       # for "Face à lui, ..." in the next sentence
    if wit:
        for i in wit.people:
            ctx.fact(key, COOP.witness, ctx.draft(ctx.cands[i]), s, "agreement-witness")
            d.attrs.setdefault("signing", []).append(ctx.draft(ctx.cands[i]))
    for ev, pos in events:
        if re.search(r"(?:occasion|cadre|lors|cours)\s+(?:d'|de\s*)?$", folded[:pos] + " ")\
                or re.search(r"(?:occasion|cadre|lors|cours)\s+(?:d'|de)\s*$", folded[:pos]):
            ctx.fact(key, COOP.signedDuring, ev, s, "agreement-framework")
            d.attrs["framework"] = ev
    d.attrs.setdefault("signing_sentence", s)
    ceremony = _ceremony_named(ctx, s)
    if ceremony:
        d.attrs.setdefault("ceremony", ceremony)


def _ceremony_named(ctx: Context, s: Span) -> str | None:
    """The ceremony a signing in sentence ``s`` was part of: 'lors d'une cérémonie au siège
    de l'agence' in ``s``, or 'La cérémonie officielle s'est déroulée samedi' right before."""
    m = _CEREMONY.search(s.text)
    i = ctx.sentences.index(s)
    if m is None and i:
        m = _CEREMONY_HELD.search(ctx.sentences[i - 1].text)
    return m.group("c") if m else None


#: the ceremony of a signing: named in its sentence, or as held in the sentence before it
_CEREMONY = re.compile(r"(?i)\b(?:lors|au cours|à l'occasion|à l’occasion|pendant|durant)\s+"
                       r"(?:d'une |d’une |de la |de cette |la |une )"
                       r"(?P<c>cérémonie(?: officielle| de signature)?)\b")     # not "en marge de"
_CEREMONY_HELD = re.compile(r"(?i)\b(?:la |cette )(?P<c>cérémonie(?: officielle| de signature)?)"
                            r"\s+(?:s'est|s’est|a eu lieu|avait lieu)")


def _in_range(text: str, at: int, length: int) -> bool:
    """Whether the date at ``at`` in ``text`` bounds a period ("du 4 au 8 février", "du
    4 février au 8 février", "en mission depuis lundi"): not the day of a signing."""
    return bool(re.search(r"(?i)\bdu\s+(?:\d{1,2}|1er)(?:\s+\w+)?\s+au\s+$", text[:at])
                or re.search(r"(?i)\bdepuis\s+(?:le\s+)?$", text[:at])
                or (re.search(r"(?i)\bdu\s+$", text[:at])
                    and re.match(r"\s+au\s", text[at + length:])))


_COUNTERPART = re.compile(rf"^\s*(?:{alternation(LEXICON['counterpart_cues'], fold_words=True)})"
                          r"\s*,"
                          r"(?P<clause>(?:[^;:]|⟦\d+:[A-Z]{3}⟧)*?)"
                          r"(?:\bqui\b|$)")


_PRESENT = alternation(LEXICON["presence_openers"], fold_words=True)


def read_counterpart(ctx: Context, s: Span, shaped: str) -> None:
    """The sentence right after a signing: 'C'est ⟦X⟧ qui a paraphé le document. Face à
    lui, le gouverneur de ⟦B⟧, ⟦Y⟧, ...': Y signed the same agreement; 'Étaient également
    présents ⟦P⟧ et ⟦Q⟧' and '⟦P⟧ et ⟦Q⟧ assistaient à la cérémonie de signature': P and Q
    witnessed it."""
    folded = fold_shaped(shaped)
    signing = ctx.state.get("signing_in")
    attended = _ATTENDED.match(folded)
    if attended and signing and ctx.sentences.index(s) == ctx.sentences.index(signing[0]) + 1:
        for i in re.findall(r"⟦(\d+):PER⟧", attended.group(1)):  # "⟦P⟧ et ⟦Q⟧ assistaient à
            witness = ctx.draft(ctx.cands[int(i)])               # la cérémonie de signature"
            ctx.fact(signing[1], COOP.witness, witness, s, "agreement-witness")
            ctx.out.drafts[signing[1]].attrs.setdefault("signing", []).append(witness)
        return
    signed = ctx.state.get("signed_in")
    if not signed or ctx.sentences.index(s) != ctx.sentences.index(signed[0]) + 1:
        return
    key = signed[1]
    m = _COUNTERPART.match(folded)
    person = re.search(r"⟦(\d+):PER⟧", m.group("clause")) if m else None
    if person is not None:
        signer = ctx.draft(ctx.cands[int(person.group(1))])
        ctx.fact(key, COOP.signatory, signer, s, "agreement-counterpart")
        ctx.out.drafts[key].attrs.setdefault("signing", []).append(signer)
    present = _witnesses(folded, _PRESENT) if re.match(rf"\s*(?:{_PRESENT})", folded) else None
    for i in present.people if present else ():
        ctx.fact(key, COOP.witness, ctx.draft(ctx.cands[i]), s, "agreement-witness")
        ctx.out.drafts[key].attrs.setdefault("signing", []).append(ctx.draft(ctx.cands[i]))


_ATTENDED = re.compile(rf"\s*((?:{HONORIFIC}⟦\d+:PER⟧\s*,?\s*(?:et\s+)?)+)(?:assistaient|assistait|"
                       r"ont assiste|a assiste)\s+a\s+(?:la |cette )(?:ceremonie(?: de signature)?|"
                       r"signature)\b")
_SAME_CEREMONY = re.compile(r"\b(?:en marge|a l'issue|au terme|lors) de (?:la|cette) "
                            r"(?:ceremonie|signature)\b|\ba cette occasion\b")


def finish_dates(ctx: Context) -> None:
    """After the last sentence: the date each agreement was signed. A date in a sentence that
    says it was signed beats one read in the sentence before it: under the dateline
    "Strasbourg, le 7 février", "... signent un protocole" was signed on the "mardi 6
    février" of the text, not on the 7th. An agreement signed "en marge de la cérémonie"
    (or "à cette occasion") without a date of its own was signed on the ceremony's day: the
    date of the first agreement dated before it."""
    dated = None
    for key, d in ctx.out.drafts.items():
        found = d.attrs.pop("dates", [])
        own = [(best, where) for in_sentence, best, where in found if in_sentence]
        for best, where in own or [(best, where) for _, best, where in found]:
            ctx.fact(key, COOP.signedOn, best, where, "agreement-date")
            d.attrs["date"] = best
        if "same_day_as" in d.attrs and "date" not in d.attrs and dated is not None:
            d.attrs["date"] = dated
            ctx.fact(key, COOP.signedOn, dated, d.attrs["same_day_as"], "agreement-date")
        dated = dated or d.attrs.get("date")


def _raw_verb_pos(text: str) -> int:
    m = re.search(rf"(?<![\w])(?:{_SIGNED})(?![\w])", fold(text))
    return m.start() if m else 0


_COUNTERPART_NOUN = re.compile(r"\bet\s+(?:son|sa)\s+homologue\b[\w\s-]{0,25}$")


def _person_subjects(ctx: Context, before: str) -> list[int]:
    """The people coordinated before a verb (:func:`_subjects`), and with 'et son homologue'
    after one of them, the counterpart (:func:`_counterpart`)."""
    people = _subjects(before, "PER")
    if len(people) == 1 and _COUNTERPART_NOUN.search(before):
        people += _counterpart(ctx, people[0])
    return people


def _counterpart(ctx: Context, person: int) -> list[int]:
    """'⟦P⟧ et son homologue': the first other person of the document who holds a post of
    the same role as P (the mayor of the other town), as a mention's index."""
    key = ctx.key_of(person)
    posts = {str(f.obj) for f in ctx.out.facts if f.predicate == ORG.holds}
    roles = {p.rsplit("/", 1)[-1] for p in posts
             if any(f.subject == key and f.obj == p for f in ctx.out.facts)}
    peers = {f.subject for f in ctx.out.facts if f.predicate == ORG.holds and f.subject != key
             and str(f.obj).rsplit("/", 1)[-1] in roles}
    return next(([i] for i, c in enumerate(ctx.cands)
                 if c.code == "PER" and ctx.key_of(i) in peers), [])


_PEOPLE_NOUNS = {"responsable", "elu", "dirigeant", "signataire", "representant", "personnalite",
                 "chef", "homologue"}


def _role_subjects(ctx: Context, before: str) -> list[int]:
    """'Les deux maires ont signé': the people of the document who hold that role."""
    m = re.search(r"\bles (?:deux|trois|quatre) ([a-z-]+?)s?\s*(?:y\s+)?(?:ont|vont)?\s*$", fold(before))
    if not m:
        return []
    role = "role/" + slug(m.group(1))
    holders = {f.subject for f in ctx.out.facts if f.predicate == ORG.holds
               and isinstance(f.obj, str) and f.obj.endswith("/" + role.split("/")[1])}
    if not holders and fold(m.group(1)) in _PEOPLE_NOUNS:   # "les deux responsables"
        holders = {f.subject for f in ctx.out.facts if f.predicate == ORG.holds}
    return [i for i, c in enumerate(ctx.cands) if c.code == "PER"
            and (c.attrs.get("key") or c.key) in holders
            and not any((c2.attrs.get("key") or c2.key) == (c.attrs.get("key") or c.key)
                        for c2 in ctx.cands[:i])]
