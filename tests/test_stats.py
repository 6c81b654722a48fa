"""kg.stats and ``kg stats``: the entity graph, centrality, communities, paths, the command.

A small hand-written graph checks exact answers; the example corpus (built once per
session) checks that what is reported is really in the RDF.
"""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Dataset, Graph, URIRef
from typer.testing import CliRunner

from kg.cli import app
from kg.entitygraph import StatsError, entity_graph, find_entity
from kg.namespaces import COOP, NIF, OWL, RDF
from kg.query import load
from kg.stats import (
    betweenness_centrality,
    communities,
    degree_centrality,
    graph_stats,
    shortest_path,
    summary,
)
from kg.viz.vocab import expand

ID = "https://w3id.org/coop-kg/id/"

# 8 entities (an agreement, two persons, a post, two authorities, a signing, an island),
# 8 linked pairs, 9 facts (the signing and the agreement are linked both ways); a role,
# a figure, a document, a mention, an evidence node and a rule that must stay out.
SMALL = """
@prefix coop: <https://w3id.org/coop-kg/ontology#> . @prefix id: <https://w3id.org/coop-kg/id/> .
@prefix org: <http://www.w3.org/ns/org#> . @prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix schema: <https://schema.org/> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
@prefix itsrdf: <http://www.w3.org/2005/11/its/rdf#> .
id:k a coop:Agreement ; rdfs:label "Accord K"@fr ; coop:party id:o1, id:o2 ;
    coop:signatory id:a, id:b ; coop:signingEvent id:e .
id:a a foaf:Person ; rdfs:label "Anne Émery"@fr ; org:holds id:p .
id:b a foaf:Person ; rdfs:label "Bruno Dupont"@fr .
id:p a org:Post ; rdfs:label "maire de Ville Un"@fr ; org:postIn id:o1 ; org:role id:r .
id:r a org:Role, skos:Concept ; rdfs:label "maire"@fr .
id:o1 a coop:Municipality, coop:PublicAuthority, org:Organization ; rdfs:label "Ville Un"@fr ;
    coop:figure id:f .
id:o2 a coop:County, coop:PublicAuthority ; rdfs:label "Comté Deux"@fr ; skos:altLabel "Deux"@fr .
id:e a coop:Signing ; rdfs:label "signature"@fr ; coop:participant id:a ; schema:about id:k .
id:x a schema:City, schema:Place ; rdfs:label "Île Seule"@fr .
id:f a coop:Figure ; rdfs:label "3 ports"@fr .
id:doc a coop:SourceDocument ; rdfs:label "doc"@fr ;
    coop:hasContext <https://w3id.org/coop-kg/id/doc#char=0,9> .
<https://w3id.org/coop-kg/id/doc#char=0,9> a nif:Context ; nif:isString "Anne Émery" .
<https://w3id.org/coop-kg/id/doc#char=0,4> a nif:Phrase ; itsrdf:taIdentRef id:a ;
    nif:referenceContext <https://w3id.org/coop-kg/id/doc#char=0,9> .
id:ev a coop:Evidence ; rdf:subject id:k ; rdf:predicate coop:signatory ; rdf:object id:a ;
    coop:rule id:rule ; prov:wasDerivedFrom <https://w3id.org/coop-kg/id/doc#char=0,9> .
id:rule a coop:ExtractionRule ; rdfs:label "kg.rule.signatory.v1" .
"""


@pytest.fixture(scope="module")
def small() -> nx.Graph:
    return entity_graph(Graph().parse(data=SMALL, format="turtle"))


def test_small_graph_has_the_entities_and_facts_only(small: nx.Graph) -> None:
    assert sorted(small) == [ID + n for n in ("a", "b", "e", "k", "o1", "o2", "p", "x")]
    s = summary(small)
    assert (s.nodes, s.edges, s.facts, s.components, s.largest_component, s.isolated) == (
        8, 8, 9, 2, 7, 1)
    assert s.density == round(8 / 28, 6)
    assert small.nodes[ID + "o1"]["rdf_class"] == "coop:Municipality"  # the most specific
    assert small.nodes[ID + "o2"]["names"] == ("Comté Deux", "Deux")
    assert small.edges[ID + "a", ID + "p"]["predicate"] == "org:holds"
    assert small.edges[ID + "e", ID + "k"]["facts"] == (
        (ID + "e", "schema:about", ID + "k"), (ID + "k", "coop:signingEvent", ID + "e"))


