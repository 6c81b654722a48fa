"""Enumerations: strategic sectors with their actors, priority destinations,
fields of collaboration.

* "⟦X⟧ a identifié six filières stratégiques ..." then bullets
  "- La Santé, avec ⟦A⟧ et l'Immunopôle;": X's strategic sectors, their actors
  (an unknown capitalised name in that slot is an organisation);
* "six destinations prioritaires pour ⟦X⟧ : les ⟦Etats-Unis⟧ avec ⟦Miami⟧, ...";
* "collaborations ... dans les domaines de la culture, de la santé et du numérique";
* "l'accord porte sur la culture, le tourisme et l'enseignement supérieur".

Example:
    >>> sector_name("La Mécanique et l'Aéronautique")
    'Mécanique et Aéronautique'
"""

from __future__ import annotations

import re

from kg.extract.context import BULLET, ORGLIKE, SHAPE_TOKEN, Context
from kg.extract.figures import sentence_subject
from kg.extract.kb import full_types
from kg.extract.mentions import Cand, folded_classes
from kg.extract.rules import LEXICON, RULES, alternation
from kg.extract.text import ACRONYM, Span, fold, slug, strip_article
from kg.namespaces import COOP, ORG, SCHEMA, SKOS

__all__ = ["sector_name", "sector_actor_mentions", "read_lists", "read_fields", "read_topics",
           "read_field_actors"]

_SECTOR_CUE = re.compile(r"(?:filières?|secteurs?|domaines?|pôles?)\s+(?:stratégiques?|prioritaires?|"
                         r"d'excellence|clés?)", re.IGNORECASE)
_DEST_CUE = re.compile(r"(?:destinations?|pays|cibles?|zones?|régions?|marchés?|espaces?)\s+"
                       r"prioritaires?"
                       r"|\b(?:cible|ciblent|vise|visent)\s+en\s+priorité\s+(?:\w+\s+)?"
                       r"(?:pays|marchés|destinations|régions)\b", re.IGNORECASE)
#: "Pour l'⟦Aderly⟧, le ⟦Québec⟧ constitue l'un des marchés prioritaires": whose they are
_FOR_WHOM = re.compile(rf"^\s*(?i:pour)\s+[^⟦,]{{0,30}}?{ORGLIKE}\s*,")
_NOT_ACTORS = {fold(w) for w in LEXICON["not_actor_heads"]}


def sector_name(text: str) -> str:
    """Drop the articles of a sector phrase: 'Le Maritime et la Logistique' -> 'Maritime et
    Logistique'; a phrase led by no article keeps those of its complements: 'Logistique des
    céréales et des produits agricoles'.

    Example:
        >>> sector_name("Logistique des céréales et des produits agricoles")
        'Logistique des céréales et des produits agricoles'
    """
    text = text.strip()
    if strip_article(text) == text:
        return text
    parts = re.split(r"\s+(et|&)\s+", text)
    return " ".join(strip_article(p) if i % 2 == 0 else p for i, p in enumerate(parts)).strip()


def _bullets(ctx: Context, s: Span) -> list[Span]:
    """The bullet sentences that follow sentence ``s``."""
    i = ctx.sentences.index(s)
    out = []
    for nxt in ctx.sentences[i + 1:]:
        if not BULLET.match(nxt.text):
            break
        out.append(nxt)
    return out


#: what comes between a list item's field and its actors: ", avec " or " : avec "
_WITH = re.compile(r"\s*[,:]\s*avec\s+")


def _item(text: str) -> tuple[str, str]:
    """'- La Santé, avec A' or '• Transition énergétique : électrification des quais, avec
    A' -> the field (the words before a colon) and the actors."""
    body = BULLET.sub("", text).rstrip(" ;.")
    m = _WITH.search(body)
    name, actors = (body[:m.start()], body[m.end():]) if m else (body, "")
    return name.split(" : ", 1)[0], actors


