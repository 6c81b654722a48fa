"""The class diagram drawn as SVG from the layout of :mod:`kg.ontodoc_diagram`.

Subclass links are dashed elbows from a class to the classes indented under
it. An object property is an arrow from its domain to its range: it leaves the
side of the box that faces its target, crosses each column in between through
a row where that column has no box, and enters the target's facing side; an
arrow within one column bows out to the right of it. Boxes are drawn over the
arrows and names over both, each name where it covers no box and no other name.

Example:
    >>> from kg.config import ontology_dir
    >>> from kg.ontodoc_model import read_ontology
    >>> svg = diagram_svg(read_ontology(ontology_dir()))
    >>> svg.startswith("<svg") and ">coop:Agreement</text>" in svg
    True
"""

from __future__ import annotations

from collections import defaultdict
from html import escape

from rdflib import URIRef

from kg.ontodoc_diagram import (
    BOX_H,
    INDENT,
    MARGIN,
    PAD,
    PITCH,
    TOP,
    Box,
    Edge,
    class_edges,
    layout,
    text_width,
)
from kg.ontodoc_model import Ontology

__all__ = ["diagram_svg"]

Point = tuple[float, float]
_OWN, _REUSED = ("#e3edfb", "#2f5d9e"), ("#fdf3dc", "#a77b16")
_ARROW, _DASHED = 'stroke="#445"', 'stroke="#889" stroke-dasharray="4 3"'


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _bezier(a: Point, b: Point, t: float) -> Point:
    """A point of the horizontal-tangent S-curve from ``a`` to ``b``."""
    dx = (b[0] - a[0]) / 2
    p = [a, (a[0] + dx, a[1]), (b[0] - dx, b[1]), b]
    u = 1 - t
    return (u**3 * p[0][0] + 3 * u * u * t * p[1][0] + 3 * u * t * t * p[2][0] + t**3 * p[3][0],
            u**3 * p[0][1] + 3 * u * u * t * p[1][1] + 3 * u * t * t * p[2][1] + t**3 * p[3][1])


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


class _Canvas:
    """Boxes and columns of one layout, and what has been drawn over them so far."""

    def __init__(self, boxes: dict[URIRef, Box], column_of: dict[URIRef, int]) -> None:
        self.boxes, self.column_of = boxes, column_of
        self.left: dict[int, float] = {}
        self.right: dict[int, float] = defaultdict(float)
        self.rows: dict[int, set[int]] = defaultdict(set)
        for node, (x, y, w, _) in boxes.items():
            c = column_of[node]
            self.left[c] = min(self.left.get(c, x), x)
            self.right[c] = max(self.right[c], x + w)
            self.rows[c].add(round((y - TOP) / PITCH))
        self.slots: dict[tuple[int, int], int] = defaultdict(int)
        self.taken: list[Box] = list(boxes.values())

    def sides(self, a: URIRef, b: URIRef) -> tuple[str, str]:
        """The sides of ``a`` and ``b`` an arrow from ``a`` to ``b`` leaves and enters."""
        ca, cb = self.column_of[a], self.column_of[b]
        return ("right", "left") if ca < cb else ("left", "right") if ca > cb else ("right",) * 2

    def ports(self, edges: list[Edge]) -> dict[tuple[int, int], Point]:
        """Where each end of each arrow touches its box: spread along the box's side."""
        found: dict[tuple[URIRef, str], list[tuple[float, int, int]]] = defaultdict(list)
        for i, (a, b, _) in enumerate(edges):
            side_a, side_b = self.sides(a, b)
            found[a, side_a].append((self.boxes[b][1], i, 0))
            found[b, side_b].append((self.boxes[a][1], i, 1))
        ends = {}
        for (node, side), items in found.items():
            x, y, w, h = self.boxes[node]
            for k, (_, i, end) in enumerate(sorted(items)):
                ends[i, end] = (x + w if side == "right" else x, y + h * (k + 1) / (len(items) + 1))
        return ends

    def free_row(self, column: int, near: float) -> float:
        """The y of the empty row of ``column`` nearest ``near``, a little apart per use."""
        rows = [r for r in range(-1, max(self.rows[column]) + 2) if r not in self.rows[column]]
        row = min(rows, key=lambda r: (abs(TOP + r * PITCH + BOX_H / 2 - near), r))
        uses = self.slots[column, row]
        self.slots[column, row] += 1
        return TOP + row * PITCH + BOX_H / 2 + (uses + 1) // 2 * 6 * (1 if uses % 2 else -1)

    def route(self, a: URIRef, b: URIRef, start: Point, end: Point) -> list[Point]:
        """Points of the arrow: pairs (entry, exit) for each column it crosses."""
        ca, cb = self.column_of[a], self.column_of[b]
        if ca == cb:
            bulge = self.right[ca] + 26 + 0.1 * abs(end[1] - start[1])
            return [start, (bulge, start[1]), (bulge, end[1]), end]
        step, points = (1 if cb > ca else -1), [start]
        for k, c in enumerate(range(ca + step, cb, step), start=1):
            y = self.free_row(c, start[1] + (end[1] - start[1]) * k / abs(cb - ca))
            near, far = (self.left[c] - 8, self.right[c] + 8)[::step]
            points += [(near, y), (far, y)]
        return points + [end]

    def label(self, points: list[Point], text: str) -> str:
        """The property name on the arrow, where it hides no box and no other name."""
        width, spots = text_width(text, 11) + 8, []
        for dy in (0, -10, 10, -20, 20):
            for t in (0.5, 0.38, 0.62, 0.26, 0.74, 0.15, 0.85):
                for i in range(0, len(points) - 1, 2):
                    x, y = _bezier(points[i], points[i + 1], t)
                    spots.append((x - width / 2, y - 8 + dy, width, 16.0))
        rect = next((r for r in spots if not any(_overlaps(r, o) for o in self.taken)), spots[0])
        self.taken.append(rect)
        return (f'<rect x="{_n(rect[0])}" y="{_n(rect[1])}" width="{_n(width)}" height="16" '
                f'rx="3" fill="#fff" fill-opacity="0.92"/><text x="{_n(rect[0] + 4)}" '
                f'y="{_n(rect[1] + 12)}" font-size="11" fill="#223">{escape(text)}</text>')


