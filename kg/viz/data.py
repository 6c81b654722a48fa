"""What the side panel shows of a node or an edge: group, properties, and where it was read.

Provenance follows docs/graph-model.md: a node's mentions (``itsrdf:taIdentRef``) lead to
their NIF sentence and document; a fact's ``coop:Evidence`` (an RDF reification) leads to
its sentences (``prov:wasDerivedFrom``) and extraction rule (``coop:rule``). Each row is
``{"s": sentence, "d": document, "t": title}``, plus ``"r": rule`` for evidence.

Example:
    >>> from kg.viz.index import Index
    >>> len(evidence(Index()))
    0
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from rdflib import Literal, URIRef
from rdflib.term import Node

from kg.namespaces import COOP, DCTERMS, OWL, PREFIXES, PROV, RDF, RDFS
from kg.viz.index import ITS_REF, NIF_ANCHOR, NIF_CONTEXT, NIF_SENTENCE, Index, known, label, text
from kg.viz.vocab import GROUPS, PREDICATE_FR, Group, curie

__all__ = ["NOT_EDGES", "Row", "Fact", "evidence", "predicate_label", "node_attrs"]

NOT_EDGES = {RDF.type, OWL.sameAs, RDF.predicate}
_WIKIDATA = "http://www.wikidata.org/entity/"
_TYPE, _SAME_AS = known(RDF.type), known(OWL.sameAs)
_LINK_ROWS = NOT_EDGES - {RDF.type}
# a class -> the first group that lists it (the group of a node is the first matching any type)
_CLASS_GROUP: dict[Node, int] = {c: i for i, g in reversed(list(enumerate(GROUPS)))
                                 for c in g.classes}
# the terms read for every fact and sentence, as the index holds them (see known)
_HAS_CONTEXT, _SOURCE, _LABEL, _TITLE, _SUBCLASS = map(known, (
    COOP.hasContext, DCTERMS.source, RDFS.label, DCTERMS.title, RDFS.subClassOf))
_EVIDENCE, _RULE, _DERIVED = map(known, (COOP.Evidence, COOP.rule, PROV.wasDerivedFrom))
_REIFIED = tuple(map(known, (RDF.subject, RDF.predicate, RDF.object)))
_VOCABULARY = tuple(ns for prefix, ns in PREFIXES.items() if prefix != "wd")

Row = dict[str, Any]
Fact = tuple[Node, Node, Node]


# -- provenance: sentences and documents ---------------------------------------


def _document(idx: Index, context: Node | None) -> dict[str, str]:
    docs = idx.inv.get(context, {}).get(_HAS_CONTEXT, []) if context is not None else []
    if not docs:
        return {"d": "", "t": ""}
    doc = docs[0]
    name = idx.one(doc, _SOURCE) or idx.one(doc, _LABEL)
    title = idx.one(doc, _TITLE)
    return {"d": text(name) if name is not None else label(idx, doc),
            "t": text(title) if title is not None else ""}


def _sentence(idx: Index, sentence: Node) -> dict[str, str]:
    anchor = idx.one(sentence, NIF_ANCHOR)
    return {"s": text(anchor) if anchor is not None else "",
            **_document(idx, idx.one(sentence, NIF_CONTEXT))}


def _mentions(idx: Index, node: Node) -> list[dict[str, str]]:
    # each row once, in the order first met: a dict of rows, not `in` on a list (a city
    # that 5,000 documents mention made that quadratic)
    found: dict[tuple[tuple[str, str], ...], dict[str, str]] = {}
    for phrase in idx.inv.get(node, {}).get(ITS_REF, []):
        sentence = idx.one(phrase, NIF_SENTENCE) or phrase
        row = _sentence(idx, sentence)
        if not row["d"]:
            row.update(_document(idx, idx.one(phrase, NIF_CONTEXT)))
        found.setdefault(tuple(row.items()), row)
    return list(found.values())


def evidence(idx: Index) -> dict[Fact, list[dict[str, str]]]:
    """(subject, predicate, object) -> the sentences and rules that support it.

    Example:
        >>> len(evidence(Index()))
        0
    """
    by_fact: dict[Fact, dict[tuple[tuple[str, str], ...], dict[str, str]]] = defaultdict(dict)
    sentences: dict[Node, dict[str, str]] = {}  # a sentence supports many facts: read once
    rules: dict[Node, str] = {}
    for ev in idx.inv.get(_EVIDENCE, {}).get(_TYPE, []):
        s, p, o = (idx.one(ev, x) for x in _REIFIED)
        if s is None or p is None or o is None:
            continue
        rule = idx.one(ev, _RULE)
        if rule is not None and rule not in rules:
            rules[rule] = label(idx, rule)
        source = idx.one(ev, _SOURCE)
        for sentence in idx.out[ev].get(_DERIVED, []) or [ev]:
            if sentence not in sentences:
                sentences[sentence] = _sentence(idx, sentence)
            row = dict(sentences[sentence])
            if source is not None and not row["d"]:
                row.update(_document(idx, idx.one(source, _HAS_CONTEXT)))
            row["r"] = rules[rule] if rule is not None else ""
            by_fact[(s, p, o)].setdefault(tuple(row.items()), row)   # each row once, in order
    return {fact: list(rows.values()) for fact, rows in by_fact.items()}


# -- groups, names and properties --------------------------------------------------


def _superclass_group(idx: Index, cls: Node) -> Group:
    """The group of the nearest ``rdfs:subClassOf`` ancestor kg lists, else the last group."""
    found, seen, todo = GROUPS[-1], {cls}, [cls]
    while todo and found is GROUPS[-1]:
        for sup in idx.out.get(todo.pop(), {}).get(_SUBCLASS, []):
            hit = [g for g in GROUPS if sup in g.classes]
            if hit:
                found = hit[0]
            elif sup not in seen:
                seen.add(sup)
                todo.append(sup)
    return found


def _group(idx: Index, node: Node, types: set[Node], cache: dict[Node, Group]) -> Group:
    known = [_CLASS_GROUP[t] for t in types if t in _CLASS_GROUP]
    if known:
        return GROUPS[min(known)]
    for cls in types:  # a class kg does not list: climb rdfs:subClassOf when the ontology is loaded
        if cls not in cache:
            cache[cls] = _superclass_group(idx, cls)
        if cache[cls] is not GROUPS[-1]:
            return cache[cls]
    if isinstance(node, URIRef) and str(node).startswith(_VOCABULARY):
        return next(g for g in GROUPS if g.plumbing == "ontology")
    return GROUPS[-1]


def node_group(idx: Index, node: Node, cache: dict[Node, Group]) -> Group:
    """The viewer group of ``node`` (see :func:`node_attrs`), alone.

    Example:
        >>> node_group(Index(), URIRef("http://example.org/x"), {}).key
        'other'
    """
    return _group(idx, node, set(idx.out.get(node, {}).get(_TYPE, [])), cache)


def predicate_label(idx: Index, pred: Node) -> str:
    """The short French name of ``pred``: kg's, the graph's ``rdfs:label``, or its local name.

    Example:
        >>> predicate_label(Index(), COOP.party)
        'partie'
    """
    if pred in PREDICATE_FR:
        return PREDICATE_FR[pred]  # type: ignore[index]
    name = idx.one(pred, _LABEL)
    return str(name) if name is not None else label(idx, pred)


def _href(term: Node) -> str:
    value = str(term)
    return value if isinstance(term, URIRef) and value.startswith(("http://", "https://")) else ""


def _props(idx: Index, node: Node, facts: dict[Any, list[dict[str, str]]]) -> list[Row]:
    rows: list[dict[str, Any]] = []
    for pred, values in idx.out.get(node, {}).items():
        name = iri = ""  # the predicate's names, computed once for all its values
        link = pred in _LINK_ROWS
        for value in values:
            if isinstance(value, Literal):
                if not iri:
                    name, iri = predicate_label(idx, pred), curie(str(pred))
                language, datatype = value.language, value.datatype
                kind = language or (curie(str(datatype)) if datatype else "")
                rows.append({"p": name, "i": iri, "predicate": str(pred), "v": text(value),
                             "d": kind, "ev": facts.get((node, pred, value), [])})
            elif link:
                if not iri:
                    name, iri = predicate_label(idx, pred), curie(str(pred))
                rows.append({"p": name, "i": iri, "predicate": str(pred),
                             "v": curie(str(value)), "d": "", "href": _href(value), "ev": []})
    rows.sort(key=lambda r: (r["i"] not in ("rdfs:label", "skos:altLabel"), r["p"], r["v"]))
    return rows


def node_attrs(idx: Index, node: Node, facts: dict[Any, Any],
               cache: dict[Node, Group]) -> dict[str, Any]:
    """Everything the page knows of ``node``: IRI, link, label, group, types, panel rows.

    ``facts`` is :func:`evidence` of ``idx``; ``cache`` maps classes kg does not list to
    their group, shared across the nodes of one graph.

    Example:
        >>> node_attrs(Index(), URIRef("http://example.org/x"), {}, {})["group"]
        'other'
    """
    preds = idx.out.get(node, {})
    types = set(preds.get(_TYPE, []))
    group = _group(idx, node, types, cache)
    same = [str(o) for o in preds.get(_SAME_AS, [])]
    return {
        "iri": str(node) if isinstance(node, URIRef) else f"_:{node}",
        "href": _href(node),
        "label": label(idx, node),
        "group": group.key,
        "plumbing": group.plumbing,
        "types": sorted(curie(str(t)) for t in types),
        "props": _props(idx, node, facts),
        "wikidata": [s for s in same if s.startswith(_WIKIDATA)],
        "mentions": _mentions(idx, node),
    }
