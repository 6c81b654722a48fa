"""The diagram of the main classes: which classes and links, their layout, a Mermaid source.

The classes shown are the ontology's own, plus the reused ones that are the
domain or range of one of its object properties or the direct superclass of at
least two of its classes (:func:`main_classes`). Each class hangs under its
nearest shown superclass, so the hierarchy is a set of indented trees (the
subclass links dashed); the trees fill columns, most connected first; the
object properties are arrows from domain to range with their name on them
(:mod:`kg.ontodoc_svg` draws them). Boxes never overlap and the layout has no
randomness: the same ontology gives the same bytes.

Example:
    >>> from kg.config import ontology_dir
    >>> from kg.ontodoc_model import read_ontology
    >>> onto = read_ontology(ontology_dir())
    >>> boxes, column_of = layout(onto, class_edges(onto))
    >>> len(boxes) == len(main_classes(onto)), boxes[URIRef(onto.own + "Agreement")][3]
    (True, 24.0)
"""

from __future__ import annotations

import math
from collections import defaultdict

from rdflib import BNode, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from kg.namespaces import OWL, RDFS
from kg.ontodoc_model import Ontology

__all__ = ["Box", "Edge", "main_classes", "class_edges", "layout", "text_width",
           "diagram_mermaid"]

BOX_H, PITCH, INDENT, PAD, COL_GAP, MARGIN, TOP = 24, 34, 22, 9, 190, 24, 110
Box = tuple[float, float, float, float]  # x, y, width, height
Edge = tuple[URIRef, URIRef, str]  # from, to, label ('' for a subclass link)


def _members(onto: Ontology, node: Node | None) -> list[URIRef]:
    if isinstance(node, BNode):
        union = onto.graph.value(node, OWL.unionOf)
        return [m for m in Collection(onto.graph, union) if isinstance(m, URIRef)] if union else []
    return [node] if isinstance(node, URIRef) else []


def main_classes(onto: Ontology) -> list[URIRef]:
    """The classes the diagram draws, sorted by CURIE."""
    shown = set(onto.terms("class"))
    for prop in onto.terms("object"):
        for key in (RDFS.domain, RDFS.range):
            shown.update(m for v in onto.graph.objects(prop, key) for m in _members(onto, v))
    supers: dict[URIRef, int] = defaultdict(int)
    for cls in onto.terms("class"):
        for sup in set(onto.graph.objects(cls, RDFS.subClassOf)):
            if isinstance(sup, URIRef):
                supers[sup] += 1
    shown.update(s for s, n in supers.items() if n >= 2)
    return sorted(shown, key=onto.sort_key)


def _parents(onto: Ontology, cls: URIRef, shown: set[URIRef]) -> list[URIRef]:
    found: set[URIRef] = set()
    todo, seen = [cls], {cls}
    while todo:
        for sup in onto.graph.objects(todo.pop(), RDFS.subClassOf):
            if isinstance(sup, URIRef) and sup not in seen:
                seen.add(sup)
                (found.add if sup in shown else todo.append)(sup)
    above = {a for p in found for a in _ancestors(onto, p)}
    return sorted(found - above, key=onto.sort_key)


def _ancestors(onto: Ontology, cls: URIRef) -> set[URIRef]:
    return {a for a in onto.graph.transitive_objects(cls, RDFS.subClassOf)
            if isinstance(a, URIRef)} - {cls}


def class_edges(onto: Ontology) -> list[Edge]:
    """Subclass links ('' label) and object properties (merged per domain and range)."""
    shown, edges = set(main_classes(onto)), []
    for cls in sorted(shown, key=onto.sort_key):
        edges += [(cls, parent, "") for parent in _parents(onto, cls, shown)]
    names: dict[tuple[URIRef, URIRef], list[str]] = defaultdict(list)
    for prop in onto.terms("object"):
        name = onto.curie(prop).removeprefix(next(
            (p + ":" for p, ns in onto.prefixes.items() if ns == onto.own), "\0"))
        for dom in (m for v in onto.graph.objects(prop, RDFS.domain) for m in _members(onto, v)):
            for rng in (m for v in onto.graph.objects(prop, RDFS.range) for m in _members(onto, v)):
                if dom in shown and rng in shown:
                    names[dom, rng].append(name)
    return edges + [(d, r, ", ".join(n)) for (d, r), n in sorted(
        names.items(), key=lambda kv: (onto.sort_key(kv[0][0]), onto.sort_key(kv[0][1])))]


