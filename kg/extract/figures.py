"""Figures (population, area, founding year, rank, counts), quotations, geography.

The subject of a figure is the subject of its sentence: the first organisation
or place mentioned that no preposition governs ("Avec 1,9 million d'habitants
et 3148 km², ⟦Aix-Marseille-Provence⟧ est ...").

Example:
    >>> bool(_POP.search("rassemble 2,5 millions de citoyens"))
    True
"""

from __future__ import annotations

import hashlib
import math
import re
from decimal import Decimal

from kg.extract.context import BULLET, SHAPE_TOKEN, Context
from kg.extract.kb import KB
from kg.extract.records import DateExpr
from kg.extract.rules import LEXICON
from kg.extract.text import ORDINAL, Span, fold, parse_number
from kg.model import Value
from kg.namespaces import COOP, DCTERMS, SCHEMA, XSD

__all__ = ["read_figures", "read_quotations", "read_geography", "read_apposed_places",
           "sentence_subject"]

_NUM = r"(?P<n>\d{1,3}(?:[ .\u00a0\u202f]\d{3})+|\d+(?:,\d+)?)\s*(?P<mult>millions?|milliards?)?"
_POP = re.compile(_NUM + r"\s*(?:d'|d’|de\s+)?(?:" + "|".join(LEXICON["population_nouns"]) + r")\b")
_AREA = re.compile(_NUM + r"\s*(?:" + "|".join(re.escape(u) for u in LEXICON["area_units"]) + r")")
_HECTARES = re.compile(_NUM + r"\s*(?:" + "|".join(LEXICON["hectare_units"]) + r")\b")
#: "⟦A⟧ compte 2 millions d'habitants, contre 800 000 pour (les 28 communes de) ⟦B⟧": B's own
_COMPARED = re.compile(r",?\s*contre\s+" + _NUM + r"\s+(?:d'habitants\s+)?pour\s+"
                       r"(?:l'ensemble\s+|les\s+(?:\d+\s+)?communes\s+)?(?:de\s+la\s+|de\s+l['’]\s*|"
                       r"du\s+|des\s+|de\s+|la\s+|le\s+|l['’]\s*)?⟦(?P<who>\d+):(?:AUT|PLC)⟧")
#: "⟦Montréal⟧, ville de 1,76 million d'habitants": the figure describes the town before it
_TOWN_OF_N = re.compile(r"⟦(\d+):(?:AUT|ORG|PLC)⟧\s*,\s*(?:une |la )?(?:ville|commune|cité|capitale|"
                        r"métropole|agglomération)\s+(?:de|d'|d’)\s*(?:près de |plus de |environ )?$")
_APPOSED = re.compile(r"⟦(\d+):(?:AUT|ORG|PLC)⟧,\s*[^,⟦]{0,50}?$")
#: "la population de ⟦Reims⟧ (180 000 habitants)": a figure in brackets after a name is its own
_BRACKETED = re.compile(r"⟦(\d+):(?:AUT|ORG|PLC)⟧\s*\(\s*(?:(?:environ|près de|plus de|"
                        r"quelque|moins de)\s+)?$")
_FOUNDED = re.compile(r"(?i)\b(?:né|née|créé|créée|fondé|fondée|institué|instituée)e?s?\s+en\s+(?P<y>\d{4})")
_RANK = re.compile(ORDINAL + r"\s+(?P<what>[^,.;]{0,40}?\s+en\s+(?:population|superficie|nombre d'habitants))")
_DELEGATION_SIZE = re.compile(r"⟦(?P<d>\d+):ORG⟧")
_MEMBERS = re.compile(r"(?P<n>\d+)\s+(?:" + "|".join(LEXICON["member_nouns"]) + r")\s+(?:de|du)\s+(?:la\s+|le\s+|l')?⟦(?P<d>\d+):ORG⟧")
_COUNT = re.compile(_NUM + r"\s*(?:d'|d’|de\s+)?(?P<noun>" + "|".join(LEXICON["count_nouns"]) + r")\b")
_PRONOUN_COUNT = re.compile(r"⟦(?P<who>\d+):(?:PLC|AUT|ORG)⟧\s+en\s+(?:a|ont|avait|avaient)\s+"
                            r"(?:reçu|accueilli|compté|attiré|enregistré)\s+" + _NUM)
