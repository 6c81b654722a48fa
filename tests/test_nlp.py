"""The spaCy pipeline runs only what the rules need, and that changes no entity."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from kg.extract import extract_document, extract_documents
from kg.ingest import read_documents
from kg.nlp import MODEL, UNUSED, load_pipeline

ROOT = Path(__file__).resolve().parent.parent


def _texts() -> list[str]:
    files = sorted(ROOT.glob("kg/corpus/*.txt")) + sorted(ROOT.glob("tests/corpora*/*/*.txt"))
    return [f.read_text(encoding="utf-8") for f in files]


def test_unused_components_are_not_loaded() -> None:
    names = load_pipeline().pipe_names
    assert not set(UNUSED) & set(names)
    assert names == ["tok2vec", "kg_line_sentences", "parser", "ner"]


@pytest.mark.slow
def test_the_slim_pipeline_finds_the_same_entities_as_the_whole_model() -> None:
    whole = spacy.load(MODEL)
    whole.add_pipe("kg_line_sentences", before="parser")
    texts = _texts()
    assert len(texts) > 10
    ents = [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in whole.pipe(texts)]
    slim = [[(e.start_char, e.end_char, e.label_) for e in d.ents]
            for d in load_pipeline().pipe(texts)]
    assert slim == ents


def test_batched_extraction_equals_one_by_one() -> None:
    docs = list(read_documents([ROOT / "kg" / "corpus"]).documents)
    batched = list(extract_documents(docs, batch_size=2))
    single = [extract_document(d) for d in docs]
    assert batched == single