def _trees(onto: Ontology, edges: list[Edge]) -> list[list[tuple[URIRef, int]]]:
    """Indented trees: each class under its first shown parent, children sorted."""
    children: dict[URIRef, list[URIRef]] = defaultdict(list)
    placed = set()
    for child, parent, label in edges:
        if not label and child not in placed:
            children[parent].append(child)
            placed.add(child)

    def walk(node: URIRef, depth: int) -> list[tuple[URIRef, int]]:
        rows = [(node, depth)]
        for child in sorted(children[node], key=onto.sort_key):
            rows += walk(child, depth + 1)
        return rows
    return [walk(root, 0) for root in main_classes(onto) if root not in placed]


def _ties(trees: list[list[tuple[URIRef, int]]], edges: list[Edge]) -> dict[tuple[int, int], int]:
    tree_of = {node: i for i, tree in enumerate(trees) for node, _ in tree}
    ties: dict[tuple[int, int], int] = defaultdict(int)
    for a, b, _ in edges:
        if tree_of[a] != tree_of[b]:
            ties[tree_of[a], tree_of[b]] += 1
            ties[tree_of[b], tree_of[a]] += 1
    return ties


def _columns(trees: list[list[tuple[URIRef, int]]], edges: list[Edge]) -> list[list[int]]:
    """Trees into columns: the most connected first, in the middle; then each time the
    tree most tied to those placed, in the column where its links are shortest (a link
    inside one column costs most, one that jumps over a column costs one)."""
    ties, n = _ties(trees, edges), len(trees)
    total = sum(len(t) + 1 for t in trees)
    ncols = max(1, round(math.sqrt(total / 3)))
    capacity = max([len(t) + 1 for t in trees] + [math.ceil(1.1 * total / ncols)])
    degree = [sum(w for (a, _), w in ties.items() if a == i) for i in range(n)]
    column_of: dict[int, int] = {}
    columns: list[list[int]] = [[] for _ in range(ncols)]
    while len(column_of) < n:
        tree = max((i for i in range(n) if i not in column_of), key=lambda i: (
            sum(ties[i, j] for j in column_of), degree[i], len(trees[i]), -i))

        def cost(c: int, tree: int = tree) -> tuple[int, int, int]:
            links = sum(w * (4 if column_of[j] == c else abs(column_of[j] - c) - 1)
                        for j in column_of for w in [ties[tree, j]])
            return links, abs(c - ncols // 2), c
        room = [c for c in range(ncols)
                if sum(len(trees[t]) + 1 for t in columns[c]) + len(trees[tree]) <= capacity]
        if not room:
            columns.append([])
            room = [len(columns) - 1]
        best = min(room, key=cost) if column_of else ncols // 2
        column_of[tree] = best
        columns[best].append(tree)
    return [c for c in columns if c]


def text_width(label: str, size: float = 12) -> float:
    """A generous estimate of the width of ``label`` in a sans-serif font of ``size`` px."""
    narrow, wide = set("ijlrtfI:.,;'|! "), set("mwMW")
    return size * sum(0.36 if c in narrow else 0.92 if c in wide else
                      0.74 if c.isupper() else 0.62 for c in label)


def layout(onto: Ontology, edges: list[Edge]) -> tuple[dict[URIRef, Box], dict[URIRef, int]]:
    """Each class's box (x, y, width, height) and column number."""
    trees = _trees(onto, edges)
    boxes: dict[URIRef, Box] = {}
    column_of: dict[URIRef, int] = {}
    x = float(MARGIN)
    for c, column in enumerate(_columns(trees, edges)):
        row, right = 0, x
        for tree in column:
            for node, depth in trees[tree]:
                width = text_width(onto.curie(node)) + 2 * PAD
                boxes[node] = (x + depth * INDENT, TOP + row * PITCH, width, BOX_H + 0.0)
                column_of[node] = c
                right = max(right, x + depth * INDENT + width)
                row += 1
            row += 1
        x = right + COL_GAP
    return boxes, column_of

def diagram_mermaid(onto: Ontology) -> str:
    """The same classes and links as a Mermaid ``classDiagram`` source.

    Example:
        >>> from kg.config import ontology_dir
        >>> from kg.ontodoc_model import read_ontology
        >>> "coop_Agreement --> org_Organization : party" in diagram_mermaid(
        ...     read_ontology(ontology_dir()))
        True
    """
    def ident(node: URIRef) -> str:
        return "".join(c if c.isalnum() else "_" for c in onto.curie(node))
    out = ["classDiagram"]
    out += [f'    class {ident(c)}["{onto.curie(c)}"]' for c in main_classes(onto)]
    for a, b, label in class_edges(onto):
        out.append(f"    {ident(b)} <|-- {ident(a)}" if not label
                   else f"    {ident(a)} --> {ident(b)} : {label}")
    return "\n".join(out) + "\n"