def _actor_slots(sentences: list[Span]) -> list[tuple[int, int]]:
    """Where actors are named: after ', avec ' in a bullet, or in each ';' item of an inline
    list ('trois axes : l'eau, avec la SODECI ; les transports, avec la SOTRA')."""
    slots = []
    for s in sentences:
        with_ = _WITH.search(s.text) if BULLET.match(s.text) else None
        if with_:
            slots.append((s.start + with_.end(), s.end))
        elif re.search(r":\s*[^:]+;", s.text):
            for item in re.finditer(r"[^:;]+", s.text[s.text.index(":") + 1:]):
                if ", avec " in item.group():
                    at = s.start + s.text.index(":") + 1 + item.start() + item.group().index(", avec ") + 7
                    slots.append((at, s.start + s.text.index(":") + 1 + item.end()))
    return slots


_ACRONYM_AFTER = re.compile(rf"\s*\({ACRONYM}\)$")


def sector_actor_mentions(text: str, sentences: list[Span], cands: list[Cand]) -> list[Cand]:
    """Unknown capitalised names in the actor slot of a sector bullet become organisations."""
    added: list[Cand] = []
    designators = folded_classes("designators")
    for base, end in _actor_slots(sentences):
        for m in re.finditer(r"[^,;]+", text[base:end]):
            for part in re.split(r"\s+et\s+|\s+comme\s+", m.group()):
                item = strip_article(part.strip(" ;."))
                item = _ACRONYM_AFTER.sub("", item)   # "... (AMUGA)": add_acronyms reads it
                if not item or re.match(r"(?i)(des|une|un|les)\s|\d", part.strip()):
                    continue
                named = re.search(r"\b[A-ZÀ-Ý][\w'’-]*(?:\s+(?:de |du |des |d')?[A-ZÀ-Ý][\w'’-]*)*", item)
                if fold(item.split()[0]) in _NOT_ACTORS:
                    continue                      # "la marque Provence": a brand, not an actor
                if not item[0].isupper() and named and fold(item.split()[0]) not in designators:
                    item = named.group()          # "la coopérative Arterris" -> "Arterris"
                start = text.find(item, base + m.start())
                end = start + len(item)
                inside = [c for c in cands if start <= c.start and c.end <= end and
                          (c.start, c.end) != (start, end) and c.code == "PLC" and c.start > start]
                cands = [c for c in cands if c not in inside]   # "Oncopole de Toulouse"
                if any(c.start < end and start < c.end for c in cands + added):
                    continue
                head = fold(item.split()[0])
                if item[0].isupper() and not item[0].isdigit():
                    cls = ORG.Organization
                elif head in designators:
                    cls = designators[head]
                else:
                    continue
                added.append(Cand(start, end, item, "ORG", item, full_types((cls,)),
                                  RULES["sector-actor"].name))
    return sorted(cands + added, key=lambda c: c.start)


def _sector(ctx: Context, name: str) -> str:
    key = f"sector/{slug(name)}"
    d = ctx.add_draft(key, name[:1].upper() + name[1:], (SKOS.Concept,))
    d.add_alias(name)
    return key


def _bullet_sector(ctx: Context, b: Span) -> str:
    """'- La Santé, avec ⟦A⟧ et ⟦B⟧' -> the sector, with A and B as its actors."""
    name, _ = _item(b.text)
    sector = _sector(ctx, sector_name(name))
    shaped = ctx.shape(b)
    with_ = _WITH.search(shaped)
    _actors(ctx, sector, shaped[with_.end():] if with_ else "", b)
    return sector


#: an article and a common noun: after a comma, a description of the actor before it
_DESCRIPTION = re.compile(r"\s*(?:(?i:la|le|les|une|un)\s+|(?i:l['’]))[a-zà-ÿ]")


def _inline_sectors(ctx: Context, s: Span, rest: str) -> list[str]:
    """': l'automobile, avec ⟦A⟧ ; l'éolien, avec ⟦B⟧ ; la logistique.' after the cue of
    sector list, on its line: the sectors, with their actors as in bullets."""
    colon = re.search(r":(?![A-Z]{3}⟧)", rest)
    if colon is None or ";" not in rest[colon.end():]:
        return []
    sectors = []
    for part in rest[colon.end():].split(";"):
        name, _, actors = part.partition(", avec ")
        name = name.strip(" .")
        if name and "⟦" not in name:
            sectors.append(_sector(ctx, sector_name(name)))
            _actors(ctx, sectors[-1], actors, s)
    return sectors