def _path(points: list[Point]) -> str:
    d = f"M{_n(points[0][0])},{_n(points[0][1])}"
    for i in range(1, len(points)):
        (xa, ya), (xb, yb) = points[i - 1], points[i]
        if i % 2 == 0:  # through a column: straight
            d += f" L{_n(xb)},{_n(yb)}"
        elif len(points) == 4 and points[1][0] == points[2][0]:  # within a column: one bow
            return d + (f" C{_n(points[1][0])},{_n(points[1][1])} {_n(points[2][0])},"
                        f"{_n(points[2][1])} {_n(points[3][0])},{_n(points[3][1])}")
        else:
            dx = (xb - xa) / 2
            d += f" C{_n(xa + dx)},{_n(ya)} {_n(xb - dx)},{_n(yb)} {_n(xb)},{_n(yb)}"
    return d


def _box(onto: Ontology, node: URIRef, box: Box) -> str:
    x, y, w, h = box
    fill, stroke = _OWN if str(node).startswith(onto.own) else _REUSED
    anchor = onto.anchor(node)
    href = f"index.html#{anchor}" if anchor else str(node)
    return (f'<a href="{escape(href)}"><rect x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" '
            f'height="{_n(h)}" rx="4" fill="{fill}" stroke="{stroke}"/><text x="{_n(x + PAD)}" '
            f'y="{_n(y + h / 2 + 4)}">{escape(onto.curie(node))}</text></a>')


def _legend() -> tuple[str, float]:
    title = "Classes principales et propriétés d'objet — Main classes and object properties"
    x = float(MARGIN)
    out = [f'<text x="{MARGIN}" y="30" font-size="16" font-weight="bold">{escape(title)}</text>']
    for sample, words in (
            (f'<rect x="{{x}}" y="46" width="26" height="16" rx="3" fill="{_OWN[0]}" '
             f'stroke="{_OWN[1]}"/>', "classe de l'ontologie / own class"),
            (f'<rect x="{{x}}" y="46" width="26" height="16" rx="3" fill="{_REUSED[0]}" '
             f'stroke="{_REUSED[1]}"/>', "classe réutilisée / reused class"),
            (f'<path d="M{{x}},54 h26" {_ARROW} marker-end="url(#dia-arrow)"/>',
             "propriété : domaine → portée / property: domain → range"),
            (f'<path d="M{{x}},54 h26" {_DASHED}/>', "sous-classe de / subclass of")):
        out.append(sample.format(x=_n(x)) + f'<text x="{_n(x + 32)}" y="58">{escape(words)}</text>')
        x += 32 + text_width(words) + 24
    return "".join(out), max(x, text_width(title, 16) + MARGIN)


_DEFS = ('<defs><marker id="dia-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" '
         'markerHeight="8" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#445"/></marker>'
         '<marker id="dia-hollow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="11" '
         'markerHeight="11" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#fff" '
         'stroke="#889"/></marker></defs>')


def diagram_svg(onto: Ontology) -> str:
    """The diagram as a standalone SVG document (UTF-8 text, no XML declaration)."""
    edges = class_edges(onto)
    canvas = _Canvas(*layout(onto, edges))
    boxes, parent_of = canvas.boxes, dict[URIRef, URIRef]()
    for child, parent, name in edges:
        if not name:
            parent_of.setdefault(child, parent)
    lines = []
    for child, parent in sorted(parent_of.items(), key=lambda cp: boxes[cp[0]][:2][::-1]):
        (px, py, _, ph), (cx, cy, _, ch) = boxes[parent], boxes[child]
        lines.append(f'<path d="M{_n(px + INDENT / 2)},{_n(py + ph)} V{_n(cy + ch / 2)} '
                     f'H{_n(cx)}" fill="none" {_DASHED}/>')
    arrows = [e for e in edges if e[2] or parent_of[e[0]] != e[1]]
    ends, names, right = canvas.ports(arrows), [], 0.0
    for i, (a, b, name) in enumerate(arrows):
        points = canvas.route(a, b, ends[i, 0], ends[i, 1])
        style = f'{_ARROW} marker-end="url(#dia-arrow)"' if name else \
            f'{_DASHED} marker-end="url(#dia-hollow)"'
        lines.append(f'<path d="{_path(points)}" fill="none" {style}/>')
        right = max([right] + [x for x, _ in points])
        if name:
            names.append(canvas.label(points, name))
    legend, legend_right = _legend()
    right = max([right, legend_right] + [r[0] + r[2] for r in canvas.taken]) + MARGIN
    bottom = max(r[1] + r[3] for r in canvas.taken) + MARGIN
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_n(right)} {_n(bottom)}" '
            f'width="{_n(right)}" height="{_n(bottom)}" font-family="DejaVu Sans, Verdana, '
            'sans-serif" font-size="12" role="img" aria-label="Diagramme des classes / '
            f'class diagram">\n{_DEFS}\n<rect width="100%" height="100%" fill="#fff"/>\n'
            f'{legend}\n' + "\n".join(lines) + "\n"
            + "\n".join(_box(onto, n, boxes[n]) for n in sorted(boxes, key=onto.sort_key))
            + "\n" + "\n".join(names) + "\n</svg>\n")
