"""Links between agreements and between organisations that a press release states in passing.

* **within the framework**: "Dans ce cadre, ⟦X⟧ finalise un partenariat avec ⟦Y⟧" (also
  "À ce titre", "Dans le cadre de cet accord"): the agreement the sentence introduces lies
  within the framework of the agreement the text spoke of before (``coop:withinFrameworkOf``);
* **agencies**: "l'agence régionale d'attractivité, Occitanie Invest", "l'agence de
  développement de Casablanca, Casa Invest", "AD'OCC, l'agence de développement de la
  Région": the name is an agency (a mention, made if no other rule found it), linked
  (``org:linkedTo``) to the authority the description names — by an adjective
  ("métropolitaine": the metropolis the document is about) or a complement ("de la
  Région", "du Comté de Lyon") — and located (``schema:location``) at a place it names
  ("de Casablanca"), linked as well to the authority of that place when the document
  names exactly one ("la ville de Casablanca").

Example:
    >>> framework_cue("dans ce cadre, ⟦1:ORG⟧ finalise un partenariat").group("cue")
    'dans ce cadre'
    >>> framework_cue("dans le cadre de cet accord, ⟦1:ORG⟧ ...").group("noun")
    'accord'
    >>> framework_cue("⟦1:ORG⟧ agit dans ce cadre.") is None
    True
"""

from __future__ import annotations

import re

from rdflib import URIRef

from kg.extract.context import Context
from kg.extract.kb import KB, full_types
from kg.extract.mentions import Cand, folded_classes
from kg.extract.rules import LEXICON, RULES, alternation
from kg.extract.text import Span, fold, stop_words
from kg.namespaces import COOP, ORG, SCHEMA

__all__ = ["framework_cue", "link_framework", "add_agencies", "read_agencies", "drop_descriptions"]



_CUE = re.compile(
    rf"\s*(?:c'est\s+)?(?:(?P<cue>{alternation(LEXICON['framework_cues'], fold_words=True)})"
    rf"|dans le cadre (?:de cet|de cette|de ce|du|de l')\s*(?:[a-z]+\s+)?"
    rf"(?P<noun>{alternation(list(LEXICON['agreements']), fold_words=True)}))(?![\w])")


def framework_cue(folded: str) -> re.Match[str] | None:
    """The opening of a folded sentence that refers to an earlier framework ("dans ce cadre",
    "a ce titre", "dans le cadre de cet accord"), with the agreement noun when it names one."""
    return _CUE.match(folded)


def link_framework(ctx: Context, s: Span, framework: str, known: list[str]) -> None:
    """Every agreement sentence ``s`` introduced (not in ``known``, the agreements read before
    it) lies within the framework of the agreement ``framework``."""
    for key in ctx.state.get("agreements", []):
        if key not in known and key != framework:
            ctx.fact(key, COOP.withinFrameworkOf, framework, s, "agreement-within-framework")


_NOUNS = alternation(LEXICON["agency_nouns"], fold_words=True)
_NAME = r"[A-ZÀ-Ý][\w'’&-]*(?:[ -](?:de |du |des |d'|d’)?[A-ZÀ-Ý0-9][\w'’&-]*)*"
_END = r"(?=\s*(?:[,.;:()]|$))"
_ART = r"(?:(?:le|la|les) |l'|l’)?"
# "l'agence <description>, <Name>" and "<Name>, l'agence <description>"
_DESC = rf"(?P<desc>(?:{_NOUNS})\b(?:(?![lL]['’](?:{_NOUNS})\b)[^,.;:()\n]){{0,120}}?)"
_DESC_FIRST = re.compile(rf"(?<![\w])[lL]['’]{_DESC}\s*,\s*{_ART}(?P<name>{_NAME})")
_NAME_FIRST = re.compile(rf",\s*[lL]['’]{_DESC}{_END}")


