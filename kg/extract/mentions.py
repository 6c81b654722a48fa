"""Find the mentions of entities in a document.

Sources, strongest first: the knowledge base (names and aliases, accents and
case optional), designators ("la ville de Marseille", "le Comté de Miami"),
names in apposition to a title, spaCy's named entities filtered by the
context (a title is not a person; names enumerated after "technocentres ...
comme" are technocentres), and the anaphoric "la Métropole". Overlaps are
settled longest-first.

Example:
    >>> from kg.extract.kb import load_kb
    >>> cands = find_mentions("Le Comté de Miami rassemble 2,5 millions de citoyens.", [], load_kb())
    >>> [(c.text, c.code) for c in cands]
    [('Comté de Miami', 'AUT')]
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from types import MappingProxyType
from typing import Any

from rdflib import URIRef

from kg.extract.kb import KB, KBEntry, full_types, kind_of
from kg.extract.rules import LEXICON, RULES, alternation, folded
from kg.extract.text import fold, slug, stop_words, strip_article, title_case_name
from kg.namespaces import COOP, FOAF, ORG, SCHEMA

__all__ = ["Cand", "find_mentions", "code_of", "class_of", "role_words", "folded_roles",
           "folded_classes", "authority_designators"]


@dataclass
class Cand:
    """A mention candidate: span, a short code (PER AUT ORG PLC), the entity it names."""

    start: int
    end: int
    text: str
    code: str
    label: str
    types: tuple[URIRef, ...]
    rule: str
    kb: KBEntry | None = None
    aliases: tuple[str, ...] = ()
    attrs: dict[str, Any] = field(default_factory=dict)   # "key": str, "of_cand": Cand...

    @property
    def key(self) -> str:
        if self.kb is not None:
            return self.kb.key
        des = self.attrs.get("des")
        if des and self.code == "AUT":
            # "Conseil régional du Gbêkê" and "Région du Gbêkê": one authority
            canonical = _CANONICAL.get(fold(des), des)
            return f"authority/{slug(canonical + ' ' + self.attrs.get('prep', '') + self.attrs['name'])}"
        return f"{kind_of(self.types)}/{slug(self.label)}"


#: a council named after its territory is the authority of that territory
_CANONICAL = {"conseil regional": "région", "conseil departemental": "département",
              "conseil general": "département"}


def class_of(name: str) -> URIRef:
    """``"Metropolis"`` -> ``coop:Metropolis``; ``"Organization"`` -> ``org:Organization``."""
    if name == "Organization":
        return ORG.Organization
    return getattr(COOP, name)


def code_of(types: tuple[URIRef, ...]) -> str:
    return {"person": "PER", "authority": "AUT", "organization": "ORG",
            "place": "PLC"}.get(kind_of(types), "ORG")


@lru_cache(maxsize=1)
def role_words() -> tuple[str, ...]:
    """Every form of every role of ``ontology/roles.ttl``, longest first."""
    from kg.extract.kb import load_kb
    forms = {f for r in load_kb().roles for f in r.forms}
    return tuple(sorted(forms, key=len, reverse=True))


@cache
def folded_classes(section: str) -> Mapping[str, URIRef]:
    """The lexicon's ``section`` (words -> class names), by folded word -> class
    (:func:`class_of`), made once a process instead of once a document."""
    return MappingProxyType({fold(k): class_of(v) for k, v in LEXICON[section].items()})


@lru_cache(maxsize=1)
def folded_roles() -> frozenset[str]:
    """:func:`role_words`, folded."""
    return frozenset(fold(w) for w in role_words())


_NAME = r"[A-ZÀ-Ý][\w'’-]*(?:[ -](?:de |du |des |d'|d’|la |le |l')?[A-ZÀ-Ý][\w'’-]*)*"
_CAPWORD = r"[A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?"


#: a hyphen and a capitalised word after a name: the name is part of a longer one
_COMPOUND_NEXT = re.compile(r"-[A-ZÀ-Ý][a-zà-ÿ]")


def _kb_mentions(text: str, kb: KB) -> list[Cand]:
    folded = fold(text)
    out = []
    rule = RULES["kb-gazetteer"].name
    for m in kb.matcher().finditer(folded):
        surface = text[m.start():m.end()]
        entries = kb.by_name[m.group()]
        line = text[text.rfind("\n", 0, m.start()) + 1:text.find("\n", m.end()) % (len(text) + 1)]
        if " " not in m.group() and not surface[:1].isupper():
            continue                      # "cher", "lot", "nord": only with a capital
        if m.group() in stop_words() or m.group().replace("'", "") in stop_words():
            continue                      # "La" (Los Angeles), "UN" in a headline
        if _COMPOUND_NEXT.match(text, m.end()):
            continue                      # "place Maurice-Marchais": not Maurice (the island)
        if surface.isupper() and len(surface) <= 4 and not line.isupper() and \
                not any(a.isupper() for a in (entries[0].label, *entries[0].aliases)):
            continue
        entry = sorted(entries, key=lambda e: (kind_of(e.types) != "authority", e.iri))[0]
        if len(entries) > 1 and any(kind_of(e.types) == "place" for e in entries):
            entry = next(e for e in entries if kind_of(e.types) == "place") \
                if not re.match(r"(?i)(ville|commune|mairie|métropole|comté|département|région)",
                                surface) else entry
        authority = _as_authority(surface, entry, m.start())
        out.append(authority or Cand(m.start(), m.end(), surface, code_of(entry.types),
                                     entry.label, entry.types, rule, kb=entry))
    return out


@lru_cache(maxsize=1)
def authority_designators() -> dict[str, str]:
    """Folded designators of authorities ("province", "comté"...) -> their class name."""
    authority = folded("authority_designators")
    return {fold(d): v for d, v in LEXICON["designators"].items() if fold(d) in authority}


def _as_authority(surface: str, entry: KBEntry, start: int) -> Cand | None:
    """'Province du Guangdong' with a capital names the authority, not only the place."""
    if kind_of(entry.types) != "place" or not surface[:1].isupper() or surface.isupper():
        return None
    des = authority_designators()
    m = re.match(r"(\w+)\s+(?:de la |de l'|de l’|du |des |de |d'|d’)?(.+)", surface)
    if not m or fold(m.group(1)) not in des:
        return None
    types = full_types((class_of(des[fold(m.group(1))]),))
    return Cand(start, start + len(surface), surface, "AUT", surface, types,
                RULES["designator"].name, attrs={"place": entry.iri, "name": m.group(2)})


_LOWER_ORG = folded("lowercase_org_designators")
#: a town's rank in the area the knowledge base knows: "la préfecture du Morbihan" is Vannes
_RANKS = {"prefecture", "sous-prefecture"}


def _designators(text: str, kb: KB) -> list[Cand]:
    """'Comté de Xyz', 'Ville de Lyon', 'Département du Var' with an unknown or known name."""
    out = []
    rule = RULES["designator"].name
    nouns = sorted(LEXICON["designators"], key=len, reverse=True)
    alt = "|".join(re.escape(n) for n in nouns)
    pat = re.compile(rf"(?<![\w-])(?P<des>(?i:{alt}))(?P<adj>(?: (?!(?:de|du|des|et|ou|à|au|aux|en|le|la|les|sur|pour|par|avec|dans)\b|d'|charg|délégu)[a-zà-ÿ]+)?)"
                     rf"(?P<prep> (?:de la |de l'|de l’|du |des |de |d'|d’|(?-i:DE LA |DE L'|DE L’|DU |DES |DE |D'|D’))|[ ])(?P<name>{_NAME})"
                     r"(?P<tail>(?<=France) (?:au|en|aux|à) [A-ZÀ-Ý][\w'’-]+)?")   # "Ambassade de France au Mexique"
    for m in pat.finditer(text):
        des = m.group("des")
        if re.search(r"\d\S*\s*$", text[max(0, m.start() - 8):m.start()]):
            continue                      # "1er Port de France" is a rank, not a name
        if re.match(r",\s*(?:la|le|les|l'|l’)\s*\w", text[m.end():m.end() + 6]) and \
                re.search(r"(?:^|\n|[.!?]\s+)$", text[max(0, m.start() - 3):m.start()]):
            continue                      # "Province de l'Est du Canada, la Nouvelle-Écosse ..."
        lower_ok = fold(des) in folded("authority_designators")
        if lower_ok and not des[0].isupper() and not re.search(r"(?i)\b(?:la|le|l'|l’|de la|du)\s*$",
                                                               text[max(0, m.start() - 7):m.start()]):
            lower_ok = False              # "Besançon, préfecture du Doubs": a description
        lower_org = fold(des) in _LOWER_ORG or fold(des).split()[0] in _LOWER_ORG
        if not des[0].isupper() and not lower_ok and not lower_org:
            continue                      # "Besançon, préfecture du Doubs": a description
        known = kb.lookup(m.group("name"))
        if not des[0].isupper() and any(SCHEMA.Country in e.types or SCHEMA.Continent in e.types
                                        for e in known):
            continue                      # "la plus vaste métropole de France": a description
        if fold(des) in _RANKS and any(SCHEMA.AdministrativeArea in e.types for e in known):
            continue                      # "la préfecture du Morbihan": a town, by its rank
        if not des[0].isupper() and not known and not lower_ok and not lower_org:
            continue
        if m.group("adj") and not des[0].isupper() and not lower_org:
            continue
        if fold(m.group("name").split()[0]) in folded("designators"):
            continue
        cls = class_of(LEXICON["designators"][des.lower()] if des.lower() in LEXICON["designators"]
                       else LEXICON["designators"].get(fold(des), "Organization"))
        surface, name = m.group(), m.group("name")
        label = ""
        if surface.isupper():             # a headline: keep the longest known name
            words = name.split()
            while words and not kb.lookup(" ".join(words)):
                words.pop()
            if not words:
                continue
            name = " ".join(words)
            surface = surface[:m.start("name") - m.start()] + name
            known = kb.lookup(name)       # "VILLE DE LIÈGE": labelled "Ville de Liège"
            label = (des.capitalize() + m.group("prep").lower() + known[0].label
                     if known and m.group("prep").isupper() else "")
        label = label or surface[0].upper() + surface[1:]
        types = full_types((cls,))
        if not des[0].isupper() and fold(des) in folded("territory_designators"):
            # "la région de Lanaudière" is the place "Lanaudière" the text may name alone
            out.append(Cand(m.start(), m.start() + len(surface), surface, "PLC", name,
                            (SCHEMA.Place, SCHEMA.AdministrativeArea), rule, attrs={"name": name}))
            continue
        attrs = {"place": known[0].iri} if known and kind_of(known[0].types) == "place" else {}
        attrs["name"] = m.group("name")
        attrs["des"], attrs["prep"] = des.lower(), m.group("prep").strip() + " "
        out.append(Cand(m.start(), m.start() + len(surface), surface, code_of(types), label, types,
                        rule, attrs=attrs))
    return out


#: where a person's name seen by spaCy stops: a dash between spaces, or a word with a digit
_NOT_NAME = re.compile(r"\s+(?:[-–—](?:\s|$)|\S*\d)")


def _persons_ner(text: str, ents: list[tuple[int, int, str]]) -> list[Cand]:
    out = []
    rule = RULES["person-name"].name
    honor = "|".join(re.escape(h) for h in LEXICON["honorifics"])
    roles = folded_roles()
    for start, end, label in ents:
        if label != "PER":
            continue
        surface = text[start:end]
        hm = re.match(rf"(?:{honor})\s+", surface)
        if hm:
            start, surface = start + hm.end(), surface[hm.end():]
        cut = _NOT_NAME.search(surface)   # "Nathalie Brousse - 05 56 99 33 33": a contact line
        if cut:
            surface = surface[:cut.start()]
        words = surface.split()
        parts = {p for w in words for p in fold(w).strip(",").split()}
        if any(fold(w).strip(",") in roles for w in words) or parts & roles or "\n" in surface:
            continue
        if any(w[:1].islower() and w not in {"de", "du", "des", "d'", "le", "la", "van", "von",
                                             "da", "di", "el", "ben", "bin"} for w in words):
            continue
        if len(words) < 2 and not hm:
            continue
        out.append(_person(start, start + len(surface), surface, rule))
    return out


def _person(start: int, end: int, surface: str, rule: str) -> Cand:
    label = title_case_name(surface)
    aliases = (surface,) if label != surface else ()
    return Cand(start, end, surface, "PER", label, (FOAF.Person,), rule, aliases=aliases)


_WATER = re.compile(r"(?<![\w])(?:fleuve|rivière|lac|détroit|golfe|baie)\s+"
                    r"(?:de la |de l['’]|du |des |de |d['’])?"
                    r"[A-ZÀ-Ý][\w'’-]*(?:[ -](?:de |du |la )?[A-ZÀ-Ý][\w'’-]*)*")


def _water_bodies(text: str) -> list[Cand]:
    """'le fleuve Sénégal', 'le détroit de Gibraltar': a body of water, not the country or
    town whose name it holds (the longer mention wins over the knowledge base's name)."""
    return [Cand(m.start(), m.end(), m.group(), "PLC", m.group(),
                 (SCHEMA.Place, SCHEMA.BodyOfWater), RULES["water-body"].name)
            for m in _WATER.finditer(text)]


_CONTACT = re.compile(r"(?im)^\W*(?:contacts?(?:\s+(?:presse|médias?))?|relations?\s+(?:presse|médias?))"
                      r"\s*:\s*(?P<rest>.+)$")
_CONTACT_NAME = re.compile(rf"{_CAPWORD}(?:\s+(?:de |du |van |von |da |le |la )?[A-ZÀ-Ý][\w'’-]+){{1,2}}")


def _contact_persons(text: str) -> list[Cand]:
    """'Contact presse : Service presse de la Région Occitanie - Julien Castagné - 05 61 33
    50 50': a name alone between a contact line's separators (spaCy reads the whole line
    as one organisation)."""
    out = []
    not_names = folded("designators") | folded("org_heads") | folded_roles()
    for m in _CONTACT.finditer(text):
        for part in re.finditer(r"[^|,;/–-]+(?:-[^\s|,;/–-][^|,;/–-]*)*", m.group("rest")):
            name = part.group().strip()
            if _CONTACT_NAME.fullmatch(name) and not {fold(w) for w in name.split()} & not_names:
                start = m.start("rest") + part.start() + part.group().index(name)
                out.append(Cand(start, start + len(name), name, "PER", name, (FOAF.Person,),
                                RULES["contact-person"].name))
    return out


def _persons_pattern(text: str) -> list[Cand]:
    """'Prénom Nom, président de ...' and 'M. Nom' even where spaCy saw no person."""
    out = []
    apposition, honorific = _persons_regexes(role_words())
    for m in apposition.finditer(text):
        out.append(_person(m.start("n"), m.end("n"), m.group("n"), RULES["person-apposition"].name))
    for m in honorific.finditer(text):
        out.append(_person(m.start("n"), m.end("n"), m.group("n"), RULES["person-honorific"].name))
    return out


@lru_cache(maxsize=8)
def _persons_regexes(roles: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The patterns of :func:`_persons_pattern`, made once per roles lexicon."""
    honor = "|".join(re.escape(h) for h in LEXICON["honorifics"] if h[0].isupper())
    words = "|".join(re.escape(w) for w in roles)
    apposition = re.compile(
        rf"(?<![\w-])(?P<n>{_CAPWORD} (?:(?:de |du |van |von |da |le )?[A-ZÀ-Ý][\w'’-]+))"
        rf"(?=,\s*(?:\d\S*\s+)?(?i:{words})\b)")
    honorific = re.compile(
        rf"(?<![\w])(?:{honor})\s+(?P<n>[A-ZÀ-Ý][\w'’-]+(?: [A-ZÀ-Ý][\w'’-]+)?)")
    return apposition, honorific


def _enumerated(text: str) -> list[Cand]:
    """'des technocentres spécialisés, comme Sarrail et Henri Fabre': names take the class."""
    out = []
    nouns = "|".join(re.escape(n) for n in sorted(LEXICON["class_nouns"], key=len, reverse=True))
    pat = re.compile(rf"\b(?P<cls>{nouns})\b[^.;:]*?,?\s*(?:comme|tels? que|telles? que|notamment|dont)\s+"
                     rf"(?P<list>{_NAME}(?:\s*(?:,|et)\s*{_NAME})*)")
    for m in pat.finditer(text):
        cls = class_of(LEXICON["class_nouns"][m.group("cls")])
        for n in re.finditer(_NAME, m.group("list")):
            s = m.start("list") + n.start()
            name = n.group()
            out.append(Cand(s, s + len(name), name, "ORG", name, full_types((cls,)),
                            RULES["enumerated-instance"].name))
    return out


def _org_ner(text: str, ents: list[tuple[int, int, str]]) -> list[Cand]:
    out = []
    heads = folded("org_heads")
    roles = folded_roles()
    places = {s: e for s, e, label in ents if label == "LOC"}
    for start, end, label in ents:
        if label not in {"ORG", "MISC", "LOC"}:
            continue
        surface = strip_article(text[start:end])
        start = end - len(surface)
        words = [fold(w) for w in re.split(r"[\s'’-]+", surface)]
        if "\n" in surface or not surface[:1].isupper() or words[0] in roles or surface.isupper():
            continue
        named_authority = len(words) >= 2 and words[-1] in _AUTHORITY_WORDS \
            and surface.split()[-1][:1].isupper()        # "Saint-Brieuc Armor Agglomération"
        if any(w in heads for w in words) or _initialled(surface, text, end) \
                or _EMPLOYS.match(text, end) or named_authority:
            of = _OF.match(text, end)   # "Chambre nationale d'agriculture" "de" "Côte d'Ivoire"
            if of and of.end() in places:
                end = places[of.end()]
                surface = text[start:end]
            public = any(w in _AUTHORITY_WORDS for w in words)   # "... agglomération (GMVA)"
            out.append(Cand(start, end, surface, "AUT" if public else "ORG", surface,
                            full_types((COOP.PublicAuthority,)) if public
                            else (ORG.Organization,), RULES["org-name"].name))
    return out


#: ", qui emploie 4 800 salariés": what employs people is an organisation
_EMPLOYS = re.compile(r",\s*qui\s+(?:emploie|compte|rassemble|réunit)\s+(?:plus de |près de |"
                      r"environ )?[\d\s  ]+(?:salariés|employés|collaborateurs|chercheurs)\b")


#: a word that makes a named organisation a public authority ("Golfe du Morbihan-Vannes
#: agglomération")
_AUTHORITY_WORDS = folded("authority_name_words")
#: words left out of a name's initials: "Golfe du Morbihan-Vannes agglomération" is GMVA
_NOT_INITIALS = {"de", "du", "des", "la", "le", "les", "l", "d", "et", "&", "of", "the", "and"}


#: an acronym in brackets right after a name: "la Gyeonggi Business & Science Accelerator (GBSA)"
_BRACKETED = re.compile(r"\s*\((?P<a>[A-Z][A-Za-z&]{1,9})\)")


def _initialled(surface: str, text: str, end: int) -> bool:
    """Whether the acronym in brackets after ``surface`` (ending at ``end``) is the initials
    of its words (not "de", "du", "et"...): then it names an organisation, whatever its words.

    Example:
        >>> _initialled("Vestland Innovation Hub", "Vestland Innovation Hub (VIH) a", 23)
        True
    """
    m = _BRACKETED.match(text, end)
    words = [w for w in re.split(r"[\s'’-]+", surface) if w and fold(w) not in _NOT_INITIALS]
    initials = "".join(w[0] for w in words).upper()
    return m is not None and len(initials) >= 2 and m.group("a").upper() == initials


#: what joins an institution spaCy found to the place spaCy found right after it, which is
#: part of its name ("la Chambre nationale d'agriculture de Côte d'Ivoire")
_OF = re.compile(r" (?:de la |de l'|de l’|de |du |d'|d’)")


_LOCATIVE = re.compile(r"(?:\b(?:à|au|aux|en|de|du|des|dans|vers|sur|depuis)\s+|\bd['’])$")


#: "directrice générale de ": what follows names the organisation an executive runs
_EXECUTIVE_OF = re.compile(r"(?i)\b(?:" + alternation(LEXICON["executive_roles"])
                           + r")\s+(?:de |du |d'|d’)$")


def _places_ner(text: str, ents: list[tuple[int, int, str]]) -> list[Cand]:
    """An unknown place spaCy found, governed by a locative preposition ("maire de Lunel");
    after an executive's role ("directrice générale de Grand E-nov+"), an organisation."""
    out = []
    skip = folded("designators") | folded_roles()
    for start, end, label in ents:
        surface = text[start:end]
        if label != "LOC" or "\n" in surface or not surface[:1].isupper() or surface.isupper():
            continue
        if fold(surface) in skip or not _LOCATIVE.search(text[max(0, start - 8):start]):
            continue
        if _EXECUTIVE_OF.search(text, max(0, start - 40), start):
            out.append(Cand(start, end, surface, "ORG", surface, (ORG.Organization,),
                            RULES["org-name"].name))
            continue
        out.append(Cand(start, end, surface, "PLC", surface, (SCHEMA.Place,),
                        RULES["place-name"].name))
    return out


def _org_heads(text: str) -> list[Cand]:
    """'l'association Lunel-Ouahigouya Solidarité', 'l'agence de développement économique Aderly'."""
    heads = alternation(LEXICON["heads_before_names"])
    pats = [re.compile(rf"\b(?i:l'|l’|la |le |une |un )(?:{heads})(?: [a-zéèêàç]+){{0,4}}"
                       rf"(?<! de)(?<! du)(?<! de la) (?P<n>{_NAME})"),   # not "... de la Métropole"
            re.compile(rf"\b(?:l'|l’|la |le )(?:{heads})\b[^,.;:\n]{{0,120}}, (?P<n>{_NAME}),")]
    return [Cand(m.start("n"), m.end("n"), m.group("n"), "ORG", m.group("n"), (ORG.Organization,),
                 RULES["org-name"].name) for pat in pats for m in pat.finditer(text)]


def _select(cands: list[Cand]) -> list[Cand]:
    """Longest first, then strongest rule; no two mentions overlap."""
    rank = {RULES[r].name: i for i, r in enumerate(
        ["kb-gazetteer", "designator", "enumerated-instance", "person-apposition",
         "person-honorific", "person-name", "org-name", "place-name"])}
    chosen: list[Cand] = []
    taken = bytearray(max((c.end for c in cands), default=0) + 1)
    context = RULES["enumerated-instance"].name    # the context overrides the name's usual type

    def order(c: Cand) -> tuple[int, int, int, int]:
        return (c.rule != context, -(c.end - c.start), rank.get(c.rule, 9), c.start)

    for c in sorted(cands, key=order):
        if any(taken[c.start:c.end]):
            continue
        taken[c.start:c.end] = b"\x01" * (c.end - c.start)
        chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)


def find_mentions(text: str, ents: list[tuple[int, int, str]], kb: KB) -> list[Cand]:
    """Every entity mention of ``text``, given spaCy's entities as (start, end, label).

    Args:
        text: the document text.
        ents: spaCy's named entities (character offsets and label).
        kb: the knowledge base.
    """
    cands = (_kb_mentions(text, kb) + _designators(text, kb) + _enumerated(text)
             + _persons_pattern(text) + _persons_ner(text, ents) + _org_ner(text, ents)
             + _org_heads(text) + _places_ner(text, ents) + _contact_persons(text)
             + _water_bodies(text))
    chosen = _select(cands)
    return [replace(c) for c in chosen]