def _actors(ctx: Context, sector: str, actors: str, where: Span) -> None:
    """The mentions of 'avec ⟦A⟧, ⟦B⟧ et ⟦C⟧' are actors of the sector."""
    parts = re.split(r"(,|\s+et\s+|\s+comme\s+)", actors)
    for i, part in enumerate(parts[::2]):
        if re.match(r"\s*\d", part):
            continue                      # "1er Port de France": an apposition, not an actor
        if i and parts[2 * i - 1] == "," and _DESCRIPTION.match(part):
            continue                      # "⟦A⟧, la société d'aménagement du ⟦fleuve⟧": A's
        for tok in SHAPE_TOKEN.finditer(part):
            ctx.fact(sector, COOP.sectorActor, ctx.draft(ctx.cands[int(tok.group(1))]), where,
                     "sector-actor")


_COMPOSED = re.compile(r"(?i)(?:délégation\b|⟦\d+:ORG⟧)(?:[^:⟦]|⟦\d+:[A-Z]{3}⟧)*\b(?:composée|"
                       r"comprenait|comprend|réunissait|réunit)\b[^:⟦]*:\s*$")


def read_members(ctx: Context, s: Span, shaped: str) -> None:
    """'La délégation ... était composée de :' and bullets of people: they took part in the
    mission the document reports, and so did the delegation."""
    event = ctx.state.get("event")
    if not event or not _COMPOSED.search(shaped):
        return
    for tok in SHAPE_TOKEN.finditer(shaped):
        if tok.group(2) == "ORG" and COOP.Delegation in ctx.cands[int(tok.group(1))].types:
            ctx.fact(event, COOP.participant, ctx.key_of(int(tok.group(1))), s,
                     "event-participants")
    for b in _bullets(ctx, s):
        first = SHAPE_TOKEN.search(ctx.shape(b))
        if first and first.group(2) == "PER":
            ctx.fact(event, COOP.participant, ctx.key_of(int(first.group(1))), b,
                     "event-participants")


#: "⟦X⟧ a fait de l'aéronautique, de l'automobile et de l'agroalimentaire ses trois filières
#: stratégiques": the sectors before the cue
_MADE_SECTORS = re.compile(
    r"⟦(?P<owner>\d+):(?:AUT|ORG)⟧\s+(?:a|ont|avait|avaient)\s+fait\s+"
    r"(?P<list>(?:de la |de l'|de l’|du |des |de |d'|d’)[^⟦:;.]{2,160}?)\s+(?:ses|leurs)\s+"
    r"(?:\w+\s+)?(?:filières|secteurs|domaines|pôles)\s+(?:stratégiques|prioritaires|"
    r"d'excellence|clés)", re.IGNORECASE)
#: ", que le protocole entend développer :" after strategic sectors: the agreement's too
_TAKEN_UP = re.compile(r"(?i),?\s*que\s+(?:le |la |l'|l’|cet |cette |ce )(?:"
                       + alternation(LEXICON["agreements"]) + r")\b(?![^:]*\b(?:ne|n'|n’))[^:]*:\s*$")


#: "... prioritaire de notre feuille de route": the authority the document comes from
_OUR_ROADMAP = re.compile(r"\s*(?:de|dans|pour)\s+(?i:notre|nos)\b")


