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

__all__ = ["MAX_TEXT", "Index", "index_graph", "known", "text", "label"]

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
_CANON: dict[Node, Node] = {t: t for t in _KNOWN}


def known(term: URIRef) -> URIRef:
    """The very object the index holds for ``term``, one of kg's vocabulary terms.

    An rdflib namespace makes a new URIRef at each attribute access, which a dict then
    tells equal by comparing strings; a constant taken from here is found by identity.

    Example:
        >>> known(RDF.type) is known(RDF.type)
        True
    """
    return _CANON[term]  # type: ignore[return-value]


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


def _dense_rank(numbers: Iterable[int], key: Callable[[int], str], size: int) -> list[int]:
    """Term number -> its place in the order of ``key`` (equal keys, equal places), for
    ``numbers``; a list of ``size`` places, 0 for the others."""
    ranks = [0] * size
    rank, last = -1, None
    for number, value in sorted(((n, key(n)) for n in numbers), key=lambda nv: nv[1]):
        if value != last:
            rank, last = rank + 1, value
        ranks[number] = rank
    return ranks


def _numbered(triples: Iterable[tuple[Any, Any, Any]], convert: Callable[[Any], Node]
              ) -> tuple[list[Node], list[tuple[int, int, int]]]:
    """Each distinct triple once, as the numbers of its terms, in the order first met;
    and the terms by number, one rdflib object per RDF term.

    Each term is converted once; equal terms become one object (kg's vocabulary
    constants where they apply), so later dictionary lookups stop at identity
    instead of calling rdflib's ``__eq__``; a triple is told apart by its numbers.
    """
    terms: list[Node] = list(_KNOWN)
    number: dict[Node, int] = {t: i for i, t in enumerate(terms)}   # rdflib term -> number
    memo: dict[Any, int] = {}                                      # term as read -> number
    get = memo.get

    def new(raw: Any) -> int:
        term = convert(raw)
        found = number.get(term)
        if found is None:
            found = number[term] = len(terms)
            terms.append(term)
        memo[raw] = found
        return found

    seen: dict[tuple[int, int, int], None] = {}
    for s, p, o in triples:
        a, b, c = get(s), get(p), get(o)
        seen[(new(s) if a is None else a, new(p) if b is None else b,
              new(o) if c is None else c)] = None
    return terms, list(seen)


def _triples(graph: Graph | Dataset | ox.Store) -> list[tuple[Node, Node, Node]]:
    """Every triple once, in a fixed order, so the page is the same on every run.

    The order is by ``str`` of subject and predicate, then ``n3()`` of the object,
    each computed once per distinct term rather than once per triple.
    """
    if isinstance(graph, ox.Store | list | tuple):   # kg build's store or quads: no rdflib
        terms, found = _numbered(((q.subject, q.predicate, q.object) for q in graph),
                                 cast(Callable[[Any], Node], from_ox))  # a quad's terms: no None
    elif isinstance(graph, Dataset):
        terms, found = _numbered(((s, p, o) for s, p, o, _ in
                                  graph.quads((None, None, None, None))), lambda t: t)
    else:
        terms, found = _numbered(graph.triples((None, None, None)), lambda t: t)
    size = len(terms)
    by_str = _dense_rank({n for t in found for n in t[:2]}, lambda n: str(terms[n]), size)
    by_n3 = _dense_rank({t[2] for t in found}, lambda n: terms[n].n3(), size)
    width = size + 1
    found.sort(key=lambda t: (by_str[t[0]] * width + by_str[t[1]]) * width + by_n3[t[2]])
    return [(terms[a], terms[b], terms[c]) for a, b, c in found]


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