def test_roles_and_figures_only_when_asked() -> None:
    net = entity_graph(Graph().parse(data=SMALL, format="turtle"), exclude=())
    assert {ID + "r", ID + "f"} < set(net)
    assert net.edges[ID + "p", ID + "r"]["predicate"] == "org:role"


def test_small_graph_centrality_is_known_exactly(small: nx.Graph) -> None:
    degree = degree_centrality(small, top=3)
    assert [(r.label, r.neighbours, r.score) for r in degree] == [
        ("Accord K", 5, round(5 / 7, 6)), ("Anne Émery", 3, round(3 / 7, 6)),
        ("maire de Ville Un", 2, round(2 / 7, 6))]  # ties (p, o1, e: 2) go by label
    # Over the 21 pairs of the 7 linked entities: K is on every route from b, o2 and e to
    # the others bar e-p (e-a-p) and half of a-o1 (a-k-o1 or a-p-o1): 10.5 pairs; a is on
    # e-p and on half of k-p, b-p, o2-p (by a or by o1): 2.5; o1 on the other halves: 1.5;
    # p on half of a-o1: 0.5.
    between = {r.label: r.score for r in betweenness_centrality(small, top=8)}
    assert between == {"Accord K": 0.5, "Anne Émery": round(2.5 / 21, 6),
                       "Ville Un": round(1.5 / 21, 6), "maire de Ville Un": round(0.5 / 21, 6),
                       "Bruno Dupont": 0.0, "Comté Deux": 0.0, "signature": 0.0,
                       "Île Seule": 0.0}


def test_small_graph_path_reads_in_rdf_direction(small: nx.Graph) -> None:
    path = shortest_path(small, "anne emery", "DEUX")
    assert str(path) == "Anne Émery ←coop:signatory– Accord K –coop:party→ Comté Deux"
    assert [n.label for n in path.nodes] == ["Anne Émery", "Accord K", "Comté Deux"]
    missing = shortest_path(small, "Bruno Dupont", "Île Seule")
    assert not missing.found and missing.hops == ()
    assert str(missing) == "no path links Bruno Dupont and Île Seule"


def test_names_resolve_exactly_first_then_by_part(small: nx.Graph) -> None:
    assert find_entity(small, "maire") == ID + "p"      # the role is out: only the post has it
    assert find_entity(small, "ville un") == ID + "o1"  # exact beats "maire de Ville Un"
    assert find_entity(small, ID + "b") == ID + "b"
    with pytest.raises(StatsError) as ambiguous:
        find_entity(small, "Ville")
    assert "Ville Un (authority)" in ambiguous.value.hint
    assert "maire de Ville Un (post)" in ambiguous.value.hint
    with pytest.raises(StatsError) as unknown:
        find_entity(small, "Anne Emeri")
    assert unknown.value.hint == "did you mean: Anne Émery?"


def test_small_graph_communities_partition_it(small: nx.Graph) -> None:
    parts = communities(small)
    members = [m.iri for c in parts for m in c.members]
    assert sorted(members) == sorted(small) and len(members) == len(set(members))
    assert parts[-1].members[0].label == "Île Seule" and parts[-1].size == 1
    assert communities(small) == parts


# -- the example corpus -------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus(example_build: Path) -> tuple[Dataset, nx.Graph]:
    rdf = load(example_build / "graph.trig")
    return rdf, entity_graph(rdf)


def _check_hops(rdf: Graph, path) -> None:  # type: ignore[no-untyped-def]
    for a, hop, b in zip(path.nodes, path.hops, path.nodes[1:], strict=False):
        s, o = (a, b) if hop.forward else (b, a)
        assert (URIRef(s.iri), expand(hop.predicate), URIRef(o.iri)) in rdf, (s, hop, o)


@pytest.mark.slow
def test_corpus_path_is_made_of_facts_of_the_graph(corpus: tuple[Dataset, nx.Graph]) -> None:
    rdf, net = corpus
    path = shortest_path(net, "Martine Vassal", "Esteban Bovo")
    assert path.found and len(path.hops) == 2  # both at the signing of the agreement
    assert path.nodes[0].label == "Martine Vassal" and path.nodes[-1].label == "Esteban Bovo"
    _check_hops(rdf, path)


@pytest.mark.slow
def test_corpus_path_from_martine_vassal_to_the_beacon_council(
        corpus: tuple[Dataset, nx.Graph]) -> None:
    rdf, net = corpus
    path = shortest_path(net, "Martine Vassal", "Beacon Council")
    assert path.target.label == "Miami-Dade Beacon Council"
    assert path.found
    _check_hops(rdf, path)


