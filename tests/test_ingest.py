"""kg.ingest: files and folders -> documents with metadata; bad files reported, not fatal."""

from __future__ import annotations

import os
import shutil
import unicodedata
from pathlib import Path

import pytest

from kg.config import corpus_dir
from kg.errors import IngestError, ManifestError
from kg.ingest import decode, read_document, read_documents
from kg.manifest import apply_manifest
from kg.model import DOCUMENT_KINDS, DocumentMeta

DATA = Path(__file__).parent / "data" / "ingest"


def records(doc, origin: str) -> dict[str, str]:
    return {r.field: r.value for r in doc.meta.records if r.origin == origin}


# -- the bundled corpus ------------------------------------------------------

def test_press_release_metadata_read_from_its_text() -> None:
    doc = read_document(next(corpus_dir().glob("003_*.txt")))
    assert doc.id.startswith("003_")
    assert doc.meta.date == "2017-11-06"
    assert doc.meta.kind == "press_release"
    assert doc.meta.title == "LA METROPOLE SIGNE UN ACCORD HISTORIQUE AVEC LE COMTE DE MIAMI"
    assert doc.meta.source == doc.id + ".txt"
    assert doc.meta.language == "fr"
    date_record = next(r for r in doc.meta.records if r.field == "date")
    assert date_record.origin == "text" and "Lundi 6 novembre 2017" in date_record.note


def test_news_article_has_no_date_and_its_first_sentence_as_title() -> None:
    doc = read_document(next(corpus_dir().glob("000_*.txt")))
    assert doc.meta.date is None  # "lundi 6 novembre" has no year: dating it is not ingest's job
    assert doc.meta.kind == "news_article"
    assert doc.meta.title.startswith("Opération séduction réussie pour les 120 membres")
    assert len(doc.meta.title) <= 101 and doc.meta.title.endswith("…")


def test_text_is_kept_as_is_so_offsets_hold() -> None:
    path = next(corpus_dir().glob("003_*.txt"))
    doc = read_document(path)
    assert doc.text == unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
    start = doc.text.index("Jean-Claude Gaudin")
    assert doc.text[start:start + 18] == "Jean-Claude Gaudin"


def test_corpus_folder_reads_in_name_order() -> None:
    result = read_documents([corpus_dir()])
    assert result.errors == ()
    assert [d.id[:3] for d in result.documents] == ["000", "003"]


# -- metadata from text and manifest ------------------------------------------

def test_folder_with_manifest() -> None:
    result = read_documents([DATA / "corpus"])
    assert result.errors == ()
    docs = {d.id: d for d in result.documents}
    assert sorted(docs) == ["article", "english", "page", "press"]

    press = docs["press"]
    assert (press.meta.date, press.meta.kind) == ("2019-12-01", "press_release")
    assert press.meta.title == "LA REGION SIGNE UN PARTENARIAT AVEC LA PROVINCE DU QUEBEC"
    assert press.meta.source == "Région Auvergne-Rhône-Alpes"  # given by the user
    assert records(press, "manifest") == {"source": "Région Auvergne-Rhône-Alpes"}

    article = docs["article"]
    assert article.meta.kind == "news_article"
    assert article.meta.date == "2019-11"
    assert article.meta.title == "Bordeaux et Dakar jumelées"
    assert records(article, "text")["title"].startswith("Une délégation de quarante élus")
    assert records(article, "text")["source"] == "https://example.org/actualites/bordeaux-dakar"
    given = {"date": "2019-11", "title": "Bordeaux et Dakar jumelées"}
    assert records(article, "manifest") == given


def test_crlf_becomes_lf() -> None:
    doc = read_document(DATA / "corpus" / "article.txt")
    assert "\r" not in doc.text and doc.text.count("\n") == 4


def test_english_markdown() -> None:
    doc = read_document(DATA / "corpus" / "english.md")
    assert doc.meta.language == "en"
    assert doc.meta.title == "Glasgow and Marseille sign a cooperation agreement"
    assert doc.meta.kind == "other"  # one paragraph of prose is not enough for an article


