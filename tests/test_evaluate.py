"""kg.evaluate and ``kg eval``: scoring a graph against a gold file."""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import FOAF, ORG, RDF, RDFS, SKOS
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import EvalError
from kg.evaluate import evaluate, load_graphs
from kg.gold import load_gold
from kg.namespaces import COOP, SCHEMA

DATA = Path(__file__).parent / "data" / "eval"
REFERENCE = Path(__file__).resolve().parents[1].parent / "shared" / "tools" / "gold_eval.py"
ID = "https://w3id.org/coop-kg/id/"


def node(path: str) -> URIRef:
    return URIRef(ID + path)


@pytest.fixture()
def graph() -> Graph:
    return load_graphs([DATA / "graph.ttl"])


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(DATA / "ontology.ttl")


@pytest.fixture()
def gold() -> dict[str, Any]:
    return yaml.safe_load((DATA / "gold.yaml").read_text(encoding="utf-8"))


def add_person(g: Graph, slug: str, label: str) -> URIRef:
    person = node(f"person/{slug}")
    g.add((person, RDF.type, FOAF.Person))
    g.add((person, RDFS.label, Literal(label, lang="fr")))
    return person


def test_perfect_score(graph: Graph, gold: dict[str, Any], ontology: Graph) -> None:
    report = evaluate(graph, gold, ontology)
    assert report.entities_overall.f1 == 1.0 and report.facts_overall.f1 == 1.0
    assert report.entities["PublicAuthority"].tp == 2  # Metropolis, Departement: subclasses
    assert report.facts["holds"].tp == 3
    assert report.facts["population"].tp == 1  # stated on the authority's territory
    assert not (report.missed_entities or report.extra_entities or report.missed_facts
                or report.extra_facts or report.duplicates)


def test_gold_from_a_file(graph: Graph, ontology: Graph) -> None:
    assert evaluate(graph, DATA / "gold.yaml", ontology).facts_overall.tp == 12


def test_one_missed_fact(graph: Graph, gold: dict[str, Any], ontology: Graph) -> None:
    graph.remove((None, COOP.signatory, None))
    report = evaluate(graph, gold, ontology)
    score = report.facts["signatory"]
    assert (score.tp, score.fp, score.fn, score.recall) == (0, 0, 1, 0.0)
    assert report.missed_facts == ("signatory(accord, gaudin)",)
    assert report.facts_overall.tp == 11


def test_one_missed_entity(graph: Graph, gold: dict[str, Any], ontology: Graph) -> None:
    gold["entities"]["bovo"] = {"label": "Esteban Bovo", "type": "Person"}
    report = evaluate(graph, gold, ontology)
    assert report.missed_entities == ("Person: Esteban Bovo",)
    assert report.entities["Person"].recall == pytest.approx(2 / 3)


def test_one_extra(graph: Graph, gold: dict[str, Any], ontology: Graph) -> None:
    martin = add_person(graph, "jean-martin", "Jean Martin")
    graph.add((node("agreement/accord-amp-cd13"), COOP.witness, martin))
    report = evaluate(graph, gold, ontology)
    assert report.extra_entities == ("Person: Jean Martin",)
    assert report.entities["Person"].precision == pytest.approx(2 / 3)
    assert report.extra_facts == ("witness(accord, ?jean martin)",)
    assert report.facts["witness"].fp == 1


def test_duplicate(graph: Graph, gold: dict[str, Any], ontology: Graph) -> None:
    add_person(graph, "gaudin", "M. Gaudin")
    graph.add((node("person/gaudin"), SKOS.altLabel, Literal("Gaudin", lang="fr")))
    report = evaluate(graph, gold, ontology)
    assert report.duplicates == {"Jean-Claude Gaudin": (
        ID + "person/gaudin", ID + "person/jean-claude-gaudin")}
    assert report.extra_entities == ()  # a duplicate matches the gold: not an extra


def test_vice_presidente_is_not_presidente(graph: Graph, gold: dict[str, Any],
                                           ontology: Graph) -> None:
    # the gold says Vassal is présidente of the Métropole; the graph says vice-présidente
    wrong = copy.deepcopy(gold)
    for fact in wrong["facts"]:
        if fact.get("role") == "vice-présidente":
            fact["role"] = "présidente"
    report = evaluate(graph, wrong, ontology)
    assert report.facts["holds"].fn == 1 and report.facts["holds"].fp == 1
    assert report.missed_facts == ("holds(vassal, presidente, amp)",)
    assert report.extra_facts == ("holds(vassal, amp)",)


def test_presidente_in_graph_is_not_vice_presidente(graph: Graph, gold: dict[str, Any],
                                                    ontology: Graph) -> None:
    post = node("post/metropole-aix-marseille-provence/vice-president")
    graph.set((post, ORG.role, node("role/president")))
    graph.set((post, RDFS.label, Literal("présidente de la Métropole", lang="fr")))
    report = evaluate(graph, gold, ontology)
    assert report.missed_facts == ("holds(vassal, vice-presidente, amp)",)


