"""Typography, markup and PDF do not change what is read, and provenance still points
into the published text.

The rules read a normalised copy of a document's text (kg.textnorm); every
offset they produce is mapped back, so the graph publishes the text as
written (curly apostrophes, no-break spaces, ligatures) and every NIF anchor
is its exact slice.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pdfmaker import text_pdf
from rdflib import Graph

from kg.config import corpus_dir
from kg.ingest import read_documents
from kg.namespaces import NIF, RDF
from kg.textnorm import analysis_text

#: how a word processor or a web page writes French typography
FANCY = [("'", "’"), (" :", "\u00a0:"), (" ;", "\u202f;"), (" ?", "\u202f?"), (" !", "\u202f!"),
         ("« ", "«\u00a0"), (" »", "\u00a0»"), ("ffi", "ﬃ"), ("fi", "ﬁ"), ("fl", "ﬂ"),
         ("Marseille", "Mar\u00adseille"), ("Miami", "Mia\u200bmi"), ("\n", "\r\n")]


def fancy(text: str) -> str:
    for plain, typo in FANCY:
        text = text.replace(plain, typo)
    return text


# -- the offset map -------------------------------------------------------------

def test_analysis_text_normalises_and_maps_back() -> None:
    published = "L’Oﬃce\u00a0: « ﬁn » – cœur, Mar\u00adseille\u200b."
    a = analysis_text(published)
    assert a.text == "L'Office : « fin » – cœur, Marseille."
    for word in re.finditer(r"\S+", a.text):
        start, end = a.span(word.start(), word.end())
        assert analysis_text(published[start:end]).text == word.group(), word
    start = a.text.index("Marseille")
    assert a.slice(start, start + 9) == "Mar\u00adseille"
    assert a.span(len(a.text), len(a.text)) == (len(published), len(published))


def test_plain_text_is_its_own_analysis() -> None:
    a = analysis_text("Rien à changer : « cœur ».")
    assert a.identical and a.text == a.published and a.span(3, 7) == (3, 7)


# -- the same facts, exact provenance -------------------------------------------

def _read(folder: Path):  # type: ignore[no-untyped-def]
    from kg.extract import extract_document
    from kg.resolve import resolve

    docs = list(read_documents([folder]).documents)
    result = resolve(docs, [extract_document(d) for d in docs])
    facts = {(f.subject, f.predicate, str(f.obj)) for f in result.facts}
    return docs, result, facts


def _check_anchors(dataset_graph: Graph) -> int:
    checked = 0
    for node in set(dataset_graph.subjects(NIF.anchorOf, None)):
        if (node, RDF.type, NIF.Context) in dataset_graph:
            continue
        context = dataset_graph.value(node, NIF.referenceContext)
        text = str(dataset_graph.value(context, NIF.isString))
        begin = int(dataset_graph.value(node, NIF.beginIndex))
        end = int(dataset_graph.value(node, NIF.endIndex))
        assert text[begin:end] == str(dataset_graph.value(node, NIF.anchorOf)), node
        checked += 1
    return checked


@pytest.mark.slow
def test_typography_changes_nothing_read_and_anchors_stay_exact(tmp_path: Path) -> None:
    from kg.graph import to_dataset, union

    for name in ("plain", "fancy"):
        (tmp_path / name).mkdir()
    for source in sorted(corpus_dir().glob("*.txt")):
        plain = source.read_text(encoding="utf-8").replace("’", "'").replace("\u00a0", " ")
        (tmp_path / "plain" / source.name).write_text(plain, encoding="utf-8")
        (tmp_path / "fancy" / source.name).write_bytes(fancy(plain).encode("utf-8"))
    plain_docs, plain_res, plain_facts = _read(tmp_path / "plain")
    fancy_docs, fancy_res, fancy_facts = _read(tmp_path / "fancy")
    assert {e.key for e in fancy_res.entities} == {e.key for e in plain_res.entities}
    assert fancy_facts == plain_facts and len(plain_facts) > 50

    published = fancy_docs[1].text            # the press release, as written
    assert "\r" not in published              # line ends are made \n at ingest
    assert all(c in published for c in "’\u00a0\u202fﬁ\u00ad\u200b")
    graph = union(to_dataset(fancy_res.documents, fancy_res.entities, fancy_res.facts))
    contexts = {str(o) for o in graph.objects(None, NIF.isString)}
    assert published in contexts
    assert _check_anchors(graph) > 100
    for e in fancy_res.entities:              # mentions: exact slices of the published text
        for m in e.mentions:
            doc = next(d for d in fancy_docs if d.id == m.doc_id)
            assert doc.text[m.start:m.end] == m.text
    names = {m.text for e in fancy_res.entities for m in e.mentions}
    assert any("Mar\u00adseille" in n for n in names) and any("’" in n for n in names)


@pytest.mark.slow
def test_pdf_and_markdown_give_the_facts_of_their_plain_text(tmp_path: Path) -> None:
    lines = ["COMMUNIQUÉ DE PRESSE", "Rennes, le 14 mars 2023",
             "La Ville de Rennes et la Ville de Sendai ont signé un accord de coopération dans "
             "les", "domaines de la culture, de l'enseignement supérieur et du numérique. "
             "Nathalie Appéré, maire", "de Rennes, a signé cet accord avec Kazuko Kori, maire de "
             "Sendai."]
    for name in ("txt", "pdf", "md"):
        (tmp_path / name).mkdir()
    (tmp_path / "txt" / "c.txt").write_text("\n".join(lines[:2]) + "\n" + " ".join(lines[2:]))
    (tmp_path / "pdf" / "c.pdf").write_bytes(text_pdf([lines]))
    (tmp_path / "md" / "c.md").write_text(
        "---\ntitle: Rennes et Sendai\n---\n**COMMUNIQUÉ DE PRESSE**\n\n*Rennes, le 14 mars "
        "2023*\n\nLa **Ville de Rennes** et la [Ville de Sendai](https://www.city.sendai.jp/) "
        "ont signé\nun accord de coopération dans les domaines de la `culture`, de\n"
        "l'enseignement supérieur et du **numérique**.\n\n"
        "> Nathalie Appéré, maire de Rennes, a signé cet accord avec _Kazuko Kori_, maire de "
        "Sendai.\n")
    _, _, txt = _read(tmp_path / "txt")
    pdf_docs, pdf_res, pdf = _read(tmp_path / "pdf")
    _, _, md = _read(tmp_path / "md")
    assert pdf == txt
    signatories = {o for s, p, o in txt if p.endswith("signatory")}
    assert signatories == {"person/nathalie-appere", "person/kazuko-kori"}
    assert md == txt
    for e in pdf_res.entities:
        for m in e.mentions:
            assert pdf_docs[0].text[m.start:m.end] == m.text
