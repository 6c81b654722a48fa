"""Mentions that need the others: councils, "la Métropole", delegations, surnames.

Example:
    >>> from kg.extract.kb import load_kb
    >>> text = "Le Conseil politique du Comté de Miami vote."
    >>> from kg.extract.mentions import find_mentions
    >>> [c.label for c in add_councils(text, find_mentions(text, [], load_kb()))]
    ['Conseil politique du Comté de Miami']
"""

from __future__ import annotations

import re
from collections import Counter

from kg.extract.kb import KB, full_types
from kg.extract.layout import heading_authority
from kg.extract.mentions import Cand, authority_designators, class_of, folded_classes
from kg.extract.rules import LEXICON, RULES, alternation
from kg.extract.text import ACRONYM, fold, slug
from kg.namespaces import COOP, FOAF, SCHEMA

__all__ = ["add_councils", "add_anaphora", "add_delegations", "add_surnames", "add_repeats",
           "add_acronyms", "add_described_places", "add_demonym_authorities"]


def _free(cands: list[Cand], start: int, end: int) -> bool:
    return not any(c.start < end and start < c.end for c in cands)


def add_councils(text: str, cands: list[Cand]) -> list[Cand]:
    """'Conseil <adj> du <authority>' becomes the governing council of that authority."""
    out = []
    for c in cands:
        if c.code != "AUT":
            out.append(c)
            continue
        head = text[max(0, c.start - 60):c.start]
        m = re.search(r"(?<![\w])(Conseil(?: [a-zé]+){0,2}) (?:du |de la |de l'|de l’|des )?$", head)
        start = c.start - len(head) + m.start() if m else -1
        if m and (not out or out[-1].end <= start):
            surface = text[start:c.end]
            types = full_types((COOP.GoverningCouncil,))
            out.append(Cand(start, c.end, surface, "AUT", surface, types, RULES["council"].name,
                            kb=None, attrs={"of": c.attrs.get("key") or c.key, "of_cand": c}))
        else:
            out.append(c)
    return out


#: "le conseil municipal de " before a town: the town's municipality
_MUNICIPAL_COUNCIL = re.compile(r"(?i)\bconseil (?:municipal|communal) (?:de |d'|d’)$")


def add_municipal_councils(text: str, cands: list[Cand], kb: KB) -> list[Cand]:
    """'Le conseil municipal de Saint-Brieuc a approuvé ...': the Ville de Saint-Brieuc (an
    authority and its council are one entity), or the municipality of the knowledge base
    whose territory that town is. Marked ``council`` in its attributes: the town a
    municipal post without a town belongs to (:func:`kg.extract.posts.finish_posts`)."""
    out: list[Cand] = []
    for c in cands:
        m = _MUNICIPAL_COUNCIL.search(text, max(0, c.start - 30), c.start) \
            if c.code == "PLC" else None
        if m is None or (out and out[-1].end > m.start()):
            out.append(c)
            continue
        surface = text[m.start():c.end]
        owners = [e for e in kb.entries.values()
                  if c.kb is not None and c.kb.iri in e.spatial and COOP.Municipality in e.types]
        attrs = {"des": "ville", "prep": "de ", "name": c.label, "council": True}
        out.append(Cand(m.start(), c.end, surface, "AUT", owners[0].label if owners
                        else f"Ville de {c.label}", owners[0].types if owners
                        else full_types((COOP.Municipality,)), RULES["council"].name,
                        kb=owners[0] if owners else None, attrs=attrs))
    return out