def test_html_page() -> None:
    doc = read_document(DATA / "corpus" / "page.html")
    assert doc.text == ("Jumelage Nantes & Recife\nLa ville de Nantes et la ville de Recife "
                        "ont signé un accord de jumelage.\n- Culture\n- Santé\n")  # bullets stay
    assert doc.meta.kind == "web_page"
    assert doc.meta.date == "2021-03-15"
    assert doc.meta.title == "Jumelage Nantes – Recife"
    assert doc.meta.source == "https://example.org/nantes-recife"


@pytest.mark.parametrize(("dateline", "iso"), [
    ("Marseille, le 6 novembre 2017", "2017-11-06"),
    ("LUNDI 6 NOVEMBRE 2017", "2017-11-06"),
    ("6 novembre 2017", "2017-11-06"),
    ("Novembre 2017", "2017-11"),
    ("LA LETTRE INTERNATIONALE - n° 27 - 07/04/2026", "2026-04-07"),   # a newsletter's issue
    ("Bulletin N°112 – 3 mars 2025", "2025-03-03"),
    ("Direction de la communication – Pau, le 19 mai 2026", "2026-05-19"),   # after a dash
])
def test_datelines(tmp_path: Path, dateline: str, iso: str) -> None:
    (tmp_path / "d.txt").write_text(f"COMMUNIQUÉ DE PRESSE\n{dateline}\nUN TITRE ICI MEME\n")
    doc = read_document(tmp_path / "d.txt")
    assert (doc.meta.date, doc.meta.kind) == (iso, "press_release")


def test_a_date_inside_prose_is_no_dateline(tmp_path: Path) -> None:
    (tmp_path / "d.txt").write_text("La région a signé le 6 novembre 2017 un accord avec la ville "
                                    "de Dakar pour développer les échanges culturels.\n")
    assert read_document(tmp_path / "d.txt").meta.date is None


def test_manifest_overrides_and_keeps_both() -> None:
    meta = DocumentMeta(date="2017-11-06", kind="press_release")
    meta = apply_manifest(meta, {"file": "x.txt", "date": "2017-11-07", "kind": "web_page"})
    assert (meta.date, meta.kind) == ("2017-11-07", "web_page")
    assert [(r.field, r.origin) for r in meta.records] == [
        ("date", "manifest"), ("kind", "manifest")]


@pytest.mark.parametrize(("row", "bad"), [
    ({"file": "x.txt", "date": "2017-13-01"}, "2017-13-01"),
    ({"file": "x.txt", "date": "06/11/2017"}, "06/11/2017"),
    ({"file": "x.txt", "kind": "brochure"}, "brochure"),
    ({"file": "", "date": "2017-11-06"}, "file"),
])
def test_malformed_manifest_row(row: dict[str, str], bad: str) -> None:
    with pytest.raises(ManifestError, match=bad) as info:
        apply_manifest(DocumentMeta(), row)
    assert info.value.hint


def test_bad_manifest_rows_are_reported_and_the_build_goes_on() -> None:
    result = read_documents([DATA / "bad_manifest"])
    docs = {d.id: d for d in result.documents}
    assert sorted(docs) == ["a", "b", "d"]
    assert docs["a"].meta.date == "2018-03-12"  # its bad row was left out: the text's date holds
    assert docs["b"].meta.kind == "press_release"
    assert (docs["d"].meta.date, docs["d"].meta.title) == ("2018-03-20", "Le bon titre")
    messages = " | ".join(str(p) for p in result.errors)
    assert len(result.errors) == 3
    for needle in ("2017-13-01", "brochure", "c.txt", str(list(DOCUMENT_KINDS)[0])):
        assert needle in messages