#: "⟦Lunel⟧, dans l'⟦Hérault⟧, en compte 26 000." after a count of inhabitants (or in its
#: sentence: "⟦X⟧ compte 90 000 habitants et ⟦Y⟧ en compte 26 000.")
_PRONOUN_POP = re.compile(r"⟦(?P<who>\d+):(?:PLC|AUT)⟧(?:\s*,[^,⟦]*(?:⟦\d+:PLC⟧[^,⟦]*)?,)?\s+en\s+"
                          r"(?:compte|comptait|recense|rassemble)\s+" + _NUM + r"\s*\.?\s*$")
_DISTANCE = re.compile(_NUM + r"\s*(?P<noun>" + "|".join(LEXICON["distance_units"]) + r")\b(?!\s*(?:²|2|carrés))")
_RELATIVE = re.compile("|".join(re.escape(w) for w in LEXICON["relative_dates"]), re.IGNORECASE)
_FOUNDED_AGREEMENT = re.compile(
    r"\b(?:ne|nee|cree|creee|lance|lancee|noue|nouee)s?\s+en\s+(?P<y>\d{4})\s*,\s*(?:ce|cet|cette)\s+"
    r"(?:" + "|".join(re.escape(fold(k)) for k in LEXICON["agreements"]) + r")\b")
_GOVERNED = {fold(w) for w in ("de", "du", "des", "d'", "d’", "à", "au", "aux", "en", "avec",
                                "pour", "sur", "par", "vers", "entre", "dans", "chez")}


def _governed(shaped: str, pos: int) -> bool:
    words = [w for w in re.findall(r"[\w'’]+", fold(shaped[max(0, pos - 16):pos]))
             if w not in {"le", "la", "les", "l'", "l’"}]
    return bool(words and words[-1] in _GOVERNED) or shaped[:pos].rstrip().endswith(("d'", "d’"))


#: ", dont la préfecture est " right before a name: the name is inside a relative clause
_CLAUSE_OPENS = re.compile(r",\s*(?:dont|où|qui|que)\b[^,⟦]*$")


#: "Notre département", "Notre ville" at the start of a sentence: the authority the
#: document comes from (kg.extract.layout.read_issuer)
_OURS = re.compile(r"\s*(?i:notre)\s+(?i:département|région|ville|commune|métropole|territoire|"
                   r"collectivité|province|agglomération|comté|état)\b")


def _in_closed_clause(shaped: str, m: re.Match[str], before: int) -> bool:
    """'⟦Gers⟧, dont la préfecture est ⟦Auch⟧, compte 190 000 habitants': a name inside a
    relative clause that closes before the figure is not what the sentence counts."""
    return bool(_CLAUSE_OPENS.search(shaped[:m.start()])) and "," in shaped[m.end():before]


def sentence_subject(ctx: Context, shaped: str, before: int | None = None) -> str | None:
    """The key of the organisation or place the sentence speaks of: with ``before``, the
    one whose brackets open just before that position ("la population de Reims (180 000
    habitants)"), else the nearest one no preposition governs before it ("..., Pontarlier,
    qui compte 17 500 habitants"); else the first one ("Avec 1,9 million d'habitants, ⟦X⟧
    est ...")."""
    tokens = [m for m in SHAPE_TOKEN.finditer(shaped)
              if m.group(2) != "PER" and not _governed(shaped, m.start())]
    if before is not None and ctx.state.get("issuer") and _OURS.match(shaped) \
            and not SHAPE_TOKEN.search(shaped[:before]):
        return ctx.state["issuer"]       # "Notre département compte 1,45 million d'habitants"
    if before is not None:
        bracketed = _BRACKETED.search(shaped[:before]) or _TOWN_OF_N.search(shaped[:before])
        if bracketed:                    # "la population de ⟦Reims⟧ (180 000 habitants)",
            return ctx.key_of(int(bracketed.group(1)))    # "⟦Montréal⟧, ville de 1,7 million"
        relative = [m for m in SHAPE_TOKEN.finditer(shaped[:before])
                    if m.group(2) != "PER" and re.match(r"\s*,\s*qui\b", shaped[m.end():])
                    and not re.search(r"\b(?:de|du|des|d')\s*(?:la |le |les |l')?$",
                                      fold(shaped[:m.start()]))]
        if relative:                     # "Pour le ⟦Département⟧, qui compte 495 000 habitants"
            return ctx.key_of(int(relative[-1].group(1)))
        near = [m for m in tokens if m.end() <= before and not _in_closed_clause(shaped, m, before)]
        if near:
            return ctx.key_of(int(near[-1].group(1)))
    return ctx.key_of(int(tokens[0].group(1))) if tokens else None


