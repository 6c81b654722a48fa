"""The SHACL shapes in words, French and English, as HTML fragments.

Each node shape becomes a :class:`ShapeDoc`: what it targets ("les objets de
coop:party" / "the objects of coop:party"), the constraints on the target
nodes themselves, and one line per property shape ("coop:party : au moins 2
valeurs"). Constraints kg has no words for are shown as ``sh:name value`` so
nothing is left out. Every piece of text is HTML-escaped; terms are drawn by
the ``link`` function given (a link to their anchor or their IRI).

Example:
    >>> from kg.config import ontology_dir
    >>> from kg.ontodoc_model import read_ontology
    >>> docs = describe_shapes(read_ontology(ontology_dir()), lambda n: str(n).split("#")[-1])
    >>> party = next(d for d in docs if d.anchor == "shape-AgreementPartiesShape")
    >>> party.properties[0][1:3]
    ('au moins 2 valeurs', 'at least 2 values')
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from kg.namespaces import RDF, RDFS, SH
from kg.ontodoc_model import Ontology, text

__all__ = ["ShapeDoc", "describe_shapes"]

Pair = tuple[str, str]
Link = Callable[[Node], str]

#: constraint -> (French, English) with {v} for the value
_WORDS: dict[Node, Pair] = {
    SH.minCount: ("au moins {v} valeur{s}", "at least {v} value{s}"),
    SH.maxCount: ("au plus {v} valeur{s}", "at most {v} value{s}"),
    SH.datatype: ("de type {v}", "of datatype {v}"),
    SH["class"]: ("instance de {v}", "an instance of {v}"),
    SH.nodeKind: ("{v}", "{v}"),
    SH["in"]: ("parmi {v}", "one of {v}"),
    SH.hasValue: ("doit contenir {v}", "must include {v}"),
    SH.pattern: ("conforme à l'expression {v}", "matching the pattern {v}"),
    SH.minInclusive: ("valeur ≥ {v}", "value ≥ {v}"),
    SH.maxInclusive: ("valeur ≤ {v}", "value ≤ {v}"),
    SH.minExclusive: ("valeur &gt; {v}", "value &gt; {v}"),
    SH.maxExclusive: ("valeur &lt; {v}", "value &lt; {v}"),
    SH.minLength: ("au moins {v} caractères", "at least {v} characters"),
    SH.maxLength: ("au plus {v} caractères", "at most {v} characters"),
    SH.languageIn: ("en langue {v}", "in language {v}"),
    SH.lessThan: ("inférieure à la valeur de {v}", "less than the value of {v}"),
    SH.equals: ("égale à la valeur de {v}", "equal to the value of {v}"),
}
_KINDS: dict[Node, Pair] = {
    SH.IRI: ("une IRI", "an IRI"), SH.Literal: ("un littéral", "a literal"),
    SH.BlankNode: ("un nœud anonyme", "a blank node"),
    SH.BlankNodeOrIRI: ("une IRI ou un nœud anonyme", "an IRI or a blank node"),
}
_TARGETS: dict[Node, Pair] = {
    SH.targetClass: ("les instances de {v}", "the instances of {v}"),
    SH.targetObjectsOf: ("les objets de {v}", "the objects of {v}"),
    SH.targetSubjectsOf: ("les sujets de {v}", "the subjects of {v}"),
    SH.targetNode: ("le nœud {v}", "the node {v}"),
}
#: the order constraints are told in: counts, kinds of value, then bounds
_ORDER: list[Node] = [
    SH.minCount, SH.maxCount, SH["class"], SH.datatype, SH.nodeKind, SH["in"], SH.hasValue,
    SH["or"], SH.qualifiedValueShape, SH.languageIn, SH.uniqueLang, SH.pattern, SH.minLength,
    SH.maxLength, SH.minInclusive, SH.minExclusive, SH.maxInclusive, SH.maxExclusive,
    SH.lessThan, SH.equals]
_SKIP = {SH.message, SH.path, SH.property, SH.target, SH.declare, SH.prefixes, SH.select,
         SH.name, SH.description, SH.severity, SH.qualifiedMinCount, SH.qualifiedMaxCount,
         RDF.type, RDFS.label, RDFS.comment, *_TARGETS}


@dataclass(frozen=True)
class ShapeDoc:
    """One node shape in words; every string but ``label``/``comment``/``sparql`` is HTML."""

    iri: URIRef
    anchor: str
    label: Pair
    comment: Pair
    message: Pair
    targets: tuple[Pair, ...]
    node_rules: tuple[Pair, ...]
    properties: tuple[tuple[str, str, str, str, str], ...]  # path, fr, en, message fr, en
    sparql: tuple[str, ...]
    uses: frozenset[URIRef]


def _items(graph: Graph, node: Node) -> list[Node]:
    return list(Collection(graph, node)) if isinstance(node, BNode) else [node]


def _value(graph: Graph, node: Node, link: Link) -> Pair:
    if isinstance(node, Literal):
        number = isinstance(node.value, int | float | Decimal) and not isinstance(node.value, bool)
        shown = escape(str(node)) if number else f"<code>{escape(str(node))}</code>"
        return shown, shown
    if node in _KINDS:
        return _KINDS[node]
    if isinstance(node, BNode) and graph.value(node, RDF.first) is None:
        rules = _rules(graph, node, link)
        return ("(" + " ; ".join(r[0] for r in rules) + ")",
                "(" + "; ".join(r[1] for r in rules) + ")")
    return link(node), link(node)


def _joined(graph: Graph, node: Node, link: Link, sep: Pair = (", ", ", ")) -> Pair:
    values = [_value(graph, item, link) for item in _items(graph, node)]
    return sep[0].join(v[0] for v in values), sep[1].join(v[1] for v in values)


def _count(graph: Graph, node: Node, prop: URIRef) -> int | None:
    value = graph.value(node, prop)
    return int(str(value)) if value is not None else None


def _rules(graph: Graph, node: Node, link: Link) -> list[Pair]:
    """The constraints of one shape node (not its targets nor property shapes), in words."""
    out: list[Pair] = []
    low, high = _count(graph, node, SH.minCount), _count(graph, node, SH.maxCount)
    if low is not None and low == high:
        out.append((f"exactement {low} valeur{'s' if low > 1 else ''}",
                    f"exactly {low} value{'s' if low > 1 else ''}"))
    if high == 0:
        out.append(("aucune valeur", "no value"))
    told = sorted(graph.predicate_objects(node),
                  key=lambda po: (_ORDER.index(po[0]) if po[0] in _ORDER else len(_ORDER),
                                  str(po[0]), "" if isinstance(po[1], BNode) else str(po[1])))
    for pred, obj in told:
        if pred in _SKIP or (pred in (SH.minCount, SH.maxCount) and low == high) \
                or (pred == SH.maxCount and high == 0):
            continue
        if pred in _WORDS:
            v = _joined(graph, obj, link)
            s = "s" if str(obj).isdigit() and int(str(obj)) > 1 else ""
            out.append((_WORDS[pred][0].format(v=v[0], s=s), _WORDS[pred][1].format(v=v[1], s=s)))
        elif pred == SH.uniqueLang and obj == Literal(True):
            out.append(("une seule par langue", "one per language at most"))
        elif pred == SH["or"]:
            v = _joined(graph, obj, link, (" ou ", " or "))
            out.append((f"l'un de : {v[0]}", f"either {v[1]}"))
        elif pred == SH.qualifiedValueShape:
            n = _count(graph, node, SH.qualifiedMinCount) or 0
            v, s = _value(graph, obj, link), "s" if n > 1 else ""
            out.append((f"au moins {n} valeur{s} {v[0]}", f"at least {n} value{s} {v[1]}"))
        else:
            v = _joined(graph, obj, link)
            out.append((f"{link(pred)} {v[0]}", f"{link(pred)} {v[1]}"))
    return out


def _reachable(graph: Graph, node: Node) -> set[URIRef]:
    seen, todo, found = {node}, [node], set()
    while todo:
        for pred, obj in graph.predicate_objects(todo.pop()):
            if isinstance(obj, URIRef) and pred != RDF.type:
                found.add(obj)
            if (isinstance(obj, BNode) or pred in (SH.property, SH.target)) and obj not in seen:
                seen.add(obj)
                todo.append(obj)
    return found


def _pair(graph: Graph, node: Node, prop: URIRef) -> Pair:
    return text(graph, node, prop, "fr"), text(graph, node, prop, "en")


def describe_shapes(onto: Ontology, link: Link) -> list[ShapeDoc]:
    """Every node shape of ``onto.shapes``, sorted by CURIE (anchors ``shape-<name>``)."""
    graph, docs = onto.shapes, []
    for shape in onto.node_shapes:
        targets = [(_TARGETS[p][0].format(v=link(o)), _TARGETS[p][1].format(v=link(o)))
                   for p, o in sorted(graph.predicate_objects(shape)) if p in _TARGETS]
        sparql = tuple(str(graph.value(t, SH.select)) for t in graph.objects(shape, SH.target))
        if sparql:
            targets.append(("les nœuds choisis par la requête SPARQL ci-dessous",
                            "the nodes selected by the SPARQL query below"))
        properties: list[tuple[str, str, str, str, str]] = []
        for path, prop in sorted(((graph.value(p, SH.path), p) for p in
                                  graph.objects(shape, SH.property)),
                                 key=lambda pp: (onto.sort_key(pp[0] or SH.path),
                                                 onto.sort_key(pp[1]))):
            words = _rules(graph, prop, link)
            message = _pair(graph, prop, SH.message)
            properties.append((link(path) if path is not None else "",
                               " ; ".join(w[0] for w in words), "; ".join(w[1] for w in words),
                               escape(message[0]), escape(message[1])))
        docs.append(ShapeDoc(
            shape, onto.anchors[shape], _pair(graph, shape, RDFS.label),
            _pair(graph, shape, RDFS.comment), _pair(graph, shape, SH.message),
            tuple(targets), tuple(_rules(graph, shape, link)), tuple(properties),
            tuple(sorted(s.strip() for s in sparql)), frozenset(_reachable(graph, shape))))
    return docs
