"""The build: bad files among good ones, the ``kg build`` command, extra knowledge bases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from typer.testing import CliRunner

from kg.config import BuildConfig, corpus_dir
from kg.namespaces import RDF, RDFS, SCHEMA, SKOS

pytestmark = pytest.mark.slow

FIVE = {"graph.ttl", "graph.trig", "graph.jsonld", "graph.html", "report.json"}
FAST = BuildConfig(validate=False, html=False)
GOOD = ("Le Département du Var et la Ville de Montréal ont signé un accord de coopération le "
        "3 mai 2021.\n")


def _names(g: Graph) -> set[str]:
    return {str(o) for p in (RDFS.label, SKOS.altLabel) for o in g.objects(None, p)}


def test_unreadable_files_are_skipped_and_the_others_built(tmp_path: Path) -> None:
    from kg.build import build

    src = tmp_path / "in"
    src.mkdir()
    (src / "a_good.txt").write_text(GOOD, encoding="utf-8")
    (src / "b_binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    (src / "c_bad_utf8.txt").write_bytes(b"Caf\xe9 \x81\x8d\x90 de Montr\xe9al\n")
    result = build([src], tmp_path / "out", FAST)
    assert result.documents == 1
    refused = " ".join(result.refused)
    assert len(result.refused) == 2 and "b_binary.txt" in refused and "c_bad_utf8.txt" in refused
    assert result.skipped == result.refused     # the former name still answers
    g = Graph().parse(tmp_path / "out" / "graph.ttl", format="turtle")
    assert "Département du Var" in _names(g)
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["documents"] == 1 and len(report["refused"]) == 2 and "skipped" not in report
    assert [o["status"] for o in report["outcomes"]].count("refused") == 2


def _cli(*args: str) -> tuple[int, str]:
    from kg.cli import app

    result = CliRunner().invoke(app, list(args))
    return result.exit_code, " ".join(result.output.split())   # rich wraps lines


def test_cli_build_writes_the_five_files_and_a_summary(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "var.txt").write_text(GOOD, encoding="utf-8")
    code, output = _cli("build", str(src), "-o", str(out))
    assert code == 0, output
    assert {p.name for p in out.iterdir()} == FIVE | {".kg-cache"}   # and the extraction cache
    assert "1 document(s) read" in output
    assert "entities by type" in output and "facts by predicate" in output
    assert "SHACL" in output and "wrote:" in output
    assert "party" in output                      # a predicate counted in the table


def test_cli_build_of_an_empty_folder_fails_with_a_message(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    code, output = _cli("build", str(tmp_path / "empty"), "-o", str(tmp_path / "out"))
    assert code != 0
    assert "no document" in output


def test_cli_build_of_an_empty_folder_keeps_the_previous_output(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.ttl").write_text("# previous graph\n", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    code, _ = _cli("build", str(tmp_path / "empty"), "-o", str(out), "--no-html")
    assert code != 0
    assert (out / "graph.ttl").read_text(encoding="utf-8") == "# previous graph\n"


def test_cli_build_of_a_missing_path_fails(tmp_path: Path) -> None:
    code, output = _cli("build", str(tmp_path / "nowhere"), "-o", str(tmp_path / "out"))
    assert code != 0
    assert "nowhere" in output


EXTRA_KB = """\
@prefix kb: <https://w3id.org/coop-kg/kb/> .
@prefix schema: <https://schema.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

kb:valbrune-test a schema:City ;
    rdfs:label "Valbrune"@fr , "Valbrune"@en ;
    skos:altLabel "Valbrune-les-Pins"@fr ;
    schema:containedInPlace kb:france .
