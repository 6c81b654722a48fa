"""The networkx graph as what the page carries: pyvis nodes and edges, and the panel data.

The pyvis :class:`~pyvis.network.Network` holds what vis-network draws (positions, sizes,
colours, options with physics off); the ``data`` dictionary holds what ``viewer.js`` shows
in the legend and the side panel (groups, properties, sentences, evidence).

A sentence supports many facts and names many entities: the page holds each source row
once. ``data["texts"]`` lists every string of a row once, ``data["sources"]`` every row
once as four indices into it (sentence, document, title, rule), and a node's
``mentions``, a property's ``ev`` and an edge's ``ev`` list indices into ``sources``
(``{"more": n}`` counts the rows left out). On 1,000 press releases the rows were
13.7 MB of a 20 MB page, and 6,869 sentences of 0.7 MB in all. Predicates are listed
once too (``data["predicates"]``: IRI, CURIE, French name); a property row and an edge
name theirs by its index (``"k"``), and ``viewer.js`` fills in the rest as it starts.

Example:
    >>> import networkx as nx
    >>> _, data = payload(nx.MultiDiGraph(), "Vide", 500)
    >>> data["meta"]["total"]
    0
"""

from __future__ import annotations

import math
from typing import Any

import networkx as nx
from pyvis.network import Network
from rdflib.term import Node

from kg.viz.data import Row
from kg.viz.network import layout, ranked
from kg.viz.vocab import GROUPS, curie

__all__ = ["payload", "SOURCES_SHOWN", "SOURCE_FIELDS"]

#: sentences the page carries for one node's mentions, one property value or one edge; the
#: others are counted ({"more": n}). A city that 5,000 documents mention would otherwise
#: put 5,000 sentences in the page (10,000 documents: a 233 MB page, most of it these)
SOURCES_SHOWN = 20


#: the fields of a source row, in the order of its indices in ``data["sources"]``
SOURCE_FIELDS = ("s", "d", "t", "r")


class _Shared:
    """What many rows of the page repeat, kept once: source rows (``{"s": sentence,
    "d": document, "t": title, "r": rule}``) with their strings, and predicates."""

    def __init__(self) -> None:
        self.texts: dict[str, int] = {"": 0}     # index 0: the empty string, a missing field
        self.rows: dict[tuple[int, ...], int] = {}
        self.predicates: dict[tuple[str, str, str], int] = {}

    def predicate(self, iri: str, curie: str, name: str) -> int:
        """The index of a predicate (IRI, CURIE, French name) in ``data["predicates"]``."""
        return self.predicates.setdefault((iri, curie, name), len(self.predicates))

    def refs(self, rows: list[Row]) -> list[int | Row]:
        """The first :data:`SOURCES_SHOWN` of ``rows`` as indices, and how many more."""
        texts, table = self.texts, self.rows
        out: list[int | Row] = []
        for row in rows[:SOURCES_SHOWN]:
            key = tuple(texts.setdefault(row.get(f, ""), len(texts)) for f in SOURCE_FIELDS)
            out.append(table.setdefault(key, len(table)))
        if len(rows) > SOURCES_SHOWN:
            out.append({"more": len(rows) - SOURCES_SHOWN})
        return out

    def tables(self) -> Row:
        return {"sourceFields": SOURCE_FIELDS, "texts": list(self.texts),
                "sources": [list(k) for k in self.rows],
                "predicates": [list(k) for k in self.predicates]}


def _node_panel(attrs: Row, keys: tuple[str, ...], shared: _Shared) -> Row:
    row = {k: attrs[k] for k in keys}
    row["mentions"] = shared.refs(row["mentions"])
    props = []
    for r in row["props"]:     # {"p": name, "i": CURIE, "predicate": IRI, ...} -> {"k": ...}
        prop = {k: v for k, v in r.items() if k not in ("p", "i", "predicate")}
        prop["k"] = shared.predicate(r["predicate"], r["i"], r["p"])
        prop["ev"] = shared.refs(r["ev"])
        props.append(prop)
    row["props"] = props
    return row


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
    # no "title" (label and CURIE, shown on hover): viewer.js makes it from the predicate
    edges = [{"id": j, "from": ids[s], "to": ids[o], "label": d["label"]}
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


def _panel_data(net: nx.MultiDiGraph, ids: dict[Node, int], order: list[Node], title: str,
                max_initial_nodes: int) -> Row:
    keys = ("iri", "href", "label", "group", "types", "props", "wikidata", "mentions")
    counts = {g.key: 0 for g in GROUPS}
    for _, key in net.nodes(data="group"):
        counts[key] += 1
    shared = _Shared()
    return {
        "meta": {"title": title, "knowledge": len(order), "total": len(ids),
                 "initial": [ids[n] for n in order[:max_initial_nodes]],
                 "allLoaded": len(order) <= max_initial_nodes,
                 "provenanceLeftOut": net.graph.get("provenance_left_out", 0)},
        "groups": [{"key": g.key, "label": g.label, "color": g.color, "shape": g.shape,
                    "plumbing": g.plumbing, "count": counts[g.key]}
                   for g in GROUPS if counts[g.key]],
        "nodes": [_node_panel(net.nodes[n], keys, shared) for n in ids],
        "edges": [{"k": shared.predicate(d["predicate"], curie(d["predicate"]), d["label"]),
                   "ev": shared.refs(d["evidence"])}
                  for _, _, d in net.edges(data=True)],
        **shared.tables(),
    }


def payload(net: nx.MultiDiGraph, title: str, max_initial_nodes: int) -> tuple[Network, Row]:
    """The pyvis network to draw and the panel data of ``net``.

    Node ids are ranks: the knowledge nodes most central first, then the others by IRI.
    The first ``max_initial_nodes`` knowledge nodes are the ones the page starts from.

    Example:
        >>> net, _ = payload(nx.MultiDiGraph(), "Vide", 500)
        >>> net.options["physics"]["enabled"]
        False
    """
    order, centrality = ranked(net)
    ids = {n: i for i, n in enumerate(order + sorted(set(net) - set(order), key=str))}
    pos = layout(net, order)
    vis_nodes, vis_edges = _vis_lists(net, ids, centrality, pos)
    pyvis_net = Network(height="100%", width="100%", directed=True, heading=title,
                        cdn_resources="in_line")
    pyvis_net.nodes, pyvis_net.edges = vis_nodes, vis_edges  # in bulk: add_node is quadratic
    pyvis_net.node_ids = [n["id"] for n in vis_nodes]
    pyvis_net.node_map = {n["id"]: n for n in vis_nodes}
    pyvis_net.options = _options(len(order))
    return pyvis_net, _panel_data(net, ids, order, title, max_initial_nodes)