def add_agencies(text: str, cands: list[Cand], ents: list[tuple[int, int, str]]) -> list[Cand]:
    """Mark the organisation named in apposition to an agency's description (``attrs["agency"]``:
    the description's span) and make its mention when no rule found it (a name spaCy tagged,
    or capitalised words closing the apposition).

    Example:
        >>> text = "Avec l'agence de développement de Tanger, Tanger Invest."
        >>> [(c.text, c.attrs["agency"]) for c in add_agencies(text, [], [])]
        [('Tanger Invest', '7:40')]
    """
    out = list(cands)
    agency = full_types((COOP.DevelopmentAgency,))
    described = set()
    for m in _DESC_FIRST.finditer(text):
        described.add(m.start("desc"))
        if _named(out, m.start("desc"), m.end("desc")):
            continue
        closes = bool(re.match(_END, text[m.end("name"):])) \
            and fold(m.group("name").split()[0]) not in stop_words()
        found = _claim(text, out, m.start("name"), m.end("name"), closes, agency)
        _mark(found, m.start("desc"), m.end("desc"), agency)
    for m in _NAME_FIRST.finditer(text):
        if m.start("desc") in described or _named(out, m.start("desc"), m.end("desc")):
            continue                     # "X, l'agence ..., Y": Y is the agency
        before = [c for c in out if c.end <= m.start() and not text[c.end:m.start()].strip()]
        spacy = [e for e in ents if e[1] == m.start() and e[2] in {"ORG", "MISC", "LOC"}
                 and text[e[0]].isupper()]
        if (not before or before[-1].code == "PLC") and spacy:
            before = [c for c in [_claim(text, out, spacy[0][0], m.start(), True, agency)] if c]
        _mark(before[-1] if before else None, m.start("desc"), m.end("desc"), agency)
    return sorted(out, key=lambda c: c.start)


def _claim(text: str, out: list[Cand], start: int, end: int, new: bool,
           agency: tuple[URIRef, ...]) -> Cand | None:
    """The organisation named at ``text[start:end]``: its mention, else (``new``) a new one
    when the words hold no mention or only shorter place names ("Toulouse" in "Toulouse
    Attractivité"), which it replaces."""
    over = [c for c in out if c.start < end and start < c.end]
    orgs = [c for c in over if c.code == "ORG"]
    if orgs or not new:
        return orgs[0] if orgs else None
    if any(c.code != "PLC" or c.start < start or c.end > end or c.end - c.start == end - start
           for c in over):
        return None
    for c in over:
        out.remove(c)
    name = text[start:end]
    out.append(Cand(start, end, name, "ORG", name, agency, RULES["agency-apposition"].name))
    return out[-1]


def _named(cands: list[Cand], start: int, end: int) -> bool:
    """The agency is named in its description ("l'agence Provence Promotion", "l'agence de
    développement économique Aderly"): what follows is no apposition to it."""
    return any(c.start < end and start < c.end and c.code == "ORG" for c in cands)


def _mark(c: Cand | None, start: int, end: int, agency: tuple[URIRef, ...]) -> None:
    if c is None or c.code != "ORG" or "agency" in c.attrs:
        return
    c.attrs["agency"] = f"{start}:{end}"
    if c.kb is None and set(c.types) <= {ORG.Organization}:
        c.types = agency


_APPOSED = re.compile(rf"⟦(\d+):ORG⟧\s*,\s*[lL]['’](?:{_NOUNS})\b[^,.;:⟦]*(?:⟦\d+:(?:AUT|PLC)⟧[^,.;:⟦]*)?,\s*")


def drop_descriptions(ctx: Context, shaped: str) -> str:
    """The shaped sentence without the description apposed to an agency's name, so that
    "⟦1:ORG⟧, l'agence de développement de la ⟦2:AUT⟧, finalise un partenariat" reads
    "⟦1:ORG⟧ finalise un partenariat" (⟦1⟧ is the subject, not ⟦2⟧)."""
    return _APPOSED.sub(lambda m: m.group(0) if "agency" not in ctx.cands[int(m.group(1))].attrs
                        else f"⟦{m.group(1)}:ORG⟧ ", shaped)


