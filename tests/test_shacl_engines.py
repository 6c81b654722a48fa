"""The SHACL shapes compiled to SPARQL (kg.shaclquery, on Oxigraph) find exactly what pySHACL
finds: on every example of ontology/examples, on built graphs with faults put in, on random
graphs made of kg's vocabulary, and on shapes written for the occasion."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef

from kg.background import Background
from kg.build import build_quads
from kg.config import BuildConfig, ontology_dir
from kg.errors import ValidationError
from kg.namespaces import COOP, DCTERMS, FOAF, NIF, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD
from kg.shaclquery import Unsupported, compile_shapes, validate_quads, validate_rdf_file
from kg.validate import load_ontology, rdflib_graph, read_graph, validate

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ontology_dir() / "examples").glob("*.ttl"))


def both(graph: Graph, shapes: Path | None = None) -> tuple[Any, Any]:
    return (validate(graph, engine="pyshacl", shapes=shapes),
            validate(graph, engine="oxigraph", shapes=shapes))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_both_engines_agree_on_every_example(path: Path) -> None:
    reference, compiled = both(read_graph(path))
    assert compiled == reference
    assert compiled.conforms == path.name.endswith(".valid.ttl")


# -- built graphs ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def quads() -> list[ox.Quad]:
    folders = sorted((ROOT / "tests" / "corpora").iterdir())[:3]
    found, _ = build_quads([*folders], BuildConfig(cache=False))
    return found


def _broken(quads: list[ox.Quad]) -> list[ox.Quad]:
    """Three violations: a fact (an agreement dated with text), a provenance node (a phrase
    whose offsets do not fit its anchor) and an evidence without its subject."""
    nn = ox.NamedNode
    agreement = next(q.subject for q in quads
                     if q.predicate == nn(str(RDF.type)) and q.object == nn(str(COOP.Agreement)))
    anchored = {q.subject for q in quads if q.predicate == nn(str(NIF.anchorOf))}
    phrase = next(q for q in quads
                  if q.predicate == nn(str(NIF.endIndex)) and q.subject in anchored)
    evidence = next(q.subject for q in quads
                    if q.predicate == nn(str(RDF.type)) and q.object == nn(str(COOP.Evidence)))
    out = [q for q in quads if q is not phrase
           and not (q.subject == evidence and q.predicate == nn(str(RDF.subject)))]
    out.append(ox.Quad(agreement, nn(str(COOP.signedOn)), ox.Literal("6 nov."),
                       phrase.graph_name))
    out.append(ox.Quad(phrase.subject, phrase.predicate,
                       ox.Literal("1", datatype=nn(str(XSD.integer))), phrase.graph_name))
    return out


@pytest.mark.slow
def test_a_built_graph_conforms_for_both_engines(quads: list[ox.Quad]) -> None:
    compiled = validate_quads(quads)
    assert compiled.conforms, compiled.summary()
    assert compiled == validate(rdflib_graph(quads), engine="pyshacl")


@pytest.mark.slow
def test_both_engines_find_the_same_faults_in_a_built_graph(quads: list[ox.Quad]) -> None:
    broken = _broken(quads)
    compiled = validate_quads(broken)
    shapes = {v.shape.rsplit("#", 1)[-1] for v in compiled.violations}
    assert any(s.startswith("SignedOnShape") for s in shapes)
    assert any(s.startswith("EvidenceShape") for s in shapes)
    assert any(s.startswith("AnchorLength") or s.startswith("PhraseShape") for s in shapes)
    assert compiled == validate(rdflib_graph(broken), engine="pyshacl")


@pytest.mark.slow
@pytest.mark.parametrize("suffix", ["ttl", "nq"])
def test_the_shacl_process_of_kg_build_jobs_reads_a_file_to_the_same_report(
        quads: list[ox.Quad], tmp_path: Path, suffix: str) -> None:
    """kg build --jobs checks SHACL in a new process that loads the graph.ttl it wrote
    (kg.build._check_aside); with faults put in, the report is the same as from the
    quads in memory, and from an N-Quads file (read as the union of its graphs)."""
    from kg.export import serialize_into, sort_quads

    broken = _broken(quads)
    path = tmp_path / f"graph.{suffix}"
    with open(path, "wb") as fh:
        serialize_into(sort_quads(broken), ox.RdfFormat.from_extension(suffix), fh)
    aside = Background(validate_rdf_file, str(path), method="exec").result()
    assert not aside.conforms and aside == validate_quads(broken)


def test_a_triple_in_several_graphs_counts_once() -> None:
    a, p = ox.NamedNode("urn:x:a"), ox.NamedNode(str(COOP.signedOn))
    date = ox.Literal("2017-11-06", datatype=ox.NamedNode(str(XSD.date)))
    quads = [ox.Quad(a, p, date, ox.NamedNode(f"urn:x:g{i}")) for i in range(3)]
    report = validate_quads(quads)
    assert report.conforms and report.triples == 1


# -- random graphs of kg's vocabulary -------------------------------------------------------

NODES = [URIRef(f"https://w3id.org/coop-kg/id/n{i}") for i in range(4)]
PREDICATES = [RDF.type, RDFS.label, COOP.party, COOP.signatory, COOP.signedOn, COOP.status,
              COOP.population, COOP.areaKm2, ORG.postIn, ORG.role, ORG.holds, SKOS.inScheme,
              OWL.sameAs, NIF.beginIndex, NIF.endIndex, NIF.anchorOf, NIF.referenceContext,
              RDF.subject, RDF.predicate, RDF.object, COOP.rule, COOP.confidence,
              PROV.wasDerivedFrom, DCTERMS.date, DCTERMS.source, COOP.participant,
              COOP.withinFrameworkOf, COOP.statement, COOP.ruleVersion]
CLASSES = [COOP.Agreement, COOP.Partnership, FOAF.Person, ORG.Organization, COOP.County,
           ORG.Post, ORG.Role, SKOS.Concept, COOP.Evidence, NIF.Phrase, NIF.Sentence,
           NIF.Context, COOP.ExtractionRule, COOP.Discrepancy, COOP.SourceDocument,
           COOP.MetadataRecord]
LITERALS = [Literal("Lyon", lang="fr"), Literal("Lyon", lang="en"), Literal("Lyon"),
            Literal("Ville de Lyon", lang="fr"), Literal("2017-11-06", datatype=XSD.date),
            Literal("6 nov.", datatype=XSD.date), Literal("2017-11", datatype=XSD.gYearMonth),
            Literal(3), Literal(0), Literal(-2), Literal("0.5", datatype=XSD.decimal),
            Literal("1e-05", datatype=XSD.decimal), Literal("x", datatype=XSD.integer),
            Literal("kg.rule.signing.v1"), Literal("http://www.wikidata.org/entity/Q90"),
            Literal("4"), Literal(1.5)]
OBJECTS = NODES + CLASSES + LITERALS + [COOP.Signed, COOP.InPreparation, COOP.Roles,
                                        COOP.Sectors, URIRef("http://www.wikidata.org/entity/Q90"),
                                        URIRef("http://www.wikidata.org/entity/Q0")]
triples = st.lists(st.tuples(st.sampled_from(NODES), st.sampled_from(PREDICATES),
                             st.sampled_from(OBJECTS)), min_size=1, max_size=25)


@pytest.mark.slow
@settings(max_examples=30, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(triples)
def test_both_engines_agree_on_random_graphs(found: list[tuple[Any, Any, Any]]) -> None:
    graph = Graph()
    for t in found:
        graph.add(t)
    reference, compiled = both(graph)
    assert compiled == reference


# -- shapes of one's own --------------------------------------------------------------------

OWN_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:S a sh:NodeShape ; sh:targetNode ex:a , ex:b ; sh:message "own"@en ;
    sh:property ex:P1 , ex:P2 , ex:P3 , ex:P4 .
ex:P1 a sh:PropertyShape ; sh:path ex:size ; sh:maxExclusive 10 ; sh:nodeKind sh:Literal .
ex:P2 a sh:PropertyShape ; sh:path ex:code ; sh:pattern "^ab" ; sh:flags "i" ;
    sh:in ( "AB1" "ab2" "xy" ) .
ex:P3 a sh:PropertyShape ; sh:path ex:name ; sh:qualifiedValueShape [ sh:languageIn ( "en" ) ] ;
    sh:qualifiedMaxCount 1 ; sh:not [ sh:hasValue "bad"@en ] .
ex:P4 a sh:PropertyShape ; sh:path ex:link ; sh:nodeKind sh:BlankNodeOrLiteral ; sh:minCount 2 .
ex:T a sh:NodeShape ; sh:targetSubjectsOf ex:size ; sh:hasValue ex:a .
"""
OWN_DATA = """
@prefix ex: <http://example.org/> .
ex:a ex:size 3 , 12 , ex:c ; ex:code "ABc" , "xy" , "ab2" ; ex:name "x"@en , "y"@en-GB , "z"@fr ;
    ex:link ex:c .
ex:b ex:name "bad"@en ; ex:link "l1" , "l2" .
ex:c ex:size 1 .
"""


