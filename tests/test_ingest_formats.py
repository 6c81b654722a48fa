"""kg.ingest on every kind of input it reads: encodings, HTML, Markdown, PDF."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdfmaker import scan_pdf, text_pdf

from kg.errors import IngestError
from kg.ingest import read_document, read_documents
from kg.mdtext import markdown_text
from kg.pdftext import pdf_text
from kg.textdecode import decode

FRENCH = "Le cœur de l’été à Nîmes : « très » animé – 10 € par élu.\r\n"


def encoding(doc) -> str | None:
    return next((r.value for r in doc.meta.records if r.field == "encoding"), None)


# -- encodings ----------------------------------------------------------------

@pytest.mark.parametrize(("codec", "recorded"), [
    ("utf-8", None), ("utf-8-sig", None), ("utf-16", "utf-16"), ("cp1252", "cp1252"),
    ("iso8859-15", "iso8859-15"), ("mac_roman", "mac-roman"),
])
def test_each_encoding_is_detected_and_recorded(tmp_path: Path, codec: str, recorded: str | None
                                                ) -> None:
    text = FRENCH if codec != "iso8859-15" else FRENCH.replace("’", "'").replace("–", "-")
    (tmp_path / "d.txt").write_bytes(text.encode(codec))
    doc = read_document(tmp_path / "d.txt")
    assert doc.text == text.replace("\r\n", "\n")
    assert encoding(doc) == recorded


def test_latin1_without_typography_is_named_latin1(tmp_path: Path) -> None:
    (tmp_path / "d.txt").write_bytes("La Région a signé à Québec.\n".encode("latin-1"))
    doc = read_document(tmp_path / "d.txt")
    assert doc.text == "La Région a signé à Québec.\n"
    assert encoding(doc) == "iso-8859-1"
    note = next(r.note for r in doc.meta.records if r.field == "encoding")
    assert "byte 0xe9 at offset 4" in note and "4 of 4" in note


def test_detection_is_by_fit_not_by_first_success() -> None:
    # every byte decodes in Windows-1252 too, but "c½ur" and "¤" do not fit French text
    text, records = decode("Le cœur : 10 €".encode("iso8859-15"), "d.txt")
    assert text == "Le cœur : 10 €" and records[0].value == "iso8859-15"
    text, records = decode("Un élu à Nîmes".encode("mac_roman"), "d.txt")
    assert text == "Un élu à Nîmes" and records[0].value == "mac-roman"


def test_utf16_without_bom() -> None:
    text, records = decode("Région Nîmes\n".encode("utf-16-le"), "d.txt")
    assert text == "Région Nîmes\n" and records[0].value == "utf-16"


def test_utf8_saved_twice_is_repaired() -> None:
    twice = "Région à Nîmes".encode().decode("cp1252").encode()
    text, records = decode(twice, "d.txt")
    assert text == "Région à Nîmes" and "repaired" in records[0].note


def test_text_in_no_encoding_is_refused_with_a_hint() -> None:
    with pytest.raises(IngestError, match=r"not UTF-8 \(byte 0x81 at offset 0\)") as info:
        decode(b"\x81\x8d\x02\x03 pas du texte", "x.txt")
    assert "iconv" in (info.value.hint or "")


@pytest.mark.parametrize(("raw", "what"), [
    (b"PK\x03\x04\x14\x00\x06\x00", "ZIP container"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Microsoft Office"),
    (b"%PDF-1.4\n%\xe2\xe3", "PDF file"),
    (b"\x00\x01\x02binary\x00", "NUL bytes"),
])
def test_binary_files_are_named(raw: bytes, what: str) -> None:
    with pytest.raises(IngestError, match=what) as info:
        decode(raw, "notes.txt")
    assert info.value.hint


def test_crlf_and_cr_line_ends(tmp_path: Path) -> None:
    (tmp_path / "d.txt").write_bytes(b"Ligne une.\r\nLigne deux.\rLigne trois.\n")
    assert read_document(tmp_path / "d.txt").text == "Ligne une.\nLigne deux.\nLigne trois.\n"


# -- HTML ---------------------------------------------------------------------

PAGE = """<!DOCTYPE html><html><head>
<meta charset="windows-1252">
<title>Accord Lyon – Montréal | Ville de Lyon</title>
<meta name="date" content="2020-01-02">
<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
  {"@type": "NewsArticle", "headline": "Lyon et Montréal", "datePublished": "2022-05-17T10:00:00"}
]}</script>
</head><body>
<noscript>Activez JavaScript</noscript><template><p>Gabarit</p></template>
<h1>Lyon et Montréal signent</h1>
<p>La ville de Lyon et la ville de Montréal ont signé un accord.</p>
<time datetime="2019-09-09">9 septembre</time>
<script>document.write("pas du texte")</script>
</body></html>
"""


def test_html_text_and_metadata_from_the_page(tmp_path: Path) -> None:
    (tmp_path / "p.html").write_bytes(PAGE.encode("cp1252"))
    doc = read_document(tmp_path / "p.html")
    assert doc.text == ("Lyon et Montréal signent\nLa ville de Lyon et la ville de Montréal "
                        "ont signé un accord.\n9 septembre\n")
    assert doc.meta.date == "2022-05-17"          # JSON-LD before <meta name="date">
    assert doc.meta.title == "Accord Lyon – Montréal | Ville de Lyon"
    assert doc.meta.kind == "web_page"
    notes = {r.field: r.note for r in doc.meta.records}
    assert notes["date"] == "HTML JSON-LD datePublished"
    assert encoding(doc) == "cp1252" and "declared in the page" in next(
        r.note for r in doc.meta.records if r.field == "encoding")


@pytest.mark.parametrize(("head", "body", "title", "date"), [
    ('<meta property="og:title" content="Titre OG"><title>T</title>'
     '<meta property="article:published_time" content="2021-03-15T09:00:00+01:00">'
     '<meta name="date" content="2020-01-01">', "<p>x</p>", "Titre OG", "2021-03-15"),
    ("", "<h1>Le titre <em>h1</em></h1><p>x</p>", "Le titre h1", None),
    ('<meta name="dcterms.date" content="2018-04">', '<p>Publié <time datetime="2019-01-02">'
     "hier</time></p>", "Publié hier", "2018-04"),
    ("", '<p>Publié <time datetime="2019-01-02T08:00">hier</time></p>', "Publié hier",
     "2019-01-02"),
])
def test_html_title_and_date_sources(tmp_path: Path, head: str, body: str, title: str,
                                     date: str | None) -> None:
    (tmp_path / "p.html").write_text(f"<html><head>{head}</head><body>{body}</body></html>")
    meta = read_document(tmp_path / "p.html").meta
    assert (meta.title, meta.date) == (title, date)


# -- Markdown -----------------------------------------------------------------

MARKDOWN = """---
title: Rennes et Sendai, partenaires
date: 2023-03-14
source: https://metropole.rennes.fr/
---

