"""The minting half of :mod:`kg.graph`: each IRI and literal made once, triples gathered by graph.

An entity is named thousands of times in a large corpus, and its label is stated in
every graph that mentions it: :class:`Writer` makes each pyoxigraph term once
(converting a million rdflib triples afterwards took longer than making them) and
keeps the triples of each named graph in a :class:`Sink`, each once, in the order
they were first added. :mod:`kg.graph` says which triples; this module says how
IRIs are minted from keys below the base.

Example:
    >>> w = Writer("https://example.org/id/")
    >>> w.iri("person/jean-dupont") is w.iri("person/jean-dupont")
    True
    >>> w.doc("press/a b.txt").value.startswith("https://example.org/id/document/press-a-b-txt-")
    True
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

import pyoxigraph as ox
from rdflib import Dataset, Literal, URIRef
from rdflib.term import Node

from kg.errors import GraphError
from kg.model import Value
from kg.namespaces import bind_prefixes
from kg.terms import ox_iri, ox_literal, rdflib_term

__all__ = ["Writer", "Sink", "Term", "digest"]

Term = ox.NamedNode | ox.Literal


def digest(*parts: object) -> str:
    """16 hex digits of SHA-1 over ``parts``: the stable local name of a node made of them."""
    return hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]


_KEY = re.compile(r"[A-Za-z0-9_.~-]+(?:/[A-Za-z0-9_.~-]+)*")


def _safe_key(key: str) -> bool:
    """ASCII path segments below the base, none of them ``.`` or ``..``."""
    return bool(_KEY.fullmatch(key)) and not {".", ".."} & set(key.split("/"))


class Sink:
    """The triples of one graph, each once, in the order first added (rdflib adds are
    slow and a sentence or an entity is stated many times: they go in once, at the end)."""

    def __init__(self) -> None:
        self.triples: dict[tuple[ox.NamedNode, ox.NamedNode, Term], None] = {}
        self.done: set[object] = set()    # sentences and entities already stated here

    def add(self, triple: tuple[ox.NamedNode, ox.NamedNode, Term]) -> None:
        self.triples[triple] = None

    def first(self, what: object) -> bool:
        """True the first time ``what`` is stated in this graph (its triples are the same
        every time: a sentence is the evidence of several facts)."""
        if what in self.done:
            return False
        self.done.add(what)
        return True


class Writer:
    """Accumulates quads; keeps the minting of IRIs in one place."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.default = Sink()
        self.sinks: dict[ox.NamedNode, Sink] = {}
        self._iris: dict[str, ox.NamedNode] = {}
        self._spans: dict[tuple[str, int, int], ox.NamedNode] = {}
        self._docs: dict[str, ox.NamedNode] = {}
        self._literals: dict[tuple[str, str | None], ox.Literal] = {}
        self._n3: dict[object, str] = {}
        self._values: dict[Value, ox.Literal] = {}

    def dataset(self) -> Dataset:
        """The accumulated quads as an rdflib ``Dataset``."""
        ds: Dataset = bind_prefixes(Dataset(), self.base)  # type: ignore[assignment]
        terms: dict[Term, Node] = {}

        def rd(t: Term) -> Node:
            found = terms.get(t)
            if found is None:
                found = terms[t] = rdflib_term(t)
            return found

        g = ds.default_graph
        g.addN((rd(s), rd(p), rd(o), g) for s, p, o in self.default.triples)
        for name, sink in self.sinks.items():
            g = ds.graph(URIRef(name.value))
            g.addN((rd(s), rd(p), rd(o), g) for s, p, o in sink.triples)
        return ds

    def n3(self, value: str | Value) -> str:
        """A fact's object as rdflib writes it in N3 (``<iri>``, ``"12"^^<...#integer>``):
        part of an evidence node's digest and of a discrepancy's label, kept as it was."""
        found = self._n3.get(value)
        if found is None:
            term: Node
            if isinstance(value, Value):
                term = (Literal(value.lexical, lang=value.lang) if value.lang else
                        Literal(value.lexical, datatype=value.datatype))
            else:
                term = value if isinstance(value, URIRef) else URIRef(self.base + value)
            found = self._n3[value] = term.n3()
        return found

    def iri(self, key: str) -> ox.NamedNode:
        """The IRI of ``key``, one object per key (an entity is named thousands of times)."""
        found = self._iris.get(key)
        if found is None:
            if not _safe_key(key):
                raise GraphError(f"cannot mint an IRI from the key {key!r}",
                                 hint="keys are slugs (kg.extract.text.slug) joined by '/'")
            found = self._iris[key] = ox.NamedNode(self.base + key)
        return found

    def doc(self, doc_id: str) -> ox.NamedNode:
        """``document/<id>``; an id unsafe in an IRI (``a#b``, ``..``) as its ASCII words
        and a hash."""
        found = self._docs.get(doc_id)
        if found is None:
            safe = doc_id
            if "/" in doc_id or not _safe_key(doc_id):
                ascii_id = unicodedata.normalize("NFKD", doc_id).encode("ascii",
                                                                         "ignore").decode()
                words = "-".join(re.findall(r"[A-Za-z0-9_]+", ascii_id))[:60]
                safe = f"{words or 'x'}-{digest(doc_id)}"
            found = self._docs[doc_id] = self.iri(f"document/{safe}")
        return found

    def text(self, value: str, lang: str | None) -> ox.Literal:
        """A language-tagged (or plain) literal, one object per value: an entity's label is
        stated in every graph that mentions it."""
        key = (value, lang)
        found = self._literals.get(key)
        if found is None:
            found = self._literals[key] = ox_literal(value, lang)
        return found

    def span(self, doc_id: str, start: int, end: int) -> ox.NamedNode:
        key = (doc_id, start, end)
        found = self._spans.get(key)
        if found is None:
            found = self._spans[key] = ox.NamedNode(f"{self.doc(doc_id).value}#char={start},"
                                                    f"{end}")
        return found

    def graph(self, doc_id: str) -> Sink:
        name = self.doc(doc_id)
        sink = self.sinks.get(name)
        if sink is None:
            sink = self.sinks[name] = Sink()
        return sink

    def obj(self, value: str | Value) -> Term:
        if isinstance(value, URIRef):       # an ontology individual (coop:Signed)
            return ox_iri(value)
        if isinstance(value, Value):
            found = self._values.get(value)
            if found is None:
                found = self._values[value] = ox_literal(value.lexical, value.lang, value.datatype)
            return found
        return self.iri(value)


