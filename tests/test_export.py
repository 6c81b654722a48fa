"""Exports: deterministic bytes, readable by two independent parsers, written atomically.

* two builds of the example corpus in separate processes with different hash
  seeds give byte-identical graph.ttl, graph.trig, graph.jsonld, graph.html and report.json;
* the Turtle and TriG parse with rdflib and with Oxigraph, to the same counts;
* a write that fails midway leaves the previous file and no temporary file;
* an unwritable output folder raises :class:`kg.errors.ExportError`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, Literal, URIRef

from kg.errors import ExportError, KGError
from kg.export import export, write_atomic
from kg.namespaces import COOP, RDF, RDFS

FILES = ("graph.ttl", "graph.trig", "graph.jsonld", "graph.html", "report.json")
BASE = "https://w3id.org/coop-kg/id/"


def _small_dataset(reverse: bool = False) -> Dataset:
    ds = Dataset()
    quads = []
    for i in range(30):
        node = URIRef(f"{BASE}place/lieu-{i:02d}")
        doc = URIRef(f"{BASE}document/d{i % 3}")
        quads += [(node, RDF.type, COOP.Agreement, doc),
                  (node, RDFS.label, Literal(f"lieu {i} « é »", lang="fr"), doc),
                  (node, COOP.population, Literal(i * 1000), doc)]
    for s, p, o, g in (reversed(quads) if reverse else quads):
        ds.graph(g).add((s, p, o))
    ds.default_graph.add((URIRef(BASE), RDFS.label, Literal("jeu de données", lang="fr")))
    return ds


def test_same_quads_in_another_order_give_the_same_bytes(tmp_path: Path) -> None:
    a = export(_small_dataset(), tmp_path / "a")
    b = export(_small_dataset(reverse=True), tmp_path / "b")
    assert sorted(a) == ["graph.jsonld", "graph.trig", "graph.ttl"]
    for name in a:
        assert a[name].read_bytes() == b[name].read_bytes(), name


def test_small_export_parses_back_to_the_same_quads(tmp_path: Path) -> None:
    ds = _small_dataset()
    files = export(ds, tmp_path)
    trig = Dataset()
    trig.parse(files["graph.trig"], format="trig")
    assert len(list(trig.quads((None, None, None, None)))) == 91
    ttl = Graph().parse(files["graph.ttl"], format="turtle")
    assert len(ttl) == 91
    jsonld = Dataset()
    jsonld.parse(files["graph.jsonld"], format="json-ld")
    assert len(list(jsonld.quads((None, None, None, None)))) == 91


# -- determinism of the real build ------------------------------------------------

def _build_in_subprocess(cwd: Path, seed: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    return subprocess.Popen([sys.executable, "-m", "kg", "build", "-o", "out"],
                            cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


@pytest.mark.slow
def test_two_builds_with_different_hash_seeds_are_byte_identical(tmp_path: Path) -> None:
    runs = {}
    for seed in ("1", "4242"):
        (tmp_path / seed).mkdir()
        runs[seed] = _build_in_subprocess(tmp_path / seed, seed)
    for proc in runs.values():
        output, _ = proc.communicate(timeout=300)
        assert proc.returncode == 0, output.decode(errors="replace")
    for name in FILES:
        one = (tmp_path / "1" / "out" / name).read_bytes()
        two = (tmp_path / "4242" / "out" / name).read_bytes()
        assert one, name
        assert one == two, f"{name} differs between PYTHONHASHSEED=1 and 4242"


@pytest.mark.slow
def test_turtle_parses_with_rdflib_and_oxigraph_to_the_same_count(example_build: Path) -> None:
    path = example_build / "graph.ttl"
    with_rdflib = Graph().parse(path, format="turtle")
    store = ox.Store()
    store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    assert len(with_rdflib) > 1000
    assert len(store) == len(with_rdflib)


@pytest.mark.slow
def test_trig_parses_with_rdflib_and_oxigraph_to_the_same_quads(example_build: Path) -> None:
    path = example_build / "graph.trig"
    ds = Dataset()
    ds.parse(path, format="trig")
    rdflib_quads = len(list(ds.quads((None, None, None, None))))
    store = ox.Store()
    store.load(path=str(path), format=ox.RdfFormat.TRIG)
    assert len(store) == rdflib_quads
    named = {g.value for g in store.named_graphs()}
    assert {n.rsplit("/", 1)[-1] for n in named} == {"000_313e9df5565c7252",
                                                     "003_c4864da80b107cac"}


@pytest.mark.slow
def test_turtle_is_the_union_of_the_trig_graphs(example_build: Path) -> None:
    ttl = Graph().parse(example_build / "graph.ttl", format="turtle")
    ds = Dataset()
    ds.parse(example_build / "graph.trig", format="trig")
    union = {(s, p, o) for s, p, o, _ in ds.quads((None, None, None, None))}
    assert set(ttl) == union


@pytest.mark.slow
def test_jsonld_holds_the_same_quads_as_trig(example_build: Path) -> None:
    store = ox.Store()
    store.load(path=str(example_build / "graph.jsonld"), format=ox.RdfFormat.JSON_LD)
    trig = ox.Store()
    trig.load(path=str(example_build / "graph.trig"), format=ox.RdfFormat.TRIG)
    assert set(store) == set(trig)


# -- atomic writing ---------------------------------------------------------------

def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.mark.parametrize("where", ["fsync", "replace"])
def test_a_failed_write_keeps_the_previous_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                where: str) -> None:
    target = tmp_path / "graph.ttl"
    write_atomic(target, "ancien contenu\n")

    def boom(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(f"kg.export.os.{where}", boom)
    with pytest.raises(ExportError) as info:
        write_atomic(target, "nouveau contenu qui ne doit pas apparaître\n" * 1000)
    assert target.read_text() == "ancien contenu\n"
    assert _leftovers(tmp_path) == []
    assert info.value.hint and "-o" in info.value.hint


def test_an_interrupted_export_keeps_every_previous_file(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    export(_small_dataset(), tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    calls = []
    real = os.replace

    def second_fails(src: str, dst: str) -> None:
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(5, "Input/output error")
        real(src, dst)

    monkeypatch.setattr("kg.export.os.replace", second_fails)
    empty = Dataset()
    with pytest.raises(ExportError):
        export(empty, tmp_path)
    assert _leftovers(tmp_path) == []
    second = Path(calls[1]).name
    assert (tmp_path / second).read_bytes() == before[second]


def test_a_file_in_place_of_the_folder_is_an_export_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(ExportError) as info:
        export(_small_dataset(), blocker / "out")
    assert isinstance(info.value, KGError)
    assert "not-a-folder" in str(info.value)


def test_a_read_only_folder_is_an_export_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                               ) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):          # root ignores the mode: make the OS refuse
            def refuse(*args: object, **kwargs: object) -> None:
                raise PermissionError(13, "Permission denied")
            monkeypatch.setattr("kg.export.tempfile.mkstemp", refuse)
        with pytest.raises(ExportError) as info:
            export(_small_dataset(), folder)
        assert "Permission denied" in str(info.value)
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)
