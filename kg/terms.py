"""RDF terms both ways between rdflib (the API users see) and pyoxigraph (the engine).

kg builds its graph from pyoxigraph terms and gives rdflib terms to users. A
typed literal keeps the lexical form rdflib gives it (``"012"`` as an integer
is ``"12"``, ``"0.60"`` as a decimal stays ``"0.60"``), whichever library made
it, so the files are the same whichever path wrote them.

Example:
    >>> from rdflib import Literal, URIRef
    >>> str(ox_literal("012", datatype=URIRef("http://www.w3.org/2001/XMLSchema#integer")))
    '"12"^^<http://www.w3.org/2001/XMLSchema#integer>'
    >>> rdflib_term(ox_term(Literal("Marseille", lang="fr")))
    rdflib.term.Literal('Marseille', lang='fr')
"""

from __future__ import annotations

from functools import lru_cache

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from kg.errors import ExportError

__all__ = ["ox_term", "rdflib_term", "ox_iri", "ox_literal", "ox_integer"]

_XSD = "http://www.w3.org/2001/XMLSchema#"
_XSD_STRING = URIRef(_XSD + "string")
_OX_XSD_STRING = ox.NamedNode(_XSD + "string")
_OX_XSD_INTEGER = ox.NamedNode(_XSD + "integer")


def ox_term(t: Node) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    """An rdflib term as a pyoxigraph term (the literal's exact lexical form kept)."""
    if isinstance(t, URIRef):
        return ox.NamedNode(str(t))
    if isinstance(t, BNode):
        return ox.BlankNode(str(t))
    if isinstance(t, Literal):
        if t.language:
            return ox.Literal(str(t), language=t.language)
        if t.datatype:
            return ox.Literal(str(t), datatype=ox.NamedNode(str(t.datatype)))
        return ox.Literal(str(t))
    raise ExportError(f"cannot export RDF term {t!r}")


def rdflib_term(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
    """A pyoxigraph term for rdflib; a plain string stays plain, as a parsed file gives it
    (``oxrdflib`` would add ``^^xsd:string``, which rdflib takes for another term)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype == _OX_XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    from oxrdflib._converter import from_ox  # an RDF-star triple term
    return from_ox(term)


@lru_cache(maxsize=4096)
def ox_iri(iri: URIRef | str) -> ox.NamedNode:
    """An IRI (an rdflib namespace term, a fact's predicate) as a pyoxigraph term, made
    once per IRI."""
    return ox.NamedNode(str(iri))


def ox_literal(value: str, lang: str | None = None,
               datatype: URIRef | None = None) -> ox.Literal:
    """A pyoxigraph literal: language-tagged, typed (in rdflib's lexical form: ``"012"``
    and ``"١٢"`` as integers are ``"12"``, the same triple as ``"12"``) or plain."""
    if lang:
        return ox.Literal(value, language=lang)
    if datatype is not None and datatype != _XSD_STRING:
        return ox.Literal(str(Literal(value, datatype=datatype)), datatype=ox_iri(datatype))
    return ox.Literal(value)


@lru_cache(maxsize=65536)
def ox_integer(n: int) -> ox.Literal:
    """``n`` as an ``xsd:integer`` literal, made once per number."""
    return ox.Literal(str(n), datatype=_OX_XSD_INTEGER)