def add_anaphora(text: str, cands: list[Cand]) -> list[Cand]:
    """'la Métropole', 'le Département' alone: the authority of that class the document comes
    from (its name a line of its own at the top), else the one named most often."""
    designators = folded_classes("designators")
    counts: Counter[tuple[str, str]] = Counter()
    first: dict[tuple[str, str], Cand] = {}
    for c in cands:
        for t in c.types:
            counts[(str(t), c.key)] += 1 if c.rule != RULES["anaphora"].name else 0
            first.setdefault((str(t), c.key), c)
    added = []
    lower = alternation(LEXICON["authority_designators"])
    multi = "|".join(re.escape(k[0].upper() + k[1:]) for k in
                     sorted(LEXICON["designators"], key=len, reverse=True) if " " in k)
    pat = re.compile(r"(?<![\w])(?i:la |le |l'|l’|cette |ce |du |de la |des )"
                     rf"(?P<n>{multi}|[A-ZÀ-Ý][\wÀ-ÿ]+|{lower})(?![\w-])")
    heading = heading_authority(text, cands)
    for m in pat.finditer(text):
        cls = designators.get(fold(m.group("n")))
        line = text[text.rfind("\n", 0, m.start()) + 1:text.find("\n", m.end()) % (len(text) + 1)]
        follows = re.match(r" [A-ZÀ-Ý]| (?:de|du|des|d')\b", text[m.end("n"):m.end("n") + 5])
        if follows and not line.isupper():
            continue
        if m.group("n")[0].islower() and not re.match(r"\s*[,.;:)]", text[m.end("n"):]):
            continue                      # "la métropole," alone, not "la métropole la plus vaste"
        if cls is None or not _free(cands, m.start("n"), m.end("n")):
            continue
        best = [(n, k) for (t, k), n in counts.items() if t == str(cls) and n > 0]
        if not best:
            continue
        _, key = max(best, key=lambda x: (x[0], x[1]))
        if heading is not None and cls in heading.types:   # "la Ville" of the city hall's
            key = heading.key                               # own press release
        ref = first[(str(cls), key)]
        added.append(Cand(m.start("n"), m.end("n"), m.group("n"), ref.code, ref.label, ref.types,
                          RULES["anaphora"].name, kb=ref.kb, attrs={"key": key}))
    return sorted(cands + added, key=lambda c: c.start)


def add_delegations(text: str, cands: list[Cand], kb: KB) -> list[Cand]:
    """'la délégation marseillaise', 'une délégation de Dakar'."""
    added: list[Cand] = []
    for m in re.finditer(r"(?<![\w])(?:la |une |cette |La |Une |Cette )(?P<d>délégation(?: (?P<adj>[a-zéèêàç-]+)))",
                         text):
        place = kb.by_demonym.get(fold(m.group("adj") or ""))
        label = m.group("d")
        if place is None:
            size = re.match(r"de \S+ (?:personnes|membres|élus)", text[m.start("adj"):])
            whose = re.match(r"de (?:la |l'|l’|du )[A-ZÀ-Ý][^,.;:\n]*?(?= était| a | est |,|\.|:)",
                             text[m.start("adj"):])
            if size:                      # "une délégation de 62 personnes"
                label = "délégation " + size.group()
            elif whose:                   # "la délégation de la Région Grand Est": the word only
                label = "délégation " + whose.group()   # is the mention, the authority keeps its own
                start = m.start("d")
                if _free(cands + added, start, start + 10):
                    added.append(Cand(start, start + 10, "délégation", "ORG", label,
                                      full_types((COOP.Delegation,)), RULES["delegation"].name))
                continue
            elif not re.fullmatch(r"[a-zéè-]+(?:ien|ienne|ais|aise|ois|oise|ain|aine|in|ine)s?",
                                  m.group("adj") or ""):
                continue                  # "délégation pontissalienne": a demonym all the same
            end = m.start("d") + len(label)
            if _free(cands + added, m.start("d"), end):
                added.append(Cand(m.start("d"), end, label, "ORG", label,
                                  full_types((COOP.Delegation,)), RULES["delegation"].name))
            continue
        if not _free(cands, m.start("d"), m.end("d")):
            continue
        added.append(Cand(m.start("d"), m.end("d"), label, "ORG", label,
                          full_types((COOP.Delegation,)), RULES["delegation"].name,
                          attrs={"from": place.key}))
    return sorted(cands + added, key=lambda c: c.start)


def add_surnames(text: str, cands: list[Cand]) -> list[Cand]:
    """A surname alone ('Gaudin', 'M. GAUDIN') refers to the person of that full name."""
    people: dict[str, Cand] = {}
    for c in cands:
        if c.code == "PER" and len(c.label.split()) >= 2:
            people.setdefault(fold(c.label.split()[-1]), c)
    added: list[Cand] = []
    folded = fold(text)       # once, not once a surname
    for surname, ref in people.items():
        for m in re.finditer(rf"(?<![\w'’-]){re.escape(surname)}(?![\w-])", folded):
            if not text[m.start()].isupper() or not _free(cands + added, m.start(), m.end()):
                continue
            added.append(Cand(m.start(), m.end(), text[m.start():m.end()], "PER", ref.label,
                              (FOAF.Person,), RULES["surname"].name,
                              attrs={"key": f"person/{slug(ref.label)}"}))
    for c in cands:
        if c.code == "PER" and len(c.label.split()) == 1 and fold(c.label) in people:
            c.attrs["key"] = f"person/{slug(people[fold(c.label)].label)}"
    full = [c for c in cands if c.code == "PER" and len(c.label.split()) >= 3]
    for c in cands:                       # "M. Le Bihan" is Maël Le Bihan
        longer = [f for f in full if fold(f.label).endswith(" " + fold(c.label))]
        if c.code == "PER" and 2 <= len(c.label.split()) and longer and "key" not in c.attrs:
            c.attrs["key"] = f"person/{slug(longer[0].label)}"
    return sorted(cands + added, key=lambda c: c.start)


