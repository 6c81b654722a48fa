"""The graph read once: every triple indexed by subject and by object, and short texts of terms.

A dataset is read as the union of its named graphs (a triple in two graphs counts once).
Values are sorted (French literals first) so that every later choice is deterministic.

Example:
    >>> from rdflib import Graph, Literal, URIRef
    >>> from kg.namespaces import RDFS
    >>> g = Graph()
    >>> _ = g.add((URIRef("http://example.org/a"), RDFS.label, Literal("A")))
    >>> label(index_graph(g), URIRef("http://example.org/a"))
    'A'
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox
from oxrdflib._converter import from_ox
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from kg.namespaces import DCTERMS, NIF, RDFS, SKOS

__all__ = ["MAX_TEXT", "Index", "index_graph", "text", "label"]

MAX_TEXT = 1500  # characters of a literal kept in the page (a document's whole text is cut)

_LABELS = (RDFS.label, SKOS.prefLabel, DCTERMS.title, NIF.anchorOf)


@dataclass
class Index:
    """Every triple once, by subject (``out``) and by object (``inv``)."""

    out: dict[Node, dict[URIRef, list[Node]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(list)))
    inv: dict[Node, dict[URIRef, list[Node]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(list)))

    def one(self, node: Node, pred: URIRef) -> Node | None:
        """The first value of ``pred`` on ``node`` (in sorted order), or None."""
        values = self.out.get(node, {}).get(pred)
        return values[0] if values else None


def _triples(graph: Graph | Dataset | ox.Store) -> list[tuple[Node, Node, Node]]:
    """Every triple once, in a fixed order, so the page is the same on every run."""
    if isinstance(graph, ox.Store):     # kg build's own store: no rdflib layer in between
        found = {(from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)) for q in graph}
    elif isinstance(graph, Dataset):
        found = {(s, p, o) for s, p, o, _ in graph.quads((None, None, None, None))}
    else:
        found = set(graph.triples((None, None, None)))
    return sorted(found, key=lambda t: (str(t[0]), str(t[1]), t[2].n3()))


def _sort_key(term: Node) -> tuple[int, str]:
    if isinstance(term, Literal):
        return (0 if term.language == "fr" else 1 if term.language is None else 2, str(term))
    return (0, str(term))


def index_graph(graph: Graph | Dataset) -> Index:
    """Index every triple of ``graph`` (a dataset as the union of its graphs).

    Example:
        >>> len(index_graph(Graph()).out)
        0
    """
    idx = Index()
    for s, p, o in _triples(graph):
        idx.out[s][p].append(o)  # type: ignore[index]  # p is a URIRef in RDF
        if not isinstance(o, Literal):
            idx.inv[o][p].append(s)  # type: ignore[index]
    for preds in idx.out.values():
        for values in preds.values():
            values.sort(key=_sort_key)
    return idx


def text(term: Node, limit: int = MAX_TEXT) -> str:
    """``term`` as text, cut to ``limit`` characters with an ellipsis.

    Example:
        >>> text(Literal("abcdef"), 4)
        'abc…'
    """
    value = str(term)
    return value if len(value) <= limit else value[: limit - 1] + "…"


def label(idx: Index, node: Node) -> str:
    """The name shown for ``node``: its first label-like literal, else its IRI's local name.

    Example:
        >>> label(Index(), URIRef("http://example.org/x/y"))
        'y'
    """
    for pred in _LABELS:
        value = idx.one(node, pred)
        if isinstance(value, Literal):
            return text(value, 120)
    local = re.split(r"[/#]", str(node).rstrip("/#"))[-1]
    return local or str(node)