@pytest.mark.slow
def test_corpus_degree_counts_the_neighbours_in_the_rdf(corpus: tuple[Dataset, nx.Graph]) -> None:
    rdf, net = corpus
    nodes = {URIRef(n) for n in net}
    neighbours = {n: set() for n in nodes}
    for s, p, o, _ in rdf.quads((None, None, None, None)):
        if s in nodes and o in nodes and s != o and p not in (RDF.type, OWL.sameAs):
            neighbours[s].add(o)
            neighbours[o].add(s)
    ranked = degree_centrality(net, top=len(net))
    assert all(0.0 <= r.score <= 1.0 for r in ranked)
    assert all(r.neighbours == len(neighbours[URIRef(r.iri)]) for r in ranked)
    assert ranked[0].neighbours == max(len(v) for v in neighbours.values())
    assert ranked[0].label == "Métropole Aix-Marseille-Provence"
    between = betweenness_centrality(net, top=len(net))
    assert all(0.0 <= r.score <= 1.0 for r in between)


@pytest.mark.slow
def test_corpus_communities_partition_the_entities(corpus: tuple[Dataset, nx.Graph]) -> None:
    _, net = corpus
    members = [m.iri for c in communities(net) for m in c.members]
    assert sorted(members) == sorted(net) and len(members) == len(set(members))


@pytest.mark.slow
def test_corpus_leaves_provenance_out(corpus: tuple[Dataset, nx.Graph]) -> None:
    rdf, net = corpus
    plumbing = (COOP.Evidence, COOP.SourceDocument, COOP.ExtractionRule, COOP.MetadataRecord,
                NIF.Context, NIF.Sentence, NIF.Phrase)
    hidden = {str(s) for cls in plumbing for s in rdf.subjects(RDF.type, cls)}
    assert len(hidden) > 200 and not hidden & set(net)
    assert not any("#char=" in n for n in net)
    predicates = {f[1] for _, _, facts in net.edges(data="facts") for f in facts}
    assert "org:holds" in predicates and "coop:party" in predicates
    assert not predicates & {"rdf:type", "owl:sameAs", "itsrdf:taIdentRef", "coop:rule",
                             "rdf:subject", "prov:wasDerivedFrom", "nif:sentence"}


@pytest.mark.slow
def test_same_stats_from_turtle_trig_and_jsonld(example_build: Path) -> None:
    answers = [graph_stats(example_build / f"graph.{ext}", top=5,
                           path=("vassal", "bovo")).to_dict() for ext in ("ttl", "trig", "jsonld")]
    assert answers[0] == answers[1] == answers[2]


# -- the command --------------------------------------------------------------------

runner = CliRunner()


@pytest.mark.slow
def test_cli_json_is_the_python_answer(example_build: Path) -> None:
    graph = example_build / "graph.trig"
    result = runner.invoke(app, ["stats", str(graph), "--top", "4", "--format", "json",
                                 "--path", "Martine Vassal", "Esteban Bovo"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data == graph_stats(graph, top=4, path=("Martine Vassal", "Esteban Bovo")).to_dict()
    assert len(data["degree"]) == 4 and data["path"]["found"] is True


def test_cli_table_on_the_small_graph(tmp_path: Path) -> None:
    graph = tmp_path / "small.ttl"
    graph.write_text(SMALL, encoding="utf-8")
    result = runner.invoke(app, ["stats", str(graph), "--path", "Anne Émery", "deux"],
                           env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    for shown in ("degree centrality", "betweenness centrality", "communities", "Accord K",
                  "coop:Municipality",
                  "path (2 hops): Anne Émery ←coop:signatory– Accord K –coop:party→ Comté Deux"):
        assert shown in result.stdout


def test_cli_unknown_name_exits_2_with_a_hint(tmp_path: Path) -> None:
    graph = tmp_path / "small.ttl"
    graph.write_text(SMALL, encoding="utf-8")
    result = runner.invoke(app, ["stats", str(graph), "--path", "Anne Emeri", "Deux",
                                 "--format", "json"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "no entity is called 'Anne Emeri'" in result.stderr
    assert "did you mean: Anne Émery?" in result.stderr


@pytest.mark.parametrize("content", [None, "not turtle <<"])
def test_cli_missing_or_broken_file_exits_2(tmp_path: Path, content: str | None) -> None:
    graph = tmp_path / "graph.ttl"
    if content is not None:
        graph.write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["stats", str(graph)])
    assert result.exit_code == 2
    assert ("no graph file" if content is None else "not valid RDF") in result.stderr
