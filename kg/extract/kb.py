"""The knowledge base of known entities and its matcher.

The KB (``kg/data/kb/*.ttl`` plus the user's ``--kb`` files) holds names,
aliases, types, checked Wikidata identifiers, demonyms and gazetteer
containment: never facts read from documents. The role lexicon comes from
``ontology/roles.ttl``.

Example:
    >>> kb = load_kb()
    >>> [e.label for e in kb.lookup("Etats-Unis")]
    ['États-Unis']
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from rdflib import Graph, URIRef

from kg.config import kb_dir, ontology_dir
from kg.errors import KBError
from kg.extract.text import fold, slug
from kg.namespaces import COOP, DCTERMS, FOAF, ORG, OWL, RDF, RDFS, SCHEMA, SKOS

__all__ = ["KBEntry", "KB", "Role", "load_kb", "kind_of", "AUTHORITY_CLASSES", "PLACE_CLASSES",
           "ORG_CLASSES"]

AUTHORITY_CLASSES = {COOP.PublicAuthority, COOP.Metropolis, COOP.County, COOP.Municipality,
                     COOP.Departement, COOP.Region, COOP.FederatedState, COOP.GoverningCouncil}
ORG_CLASSES = {ORG.Organization, COOP.DevelopmentAgency, COOP.University, COOP.Port,
               COOP.ResearchInfrastructure, COOP.TechnologyPark, COOP.Company,
               COOP.BusinessNetwork, COOP.Delegation}
PLACE_CLASSES = {SCHEMA.Place, SCHEMA.City, SCHEMA.Country, SCHEMA.State, SCHEMA.Continent,
                 SCHEMA.BodyOfWater, SCHEMA.AdministrativeArea}


def kind_of(types: tuple[URIRef, ...] | set[URIRef]) -> str:
    """The IRI path segment of an entity with these classes (``authority``, ``place``, ...)."""
    if isinstance(types, tuple):       # asked tens of thousands of times per 300 documents
        return _kind_of_tuple(types)
    return _kind_of(types)


@lru_cache(maxsize=1024)
def _kind_of_tuple(types: tuple[URIRef, ...]) -> str:
    return _kind_of(types)


def _kind_of(types: tuple[URIRef, ...] | set[URIRef]) -> str:
    ts = set(types)
    if FOAF.Person in ts:
        return "person"
    if ts & AUTHORITY_CLASSES:
        return "authority"
    if ts & ORG_CLASSES:
        return "organization"
    if ts & PLACE_CLASSES:
        return "place"
    return "thing"


def full_types(types: tuple[URIRef, ...]) -> tuple[URIRef, ...]:
    """Add the parent classes the vocabulary requires (PublicAuthority, Organization, Place)."""
    ts = set(types)
    if ts & AUTHORITY_CLASSES:
        ts |= {COOP.PublicAuthority, ORG.Organization}
    if ts & ORG_CLASSES:
        ts.add(ORG.Organization)
    if ts & PLACE_CLASSES:
        ts.add(SCHEMA.Place)
    return tuple(sorted(ts))


@dataclass(frozen=True)
class KBEntry:
    """A known entity: canonical label, aliases, classes, checked Wikidata id."""

    iri: str
    label: str
    types: tuple[URIRef, ...]
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None
    within: tuple[str, ...] = ()        # KB IRIs of the places it lies in (immediate)
    spatial: tuple[str, ...] = ()       # KB IRIs of an authority's territory
    demonyms: tuple[str, ...] = ()
    label_en: str | None = None

    @cached_property
    def key(self) -> str:
        return f"{kind_of(self.types)}/{slug(self.label)}"


@dataclass(frozen=True)
class Role:
    """A role of the roles scheme: its IRI path, labels and feminine forms."""

    key: str
    label: str
    forms: tuple[str, ...]
    label_en: str | None = None


@dataclass
class KB:
    """Entries by IRI and by folded name, the roles lexicon, and a name matcher."""

    entries: dict[str, KBEntry] = field(default_factory=dict)
    by_name: dict[str, list[KBEntry]] = field(default_factory=lambda: defaultdict(list))
    by_demonym: dict[str, KBEntry] = field(default_factory=dict)
    roles: list[Role] = field(default_factory=list)
    _regex: re.Pattern[str] | None = None
    _roles: dict[str, Role] | None = None      # by folded form, made by role()

    def lookup(self, name: str) -> list[KBEntry]:
        """Entries whose label or alias folds to the same string as ``name``."""
        return list(self.by_name.get(_norm(name), []))

    def role(self, form: str) -> Role | None:
        """The first role of ``roles`` that has a form folding as ``form`` does, or None.

        Example:
            >>> load_kb().role("Maire").key
            'role/maire'
        """
        if self._roles is None:
            self._roles = {}
            for r in self.roles:
                for x in r.forms:
                    self._roles.setdefault(fold(x), r)
        return self._roles.get(fold(form))

    def ancestors(self, iri: str) -> list[str]:
        """Every place an entry lies in, nearest first."""
        out: list[str] = []
        todo = list(self.entries[iri].within) if iri in self.entries else []
        while todo:
            nxt = todo.pop(0)
            if nxt not in out and nxt in self.entries:
                out.append(nxt)
                todo.extend(self.entries[nxt].within)
        return out

    def matcher(self) -> re.Pattern[str]:
        """One regex over folded text matching every KB name, longest first."""
        if self._regex is None:
            alt = trie_pattern(n for n in self.by_name if len(n) > 1) or "(?!)"
            self._regex = re.compile(rf"(?<![\w])(?:{alt})(?![\w])")
        return self._regex


def trie_pattern(names: Iterable[str]) -> str:
    """A regex matching any of ``names``, the longest that fits first, as a trie.

    Same matches as the names' alternation sorted longest first, but Python's ``re``
    tries each alternative in turn at every position of the text, and a trie only the
    names that share what is read so far (a thousand names: ten times faster).

    Example:
        >>> trie_pattern(["mars", "marseille", "nice"])
        '(?:mars(?:eille)?|nice)'
    """
    trie: dict[str, dict] = {}
    for name in names:
        node = trie
        for ch in name:
            node = node.setdefault(ch, {})
        node[""] = {}                      # a name ends here

    def walk(node: dict[str, dict]) -> str:
        branches = [re.escape(ch) + walk(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body   # greedy: the longer name first

    return walk(trie)


def _norm(name: str) -> str:
    return re.sub(r"\s+", " ", fold(name)).strip()


def _lit(g: Graph, s: URIRef, p: URIRef, lang: str | None) -> list[str]:
    return sorted(str(o) for o in g.objects(s, p) if getattr(o, "language", None) == lang
                  or (lang is None and getattr(o, "language", None) is None))


def _entries(g: Graph) -> list[KBEntry]:
    out = []
    for s in sorted({s for s in g.subjects(RDFS.label, None) if isinstance(s, URIRef)}):
        fr = _lit(g, s, RDFS.label, "fr")
        if not fr:
            raise KBError(f"knowledge-base entry {s} has no French label",
                          hint='give it rdfs:label "…"@fr')
        en = _lit(g, s, RDFS.label, "en")
        aliases = _lit(g, s, SKOS.altLabel, "fr") + _lit(g, s, SKOS.altLabel, "en") + en
        qid = next((str(o).rsplit("/", 1)[-1] for o in g.objects(s, OWL.sameAs)
                    if "wikidata.org/entity/Q" in str(o)), None)
        types = tuple(t for t in g.objects(s, RDF.type) if isinstance(t, URIRef))
        out.append(KBEntry(
            iri=str(s), label=fr[0], types=full_types(types),
            aliases=tuple(dict.fromkeys(a for a in aliases if a != fr[0])), wikidata=qid,
            within=tuple(sorted(str(o) for o in g.objects(s, SCHEMA.containedInPlace))),
            spatial=tuple(sorted(str(o) for o in g.objects(s, DCTERMS.spatial))),
            demonyms=tuple(sorted(str(o) for o in g.objects(s, COOP.demonym))),
            label_en=en[0] if en else None))
    return out


def _roles(g: Graph) -> list[Role]:
    roles = []
    for s in sorted({s for s in g.subjects(SKOS.inScheme, COOP.Roles) if isinstance(s, URIRef)}):
        fr = _lit(g, s, RDFS.label, "fr")
        if not fr:
            continue
        forms = tuple(dict.fromkeys(fr + _lit(g, s, SKOS.altLabel, "fr")))
        en = _lit(g, s, RDFS.label, "en")
        roles.append(Role(key="role/" + str(s).rstrip("/").rsplit("/", 1)[-1], label=fr[0],
                          forms=forms, label_en=en[0] if en else None))
    return roles


def _plural_forms(word: str) -> list[str]:
    return [word, word + "s"] if not word.endswith("s") else [word]


def check_kb_files(files: Iterable[Path | str]) -> None:
    """Raise :class:`KBError` for the first of the user's knowledge-base ``files`` that is
    not a file (``kg build`` asks before reading any document, :func:`load_kb` again)."""
    for path in files:
        if not Path(path).is_file():
            raise KBError(f"no knowledge-base file {path}",
                          hint="give the path of a Turtle file (--kb mine.ttl); its format "
                               f"is in {kb_dir() / 'README.md'}")


def load_kb(extra: Iterable[Path | str] = ()) -> KB:
    """Load the bundled KB, the user's files, and the roles of the ontology.

    Loaded once per process for each set of files, however they are spelt:
    ``load_kb()``, ``load_kb(())`` and ``load_kb([])`` are the same object (the
    build and the rules each ask for it; parsing it takes 0.2 s).

    Raises:
        KBError: a file is not valid Turtle or an entry has no French label.

    Example:
        >>> load_kb() is load_kb(())
        True
    """
    return _load_kb(tuple(Path(p).resolve() for p in extra))


@lru_cache(maxsize=8)
def _load_kb(extra: tuple[Path, ...]) -> KB:
    kb = KB()
    check_kb_files(extra)
    for path in sorted(kb_dir().glob("*.ttl")) + list(extra):
        g = Graph()
        try:
            g.parse(str(path), format="turtle")
        except Exception as exc:  # noqa: BLE001 - rdflib raises many kinds
            detail = " ".join(str(exc).split())[:400]
            raise KBError(f"cannot read knowledge-base file {path}: {detail}",
                          hint="fix the Turtle syntax; the format is in "
                               f"{kb_dir() / 'README.md'}") from exc
        for e in _entries(g):
            kb.entries[e.iri] = e
    for e in kb.entries.values():
        for name in (e.label, *e.aliases):
            if e not in kb.by_name[_norm(name)]:
                kb.by_name[_norm(name)].append(e)
        for d in e.demonyms:
            for form in _plural_forms(d):
                kb.by_demonym.setdefault(_norm(form), e)
    roles_file = ontology_dir() / "roles.ttl"
    if roles_file.exists():
        kb.roles = _roles(Graph().parse(roles_file, format="turtle"))
    return kb
