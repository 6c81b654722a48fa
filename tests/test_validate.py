"""kg.validate on small hand-made graphs, and the `kg validate` command."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import ValidationError
from kg.namespaces import COOP, FOAF, RDF, RDFS, XSD, bind_prefixes
from kg.validate import ValidationReport, read_graph, short, validate, validate_file

ID = "https://w3id.org/coop-kg/id/"
SHAPES = "https://w3id.org/coop-kg/shapes#"
AGREEMENT = URIRef(ID + "agreement/accord")
AMP = URIRef(ID + "authority/metropole-aix-marseille-provence")
MIAMI = URIRef(ID + "authority/comte-de-miami-dade")
GAUDIN = URIRef(ID + "person/jean-claude-gaudin")


def good_graph() -> Graph:
    g = bind_prefixes(Graph())
    g.add((AGREEMENT, RDF.type, COOP.CooperationAgreement))
    g.add((AGREEMENT, RDFS.label, Literal("accord de coopération", lang="fr")))
    for org, kind, name in ((AMP, COOP.Metropolis, "Métropole Aix-Marseille-Provence"),
                            (MIAMI, COOP.County, "Comté de Miami-Dade")):
        g.add((AGREEMENT, COOP.party, org))
        g.add((org, RDF.type, kind))
        g.add((org, RDFS.label, Literal(name, lang="fr")))
    g.add((AGREEMENT, COOP.signatory, GAUDIN))
    g.add((GAUDIN, RDF.type, FOAF.Person))
    g.add((GAUDIN, RDFS.label, Literal("Jean-Claude Gaudin", lang="fr")))
    g.add((AGREEMENT, COOP.signedOn, Literal("2017-11-06", datatype=XSD.date)))
    g.add((AGREEMENT, COOP.status, COOP.Signed))
    return g


def bad_graph() -> Graph:
    g = good_graph()
    g.remove((AGREEMENT, COOP.party, MIAMI))
    g.set((AGREEMENT, COOP.signedOn, Literal("6 novembre 2017")))
    return g


def test_good_graph_conforms() -> None:
    g = good_graph()
    report = validate(g)
    assert report == ValidationReport(conforms=True, violations=(), triples=len(g))
    assert "conforms" in report.summary()


def test_bad_graph_reports_each_violation_in_plain_records() -> None:
    g = bad_graph()
    before = len(g)
    report = validate(g)
    assert len(g) == before, "validate must not change its input"
    assert not report.conforms
    by_shape = {v.shape: v for v in report.violations}
    assert set(by_shape) == {SHAPES + "AgreementPartiesShape-count", SHAPES + "SignedOnShape-date"}
    date = by_shape[SHAPES + "SignedOnShape-date"]
    assert date.focus == str(AGREEMENT)
    assert date.path == str(COOP.signedOn)
    assert date.value == '"6 novembre 2017"'
    assert date.severity == "Violation"
    assert date.message.startswith("The signing date")
    assert date.focus_label == "accord de coopération"


def test_summary_speaks_english_with_short_names() -> None:
    text = validate(bad_graph()).summary()
    assert text.startswith("2 violation(s)")
    assert "id:agreement/accord" in text and "coop:signedOn" in text
    assert "at least two parties" in text
    assert ID not in text


def test_short() -> None:
    assert short(str(COOP.party)) == "coop:party"
    assert short("http://example.org/x") == "http://example.org/x"


def test_dataset_is_checked_as_the_union_of_its_graphs() -> None:
    ds = Dataset()
    doc = ds.graph(URIRef(ID + "document/d1"))
    for triple in bad_graph():
        doc.add(triple)
    report = validate(ds)
    assert not report.conforms
    assert report.triples == len(bad_graph())


def test_missing_shapes_file_raises_with_a_hint(tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as err:
        validate(good_graph(), shapes=tmp_path / "none.ttl")
    assert err.value.hint


@pytest.mark.parametrize("fmt,suffix", [("turtle", ".ttl"), ("nt", ".nt"), ("json-ld", ".jsonld")])
def test_validate_file_reads_each_format(tmp_path: Path, fmt: str, suffix: str) -> None:
    path = tmp_path / f"graph{suffix}"
    bad_graph().serialize(path, format=fmt)
    report = validate_file(path)
    assert not report.conforms and len(report.violations) == 2


def test_validate_file_reads_trig_as_the_union(tmp_path: Path) -> None:
    ds = Dataset()
    g1, g2 = ds.graph(URIRef(ID + "document/d1")), ds.graph(URIRef(ID + "document/d2"))
    for i, triple in enumerate(sorted(good_graph())):
        (g1 if i % 2 else g2).add(triple)
    path = tmp_path / "graph.trig"
    ds.serialize(path, format="trig")
    assert len(read_graph(path)) == len(good_graph())
    assert validate_file(path).conforms


@pytest.mark.parametrize("name,text", [("bad.ttl", "<a> <b> ."), ("graph.xyz", "")])
def test_unusable_files_raise_with_a_hint(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationError) as err:
        validate_file(path)
    assert err.value.hint


runner = CliRunner()


def test_cli_exit_codes(tmp_path: Path) -> None:
    good, bad = tmp_path / "good.ttl", tmp_path / "bad.ttl"
    good_graph().serialize(good, format="turtle")
    bad_graph().serialize(bad, format="turtle")
    ok = runner.invoke(app, ["validate", str(good)])
    assert ok.exit_code == 0 and "conforms" in ok.output
    failed = runner.invoke(app, ["validate", str(bad)])
    assert failed.exit_code == 1 and "at least two parties" in failed.output
    missing = runner.invoke(app, ["validate", str(tmp_path / "missing.ttl")])
    assert missing.exit_code == 2
    no_shapes = runner.invoke(app, ["validate", str(good), "--shapes", str(tmp_path / "x.ttl")])
    assert no_shapes.exit_code == 2


def test_cli_engines_print_the_same_report(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad_graph().serialize(bad, format="turtle")
    outputs = {engine: runner.invoke(app, ["validate", str(bad), "--engine", engine])
               for engine in ("auto", "oxigraph", "pyshacl")}
    assert {r.exit_code for r in outputs.values()} == {1}
    assert len({r.output for r in outputs.values()}) == 1
    unknown = runner.invoke(app, ["validate", str(bad), "--engine", "fast"])
    assert unknown.exit_code == 2 and "unknown SHACL engine" in unknown.output


@pytest.mark.parametrize("engine", ["oxigraph", "pyshacl"])
@pytest.mark.parametrize("name,text", [("bad.ttl", "<a> <b> ."), ("graph.xyz", ""),
                                       ("missing.ttl", None)])
def test_both_engines_refuse_unusable_files_alike(tmp_path: Path, engine: str, name: str,
                                                  text: str | None) -> None:
    path = tmp_path / name
    if text is not None:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationError) as err:
        validate_file(path, engine=engine)
    assert err.value.hint and name in err.value.message


def test_cli_help_has_an_example() -> None:
    result = runner.invoke(app, ["validate", "--help"])
    assert result.exit_code == 0 and "kg validate kg-out/graph.ttl" in result.output


@pytest.mark.parametrize("confidence", [Literal("0.9"), Literal(-0.1), Literal(2)])
def test_confidence_must_be_a_number_between_0_and_1(confidence: Literal) -> None:
    g = read_graph(Path(__file__).parents[1] / "ontology/examples/EvidenceShape.valid.ttl")
    evidence = URIRef(ID + "evidence/e1")
    assert validate(g).conforms
    g.set((evidence, COOP.confidence, confidence))
    shapes = {v.shape for v in validate(g).violations}
    assert shapes == {SHAPES + "EvidenceShape-confidence"}


@pytest.mark.slow
@pytest.mark.parametrize("name", ["graph.ttl", "graph.trig", "graph.jsonld"])
def test_example_build_conforms(example_build: Path, name: str) -> None:
    report = validate_file(example_build / name)
    assert report.conforms, report.summary()
    assert report.triples > 500