def test_semicolon_manifest_with_bom(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Un texte.\n")
    (tmp_path / "manifest.csv").write_bytes("\ufefffile;date;kind\na.txt;2020-01;other\n"
                                            .encode())
    doc = read_documents([tmp_path]).documents[0]
    assert doc.meta.date == "2020-01"


# -- files that cannot be read ------------------------------------------------

def test_unreadable_files_are_skipped_with_a_hint(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("Un texte lisible.\n")
    (tmp_path / "empty.txt").write_text("  \n")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "latin.txt").write_bytes(b"\xff\xfe\x00")
    result = read_documents([tmp_path, tmp_path / "missing.txt"])
    assert [d.id for d in result.documents] == ["good"]
    by_file = {Path(p.path).name: p for p in result.errors}
    assert set(by_file) == {"binary.txt", "empty.txt", "latin.txt", "missing.txt"}
    assert "empty" in by_file["empty.txt"].message
    assert "PNG image" in by_file["binary.txt"].message
    assert "byte order mark" in by_file["latin.txt"].message
    assert "no such file" in by_file["missing.txt"].message
    assert all(p.hint for p in result.errors)
    assert [(Path(o.path).name, o.status) for o in result.outcomes] == [
        ("binary.txt", "refused"), ("empty.txt", "refused"), ("good.txt", "read"),
        ("latin.txt", "refused"), ("missing.txt", "refused")]
    assert not result.complete


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_permission_denied(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("Texte.\n")
    path.chmod(0)
    try:
        result = read_documents([path])
    finally:
        path.chmod(0o600)
    assert result.documents == ()
    assert "permission denied" in result.errors[0].message and "chmod" in result.errors[0].hint


def test_utf8_bom_is_dropped() -> None:
    text, recs = decode("\ufeffRégion".encode(), "x.txt")
    assert (text, recs) == ("Région", [])


def test_windows_1252_is_read_and_recorded(tmp_path: Path) -> None:
    (tmp_path / "w.txt").write_bytes("Région, « élus » – œuvre\r\n".encode("cp1252"))
    doc = read_document(tmp_path / "w.txt")
    assert doc.text == "Région, « élus » – œuvre\n"
    assert records(doc, "inferred") == {"encoding": "cp1252"}


def test_not_text_raises(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_bytes(b"\x81\x8d\x02\x03 not text")
    with pytest.raises(IngestError, match="not UTF-8"):
        read_document(tmp_path / "x.txt")


def test_nfc(tmp_path: Path) -> None:
    (tmp_path / "n.txt").write_text("Re\u0301gion Rho\u0302ne\n")
    assert read_document(tmp_path / "n.txt").text == "Région Rhône\n"


# -- ids ----------------------------------------------------------------------

def test_same_stem_in_two_folders_gets_folder_prefixes() -> None:
    result = read_documents([DATA / "dup2", DATA / "dup1"])
    assert [d.id for d in result.documents] == ["dup2-same", "dup1-same"]
    assert result.errors == ()
    assert all(any(r.field == "id" for r in d.meta.records) for d in result.documents)


def test_same_stem_same_folder_gets_suffix(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Texte.\n")
    (tmp_path / "a.md").write_text("Texte.\n")
    ids = [d.id for d in read_documents([tmp_path]).documents]
    assert ids == [f"{tmp_path.name}-a-md", f"{tmp_path.name}-a-txt"]


def test_same_file_twice_is_read_once() -> None:
    path = DATA / "dup1" / "same.txt"
    result = read_documents([path, DATA / "dup1"])
    assert [d.id for d in result.documents] == ["same"]


def test_empty_folder_is_a_problem(tmp_path: Path) -> None:
    result = read_documents([tmp_path])
    assert result.documents == () and "no document" in result.errors[0].message


def test_deterministic(tmp_path: Path) -> None:
    shutil.copytree(DATA / "corpus", tmp_path / "c")
    assert read_documents([tmp_path / "c"]) == read_documents([tmp_path / "c"])


SEEDS = Path(__file__).resolve().parents[2] / "shared" / "gold" / "seeds.yaml"


@pytest.mark.skipif(not SEEDS.is_file(), reason="the shared gold is not beside the repo")
def test_bundled_corpus_metadata_agrees_with_the_shared_gold() -> None:
    import yaml

    expected = yaml.safe_load(SEEDS.read_text(encoding="utf-8"))["documents"]
    docs = {Path(d.path or "").name: d for d in read_documents([corpus_dir()]).documents}
    for entry in expected:
        meta = docs[entry["file"]].meta
        date = str(entry["date"]) if entry["date"] else None
        assert (meta.date, meta.kind) == (date, entry["kind"]), entry["file"]


def test_dateline_opening_the_first_paragraph(tmp_path: Path) -> None:
    path = tmp_path / "rennes.txt"
    path.write_text("Rennes, le 14 mars 2023 – La Ville de Rennes et la Ville de Sendai ont signé "
                    "un accord de coopération.\n", encoding="utf-8")
    doc = read_document(path)
    assert doc.meta.date == "2023-03-14"
    assert doc.meta.title.startswith("La Ville de Rennes")
