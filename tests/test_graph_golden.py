"""Records -> RDF against a golden graph written by hand from docs/graph-model.md.

``tests/data/golden/small.trig`` was written by reading the contract, not by
dumping kg's output. Graphs are compared by isomorphism, named graph by named
graph and as a union; on failure the difference is printed both ways.
Evidence and discrepancy IRIs are opaque hashes: they are compared as blank
nodes (and checked to be minted under ``evidence/`` and ``discrepancy/``).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg.errors import GraphError
from kg.graph import to_dataset, union
from kg.model import (
    Document,
    DocumentMeta,
    Entity,
    Evidence,
    Fact,
    Mention,
    MetaRecord,
    Sentence,
    Value,
)
from kg.namespaces import COOP, DEFAULT_BASE, RDF, RDFS, XSD

GOLDEN = Path(__file__).parent / "data" / "golden" / "small.trig"
D1 = "Lyon et Montréal ont signé un accord. Montréal compte 1,7 million d'habitants."
D2 = "Montréal a 2 millions d'habitants."
LYON, MTL = "authority/ville-de-lyon", "authority/ville-de-montreal"
AGR = "agreement/ville-de-lyon--ville-de-montreal"


def _sentence(doc_id: str, text: str, start: int, end: int) -> Sentence:
    return Sentence(doc_id, start, end, text[start:end])


def _mention(doc_id: str, text: str, start: int, end: int, key: str, sent: Sentence) -> Mention:
    return Mention(doc_id, start, end, text[start:end], key, sent, "kg.rule.kb-gazetteer.v1")


def records() -> tuple[list[Document], list[Entity], list[Fact]]:
    """Two documents, three entities with mentions, four facts, a conflicting pair."""
    docs = [
        Document("d1", D1, path="corpus/d1.txt", meta=DocumentMeta(
            date="2019-06-13", title="Lyon et Montréal signent un accord", kind="press_release",
            records=(MetaRecord("date", "2019-06-13", "text", "dateline « 13 juin 2019 »"),))),
        Document("d2", D2, path="/elsewhere/d2.txt", meta=DocumentMeta(
            date="2020-01-15", kind="news_article",
            records=(MetaRecord("date", "2020-01-15", "manifest"),))),
    ]
    s1, s2 = _sentence("d1", D1, 0, 37), _sentence("d1", D1, 38, 78)
    s3 = _sentence("d2", D2, 0, 34)
    muni = (COOP.PublicAuthority, COOP.Municipality)
    entities = [
        Entity(LYON, "Ville de Lyon", muni, aliases=("Lyon",), wikidata="Q456",
               mentions=(_mention("d1", D1, 0, 4, LYON, s1),)),
        Entity(MTL, "Ville de Montréal", muni, aliases=("Montréal",), label_en="City of Montreal",
               mentions=(_mention("d1", D1, 8, 16, MTL, s1), _mention("d1", D1, 38, 46, MTL, s2),
                         _mention("d2", D2, 0, 8, MTL, s3))),
        Entity(AGR, "accord entre Ville de Lyon et Ville de Montréal", (COOP.Agreement,),
               aliases=("accord",), mentions=(_mention("d1", D1, 30, 36, AGR, s1),)),
    ]

    def ev(s: Sentence, rule: str, confidence: float, valid_on: str) -> Evidence:
        return Evidence(s.doc_id, s.start, s.end, s.text, rule, confidence, valid_on)

    parties, status = "kg.rule.agreement-parties.v1", "kg.rule.agreement-status.v1"
    pop = "kg.rule.population.v1"
    facts = [
        Fact(AGR, COOP.party, LYON, (ev(s1, parties, 0.85, "2019-06-13"),)),
        Fact(AGR, COOP.party, MTL, (ev(s1, parties, 0.85, "2019-06-13"),)),
        Fact(AGR, COOP.status, COOP.Signed, (ev(s1, status, 0.85, "2019-06-13"),)),
        Fact(MTL, COOP.population, Value("1700000", XSD.integer),
             (ev(s2, pop, 0.9, "2019-06-13"),), conflict=True),
        Fact(MTL, COOP.population, Value("2000000", XSD.integer),
             (ev(s3, pop, 0.9, "2020-01-15"),), conflict=True),
    ]
    return docs, entities, facts


def _normal(term):  # type: ignore[no-untyped-def]
    """Opaque hashed IRIs -> blank nodes; decimals in canonical form."""
    if isinstance(term, URIRef) and str(term).startswith(
            (DEFAULT_BASE + "evidence/", DEFAULT_BASE + "discrepancy/")):
        return BNode("h" + str(term).rsplit("/", 1)[1])
    if isinstance(term, Literal) and term.datatype == XSD.decimal:
        return Literal(format(Decimal(str(term)).normalize(), "f"), datatype=XSD.decimal)
    return term


def _graphs(ds: Dataset) -> dict[str, Graph]:
    out: dict[str, Graph] = {}
    for s, p, o, g in ds.quads((None, None, None, None)):
        name = getattr(g, "identifier", g)
        key = "default" if name in (None, DATASET_DEFAULT_GRAPH_ID) else str(name)
        if p == RDFS.label and (s, RDF.type, COOP.Discrepancy) in ds.graph(name):
            continue                           # free text, checked apart
        out.setdefault(key, Graph()).add((_normal(s), p, _normal(o)))
    return out


def _dump(g: Graph) -> str:
    return "\n".join(sorted(" ".join(t.n3() for t in triple) for triple in g))


def assert_isomorphic(actual: Graph, expected: Graph, name: str) -> None:
    if isomorphic(actual, expected):
        return
    _, only_actual, only_expected = graph_diff(to_isomorphic(actual), to_isomorphic(expected))
    pytest.fail(f"graph {name} differs from the golden file\n"
                f"--- only in kg's output:\n{_dump(only_actual)}\n"
                f"--- only in the golden file:\n{_dump(only_expected)}")


@pytest.fixture(scope="module")
def built() -> Dataset:
    return to_dataset(*records())


@pytest.fixture(scope="module")
def golden() -> Dataset:
    ds = Dataset()
    ds.parse(GOLDEN, format="trig")
    return ds


def test_named_graphs_match_the_golden_file(built: Dataset, golden: Dataset) -> None:
    actual, expected = _graphs(built), _graphs(golden)
    assert sorted(actual) == sorted(expected)
    for name in sorted(expected):
        assert_isomorphic(actual[name], expected[name], name)


def test_union_matches_the_golden_file(built: Dataset, golden: Dataset) -> None:
    def merged(ds: Dataset) -> Graph:
        out = Graph()
        for g in _graphs(ds).values():
            out += g
        return out
    assert_isomorphic(merged(built), merged(golden), "union")


def test_hashed_iris_are_minted_under_their_kind_and_stable(built: Dataset) -> None:
    g = union(built)
    evidence = set(g.subjects(RDF.type, COOP.Evidence))
    assert len(evidence) == 5
    assert all(str(e).startswith(DEFAULT_BASE + "evidence/") for e in evidence)
    again = union(to_dataset(*records()))
    assert set(again.subjects(RDF.type, COOP.Evidence)) == evidence


def test_conflicting_values_give_one_discrepancy(built: Dataset) -> None:
    g = union(built)
    (disc,) = set(g.subjects(RDF.type, COOP.Discrepancy))
    assert str(disc).startswith(DEFAULT_BASE + "discrepancy/")
    assert g.value(disc, RDF.subject) == URIRef(DEFAULT_BASE + MTL)
    assert g.value(disc, RDF.predicate) == COOP.population
    statements = set(g.objects(disc, COOP.statement))
    assert {g.value(e, RDF.object).toPython() for e in statements} == {1_700_000, 2_000_000}
    assert all(g.value(e, COOP.conflicting) == Literal(True) for e in statements)
    (label,) = list(g.objects(disc, RDFS.label))
    assert label.language == "fr" and "1700000" in label and "2000000" in label
    others = set(g.subjects(RDF.type, COOP.Evidence)) - statements
    assert len(others) == 3 and not any((e, COOP.conflicting, None) in g for e in others)


def test_a_value_many_documents_give_differently_costs_each_document_a_few_triples() -> None:
    """Each document's graph holds the discrepancy with its own statement only, and a
    label of bounded length: 40 documents, not 40 x 40 links."""
    from kg.graph import to_quads

    n = 40
    docs, entities, facts = [], [], []
    mentions = []
    for i in range(n):
        text = f"Montréal compte {1000 + i} habitants."
        doc_id = f"p{i:02d}"
        sent = _sentence(doc_id, text, 0, len(text))
        docs.append(Document(doc_id, text))
        mentions.append(_mention(doc_id, text, 0, 8, MTL, sent))
        facts.append(Fact(MTL, COOP.population, Value(str(1000 + i), XSD.integer),
                          (Evidence(doc_id, 0, len(text), text, "kg.rule.population.v1", 0.9,
                                    None),), conflict=True))
    entities = [Entity(MTL, "Ville de Montréal", (COOP.Municipality,), mentions=tuple(mentions))]
    quads = to_quads(docs, entities, facts)
    statement = COOP.statement.toPython()
    per_graph: dict[str, int] = {}
    for q in quads:
        if q.predicate.value == statement:
            per_graph[q.graph_name.value] = per_graph.get(q.graph_name.value, 0) + 1
    assert len(per_graph) == n and set(per_graph.values()) == {1}
    union_statements = {(q.subject, q.object) for q in quads if q.predicate.value == statement}
    assert len(union_statements) == n                # the union links every statement
    labels = {q.object.value for q in quads if q.predicate.value == RDFS.label.toPython()
              and q.subject.value.startswith(DEFAULT_BASE + "discrepancy/")}
    (label,) = labels
    assert label.startswith('valeurs divergentes : "1000"') and label.endswith("(40 valeurs)")
    assert len(label) < 400


def test_no_discrepancy_without_conflict() -> None:
    docs, entities, facts = records()
    facts = [f for f in facts if f.obj != Value("2000000", XSD.integer)]
    from dataclasses import replace
    g = union(to_dataset(docs, entities, [replace(f, conflict=False) for f in facts]))
    assert not set(g.subjects(RDF.type, COOP.Discrepancy))
    assert not set(g.subjects(COOP.conflicting, None))


def test_a_fact_naming_an_unknown_entity_is_a_graph_error() -> None:
    docs, entities, facts = records()
    with pytest.raises(GraphError) as info:
        to_dataset(docs, [e for e in entities if e.key != LYON], facts)
    assert LYON in str(info.value) and info.value.hint


def test_an_entity_without_mentions_stays_out_of_the_default_graph() -> None:
    docs, entities, facts = records()
    from dataclasses import replace
    entities = [replace(e, mentions=()) if e.key == AGR else e for e in entities]
    ds = to_dataset(docs, entities, facts)
    agr = URIRef(DEFAULT_BASE + AGR)
    assert (agr, RDF.type, COOP.Agreement) in ds.graph(URIRef(DEFAULT_BASE + "document/d1"))
    assert (agr, None, None) not in ds.default_graph


def test_the_quads_a_build_writes_are_the_dataset_s_in_rdflib() -> None:
    """kg build writes kg.graph.to_quads (pyoxigraph terms made directly); it must hold
    the very quads of to_dataset, whose literals rdflib makes, with typed values in
    rdflib's lexical form ("012" and "١٢" as integers are "12", "0.60" stays "0.60"),
    and the same evidence IRIs and discrepancy label."""
    from kg.export import to_oxigraph_quads
    from kg.graph import to_quads

    docs, entities, facts = records()
    s1 = entities[0].mentions[0].sentence

    def ev(rule: str) -> tuple[Evidence, ...]:
        return (Evidence("d1", s1.start, s1.end, s1.text, rule, 0.6, "2019-06"),)

    facts += [
        Fact(LYON, COOP.memberCount, Value("012", XSD.nonNegativeInteger), ev("kg.rule.a.v1")),
        Fact(MTL, COOP.memberCount, Value("١٢", XSD.nonNegativeInteger), ev("kg.rule.b.v1"),
             conflict=True),
        Fact(MTL, COOP.memberCount, Value("13", XSD.nonNegativeInteger), ev("kg.rule.c.v1"),
             conflict=True),
        Fact(LYON, COOP.areaKm2, Value("0.60", XSD.decimal), ev("kg.rule.d.v1")),
        Fact(AGR, RDFS.comment, Value("un « accord »\n", lang="fr-FR"), ev("kg.rule.e.v1")),
    ]
    direct = {str(q) for q in to_quads(docs, entities, facts)}
    through_rdflib = {str(q) for q in to_oxigraph_quads(to_dataset(docs, entities, facts))}
    assert direct == through_rdflib
    assert any('"12"^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger>' in q
               for q in direct)
    assert any('"0.60"^^<http://www.w3.org/2001/XMLSchema#decimal>' in q for q in direct)