_COMPLEMENT = re.compile(r"(?:de la |de l'|du |des |de |d')$")


def read_agencies(ctx: Context, kb: KB) -> None:
    """The authority (``org:linkedTo``) and the place (``schema:location``) of every agency
    :func:`add_agencies` marked, from the words of its description."""
    adjectives = folded_classes("authority_adjectives")
    designators = folded_classes("designators")
    for c in ctx.cands:
        if "agency" not in c.attrs:
            continue
        start, end = (int(x) for x in c.attrs["agency"].split(":"))
        desc, key, s = ctx.doc.text[start:end], c.attrs.get("key") or c.key, ctx.sentence_of(c.start)
        inner = [d for d in ctx.cands if start <= d.start and d.end <= end and d.code != "PER"
                 and _COMPLEMENT.search(fold(ctx.doc.text[start:d.start]))]
        authority: str | None = None
        if inner and inner[0].code == "PLC":
            place = inner[0]
            ctx.fact(key, SCHEMA.location, place.attrs.get("key") or place.key, s, "agency-of")
            authority = _authority_of_place(ctx, place)
        elif inner and inner[0].rule == RULES["anaphora"].name:     # "de la Région"
            cls = designators.get(fold(inner[0].text))
            authority = _document_authority(ctx, cls, c) if cls else None
        elif inner:
            authority = inner[0].attrs.get("key") or inner[0].key
        else:
            classes = [adjectives[w] for w in fold(desc).split() if w in adjectives]
            authority = _document_authority(ctx, classes[0], c) if classes else None
            places = [kb.by_demonym[w] for w in fold(desc).split() if w in kb.by_demonym]
            if places and places[0].key in ctx.out.drafts:   # "l'agence lyonnaise de ..."
                ctx.fact(key, SCHEMA.location, places[0].key, s, "agency-of")
        if authority and authority != key and authority in ctx.out.drafts:
            ctx.fact(key, ORG.linkedTo, authority, s, "agency-of")


def _document_authority(ctx: Context, cls: URIRef, agency: Cand) -> str | None:
    """The authority of class ``cls`` the document is about ("métropolitaine", "de la Région"):
    the only one it names, else the only one whose name shares a word with the agency's
    ("Région Occitanie" for "Occitanie Invest"); None when that leaves several or none."""
    keys = sorted({c.attrs.get("key") or c.key for c in ctx.cands if c.code == "AUT"
                   and cls in c.types and c.rule != RULES["anaphora"].name})
    if len(keys) > 1:
        words = {w for w in re.findall(r"\w{4,}", fold(agency.label))}
        keys = [k for k in keys if words & set(re.findall(r"\w{4,}", fold(ctx.out.drafts[k].label)))]
    return keys[0] if len(keys) == 1 else None


_NAMED_AFTER = re.compile(rf"(?:{alternation(LEXICON['authority_designators'], fold_words=True)})"
                          r" "
                          r"(?:de la |de l'|du |de |d')?(?P<n>.+)")


def _authority_of_place(ctx: Context, place: Cand) -> str | None:
    """The one authority of the document named after ``place`` ("la ville de Casablanca", "le
    Comté de Miami") or whose territory it is; None when there is none or several."""
    names = {fold(place.label), fold(place.text)}
    keys = set()
    for c in ctx.cands:
        if c.code != "AUT":
            continue
        named = _NAMED_AFTER.fullmatch(fold(c.text))
        territory = place.kb is not None and c.kb is not None and place.kb.iri in c.kb.spatial
        if (named and named.group("n") in names) or territory or fold(c.attrs.get("name", "")) in names:
            keys.add(c.attrs.get("key") or c.key)
    return keys.pop() if len(keys) == 1 else None
