"""SHACL validation of kg's quads in shards of bounded size.

pySHACL needs the data in rdflib's own store, where a million triples take
over a gigabyte. Most of kg's triples are provenance (documents, sentences,
mentions, evidence), and every provenance node lives in the named graph of
its document. So a large graph is checked in parts:

* the **fact layer**: every triple whose subject is not a provenance node
  (entities, posts, agreements, their labels and facts, discrepancies between
  documents), all documents together, with the class of each provenance node
  they point to; the violations of its non-provenance nodes count;
* **document shards**: the named graphs of a few documents at a time, with the
  default graph (rules, dataset description); only violations whose focus is
  a provenance node count there (an entity's facts may lie in other shards).

Quads of at most ``shard_triples`` are checked in one piece, exactly as
:func:`kg.validate.validate` does; ``tests/test_validate_store.py`` checks
that both ways find the same violations. With a :class:`ShardCache` (an
incremental build), documents go to shards by a hash of their IRI and each
shard's violations are kept by a digest of its quads: adding a document
re-checks the fact layer and one shard.

Example:
    >>> validate_quads([]).conforms
    True
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

import pyoxigraph as ox
from oxrdflib._converter import from_ox
from rdflib import Graph

from kg import __version__
from kg.cache import read_entry, write_entry
from kg.config import ontology_dir
from kg.namespaces import COOP, NIF, PROV, RDF
from kg.validate import ValidationReport, Violation, run_shapes

__all__ = ["validate_quads", "rdflib_graph", "ShardCache", "PROVENANCE_CLASSES", "SHARD_TRIPLES"]

#: classes whose instances live in one document's named graph (or the default graph); a
#: coop:Discrepancy joins evidence of several documents, so it belongs to the fact layer
PROVENANCE_CLASSES = (COOP.SourceDocument, COOP.PressRelease, COOP.NewsArticle, COOP.WebPage,
                      COOP.Evidence, COOP.MetadataRecord, COOP.ExtractionRule,
                      NIF.Context, NIF.Phrase, NIF.Sentence, NIF.String, PROV.Collection)
#: quads up to this many are validated in one piece
SHARD_TRIPLES = 250_000
#: with a cache (incremental builds), graphs above this many quads are sharded
CACHED_SHARDS_FROM = 50_000
#: and their document shards hold about this many quads
CACHED_SHARD_SIZE = 30_000


def rdflib_graph(quads: Iterable[ox.Quad]) -> Graph:
    """The triples of pyoxigraph quads in a plain graph of rdflib's default store."""
    g = Graph()
    g.addN((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object), g) for q in quads)
    return g


def _provenance_nodes(quads: Sequence[ox.Quad]) -> set[str]:
    classes = {ox.NamedNode(str(c)) for c in PROVENANCE_CLASSES}
    rdf_type = ox.NamedNode(str(RDF.type))
    return {q.subject.value for q in quads if q.predicate == rdf_type and q.object in classes}


class ShardCache:
    """Violations of document shards already checked, by a digest of their quads.

    An incremental build re-checks only the shards whose documents changed; the
    key also covers the shapes, the ontology and kg's version.
    """

    def __init__(self, folder: Path | str) -> None:
        self.folder = Path(folder)
        digest = hashlib.sha256(__version__.encode())
        for f in sorted(ontology_dir().glob("*.ttl")):
            digest.update(f.read_bytes())
        self.salt = digest.hexdigest()
        self.hits = 0

    def key(self, quads: Iterable[ox.Quad]) -> str:
        digest = hashlib.sha256(self.salt.encode())
        for line in sorted(map(str, quads)):
            digest.update(line.encode())
        return digest.hexdigest()

    def get(self, key: str) -> tuple[tuple[Violation, ...], int] | None:
        found = read_entry(self.folder / f"{key}.pickle")
        if found is None:
            return None
        self.hits += 1
        return found  # type: ignore[return-value]

    def put(self, key: str, value: tuple[tuple[Violation, ...], int]) -> None:
        write_entry(self.folder / f"{key}.pickle", value)


def _shards(names: list[str], by_graph: dict[str, list[ox.Quad]], size: int,
            stable: bool) -> list[list[str]]:
    """Documents grouped into shards of about ``size`` quads; ``stable`` groups by a hash of
    the document's IRI, so adding a document changes one shard only."""
    total = sum(len(by_graph[n]) for n in names)
    if stable:
        count = max(1, total // size)
        buckets: list[list[str]] = [[] for _ in range(count)]
        for name in names:
            buckets[int(hashlib.sha1(name.encode()).hexdigest()[:8], 16) % count].append(name)
        return [b for b in buckets if b]
    shards, current, filled = [], [], 0
    for name in names:
        current.append(name)
        filled += len(by_graph[name])
        if filled >= size:
            shards.append(current)
            current, filled = [], 0
    return shards + ([current] if current else [])


def validate_quads(quads: Sequence[ox.Quad], *, shard_triples: int = SHARD_TRIPLES,
                   cache: ShardCache | None = None) -> ValidationReport:
    """Run the SHACL shapes over the union of kg's quads, in bounded pieces.

    Args:
        quads: kg's quads (:func:`kg.graph.to_quads`): default graph for the dataset
            and rules, one named graph per document.
        shard_triples: above this many quads the graph is checked in shards.
        cache: document shards checked before (an incremental build); with a cache,
            graphs above ``CACHED_SHARDS_FROM`` quads are sharded too.
    """
    if len(quads) <= (min(CACHED_SHARDS_FROM, shard_triples) if cache else shard_triples):
        return run_shapes(rdflib_graph(quads))
    prov = _provenance_nodes(quads)
    layer = [q for q in quads if q.subject.value not in prov]
    named = {q.object.value for q in layer if isinstance(q.object, ox.NamedNode)} & prov
    rdf_type = ox.NamedNode(str(RDF.type))   # the class of a provenance node a fact points to
    layer += [q for q in quads if q.predicate == rdf_type and q.subject.value in named]
    facts = rdflib_graph(layer)
    triples = len(facts)
    found: set[Violation] = {v for v in run_shapes(facts).violations if v.focus not in prov}
    del facts, layer
    by_graph: dict[str, list[ox.Quad]] = defaultdict(list)
    for q in quads:
        by_graph["" if isinstance(q.graph_name, ox.DefaultGraph) else str(q.graph_name)].append(q)
    default = by_graph.pop("", [])
    size = min(shard_triples // 2, CACHED_SHARD_SIZE) if cache else shard_triples // 2
    for names in _shards(sorted(by_graph), by_graph, size, stable=cache is not None):
        shard = default + [q for n in names for q in by_graph[n]]
        key = cache.key(shard) if cache else ""
        known = cache.get(key) if cache else None
        if known is None:
            report = run_shapes(rdflib_graph(shard))
            known = (tuple(v for v in report.violations if v.focus in prov), report.triples)
            if cache:
                cache.put(key, known)
        found.update(known[0])
        triples += known[1]
    violations = tuple(sorted(found, key=lambda v: (v.shape, v.focus, v.path or "",
                                                    v.value or "")))
    return ValidationReport(conforms=not any(v.severity == "Violation" for v in violations),
                            violations=violations, triples=triples)
