"""kg.query, kg.ask, kg.results and the ``kg query`` command, on the hand-written graph."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from typer.testing import CliRunner

from kg.ask import answer, bundled_queries, resolve_query
from kg.cli import app
from kg.errors import QueryError
from kg.namespaces import COOP, DEFAULT_BASE
from kg.query import load, open_store, query, readable_syntax_error, run
from kg.results import collect, write_results

MINI = Path(__file__).parent / "data" / "mini.trig"
GAUDIN = URIRef(DEFAULT_BASE + "person/jean-claude-gaudin")


@pytest.fixture(scope="module")
def mini_ttl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini graph as one Turtle file (the union of its graphs)."""
    path = tmp_path_factory.mktemp("ttl") / "graph.ttl"
    store = open_store(MINI)
    path.write_bytes(store.dump(format=ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph()))
    return path


def test_load_trig_gives_a_dataset_whose_default_graph_is_the_merge() -> None:
    graph = load(MINI)
    assert isinstance(graph, Dataset)
    doc = URIRef(DEFAULT_BASE + "document/003_c4864da80b107cac")
    assert (GAUDIN, None, None) in graph.graph(doc)
    # the agreement's label is in both documents' graphs, but is one triple of the merge
    rows = query(graph, "SELECT ?l WHERE { ?a a coop:CooperationAgreement ; rdfs:label ?l }")
    assert len(rows) == 1


def test_query_rows_ask_and_construct_on_trig_and_turtle(mini_ttl: Path) -> None:
    for graph in (load(MINI), load(mini_ttl)):
        rows = query(graph, "SELECT ?p WHERE { ?a coop:signatory ?p } ORDER BY ?p")
        assert [r["p"] for r in rows] == [URIRef(DEFAULT_BASE + "person/esteban-bovo"), GAUDIN]
        assert query(graph, "ASK { ?a coop:status coop:InPreparation }") is True
        assert query(graph, "ASK { ?a coop:status coop:Nonsense }") is False
        built = query(graph, "CONSTRUCT { ?a coop:party ?o } WHERE { ?a coop:party ?o }")
        assert isinstance(built, Graph) and len(built) == 4


def test_query_leaves_unbound_variables_out() -> None:
    rows = query(
        load(MINI), "SELECT ?a ?d WHERE { ?a a coop:Agreement OPTIONAL { ?a coop:signedOn ?d } }"
    )
    assert sorted(len(r) for r in rows) == [1, 2]
    assert Literal("2017-11-06", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date")) in [
        r.get("d") for r in rows
    ]


def test_query_works_on_a_plain_rdflib_graph() -> None:
    graph = Graph()
    graph.add((GAUDIN, COOP.signatory, GAUDIN))
    assert query(graph, "ASK { ?x coop:signatory ?y }") is True


def test_syntax_error_gives_line_column_caret_and_what_was_expected() -> None:
    with pytest.raises(QueryError) as caught:
        query(load(MINI), "SELECT ?x\nWHERE { ?x ?y }")
    message = caught.value.message
    assert "line 2, column 16" in message
    assert "expected" in message
    assert message.splitlines()[1].strip() == "WHERE { ?x ?y }"
    assert message.splitlines()[2].index("^") == 2 + 15


def test_undeclared_prefix_is_explained() -> None:
    text = readable_syntax_error(
        "error at 1:14: expected one of Prefix not found, ['%']", "ASK { ?x foo:b ?y }"
    )
    assert "not declared" in text and "coop" in text


def test_resolve_query_by_name_by_file_and_as_text(tmp_path: Path) -> None:
    assert "coop:signatory" in resolve_query("signatories")
    rq = tmp_path / "mine.rq"
    rq.write_text("ASK { ?s ?p ?o }", encoding="utf-8")
    assert resolve_query(str(rq)) == "ASK { ?s ?p ?o }"
    assert resolve_query("ASK {}") == "ASK {}"
    with pytest.raises(QueryError, match="no bundled query named 'signatorie'"):
        resolve_query("signatorie")
    with pytest.raises(QueryError, match="no query file"):
        resolve_query(str(tmp_path / "missing.rq"))


def test_at_least_twelve_bundled_queries_each_with_english_and_french_header() -> None:
    found = bundled_queries()
    assert len(found) >= 12
    for bundled in found:
        lines = bundled.path.read_text(encoding="utf-8").splitlines()
        assert lines[0].startswith("# ") and lines[1].startswith("# "), bundled.name
        assert bundled.title.endswith(("?", ".")), bundled.name
        assert collect(run(open_store(MINI), resolve_query(bundled.name))).variables


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_results_formats_parse_back(fmt: str) -> None:
    table = collect(
        run(open_store(MINI), "SELECT ?p ?l WHERE { ?p a foaf:Person ; rdfs:label ?l } ORDER BY ?l")
    )
    body = write_results(table, fmt)
    if fmt == "csv":  # lossy: pyoxigraph cannot read it back
        rows = list(csv.reader(io.StringIO(body.decode(), newline="")))
        labels = [row[1] for row in rows[1:]]
    else:
        parsed = ox.parse_query_results(body, format=getattr(ox.QueryResultsFormat, fmt.upper()))
        labels = [row["l"].value for row in parsed]
    assert labels == ["Esteban Bovo", "Jean-Claude Gaudin", "Martine Vassal"]
    if fmt == "json":
        assert json.loads(body)["results"]["bindings"][0]["l"]["xml:lang"] == "fr"
    if fmt == "xml":
        assert ET.fromstring(body).tag.endswith("sparql")
    if fmt == "csv":
        assert next(csv.reader(io.StringIO(body.decode()))) == ["p", "l"]


