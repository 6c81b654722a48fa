"""Parallel, incremental and store-backed builds give the graph of a build from scratch."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build import build
from kg.cache import CACHE_DIR_NAME
from kg.config import BuildConfig, corpus_dir
from kg.errors import ExportError
from kg.query import load, query
from kg.store import open_graph, save_store

ROOT = Path(__file__).resolve().parent.parent
OUTPUTS = ("graph.ttl", "graph.trig", "graph.jsonld", "report.json")
CFG = BuildConfig(html=False, validate=False)

pytestmark = pytest.mark.slow


def _corpus(folder: Path, extra: int = 1) -> Path:
    """The two example documents and ``extra`` documents of a test corpus."""
    folder.mkdir(parents=True)
    for f in sorted(corpus_dir().glob("*.txt")):
        shutil.copy(f, folder / f.name)
    others = sorted((ROOT / "tests" / "corpora").glob("*/*.txt"))[:extra]
    for f in others:
        shutil.copy(f, folder / f"{f.parent.name}-{f.name}")
    return folder


def _same_files(a: Path, b: Path) -> None:
    for name in OUTPUTS:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def _subjects(out: Path) -> set[str]:
    g = load(out / "graph.ttl")
    rows = query(g, "SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER isIRI(?s) }")
    assert isinstance(rows, list)
    return {str(r["s"]) for r in rows}


def test_jobs_two_writes_the_same_bytes_as_jobs_one(tmp_path: Path) -> None:
    """With --jobs, SHACL runs in a new process reading graph.ttl, the viewer in a fork:
    same files, same report."""
    docs = _corpus(tmp_path / "docs", extra=3)
    one = build([docs], tmp_path / "one", BuildConfig(cache=False))
    two = build([docs], tmp_path / "two", BuildConfig(cache=False, jobs=2))
    assert one.documents == two.documents == 5
    assert two.parsed == 5
    assert one.conforms is two.conforms is True and one.triples == two.triples
    _same_files(tmp_path / "one", tmp_path / "two")
    assert (tmp_path / "one" / "graph.html").read_bytes() == \
        (tmp_path / "two" / "graph.html").read_bytes()
    assert sorted(p.name for p in (tmp_path / "two").iterdir()) == sorted(
        p.name for p in (tmp_path / "one").iterdir())  # nothing of SHACL's is left


class _Unpicklable(Exception):
    def __reduce__(self):  # type: ignore[no-untyped-def]
        raise TypeError("cannot pickle this")


def _raise_unpicklable() -> None:
    raise _Unpicklable("the check failed")


@pytest.mark.parametrize("method", ["exec", "fork"])
def test_an_error_in_a_child_process_comes_back(method: str) -> None:
    from kg.background import Background

    with pytest.raises(ZeroDivisionError):
        Background(divmod, 1, 0, method=method).result()
    # an exception that cannot be pickled is told, not lost with the child's answer
    with pytest.raises(RuntimeError, match="_Unpicklable: the check failed"):
        Background(_raise_unpicklable, method=method).result()
    with pytest.raises(RuntimeError, match="could not be sent"):    # nor is such a value
        Background(_Unpicklable, "a value", method=method).result()


def _chatty(fail: bool) -> str:
    import os
    import sys
    os.write(2, b"warning written to the file descriptor\n")
    print("printed on standard output")
    print("printed on sys.stderr", file=sys.stderr)
    if fail:
        raise ValueError("it failed")
    return "done"


@pytest.mark.parametrize("method", ["exec", "fork"])
def test_what_a_child_prints_comes_through_sys_stderr_when_it_ends(
        method: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A progress bar replaces sys.stderr; a child writing straight to the terminal would
    cross it. capsys replaces sys.stdout and sys.stderr only (not the descriptors):
    text reaches it only through them."""
    from kg.background import Background

    assert Background(_chatty, False, method=method).result() == "done"
    out, err = capsys.readouterr()
    assert out == ""
    for line in ("warning written to the file descriptor", "printed on standard output",
                 "printed on sys.stderr"):
        assert line in err
    with pytest.raises(ValueError, match="it failed"):    # and before the error is raised
        Background(_chatty, True, method=method).result()
    assert "printed on sys.stderr" in capsys.readouterr().err
    child = Background(_chatty, False, method=method)      # a cancelled child: not shown
    child.cancel()
    assert capsys.readouterr() == ("", "")


