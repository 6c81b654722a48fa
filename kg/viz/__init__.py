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

The stages, one module each:

- :mod:`kg.viz.vocab`: groups and predicate names from ``kg/static/viewer.yaml``;
- :mod:`kg.viz.index`: the graph read once, indexed by subject and object;
- :mod:`kg.viz.data`: a node's group, properties, sentences, evidence and rules;
- :mod:`kg.viz.network`: RDF -> networkx, centrality and positions;
- :mod:`kg.viz.payload`: what the page carries (pyvis nodes and edges, panel data);
- :mod:`kg.viz.page`: the HTML page, inlined, escaped, written atomically.

Example:
    >>> from pathlib import Path
    >>> from rdflib import Dataset
    >>> ds = Dataset()
    >>> _ = ds.parse("tests/data/viz/gaudin.trig", format="trig")
    >>> path = write_html(ds, Path("/tmp/graph.html"), title="Exemple")
    >>> path.name
    'graph.html'
"""

from kg.viz.data import predicate_label
from kg.viz.index import MAX_TEXT
from kg.viz.network import LAYOUT_CORE, knowledge_nodes, to_network
from kg.viz.page import VIS_LIB, remote_references, render_html, write_html, write_html_file
from kg.viz.vocab import GROUPS, PREDICATE_FR, STATIC, Group, curie, expand

__all__ = [
    "to_network",
    "knowledge_nodes",
    "write_html",
    "write_html_file",
    "render_html",
    "remote_references",
    "expand",
    "curie",
    "predicate_label",
    "Group",
    "GROUPS",
    "PREDICATE_FR",
    "STATIC",
    "VIS_LIB",
    "LAYOUT_CORE",
    "MAX_TEXT",
]