def test_both_engines_agree_on_shapes_of_ones_own(tmp_path: Path) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(OWN_SHAPES, encoding="utf-8")
    data = Graph().parse(data=OWN_DATA, format="turtle")
    reference, compiled = both(data, shapes)

    def found(report: Any) -> set[tuple[Any, ...]]:       # no sh:message: each has its own words
        return {(v.focus, v.path, v.value, v.shape, v.severity) for v in report.violations}
    assert found(compiled) == found(reference) and len(found(compiled)) == 9
    names = {(v.shape.rsplit("/", 1)[-1], v.value) for v in compiled.violations}
    assert ("P1", '"12"^^xsd:integer') in names and ("P1", "http://example.org/c") in names
    assert ("P2", '"xy"') in names and ("P2", '"ABc"') in names
    assert ("P4", None) in names and ("T", None) in names
    assert all("constraint of its shape" in v.message for v in compiled.violations)


def test_each_pattern_takes_the_flags_of_its_own_shape(tmp_path: Path) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("""
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property ex:Strict , ex:Loose .
ex:Strict a sh:PropertyShape ; sh:path ex:code ; sh:pattern "^ab" .
ex:Loose a sh:PropertyShape ; sh:path ex:code ; sh:pattern "^ab" ; sh:flags "i" .
""", encoding="utf-8")
    data = Graph().parse(data='<http://example.org/a> <http://example.org/code> "ABc" .',
                         format="turtle")
    reference, compiled = both(data, shapes)
    assert [v.shape for v in compiled.violations] == ["http://example.org/Strict"]
    assert [v.shape for v in reference.violations] == ["http://example.org/Strict"]


