"""``kg export``: a store or a graph file turned into a graph file of a chosen format.

* a store from ``kg build --store`` exports to the very bytes of the build's
  graph.trig, graph.ttl and graph.jsonld (the merge the store adds for queries is
  left out, the literals Oxigraph would canonicalise come back as written);
* file to file: TriG -> N-Quads -> TriG gives the same quads; Turtle and
  N-Triples get the union of all graphs, each triple once;
* the command's errors exit 2 with what to do; ``-`` writes to standard output;
* a failed write leaves the previous destination file and no temporary file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.convert import export_graph
from kg.errors import ExportError
from kg.store import EXACT_LITERALS, read_store, save_store

XSD = "http://www.w3.org/2001/XMLSchema#"
E = "http://example.org/"
runner = CliRunner()


def _n(name: str) -> ox.NamedNode:
    return ox.NamedNode(E + name)


def _quads(path: Path, fmt: ox.RdfFormat | None = None) -> set[ox.Quad]:
    return set(ox.parse(path=str(path), format=fmt))


def _kg(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, " ".join(result.stderr.split())  # rich wraps lines


# two documents stating one fact, one fact each of their own, and a default graph of
# one triple of its own plus the shared fact
DOC_A, DOC_B = _n("doc/a"), _n("doc/b")
SHARED = (_n("paris"), _n("twin"), _n("rome"))
DATASET = [
    ox.Quad(*SHARED, DOC_A), ox.Quad(*SHARED, DOC_B),
    ox.Quad(_n("paris"), _n("label"), ox.Literal("Paris", language="fr"), DOC_A),
    ox.Quad(_n("rome"), _n("share"), ox.Literal("0.60", datatype=ox.NamedNode(XSD + "decimal")),
            DOC_B),
    ox.Quad(_n("dataset"), _n("title"), ox.Literal("test"), ox.DefaultGraph()),
    ox.Quad(*SHARED, ox.DefaultGraph()),
]


@pytest.fixture
def trig(tmp_path: Path) -> Path:
    path = tmp_path / "in.trig"
    path.write_bytes(ox.serialize(DATASET, format=ox.RdfFormat.TRIG) or b"")
    return path


# -- from a store --------------------------------------------------------------------

@pytest.fixture(scope="module")
def built_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``kg build --store S -o OUT --no-html --no-validate`` of the bundled corpus."""
    root = tmp_path_factory.mktemp("export-build")
    result = runner.invoke(app, ["build", "-o", str(root / "out"), "--store", str(root / "store"),
                                 "--no-html", "--no-validate"])
    assert result.exit_code == 0, result.output
    return root


@pytest.mark.slow
@pytest.mark.parametrize("name", ["graph.trig", "graph.ttl", "graph.jsonld"])
def test_a_built_store_exports_to_the_bytes_the_build_wrote(built_store: Path,
                                                            name: str) -> None:
    copy = built_store / "copy" / name
    code, stdout, stderr = _kg("export", str(built_store / "store"), str(copy))
    assert code == 0, stderr
    assert copy.read_bytes() == (built_store / "out" / name).read_bytes()
    unit = "triples (union of 2 named graphs)" if name == "graph.ttl" \
        else "quads (2 named graphs kept)"
    assert unit in stdout and str(copy) in " ".join(stdout.split())


@pytest.mark.slow
def test_the_example_store_needs_its_exact_literals(built_store: Path) -> None:
    # the corpus holds "0.60"^^xsd:decimal confidences, which Oxigraph stores as 0.6
    kept = (built_store / "store" / EXACT_LITERALS).read_text(encoding="utf-8")
    assert '"0.60"^^<http://www.w3.org/2001/XMLSchema#decimal>' in kept
    code, stdout, _ = _kg("export", str(built_store / "store"), "-", "--format", "nquads")
    assert code == 0
    exported = set(ox.parse(stdout.encode(), format=ox.RdfFormat.N_QUADS))
    assert exported == _quads(built_store / "out" / "graph.trig")


def test_a_store_gives_its_documents_and_own_default_graph_not_the_merge(tmp_path: Path) -> None:
    store = save_store(DATASET, tmp_path / "store")
    out = export_graph(store, tmp_path / "copy.nq")
    assert _quads(tmp_path / "copy.nq") == set(DATASET) - {ox.Quad(*SHARED, ox.DefaultGraph())}
    assert (out.format, out.statements, out.graphs) == ("nquads", 5, 2)
    # the store itself holds the merge in its default graph, for queries
    default = list(ox.Store.read_only(str(store / "oxigraph"))
                   .quads_for_pattern(None, None, None, ox.DefaultGraph()))
    assert len(default) == 4


