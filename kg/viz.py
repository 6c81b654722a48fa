"""The offline HTML viewer: an RDF graph becomes one self-contained pyvis page.

The graph is read in one pass into a :class:`networkx.MultiDiGraph` (entities
as nodes, links as edges, literal values kept in the node's details, the
sentences each node and each fact was read from). Node size comes from degree
centrality, positions from a networkx spring layout computed here, so the page
draws at once with physics off. The page inlines vis-network (from pyvis),
``kg/static/viewer.js`` and ``viewer.css``: it works from ``file://`` with no
request leaving it. Every text from a document reaches the page as JSON with
``<``, ``>`` and ``&`` escaped, and the page builds its DOM with
``textContent``: a document holding ``<script>`` shows it as text.

Example:
    >>> from rdflib import Dataset
    >>> ds = Dataset()
    >>> _ = ds.parse("tests/data/viz/gaudin.trig", format="trig")
    >>> path = write_html(ds, Path("/tmp/graph.html"), title="Exemple")
    >>> path.name
    'graph.html'
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import os
import re
import tempfile
import zlib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import pyvis
import yaml
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from pyvis.network import Network
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import VizError
from kg.namespaces import (
    COOP,
    DCTERMS,
    DEFAULT_BASE,
    ITSRDF,
    NIF,
    OWL,
    PREFIXES,
    PROV,
    RDF,
    RDFS,
    SKOS,
)

__all__ = ["to_network", "write_html", "remote_references", "knowledge_nodes"]

STATIC = Path(__file__).resolve().parent / "static"
VIS_LIB = Path(pyvis.__file__).resolve().parent / "templates" / "lib" / "vis-9.1.2"
LAYOUT_CORE = 450  # nodes laid out by spring_layout; the others are placed beside their neighbours
MAX_TEXT = 1500  # characters of a literal kept in the page (a document's whole text is cut)

_NOT_EDGES = {RDF.type, OWL.sameAs, RDF.predicate}
_LABELS = (RDFS.label, SKOS.prefLabel, DCTERMS.title, NIF.anchorOf)
_WIKIDATA = "http://www.wikidata.org/entity/"


# -- vocabulary of the viewer (kg/static/viewer.yaml) ---------------------------


@dataclass(frozen=True)
class Group:
    """A class of nodes in the legend: its colour, shape and member classes."""

    key: str
    label: str
    color: str
    shape: str
    classes: frozenset[URIRef]
    plumbing: str = ""  # "", "provenance" or "ontology"


def expand(term: str) -> URIRef:
    """``coop:party`` -> its IRI; an unknown prefix or coop: term raises VizError.

    Example:
        >>> str(expand("org:holds"))
        'http://www.w3.org/ns/org#holds'
    """
    prefix, _, local = term.partition(":")
    if prefix not in PREFIXES or not local:
        raise VizError(f"unknown term {term!r} in kg/static/viewer.yaml",
                       hint=f"use one of the prefixes {', '.join(PREFIXES)}")
    if prefix == "coop":
        try:
            return URIRef(getattr(COOP, local))
        except AttributeError:
            raise VizError(f"{term!r} is not a term of the coop ontology",
                           hint="fix kg/static/viewer.yaml or add the term to COOP") from None
    return URIRef(PREFIXES[prefix] + local)


def _vocabulary() -> tuple[tuple[Group, ...], dict[URIRef, str]]:
    raw = yaml.safe_load((STATIC / "viewer.yaml").read_text(encoding="utf-8"))
    groups = tuple(
        Group(g["key"], g["label"], g["color"], g["shape"],
              frozenset(expand(c) for c in g["classes"]), g.get("plumbing", ""))
        for g in raw["groups"])
    names = {expand(k): v for k, v in raw["predicates"].items()}
    return groups, names


GROUPS, PREDICATE_FR = _vocabulary()


# -- reading the graph -------------------------------------------------------


@dataclass
class _Index:
    """Every triple once, by subject (``out``) and by object (``inv``)."""

    out: dict[Node, dict[URIRef, list[Node]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(list)))
    inv: dict[Node, dict[URIRef, list[Node]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(list)))

    def one(self, node: Node, pred: URIRef) -> Node | None:
        values = self.out.get(node, {}).get(pred)
        return values[0] if values else None


def _triples(graph: Graph | Dataset) -> Any:
    if isinstance(graph, Dataset):
        seen: set[tuple[Node, Node, Node]] = set()
        for s, p, o, _ in graph.quads((None, None, None, None)):
            if (s, p, o) not in seen:
                seen.add((s, p, o))
                yield s, p, o
    else:
        yield from graph.triples((None, None, None))


def _index(graph: Graph | Dataset) -> _Index:
    idx = _Index()
    for s, p, o in _triples(graph):
        idx.out[s][p].append(o)
        if not isinstance(o, Literal):
            idx.inv[o][p].append(s)
    for preds in idx.out.values():
        for values in preds.values():
            values.sort(key=_sort_key)
    return idx


def _sort_key(term: Node) -> tuple[int, str]:
    if isinstance(term, Literal):
        return (0 if term.language == "fr" else 1 if term.language is None else 2, str(term))
    return (0, str(term))


def curie(iri: str) -> str:
    """``https://schema.org/Place`` -> ``schema:Place`` when a kg prefix applies.

    Example:
        >>> curie("http://www.w3.org/ns/org#holds")
        'org:holds'
    """
    for prefix, ns in (*PREFIXES.items(), ("id", DEFAULT_BASE)):
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def _text(term: Node, limit: int = MAX_TEXT) -> str:
    text = str(term)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _label(idx: _Index, node: Node) -> str:
    for pred in _LABELS:
        value = idx.one(node, pred)
        if isinstance(value, Literal):
            return _text(value, 120)
    local = re.split(r"[/#]", str(node).rstrip("/#"))[-1]
    return local or str(node)


def _is_node(idx: _Index, term: Node) -> bool:
    return isinstance(term, (URIRef, BNode)) and (term in idx.out or bool(idx.inv.get(term)))


# -- provenance: sentences and documents ---------------------------------------


def _document(idx: _Index, context: Node | None) -> dict[str, str]:
    docs = idx.inv.get(context, {}).get(COOP.hasContext, []) if context is not None else []
    if not docs:
        return {"d": "", "t": ""}
    doc = docs[0]
    name = idx.one(doc, DCTERMS.source) or idx.one(doc, RDFS.label)
    title = idx.one(doc, DCTERMS.title)
    return {"d": _text(name) if name is not None else _label(idx, doc),
            "t": _text(title) if title is not None else ""}


def _sentence(idx: _Index, sentence: Node) -> dict[str, str]:
    text = idx.one(sentence, NIF.anchorOf)
    return {"s": _text(text) if text is not None else "",
            **_document(idx, idx.one(sentence, NIF.referenceContext))}


def _mentions(idx: _Index, node: Node) -> list[dict[str, str]]:
    found: list[dict[str, str]] = []
    for phrase in idx.inv.get(node, {}).get(ITSRDF.taIdentRef, []):
        sentence = idx.one(phrase, NIF.sentence) or phrase
        row = _sentence(idx, sentence)
        if not row["d"]:
            row.update(_document(idx, idx.one(phrase, NIF.referenceContext)))
        if row not in found:
            found.append(row)
    return found


def _evidence(idx: _Index) -> dict[tuple[Node, Node, Node], list[dict[str, str]]]:
    """(subject, predicate, object) -> the sentences and rules that support it."""
    by_fact: dict[tuple[Node, Node, Node], list[dict[str, str]]] = defaultdict(list)
    for ev in idx.inv.get(COOP.Evidence, {}).get(RDF.type, []):
        s, p, o = (idx.one(ev, x) for x in (RDF.subject, RDF.predicate, RDF.object))
        if s is None or p is None or o is None:
            continue
        rule = idx.one(ev, COOP.rule)
        for sentence in idx.out[ev].get(PROV.wasDerivedFrom, []) or [ev]:
            row = _sentence(idx, sentence)
            source = idx.one(ev, DCTERMS.source)
            if source is not None and not row["d"]:
                row.update(_document(idx, idx.one(source, COOP.hasContext)))
            row["r"] = _label(idx, rule) if rule is not None else ""
            if row not in by_fact[(s, p, o)]:
                by_fact[(s, p, o)].append(row)
    return by_fact


# -- the network -------------------------------------------------------------------


def _group(idx: _Index, node: Node, types: set[Node], cache: dict[Node, Group]) -> Group:
    for group in GROUPS:
        if group.classes.intersection(types):
            return group
    for cls in types:  # a class kg does not list: climb rdfs:subClassOf when the ontology is loaded
        if cls not in cache:
            cache[cls] = GROUPS[-1]
            seen, todo = {cls}, [cls]
            while todo and cache[cls] is GROUPS[-1]:
                for sup in idx.out.get(todo.pop(), {}).get(RDFS.subClassOf, []):
                    hit = [g for g in GROUPS if sup in g.classes]
                    if hit:
                        cache[cls] = hit[0]
                    elif sup not in seen:
                        seen.add(sup)
                        todo.append(sup)
        if cache[cls] is not GROUPS[-1]:
            return cache[cls]
    vocab = [ns for prefix, ns in PREFIXES.items() if prefix != "wd"]
    if isinstance(node, URIRef) and any(str(node).startswith(ns) for ns in vocab):
        return next(g for g in GROUPS if g.plumbing == "ontology")
    return GROUPS[-1]


def predicate_label(idx: _Index, pred: Node) -> str:
    """The short French name of ``pred``: kg's, the graph's ``rdfs:label``, or its local name."""
    if pred in PREDICATE_FR:
        return PREDICATE_FR[pred]  # type: ignore[index]
    label = idx.one(pred, RDFS.label)
    return str(label) if label is not None else _label(idx, pred)


def _href(term: Node) -> str:
    text = str(term)
    return text if isinstance(term, URIRef) and re.match(r"https?://", text) else ""


Row = dict[str, Any]


def _props(idx: _Index, node: Node, evidence: dict[Any, list[dict[str, str]]]) -> list[Row]:
    rows: list[dict[str, Any]] = []
    for pred, values in idx.out.get(node, {}).items():
        for value in values:
            if isinstance(value, Literal):
                kind = value.language or (curie(str(value.datatype)) if value.datatype else "")
                rows.append({"p": predicate_label(idx, pred), "i": curie(str(pred)),
                             "v": _text(value), "d": kind,
                             "ev": evidence.get((node, pred, value), [])})
            elif pred in _NOT_EDGES and pred != RDF.type:
                rows.append({"p": predicate_label(idx, pred), "i": curie(str(pred)),
                             "v": curie(str(value)), "d": "", "href": _href(value), "ev": []})
    rows.sort(key=lambda r: (r["i"] not in ("rdfs:label", "skos:altLabel"), r["p"], r["v"]))
    return rows


def _node_attrs(idx: _Index, node: Node, evidence: dict[Any, Any],
                cache: dict[Node, Group]) -> dict[str, Any]:
    types = set(idx.out.get(node, {}).get(RDF.type, []))
    group = _group(idx, node, types, cache)
    same = [str(o) for o in idx.out.get(node, {}).get(OWL.sameAs, [])]
    return {
        "iri": str(node) if isinstance(node, URIRef) else f"_:{node}",
        "href": _href(node),
        "label": _label(idx, node),
        "group": group.key,
        "plumbing": group.plumbing,
        "types": sorted(curie(str(t)) for t in types),
        "props": _props(idx, node, evidence),
        "wikidata": [s for s in same if s.startswith(_WIKIDATA)],
        "mentions": _mentions(idx, node),
    }


def to_network(graph: Graph | Dataset) -> nx.MultiDiGraph:
    """Read ``graph`` into a networkx multigraph: one node per resource, one edge per link.

    Literal values stay in the node's ``props``; ``rdf:type`` gives its ``group``;
    each node carries the sentences it was read from (``mentions``) and each edge
    the sentences and rule that support it (``evidence``).

    Args:
        graph: a kg graph (``graph.ttl``) or dataset (``graph.trig``); a dataset is read as
            the union of its named graphs.

    Returns:
        A ``MultiDiGraph`` keyed by RDF term; edge keys are predicate IRIs.

    Example:
        >>> from rdflib import Dataset
        >>> net = to_network(Dataset().parse("tests/data/viz/gaudin.trig", format="trig"))
        >>> net.nodes[URIRef("https://w3id.org/coop-kg/id/person/jean-claude-gaudin")]["group"]
        'person'
    """
    idx = _index(graph)
    evidence = _evidence(idx)
    net = nx.MultiDiGraph()
    cache: dict[Node, Group] = {}
    for s, preds in list(idx.out.items()):
        if not isinstance(s, (URIRef, BNode)):
            continue
        net.add_node(s)
        for p, objects in preds.items():
            if p in _NOT_EDGES:
                continue
            for o in objects:
                if isinstance(o, (URIRef, BNode)):
                    net.add_edge(s, o, key=str(p), predicate=str(p), label=predicate_label(idx, p),
                                 evidence=evidence.get((s, p, o), []))
    for node in net.nodes:
        net.nodes[node].update(_node_attrs(idx, node, evidence, cache))
    return net


def knowledge_nodes(net: nx.MultiDiGraph) -> list[Node]:
    """The nodes the viewer shows by default: entities, not provenance nor ontology.

    Example:
        >>> len(knowledge_nodes(nx.MultiDiGraph()))
        0
    """
    return [n for n, plumbing in net.nodes(data="plumbing") if not plumbing]


# -- importance and positions -----------------------------------------------------------


def _ranked(net: nx.MultiDiGraph) -> tuple[list[Node], dict[Node, float]]:
    """Knowledge nodes, most central first (networkx degree centrality), and their centrality."""
    core = nx.Graph(net.subgraph(knowledge_nodes(net)))
    centrality = nx.degree_centrality(core) if len(core) > 1 else {n: 1.0 for n in core}
    order = sorted(core, key=lambda n: (-centrality[n], str(n)))
    return order, centrality


def _offset(node: Node, step: float) -> tuple[float, float]:
    h = zlib.crc32(str(node).encode("utf-8"))
    angle = (h % 3600) / 3600 * 2 * math.pi
    radius = step * (1.0 + (h >> 12) % 100 / 100)
    return radius * math.cos(angle), radius * math.sin(angle)


def _spring(graph: nx.Graph) -> tuple[dict[Node, tuple[float, float]], float]:
    """A spring layout of one connected component, centred on 0, and its radius in pixels."""
    radius = 55.0 + 70.0 * math.sqrt(len(graph) - 1)
    if len(graph) == 1:
        return {next(iter(graph)): (0.0, 0.0)}, radius
    steps = 100 if len(graph) <= 150 else 50  # dense O(n²) steps: fewer for big components
    laid = nx.spring_layout(graph, seed=7, iterations=steps, scale=radius)
    return {n: (float(x), float(y)) for n, (x, y) in laid.items()}, radius


def _pack(net: nx.MultiDiGraph, core: list[Node]) -> dict[Node, tuple[float, float]]:
    """Lay out each connected component of ``core``: the largest in the middle, the others
    on rows below it (so that small islands do not push the view's edges far apart)."""
    sub = nx.Graph(net.subgraph(core))
    parts = sorted(nx.connected_components(sub), key=lambda c: (-len(c), min(map(str, c))))
    pos: dict[Node, tuple[float, float]] = {}
    width = x = y = row = 0.0
    for i, part in enumerate(parts):
        laid, radius = _spring(sub.subgraph(part))
        if i == 0:
            width, y = max(radius, 300.0), radius + 80.0
            x = -width
            centre = (0.0, 0.0)
        else:
            if x + 2 * radius > width and x > -width:
                x, y, row = -width, y + row + 60.0, 0.0
            centre = (x + radius, y + radius)
            x, row = x + 2 * radius + 40.0, max(row, 2 * radius)
        pos.update({n: (centre[0] + px, centre[1] + py) for n, (px, py) in laid.items()})
    return pos


def _layout(net: nx.MultiDiGraph, order: list[Node]) -> dict[Node, tuple[float, float]]:
    """Positions in pixels: spring layout of the most central nodes, the rest by a neighbour."""
    pos = _pack(net, order[:LAYOUT_CORE])
    pending = [n for n in order[LAYOUT_CORE:]] + sorted(set(net) - set(order), key=str)
    undirected = net.to_undirected(as_view=True)
    while pending:
        left = []
        for node in pending:
            anchors = [pos[m] for m in undirected[node] if m in pos]
            if not anchors:
                left.append(node)
                continue
            dx, dy = _offset(node, 45.0 if net.nodes[node]["plumbing"] else 70.0)
            pos[node] = (sum(a[0] for a in anchors) / len(anchors) + dx,
                         sum(a[1] for a in anchors) / len(anchors) + dy)
        if len(left) == len(pending):  # linked to nothing placed: a ring around the rest
            ring = max((math.hypot(*p) for p in pos.values()), default=0.0) + 150.0
            for i, node in enumerate(left):
                angle = 2 * math.pi * i / len(left)
                pos[node] = (ring * math.cos(angle), (ring + 20 * (i % 5)) * math.sin(angle))
            left = []
        pending = left
    return pos


# -- the page --------------------------------------------------------------------------------


def _vis_lists(net: nx.MultiDiGraph, ids: dict[Node, int], centrality: dict[Node, float],
               pos: dict[Node, tuple[float, float]]) -> tuple[list[Row], list[Row]]:
    groups = {g.key: g for g in GROUPS}
    top = max(centrality.values(), default=1.0) or 1.0
    nodes = []
    for node, i in ids.items():
        attrs, group = net.nodes[node], groups[net.nodes[node]["group"]]
        label = attrs["label"] if len(attrs["label"]) <= 40 else attrs["label"][:39] + "…"
        size = 8 if group.plumbing else 10 + 26 * math.sqrt(centrality.get(node, 0.0) / top)
        nodes.append({"id": i, "label": label, "title": f"{attrs['label']} ({group.label})",
                      "x": round(pos[node][0], 1), "y": round(pos[node][1], 1),
                      "size": round(size, 1), "shape": group.shape, "color": group.color,
                      "hidden": bool(group.plumbing)})
    edges = [{"id": j, "from": ids[s], "to": ids[o], "label": d["label"],
              "title": f"{d['label']} ({curie(d['predicate'])})"}
             for j, (s, o, d) in enumerate(net.edges(data=True))]
    return nodes, edges


def _options(n_nodes: int) -> dict[str, Any]:
    big = n_nodes > 800
    return {
        "physics": {"enabled": False, "solver": "barnesHut",
                    "barnesHut": {"gravitationalConstant": -6000, "springLength": 130,
                                  "springConstant": 0.03, "damping": 0.35, "avoidOverlap": 0.1},
                    "stabilization": {"enabled": True, "iterations": 400, "updateInterval": 25,
                                      "fit": False},
                    "minVelocity": 0.75},
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "interaction": {"hover": not big, "tooltipDelay": 250, "hideEdgesOnDrag": big,
                        "hideEdgesOnZoom": big},
        "nodes": {"borderWidth": 1,
                  "font": {"size": 13, "strokeWidth": 3, "strokeColor": "#ffffff"}},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
                  "smooth": False if big else {"enabled": True, "type": "curvedCW",
                                               "roundness": 0.1},
                  "color": {"color": "#9aa0a6", "highlight": "#202124", "hover": "#202124",
                            "inherit": False},
                  "font": {"size": 10, "color": "#5f6368", "strokeWidth": 3, "align": "middle"}},
    }