#: a heading that names an authority by its kind only: "CHIFFRES CLÉS DU DÉPARTEMENT"
_KIND_HEADING = re.compile(r"\b(?:du|de la|de l')\s*(?:departement|region|ville|commune|metropole|"
                           r"province|territoire|collectivite)\b")


def _box_owner(ctx: Context, s: Span) -> str | None:
    """Whose figures a box of bullets gives ('– 690 000 habitants'): the organisation or
    place its heading names, else the authority the document comes from when the heading
    names it by its kind ('CHIFFRES CLÉS DU DÉPARTEMENT')."""
    i = ctx.sentences.index(s)
    heading = next((h for h in reversed(ctx.sentences[:i]) if not BULLET.match(h.text)), None)
    if heading is None:
        return None
    named = [m for m in SHAPE_TOKEN.finditer(ctx.shape(heading)) if m.group(2) != "PER"]
    if named:
        return ctx.key_of(int(named[0].group(1)))
    issuer: str | None = ctx.state.get("issuer")
    return issuer if _KIND_HEADING.search(fold(heading.text)) else None


def _lexical(value: int | float) -> str | None:
    """An xsd:integer or xsd:decimal lexical form (``1e-05`` is ``0.00001``); None for a
    number too long to be one (``9`` written 400 times is infinite as a float)."""
    if isinstance(value, int):
        return str(value)
    return format(Decimal(repr(value)), "f") if math.isfinite(value) else None


def _figure(ctx: Context, s: Span, subject: str, value: int | float, kind: str, text: str,
            rule: str) -> str | None:
    lexical = _lexical(value)
    if lexical is None:
        return None
    key = "figure/" + hashlib.sha1(f"{ctx.doc.id}|{s.start}|{text}".encode()).hexdigest()[:12]
    ctx.add_draft(key, text, (COOP.Figure,))
    ctx.fact(subject, COOP.figure, key, s, rule)
    ctx.fact(key, SCHEMA.value, Value(lexical, XSD.decimal if isinstance(value, float)
                                      else XSD.integer), s, rule)
    ctx.fact(key, COOP.quantityKind, Value(kind, lang="fr"), s, rule)
    return key


def _clause_after(text: str, pos: int) -> str:
    """The rest of the clause after ``pos``: a date there dates the figure just before it."""
    return re.split(r",|;|\balors que\b|\bmais\b|\bet\b", text[pos:pos + 60])[0]


def _population_by_pronoun(ctx: Context, s: Span, shaped: str) -> None:
    """'Ouahigouya compte 125 000 habitants. Lunel, dans l'Hérault, en compte 26 000.': "en"
    stands for the inhabitants the sentence before (or this one) counted."""
    m = _PRONOUN_POP.search(shaped)
    counted = ctx.state.get("population_in")
    if not m or counted is None or ctx.sentences.index(counted) < ctx.sentences.index(s) - 1:
        return
    value = parse_number(m.group("n"), m.group("mult"))
    if math.isfinite(value) and value >= 1:
        ctx.fact(ctx.key_of(int(m.group("who"))), COOP.population,
                 Value(str(int(value)), XSD.integer), s, "population")