# Rennes et Sendai

La **Ville de Rennes** et la _Ville de Sendai_ ont signé
un [accord de coopération](https://example.org/accord) ![photo](p.jpg).

## Domaines

* la `culture` ;
1. le sport.

| Domaine | Acteur |
|---------|--------|
| Culture | Opéra de Rennes |

```
code ici
```
"""


def test_markdown_text_without_markup_and_front_matter(tmp_path: Path) -> None:
    (tmp_path / "r.md").write_text(MARKDOWN.replace("\n", "\r\n"), encoding="utf-8")
    doc = read_document(tmp_path / "r.md")
    assert doc.text == ("Rennes et Sendai\n\nLa Ville de Rennes et la Ville de Sendai ont signé "
                        "un accord de coopération.\n\nDomaines\n\n- la culture ;\n- le sport.\n\n"
                        "Domaine ; Acteur\nCulture ; Opéra de Rennes\n\ncode ici\n")
    assert (doc.meta.title, doc.meta.date, doc.meta.source) == (
        "Rennes et Sendai, partenaires", "2023-03-14", "https://metropole.rennes.fr/")
    assert {r.note for r in doc.meta.records if r.field in ("title", "date")} == {
        "Markdown front matter"}
    assert doc.meta.kind != "web_page"


def test_markdown_without_front_matter_takes_its_heading() -> None:
    text, head = markdown_text("Intro\n=====\n\nTexte *important* et __gras__, 2*3*4.\n")
    assert text == "Intro\n\nTexte important et gras, 2*3*4.\n"
    assert head == {"title": "Intro", "title_note": "Markdown heading"}


def test_a_horizontal_rule_at_the_top_is_no_front_matter() -> None:
    text, head = markdown_text("---\n\nUn texte.\n")
    assert (text, head) == ("Un texte.\n", {})


# -- PDF ----------------------------------------------------------------------

def test_pdf_text_layer_is_read_as_paragraphs(tmp_path: Path) -> None:
    (tmp_path / "c.pdf").write_bytes(text_pdf([
        ["COMMUNIQUÉ DE PRESSE", "Rennes, le 14 mars 2023",
         "La Ville de Rennes et la Ville de Sendai ont signé un accord de coopé-",
         "ration dans les domaines de la culture, de l'eau et du numérique.", "Culture"],
        ["Seconde page."]]))
    result = read_documents([tmp_path])
    (doc,) = result.documents
    assert doc.text == ("COMMUNIQUÉ DE PRESSE\nRennes, le 14 mars 2023\nLa Ville de Rennes et la "
                        "Ville de Sendai ont signé un accord de coopération dans les domaines de "
                        "la culture, de l'eau et du numérique.\nCulture\n\nSeconde page.\n")
    assert (doc.meta.date, doc.meta.kind) == ("2023-03-14", "press_release")
    assert result.outcomes[0].message == "PDF text layer, 2 page(s)"


def test_pdf_without_text_layer_says_to_run_ocr(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    with open(tmp_path / "blank.pdf", "wb") as f:
        writer.write(f)
    (tmp_path / "scan.pdf").write_bytes(scan_pdf())
    result = read_documents([tmp_path])
    assert result.documents == ()
    for problem in result.errors:
        name = Path(problem.path).name
        assert problem.message == f"{name} has no text layer (a scan?)"
        assert problem.hint == f"run OCR first, e.g. ocrmypdf {name} out.pdf"


def test_encrypted_pdf(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(_bytes_io(text_pdf([["Secret."]]))))
    writer.encrypt("motdepasse", algorithm="RC4-128")
    with open(tmp_path / "e.pdf", "wb") as f:
        writer.write(f)
    with pytest.raises(IngestError, match="e.pdf is an encrypted PDF") as info:
        read_document(tmp_path / "e.pdf")
    assert "qpdf --decrypt" in (info.value.hint or "")


def test_pdf_with_an_empty_user_password_is_read(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(_bytes_io(text_pdf([["Lisible sans mot de passe."]]))))
    writer.encrypt("", owner_password="proprio", algorithm="RC4-128")
    with open(tmp_path / "e.pdf", "wb") as f:
        writer.write(f)
    assert read_document(tmp_path / "e.pdf").text == "Lisible sans mot de passe.\n"


@pytest.mark.parametrize("cut", [100, 400, -40])
def test_damaged_pdf_is_refused(cut: int) -> None:
    raw = text_pdf([["Une ligne de texte."]])
    with pytest.raises(IngestError) as info:
        pdf_text(raw[:cut] if cut > 0 else raw[:cut] + b"\x00garbage", "d.pdf")
    assert "d.pdf" in info.value.message and info.value.hint


def _bytes_io(raw: bytes):  # type: ignore[no-untyped-def]
    import io

    return io.BytesIO(raw)
