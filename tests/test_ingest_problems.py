"""Bad input at ingest: each problem reported with the file and what to do, the rest read,
and one outcome per file considered."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.config import MAX_DOCUMENT_BYTES, BuildConfig
from kg.errors import IngestError
from kg.ingest import read_document, read_documents


def by_name(result) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return {Path(o.path).name: o for o in result.outcomes}


def test_size_limit_is_configurable_and_reported(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text("Une phrase assez longue pour peser. " * 400)
    (tmp_path / "small.txt").write_text("Une phrase.\n")
    result = read_documents([tmp_path], max_bytes=5_000)
    assert [d.id for d in result.documents] == ["small"]
    big = by_name(result)["big.txt"]
    assert big.status == "refused"
    assert big.message == "big.txt is 14400 bytes, over the size limit of 5000 bytes"
    assert "split" in big.hint and "max_bytes" in big.hint
    assert [d.id for d in read_documents([tmp_path]).documents] == ["big", "small"]
    assert BuildConfig().max_bytes == MAX_DOCUMENT_BYTES == 20_000_000
    with pytest.raises(IngestError, match="over the size limit"):
        read_document(tmp_path / "big.txt", max_bytes=100)


def test_outcomes_list_every_file_in_order(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Premier texte.\n")
    (tmp_path / "b.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / "c.md").write_text("")
    (tmp_path / "d.html").write_text("<p>Une page.</p>")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "e.txt").write_text("Pas lu.\n")
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x01")
    (tmp_path / "manifest.csv").write_text("file,date\na.txt,2020-01-02\n")
    result = read_documents([tmp_path, tmp_path / "a.txt"])
    rows = [(Path(o.path).name, o.status, o.doc_id) for o in result.outcomes]
    assert rows == [("a.txt", "read", "a"), ("b.docx", "skipped", None),
                    ("c.md", "refused", None), ("d.html", "read", "d"),
                    ("sub", "skipped", None)]
    outcomes = by_name(result)
    assert outcomes["b.docx"].message == "kg does not read .docx files"
    assert outcomes["sub"].hint == f"give it too: kg build '{tmp_path / 'sub'}'"
    assert outcomes["c.md"].message == "c.md is empty" and outcomes["c.md"].hint
    assert outcomes["d.html"].message == "HTML page"
    assert [str(p) for p in result.errors] == [f"{tmp_path / 'c.md'}: c.md is empty "
                                               "(remove it or give it some text)"]
    assert result.refused == (outcomes["c.md"],) and not result.complete
    assert result.documents[0].meta.date == "2020-01-02"
    assert outcomes["a.txt"].as_dict() == {"path": str(tmp_path / "a.txt"), "status": "read",
                                           "doc_id": "a", "message": "text", "hint": None}


def test_an_all_good_input_is_complete(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Un texte.\n")
    result = read_documents([tmp_path])
    assert result.complete and result.refused == ()


def test_a_pipe_and_a_broken_link_are_refused_not_waited_for(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "link.txt").symlink_to(tmp_path / "gone.txt")
    (tmp_path / "ok.txt").write_text("Un texte.\n")
    result = read_documents([tmp_path, tmp_path / "pipe.txt"])
    outcomes = by_name(result)
    assert [d.id for d in result.documents] == ["ok"]
    assert "link to a missing file" in outcomes["link.txt"].message
    assert "not a regular file" in outcomes["pipe.txt"].message
    assert all(o.hint for o in result.refused)


def test_same_stem_everywhere_keeps_every_document(tmp_path: Path) -> None:
    for parent in ("x", "y"):
        (tmp_path / parent / "d").mkdir(parents=True)
        (tmp_path / parent / "d" / "n.txt").write_text(f"Texte {parent}.\n")
    (tmp_path / "d-n.txt").write_text("Un autre.\n")
    result = read_documents([tmp_path / "x" / "d", tmp_path / "y" / "d", tmp_path / "d-n.txt"])
    assert [d.id for d in result.documents] == ["d-n-txt", "d-n-txt-2", "d-n"]
    assert result.complete
    assert [o.doc_id for o in result.outcomes] == ["d-n-txt", "d-n-txt-2", "d-n"]


@contextlib.contextmanager
def _as_nobody() -> Iterator[None]:
    """Run the block with the effective user ``nobody`` when root (root reads any file)."""
    if os.geteuid() != 0:
        yield
        return
    os.seteuid(65534)
    try:
        yield
    finally:
        os.seteuid(0)


def test_unreadable_file_and_folder() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        root.chmod(0o755)
        (root / "secret.txt").write_text("Texte.\n")
        (root / "secret.txt").chmod(0)
        (root / "ok.txt").write_text("Lisible.\n")
        (root / "ok.txt").chmod(0o644)
        (root / "closed").mkdir(mode=0o700)
        with _as_nobody():
            result = read_documents([root, root / "closed"])
        (root / "secret.txt").chmod(0o600)
    assert [d.id for d in result.documents] == ["ok"]
    secret = by_name(result)["secret.txt"]
    assert secret.status == "refused" and "permission denied" in secret.message
    assert "chmod u+r" in secret.hint
    closed = next(p for p in result.errors if p.path.endswith("closed"))
    assert "cannot list this folder" in closed.message and "chmod" in closed.hint


def test_thousands_of_files_some_bad(tmp_path: Path) -> None:
    bad = {}
    for i in range(3000):
        path = tmp_path / f"doc{i:04d}.txt"
        if i % 500 == 7:
            path.write_bytes(b"")
            bad[path.name] = "is empty"
        elif i % 500 == 99:
            path.write_bytes(b"\x00\x01\x02\x03" * 10)
            bad[path.name] = "NUL bytes"
        elif i % 500 == 250:
            path.write_bytes(b"x" * 2_000)
            bad[path.name] = "over the size limit"
        else:
            path.write_text(f"La ville numéro {i} a signé un accord.\n")
    result = read_documents([tmp_path], max_bytes=1_000)
    assert len(result.outcomes) == 3000
    assert [Path(o.path).name for o in result.outcomes] == sorted(
        p.name for p in tmp_path.iterdir())
    assert len(result.documents) == 3000 - len(bad) == 2982
    refused = {Path(o.path).name: o for o in result.refused}
    assert set(refused) == set(bad)
    for name, needle in bad.items():
        assert needle in refused[name].message and name in str(result.errors[
            [Path(p.path).name for p in result.errors].index(name)])
        assert refused[name].hint
