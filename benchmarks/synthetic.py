"""Synthetic inputs for the benchmarks: a larger corpus and a larger graph.

Two generators, both deterministic (seeded):

* :func:`write_corpus` copies the example documents ``n`` times into a folder,
  changing numbers and people's surnames in each copy, so the extractor reads
  ``n`` documents of real prose and resolution sees different people;
* :func:`records` makes kg's own records (documents, entities with mentions,
  facts with evidence) for ``n`` made-up press releases; handing them to
  :func:`kg.graph.to_dataset` gives a graph of exactly kg's shape
  (docs/graph-model.md), about 700 triples per document.

Example:
    >>> docs, entities, facts = records(2)
    >>> len(docs), len(facts) > 20
    (2, True)
"""

from __future__ import annotations

import random
import re
from pathlib import Path

from rdflib import URIRef

from kg.model import Document, DocumentMeta, Entity, Evidence, Fact, Mention, Sentence, Value
from kg.namespaces import COOP, FOAF, ORG, SCHEMA, SKOS, XSD

__all__ = ["write_corpus", "records", "vary_text"]

#: common French and Spanish first names, to find "First Last" pairs in any text
FIRST_NAMES = (
    "Jean", "Jean-Claude", "Jean-Pierre", "Jean-Marc", "Marie", "Martine", "Pierre", "Michel",
    "Philippe", "Nicolas", "Sophie", "Catherine", "Isabelle", "Renaud", "Christian", "Esteban",
    "Carlos", "Carlos A.", "Maria", "Anne", "Laure", "Paul", "François", "Patrick", "Daniel",
)
SURNAMES = (
    "Arnaud", "Bertin", "Carrel", "Delorme", "Esnault", "Fabre", "Garnier", "Hébert", "Imbert",
    "Joly", "Lacroix", "Marchand", "Noël", "Olivier", "Perrin", "Renaud", "Sauvage", "Tessier",
    "Vidal", "Wagner", "Aubert", "Blanc", "Chevalier", "Dumas", "Roux", "Lemoine",
)
_FIRST = "|".join(re.escape(n) for n in FIRST_NAMES)
_PERSON = re.compile(rf"\b({_FIRST}) ([A-ZÉ][a-zéèêëïîôç]+(?:-[A-ZÉ][a-zéèêëïîôç]+)?)\b")
_NUMBER = re.compile(r"\b\d+\b")


def _new_number(match: re.Match[str], rng: random.Random) -> str:
    text = match.group(0)
    n = int(text)
    if 1000 <= n <= 2099:                       # a year: stay plausible
        return str(n + rng.randint(-3, 3))
    if 1 <= n <= 31:                            # maybe a day of the month
        return str(rng.randint(1, 28))
    low = 10 ** (len(text) - 1)
    return str(rng.randint(low, 10 * low - 1))


def vary_text(text: str, seed: int) -> str:
    """Return ``text`` with other numbers and other surnames (the same ones throughout).

    Example:
        >>> text = "Jean Dupont a signé le 6 mai 2017."
        >>> vary_text(text, 1) != text
        True
    """
    rng = random.Random(seed)
    surnames = sorted({m.group(2) for m in _PERSON.finditer(text)})
    fresh = rng.sample(SURNAMES, k=min(len(surnames), len(SURNAMES)))
    mapping = dict(zip(surnames, fresh, strict=False))
    if mapping:
        names = "|".join(map(re.escape, mapping))
        text = re.sub(rf"\b({names})\b", lambda m: mapping[m.group(0)], text)
    return _NUMBER.sub(lambda m: _new_number(m, rng), text)


def write_corpus(source: Path, out_dir: Path, n: int) -> list[Path]:
    """Write ``n`` varied copies of the ``.txt`` files of ``source`` into ``out_dir``.

    Example:
        >>> import tempfile
        >>> from kg.config import corpus_dir
        >>> len(write_corpus(corpus_dir(), Path(tempfile.mkdtemp()), 3))
        3
    """
    originals = sorted(Path(source).glob("*.txt"))
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for i in range(n):
        src = originals[i % len(originals)]
        path = out_dir / f"{i:04d}_{src.stem}.txt"
        path.write_text(vary_text(src.read_text(encoding="utf-8"), seed=i), encoding="utf-8")
        written.append(path)
    return written


# -- a graph of kg's shape, from kg's own records -------------------------------------------

AUTHORITY = (COOP.Metropolis, COOP.PublicAuthority, ORG.Organization)
COUNTY = (COOP.County, COOP.PublicAuthority, ORG.Organization)
ROLES = {"president": "président", "maire": "maire", "vice-president": "vice-président"}
SECTORS = ("sante", "numerique", "tourisme", "maritime", "aeronautique", "energie", "culture",
           "universite")
RULE = "kg.rule.synthetic.v1"
Named = dict[str, tuple[str, tuple]]          # entity key -> (label, classes)


