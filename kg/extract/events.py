"""Events: missions, visits, and the signing of each agreement.

* "une mission ... aux ⟦Etats-Unis⟧ avec ⟦A⟧ et ⟦B⟧" is a mission to that place
  with A and B; "ce déplacement" refers back to it;
* "nous rendre visite à ⟦Marseille⟧ il y a deux ans" is a dated visit;
* after the last sentence, each signed agreement gets its signing event, and
  the mission it was signed during gets its parties (those not at home there).

Example:
    >>> bool(_VISIT.search("de nous rendre visite a ⟦3:PLC⟧ il y a deux ans"))
    True
"""

from __future__ import annotations

import re
from collections.abc import Callable

from kg.dates import WEEKDAYS
from kg.extract.agreements import _EVT, _PRE, _after_avec
from kg.extract.context import BRACKETED, HONORIFIC, Context, fold_shaped, mention_ids
from kg.extract.mentions import folded_classes
from kg.extract.records import DateExpr
from kg.extract.rules import LEXICON, alternation, folded
from kg.extract.text import Span, fold, slug
from kg.extract.when import find_dates
from kg.namespaces import COOP, SCHEMA

__all__ = ["read_events", "finish_events"]


def read_events(ctx: Context, s: Span, shaped: str) -> list[tuple[str, int]]:
    """The events sentence ``s`` names (key, position in the folded shaped sentence)."""
    folded = fold_shaped(shaped)
    _visits(ctx, s, folded)
    _site_visits(ctx, s, shaped, folded)
    _on_visit(ctx, s, shaped, folded)
    return _events(ctx, s, shaped, folded)


#: "⟦D⟧, conduite par ⟦P⟧, visitera vendredi les terminaux à conteneurs de ⟦Fos⟧"
_SITE_VISIT = re.compile(
    r"^(?P<who>(?:[^;:⟦]|⟦\d+:[A-Z]{3}⟧)*?)\b(?:"
    + alternation(LEXICON["site_visit_verbs"], fold_words=True) + r")"
    r"(?:\s+(?:" + "|".join(WEEKDAYS) + r"|demain|egalement|aussi))*\s+"
    r"(?P<det>les |le |la |l')(?P<what>[^⟦,.;:]{3,60}?)\s(?P<prep>de la |de l'|du |des |de |d'|a |au |aux )"
    r"(?:la |le |l')?⟦(?P<place>\d+):PLC⟧")
_OF_DET = {"les ": "des ", "le ": "du ", "la ": "de la ", "l'": "de l'"}


def _site_visits(ctx: Context, s: Span, shaped: str, folded: str) -> None:
    """'Une ⟦délégation⟧, conduite par ⟦P⟧, visitera vendredi les terminaux à conteneurs de
    ⟦Fos-sur-Mer⟧': a visit of that site, with the subject and who leads it. Not when the
    document reports a mission going on: a visit is then part of it."""
    m = _SITE_VISIT.match(folded)
    if not m or ctx.state.get("event"):
        return
    subject = re.match(r"\s*(?:une |un |la |le |les |l')?⟦(\d+):(?:PER|ORG|AUT)⟧", m.group("who"))
    if not subject:
        return
    who = [int(subject.group(1))] + [int(i) for i in _LED_BY.findall(m.group("who"))]
    place = int(m.group("place"))
    site = ctx.unshape(shaped[m.start("what"):m.end("prep")]) + ctx.cands[place].text
    phrase = f"visite {_OF_DET[m.group('det')]}{site}".replace("' ", "'")
    key = f"event/{slug(phrase)}"
    ctx.add_draft(key, phrase, (SCHEMA.Event, COOP.Visit))
    ctx.fact(key, SCHEMA.location, ctx.draft(ctx.cands[place]), s, "visit")
    for i in who:
        ctx.fact(key, COOP.participant, ctx.draft(ctx.cands[i]), s, "visit")


#: "⟦X⟧, en visite à ⟦Nantes⟧ depuis lundi avec ⟦Y⟧", "En mission officielle au ⟦Québec⟧
#: depuis lundi, ⟦Y⟧, conduite par ⟦Z⟧, ...": no article, straight to a place
_ON_VISIT = re.compile(r"(?:⟦(?P<who>\d+):(?:PER|ORG|AUT)⟧\s*,\s*|^\s*)en\s+(?P<phrase>(?:visite|"
                       r"mission|deplacement)(?:\s+officiel(?:le)?)?\s+(?:a|au|aux|en)\s+"
                       r"(?:la |le |l')?⟦(?P<place>\d+):PLC⟧)(?P<rest>[^,.;⟦]*(?:⟦[^⟧]*⟧[^,.;⟦]*)*)")
_LED_BY = re.compile(r"\b(?:conduite?s?|menee?s?|emmenee?s?)\s+par\s+(?:la |le |les |l')?"
                     rf"{HONORIFIC}⟦(\d+):(?:PER|ORG|AUT)⟧")