def read_lists(ctx: Context, s: Span, shaped: str) -> None:
    """Strategic sectors and priority destinations announced in sentence ``s``; the
    sectors are also fields of the agreement at hand when ', que l'accord entend
    développer :' follows them."""
    m = _SECTOR_CUE.search(shaped)
    made = _MADE_SECTORS.search(shaped)
    if made:                              # "⟦X⟧ a fait de a, de b et de c ses trois filières"
        owner = ctx.key_of(int(made.group("owner")))
        ctx.state["strategy_owner"] = owner
        for part in re.split(r",\s*|\s+et\s+", made.group("list")):
            name = sector_name(re.sub(r"(?i)^\s*(?:de la|de l'|de l’|du|des|de|d'|d’)\s*", "",
                                      part).strip())
            if name:
                ctx.fact(owner, COOP.strategicSector, _sector(ctx, name), s,
                         "strategic-sectors")
    elif m:
        owners = [ctx.key_of(int(i)) for i in re.findall(ORGLIKE, shaped[:m.start()])]
        if not owners and re.match(r"\s*(?:Il|Elle)\s", shaped):   # the subject before
            i = ctx.sentences.index(s)
            before = sentence_subject(ctx, ctx.shape(ctx.sentences[i - 1])) if i else None
            owners = [before] if before else []
        if owners:
            owner = owners[-1]
            ctx.state["strategy_owner"] = owner
            agreement = ctx.state.get("agreement") if _TAKEN_UP.match(shaped, m.end()) else None
            bullets = _bullets(ctx, s)
            listed = [(_bullet_sector(ctx, b), b) for b in bullets] or \
                [(sector, s) for sector in _inline_sectors(ctx, s, shaped[m.end():])]
            for sector, where in listed:
                ctx.fact(owner, COOP.strategicSector, sector, where, "strategic-sectors")
                if agreement:
                    ctx.fact(agreement, COOP.collaborationField, sector, where,
                             "collaboration-field")
    d = _DEST_CUE.search(shaped)
    if d:
        head = re.search(rf"(?:pour|de)\b[^⟦.:]{{0,60}}?{ORGLIKE}", shaped[d.end():])
        cm = re.compile(r":(?![A-Z]{3}⟧)").search(shaped, d.end())
        colon = cm.start() if cm else -1
        first = _FOR_WHOM.match(shaped)
        ours = ctx.state.get("issuer") if _OUR_ROADMAP.match(shaped, d.end()) else None
        owner = (ours or (ctx.key_of(int(head.group(1))) if head
                          else ctx.key_of(int(first.group(1))) if first
                          else ctx.state.get("strategy_owner"))
                 or ctx.state.get("issuer")) or ""  # nobody named: the document's authority
        if owner and colon < 0:           # "La Chine figure, avec ..., parmi les destinations"
            side = re.search(r"aux côtés d|ainsi que|avec", shaped[d.end():])
            around = shaped[:d.start()] + (shaped[d.end() + side.start():] if side else "")
            for t, code in SHAPE_TOKEN.findall(around):
                if code == "PLC":
                    ctx.fact(owner, COOP.priorityDestination, ctx.draft(ctx.cands[int(t)]), s,
                             "priority-destinations")
        named = re.findall(ORGLIKE, shaped[:d.start()])   # "la feuille de route de ⟦X⟧ cible"
        if colon > 0 and (head or named or ctx.state.get("issuer")):
            owner = ctx.key_of(int(head.group(1) if head else named[-1])) if head or named \
                else ctx.state["issuer"]          # "3 espaces prioritaires : ..." in a box
            items = shaped[colon + 1:]
            items += "".join(ctx.shape(b) for b in _bullets(ctx, s))
            for part in re.split(r",\s*(?:et\s+)?|\s+et\s+", items):
                toks = [int(t) for t, code in SHAPE_TOKEN.findall(part) if code == "PLC"]
                if not toks:
                    continue
                place = ctx.draft(ctx.cands[toks[0]])
                ctx.fact(owner, COOP.priorityDestination, place, s, "priority-destinations")
                for t in toks[1:]:
                    ctx.fact(ctx.draft(ctx.cands[t]), SCHEMA.containedInPlace, place, s,
                             "destination-city")


_FIELD_CUE = "|".join(re.escape(w) for w in LEXICON["field_cues"])
_FIELD_LIST = re.compile("|".join(re.escape(w) for w in LEXICON["field_list_cues"]), re.IGNORECASE)


