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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, cast

import pyoxigraph as ox
from oxrdflib._converter import from_ox
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from kg.namespaces import COOP, DCTERMS, ITSRDF, NIF, OWL, PROV, RDF, RDFS, SKOS
from kg.viz.vocab import GROUPS, PREDICATE_FR

__all__ = ["MAX_TEXT", "Index", "index_graph", "text", "label"]

MAX_TEXT = 1500  # characters of a literal kept in the page (a document's whole text is cut)

# NIF and ITSRDF are open namespaces, whose every attribute access makes a new URIRef: made once
NIF_ANCHOR, NIF_SENTENCE, NIF_CONTEXT = NIF.anchorOf, NIF.sentence, NIF.referenceContext
ITS_REF = ITSRDF.taIdentRef

_LABELS = (RDFS.label, SKOS.prefLabel, DCTERMS.title, NIF_ANCHOR)
# the terms the viewer looks up: the graph's equal terms become these very objects
_KNOWN = frozenset({*_LABELS, *PREDICATE_FR, *(c for g in GROUPS for c in g.classes),
                    RDF.type, RDF.subject, RDF.predicate, RDF.object, OWL.sameAs,
                    RDFS.subClassOf, DCTERMS.source, NIF_SENTENCE, NIF_CONTEXT, ITS_REF,
                    PROV.wasDerivedFrom, COOP.hasContext, COOP.rule, COOP.Evidence})


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


def _dense_rank(terms: list[Node], key: Callable[[Node], str]) -> dict[int, int]:
    """``id(term)`` -> its place in the order of ``key`` (equal keys, equal places)."""
    keys = [key(t) for t in terms]
    ranks: dict[int, int] = {}
    rank, last = -1, None
    for i in sorted(range(len(terms)), key=keys.__getitem__):
        if keys[i] != last:
            rank, last = rank + 1, keys[i]
        ranks[id(terms[i])] = rank
    return ranks


def _interned(triples: Iterable[tuple[Any, Any, Any]],
              convert: Callable[[Any], Node]) -> list[tuple[Node, Node, Node]]:
    """Each distinct triple once, made of one rdflib object per RDF term.

    Each term is converted once; equal terms become one object (kg's vocabulary
    constants where they apply), so later dictionary lookups stop at identity
    instead of calling rdflib's ``__eq__``, and a triple is told apart by its ids.
    """
    canon: dict[Node, Node] = {t: t for t in _KNOWN}
    memo: dict[Any, Node] = {}
    get = memo.get
    found: dict[tuple[int, int, int], tuple[Node, Node, Node]] = {}
    for s, p, o in triples:
        rs, rp, ro = get(s), get(p), get(o)
        if rs is None:
            rs = memo[s] = canon.setdefault(term := convert(s), term)
        if rp is None:
            rp = memo[p] = canon.setdefault(term := convert(p), term)
        if ro is None:
            ro = memo[o] = canon.setdefault(term := convert(o), term)
        found[(id(rs), id(rp), id(ro))] = (rs, rp, ro)
    return list(found.values())


def _triples(graph: Graph | Dataset | ox.Store) -> list[tuple[Node, Node, Node]]:
    """Every triple once, in a fixed order, so the page is the same on every run.

    The order is by ``str`` of subject and predicate, then ``n3()`` of the object,
    each computed once per distinct term rather than once per triple.
    """
    if isinstance(graph, ox.Store | list | tuple):   # kg build's store or quads: no rdflib
        found = _interned(((q.subject, q.predicate, q.object) for q in graph),
                          cast(Callable[[Any], Node], from_ox))   # never None: a quad's terms
    elif isinstance(graph, Dataset):
        found = _interned(((s, p, o) for s, p, o, _ in graph.quads((None, None, None, None))),
                          lambda t: t)
    else:
        found = _interned(graph.triples((None, None, None)), lambda t: t)
    by_str = _dense_rank(list({id(t): t for triple in found for t in triple[:2]}.values()), str)
    by_n3 = _dense_rank(list({id(t[2]): t[2] for t in found}.values()), lambda t: t.n3())
    return sorted(found, key=lambda t: (by_str[id(t[0])], by_str[id(t[1])], by_n3[id(t[2])]))


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
    last_s = last_p = values = preds = None
    for s, p, o in _triples(graph):   # sorted: runs of one subject, then of one predicate
        if s is not last_s:
            preds, last_s, last_p = idx.out[s], s, None
        if p is not last_p:
            values, last_p = preds[p], p  # type: ignore[index]  # p is a URIRef in RDF
        values.append(o)  # type: ignore[union-attr]
        if not isinstance(o, Literal):
            idx.inv[o][p].append(s)  # type: ignore[index]
    for preds in idx.out.values():
        for values in preds.values():
            if len(values) > 1:
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
    preds = idx.out.get(node)
    if preds:
        for pred in _LABELS:
            values = preds.get(pred)
            if values and isinstance(values[0], Literal):
                return text(values[0], 120)
    local = re.split(r"[/#]", str(node).rstrip("/#"))[-1]
    return local or str(node)