def _payload(net: nx.MultiDiGraph, title: str, max_initial_nodes: int) -> tuple[Network, Row]:
    order, centrality = _ranked(net)
    ids = {n: i for i, n in enumerate(order + sorted(set(net) - set(order), key=str))}
    pos = _layout(net, order)
    vis_nodes, vis_edges = _vis_lists(net, ids, centrality, pos)
    pyvis_net = Network(height="100%", width="100%", directed=True, heading=title,
                        cdn_resources="in_line")
    pyvis_net.nodes, pyvis_net.edges = vis_nodes, vis_edges  # in bulk: add_node is quadratic
    pyvis_net.node_ids = [n["id"] for n in vis_nodes]
    pyvis_net.node_map = {n["id"]: n for n in vis_nodes}
    pyvis_net.options = _options(len(order))
    keys = ("iri", "href", "label", "group", "types", "props", "wikidata", "mentions")
    counts = {g.key: 0 for g in GROUPS}
    for _, key in net.nodes(data="group"):
        counts[key] += 1
    data = {
        "meta": {"title": title, "knowledge": len(order), "total": len(ids),
                 "initial": [ids[n] for n in order[:max_initial_nodes]],
                 "allLoaded": len(order) <= max_initial_nodes},
        "groups": [{"key": g.key, "label": g.label, "color": g.color, "shape": g.shape,
                    "plumbing": g.plumbing, "count": counts[g.key]}
                   for g in GROUPS if counts[g.key]],
        "nodes": [{k: net.nodes[n][k] for k in keys} for n in ids],
        "edges": [{"p": d["predicate"], "i": curie(d["predicate"]), "ev": d["evidence"]}
                  for _, _, d in net.edges(data=True)],
    }
    return pyvis_net, data