def _field_owner(ctx: Context, shaped: str, pos: int) -> str | None:
    subject = ctx.state.get("principal")
    if subject is None:
        owners = re.findall(ORGLIKE, shaped[:pos])
        subject = ctx.key_of(int(owners[-1])) if owners else None
    return subject


_NUMBERS = {"deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
            "neuf": 9, "dix": 10}


def _announced(head: str) -> int | None:
    """'couvre quatre domaines :' -> 4; 'Trois pistes y sont inscrites :' -> 3."""
    m = re.search(r"(?i)\b(\d+|" + "|".join(_NUMBERS) + r")\s+\w+(?:\s+\w+){0,3}\s*:\s*$", head)
    if not m:
        return None
    return int(m.group(1)) if m.group(1).isdigit() else _NUMBERS[m.group(1).lower()]


# a definite article (or du/des): the field of "porte sur la culture"; unlike
# kg.extract.text's articles, no "un", "une" nor bare "de": "porte sur une durée" is no field
_ARTICLED = r"(?:l'|l’|la |le |les |du |des |de la |de l'|de l’)"
_ALSO = re.compile(rf",?\s*ainsi que\s+(?:dans\s+|de\s+)?(?P<more>{_ARTICLED}[^.,;:⟦]+)",
                   re.IGNORECASE)
_TOPIC_NOUNS = sorted({k.split()[0].split("-")[0] for k in LEXICON["agreements"]}
                      | set(LEXICON["topic_nouns"]), key=len, reverse=True)
_TOPIC = re.compile(
    r"(?i)\b(?:" + "|".join(map(re.escape, _TOPIC_NOUNS)) + r")\b[^.⟦:;]{0,40}?\b(?:"
    + "|".join(re.escape(v) for v in sorted(LEXICON["topic_verbs"], key=len, reverse=True))
    + r")\s+(?P<list>[^.⟦:;]+?)(?=\s*(?:\.|;|$)|\s+(?:pour|afin|avec|grâce|dans le cadre)\b)")
_TOPIC_ITEM = re.compile(rf"(?i){_ARTICLED}[^\W\d_][^\d]*")
_WIDEN = re.compile(
    r"(?i)\b(?:" + "|".join(map(re.escape, LEXICON["widening_verbs"])) + r")\s+"
    r"(?:la|leur|cette|notre|ce|le)\s+(?:" + "|".join(map(re.escape, _TOPIC_NOUNS)) + r")\s+"
    r"(?P<list>(?:à|au|aux)\s[^.⟦:;]+?)(?=\s*(?:\.|;|$)|\s+(?:pour|afin|avec|grâce)\b)")


_AU = re.compile(r"(?i)^(à la |à l'|à l’|au |aux )")
#: "à deux nouveaux domaines, la mobilité des apprentis et la restauration du patrimoine"
_N_FIELDS = re.compile(r"(?i)(?:à|aux?)\s+(?:[^\W\d_]+\s+){0,2}(?:domaines|volets|champs|secteurs|"
                       r"thèmes|axes)\s*[,:]\s*(?P<rest>.+)")
_ARTICLE_OF = {"à la ": "la ", "à l'": "l'", "à l’": "l’", "au ": "le ", "aux ": "les "}


def read_topics(ctx: Context, s: Span, shaped: str) -> None:
    """'l'accord porte sur la culture, le tourisme et l'enseignement supérieur' (or 'la
    coopération concernera ...', 'élargir la coopération à la culture et au sport') ->
    fields of collaboration of the agreement at hand (else
    of the organisation the text is about). Every item must be a phrase led by an article,
    without a figure, of at most six words: 'porte sur une durée de trois ans' is no list
    of fields, and nothing of it is read."""
    m = _TOPIC.search(shaped)
    if m:
        items = [i.strip() for i in re.split(r",\s*(?:et\s+|ainsi que\s+)?|\s+ainsi que\s+|"
                                             rf"\s+et\s+(?={_ARTICLED})", m.group("list"),
                                             flags=re.IGNORECASE)]
    elif (m := _WIDEN.search(shaped)) and (n := _N_FIELDS.match(m.group("list"))):
        items = [i.strip() for i in re.split(rf"(?i),\s*(?:et\s+)?|\s+et\s+(?={_ARTICLED})",
                                             n.group("rest"))]   # "à deux domaines, a et b"
    elif m:                               # "élargir la coopération à la culture et au sport"
        items = [_AU.sub(lambda a: _ARTICLE_OF[a.group(1).lower()], i.strip()) for i in
                 re.split(r"(?i),\s*(?:et\s+)?(?=à|au)|\s+et\s+(?=à|au)", m.group("list"))]
    else:
        return
    if not items or not all(_TOPIC_ITEM.fullmatch(i) and len(i.split()) <= 6 for i in items):
        return
    owner = ctx.state.get("agreement") or _field_owner(ctx, shaped, m.start())
    if owner is None:
        return
    for item in items:
        ctx.fact(owner, COOP.collaborationField, _sector(ctx, strip_article(item)), s,
                 "collaboration-topic")