def test_literals_come_back_as_written_and_not_confused(tmp_path: Path) -> None:
    dec, nni = ox.NamedNode(XSD + "decimal"), ox.NamedNode(XSD + "nonNegativeInteger")
    quads = [ox.Quad(_n("x"), _n("share"), ox.Literal("0.60", datatype=dec), DOC_A),
             ox.Quad(_n("x"), _n("share"), ox.Literal("0.6", datatype=dec), DOC_A),
             ox.Quad(_n("x"), _n("members"), ox.Literal("120", datatype=nni), DOC_A),
             ox.Quad(_n("x"), _n("on"), ox.Literal("2017-11-06", datatype=ox.NamedNode(
                 XSD + "date")), DOC_A)]
    store = save_store(quads, tmp_path / "store")
    assert set(read_store(store)) == set(quads)
    # what the sidecar is for: without it, the store's canonical forms
    (store / EXACT_LITERALS).unlink()
    canonical = {str(q.object) for q in read_store(store)}
    assert canonical == {f'"0.6"^^<{XSD}decimal>', f'"120"^^<{XSD}integer>',
                         f'"2017-11-06"^^<{XSD}date>'}


# -- file to file ----------------------------------------------------------------------

def test_trig_to_nquads_and_back_gives_the_same_quads(trig: Path, tmp_path: Path) -> None:
    nq = export_graph(trig, tmp_path / "a.nq")
    assert nq.statements == len(DATASET) and nq.graphs == 2
    back = export_graph(tmp_path / "a.nq", tmp_path / "b.trig")
    assert _quads(tmp_path / "a.nq") == _quads(tmp_path / "b.trig") == set(DATASET)
    assert back.path == tmp_path / "b.trig"
    jsonld = export_graph(tmp_path / "b.trig", tmp_path / "c.json", fmt="json-ld")
    assert jsonld.format == "jsonld"
    assert _quads(tmp_path / "c.json", ox.RdfFormat.JSON_LD) == set(DATASET)


@pytest.mark.parametrize(("dest", "fmt", "parse_as"), [
    ("u.ttl", None, ox.RdfFormat.TURTLE),
    ("u.nt", None, ox.RdfFormat.N_TRIPLES),
    ("u.txt", "ntriples", ox.RdfFormat.N_TRIPLES),
])
def test_triple_formats_get_the_union_each_triple_once(trig: Path, tmp_path: Path, dest: str,
                                                       fmt: str | None,
                                                       parse_as: ox.RdfFormat) -> None:
    summary = export_graph(trig, tmp_path / dest, fmt)
    text = (tmp_path / dest).read_text(encoding="utf-8")
    written = list(ox.parse(text.encode(), format=parse_as))
    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in DATASET}
    assert len(triples) == 4 and len(written) == 4            # the shared fact stated 3 times
    assert {ox.Triple(q.subject, q.predicate, q.object) for q in written} == triples
    assert all(isinstance(q.graph_name, ox.DefaultGraph) for q in written)
    assert summary.statements == 4 and summary.graphs == 2
    if parse_as == ox.RdfFormat.TURTLE:
        assert text.count("<http://example.org/twin>") == 1   # one statement, not three


# -- the command -----------------------------------------------------------------------

def test_help_shows_an_example() -> None:
    result = runner.invoke(app, ["export", "--help"])
    assert result.exit_code == 0
    assert "Example: kg build --store" in result.output and "kg export" in result.output


def test_dash_writes_to_standard_output(trig: Path) -> None:
    code, stdout, stderr = _kg("export", str(trig), "-", "-f", "nquads")
    assert code == 0
    assert set(ox.parse(stdout.encode(), format=ox.RdfFormat.N_QUADS)) == set(DATASET)
    assert "wrote 6 quads (2 named graphs kept) as nquads to standard output" in stderr


def _not_a_store(tmp_path: Path) -> list[str]:
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "notes.txt").write_text("mine", encoding="utf-8")
    return [str(tmp_path / "folder"), str(tmp_path / "g.ttl")]


def _unwritable(tmp_path: Path) -> list[str]:
    (tmp_path / "a-file").write_text("x", encoding="utf-8")      # a file where a folder should be
    return [str(tmp_path / "in.trig"), str(tmp_path / "a-file" / "g.ttl")]


