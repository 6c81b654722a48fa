"""SHACL validation of kg's quads in shards of bounded size.

pySHACL needs the data in rdflib's own store, where a million triples take
over a gigabyte. Most of kg's triples are provenance (documents, sentences,
mentions, evidence), and every provenance node lives in the named graph of
its document. So a large graph is checked in parts:

* the **fact layer**: every triple whose subject is not a provenance node
  (entities, posts, agreements, their labels and facts), all documents
  together; every violation found there counts;
* **document shards**: the named graphs of a few documents at a time, with the
  default graph (rules, dataset description); only violations whose focus is
  a provenance node count there (an entity's facts may lie in other shards).

Quads of at most ``shard_triples`` are checked in one piece, exactly as
:func:`kg.validate.validate` does; ``tests/test_validate_store.py`` checks
that both ways find the same violations.

Example:
    >>> validate_quads([]).conforms
    True
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

import pyoxigraph as ox
from oxrdflib._converter import from_ox
from rdflib import Graph

from kg.namespaces import COOP, NIF, PROV, RDF
from kg.validate import ValidationReport, Violation, run_shapes

__all__ = ["validate_quads", "PROVENANCE_CLASSES", "SHARD_TRIPLES"]

#: classes whose instances live in one document's named graph
PROVENANCE_CLASSES = (COOP.SourceDocument, COOP.PressRelease, COOP.NewsArticle, COOP.WebPage,
                      COOP.Evidence, COOP.MetadataRecord, COOP.ExtractionRule, COOP.Discrepancy,
                      NIF.Context, NIF.Phrase, NIF.Sentence, NIF.String, PROV.Collection)
#: quads up to this many are validated in one piece
SHARD_TRIPLES = 250_000


def _graph(quads: Iterable[ox.Quad]) -> Graph:
    g = Graph()
    g.addN((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object), g) for q in quads)
    return g


def _provenance_nodes(quads: Sequence[ox.Quad]) -> set[str]:
    classes = {ox.NamedNode(str(c)) for c in PROVENANCE_CLASSES}
    rdf_type = ox.NamedNode(str(RDF.type))
    return {q.subject.value for q in quads if q.predicate == rdf_type and q.object in classes}


def validate_quads(quads: Sequence[ox.Quad], *,
                   shard_triples: int = SHARD_TRIPLES) -> ValidationReport:
    """Run the SHACL shapes over the union of kg's quads, in bounded pieces.

    Args:
        quads: kg's quads (:func:`kg.graph.to_quads`): default graph for the dataset
            and rules, one named graph per document.
        shard_triples: above this many quads the graph is checked in shards.
    """
    if len(quads) <= shard_triples:
        return run_shapes(_graph(quads))
    prov = _provenance_nodes(quads)
    facts = _graph(q for q in quads if q.subject.value not in prov)
    triples = len(facts)
    found: set[Violation] = set(run_shapes(facts).violations)
    del facts
    by_graph: dict[str, list[ox.Quad]] = defaultdict(list)
    for q in quads:
        by_graph["" if isinstance(q.graph_name, ox.DefaultGraph) else str(q.graph_name)].append(q)
    default = by_graph.pop("", [])
    shard: list[ox.Quad] = []
    names = sorted(by_graph)
    for i, name in enumerate(names):
        shard += by_graph[name]
        if len(shard) >= shard_triples // 2 or i == len(names) - 1:
            report = run_shapes(_graph(default + shard))
            found.update(v for v in report.violations if v.focus in prov)
            triples += report.triples
            shard = []
    violations = tuple(sorted(found, key=lambda v: (v.shape, v.focus, v.path or "",
                                                    v.value or "")))
    return ValidationReport(conforms=not any(v.severity == "Violation" for v in violations),
                            violations=violations, triples=triples)