# "Pour la culture, ⟦A⟧ et ⟦B⟧ ...": the field, then the organisations that lead the sentence
_FIELD_LEAD = re.compile(rf"(?i)^\s*(?:{alternation(LEXICON['field_leads'])})\s+(?:{_ARTICLED})?"
                         r"(?P<field>[^\W\d_][^,⟦;:]{0,50}?)\s*,\s*")
_LEADING_ORGS = re.compile(r"(?:(?:l'|l’|la |le |les )?⟦\d+:ORG⟧(?:\s*\((?:⟦\d+:ORG⟧|[^()⟦]{1,20})\))?"
                           r"(?:\s*,\s*|\s+et\s+|\s+|(?=[.;]|$)))+", re.IGNORECASE)   # "(URCA) et"
_WORKS_ON = re.compile(rf"(?i)\b(?:{alternation(LEXICON['field_work_verbs'])})\b[^.⟦;:]{{0,60}}?"
                       rf"\b(?:sur|autour de)\s+(?:{_ARTICLED})?(?P<field>[^\W\d_][\w'’-]*"
                       r"(?:\s+[^\W\d_][\w'’-]*)?)")


#: "La culture reposera sur ⟦A⟧": a field, then the organisations it relies on
_RELIES_ON = re.compile(rf"(?i)^\s*{_ARTICLED}(?P<field>[^\W\d_][^,⟦;:]{{0,50}}?)\s+"
                        rf"(?:{alternation(LEXICON['field_reliance_verbs'])})\s+sur\s+")


#: words set between the items of a list, not items ("l'aéronautique, bien sûr, la formation")
_ASIDES = {"bien sur", "notamment", "enfin", "egalement", "aussi", "surtout", "en particulier",
           "entre autres", "bien entendu", "evidemment"}
#: "Le volet santé sera porté par ": who carries a field
_CARRIED = re.compile(r"(?i)^\s*(?:le volet|l'axe|l’axe|le domaine|le pilier|le chantier)\s+"
                      r"(?P<field>[^\W\d_][\w'’ -]{0,40}?)\s+(?:sera|est|seront|sont)\s+"
                      r"(?:porté|piloté|conduit|animé|coordonné|assuré|confié)e?s?\s+(?:par|à)\s+")
#: "la Ville s'appuiera sur les techniciens de ⟦A⟧" after a field's lead: A (an authority too)
_RELYING = re.compile(
    rf"(?i)(?:[^⟦,.;]|⟦\d+:(?:AUT|ORG)⟧){{0,40}}?\b(?:{alternation(LEXICON['field_reliance_verbs'])})"
    r"\s+sur\s+"
    r"(?:[^⟦,.;]{0,40}?\b(?:de|du|des|d'|d’)\s*)?(?P<orgs>(?:l'|l’|la |le |les )?⟦\d+:(?:ORG|AUT)⟧)")