def _json(value: Any) -> Markup:
    """JSON safe inside ``<script>``: no ``<``, ``>`` or ``&`` survives, so no ``</script>``."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return Markup(text)


def _asset(path: Path, closing: str) -> str:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise VizError(f"cannot read the viewer asset {path}: {exc}",
                       hint="reinstall kg and pyvis: pip install --force-reinstall kg pyvis"
                       ) from exc
    text = re.sub(r"^//# sourceMappingURL=.*$", "", text, flags=re.M)  # no .map to look for
    if closing in text.lower():
        raise VizError(f"{path} contains {closing!r} and cannot be inlined",
                       hint="escape it in the asset (e.g. '<\\/script')")
    return text


def _sha256(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode() + "'"


def render_html(graph: Graph | Dataset, *, title: str = "Graphe de connaissances",
                max_initial_nodes: int = 500) -> str:
    """The viewer page of ``graph`` as one HTML string (see :func:`write_html`).

    Example:
        >>> "vis.Network" in render_html(Graph())
        True
    """
    pyvis_net, data = _payload(to_network(graph), title, max_initial_nodes)
    nodes, edges, _, _, _, options = pyvis_net.get_network_data()
    scripts = [_asset(VIS_LIB / "vis-network.min.js", "</script"),
               _asset(STATIC / "viewer.js", "</script")]
    env = Environment(loader=FileSystemLoader(STATIC), autoescape=select_autoescape(["html"]))
    html = env.get_template("viewer.html").render(
        title=title,
        csp_scripts=" ".join(_sha256(s) for s in scripts),
        vis_css=Markup(_asset(VIS_LIB / "vis-network.css", "</style")),
        viewer_css=Markup(_asset(STATIC / "viewer.css", "</style")),
        vis_js=Markup(scripts[0]), viewer_js=Markup(scripts[1]),
        vis_json=_json({"nodes": nodes, "edges": edges, "options": json.loads(options)}),
        data_json=_json(data),
    )
    remote = remote_references(html)
    if remote:
        raise VizError(f"the viewer page would fetch {remote[0]!r} from the network",
                       hint="inline that resource; the page must work offline")
    return html


_REMOTE = (
    re.compile(r"<[a-z]+\b[^>]*\b(?:src|href|data|poster|srcset)\s*=\s*[\"']?\s*(?:https?:)?//[^\"'\s>]*",
               re.I),
    re.compile(r"url\(\s*[\"']?\s*(?:https?:)?//[^)\"']*", re.I),
    re.compile(r"@import\s+(?:url\()?\s*[\"']?\s*(?:https?:)?//[^\"')\s;]*", re.I),
)


def remote_references(html: str) -> list[str]:
    """Every place where ``html`` would make the browser fetch something over the network.

    Example:
        >>> remote_references('<script src="https://cdn.example/x.js"></script>')
        ['<script src="https://cdn.example/x.js']
        >>> remote_references('<a href="#top">top</a>')
        []
    """
    return [m.group(0) for pattern in _REMOTE for m in pattern.finditer(html)]


def write_html(graph: Graph | Dataset, path: Path, *, title: str = "Graphe de connaissances",
               max_initial_nodes: int = 500) -> Path:
    """Write the interactive, offline viewer of ``graph`` to ``path`` (atomically).

    Args:
        graph: the graph or dataset to show (a dataset is shown as the union of its graphs).
        path: the HTML file to write; its folder must exist.
        title: the page title.
        max_initial_nodes: above this many entities, the page starts from the most central
            ones and a double-click on a node brings its neighbours.

    Returns:
        ``path``.

    Raises:
        VizError: the page could not be written.

    Example:
        >>> write_html(Graph(), Path("/tmp/empty.html")).name
        'empty.html'
    """
    path = Path(path)
    html = render_html(graph, title=title, max_initial_nodes=max_initial_nodes)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(html)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        if "tmp" in locals() and os.path.exists(tmp):
            os.unlink(tmp)
        raise VizError(f"cannot write {path}: {exc}",
                       hint="check that the folder exists and is writable") from exc
    return path


def write_html_file(graph_path: Path, out: Path, *, title: str | None = None,
                    max_initial_nodes: int = 500) -> Path:
    """Read a graph file (``.ttl``, ``.trig``, ``.jsonld``, ...) and write its viewer to ``out``.

    Raises:
        QueryError: the graph file is missing or not RDF.
        VizError: the page could not be written.

    Example:
        >>> write_html_file(Path("kg-out/graph.trig"), Path("graph.html"))  # doctest: +SKIP
        PosixPath('graph.html')
    """
    from kg.query import load

    graph = load(graph_path)
    if not Path(out).parent.is_dir():
        raise VizError(f"the folder of {out} does not exist",
                       hint="create it or choose another path")
    title = title or f"Graphe de connaissances — {Path(graph_path).name}"
    return write_html(graph, Path(out), title=title, max_initial_nodes=max_initial_nodes)
