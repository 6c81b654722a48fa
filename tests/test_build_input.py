"""What a build does with refused input and with an interruption: says so, loses nothing."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import kg.build
from kg.build import build
from kg.config import MAX_DOCUMENT_CHARS, BuildConfig, corpus_dir
from kg.publish import STAGING_PREFIX

pytestmark = pytest.mark.slow
CFG = BuildConfig(html=False, validate=False, cache=False)


def _examples(folder: Path) -> Path:
    folder.mkdir()
    for f in sorted(corpus_dir().glob("*.txt")):
        shutil.copy(f, folder / f.name)
    return folder


def _outputs(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()}


def test_refused_files_give_exit_1_and_every_outcome_in_the_report(tmp_path: Path) -> None:
    docs = _examples(tmp_path / "docs")
    (docs / "empty.txt").write_bytes(b"")
    (docs / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    out = tmp_path / "out"
    run = subprocess.run([sys.executable, "-m", "kg", "build", str(docs), "-o", str(out),
                          "--no-html", "--no-validate"], capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 1, run.stderr
    assert "empty.txt" in run.stderr and "image.txt" in run.stderr
    assert "some input was refused" in run.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["complete"] is False and report["documents"] == 2
    status = {Path(o["path"]).name: o["status"] for o in report["outcomes"]}
    assert status["empty.txt"] == status["image.txt"] == "refused"
    assert sorted(k for k, v in status.items() if v == "read") == sorted(
        p.name for p in corpus_dir().glob("*.txt"))
    assert all(o["hint"] for o in report["outcomes"] if o["status"] == "refused")


def test_a_clean_build_exits_0_and_is_complete(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run = subprocess.run([sys.executable, "-m", "kg", "build", "-o", str(out), "--no-html",
                          "--no-validate", "--no-cache"], capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stderr
    assert json.loads((out / "report.json").read_text(encoding="utf-8"))["complete"] is True


def test_a_text_longer_than_the_parser_takes_is_refused_not_crashed(tmp_path: Path) -> None:
    docs = _examples(tmp_path / "docs")
    (docs / "huge.txt").write_text("Lyon signe un accord. " * (MAX_DOCUMENT_CHARS // 20),
                                   encoding="utf-8")
    result = build([docs], tmp_path / "out", CFG)
    assert result.documents == 2 and not result.complete
    refused = [o for o in result.outcomes if o["status"] == "refused"]
    assert [Path(o["path"]).name for o in refused] == ["huge.txt"]
    assert "split it" in refused[0]["hint"]


@pytest.mark.parametrize("where", ["write_graphs", "write_html"])
def test_an_interrupted_build_leaves_the_previous_outputs(tmp_path: Path, where: str,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    docs = _examples(tmp_path / "docs")
    out = tmp_path / "out"
    build([docs], out, BuildConfig(validate=False, cache=False))
    before = _outputs(out)
    assert set(before) == {"graph.ttl", "graph.trig", "graph.jsonld", "graph.html",
                           "report.json"}
    target = sorted(docs.glob("003_*.txt"))[0]             # new input: the files would change
    target.write_text(target.read_text(encoding="utf-8").replace("Gaudin", "Gaudinet"),
                      encoding="utf-8")

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    if where == "write_graphs":
        real = kg.build.write_graphs

        def half(quads, folder):  # type: ignore[no-untyped-def]
            real(quads, folder)                 # every RDF file is written, then Ctrl-C
            raise KeyboardInterrupt
        monkeypatch.setattr(kg.build, "write_graphs", half)
    else:
        monkeypatch.setattr("kg.viz.write_html", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build([docs], out, BuildConfig(validate=False, cache=False))
    assert _outputs(out) == before
    assert not [p for p in out.iterdir() if p.name.startswith(STAGING_PREFIX)]
    monkeypatch.undo()
    build([docs], out, BuildConfig(validate=False, cache=False))
    assert b"Gaudinet" in (out / "graph.ttl").read_bytes()


def test_validation_in_a_background_process_gives_the_same_report(tmp_path: Path) -> None:
    one = build([], tmp_path / "one", BuildConfig(html=False, cache=False))
    two = build([], tmp_path / "two", BuildConfig(html=False, cache=False, jobs=2))
    assert one.conforms is True and two.conforms is True
    assert (tmp_path / "one" / "report.json").read_bytes() == \
        (tmp_path / "two" / "report.json").read_bytes()