def test_adding_a_document_parses_only_it_and_gives_the_graph_of_a_fresh_build(
        tmp_path: Path) -> None:
    docs = _corpus(tmp_path / "docs", extra=1)
    first = build([docs], tmp_path / "out", CFG)
    assert (first.parsed, first.cached) == (3, 0)
    before = _subjects(tmp_path / "out")
    added = sorted((ROOT / "tests" / "corpora").glob("*/*.txt"))[-1]
    shutil.copy(added, docs / "added.txt")
    second = build([docs], tmp_path / "out", CFG)
    assert (second.parsed, second.cached) == (1, 3)
    fresh = build([docs], tmp_path / "fresh", BuildConfig(html=False, validate=False,
                                                          cache=False))
    assert fresh.parsed == 4
    _same_files(tmp_path / "out", tmp_path / "fresh")
    after = _subjects(tmp_path / "out")
    assert before <= after and after - before   # every IRI kept, new ones added


def test_a_changed_document_is_parsed_again_and_changes_the_graph(tmp_path: Path) -> None:
    docs = _corpus(tmp_path / "docs", extra=0)
    build([docs], tmp_path / "out", CFG)
    target = sorted(docs.glob("003_*.txt"))[0]
    target.write_text(target.read_text(encoding="utf-8").replace("Gaudin", "Gaudinot"),
                      encoding="utf-8")
    again = build([docs], tmp_path / "out", CFG)
    assert (again.parsed, again.cached) == (1, 1)
    assert "Gaudinot" in (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")


def test_a_damaged_cache_entry_is_parsed_again(tmp_path: Path) -> None:
    docs = _corpus(tmp_path / "docs", extra=0)
    build([docs], tmp_path / "out", CFG)
    entries = sorted((tmp_path / "out" / CACHE_DIR_NAME).rglob("*.pickle"))
    assert len(entries) == 2
    entries[0].write_bytes(b"not a pickle")
    (tmp_path / "out" / "graph.ttl").unlink()    # else up to date (kg.uptodate): files kept
    again = build([docs], tmp_path / "out", CFG)
    assert (again.parsed, again.cached) == (1, 1)
    fresh = build([docs], tmp_path / "fresh", BuildConfig(html=False, validate=False,
                                                          cache=False))
    assert fresh.cached == 0
    _same_files(tmp_path / "out", tmp_path / "fresh")


def test_a_build_from_the_cache_alone_never_imports_spacy(tmp_path: Path) -> None:
    # importing spaCy's French language compiles its tokenizer's regex (about 2 s): a
    # rebuild with nothing new to parse must not pay it, and one that parses must work
    docs = _corpus(tmp_path / "docs", extra=0)
    build([docs], tmp_path / "out", CFG)
    (tmp_path / "out" / "graph.ttl").unlink()    # not up to date (kg.uptodate): build it
    script = ("import sys; from kg.build import build; from kg.config import BuildConfig; "
              f"r = build([{str(docs)!r}], {str(tmp_path / 'out')!r}, "
              "BuildConfig(html=False, validate=False)); "
              "print(r.parsed, r.cached, 'spacy' in sys.modules)")
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True, cwd=tmp_path)
    assert run.stdout.split() == ["0", "2", "False"]
    target = sorted(docs.glob("003_*.txt"))[0]
    target.write_text(target.read_text(encoding="utf-8") + "\nFin.\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True, cwd=tmp_path)
    assert run.stdout.split() == ["1", "1", "True"]


def test_another_knowledge_base_invalidates_the_cache(tmp_path: Path) -> None:
    docs = _corpus(tmp_path / "docs", extra=0)
    build([docs], tmp_path / "out", CFG)
    kb = tmp_path / "mine.ttl"
    kb.write_text("@prefix coop: <https://w3id.org/coop-kg/ontology#> .\n", encoding="utf-8")
    again = build([docs], tmp_path / "out",
                  BuildConfig(html=False, validate=False, kb_files=(kb,)))
    assert (again.parsed, again.cached) == (2, 0)


def test_the_store_answers_like_the_trig_file(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([], out, BuildConfig(html=False, validate=False, store=out / "store"))
    sparql = "SELECT ?a ?p WHERE { ?a coop:signatory ?p } ORDER BY ?a ?p"
    from_store = query(open_graph(out / "store"), sparql)
    from_file = query(load(out / "graph.trig"), sparql)
    assert from_store == from_file and len(from_store) == 2      # type: ignore[arg-type]
    assert query(load(out / "store"), sparql) == from_file      # kg.load opens a store folder
    cli = subprocess.run([sys.executable, "-m", "kg", "query", str(out / "store"), sparql,
                          "--format", "csv"], capture_output=True, text=True, timeout=120)
    assert cli.returncode == 0, cli.stderr
    assert len(cli.stdout.strip().splitlines()) == 3
    checked = subprocess.run([sys.executable, "-m", "kg", "validate", str(out / "store")],
                             capture_output=True, text=True, timeout=120)
    assert checked.returncode == 0 and "conforms" in checked.stdout, checked.stderr


def test_a_failed_store_write_leaves_the_previous_store(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    node = ox.NamedNode("http://example.org/a")
    save_store([ox.Quad(node, node, ox.Literal("old"), ox.NamedNode("http://example.org/g"))],
               folder)

    def broken():  # type: ignore[no-untyped-def]
        yield ox.Quad(node, node, ox.Literal("new"), ox.NamedNode("http://example.org/g"))
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        save_store(broken(), folder)
    rows = query(open_graph(folder), "SELECT ?o WHERE { ?s ?p ?o }")
    assert [str(r["o"]) for r in rows] == ["old"]                # type: ignore[union-attr]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]   # no temporary left


def test_a_folder_that_is_not_a_store_is_refused(tmp_path: Path) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(ExportError) as err:
        save_store([], tmp_path / "mine")
    assert "not a kg store" in err.value.message and err.value.hint
    assert (tmp_path / "mine" / "notes.txt").read_text(encoding="utf-8") == "keep me"


@pytest.mark.server
def test_kg_serve_answers_from_a_store_folder(tmp_path: Path) -> None:
    import json
    import socket
    import time
    import urllib.parse
    import urllib.request

    out = tmp_path / "out"
    build([], out, BuildConfig(html=False, validate=False, store=out / "store"))
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", str(out / "store"),
                             "--port", str(port)], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    sparql = "SELECT ?p WHERE { ?a coop:signatory ?p } ORDER BY ?p"
    url = f"http://127.0.0.1:{port}/sparql?" + urllib.parse.urlencode({"query": sparql})
    try:
        deadline, answer = time.monotonic() + 60, None
        while answer is None and time.monotonic() < deadline:
            assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
            try:
                request = urllib.request.Request(
                    url, headers={"Accept": "application/sparql-results+json"})
                answer = json.loads(urllib.request.urlopen(request, timeout=5).read())
            except OSError:
                time.sleep(0.3)
        assert answer is not None, "kg serve did not answer"
        served = [b["p"]["value"] for b in answer["results"]["bindings"]]
        local = query(load(out / "graph.trig"), sparql)
        assert served == [str(r["p"]) for r in local] and len(served) == 2  # type: ignore[union-attr]
        assert (out / "store" / "KG-STORE").is_file()       # served in place, not copied away
    finally:
        proc.terminate()
        proc.wait(20)


def _fail(*_: object) -> None:
    raise RuntimeError("the viewer broke")


def test_a_build_that_fails_stops_its_processes_and_keeps_the_previous_store(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--jobs 2: SHACL's process is stopped, the new store is dropped, the old one stays."""
    import os

    import kg.build
    from kg.store import read_store

    docs = _corpus(tmp_path / "docs", extra=0)
    store, out = tmp_path / "store", tmp_path / "out"
    build([docs], out, BuildConfig(cache=False, html=False, store=store))
    before = sorted(map(str, read_store(store)))
    trig = (out / "graph.trig").read_bytes()
    shutil.copy(sorted((ROOT / "tests" / "corpora").glob("*/*.txt"))[0], docs / "more.txt")
    pids: list[int] = []
    real = kg.build._check_aside

    def check_aside(*args: object) -> object:
        child = real(*args)
        pids.append(child._popen.pid)
        return child
    monkeypatch.setattr(kg.build, "_check_aside", check_aside)
    monkeypatch.setattr(kg.build, "_write_viewer", _fail)
    with pytest.raises(RuntimeError, match="the viewer broke"):
        build([docs], out, BuildConfig(cache=False, jobs=2, store=store))
    (pid,) = pids
    with pytest.raises(ProcessLookupError):     # stopped and waited for, not left running
        os.kill(pid, 0)
    assert sorted(map(str, read_store(store))) == before
    assert (out / "graph.trig").read_bytes() == trig
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs", "out", "store"]  # no new store
    assert not any(p.name.startswith(".kg-staging") for p in out.iterdir())


def test_a_folder_that_is_not_a_store_is_refused_before_reading(tmp_path: Path) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("mine")
    read = []
    with pytest.raises(ExportError, match="not a kg store"):
        build([], tmp_path / "out", BuildConfig(cache=False, store=tmp_path / "mine"),
              progress=read.append)
    assert read == [] and not (tmp_path / "out").exists()


def test_a_child_that_dies_is_a_kg_error_with_what_to_do() -> None:
    import os

    from kg.background import Background
    from kg.errors import BackgroundError

    with pytest.raises(BackgroundError, match="killed by signal 6") as info:
        Background(os.abort, method="exec").result()
    assert "--jobs 1" in (info.value.hint or "")