#: where an event led by someone went: "(⟦X⟧) dans la ⟦province de Y⟧"
_LED_TO = re.compile(rf"(?:{BRACKETED})?\s+(?:dans|en|au|aux|a)\s+(?:la |le |les |l')?"
                     r"⟦(\d+):PLC⟧")


def _on_visit(ctx: Context, s: Span, shaped: str, folded: str) -> None:
    """'⟦X⟧, en visite à ⟦Nantes⟧ ... avec ⟦Y⟧': a visit to that place, with X and Y; 'En
    mission officielle au ⟦Québec⟧, ⟦Y⟧, conduite par ⟦Z⟧, ...' opening the sentence: a
    mission with its subject Y and Z. Named with an article ('une mission'), it is
    :func:`_events`'; somewhere vaguer ('en visite dans le sud du Japon'), none."""
    for m in _ON_VISIT.finditer(folded):
        phrase = ctx.unshape(shaped[m.start("phrase"):m.end("phrase")])
        cls = folded_classes("events")[fold(phrase.split()[0])]
        who = [int(m.group("who"))] if m.group("who") else []
        who += _after_avec(m.group("rest"), "PER|ORG|AUT", sep="et")
        if not m.group("who"):            # opening the sentence: its subject, who led it
            subject = re.match(r"[^,]*,\s*(?:une |un |la |le |les |l')?⟦(\d+):(?:PER|ORG|AUT)⟧",
                               folded[m.end("place"):])
            who += [int(subject.group(1))] if subject else []
            who += [int(i) for i in _LED_BY.findall(folded[m.end("place"):])]
        if not who:
            continue
        key = f"event/{slug(phrase)}"
        d = ctx.add_draft(key, phrase, (SCHEMA.Event, cls))
        d.attrs["destination"] = ctx.draft(ctx.cands[int(m.group("place"))])
        ctx.fact(key, SCHEMA.location, d.attrs["destination"], s, "event-participants")
        for i in who:
            ctx.fact(key, COOP.participant, ctx.draft(ctx.cands[i]), s, "event-participants")
        ctx.state["event"] = key


#: "au printemps 2022", "en 2019", "cet été": when, after the event's place
_SEASON = (r"\s+(?:au|en|a l'|cet|ce)\s*(?:printemps|ete|automne|hiver)(?:\s+(?:\d{4}|dernier|prochain))?"
           r"|\s+en\s+\d{4}")
#: ", à laquelle participent ⟦X⟧ et ⟦Y⟧" after the event: X and Y
_JOINED_BY = re.compile(r"\s*,\s*(?:a laquelle|auquel|auxquels|auxquelles)\s+(?:"
                        + alternation(LEXICON["participation_verbs"], fold_words=True) + r")"
                        r"\s+(?:la |le |les |l')?((?:⟦\d+:(?:AUT|ORG|PER)⟧(?:\s*(?:,|et)\s*"
                        rf"(?:la |le |les |l')?{HONORIFIC})?)+)")
#: "⟦X⟧, qui avait lui-même fait (le déplacement)": X, subject of the relative clause
_WHO_MADE = re.compile(r"⟦(\d+):(?:PER|ORG|AUT)⟧\s*,\s*qui\s+(?:[\w'-]+\s+){0,4}$")


def _events(ctx: Context, s: Span, shaped: str, folded: str) -> list[tuple[str, int]]:
    found = []
    pat = re.compile(rf"\b(?P<det>une|un|la|le|cette|ce|cet|d'une|d'un|l')\s*(?P<noun>{_EVT})\b"
                     r"(?:\s+(?:de la |de l'|du |des |de )(?:m\.\s+|mme\s+)?"   # "une visite de M. ⟦P⟧"
                     r"⟦(?P<of>\d+):(?P<whose>PER|AUT|ORG)⟧)?"
                     rf"(?P<rest>[^,⟦.;]*?(?:⟦\d+:PLC⟧)?)(?P<tail>(?:\s+du\s+\d[^,⟦.;]{{0,25}}?|{_SEASON})?)"
                     r"(?=\s+avec\b|\s*,|\s*\.|\s*$|\s+pour\b|\s+dans\b|\s+(?:conduite|menee|"
                     r"organisee|emmenee|pilotee)s?\s+par\b)")
    for m in pat.finditer(folded):
        cls = folded_classes("events")[m.group("noun")]
        phrase = ctx.unshape(shaped[m.start("noun"):m.end("rest")]).strip()
        phrase = re.sub(r"\s+(?:conduite|organisée|menée|effectuée|réalisée)e?s?\b", "", phrase)
        if m.group("det") in {"ce", "cette", "cet"}:
            key = ctx.state.get("event")
            if key:
                ctx.out.drafts[key].add_alias(phrase)
                found.append((key, m.start()))
            continue
        key = f"event/{slug(phrase)}"
        d = ctx.add_draft(key, phrase, (SCHEMA.Event, cls))
        places = mention_ids(m.group("rest"), "PLC")
        if places:
            d.attrs["destination"] = ctx.draft(ctx.cands[places[0]])
            ctx.fact(key, SCHEMA.location, d.attrs["destination"], s, "event-participants")
        for i in _after_avec(folded[m.end("tail"):m.end("tail") + 120], sep="et"):
            ctx.fact(key, COOP.participant, ctx.draft(ctx.cands[i]), s, "event-participants")
        made = _WHO_MADE.search(folded, 0, m.start())   # "⟦X⟧, qui avait fait le déplacement"
        # "une mission de la ⟦Région⟧", "une visite de M. ⟦P⟧": the one on it; but "une visite
        # de l'⟦Université⟧" may name the visitor or the visited
        whose = m.group("of") if m.group("whose") == "PER" or cls != COOP.Visit else None
        for who in (made.group(1) if made else None, whose):
            if who is not None:
                ctx.fact(key, COOP.participant, ctx.key_of(int(who)), s, "event-participants")
        joined = _JOINED_BY.match(folded, m.end("tail"))   # ", à laquelle participent ⟦X⟧"
        led = _LED_BY.match(folded, m.end("tail") + 1)     # "conduite par l'⟦X⟧"
        for i in mention_ids(joined.group(1), "AUT|ORG|PER") if joined else [int(led.group(1))] \
                if led else ():
            ctx.fact(key, COOP.participant, ctx.draft(ctx.cands[i]), s, "event-participants")
        where = _LED_TO.match(folded, led.end()) if led and not places else None
        if where:                         # "conduite par l'⟦X⟧ (⟦X⟧) dans la ⟦province de Y⟧"
            d.attrs["destination"] = ctx.draft(ctx.cands[int(where.group(1))])
            ctx.fact(key, SCHEMA.location, d.attrs["destination"], s, "event-participants")
        for i in mention_ids(shaped, "ORG"):     # "Au terme d'une mission ..., la délégation ... est
            if COOP.Delegation in ctx.cands[i].types:      # rentrée": the delegation was on it
                ctx.fact(key, COOP.participant, ctx.draft(ctx.cands[i]), s, "event-participants")
        ctx.state["event"] = key
        found.append((key, m.start()))
    return found


