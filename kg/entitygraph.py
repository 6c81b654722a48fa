"""The entity graph: the facts between the entities of a kg graph, as a networkx graph.

Nodes are the entities the documents speak of (persons, public authorities,
organisations, agreements, events, posts, places, sectors), keyed by IRI, with
``label``, ``kind`` (the viewer's group: ``person``, ``authority``, ...),
``rdf_class`` (the most specific class, a CURIE) and ``names`` (every label and
alternative name). Edges are the facts between two entities, with ``predicate``
(a CURIE) and ``facts``: every ``(subject IRI, predicate CURIE, object IRI)``
that links the pair, in RDF direction.

Left out: provenance (documents, NIF text and mentions, evidence, rules,
metadata), the ontology, ``rdf:type``, ``owl:sameAs``, literals, untyped
resources, and the kinds of :data:`DEFAULT_EXCLUDE`: roles (``président`` is a
category shared by unrelated posts, a path through it links nothing), figures
and quotations (a value or a statement hanging off one entity).

The graph is an undirected :class:`networkx.Graph`: degree, betweenness,
communities and paths are about who is linked to whom, two facts between the
same pair are one link, and ``facts`` keeps the RDF direction for reading a path.

Example:
    >>> from rdflib import Graph
    >>> g = Graph().parse(format="turtle", data='''
    ... @prefix foaf: <http://xmlns.com/foaf/0.1/> . @prefix org: <http://www.w3.org/ns/org#> .
    ... @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ... <http://ex.org/ana> a foaf:Person ; rdfs:label "Ana" ; org:memberOf <http://ex.org/c> .
    ... <http://ex.org/c> a org:Organization ; rdfs:label "Conseil" .''')
    >>> net = entity_graph(g)
    >>> net.edges["http://ex.org/ana", "http://ex.org/c"]["predicate"]
    'org:memberOf'
    >>> find_entity(net, "conseil")
    'http://ex.org/c'
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Collection
from functools import lru_cache
from pathlib import Path

import networkx as nx
from rdflib import BNode, Graph, URIRef
from rdflib.term import Node

from kg.config import ontology_dir
from kg.errors import KGError
from kg.namespaces import RDF, RDFS
from kg.query import load
from kg.viz.data import NOT_EDGES, node_attrs
from kg.viz.index import Index, index_graph
from kg.viz.vocab import GROUPS, Group, curie

__all__ = ["DEFAULT_EXCLUDE", "StatsError", "entity_graph", "find_entity", "fold"]

#: kinds (viewer groups) left out of the entity graph unless asked for
DEFAULT_EXCLUDE: frozenset[str] = frozenset({"role", "figure", "quotation"})

_PLUMBING = frozenset().union(*(g.classes for g in GROUPS if g.plumbing))
_NAMES = ("rdfs:label", "skos:altLabel")


class StatsError(KGError):
    """A name matches no entity or several, or the entity graph cannot be analysed."""


def _rdf(source: Graph | str | Path) -> Graph:
    """An rdflib graph or dataset as is; a path loaded with :func:`kg.query.load`."""
    return source if isinstance(source, Graph) else load(source)


@lru_cache(maxsize=1)
def _ontology_parents() -> dict[Node, frozenset[Node]]:
    onto = Graph()
    for path in sorted(ontology_dir().glob("*.ttl")):
        if path.name != "shapes.ttl":
            onto.parse(path, format="turtle")
    parents: dict[Node, set[Node]] = defaultdict(set)
    for sub, sup in onto.subject_objects(RDFS.subClassOf):
        parents[sub].add(sup)
    return {k: frozenset(v) for k, v in parents.items()}


def _ancestors(cls: Node, idx: Index) -> set[Node]:
    """Every superclass of ``cls``: the bundled ontology's and the graph's own."""
    seen: set[Node] = set()
    todo = [cls]
    while todo:
        current = todo.pop()
        ups = {*_ontology_parents().get(current, ()),
               *idx.out.get(current, {}).get(RDFS.subClassOf, [])}
        todo.extend(ups - seen)
        seen |= ups
    return seen


def _most_specific(types: set[Node], idx: Index) -> str:
    """The CURIE of the type no other type of the node is a subclass of (the first, sorted)."""
    above = set().union(*(_ancestors(t, idx) for t in types))
    return min(curie(str(t)) for t in (types - above or types))


def entity_graph(source: Graph | str | Path, *,
                 exclude: Collection[str] = DEFAULT_EXCLUDE) -> nx.Graph:
    """The entities of a kg graph and the facts between them, as an undirected networkx graph.

    Args:
        source: an rdflib Graph or Dataset (a dataset is read as the union of its graphs),
            or the path of a graph file (``.ttl``, ``.trig``, ``.jsonld``, ``.nt``, ``.nq``).
        exclude: kinds (viewer groups) to leave out; ``()`` keeps roles, figures, quotations.

    Returns:
        A :class:`networkx.Graph` keyed by IRI, nodes and edges inserted in sorted order
        (the same graph, and the same analytics, on every run).

    Raises:
        QueryError: the file is missing, of an unknown format, or not valid RDF.

    Example:
        >>> net = entity_graph("kg-out/graph.trig")                     # doctest: +SKIP
        >>> net.nodes["https://w3id.org/coop-kg/id/person/martine-vassal"]["rdf_class"]
        ...                                                             # doctest: +SKIP
        'foaf:Person'
    """
    idx = index_graph(_rdf(source))
    cache: dict[Node, Group] = {}
    iris: dict[Node, str] = {}
    net = nx.Graph()
    nodes = []
    for node, preds in idx.out.items():
        types = set(preds.get(RDF.type, []))
        if not types or types & _PLUMBING or not isinstance(node, (URIRef, BNode)):
            continue
        attrs = node_attrs(idx, node, {}, cache)
        if attrs["plumbing"] or attrs["group"] in exclude:
            continue
        names = [attrs["label"], *(r["v"] for r in attrs["props"] if r["i"] in _NAMES)]
        iris[node] = attrs["iri"]
        nodes.append((attrs["iri"], {"label": attrs["label"], "kind": attrs["group"],
                                     "rdf_class": _most_specific(types, idx),
                                     "names": tuple(dict.fromkeys(names))}))
    net.add_nodes_from(sorted(nodes))
    facts: dict[tuple[str, str], set[tuple[str, str, str]]] = defaultdict(set)
    for node, iri in iris.items():
        for pred, values in idx.out[node].items():
            if pred in NOT_EDGES:
                continue
            for value in values:
                if value in iris and value != node:
                    pair = (min(iri, iris[value]), max(iri, iris[value]))
                    facts[pair].add((iri, curie(str(pred)), iris[value]))
    for (a, b), found in sorted(facts.items()):
        ordered = tuple(sorted(found))
        net.add_edge(a, b, predicate=ordered[0][1], facts=ordered)
    return net


def fold(name: str) -> str:
    """``name`` for matching: no accents, lower case, punctuation and dashes as spaces.

    Example:
        >>> fold("  Département des Bouches-du-Rhône ")
        'departement des bouches du rhone'
    """
    bare = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return " ".join(re.sub(r"[\W_]+", " ", bare.casefold()).split())


def _listing(net: nx.Graph, iris: list[str], most: int = 8) -> str:
    shown = [f"{net.nodes[i]['label']} ({net.nodes[i]['kind']})" for i in iris[:most]]
    more = f" and {len(iris) - most} more" if len(iris) > most else ""
    return "; ".join(shown) + more


def find_entity(net: nx.Graph, name: str) -> str:
    """The IRI of the one entity called ``name`` (a label or alternative name, or an IRI).

    Accents, case and punctuation are ignored. A name equal to one entity's name wins;
    otherwise the name must be part of exactly one entity's names.

    Raises:
        StatsError: no entity or several have that name; the hint lists candidates.

    Example:
        >>> net = nx.Graph()
        >>> net.add_node("x:1", label="Métropole Aix-Marseille", kind="authority", names=())
        >>> find_entity(net, "metropole aix marseille")
        'x:1'
        >>> find_entity(net, "Lyon")
        Traceback (most recent call last):
        ...
        kg.entitygraph.StatsError: no entity is called 'Lyon' (check the spelling; ...)
    """
    if name in net:
        return name
    wanted = fold(name)
    names = {iri: {fold(n) for n in (data["label"], *data.get("names", ()))}
             for iri, data in net.nodes(data=True)}
    for found in ([i for i, ns in names.items() if wanted in ns],
                  [i for i, ns in names.items() if wanted and any(wanted in n for n in ns)]):
        if len(found) == 1:
            return found[0]
        if found:
            found.sort(key=lambda i: (fold(net.nodes[i]["label"]), i))
            raise StatsError(f"{len(found)} entities match {name!r}",
                             hint=f"did you mean one of: {_listing(net, found)}? "
                                  "give more of the name, or the IRI")
    labels = {fold(d["label"]): d["label"] for _, d in net.nodes(data=True)}
    close = [labels[k] for k in difflib.get_close_matches(wanted, sorted(labels), n=5, cutoff=0.5)]
    hint = (f"did you mean: {'; '.join(close)}?" if close
            else "check the spelling; `kg stats GRAPH` lists the most central entities")
    raise StatsError(f"no entity is called {name!r}", hint=hint)