def add_repeats(text: str, cands: list[Cand]) -> list[Cand]:
    """A place or organisation name read once names the same entity where it is repeated;
    an organisation's name is the one the document gives with its town ("l'université
    Nicolas-Copernic" is "l'université Nicolas-Copernic de Toruń")."""
    added: list[Cand] = []
    seen: dict[str, Cand] = {}
    for c in cands:
        if c.code in {"PLC", "ORG"} and c.kb is None and c.rule != RULES["anaphora"].name:
            seen.setdefault(c.text, c)
        name = c.attrs.get("name")
        if c.code == "AUT" and c.kb is None and name and name[0].isupper() and " " not in name:
            seen.setdefault(name, c)       # "le Gbêkê" after "la Région du Gbêkê"
    orgs = [c for c in cands if c.code == "ORG" and c.kb is None]
    for c in orgs:                        # "l'université X" is "l'université X de Toruń"
        longer = {o.key for o in orgs if re.match(rf"{re.escape(fold(c.label))} (?:de |du |d')",
                                                   fold(o.label))}
        if len(longer) == 1 and "key" not in c.attrs:
            c.attrs["key"] = longer.pop()
    for name, ref in seen.items():
        for m in re.finditer(rf"(?<![\w'’-]){re.escape(name)}(?![\w-])", text):
            if _free(cands + added, m.start(), m.end()):
                added.append(Cand(m.start(), m.end(), name, ref.code, ref.label, ref.types,
                                  RULES["name-repeat"].name, attrs={"key": ref.key}))
    return sorted(cands + added, key=lambda c: c.start)


def add_acronyms(text: str, cands: list[Cand]) -> list[Cand]:
    """'la Métropole Aix-Marseille-Provence (AMP)': AMP names it wherever it is repeated."""
    added: list[Cand] = []
    for c in cands:
        m = re.match(rf"\s*\((?P<a>{ACRONYM})\)", text[c.end:c.end + 14])
        if not m or c.code == "PER":
            continue
        acronym = m.group("a")
        c.aliases = tuple(dict.fromkeys((*c.aliases, acronym)))
        for hit in re.finditer(rf"(?<![\w-]){re.escape(acronym)}(?![\w-])", text):
            if _free(cands + added, hit.start(), hit.end()):
                added.append(Cand(hit.start(), hit.end(), acronym, c.code, c.label, c.types,
                                  RULES["acronym"].name, kb=c.kb,
                                  attrs={"key": c.attrs.get("key") or c.key}))
    return sorted(cands + added, key=lambda c: c.start)


def _another_name(name: Cand, of: Cand) -> None:
    """``name`` names the entity of ``of``, and is one of its aliases."""
    name.attrs["key"] = of.attrs.get("key") or of.key
    of.aliases = tuple(dict.fromkeys((*of.aliases, name.text)))


def add_bracketed_names(text: str, cands: list[Cand]) -> list[Cand]:
    """'la Députation forale du Gipuzkoa (Diputación Foral de Gipuzkoa)': an authority's or
    an organisation's name alone in brackets right after another's of the same kind is
    another name of it (in its own language), as an acronym would be."""
    for c, d in zip(cands, cands[1:], strict=False):
        if c.code in {"AUT", "ORG"} and d.code == c.code and c.kb is None and d.kb is None \
                and re.fullmatch(r"\s*\(\s*", text[c.end:d.start]) \
                and re.match(r"\s*\)", text[d.end:d.end + 3]):
            _another_name(d, of=c)
    return cands


#: "sous le nom d'", "anciennement " right before a name: a former name of the next one
_FORMERLY = re.compile(r"(?i)(?:sous le nom d(?:e\s+|['’])|anciennement\s+)$")