"""
VALBRUNE_DOC = ("Une délégation de Valbrune-les-Pins est arrivée en France. Le maire de "
                "Valbrune-les-Pins a rencontré la Ville de Montréal.\n")


def test_cli_extra_kb_adds_an_entity(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "valbrune.txt").write_text(VALBRUNE_DOC, encoding="utf-8")
    kb = tmp_path / "extra.ttl"
    kb.write_text(EXTRA_KB, encoding="utf-8")

    code, output = _cli("build", str(src), "-o", str(tmp_path / "plain"), "--no-html",
                        "--no-validate")
    assert code == 0, output
    plain = Graph().parse(tmp_path / "plain" / "graph.ttl", format="turtle")
    assert "Valbrune" not in _names(plain)

    code, output = _cli("build", str(src), "-o", str(tmp_path / "kb"), "--kb", str(kb),
                        "--no-html", "--no-validate")
    assert code == 0, output
    g = Graph().parse(tmp_path / "kb" / "graph.ttl", format="turtle")
    (node,) = set(g.subjects(RDFS.label, Literal("Valbrune", lang="fr")))
    assert isinstance(node, URIRef)
    assert {SCHEMA.City, SCHEMA.Place} <= set(g.objects(node, RDF.type))
    assert Literal("Valbrune-les-Pins", lang="fr") in set(g.objects(node, SKOS.altLabel))
    france = set(g.subjects(RDFS.label, Literal("France", lang="fr")))
    assert set(g.objects(node, SCHEMA.containedInPlace)) == france


def test_a_malformed_extra_kb_is_reported(tmp_path: Path) -> None:
    kb = tmp_path / "broken.ttl"
    kb.write_text("this is not turtle .", encoding="utf-8")
    code, output = _cli("build", str(corpus_dir()), "-o", str(tmp_path / "out"), "--kb", str(kb))
    assert code != 0
    assert "broken.ttl" in output


def test_build_accepts_one_path_as_a_string(tmp_path: Path) -> None:
    import kg

    result = kg.build(str(corpus_dir()), out_dir=tmp_path / "out")
    assert result.documents == 2


@pytest.mark.parametrize("jobs", [1, 2])
def test_each_step_after_extraction_is_announced_in_order(tmp_path: Path, jobs: int) -> None:
    """The steps after the progress bar of the documents (minutes on a large corpus)."""
    from kg.build import build

    steps: list[str] = []
    build(out_dir=tmp_path / "out", config=BuildConfig(cache=False, jobs=jobs,
                                                        store=tmp_path / "store"),
          stage=steps.append)
    if jobs == 1:       # SHACL reads graph.ttl once the files are written
        expected = ["resolving entities across documents", "making the RDF graph",
                    "drawing the viewer, graph.html", "writing graph.ttl",
                    "writing graph.trig and graph.jsonld", "checking the SHACL shapes",
                    f"writing the store {tmp_path / 'store'}"]
    else:               # SHACL's process starts as soon as graph.ttl is written
        expected = ["resolving entities across documents", "making the RDF graph",
                    "drawing the viewer, graph.html (in another process)", "writing graph.ttl",
                    "checking the SHACL shapes (in another process)",
                    "writing graph.trig and graph.jsonld",
                    f"writing the store {tmp_path / 'store'}",
                    "waiting for the viewer", "waiting for the SHACL check"]
    assert steps == expected


def test_the_triple_count_is_the_same_with_and_without_shacl(tmp_path: Path) -> None:
    """SHACL counts the triples of graph.ttl; without it the build counts its union."""
    from kg.build import build

    checked = build(out_dir=tmp_path / "a", config=BuildConfig(cache=False, html=False))
    unchecked = build(out_dir=tmp_path / "b", config=FAST)
    assert checked.conforms is True and unchecked.conforms is None
    assert checked.triples == unchecked.triples == len(Graph().parse(tmp_path / "b" / "graph.ttl"))


def test_the_kb_is_loaded_once_however_its_files_are_named(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """The build asks for the KB as load_kb(files), the rules as load_kb(): one parse."""
    from kg.extract.kb import load_kb
    kb = tmp_path / "extra.ttl"
    kb.write_text(EXTRA_KB, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert load_kb() is load_kb(()) is load_kb([])
    mine = load_kb([kb])
    assert mine is load_kb((Path("extra.ttl"),)) is load_kb(["extra.ttl"])
    assert mine is not load_kb()
    assert "valbrune" in mine.by_name and "valbrune" not in load_kb().by_name


@pytest.mark.parametrize(("options", "said"), [
    (["--base", "https://example.org/kg"], "does not end with / or #"),
    (["--base", "not an iri"], "is not an absolute IRI"),
    (["--kb", "nosuch.ttl"], "no knowledge-base file nosuch.ttl"),
    (["-o", "afile"], "afile is a file, not a folder"),
])
def test_bad_options_are_refused_before_anything_is_read_or_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, options: list[str], said: str) -> None:
    """A base without its final slash minted https://example.org/kgperson/...; a missing
    --kb file, a base with a space or an output that is a file ended in a traceback."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "afile").write_text("mine\n")
    code, output = _cli("build", "in", "--no-html", "--no-validate", *options)
    assert code == 2, output
    assert said in " ".join(output.split()) and "Traceback" not in output
    assert "what to do" in output
    assert not (tmp_path / "kg-out").exists()
    assert (tmp_path / "afile").read_text() == "mine\n"


def test_the_kb_format_named_in_a_hint_is_installed_with_kg(tmp_path: Path) -> None:
    from kg.errors import KBError
    from kg.extract.kb import load_kb
    broken = tmp_path / "broken.ttl"
    broken.write_text("this is not turtle .", encoding="utf-8")
    with pytest.raises(KBError) as info:
        load_kb([broken])
    readme = Path((info.value.hint or "").rsplit(" ", 1)[-1])
    assert readme.name == "README.md" and "kb:" in readme.read_text(encoding="utf-8")