def read_figures(ctx: Context, s: Span, shaped: str) -> None:
    """Population, area, founding year, rank, member counts of the sentence's subject."""
    for m in _DELEGATION_SIZE.finditer(shaped):
        size = re.match(r"délégation de (\d+) ", ctx.cands[int(m.group("d"))].text)
        if size:
            ctx.fact(ctx.key_of(int(m.group("d"))), COOP.memberCount,
                     Value(size.group(1), XSD.nonNegativeInteger), s, "member-count")
    for m in _MEMBERS.finditer(shaped):
        ctx.fact(ctx.key_of(int(m.group("d"))), COOP.memberCount,
                 Value(m.group("n"), XSD.nonNegativeInteger), s, "member-count")
    text = shaped
    measures = ((_POP, COOP.population, 1.0, "population"), (_AREA, COOP.areaKm2, 1.0, "area"),
                (_HECTARES, COOP.areaKm2, 0.01, "area"))
    boxed = _box_owner(ctx, s) if BULLET.match(s.text) else None
    for pattern, predicate, factor, rule in measures:
        for m in pattern.finditer(text):
            who = sentence_subject(ctx, shaped, m.start()) or boxed
            value = parse_number(m.group("n"), m.group("mult")) * factor
            lexical = _lexical(int(value) if predicate == COOP.population and math.isfinite(value)
                               else float(value))
            if who and lexical and float(lexical) > 0:   # the shapes want a positive figure
                ctx.fact(who, predicate, Value(lexical, XSD.integer if predicate == COOP.population
                                               else XSD.decimal), s, rule)
                if predicate == COOP.population:
                    ctx.state["population_in"] = s
            compared = _COMPARED.match(text, m.end()) if predicate == COOP.population else None
            if compared:
                value = parse_number(compared.group("n"), compared.group("mult"))
                if math.isfinite(value) and value > 0:
                    ctx.fact(ctx.key_of(int(compared.group("who"))), predicate,
                             Value(str(int(value)), XSD.integer), s, rule)
    _population_by_pronoun(ctx, s, shaped)
    subject = sentence_subject(ctx, shaped)
    for m in _FOUNDED.finditer(text):
        apposed = _APPOSED.search(shaped[:m.start()])   # "TMPA, société anonyme fondée en 2006"
        who = ctx.key_of(int(apposed.group(1))) if apposed else \
            sentence_subject(ctx, shaped, m.start()) or subject
        if who:
            ctx.fact(who, SCHEMA.foundingDate, Value(m.group("y"), XSD.gYear), s, "founding")
    agreement = ctx.state.get("agreement")
    for m in _FOUNDED_AGREEMENT.finditer(fold(text)):   # "Né en 2013, ce partenariat a ..."
        if agreement:
            ctx.fact(agreement, SCHEMA.foundingDate, Value(m.group("y"), XSD.gYear), s, "founding")
    if subject is None:
        return
    for m in (*_COUNT.finditer(text), *_DISTANCE.finditer(text)):
        value = parse_number(m.group("n"), m.group("mult"))
        key = _figure(ctx, s, subject, value, m.group("noun"), m.group(), "count")
        when = _RELATIVE.search(_clause_after(text, m.end()))
        if when and key:
            ctx.fact(key, DCTERMS.date, DateExpr(when.group(), None, None, None, None), s, "count")
    counted = [m.group("noun") for m in _COUNT.finditer(text)]
    for m in _PRONOUN_COUNT.finditer(text):   # "... alors que ⟦Marseille⟧ en a reçu 1,6 million"
        if counted:
            value = parse_number(m.group("n"), m.group("mult"))
            key = _figure(ctx, s, ctx.key_of(int(m.group("who"))), value, counted[-1],
                          m.group()[m.start("n") - m.start():], "count")
            when = _RELATIVE.search(_clause_after(text, m.end()))
            if when and key:
                ctx.fact(key, DCTERMS.date, DateExpr(when.group(), None, None, None, None), s,
                         "count")
    for m in _RANK.finditer(text):
        rank = int(m.group("ord")) if m.group("ord") else 1
        _figure(ctx, s, subject, rank, f"rang {m.group('what').strip()}", m.group(), "rank")