def _known_field(ctx: Context, words: str) -> str | None:
    """The sector the document has named that ``words`` stand for: its name, one of its
    parts ("aquaculture": "pêche et aquaculture"), an adjective of it ("universitaire"),
    else the only one whose name holds those words ("eau": "accès à l'eau potable")."""
    words = fold(words.strip())
    wanted = fold(LEXICON["field_adjectives"].get(words, "")) or words
    for key, draft in ctx.out.drafts.items():
        if key.startswith("sector/"):
            name = fold(draft.label)
            parts = {fold(strip_article(p)) for p in re.split(r"\s+(?:et|&)\s+", name)}
            if wanted == name or wanted in parts or (" " in wanted and wanted in name):
                return key
    within = [key for key, draft in ctx.out.drafts.items() if key.startswith("sector/")
              and re.search(rf"(?<![\w]){re.escape(wanted)}(?![\w])", fold(draft.label))]
    return within[0] if len(within) == 1 else None   # "l'eau": "accès à l'eau potable"


#: "la pêche était représentée par ⟦A⟧, la santé par les ⟦B⟧ et l'éolien par ⟦C⟧"
_REPRESENTED = re.compile(rf"(?i)(?:^|,\s*){_ARTICLED}(?P<field>[^\W\d_][^,⟦;:]{{0,40}}?)\s+"
                          r"(?:est|était|sera|sont|étaient|seront)\s+représentée?s?\s+par\s+")
_REPRESENTED_NEXT = re.compile(rf"(?i)(?:,\s*(?:et\s+)?|\s+et\s+){_ARTICLED}"
                               r"(?P<field>[^\W\d_][^,⟦;:]{0,40}?)\s+par\s+")
_BY_ORG = re.compile(r"(?:le |la |les |l'|l’)?⟦(\d+):ORG⟧")


def _represented(ctx: Context, s: Span, shaped: str) -> None:
    """'la pêche était représentée par ⟦A⟧, la santé par les ⟦B⟧ et l'éolien par ⟦C⟧':
    each field the document named before has the organisation after its 'par' as actor."""
    first = _REPRESENTED.search(shaped)
    if first is None:
        return
    for m in [first, *_REPRESENTED_NEXT.finditer(shaped, first.end())]:
        org = _BY_ORG.match(shaped, m.end())
        sector = _known_field(ctx, m.group("field"))
        if org is not None and sector is not None:
            ctx.fact(sector, COOP.sectorActor, ctx.key_of(int(org.group(1))), s, "field-actor")


def read_field_actors(ctx: Context, s: Span, shaped: str) -> None:
    """'Pour la culture, ⟦A⟧ proposera ...', 'Côté universitaire, ⟦A⟧ et ⟦B⟧ ...', 'La
    culture reposera sur ⟦A⟧', 'Pour l'eau, la Ville s'appuiera sur les techniciens de ⟦A⟧',
    'Le volet santé sera porté par ⟦A⟧', '⟦A⟧ et ⟦B⟧ travaillent à un programme sur l'aquaculture' or
    'la pêche était représentée par ⟦A⟧, la santé par ⟦B⟧': the organisations (not the
    authorities) named there are actors of that field, if the document named it before as
    a field or sector."""
    if "représenté" in shaped:
        _represented(ctx, s, shaped)
    lead = _FIELD_LEAD.match(shaped) or _RELIES_ON.match(shaped) or _CARRIED.match(shaped)
    start = lead.end() if lead else 0
    subjects = _LEADING_ORGS.match(shaped, start)
    relying = _RELYING.match(shaped, start) if lead and not subjects else None
    if relying:                           # "Pour l'eau, la Ville s'appuiera sur ... de ⟦A⟧"
        named = relying.group("orgs")
    elif subjects:
        named = subjects.group()
    else:
        return
    if lead:
        field = lead.group("field")
    elif subjects and (work := _WORKS_ON.search(shaped, subjects.end())):
        field = work.group("field")
    else:
        return
    sector = _known_field(ctx, field) or _known_field(ctx, field.split()[0])  # "culture et"
    if sector is None:
        return
    for tok in SHAPE_TOKEN.finditer(named):
        ctx.fact(sector, COOP.sectorActor, ctx.key_of(int(tok.group(1))), s, "field-actor")


