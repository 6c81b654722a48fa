"""Which graph nodes are which gold entities: the matching half of :mod:`kg.evaluate`.

Example:
    >>> norm("Comté de  Miami-Dade"), norm_role("Vice-Présidente")
    ('comte de miami dade', 'vice-presidente')
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from kg.evalreport import Score
from kg.gold import Gold
from kg.namespaces import COOP, SCHEMA

__all__ = ["TYPE_CLASS", "PRECISION_TYPES", "Index", "norm", "norm_role", "number_of", "year_of"]

#: gold entity type -> the class its nodes must carry (or a subclass of it)
TYPE_CLASS: dict[str, URIRef] = {
    "Person": FOAF.Person, "Organization": ORG.Organization,
    "PublicAuthority": COOP.PublicAuthority, "Place": SCHEMA.Place,
    "Agreement": COOP.Agreement, "Event": SCHEMA.Event, "Sector": SKOS.Concept,
}
#: types whose precision is measured: every node of them should be in the gold
PRECISION_TYPES = ("Person", "PublicAuthority", "Organization", "Place", "Agreement")
_PREDICATES: dict[str, URIRef] = {
    "party": COOP.party, "signatory": COOP.signatory, "witness": COOP.witness,
    "strategicSector": COOP.strategicSector, "sectorActor": COOP.sectorActor,
    "priorityDestination": COOP.priorityDestination,
    "collaborationField": COOP.collaborationField, "participant": COOP.participant,
    "locatedIn": SCHEMA.containedInPlace,
}
_STATUS = {COOP.Signed: "signed", COOP.InPreparation: "in_preparation"}
_LABELS = (RDFS.label, SKOS.prefLabel, SKOS.altLabel, FOAF.name)
_MULTIPLIERS = {"million": 1_000_000, "millions": 1_000_000, "milliard": 10**9, "milliards": 10**9}


def _unaccent(text: str) -> str:
    text = unicodedata.normalize("NFKD", str(text))
    return "".join(c for c in text if not unicodedata.combining(c)).replace("’", "'").lower()


def norm(text: str) -> str:
    """A name folded for matching: no case, accents, hyphens or repeated spaces."""
    return re.sub(r"[-_\s]+", " ", _unaccent(text)).strip()


def norm_role(text: str) -> str:
    """Like :func:`norm` but keeps hyphens: "vice-président" is not "président"."""
    return re.sub(r"\s+", " ", _unaccent(text)).strip()


def number_of(value: Any) -> int | float | None:
    """A number from a literal or gold value: ``1900000``, ``3148.0``, ``"1,9 million"``."""
    text = str(value).strip().lower()
    factor = 1
    if (words := text.split()) and words[-1] in _MULTIPLIERS:
        factor, text = _MULTIPLIERS[words[-1]], " ".join(words[:-1])
    try:
        number = float(text.replace(",", ".")) * factor
    except ValueError:
        return None
    return int(number) if number.is_integer() else number


def year_of(value: Any) -> str | None:
    """The year of a date or year literal (``"1836"``, ``"1836-01-01"``)."""
    m = re.match(r"^-?(\d{4})", str(value))
    return m.group(1) if m else None


def _closure(graphs: tuple[Graph, ...], cls: URIRef) -> set[Node]:
    """``cls`` and its subclasses and equivalent classes, over all ``graphs``."""
    out: set[Node] = {cls}
    todo: list[Node] = [cls]
    while todo:
        c = todo.pop()
        for g in graphs:
            near = [*g.subjects(RDFS.subClassOf, c), *g.objects(c, OWL.equivalentClass),
                    *g.subjects(OWL.equivalentClass, c)]
            for other in near:
                if other not in out and isinstance(other, URIRef):
                    out.add(other)
                    todo.append(other)
    return out


class Index:
    """The graph's nodes by type and by name, and the gold entities they match."""

    def __init__(self, graph: Graph, ontology: Graph, gold: Gold) -> None:
        self.graph, self.gold = graph, gold
        graphs = (ontology, graph)
        typed = {t: _closure(graphs, c) for t, c in TYPE_CLASS.items()}
        typed |= {"Role": _closure(graphs, ORG.Role), "Post": _closure(graphs, ORG.Post)}
        self.members = {t: {s for c in cs for s in graph.subjects(RDF.type, c)}
                        for t, cs in typed.items()}
        self.labels: dict[Node, set[str]] = defaultdict(set)
        self.shown: dict[Node, str] = {}
        for prop in _LABELS:
            for s, o in graph.subject_objects(prop):
                self.labels[s].add(norm(str(o)))
                self.shown[s] = min(self.shown.get(s, str(o)), str(o))
        self.by_name: dict[str, set[Node]] = defaultdict(set)
        for n, ls in self.labels.items():
            for name in ls:
                self.by_name[name].add(n)
        self.tolerated = {norm(t) for t in gold.tolerated}
        self.spatial_of: dict[Node, set[Node]] = defaultdict(set)
        for authority, territory in graph.subject_objects(DCTERMS.spatial):
            self.spatial_of[territory].add(authority)
        self.match = {eid: self._matches(e.type, {norm(n) for n in e.names})
                      for eid, e in gold.entities.items()}
        self.node_to_gold: dict[Node, set[str]] = defaultdict(set)
        for eid, nodes in self.match.items():
            for n in nodes:
                self.node_to_gold[n].add(eid)

    def _matches(self, etype: str, names: set[str]) -> set[Node]:
        named = set().union(*(self.by_name.get(name, set()) for name in names))
        typed = named & self.members[etype]
        if etype == "Organization":  # a public authority is an organisation too
            typed |= named & self.members["PublicAuthority"]
        return typed

    def predicate(self, name: str) -> URIRef:
        return _PREDICATES[name]

    def ids(self, node: Node) -> set[str]:
        """The gold ids of a node; ``~tolerated``; or ``?label`` for a node not in the gold."""
        if node in self.node_to_gold:
            return self.node_to_gold[node]
        if self.labels.get(node, set()) & self.tolerated:
            return {"~tolerated"}
        return {"?" + min(self.labels.get(node) or {str(node)})}

    def owners(self, node: Node) -> set[str]:
        """Whose figure a value on ``node`` is: an authority's, when it is its territory."""
        if node in self.spatial_of:
            return set().union(*(self.ids(a) for a in self.spatial_of[node]))
        return self.ids(node)

    def status(self, node: Node) -> str:
        return _STATUS.get(node, str(node))  # type: ignore[call-overload]

    def role_names(self, post: Node) -> set[str]:
        """The folded labels of a post's roles and of the post itself."""
        nodes = [*self.graph.objects(post, ORG.role), post]
        return {norm_role(str(o)) for n in nodes for p in _LABELS for o in self.graph.objects(n, p)}

    def _is_extra(self, etype: str, node: Node) -> bool:
        ls = self.labels.get(node, set())
        if node in self.node_to_gold or node in self.spatial_of or ls & self.tolerated:
            return False
        if node in self.members["Role"] or node in self.members["Post"]:
            return False
        other = {"Place": "PublicAuthority", "PublicAuthority": "Place"}.get(etype)
        return not (other and ls & self._names_of(other))

    def _names_of(self, etype: str) -> set[str]:
        return {norm(n) for e in self.gold.entities.values() if e.type == etype for n in e.names}

    def entity_scores(self) -> tuple[dict[str, Score], list[str], list[str]]:
        """Per type: the score, the gold entities missed and the extra nodes."""
        scores: dict[str, Score] = {}
        missed: list[str] = []
        extra: list[str] = []
        for etype in TYPE_CLASS:
            ids = [eid for eid, e in self.gold.entities.items() if e.type == etype]
            found = [eid for eid in ids if self.match[eid]]
            extras: list[str] = []
            if etype in PRECISION_TYPES:
                pool = self.members[etype]
                if etype == "Organization":
                    pool = pool - self.members["PublicAuthority"]
                extras = sorted(f"{etype}: {self.shown.get(n, str(n))}" for n in pool
                                if self._is_extra(etype, n))
            scores[etype] = Score(len(found), len(extras), len(ids) - len(found))
            missed += [f"{etype}: {self.gold.entities[e].label}" for e in ids if e not in found]
            extra += extras
        return scores, missed, extra

    def duplicates(self) -> dict[str, tuple[str, ...]]:
        """Gold labels matched by two nodes or more, with those nodes."""
        return {self.gold.entities[eid].label: tuple(sorted(str(n) for n in nodes))
                for eid, nodes in self.match.items() if len(nodes) > 1}