_QUOTE = re.compile(r"«\s*(?P<q>[^»]+?)\s*»")
_SAY = re.compile(r"^\s*,?\s*(?:[a-zéèêîâ']+\s+){1,3}?(?:M\.\s+|Mme\s+)?$")


def read_quotations(ctx: Context) -> None:
    """'« ... », se félicite ⟦P⟧': a schema:Quotation by that person."""
    text = ctx.doc.text
    last_speaker: tuple[int, str] | None = None
    for m in _QUOTE.finditer(text):
        speaker = None
        for c in ctx.cands:
            if c.code != "PER":
                continue
            if m.end() <= c.start <= m.end() + 60 and _SAY.match(text[m.end():c.start]):
                speaker = ctx.draft(c)
                break
            if m.start() - 6 <= c.end <= m.start() and re.fullmatch(r"\s*:\s*", text[c.end:m.start()]):
                speaker = ctx.draft(c)
                break
        para = text.rfind("\n", 0, m.start())
        if speaker is None and last_speaker and last_speaker[0] == para:
            speaker = last_speaker[1]
        if speaker is None:
            continue
        last_speaker = (para, speaker)
        s = ctx.sentence_of(m.start())
        quote = m.group("q")
        key = "quotation/" + hashlib.sha1(f"{ctx.doc.id}|{m.start()}".encode()).hexdigest()[:12]
        short = quote if len(quote) <= 60 else quote[:57].rstrip() + "…"
        ctx.add_draft(key, f"« {short} »", (SCHEMA.Quotation,))
        ctx.fact(key, SCHEMA.text, Value(quote, lang="fr"), s, "quotation")
        ctx.fact(key, SCHEMA.creator, speaker, s, "quotation")


#: ", dans le nord-est du ⟦Japon⟧", ", au nord du ⟦Sénégal⟧": a part of a place
_SIDE = (r"\s*,\s*(?:dans\s+le|au)\s+(?:nord|sud|centre|est|ouest)(?:-(?:est|ouest))?\s+"
         r"(?:du\s+|de\s+la\s+|de\s+l['’]\s*|des\s+)")
_APPOSED_PLACE = re.compile(r"⟦(?P<inner>\d+):(?:PLC|AUT)⟧(?:\s*,\s*(?:au|en|aux|dans\s+(?:le|la|les))\s+|"
                            r"\s*,\s*dans\s+l['’]\s*|\s*\(\s*|" + _SIDE + r")⟦(?P<outer>\d+):PLC⟧")
#: 'Pontarlier, sous-préfecture du ⟦Doubs⟧', 'Bouaké, deuxième ville de ⟦Côte d'Ivoire⟧',
#: 'X, ville de 87 000 habitants du ⟦Bade-Wurtemberg⟧': a town described as in a place
_TOWN_OF = (r"(?:[\w-]+\s+)?(?:ville|commune|cité|capitale|préfecture|sous-préfecture|chef-lieu)"
            r"\b[^,⟦.;:]{0,40}?\s(?:du|de la|de l['’]|des|de|d['’])\s*")
_DESCRIBED_PLACE = re.compile(r"⟦(?P<inner>\d+):(?:PLC|AUT)⟧\s*,\s*(?:(?:la|une)\s+|l['’])?"
                              + _TOWN_OF + r"⟦(?P<outer>\d+):PLC⟧")
#: the same description put first: 'Quatrième ville du ⟦Burkina Faso⟧, ⟦Ouahigouya⟧ ...'
_FRONTED_PLACE = re.compile(r"^\s*(?:(?:la|une)\s+|l['’])?" + _TOWN_OF
                            + r"⟦(?P<outer>\d+):PLC⟧\s*,\s*⟦(?P<inner>\d+):(?:PLC|AUT)⟧", re.IGNORECASE)