#: "Le texte retient trois filières prioritaires : a, b et c": sectors the agreement names
_AGREEMENT_SECTORS = re.compile(
    r"(?i)\s*(?:le |la |l'|l’|ce |cet |cette )(?:" + alternation(LEXICON["agreements"])
    + r")\b[^:⟦]*?\b(?:filières|secteurs)(?:\s+[^\W\d_]+)?\s*:\s*"
    r"(?P<list>(?:[^:⟦]|⟦\d+:[A-Z]{3}⟧)+?)\.?$")


def read_fields(ctx: Context, s: Span, shaped: str) -> None:
    """'dans les domaines de la culture, de la santé et du numérique' -> fields of collaboration;
    also 'quatre domaines de coopération :' followed by bullets."""
    m = re.search(rf"(?i)(?:{_FIELD_CUE})[^.]*?dans (?:les |le |\w+ )?domaines?\s*(?::\s*|(?=de|des|du|d'))"
                  r"(?P<list>[^.⟦]+?)(?= dans le cadre|\.|$| avec| grâce|,\s+(?!de |du |des |d'|d’|et |l'|l’|la |le |les ))",
                  shaped)
    names: list[tuple[str, Span]] = []
    if m:
        names = [(name, s) for name in (strip_article(p.strip()) for p in
                 re.split(r",\s*|\s+et\s+", m.group("list")))
                 if re.search(r"[^\W\d_]", name)]   # "domaines de :" then bullets: no name here
        more = _ALSO.match(shaped, m.end("list"))   # ", ainsi que dans l'enseignement supérieur"
        if more and names:
            names.append((strip_article(more.group("more").strip()), s))
    inline = re.search(r"(?i)\b(?:axes|domaines|volets|thèmes|thématiques|priorités|pistes|piliers|"
                       r"chantiers)"
                       r"(?:\s+(?:y\s+)?(?:sont|seront)\s+(?:inscrit|retenu|prévu|identifié)e?s)?"
                       r"\s*:\s*"
                       r"(?P<list>(?:[^:⟦]|⟦\d+:[A-Z]{3}⟧)+?)\.?$", shaped) \
        or _AGREEMENT_SECTORS.match(shaped)
    if inline and ctx.state.get("agreement") and not names:
        items = inline.group("list")      # "l'eau, avec ⟦A⟧ ; les transports, avec ⟦B⟧ ; ..."
        parts = (re.split(r"\s*;\s*", items) if ";" in items
                 else re.split(r",\s*(?:et\s+|ainsi que\s+)?|\s+ainsi que\s+", items))
        parts = [p for p in parts if fold(p.strip()) not in _ASIDES]   # "..., bien sûr, ..."
        wanted = _announced(shaped[:inline.start("list")])
        if wanted and len(parts) == wanted - 1 and " et " in parts[-1]:
            parts[-1:] = parts[-1].rsplit(" et ", 1)   # "quatre domaines : a, b, c et d"
        for part in parts:
            name, _, actors = part.partition(", avec ")
            if name.strip() and "⟦" not in name:
                sector = _sector(ctx, sector_name(name.strip()))
                ctx.fact(ctx.state["agreement"], COOP.collaborationField, sector, s,
                         "collaboration-field")
                _actors(ctx, sector, actors, s)
        return
    lm = _FIELD_LIST.search(shaped) or re.search(
        r"(?i)\b(?:domaines|axes|champs|volets|thèmes|thématiques)\s*(?:de\s*)?:\s*$", shaped)
    bullets = _bullets(ctx, s) if lm and shaped.rstrip().endswith(":") else []
    if not names and not bullets:
        return
    found = m or lm
    assert found is not None              # names come from m, bullets from lm
    subject = _field_owner(ctx, shaped, found.start())
    if subject is None:
        return
    for name, where in names:
        if name:
            ctx.fact(subject, COOP.collaborationField, _sector(ctx, name), where,
                     "collaboration-field")
    owner = ctx.state.get("agreement") or subject     # "l'accord porte sur quatre domaines :"
    for b in bullets:
        ctx.fact(owner, COOP.collaborationField, _bullet_sector(ctx, b), b,
                 "collaboration-field")