def test_shapes_beyond_the_compiled_subset_fall_back_to_pyshacl(tmp_path: Path) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("""
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
ex:S a sh:NodeShape ; sh:targetNode ex:a ;
    sh:property [ sh:path ( ex:p ex:q ) ; sh:minCount 1 ] .
""", encoding="utf-8")
    with pytest.raises(Unsupported):
        compile_shapes(Graph().parse(shapes), load_ontology())
    data = Graph().parse(data="<http://example.org/a> <http://example.org/p> 1 .",
                         format="turtle")
    assert not validate(data, shapes=shapes).conforms          # auto: pyshacl did it
    with pytest.raises(ValidationError, match="--engine pyshacl"):
        validate(data, shapes=shapes, engine="oxigraph")
    with pytest.raises(ValidationError, match="unknown SHACL engine"):
        validate(data, engine="fast")


def test_a_file_whose_format_cannot_be_told_is_a_clear_error(tmp_path: Path) -> None:
    notes = tmp_path / "graph.data"
    notes.write_text("")
    with pytest.raises(ValidationError, match="from its suffix") as info:
        validate_rdf_file(str(notes))
    assert ".ttl" in (info.value.hint or "")


def test_only_a_file_kg_wrote_itself_skips_the_parser_checks(tmp_path: Path) -> None:
    """kg build loads its own graph.ttl leniently (own=True); any other file strictly."""
    odd = tmp_path / "graph.ttl"
    odd.write_text("<http://e/a> <http://e/p> <http://e/x^y> .\n")
    with pytest.raises(SyntaxError, match="Invalid IRI"):
        validate_rdf_file(str(odd))
    assert validate_rdf_file(str(odd), own=True).triples == 1


def test_checks_on_two_threads_find_the_same_violations_in_the_same_order(
        quads: list[ox.Quad]) -> None:
    """kg build --jobs 2 runs SHACL's checks on two threads (kg.shaclquery.run_checks)."""
    from kg.shaclquery import _default_checks, run_checks

    checks, onto = _default_checks(ontology_dir())
    store = ox.Store()
    store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object) for q in _broken(quads))
    store.bulk_extend(onto)
    one = run_checks(store, checks)
    assert one and run_checks(store, checks, threads=2) == one