def test_tolerated_names(graph: Graph, gold: dict[str, Any], ontology: Graph) -> None:
    provence = node("place/provence")
    graph.add((provence, RDF.type, SCHEMA.Place))
    graph.add((provence, RDFS.label, Literal("Provence", lang="fr")))
    graph.add((node("place/marseille"), SCHEMA.containedInPlace, provence))
    assert evaluate(graph, gold, ontology).entities_overall.fp == 0
    assert evaluate(graph, gold, ontology).facts_overall.fp == 0
    gold["tolerated"] = []
    report = evaluate(graph, gold, ontology)
    assert report.extra_entities == ("Place: Provence",)
    assert report.extra_facts == ("locatedIn(marseille, ?provence)",)


def test_types_need_the_subclass_axioms(graph: Graph, gold: dict[str, Any]) -> None:
    report = evaluate(graph, gold, Graph())
    assert report.entities["Place"].tp == 2  # typed schema:Place directly
    assert report.entities["Agreement"].tp == 1  # typed coop:Agreement directly


def test_default_ontology_is_kg_own(graph: Graph, gold: dict[str, Any]) -> None:
    graph.remove((None, RDF.type, COOP.PublicAuthority))  # Metropolis, Departement remain
    assert evaluate(graph, gold).entities["PublicAuthority"].tp == 2


def test_place_named_like_gold_authority_is_no_extra(graph: Graph, gold: dict[str, Any],
                                                     ontology: Graph) -> None:
    city = node("place/departement")
    graph.add((city, RDF.type, SCHEMA.Place))
    graph.add((city, RDFS.label, Literal("Département des Bouches-du-Rhône", lang="fr")))
    assert evaluate(graph, gold, ontology).extra_entities == ()


@pytest.mark.parametrize(("change", "needle"), [
    (lambda g: g.pop("entities"), "'entities'"),
    (lambda g: g.pop("facts"), "'facts'"),
    (lambda g: g["entities"]["amp"].update(type="Authority"), "entities.amp.type"),
    (lambda g: g["entities"]["amp"].pop("label"), "entities.amp"),
    (lambda g: g["facts"].append({"s": "accord", "p": "party", "o": "nobody"}), "facts[12].o"),
    (lambda g: g["facts"].append({"s": "ghost", "p": "party", "o": "amp"}), "facts[12].s"),
    (lambda g: g["facts"].append({"s": "accord", "p": "partie", "o": "amp"}), "facts[12].p"),
    (lambda g: g["facts"].append({"s": "accord", "p": "status", "value": "done"}), "facts[12]"),
    (lambda g: g["facts"].append({"s": "gaudin", "p": "holds", "org": "amp"}), "role"),
])
def test_malformed_gold(gold: dict[str, Any], change: Any, needle: str) -> None:
    change(gold)
    with pytest.raises(EvalError) as info:
        load_gold(gold)
    assert needle in info.value.message
    assert info.value.hint


def test_unreadable_gold(tmp_path: Path) -> None:
    (tmp_path / "g.yaml").write_text("entities: [unclosed\n")
    with pytest.raises(EvalError, match="not valid YAML"):
        load_gold(tmp_path / "g.yaml")


# -- the command ----------------------------------------------------------------

def test_cli_table() -> None:
    result = CliRunner().invoke(app, ["eval", str(DATA / "graph.ttl"), "--gold",
                                      str(DATA / "gold.yaml"), "--ontology", str(DATA)])
    assert result.exit_code == 0, result.output
    assert "fact holds" in result.output
    assert result.output.strip().endswith("entities F1 1.00 · facts F1 1.00 · duplicates 0")