@pytest.mark.parametrize(("args", "message", "hint"), [
    (lambda t: [str(t / "nope.trig"), str(t / "g.ttl")], "no graph file or store at",
     "kg build --store DIR"),
    (lambda t: [str(t / "in.trig"), str(t / "g.ttl"), "--format", "rdfxml"],
     "unknown format 'rdfxml'", "turtle, trig, nquads, ntriples, jsonld"),
    (lambda t: [str(t / "in.trig"), str(t / "g.xyz")], "cannot tell the format from the suffix",
     "give --format"),
    (lambda t: [str(t / "in.trig"), "-"], "cannot tell the format of standard output",
     "give --format"),
    (_not_a_store, "is a folder but not a kg store", "kg build --store DIR"),
    (_unwritable, "cannot write", "choose a destination file you can write to"),
    (lambda t: [str(t / "in.trig"), str(t)], "is a folder", "give a file name, such as"),
    (lambda t: [str(t / "bad.ttl"), str(t / "g.nq")], "cannot read", "check that the file"),
])
def test_errors_exit_2_with_what_to_do(trig: Path, tmp_path: Path,
                                       args: Callable[[Path], list[str]], message: str,
                                       hint: str) -> None:
    (tmp_path / "bad.ttl").write_text("<http://e/a> <http://e/p> .", encoding="utf-8")
    code, stdout, stderr = _kg("export", *args(tmp_path))
    assert code == 2
    assert stderr.startswith("error:") and message in stderr
    assert "what to do:" in stderr and hint in stderr
    assert stdout == ""
    assert not (tmp_path / "g.ttl").exists() and not (tmp_path / "g.nq").exists()


# -- atomic write ----------------------------------------------------------------------

def test_a_failing_serialiser_leaves_the_previous_file(trig: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    dest = tmp_path / "out" / "graph.nq"
    export_graph(trig, dest)
    before = dest.read_bytes()

    def broken(*args: object, **kwargs: object) -> bytes:
        raise RuntimeError("serialiser crashed")

    monkeypatch.setattr(ox, "serialize", broken)
    with pytest.raises(RuntimeError):
        export_graph(trig, dest, fmt="turtle")
    assert dest.read_bytes() == before
    assert [p.name for p in dest.parent.iterdir()] == ["graph.nq"]


def test_a_write_failing_midway_leaves_the_previous_file(trig: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    dest = tmp_path / "out" / "graph.nq"
    dest.parent.mkdir()
    dest.write_text("previous\n", encoding="utf-8")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("kg.export.os.fsync", disk_full)
    with pytest.raises(ExportError) as err:
        export_graph(trig, dest)
    assert "No space left on device" in err.value.message and err.value.hint
    assert dest.read_text(encoding="utf-8") == "previous\n"
    assert [p.name for p in dest.parent.iterdir()] == ["graph.nq"]   # no temporary left


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_standard_output_that_cannot_be_written_is_an_error_with_what_to_do(trig: Path) -> None:
    import subprocess
    import sys

    with open("/dev/full", "wb") as full:
        done = subprocess.run([sys.executable, "-m", "kg", "export", str(trig), "-", "-f",
                               "nquads"], stdout=full, stderr=subprocess.PIPE, text=True)
    assert done.returncode == 2
    assert "cannot write to standard output" in done.stderr and "Traceback" not in done.stderr
    assert "kg export SOURCE FILE" in done.stderr


def test_standard_output_is_written_as_the_graph_is_serialised_not_held_as_bytes(
        tmp_path: Path) -> None:
    from kg.convert import convert

    quads = [ox.Quad(ox.NamedNode(f"http://example.org/s{i}"), ox.NamedNode("http://e/p"),
                     ox.Literal("x" * 40), ox.NamedNode(f"http://example.org/doc{i % 7}"))
             for i in range(20_000)]
    source = tmp_path / "big.nq"
    source.write_bytes(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))

    class Pipe:          # what a pipe sees: how many writes, and how large the largest
        writes, largest, size = 0, 0, 0

        def write(self, chunk: bytes) -> int:
            self.writes += 1
            self.largest = max(self.largest, len(chunk))
            self.size += len(chunk)
            return len(chunk)

        def flush(self) -> None:
            pass

    pipe = Pipe()
    summary = convert(source, "nquads", pipe)  # type: ignore[arg-type]
    assert summary.statements == 20_000 and summary.graphs == 7
    assert pipe.size == source.stat().st_size       # all of it, sorted
    assert pipe.writes > 10 and pipe.largest < pipe.size / 10
