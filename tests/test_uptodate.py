"""A build with nothing changed keeps the last build's files; any change builds again."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kg.build import build
from kg.cache import CACHE_DIR_NAME
from kg.config import BuildConfig, corpus_dir
from kg.uptodate import RECORD_NAME

pytestmark = pytest.mark.slow

CFG = BuildConfig(html=False, validate=False)
OUTPUTS = ("graph.ttl", "graph.trig", "graph.jsonld", "report.json")


def _docs(folder: Path) -> Path:
    folder.mkdir(parents=True)
    for f in sorted(corpus_dir().glob("*.txt")):
        shutil.copy(f, folder / f.name)
    return folder


def _stamps(out: Path) -> dict[str, int]:
    return {name: (out / name).stat().st_mtime_ns for name in OUTPUTS}


def test_nothing_changed_keeps_the_files_and_gives_the_same_result(tmp_path: Path) -> None:
    docs, out = _docs(tmp_path / "docs"), tmp_path / "out"
    first = build([docs], out, BuildConfig())
    stamps = _stamps(out)
    again = build([docs], out, BuildConfig(jobs=2))     # jobs does not change the files
    assert again.up_to_date and not first.up_to_date
    assert (again.parsed, again.cached) == (0, 2)
    assert _stamps(out) == stamps                         # not written again
    for field in ("documents", "triples", "conforms", "entities_by_type",
                  "facts_by_predicate", "outcomes", "validation_summary"):
        assert getattr(again, field) == getattr(first, field), field
    assert again.files == first.files
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert "up_to_date" not in report                     # report.json stays deterministic


def test_a_changed_document_builds_again(tmp_path: Path) -> None:
    docs, out = _docs(tmp_path / "docs"), tmp_path / "out"
    build([docs], out, CFG)
    target = sorted(docs.glob("003_*.txt"))[0]
    target.write_text(target.read_text(encoding="utf-8").replace("Gaudin", "Gaudinot"),
                      encoding="utf-8")
    again = build([docs], out, CFG)
    assert not again.up_to_date and (again.parsed, again.cached) == (1, 1)
    assert "Gaudinot" in (out / "graph.ttl").read_text(encoding="utf-8")
    assert build([docs], out, CFG).up_to_date             # and the next one is up to date


def test_a_removed_document_builds_again(tmp_path: Path) -> None:
    docs, out = _docs(tmp_path / "docs"), tmp_path / "out"
    build([docs], out, CFG)
    sorted(docs.glob("*.txt"))[0].unlink()
    again = build([docs], out, CFG)
    assert not again.up_to_date and again.documents == 1


@pytest.mark.parametrize("change", ["deleted", "edited"])
def test_an_output_file_changed_by_hand_is_written_again(tmp_path: Path, change: str) -> None:
    docs, out = _docs(tmp_path / "docs"), tmp_path / "out"
    build([docs], out, CFG)
    expected = (out / "graph.ttl").read_bytes()
    if change == "deleted":
        (out / "graph.ttl").unlink()
    else:
        (out / "graph.ttl").write_text("# emptied by hand\n", encoding="utf-8")
    again = build([docs], out, CFG)
    assert not again.up_to_date and again.parsed == 0     # the cache still serves
    assert (out / "graph.ttl").read_bytes() == expected


@pytest.mark.parametrize("other", [
    BuildConfig(html=True, validate=False),
    BuildConfig(html=False, validate=True),
    BuildConfig(html=False, validate=False, base="https://example.org/id/"),
    BuildConfig(html=False, validate=False, cache=False),
])
def test_other_options_build_again(tmp_path: Path, other: BuildConfig) -> None:
    docs, out = _docs(tmp_path / "docs"), tmp_path / "out"
    build([docs], out, CFG)
    again = build([docs], out, other)
    assert not again.up_to_date
    if other.html:
        assert (out / "graph.html").exists() and "graph.html" in again.files
    if other.validate:
        assert again.conforms is True


def test_another_knowledge_base_builds_again(tmp_path: Path) -> None:
    docs, out = _docs(tmp_path / "docs"), tmp_path / "out"
    kb = tmp_path / "mine.ttl"
    kb.write_text("@prefix coop: <https://w3id.org/coop-kg/ontology#> .\n", encoding="utf-8")
    cfg = BuildConfig(html=False, validate=False, kb_files=(kb,))
    build([docs], out, cfg)
    assert build([docs], out, cfg).up_to_date
    kb.write_text(kb.read_text(encoding="utf-8") + "# another version\n", encoding="utf-8")
    assert not build([docs], out, cfg).up_to_date


def test_a_refused_file_counts_as_an_input(tmp_path: Path) -> None:
    docs, out = _docs(tmp_path / "docs"), tmp_path / "out"
    build([docs], out, CFG)
    (docs / "empty.txt").write_text("", encoding="utf-8")
    again = build([docs], out, CFG)
    assert not again.up_to_date and not again.complete
    kept = build([docs], out, CFG)
    assert kept.up_to_date and not kept.complete and kept.refused == again.refused


def test_a_damaged_record_only_means_a_build(tmp_path: Path) -> None:
    docs, out = _docs(tmp_path / "docs"), tmp_path / "out"
    build([docs], out, CFG)
    (out / CACHE_DIR_NAME / RECORD_NAME).write_text("{not json", encoding="utf-8")
    again = build([docs], out, CFG)
    assert not again.up_to_date and again.cached == 2
    assert build([docs], out, CFG).up_to_date


def test_a_record_of_another_shape_only_means_a_build(tmp_path: Path) -> None:
    docs, out = _docs(tmp_path / "docs"), tmp_path / "out"
    build([docs], out, CFG)
    path = out / CACHE_DIR_NAME / RECORD_NAME
    record = json.loads(path.read_text(encoding="utf-8"))
    record["result"]["a_field_kg_does_not_have"] = 1      # the digest and files still match
    path.write_text(json.dumps(record), encoding="utf-8")
    again = build([docs], out, CFG)
    assert not again.up_to_date and again.cached == 2


def test_a_record_that_cannot_be_written_loses_no_output(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.uptodate
    from kg.errors import ExportError

    def full_disk(*_: object) -> None:
        raise ExportError("no space left on device")

    docs, out = _docs(tmp_path / "docs"), tmp_path / "out"
    build([docs], out, CFG)
    monkeypatch.setattr(kg.uptodate, "write_atomic", full_disk)
    (out / "graph.ttl").unlink()
    again = build([docs], out, CFG)                       # the build itself succeeds
    assert (out / "graph.ttl").exists() and not again.up_to_date
    assert not (out / CACHE_DIR_NAME / RECORD_NAME).exists()
    monkeypatch.undo()
    assert not build([docs], out, CFG).up_to_date         # no stale record: it builds


def test_a_build_with_a_store_is_never_kept(tmp_path: Path) -> None:
    docs, out = _docs(tmp_path / "docs"), tmp_path / "out"
    cfg = BuildConfig(html=False, validate=False, store=tmp_path / "store")
    build([docs], out, cfg)
    again = build([docs], out, cfg)
    assert not again.up_to_date and "store" in again.files


def test_the_command_line_says_the_files_are_kept(tmp_path: Path) -> None:
    docs, out = _docs(tmp_path / "docs"), tmp_path / "out"
    command = [str(Path(sys.executable).with_name("kg")), "build", str(docs), "-o", str(out),
               "--no-html", "--no-validate"]
    first = subprocess.run(command, capture_output=True, text=True, check=True)
    assert "wrote:" in first.stdout and "nothing changed" not in first.stdout
    again = subprocess.run(command, capture_output=True, text=True, check=True)
    assert "nothing changed since the last build" in again.stdout
    assert "kept:" in again.stdout and "wrote:" not in again.stdout