def add_former_names(text: str, cands: list[Cand]) -> list[Cand]:
    """'Fondée en 1910 sous le nom d'Élisabethville, Lubumbashi ...': a former name, right
    before the place's (or authority's) own after a comma, is another name of it."""
    for c, d in zip(cands, cands[1:], strict=False):
        if c.code in {"PLC", "AUT"} and d.code in {"PLC", "AUT"} and c.kb is None \
                and _FORMERLY.search(text[max(0, c.start - 20):c.start]) \
                and re.fullmatch(r"\s*,\s*", text[c.end:d.start]):
            _another_name(c, of=d)
    return cands


def add_described_places(text: str, cands: list[Cand], kb: KB) -> list[Cand]:
    """'la ville américaine' after Miami was named: the city of that country in the document."""
    added: list[Cand] = []
    kinds = {"ville": SCHEMA.City, "cité": SCHEMA.City, "capitale": SCHEMA.City,
             "région": SCHEMA.AdministrativeArea, "province": SCHEMA.AdministrativeArea}
    pat = re.compile(r"(?<![\w])(?i:la |le |cette )(?P<d>(?P<n>ville|cité|capitale|région|province) "
                     r"(?P<adj>[a-zéèêàç-]+))")
    for m in pat.finditer(text):
        country = kb.by_demonym.get(fold(m.group("adj")))
        if country is None or not _free(cands + added, m.start("d"), m.end("d")):
            continue
        before = [c for c in cands if c.end <= m.start() and c.kb is not None
                  and kinds[fold(m.group("n")).replace("cite", "cité")] in c.kb.types
                  and country.iri in kb.ancestors(c.kb.iri)]
        if before:
            added.append(_anaphor(m.start("d"), m.end("d"), m.group("d"), before[-1]))
    return sorted(cands + added, key=lambda c: c.start)


#: "la métropole bordelaise": an authority designator and an adjective
_DEMONYM_AUTHORITY = re.compile(r"(?<![\w])(?i:la |le |cette |l'|l’)(?P<d>(?P<n>"
                                + alternation(LEXICON["authority_designators"])
                                + r") (?P<adj>[a-zéèêàç-]+))")


def add_demonym_authorities(text: str, cands: list[Cand], kb: KB) -> list[Cand]:
    """'la métropole bordelaise' after Bordeaux Métropole was named: the authority of that
    kind whose territory (``dcterms:spatial``) is the place of the demonym."""
    designators = authority_designators()
    added: list[Cand] = []
    for m in _DEMONYM_AUTHORITY.finditer(text):
        place = kb.by_demonym.get(fold(m.group("adj")))
        cls = designators.get(fold(m.group("n")))
        if place is None or cls is None or not _free(cands + added, m.start("d"), m.end("d")):
            continue
        before = [c for c in cands if c.end <= m.start() and c.kb is not None
                  and place.iri in c.kb.spatial and class_of(cls) in c.kb.types]
        if before:
            added.append(_anaphor(m.start("d"), m.end("d"), m.group("d"), before[-1]))
    return sorted(cands + added, key=lambda c: c.start)


#: "la préfecture du ": the chief town of the area named right after
_RANK_OF = re.compile(r"(?i)\b(?:la |sa |cette )(?P<r>(?:sous-)?préfecture) "
                      r"(?:du |de la |de l'|de l’|des |de )$")


def add_rank_towns(text: str, cands: list[Cand], kb: KB) -> list[Cand]:
    """'le serment qui unit la préfecture du Morbihan à Toruń': the town of the document
    that the knowledge base puts in that area (Vannes), when there is one and only one."""
    added: list[Cand] = []
    for c in cands:
        if c.code != "PLC" or c.kb is None or SCHEMA.AdministrativeArea not in c.kb.types:
            continue
        m = _RANK_OF.search(text, max(0, c.start - 30), c.start)
        if m is None or m.end() != c.start or not _free(cands + added, m.start("r"), m.end("r")):
            continue
        area = c.kb.iri
        towns = {t.key: t for t in cands if t.code == "PLC" and t.kb is not None
                 and SCHEMA.City in t.kb.types and area in kb.ancestors(t.kb.iri)}
        if len(towns) == 1:
            added.append(_anaphor(m.start("r"), m.end("r"), m.group("r"), *towns.values()))
    return sorted(cands + added, key=lambda c: c.start)


def _anaphor(start: int, end: int, surface: str, ref: Cand) -> Cand:
    """A mention at ``start:end`` that refers to the entity ``ref`` names."""
    return Cand(start, end, surface, ref.code, ref.label, ref.types, RULES["anaphora"].name,
                kb=ref.kb, attrs={"key": ref.attrs.get("key") or ref.key})
