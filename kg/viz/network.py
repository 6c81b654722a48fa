"""RDF -> networkx: one node per resource, one edge per link; centrality and positions.

Node size comes from degree centrality over the knowledge nodes (entities, not provenance
nor ontology), positions from a networkx spring layout computed here, so the page draws at
once with physics off. Only the ``LAYOUT_CORE`` most central nodes go through the spring
layout; the others are placed beside their neighbours.

Example:
    >>> from rdflib import Graph
    >>> len(to_network(Graph()))
    0
"""

from __future__ import annotations

import math
import zlib

import networkx as nx
from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.term import Node

from kg.viz.data import NOT_EDGES, evidence, node_attrs, node_group, predicate_label
from kg.viz.index import index_graph
from kg.viz.vocab import Group

__all__ = ["LAYOUT_CORE", "PROVENANCE_LIMIT", "to_network", "knowledge_nodes", "ranked", "layout"]

LAYOUT_CORE = 450  # nodes laid out by spring_layout; the others are placed beside their neighbours
#: above this many provenance nodes (documents, sentences, mentions, evidence, rules) they are
#: left out of the network: the side panel still shows each fact's sentences and rule, and
#: a corpus of 1,000 press releases would otherwise make a page of 85,000 nodes (95% hidden)
PROVENANCE_LIMIT = 20_000

Position = tuple[float, float]


def to_network(graph: Graph | Dataset, *,
               provenance_limit: int | None = PROVENANCE_LIMIT) -> nx.MultiDiGraph:
    """Read ``graph`` into a networkx multigraph: one node per resource, one edge per link.

    Literal values stay in the node's ``props``; ``rdf:type`` gives its ``group``;
    each node carries the sentences it was read from (``mentions``) and each edge
    the sentences and rule that support it (``evidence``).

    Args:
        graph: a kg graph (``graph.ttl``) or dataset (``graph.trig``); a dataset is read as
            the union of its named graphs.
        provenance_limit: above this many provenance nodes, they are left out (their
            number is in ``net.graph["provenance_left_out"]``); None keeps them all.

    Returns:
        A ``MultiDiGraph`` keyed by RDF term; edge keys are predicate IRIs.

    Example:
        >>> from rdflib import Dataset
        >>> net = to_network(Dataset().parse("tests/data/viz/gaudin.trig", format="trig"))
        >>> net.nodes[URIRef("https://w3id.org/coop-kg/id/person/jean-claude-gaudin")]["group"]
        'person'
    """
    idx = index_graph(graph)
    facts = evidence(idx)
    net = nx.MultiDiGraph()
    cache: dict[Node, Group] = {}
    left_out: set[Node] = set()
    if provenance_limit is not None:
        left_out = {s for s in idx.out if isinstance(s, (URIRef, BNode))
                    and node_group(idx, s, cache).plumbing == "provenance"}
        if len(left_out) <= provenance_limit:
            left_out = set()
    net.graph["provenance_left_out"] = len(left_out)
    for s, preds in sorted(idx.out.items(), key=lambda kv: str(kv[0])):  # same order every run
        if not isinstance(s, (URIRef, BNode)) or s in left_out:
            continue
        net.add_node(s)
        for p, objects in sorted(preds.items(), key=lambda kv: str(kv[0])):
            if p in NOT_EDGES:
                continue
            for o in sorted(objects, key=str):
                if isinstance(o, (URIRef, BNode)) and o not in left_out:
                    net.add_edge(s, o, key=str(p), predicate=str(p), label=predicate_label(idx, p),
                                 evidence=facts.get((s, p, o), []))
    for node in net.nodes:
        net.nodes[node].update(node_attrs(idx, node, facts, cache))
    return net


def knowledge_nodes(net: nx.MultiDiGraph) -> list[Node]:
    """The nodes the viewer shows by default: entities, not provenance nor ontology.

    Example:
        >>> len(knowledge_nodes(nx.MultiDiGraph()))
        0
    """
    return [n for n, plumbing in net.nodes(data="plumbing") if not plumbing]


def ranked(net: nx.MultiDiGraph) -> tuple[list[Node], dict[Node, float]]:
    """Knowledge nodes, most central first (networkx degree centrality), and their centrality.

    Example:
        >>> ranked(nx.MultiDiGraph())
        ([], {})
    """
    core = nx.Graph(net.subgraph(knowledge_nodes(net)))
    centrality = nx.degree_centrality(core) if len(core) > 1 else {n: 1.0 for n in core}
    order = sorted(core, key=lambda n: (-centrality[n], str(n)))
    return order, centrality


def _offset(node: Node, step: float) -> Position:
    h = zlib.crc32(str(node).encode("utf-8"))
    angle = (h % 3600) / 3600 * 2 * math.pi
    radius = step * (1.0 + (h >> 12) % 100 / 100)
    return radius * math.cos(angle), radius * math.sin(angle)


def _spring(graph: nx.Graph) -> tuple[dict[Node, Position], float]:
    """A spring layout of one connected component, centred on 0, and its radius in pixels."""
    radius = 55.0 + 70.0 * math.sqrt(len(graph) - 1)
    if len(graph) == 1:
        return {next(iter(graph)): (0.0, 0.0)}, radius
    steps = 100 if len(graph) <= 150 else 50  # dense O(n²) steps: fewer for big components
    ordered = nx.Graph()                       # same node and edge order on every run
    ordered.add_nodes_from(sorted(graph.nodes, key=str))
    ordered.add_edges_from(sorted(graph.edges, key=lambda e: (str(e[0]), str(e[1]))))
    laid = nx.spring_layout(ordered, seed=7, iterations=steps, scale=radius)
    return {n: (float(x), float(y)) for n, (x, y) in laid.items()}, radius


def _pack(net: nx.MultiDiGraph, core: list[Node]) -> dict[Node, Position]:
    """Lay out each connected component of ``core``: the largest in the middle, the others
    on rows below it (so that small islands do not push the view's edges far apart)."""
    sub = nx.Graph(net.subgraph(core))
    parts = sorted(nx.connected_components(sub), key=lambda c: (-len(c), min(map(str, c))))
    pos: dict[Node, Position] = {}
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


def _ring(pos: dict[Node, Position], left: list[Node]) -> None:
    """Place nodes linked to nothing placed on a ring around the rest."""
    ring = max((math.hypot(*p) for p in pos.values()), default=0.0) + 150.0
    for i, node in enumerate(left):
        angle = 2 * math.pi * i / len(left)
        pos[node] = (ring * math.cos(angle), (ring + 20 * (i % 5)) * math.sin(angle))


def layout(net: nx.MultiDiGraph, order: list[Node]) -> dict[Node, Position]:
    """Positions in pixels: spring layout of the most central nodes, the rest by a neighbour.

    ``order`` is the knowledge nodes, most central first (see :func:`ranked`).

    Example:
        >>> layout(nx.MultiDiGraph(), [])
        {}
    """
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
        if len(left) == len(pending):
            _ring(pos, left)
            left = []
        pending = left
    return pos