#: 'Tottori, la moins peuplée du ⟦Japon⟧', 'X, la plus grande ville d'⟦Andalousie⟧': a place
#: ranked among those of a place
_SUPERLATIVE_PLACE = re.compile(
    r"⟦(?P<inner>\d+):(?:PLC|AUT)⟧\s*,\s*(?:la|le|l['’])\s*(?:plus|moins)\s+[\w-]+(?:\s+[\w-]+)?"
    r"\s+(?:du|de la|de l['’]|des|de|d['’])\s*⟦(?P<outer>\d+):PLC⟧")

_CONTAINERS = {SCHEMA.Country, SCHEMA.State, SCHEMA.AdministrativeArea}
#: 'Kunming, ville jumelle de Ningbo': a town paired with another, not lying in it
_PAIRED = re.compile(r"(?i)\b(?:jumel\w*|partenaire\w*|sœur\w*|soeur\w*|ami\w*|homologue\w*)\b")


def read_apposed_places(ctx: Context, kb: KB, s: Span, shaped: str) -> None:
    """'la ville de Kanazawa, au Japon', 'Tlemcen (Algérie)', 'Lunel, dans l'Hérault', 'la
    Ville de Charlotte, en Caroline du Nord', 'Pontarlier, sous-préfecture du Doubs',
    'Tottori, la moins peuplée du Japon' -> the place lies in that country, state or region.

    Only a country, state or region of the knowledge base (not a city: in 'Lyon, au Havre
    et à Rouen' the comma separates places), or any place a town is said to be the capital,
    chef-lieu or a town of ('Kunming, capitale du Yunnan'; not its twin), and only for a
    place the knowledge base does not know (whose
    containment it would give): an authority ('la ville de Kanazawa') stands for its
    territory, as the document's ``dcterms:spatial`` facts give it (read before the
    sentences).
    """
    described = [*_DESCRIBED_PLACE.finditer(shaped), *_FRONTED_PLACE.finditer(shaped)]
    for m in (*_APPOSED_PLACE.finditer(shaped), *_SUPERLATIVE_PLACE.finditer(shaped),
              *described):
        inner, outer = ctx.cands[int(m.group("inner"))], ctx.cands[int(m.group("outer"))]
        container = (_CONTAINERS & set(outer.kb.types) if outer.kb is not None   # or named so:
                     else SCHEMA.AdministrativeArea in outer.types   # "la province du Yatenga"
                     or (m in described and outer.code == "PLC"   # "capitale du Yunnan", not
                         # "la plus proche de Castilleja"
                         and not _PAIRED.search(m.group())))
        if not container or inner.kb is not None:
            continue
        place: str | None = ctx.key_of(int(m.group("inner")))
        if inner.code == "AUT":
            place = next((f.obj for f in ctx.out.facts if f.subject == place
                          and f.predicate == DCTERMS.spatial and isinstance(f.obj, str)), None)
        if place is not None and place in ctx.out.drafts:
            ctx.fact(place, SCHEMA.containedInPlace, ctx.draft(outer), s, "place-apposition")


def read_geography(ctx: Context, kb: KB) -> None:
    """Containment between places the document names, and authorities' territories (KB)."""
    first: dict[str, Span] = {}
    for c in ctx.cands:
        if c.kb is not None and (c.attrs.get("key") or c.key) in ctx.out.drafts:
            first.setdefault(c.kb.iri, ctx.sentence_of(c.start))
    for iri, s in first.items():
        entry = kb.entries[iri]
        if SCHEMA.Country in entry.types or SCHEMA.Continent in entry.types:
            continue                     # a country's continent is not what a text reports
        for anc in kb.ancestors(iri):
            if SCHEMA.Continent in kb.entries[anc].types:
                break
            if anc in first:             # the nearest place the document names
                ctx.fact(entry.key, SCHEMA.containedInPlace, kb.entries[anc].key, s,
                         "kb-geography")
                break
            if SCHEMA.Country in kb.entries[anc].types:
                break
        for terr in entry.spatial:
            if terr in first:
                ctx.fact(entry.key, DCTERMS.spatial, kb.entries[terr].key, s, "spatial")
