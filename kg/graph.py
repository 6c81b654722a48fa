"""Resolved records -> an RDF dataset with provenance (docs/graph-model.md).

One named graph per document (its IRI is the graph name) holds what that
document states: the entities it mentions with their types and labels, the
facts with their evidence, the NIF mentions and sentences, its metadata. The
default graph holds the dataset description and the extraction rules. IRIs and
literals are minted, each once, by :mod:`kg.graphwriter`.

Example:
    >>> from kg.model import Document, Entity
    >>> ds = to_dataset([Document("d1", "Marseille.")],
    ...                 [Entity("place/marseille", "Marseille", (SCHEMA.City,))], [])
    >>> (URIRef(DEFAULT_BASE + "place/marseille"), RDF.type, SCHEMA.City) in ds.graph(
    ...     URIRef(DEFAULT_BASE + "document/d1"))
    False
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef

from kg.errors import GraphError
from kg.graphwriter import Sink, Writer, digest
from kg.model import DOCUMENT_KINDS, Document, Entity, Evidence, Fact, Mention, Value
from kg.namespaces import (
    COOP,
    DCTERMS,
    DEFAULT_BASE,
    ITSRDF,
    NIF,
    OWL,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
    WD,
    XSD,
    bind_prefixes,
)
from kg.terms import ox_integer, ox_iri, ox_literal

__all__ = ["to_dataset", "to_quads", "union", "DATASET_TITLE"]

DATASET_TITLE = "kg: knowledge graph of international cooperation"

_n, _lit, _int = ox_iri, ox_literal, ox_integer      # short: on nearly every line below

# The writer makes pyoxigraph terms directly, each once: converting a million rdflib
# triples afterwards took longer than making them.
TYPE, LABEL, COMMENT = _n(RDF.type), _n(RDFS.label), _n(RDFS.comment)
N_SENTENCE, N_STRING, N_PHRASE = _n(NIF.Sentence), _n(NIF.String), _n(NIF.Phrase)
N_ANCHOR, N_BEGIN, N_END, N_REF, N_SENT = (_n(NIF.anchorOf), _n(NIF.beginIndex),
                                          _n(NIF.endIndex), _n(NIF.referenceContext),
                                          _n(NIF.sentence))
TA_IDENT = _n(ITSRDF.taIdentRef)
EVIDENCE, RULE, CONFIDENCE, VALID_ON, CONFLICTING = (_n(COOP.Evidence), _n(COOP.rule),
                                                     _n(COOP.confidence), _n(COOP.validOn),
                                                     _n(COOP.conflicting))
SUBJECT, PREDICATE, OBJECT = _n(RDF.subject), _n(RDF.predicate), _n(RDF.object)
DERIVED, SOURCE = _n(PROV.wasDerivedFrom), _n(DCTERMS.source)
ALT_LABEL, IN_SCHEME, SAME_AS = _n(SKOS.altLabel), _n(SKOS.inScheme), _n(OWL.sameAs)
DISCREPANCY, STATEMENT = _n(COOP.Discrepancy), _n(COOP.statement)
_ORIGINS = {"text": _n(COOP.ReadFromText), "manifest": _n(COOP.GivenByUser),
            "inferred": _n(COOP.InferredFromCorpus)}


def _document(w: Writer, doc: Document) -> None:
    g, d = w.graph(doc.id), w.doc(doc.id)
    meta = doc.meta
    g.add((d, TYPE, _n(COOP.SourceDocument)))
    g.add((d, TYPE, _n(PROV.Entity)))
    g.add((d, TYPE, _n(SCHEMA.CreativeWork)))
    kind = DOCUMENT_KINDS.get(meta.kind, COOP.SourceDocument)
    g.add((d, TYPE, _n(kind)))
    g.add((d, LABEL, _lit(doc.id, "fr")))
    g.add((d, SOURCE, _lit(meta.source or (doc.path or doc.id).split("/")[-1])))
    g.add((d, _n(DCTERMS.language), _lit(meta.language)))
    if meta.title:
        g.add((d, _n(DCTERMS.title), _lit(meta.title, meta.language)))
    if meta.date:
        g.add((d, _n(DCTERMS.date), _date_literal(meta.date)))
    ctx = w.span(doc.id, 0, len(doc.text))
    g.add((d, _n(COOP.hasContext), ctx))
    for t in (NIF.Context, NIF.String):
        g.add((ctx, TYPE, _n(t)))
    g.add((ctx, _n(NIF.isString), _lit(doc.text)))
    g.add((ctx, N_BEGIN, _int(0)))
    g.add((ctx, N_END, _int(len(doc.text))))
    for rec in meta.records:
        node = ox.NamedNode(f"{d.value}#meta-{rec.field}-{rec.origin}")
        g.add((d, _n(COOP.metadata), node))
        g.add((node, TYPE, _n(COOP.MetadataRecord)))
        g.add((node, _n(COOP.field), _lit(rec.field)))
        g.add((node, _n(COOP.value), _lit(rec.value)))
        g.add((node, _n(COOP.origin), _ORIGINS.get(rec.origin, _ORIGINS["text"])))
        if rec.note:
            g.add((node, COMMENT, _lit(rec.note, "fr")))


def _sentence(w: Writer, g: Sink, doc_id: str, start: int, end: int,
              text: str) -> ox.NamedNode:
    s = w.span(doc_id, start, end)
    if g.first(s):
        g.add((s, TYPE, N_SENTENCE))
        g.add((s, TYPE, N_STRING))
        g.add((s, N_ANCHOR, _lit(text)))
        g.add((s, N_BEGIN, _int(start)))
        g.add((s, N_END, _int(end)))
        g.add((s, N_REF, w.span(doc_id, 0, _ctx_len(w, doc_id))))
    return s


def _ctx_len(w: Writer, doc_id: str) -> int:
    return w._lengths[doc_id]  # type: ignore[attr-defined]


def _entity(w: Writer, e: Entity, g: Sink) -> None:
    node = w.iri(e.key)
    if not g.first(node):
        return
    for t in e.types:
        g.add((node, TYPE, _n(t)))
    g.add((node, LABEL, w.text(e.label, e.lang)))
    if e.label_en:
        g.add((node, LABEL, w.text(e.label_en, "en")))
    for alias in e.aliases:
        if alias != e.label:
            g.add((node, ALT_LABEL, w.text(alias, e.lang)))
    if e.wikidata:
        g.add((node, SAME_AS, _n(WD[e.wikidata])))
    scheme = _SCHEMES.get(e.key.split("/", 1)[0])
    if scheme is not None:
        g.add((node, IN_SCHEME, scheme))
    if e.description:
        g.add((node, COMMENT, w.text(e.description, e.lang)))


_SCHEMES = {"sector": _n(COOP.Sectors), "role": _n(COOP.Roles)}


def _mention(w: Writer, m: Mention, g: Sink) -> None:
    node = w.span(m.doc_id, m.start, m.end)
    g.add((node, TYPE, N_PHRASE))
    g.add((node, TYPE, N_STRING))
    g.add((node, N_ANCHOR, _lit(m.text)))
    g.add((node, N_BEGIN, _int(m.start)))
    g.add((node, N_END, _int(m.end)))
    g.add((node, N_REF, w.span(m.doc_id, 0, _ctx_len(w, m.doc_id))))
    g.add((node, TA_IDENT, w.iri(m.key)))
    s = m.sentence
    g.add((node, N_SENT, _sentence(w, g, s.doc_id, s.start, s.end, s.text)))


def _evidence(w: Writer, f: Fact, ev: Evidence, g: Sink) -> ox.NamedNode:
    s, o = w.iri(f.subject), w.obj(f.obj)
    name = digest(f.subject, f.predicate, w.n3(f.obj), ev.doc_id, ev.start, ev.rule)
    node = w.iri("evidence/" + name)
    g.add((node, TYPE, EVIDENCE))
    g.add((node, SUBJECT, s))
    g.add((node, PREDICATE, _n(f.predicate)))
    g.add((node, OBJECT, o))
    g.add((node, DERIVED, _sentence(w, g, ev.doc_id, ev.start, ev.end, ev.text)))
    g.add((node, SOURCE, w.doc(ev.doc_id)))
    g.add((node, RULE, w.iri("rule/" + ev.rule)))
    g.add((node, CONFIDENCE, _confidence(ev.confidence)))
    if ev.valid_on:
        g.add((node, VALID_ON, _date_literal(ev.valid_on)))
    if f.conflict:
        g.add((node, CONFLICTING, _TRUE))
    _rule(w, ev.rule)
    return node


_TRUE = _lit("true", datatype=XSD.boolean)


@lru_cache(maxsize=1024)
def _confidence(value: float) -> ox.Literal:
    return _lit(f"{value:.2f}", datatype=XSD.decimal)


@lru_cache(maxsize=1024)
def _date_literal(iso: str) -> ox.Literal:
    return _lit(iso, datatype=XSD.date if len(iso) == 10 else XSD.gYearMonth)


def _rule(w: Writer, name: str) -> None:
    node = w.iri("rule/" + name)
    if not w.default.first(node):
        return
    w.default.add((node, TYPE, _n(COOP.ExtractionRule)))
    w.default.add((node, LABEL, _lit(name)))
    version = name.rsplit(".v", 1)[-1]
    if version.isdigit():
        w.default.add((node, _n(COOP.ruleVersion), _int(int(version))))


#: values a discrepancy's label lists; the others are counted
DISCREPANCY_LISTED = 5


def discrepancy_label(values: list[str]) -> str:
    """The label of a discrepancy between ``values`` (sorted N3 forms), of bounded length.

    Example:
        >>> discrepancy_label(['"1"', '"2"'])
        'valeurs divergentes : "1" / "2"'
        >>> discrepancy_label([f'"{i}"' for i in range(7)])
        'valeurs divergentes : "0" / "1" / "2" / "3" / "4" / … (7 valeurs)'
    """
    shown = " / ".join(values[:DISCREPANCY_LISTED])
    more = f" / … ({len(values)} valeurs)" if len(values) > DISCREPANCY_LISTED else ""
    return f"valeurs divergentes : {shown}{more}"


def _discrepancies(w: Writer, facts: list[Fact],
                   ev_nodes: dict[int, list[ox.NamedNode]]) -> None:
    """One ``coop:Discrepancy`` per subject and predicate given conflicting values,
    described in the graph of each document that gives one of them, with the
    statements (evidence nodes) of that document: their union links them all. A
    population that 500 documents give differently costs each document's graph a few
    triples, not 500 links (and its label lists a few values, not 500)."""
    groups: dict[tuple[str, URIRef], list[int]] = defaultdict(list)
    for i, f in enumerate(facts):
        if f.conflict:
            groups[(f.subject, f.predicate)].append(i)
    for (subject, pred), idx in sorted(groups.items()):
        node = w.iri("discrepancy/" + digest(subject, pred))
        label = _lit(discrepancy_label(sorted({w.n3(facts[i].obj) for i in idx})), "fr")
        statements: dict[str, list[ox.NamedNode]] = defaultdict(list)
        for i in idx:
            for ev, ev_node in zip(facts[i].evidence, ev_nodes[i], strict=True):
                statements[ev.doc_id].append(ev_node)
        for doc_id in sorted(statements):
            g = w.graph(doc_id)
            g.add((node, TYPE, DISCREPANCY))
            g.add((node, SUBJECT, w.iri(subject)))
            g.add((node, PREDICATE, _n(pred)))
            g.add((node, LABEL, label))
            for ev_node in statements[doc_id]:
                g.add((node, STATEMENT, ev_node))


def _keys(f: Fact) -> list[str]:
    """The entity keys a fact names (not literals, not ontology individuals)."""
    if isinstance(f.obj, (Value, URIRef)):
        return [f.subject]
    return [f.subject, f.obj]


def to_dataset(documents: Iterable[Document], entities: Iterable[Entity], facts: Iterable[Fact],
               *, base: str = DEFAULT_BASE) -> Dataset:
    """Turn documents, resolved entities and facts into an RDF dataset.

    Args:
        documents: the documents read (their metadata and text become nodes).
        entities: one per real-world thing; their ``mentions`` become NIF phrases.
        facts: resolved facts; each becomes a triple in the named graph of every
            document of its evidence, with one ``coop:Evidence`` node per sentence.
        base: the IRI below which instances are minted.

    Returns:
        An rdflib ``Dataset``; ``union(ds)`` gives the plain graph of everything.

    Raises:
        GraphError: a fact names an entity that is not among ``entities``.
    """
    return _write(documents, entities, facts, base).dataset()


def to_quads(documents: Iterable[Document], entities: Iterable[Entity], facts: Iterable[Fact],
             *, base: str = DEFAULT_BASE) -> list[ox.Quad]:
    """The quads of :func:`to_dataset` as pyoxigraph quads, without any rdflib store.

    The default graph holds the dataset description and the rules, each named
    graph a document. At a million triples this takes a fraction of the time and
    memory of rdflib's store; literals keep their exact form (an Oxigraph store
    would write ``"0.60"^^xsd:decimal`` as ``0.6``).
    """
    w = _write(documents, entities, facts, base)
    default = ox.DefaultGraph()
    quads = [ox.Quad(s, p, o, default) for s, p, o in w.default.triples]
    for name, sink in w.sinks.items():
        quads += [ox.Quad(s, p, o, name) for s, p, o in sink.triples]
        sink.triples.clear()            # free as we go
    return quads


def _write(documents: Iterable[Document], entities: Iterable[Entity], facts: Iterable[Fact],
           base: str) -> Writer:
    w = Writer(base)
    docs = list(documents)
    w._lengths = {d.id: len(d.text) for d in docs}  # type: ignore[attr-defined]
    w.default.add((ox.NamedNode(base), TYPE, _n(PROV.Collection)))
    w.default.add((ox.NamedNode(base), _n(DCTERMS.title), _lit(DATASET_TITLE, "en")))
    for doc in docs:
        _document(w, doc)
    ents = {e.key: e for e in entities}
    for e in ents.values():
        for doc_id in sorted({m.doc_id for m in e.mentions}):
            _entity(w, e, w.graph(doc_id))   # entities without mentions: with their facts
        for m in e.mentions:
            _mention(w, m, w.graph(m.doc_id))
    fact_list = list(facts)
    ev_nodes: dict[int, list[ox.NamedNode]] = {}
    for i, f in enumerate(fact_list):
        for key in _keys(f):
            if key not in ents:
                raise GraphError(f"fact {f.subject} {f.predicate} {f.obj} names unknown "
                                 f"entity {key!r}",
                                 hint="resolve the facts against the same entity list")
        ev_nodes[i] = []
        for ev in f.evidence:
            g = w.graph(ev.doc_id)
            g.add((w.iri(f.subject), _n(f.predicate), w.obj(f.obj)))
            ev_nodes[i].append(_evidence(w, f, ev, g))
            for key in _keys(f):
                _entity(w, ents[key], g)
    _discrepancies(w, fact_list, ev_nodes)
    return w


def union(ds: Dataset) -> Graph:
    """Every triple of every graph of ``ds`` in one plain rdflib ``Graph`` (prefixes bound)."""
    g = bind_prefixes(Graph())
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g