_VISIT = re.compile(r"\b(?:rendre visite|rendu visite|a visite|ont visite|visitera|visiteront)\s+"
                    r"(?:a|au|aux|en)?\s*(?:la |le |l')?⟦(\d+):PLC⟧")
_RELATIVE_DATE = re.compile("|".join(re.escape(fold(w)) for w in LEXICON["relative_dates"]))


def _visits(ctx: Context, s: Span, folded: str) -> None:
    """'nous rendre visite à ⟦Marseille⟧ il y a deux ans': a dated visit to that place."""
    for m in _VISIT.finditer(folded):
        when = _RELATIVE_DATE.search(folded[m.end():]) or None
        dates = find_dates(s.text)
        if not when and not dates:
            continue                      # an event is a dated happening
        place = ctx.draft(ctx.cands[int(m.group(1))])
        key = f"event/visite-{place.split('/', 1)[1]}"
        ctx.add_draft(key, f"visite à {ctx.out.drafts[place].label}", (SCHEMA.Event, COOP.Visit))
        ctx.fact(key, SCHEMA.location, place, s, "visit")
        expr = DateExpr(when.group(), None, None, None, None) if when else dates[0]
        ctx.fact(key, SCHEMA.startDate, expr, s, "visit")


#: words before an agreement's noun ("une nouvelle charte")
_QUALIFIERS = frozenset(_PRE.split("|"))


def finish_events(ctx: Context, located_in: Callable[[str, str], bool]) -> None:
    """After the last sentence: signing events, and mission participants from the parties."""
    for key, d in list(ctx.out.drafts.items()):
        if not key.startswith("agreement/") or "signing_sentence" not in d.attrs:
            continue
        s = d.attrs["signing_sentence"]
        noun = d.attrs["noun"]
        words = fold(noun).split()      # "nouvelle charte": the head noun gives the gender
        head = next((w for w in words if w not in _QUALIFIERS), words[0])
        if fold(noun)[:1] in "aeiouh":
            label = f"signature de l'{noun}"
        elif head in folded("feminine_heads"):
            label = f"signature de la {noun}"
        else:
            label = f"signature du {noun}"
        ev = f"event/signature-{key.split('/', 1)[1]}"
        signing = ctx.add_draft(ev, label, (SCHEMA.Event, COOP.Signing))
        if "ceremony" in d.attrs:             # "La cérémonie s'est tenue en présence de ..."
            signing.add_alias(d.attrs["ceremony"])
        ctx.fact(key, COOP.signingEvent, ev, s, "event-participants")
        ctx.fact(ev, SCHEMA.about, key, s, "event-participants")
        for p in dict.fromkeys(d.attrs.get("signing", [])):
            ctx.fact(ev, COOP.participant, p, s, "event-participants")
        if "date" in d.attrs:
            ctx.fact(ev, SCHEMA.startDate, d.attrs["date"], s, "agreement-date")
        framework = d.attrs.get("framework")
        if framework:
            dest = ctx.out.drafts[framework].attrs.get("destination")
            for p in d.attrs["parties"]:
                if not (dest and located_in(p, dest)):
                    ctx.fact(framework, COOP.participant, p, s, "event-participants")