def test_cli_json(tmp_path: Path, graph: Graph) -> None:
    graph.remove((None, COOP.witness, None))
    graph.serialize(tmp_path / "g.ttl", format="turtle")
    result = CliRunner().invoke(app, ["eval", str(tmp_path / "g.ttl"), "--gold",
                                      str(DATA / "gold.yaml"), "--ontology", str(DATA), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["facts"]["witness"] == {"tp": 0, "fp": 0, "fn": 1, "p": 0.0, "r": 0.0, "f1": 0.0}
    assert data["missed_facts"] == ["witness(accord, vassal)"]


def test_cli_bad_gold(tmp_path: Path) -> None:
    (tmp_path / "g.yaml").write_text("entities: {}\n")
    result = CliRunner().invoke(app, ["eval", str(DATA / "graph.ttl"), "--gold",
                                      str(tmp_path / "g.yaml")])
    assert result.exit_code == 2
    assert "'facts'" in result.output


def test_cli_unknown_graph_format(tmp_path: Path) -> None:
    (tmp_path / "g.txt").write_text("x")
    result = CliRunner().invoke(app, ["eval", str(tmp_path / "g.txt"), "--gold",
                                      str(DATA / "gold.yaml")])
    assert result.exit_code == 2 and "unknown RDF format" in result.output


# -- same scores as the reference scorer -------------------------------------------

def _variants(graph: Graph) -> dict[str, Graph]:
    out = {"perfect": graph}
    g = copy.deepcopy(graph)
    g.remove((None, COOP.signatory, None))
    add_person(g, "jean-martin", "Jean Martin")
    add_person(g, "gaudin", "Gaudin")
    out["mixed"] = g
    g = copy.deepcopy(graph)
    post = node("post/metropole-aix-marseille-provence/vice-president")
    g.set((post, ORG.role, node("role/president")))
    g.set((post, RDFS.label, Literal("présidente", lang="fr")))
    provence = node("place/provence")
    g.add((provence, RDF.type, SCHEMA.Place))
    g.add((provence, RDFS.label, Literal("Provence", lang="fr")))
    g.add((node("place/marseille"), SCHEMA.containedInPlace, provence))
    g.add((node("authority/metropole-aix-marseille-provence"), COOP.population, Literal(1800000)))
    out["holds-and-figures"] = g
    return out


def _comparable(report: dict[str, Any]) -> dict[str, Any]:
    keys = ("entities", "facts", "entities_overall", "facts_overall")
    out: dict[str, Any] = {k: report[k] for k in keys}
    out["duplicates"] = sorted(report["duplicates"])
    out["counts"] = [len(report[k]) for k in ("missed_entities", "extra_entities",
                                              "missed_facts", "extra_facts")]
    return out


@pytest.mark.skipif(not REFERENCE.is_file(), reason="the reference scorer is not beside the repo")
@pytest.mark.parametrize("variant", ["perfect", "mixed", "holds-and-figures"])
def test_same_scores_as_reference(tmp_path: Path, graph: Graph, ontology: Graph,
                                  variant: str) -> None:
    g = _variants(graph)[variant]
    g.serialize(tmp_path / "g.ttl", format="turtle")
    ref = subprocess.run(
        [sys.executable, str(REFERENCE), str(tmp_path / "g.ttl"), "--gold",
         str(DATA / "gold.yaml"), "--ontology", str(DATA), "--json"],
        capture_output=True, text=True, check=True)
    ours = evaluate(load_graphs([tmp_path / "g.ttl"]), DATA / "gold.yaml", ontology)
    assert _comparable(ours.to_dict()) == _comparable(json.loads(ref.stdout))


def test_trig_named_graphs_are_merged(tmp_path: Path, graph: Graph, gold: dict[str, Any],
                                      ontology: Graph) -> None:
    from rdflib import Dataset

    dataset = Dataset()
    half = sorted(graph)
    for i, triple in enumerate(half):  # two "documents", each stating part of the graph
        dataset.graph(node(f"document/d{i % 2}")).add(triple)
    dataset.serialize(tmp_path / "g.trig", format="trig")
    report = evaluate(load_graphs([tmp_path / "g.trig"]), gold, ontology)
    assert report.facts_overall.f1 == 1.0 and report.entities_overall.f1 == 1.0


def test_http_schema_org_is_accepted(tmp_path: Path, graph: Graph, gold: dict[str, Any],
                                     ontology: Graph) -> None:
    text = graph.serialize(format="nt").replace("https://schema.org/", "http://schema.org/")
    (tmp_path / "g.nt").write_text(text)
    assert evaluate(load_graphs([tmp_path / "g.nt"]), gold, ontology).facts_overall.f1 == 1.0


SEEDS = REFERENCE.parents[1] / "gold" / "seeds.yaml"


@pytest.mark.skipif(not SEEDS.is_file(), reason="the shared gold is not beside the repo")
def test_shared_gold_file_is_valid() -> None:
    gold = load_gold(SEEDS)
    assert gold.entities["gaudin"].label == "Jean-Claude Gaudin"
    assert any(f.p == "holds" and f.role == "vice-présidente" for f in gold.facts)


@pytest.mark.slow
@pytest.mark.skipif(not (REFERENCE.is_file() and SEEDS.is_file()), reason="no shared scorer")
def test_example_build_scores_like_the_reference(request: pytest.FixtureRequest) -> None:
    try:
        out_dir: Path = request.getfixturevalue("example_build")
    except pytest.FixtureLookupError:
        pytest.skip("tests/conftest.py has no example_build fixture yet")
    from kg.config import ontology_dir

    graph_file = out_dir / "graph.ttl"
    ref = subprocess.run(
        [sys.executable, str(REFERENCE), str(graph_file), "--gold", str(SEEDS),
         "--ontology", str(ontology_dir()), "--json"],
        capture_output=True, text=True, check=True)
    ours = evaluate(load_graphs([graph_file]), SEEDS)
    assert _comparable(ours.to_dict()) == _comparable(json.loads(ref.stdout))


def test_the_example_of_kg_eval_help_names_files_that_exist() -> None:
    """It named gold/seeds.yaml, which is in no folder of kg."""
    said = " ".join(CliRunner().invoke(app, ["eval", "--help"]).output.split())
    corpus = re.search(r"kg build (\S+) -o out", said)
    gold = re.search(r"--gold (\S+\.yaml)", said)
    assert corpus and gold, said
    repo = Path(__file__).parent.parent
    assert (repo / corpus[1]).is_dir() and (repo / gold[1]).is_file()