class _Doc:
    """One made-up document, written sentence by sentence, with its mentions and facts."""

    def __init__(self, i: int, names: Named, facts: list[Fact]) -> None:
        self.id, self.text, self.names, self.facts = f"synth_{i:05d}", "", names, facts
        self.date = f"20{10 + i % 15}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        self.mentions: list[Mention] = []

    def say(self, *parts: str) -> Evidence:
        """Append a sentence; a part that is an entity key is written as its label."""
        start, spans = len(self.text), []
        for part in parts:
            if part in self.names:
                spans.append((len(self.text), part))
                part = self.names[part][0]
            self.text += part
        sent = Sentence(self.id, start, len(self.text), self.text[start:])
        for begin, key in spans:
            label = self.names[key][0]
            self.mentions.append(Mention(self.id, begin, begin + len(label), label, key, sent))
        self.text += "\n"
        return Evidence(self.id, sent.start, sent.end, sent.text, RULE, 0.9, self.date)

    def fact(self, ev: Evidence, subject: str, predicate: URIRef, *objects: object) -> None:
        for obj in objects:
            self.facts.append(Fact(subject, predicate, obj, (ev,)))  # type: ignore[arg-type]


def _shared(n_partners: int) -> Named:
    names: Named = {"authority/comte-de-miami-dade": ("Comté de Miami-Dade", COUNTY)}
    for j in range(1, n_partners):
        names[f"authority/comte-partenaire-{j}"] = (f"Comté partenaire {j}", COUNTY)
    for k in range(30):
        names[f"place/pays-{k}"] = (f"Pays {k}", (SCHEMA.Country, SCHEMA.Place))
    for slug, label in ROLES.items():
        names[f"role/{slug}"] = (label, (ORG.Role, SKOS.Concept))
    for sector in SECTORS:
        names[f"sector/{sector}"] = (f"filière {sector}", (SKOS.Concept,))
    return names


def _people(d: _Doc, i: int, agreement: str, orgs: tuple[str, str, str]) -> None:
    """Three people holding posts; two sign the agreement, the third witnesses it."""
    for k, (org, slug) in enumerate(zip(orgs, ROLES, strict=True)):
        person, role = f"person/personne-{i}-{k}", f"role/{slug}"
        post = f"post/{org.split('/', 1)[1]}/{slug}-{i}-{k}"
        first, last = FIRST_NAMES[(i + k) % len(FIRST_NAMES)], SURNAMES[(3 * i + k) % 26]
        d.names[person] = (f"{first} {last} {i}", (FOAF.Person,))
        d.names[post] = (f"{d.names[role][0]} de {d.names[org][0]}", (ORG.Post,))
        ev = d.say(person, ", ", role, " de ", org, ", était présent.")
        d.fact(ev, person, ORG.holds, post)
        d.fact(ev, post, ORG.postIn, org)
        d.fact(ev, post, ORG.role, role)
        d.fact(ev, agreement, COOP.witness if k == 2 else COOP.signatory, person)


def _one_document(i: int, rng: random.Random, names: Named, facts: list[Fact]) -> _Doc:
    partners = [k for k in names if k.startswith("authority/comte")]
    d = _Doc(i, names, facts)
    a, b, agr = f"authority/metropole-synthetique-{i}", partners[i % len(partners)], \
        f"agreement/accord-synthetique-{i}"
    names[a] = (f"Métropole synthétique {i}", AUTHORITY)
    names[agr] = (f"accord de coopération {i}", (COOP.CooperationAgreement, COOP.Agreement))
    ev = d.say(a, " et ", b, f" ont signé le {d.date} un ", agr, ".")
    d.fact(ev, agr, COOP.party, a, b)
    d.fact(ev, agr, COOP.status, COOP.Signed)
    d.fact(ev, agr, COOP.signedOn, Value(d.date, XSD.date))
    _people(d, i, agr, (a, b, a))
    population, area = rng.randint(10, 99) * 10000, rng.randint(100, 5000)
    ev = d.say(a, f" compte {population} habitants sur {area} km².")
    d.fact(ev, a, COOP.population, Value(str(population), XSD.integer))
    d.fact(ev, a, COOP.areaKm2, Value(f"{area}.0", XSD.decimal))
    sectors = rng.sample([f"sector/{s}" for s in SECTORS], 3)
    ev = d.say("Ses filières : ", sectors[0], ", ", sectors[1], " et ", sectors[2], ".")
    d.fact(ev, a, COOP.strategicSector, *sectors)
    d.fact(ev, agr, COOP.collaborationField, sectors[0])
    places = rng.sample([k for k in names if k.startswith("place/")], 2)
    ev = d.say("Ses destinations prioritaires sont ", places[0], " et ", places[1], ".")
    d.fact(ev, a, COOP.priorityDestination, *places)
    return d


def records(n_docs: int, seed: int = 7) -> tuple[list[Document], list[Entity], list[Fact]]:
    """Documents, entities and facts of ``n_docs`` made-up press releases.

    Partners, countries, roles and sectors are shared between documents, as in a
    real corpus; each document adds its own authority, three people, three
    posts and an agreement.
    """
    rng = random.Random(seed)
    names = _shared(max(5, n_docs // 10))
    facts: list[Fact] = []
    docs, by_key = [], {}
    for i in range(n_docs):
        d = _one_document(i, rng, names, facts)
        meta = DocumentMeta(date=d.date, title=f"Accord synthétique {i}", kind="press_release")
        docs.append(Document(d.id, d.text, f"{d.id}.txt", meta))
        for m in d.mentions:
            by_key.setdefault(m.key, []).append(m)
    entities = [Entity(key, label, tuple(types), mentions=tuple(by_key.get(key, ())))
                for key, (label, types) in names.items()]
    return docs, entities, facts
