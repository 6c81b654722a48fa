"""Provenance over the whole exported graph of the example build (graph.trig).

Every fact triple has an evidence node naming it, derived from a NIF sentence
whose text is exactly its slice of the document; every mention's text is its
slice; each fact sits in the named graph of every document that states it;
the undated news article got an inferred date and says so; the agreement both
documents report is one node with evidence from both.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef

from kg.namespaces import COOP, DCTERMS, NIF, ORG, PROV, RDF, SCHEMA

pytestmark = pytest.mark.slow

#: the fact predicates of docs/graph-model.md
FACT_PREDICATES = {
    COOP.party, COOP.signatory, COOP.witness, COOP.signedOn, COOP.status, COOP.population,
    COOP.areaKm2, COOP.strategicSector, COOP.sectorActor, COOP.priorityDestination,
    COOP.collaborationField, COOP.participant, SCHEMA.containedInPlace, SCHEMA.foundingDate,
    ORG.holds, ORG.postIn, ORG.role,
}
PRESS = "003_c4864da80b107cac"
NEWS = "000_313e9df5565c7252"


@pytest.fixture(scope="module")
def dataset(example_build: Path) -> Dataset:
    ds = Dataset()
    ds.parse(example_build / "graph.trig", format="trig")
    return ds


@pytest.fixture(scope="module")
def g(dataset: Dataset) -> Graph:
    out = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        out.add((s, p, o))
    return out


def _text_of(g: Graph, span: URIRef) -> str:
    ctx = g.value(span, NIF.referenceContext)
    assert ctx is not None and (ctx, RDF.type, NIF.Context) in g, f"{span}: no nif:Context"
    text = g.value(ctx, NIF.isString)
    assert text is not None, f"{ctx}: no nif:isString"
    return str(text)


def _check_slice(g: Graph, span: URIRef) -> None:
    begin, end = g.value(span, NIF.beginIndex), g.value(span, NIF.endIndex)
    anchor = g.value(span, NIF.anchorOf)
    assert None not in (begin, end, anchor), f"{span}: begin, end or anchorOf missing"
    assert _text_of(g, span)[int(begin):int(end)] == str(anchor), span


def _evidence(g: Graph) -> dict[tuple, list[URIRef]]:
    out: dict[tuple, list[URIRef]] = defaultdict(list)
    for e in g.subjects(RDF.type, COOP.Evidence):
        triple = (g.value(e, RDF.subject), g.value(e, RDF.predicate), g.value(e, RDF.object))
        out[triple].append(e)
    return out


def _facts(g: Graph) -> list[tuple]:
    return [(s, p, o) for p in FACT_PREDICATES for s, o in g.subject_objects(p)]


def test_the_example_build_has_every_kind_of_fact(g: Graph) -> None:
    assert {p for _, p, _ in _facts(g)} == FACT_PREDICATES


def test_every_fact_has_evidence_from_an_exact_sentence(g: Graph) -> None:
    evidence = _evidence(g)
    problems = []
    for triple in _facts(g):
        nodes = evidence.get(triple)
        if not nodes:
            problems.append(f"no evidence: {triple}")
            continue
        for e in nodes:
            sentence = g.value(e, PROV.wasDerivedFrom)
            if sentence is None or (sentence, RDF.type, NIF.Sentence) not in g:
                problems.append(f"{e}: not derived from a nif:Sentence")
                continue
            _check_slice(g, sentence)
            rule = g.value(e, COOP.rule)
            if rule is None or (rule, RDF.type, COOP.ExtractionRule) not in g:
                problems.append(f"{e}: no coop:rule that is a coop:ExtractionRule")
            conf = g.value(e, COOP.confidence)
            if conf is None or not 0 < float(conf) <= 1:
                problems.append(f"{e}: confidence {conf}")
            if g.value(e, DCTERMS.source) is None:
                problems.append(f"{e}: no dcterms:source document")
    assert not problems, "\n".join(problems[:20])


def test_rules_are_named_and_versioned(g: Graph) -> None:
    rules = set(g.subjects(RDF.type, COOP.ExtractionRule))
    assert rules
    for r in rules:
        label = str(g.value(r, URIRef("http://www.w3.org/2000/01/rdf-schema#label")))
        assert label.startswith("kg.rule.") and label.rsplit(".v", 1)[1].isdigit(), label
        assert str(r).endswith("rule/" + label)


TA_IDENT_REF = URIRef("http://www.w3.org/2005/11/its/rdf#taIdentRef")


def _phrases(g: Graph, agreements: bool) -> list[URIRef]:
    return [ph for ph in g.subjects(RDF.type, NIF.Phrase)
            if ("/agreement/" in str(g.value(ph, TA_IDENT_REF))) == agreements]


def test_every_entity_phrase_is_its_slice_of_the_text(g: Graph) -> None:
    phrases = _phrases(g, agreements=False)
    assert len(phrases) > 50
    for ph in phrases:
        _check_slice(g, ph)
        assert g.value(ph, TA_IDENT_REF) is not None, ph
        sentence = g.value(ph, NIF.sentence)
        assert sentence is not None and (sentence, RDF.type, NIF.Sentence) in g, ph
        _check_slice(g, sentence)
        assert int(g.value(sentence, NIF.beginIndex)) <= int(g.value(ph, NIF.beginIndex))
        assert int(g.value(ph, NIF.endIndex)) <= int(g.value(sentence, NIF.endIndex))


def test_every_agreement_phrase_is_its_slice_of_the_text(g: Graph) -> None:
    phrases = _phrases(g, agreements=True)
    assert len(phrases) >= 3
    bad = []
    for ph in phrases:
        begin, end = int(g.value(ph, NIF.beginIndex)), int(g.value(ph, NIF.endIndex))
        if _text_of(g, ph)[begin:end] != str(g.value(ph, NIF.anchorOf)):
            bad.append(str(ph))
    assert not bad, bad


def test_each_fact_is_in_the_graph_of_each_document_stating_it(dataset: Dataset, g: Graph
                                                               ) -> None:
    evidence = _evidence(g)
    missing = []
    for triple in _facts(g):
        docs = {g.value(e, DCTERMS.source) for e in evidence.get(triple, [])}
        assert docs, triple
        for d in docs:
            assert (d, RDF.type, COOP.SourceDocument) in g, d
            if triple not in dataset.graph(d):
                missing.append(f"{triple} not in graph {d}")
            for e in evidence[triple]:
                if g.value(e, DCTERMS.source) == d and (e, RDF.type, COOP.Evidence) not in \
                        dataset.graph(d):
                    missing.append(f"evidence {e} not in graph {d}")
    assert not missing, "\n".join(missing[:20])


def test_the_default_graph_holds_no_fact(dataset: Dataset) -> None:
    default = dataset.default_graph
    assert not [t for t in default if t[1] in FACT_PREDICATES]


def _document(g: Graph, doc_id: str) -> URIRef:
    (d,) = [d for d in g.subjects(RDF.type, COOP.SourceDocument)
            if str(d).endswith("document/" + doc_id)]
    return d


def test_the_undated_news_article_got_an_inferred_date(g: Graph) -> None:
    news = _document(g, NEWS)
    assert g.value(news, DCTERMS.date) == Literal("2017-11-06", datatype=URIRef(
        "http://www.w3.org/2001/XMLSchema#date"))
    records = [r for r in g.objects(news, COOP.metadata) if str(g.value(r, COOP.field)) == "date"]
    assert [g.value(r, COOP.origin) for r in records] == [COOP.InferredFromCorpus]
    assert str(g.value(records[0], COOP.value)) == "2017-11-06"
    press = _document(g, PRESS)
    press_origins = {g.value(r, COOP.origin) for r in g.objects(press, COOP.metadata)
                     if str(g.value(r, COOP.field)) == "date"}
    assert press_origins == {COOP.ReadFromText}


def test_the_agreement_both_documents_report_is_one_node(g: Graph) -> None:
    evidence = _evidence(g)
    docs_of: dict[URIRef, set[URIRef]] = defaultdict(set)
    for (s, p, _), nodes in evidence.items():
        if p == COOP.party:
            docs_of[s] |= {g.value(e, DCTERMS.source) for e in nodes}
    both = {a for a, docs in docs_of.items() if len(docs) == 2}
    assert len(both) == 1, docs_of
    agreement = both.pop()
    assert (agreement, RDF.type, COOP.CooperationAgreement) in g
    signed_on = {g.value(e, DCTERMS.source) for e in evidence[
        (agreement, COOP.signedOn, Literal("2017-11-06", datatype=URIRef(
            "http://www.w3.org/2001/XMLSchema#date")))]}
    assert signed_on == {_document(g, PRESS), _document(g, NEWS)}


def test_a_signatory_is_traced_to_its_sentence_by_sparql(g: Graph) -> None:
    rows = list(g.query("""
        PREFIX coop: <https://w3id.org/coop-kg/ontology#>
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?name ?text ?rule WHERE {
          ?a coop:signatory ?p . ?p rdfs:label ?name .
          ?e rdf:subject ?a ; rdf:predicate coop:signatory ; rdf:object ?p ;
             prov:wasDerivedFrom ?s ; coop:rule ?r . ?r rdfs:label ?rule .
          ?s nif:anchorOf ?text .
        }"""))
    assert {str(r.name) for r in rows} == {"Jean-Claude Gaudin", "Esteban Bovo"}
    for r in rows:
        assert str(r.name) in str(r.text) and "a signé cet accord" in str(r.text)
        assert str(r.rule) == "kg.rule.agreement-signatory.v1"
