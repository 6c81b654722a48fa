"""The spaCy pipeline runs only what the rules need: kg's sentences, then the entity recogniser."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.extract import extract_document, extract_documents
from kg.extract.text import split_sentences
from kg.ingest import read_documents
from kg.nlp import UNUSED, load_pipeline

ROOT = Path(__file__).resolve().parent.parent


def _texts() -> list[str]:
    files = sorted(ROOT.glob("kg/corpus/*.txt")) + sorted(ROOT.glob("tests/corpora*/*/*.txt"))
    return [f.read_text(encoding="utf-8") for f in files]


def test_only_the_entity_recogniser_runs_after_kg_sentences() -> None:
    names = load_pipeline().pipe_names
    assert not set(UNUSED) & set(names)
    assert names == ["kg_sentences", "ner"]


def test_spacy_starts_a_sentence_exactly_where_the_rules_do() -> None:
    text = ("COMMUNIQUE DE PRESSE\n\nLyon, le 3 mai 2024. M. Dupont, maire de Lyon, "
            "est à Montréal. Il signe un accord !\n- la santé ;\n- le sport")
    doc = load_pipeline()(text)
    marked = [t.idx for t in doc if t.is_sent_start and t.i > 0]
    assert marked == [s.start for s in split_sentences(text)][1:]
    starting = [t.text for t in doc if t.is_sent_start]
    assert starting == ["COMMUNIQUE", "Lyon", "M.", "Il", "-", "-"]


@pytest.mark.slow
def test_no_entity_runs_across_two_sentences_of_the_rules() -> None:
    """Without kg_sentences the recogniser glues headings to the next line
    ("COMMUNIQUE DE PRESSE\\n\\nBordeaux"): 11 in the 17 test texts when this was written."""
    texts = _texts()
    assert len(texts) > 10
    crossing = []
    for text, doc in zip(texts, load_pipeline().pipe(texts), strict=True):
        sentences = split_sentences(text)
        for ent in doc.ents:
            end = ent.start_char + len(ent.text.rstrip())
            if not any(s.start <= ent.start_char and end <= s.end for s in sentences):
                crossing.append(ent.text)
    assert crossing == []


def test_batched_extraction_equals_one_by_one() -> None:
    docs = list(read_documents([ROOT / "kg" / "corpus"]).documents)
    batched = list(extract_documents(docs, batch_size=2))
    single = [extract_document(d) for d in docs]
    assert batched == single