def test_max_rows_truncates() -> None:
    table = collect(run(open_store(MINI), "SELECT * WHERE { ?s ?p ?o }"), max_rows=3)
    assert len(table.rows) == 3 and table.truncated


def test_answer_construct_defaults_to_turtle_and_rejects_results_only_formats() -> None:
    turtle = answer(MINI, "CONSTRUCT { ?a coop:party ?o } WHERE { ?a coop:party ?o }", "table")
    assert isinstance(turtle, bytes) and len(Graph().parse(data=turtle, format="turtle")) == 4
    with pytest.raises(QueryError, match="for CONSTRUCT"):
        answer(MINI, "ASK {}", "turtle")
    for results_only in ("csv", "tsv", "json", "xml"):     # printed Turtle, exit 0
        with pytest.raises(QueryError, match=f"--format {results_only} is for SELECT"):
            answer(MINI, "CONSTRUCT { ?a coop:party ?o } WHERE { ?a coop:party ?o }",
                   results_only)
    with pytest.raises(QueryError, match="unknown format"):
        answer(MINI, "ASK {}", "yaml")


runner = CliRunner()


def test_cli_table_json_list_and_ask() -> None:
    result = runner.invoke(app, ["query", str(MINI), "in-preparation"], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    assert "Provence Promotion" in result.output and "Beacon Council" in result.output
    result = runner.invoke(app, ["query", str(MINI), "destinations", "--format", "json"])
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)["results"]["bindings"]) == 6
    listed = runner.invoke(app, ["query", "--list"])
    assert "signatories" in listed.output and "Who signed each agreement" in listed.output
    asked = runner.invoke(app, ["query", str(MINI), "ASK { ?a coop:witness ?w }"])
    assert asked.output.strip() == "true"


def test_cli_syntax_error_exits_2_with_position() -> None:
    result = runner.invoke(app, ["query", str(MINI), "SELECT ?x WHERE { ?x ?y }"])
    assert result.exit_code == 2
    assert "line 1, column 26" in result.output


def test_cli_missing_graph_says_what_to_do(tmp_path: Path) -> None:
    result = runner.invoke(app, ["query", str(tmp_path / "none.ttl"), "ASK {}"])
    assert result.exit_code == 2
    assert "kg build" in result.output


def test_package_api_kg_load_and_kg_query() -> None:
    import kg

    graph = kg.load(MINI)
    assert kg.query(graph, "ASK { ?a coop:signatory ?p }") is True
    assert kg.query(graph, "ASK { ?a coop:signatory ?p }") is True  # after kg.query was imported


@pytest.mark.parametrize(("command", "file"), [
    (["validate"], "graph.ttl"), (["query", "{out}", "signatories"], "graph.trig"),
    (["stats"], "graph.trig"), (["export", "{out}", "{out}/copy.nt"], "graph.trig"),
    (["serve", "{out}", "--port", "0"], "graph.trig")])
def test_the_output_folder_of_a_build_is_answered_with_its_graph_file(
        example_build: Path, command: list[str], file: str) -> None:
    """A user who gives kg build's -o folder is told which file in it to give instead
    (it said "graph file out not found", or "out is not a kg store")."""
    args = [a.format(out=example_build) for a in command]
    if "{out}" not in " ".join(command):
        args.append(str(example_build))
    result = CliRunner().invoke(app, args)
    output = " ".join(result.output.split())
    assert result.exit_code == 2, output
    assert f"give its graph file, {example_build / file}" in output
    assert not (example_build / "copy.nt").exists()


def test_a_table_wider_than_the_terminal_is_printed_row_by_row(example_build: Path) -> None:
    """At 80 columns the 12 columns of `evidence` were 3 characters wide, each sentence a
    word per line; a narrow result is still a table."""
    wide = CliRunner().invoke(app, ["query", str(example_build / "graph.trig"), "evidence"])
    assert wide.exit_code == 0, wide.output
    assert max(len(line) for line in wide.output.splitlines()) <= 80
    assert "one by one" in wide.output and "--format csv" in wide.output
    assert "1 / " in wide.output and " sentence " in wide.output
    assert "Jean-Claude Gaudin, Président de la Métropole" in wide.output   # not cut to "Je…"
    narrow = CliRunner().invoke(app, ["query", str(example_build / "graph.trig"),
                                      "SELECT ?x WHERE { VALUES ?x { 1 2 } }"])
    assert narrow.exit_code == 0 and "┃ x ┃" in narrow.output and "one by one" not in narrow.output
