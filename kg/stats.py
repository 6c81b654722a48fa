"""Network analytics on the entity graph: centrality, communities, the path linking two actors.

The entity graph (:func:`kg.entitygraph.entity_graph`) holds the entities and the
facts between them, without provenance. Everything here is deterministic: nodes
and edges go in sorted order, communities come from Louvain with a fixed seed,
ties are broken by label then IRI. :func:`graph_stats` returns it all as frozen
dataclasses (``to_dict()`` is plain JSON), for ``kg stats`` and for notebooks.

Example:
    >>> stats = graph_stats("kg-out/graph.trig", top=3,
    ...                     path=("Martine Vassal", "Esteban Bovo"))   # doctest: +SKIP
    >>> stats.degree[0].label                                        # doctest: +SKIP
    'Métropole Aix-Marseille-Provence'
    >>> print(stats.path)                                            # doctest: +SKIP
    Martine Vassal ←coop:witness– accord de coopération ... –coop:signatory→ Esteban Bovo
    >>> net = entity_graph("kg-out/graph.trig")                      # doctest: +SKIP
    >>> shortest_path(net, "vassal", "bovo").found                   # doctest: +SKIP
    True
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path as FilePath

import networkx as nx
from rdflib import Graph

from kg.entitygraph import DEFAULT_EXCLUDE, StatsError, entity_graph, find_entity, fold
from kg.statsreport import (
    Community,
    Entity,
    GraphStats,
    Hop,
    Path,
    Ranked,
    Summary,
    stats_tables,
)

__all__ = [
    "SEED", "EXACT_BETWEENNESS", "Entity", "Ranked", "Community", "Hop", "Path", "Summary",
    "GraphStats", "entity_graph", "find_entity", "summary", "degree_centrality",
    "betweenness_centrality", "communities", "shortest_path", "graph_stats", "StatsError",
    "DEFAULT_EXCLUDE", "stats_tables",
]

SEED = 7                  # Louvain's seed (and betweenness sampling's, on big graphs)
EXACT_BETWEENNESS = 2000  # above this many entities, betweenness is estimated from 500 sources


def _entity(net: nx.Graph, iri: str) -> Entity:
    d = net.nodes[iri]
    return Entity(iri, d["label"], d["kind"], d["rdf_class"])


def _order(net: nx.Graph, iri: str) -> tuple[str, str]:
    return (fold(net.nodes[iri]["label"]), iri)


def _ranked(net: nx.Graph, scores: dict[str, float], top: int) -> tuple[Ranked, ...]:
    best = sorted(net, key=lambda n: (-scores[n], *_order(net, n)))[: max(top, 0)]
    return tuple(Ranked(**asdict(_entity(net, n)), neighbours=net.degree(n),
                        score=round(float(scores[n]), 6)) for n in best)


def summary(net: nx.Graph) -> Summary:
    """Counts of the entity graph: nodes, edges (linked pairs), facts, components, density.

    Example:
        >>> net = nx.Graph()
        >>> net.add_edge("a", "b", facts=(("a", "p:x", "b"),))
        >>> nx.set_node_attributes(net, "person", "kind")
        >>> s = summary(net)
        >>> (s.nodes, s.edges, s.facts, s.components, s.density, s.by_kind)
        (2, 1, 1, 1, 1.0, {'person': 2})
    """
    parts = list(nx.connected_components(net))
    kinds: dict[str, int] = {}
    for _, kind in net.nodes(data="kind"):
        kinds[kind] = kinds.get(kind, 0) + 1
    return Summary(
        nodes=len(net), edges=net.number_of_edges(),
        facts=sum(len(f) for _, _, f in net.edges(data="facts", default=())),
        components=len(parts), largest_component=max(map(len, parts), default=0),
        isolated=nx.number_of_isolates(net), density=round(nx.density(net), 6),
        by_kind=dict(sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))))


def degree_centrality(net: nx.Graph, top: int = 10) -> tuple[Ranked, ...]:
    """The ``top`` entities with the most neighbours (share of the other entities linked).

    Example:
        >>> net = nx.star_graph(3)
        >>> for n in net:
        ...     net.nodes[n].update(label=f"n{n}", kind="x", rdf_class="x")
        >>> [(r.label, r.score) for r in degree_centrality(net, top=2)]
        [('n0', 1.0), ('n1', 0.333333)]
    """
    return _ranked(net, nx.degree_centrality(net) if len(net) > 1 else dict.fromkeys(net, 0.0),
                   top)


def betweenness_centrality(net: nx.Graph, top: int = 10) -> tuple[Ranked, ...]:
    """The ``top`` entities most often on the shortest paths between others (normalised).

    Exact up to :data:`EXACT_BETWEENNESS` entities, above it estimated from 500 sources
    drawn with :data:`SEED`.

    Example:
        >>> net = nx.path_graph(3)
        >>> for n in net:
        ...     net.nodes[n].update(label=f"n{n}", kind="x", rdf_class="x")
        >>> [(r.label, r.score) for r in betweenness_centrality(net, top=2)]
        [('n1', 1.0), ('n0', 0.0)]
    """
    k = 500 if len(net) > EXACT_BETWEENNESS else None
    return _ranked(net, nx.betweenness_centrality(net, k=k, seed=SEED), top)


def communities(net: nx.Graph, seed: int = SEED) -> tuple[Community, ...]:
    """Louvain communities (fixed seed): largest first, members by label; a partition of nodes.

    Example:
        >>> net = nx.Graph([("a", "b"), ("b", "c"), ("c", "a"), ("x", "y")])
        >>> for n in net: net.nodes[n].update(label=n, kind="k", rdf_class="k")
        >>> [[m.label for m in c.members] for c in communities(net)]
        [['a', 'b', 'c'], ['x', 'y']]
    """
    found = []
    for part in nx.community.louvain_communities(net, seed=seed):
        members = tuple(_entity(net, n) for n in sorted(part, key=lambda n: _order(net, n)))
        found.append(Community(len(members), members))
    return tuple(sorted(found, key=lambda c: (-c.size, fold(c.members[0].label), c.members[0].iri)))


def shortest_path(net: nx.Graph, source: str, target: str) -> Path:
    """The shortest chain of facts from ``source`` to ``target`` (names or IRIs).

    Names are resolved with :func:`kg.entitygraph.find_entity`. Each hop names the
    predicate and its direction in the RDF.

    Raises:
        StatsError: a name matches no entity or several (the hint lists candidates).

    Example:
        >>> net = nx.Graph()
        >>> for n in ("Ana", "Plan", "Bea"):
        ...     net.add_node(n, label=n, kind="k", rdf_class="k")
        >>> net.add_edge("Ana", "Plan", facts=(("Plan", "p:signatory", "Ana"),))
        >>> net.add_edge("Plan", "Bea", facts=(("Plan", "p:signatory", "Bea"),))
        >>> print(shortest_path(net, "ana", "BEA"))
        Ana ←p:signatory– Plan –p:signatory→ Bea
    """
    start, end = find_entity(net, source), find_entity(net, target)
    try:
        chain = nx.shortest_path(net, start, end)
    except nx.NetworkXNoPath:
        return Path(_entity(net, start), _entity(net, end), (), ())
    hops = []
    for a, b in zip(chain, chain[1:], strict=False):
        subject, predicate, _ = net.edges[a, b]["facts"][0]
        hops.append(Hop(predicate, subject == a))
    return Path(_entity(net, start), _entity(net, end),
                tuple(_entity(net, n) for n in chain), tuple(hops))


def graph_stats(source: Graph | str | FilePath | nx.Graph, *, top: int = 10,
                path: tuple[str, str] | None = None, seed: int = SEED) -> GraphStats:
    """Summary, top ``top`` by degree and betweenness, communities, and optionally a path.

    Args:
        source: a graph file, an rdflib Graph/Dataset, or an :func:`entity_graph` already made.
        top: how many entities each centrality ranking keeps.
        path: two names (or IRIs) to link, e.g. ``("Martine Vassal", "Beacon Council")``.
        seed: Louvain's seed.

    Raises:
        QueryError: the graph file is missing or not valid RDF.
        StatsError: a name of ``path`` matches no entity or several.

    Example:
        >>> graph_stats(nx.Graph()).summary.nodes
        0
    """
    net = source if isinstance(source, nx.Graph) else entity_graph(source)
    route = shortest_path(net, *path) if path else None  # a bad name fails before the work
    parts = communities(net, seed)
    sets = [{m.iri for m in c.members} for c in parts]
    return GraphStats(
        summary=summary(net), degree=degree_centrality(net, top),
        betweenness=betweenness_centrality(net, top), communities=parts,
        modularity=round(nx.community.modularity(net, sets), 6) if net.number_of_edges() else 0.0,
        path=route)
