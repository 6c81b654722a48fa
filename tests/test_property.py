"""Random text, random Unicode and mutated example documents through the whole pipeline.

Each example is read from a file (``kg.ingest.read_document``), extracted with the model
loaded once, resolved, turned into a dataset and checked: no exception, the SHACL shapes
hold, every minted IRI stays under the base, and Turtle round-trips the graph. Runs are
derandomized, so a failure here fails the same way on every machine.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rdflib import Graph, URIRef

from kg.config import corpus_dir
from kg.errors import IngestError
from kg.extract.text import split_sentences
from kg.graph import to_dataset, union
from kg.model import Document
from kg.namespaces import DEFAULT_BASE, RDF

pytestmark = pytest.mark.slow

SETTINGS = settings(max_examples=30, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much])

EXAMPLES = {p.stem: p.read_text(encoding="utf-8") for p in sorted(corpus_dir().glob("*.txt"))}

#: characters that break naive text handling: direction overrides, joiners, combining marks,
#: line and paragraph separators, a BOM, controls, the rules' own mention tokens
SPECIAL = ["\u202e", "\u202d", "\u200d", "\u200b", "\u0301", "\u0327", "\u2028", "\u2029",
           "\ufeff", "\x0b", "\x0c", "\x1f", "\x7f", "\x85", "⟦", "⟧", "⟦0:PER⟧", "⟦99:AUT⟧",
           "／", "∕", "а", "ｐ", "\U0001f3db\ufe0f", "«", "»", "’", "…", "\u00a0", "\u202f"]
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
          "octobre", "novembre", "décembre", "Novembre", "fevrier", "trente", "1er", "31", "0"]
WORDS = sorted({w for text in EXAMPLES.values() for w in re.findall(r"\w[\w'’-]*", text)})

unicode_chars = st.one_of(st.characters(blacklist_categories=("Cs",)), st.sampled_from(SPECIAL))
random_unicode = st.lists(unicode_chars, min_size=1, max_size=300).map("".join)
random_text = st.text(min_size=1, max_size=300)
frenchish = st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(MONTHS),
                               st.sampled_from([",", ".", ";", "\n", " - ", "« ", " »", "(",
                                                ")", "M.", "2017", "1,9 million", "6"]),
                               unicode_chars),
                     min_size=1, max_size=120).map(" ".join)


@st.composite
def mutated(draw: Any, text: str) -> str:
    """``text`` with 1-4 edits: sentences deleted, duplicated or swapped, random Unicode
    inserted, digits changed, month names changed."""
    for _ in range(draw(st.integers(1, 4))):
        spans = split_sentences(text)
        kind = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "digits", "month"]))
        if kind in ("delete", "duplicate", "swap") and spans:
            i = draw(st.integers(0, len(spans) - 1))
            j = draw(st.integers(0, len(spans) - 1))
            parts = [s.text for s in spans]
            if kind == "delete":
                del parts[i]
            elif kind == "duplicate":
                parts.insert(j, parts[i])
            else:
                parts[i], parts[j] = parts[j], parts[i]
            text = draw(st.sampled_from(["\n", " ", "\n\n"])).join(parts)
        elif kind == "insert":
            at = draw(st.integers(0, len(text)))
            text = text[:at] + "".join(draw(st.lists(unicode_chars, min_size=1, max_size=20))) \
                + text[at:]
        elif kind == "digits":
            table = str.maketrans({d: draw(st.sampled_from("0123456789")) for d in "0123456789"})
            text = text.translate(table)
        else:
            month = draw(st.sampled_from(MONTHS))
            text = re.sub("|".join(MONTHS[:12]), month, text, count=draw(st.integers(0, 3)))
    return text


@pytest.fixture(scope="module")
def pipeline() -> Any:
    """``run(texts)``: the whole pipeline over documents with these texts (by file name)."""
    from kg.extract import extract_document
    from kg.extract.kb import load_kb
    from kg.ingest import read_document
    from kg.nlp import load_pipeline
    from kg.resolve import resolve
    from kg.validate import validate

    nlp, kb = load_pipeline(), load_kb()

    def run(texts: dict[str, str]) -> None:
        with tempfile.TemporaryDirectory() as folder:
            docs: list[Document] = []
            for name, text in texts.items():
                path = Path(folder) / f"{name}.txt"
                path.write_text(text, encoding="utf-8", errors="surrogatepass")
                try:
                    docs.append(read_document(path))
                except IngestError:  # refused with a message: only a text with no words
                    assert not re.search(r"\w", text) or "\x00" in text, "a text was refused"
        extractions = [extract_document(d, nlp=nlp, kb=kb) for d in docs]
        res = resolve(docs, extractions)
        ds = to_dataset(res.documents, res.entities, res.facts)
        report = validate(ds)
        assert report.conforms, report.summary()
        graph = union(ds)
        for s, p, o in graph:
            for node in (s, o):
                if isinstance(node, URIRef) and p != RDF.type and node.startswith(DEFAULT_BASE):
                    path = node[len(DEFAULT_BASE):].split("#")[0]
                    assert re.fullmatch(r"[A-Za-z0-9_.~/-]*", path), node
                    assert not {".", ".."} & set(path.split("/")), node
        back = Graph().parse(data=graph.serialize(format="turtle"), format="turtle")
        assert len(back) == len(graph)

    return run


@SETTINGS
@given(text=random_text)
@example(text="\x00")
@example(text=" \n\t ")
def test_random_text(pipeline: Any, text: str) -> None:
    pipeline({"random": text})


@SETTINGS
@given(text=random_unicode)
@example(text="⟦0:PER⟧ a signé cet accord avec ⟦7:PER⟧.")
@example(text="Jean\u202eDupont, maire de Ly\u200don, a signé un accord avec Pаris.")
def test_random_unicode(pipeline: Any, text: str) -> None:
    pipeline({"unicode": text})


@SETTINGS
@given(text=frenchish)
def test_random_french_words(pipeline: Any, text: str) -> None:
    pipeline({"mots": text})


@SETTINGS
@given(texts=st.fixed_dictionaries({name: mutated(text) for name, text in EXAMPLES.items()}))
def test_mutated_example_documents(pipeline: Any, texts: dict[str, str]) -> None:
    pipeline(texts)


# -- what the properties found, kept as plain regression tests --------------------------------
@pytest.fixture(scope="module")
def extract() -> Any:
    from kg.extract import extract_document
    from kg.nlp import load_pipeline

    nlp = load_pipeline()
    return lambda text: extract_document(Document("d", text), nlp=nlp)


def test_mention_tokens_written_in_a_document_are_text(extract: Any) -> None:
    ex = extract("⟦0:PER⟧ a signé cet accord avec ⟦7:PER⟧. Jean Dupont, maire de Lyon, ⟦1:AUT⟧.")
    assert "post/ville-de-lyon/maire" in ex.drafts  # an IndexError before


def test_figures_are_positive_finite_decimals(extract: Any) -> None:
    def figures(text: str) -> list[tuple[str, str]]:
        return [(f.predicate.rsplit("#", 1)[-1].rsplit("/", 1)[-1], f.obj.lexical)
                for f in extract(text).facts if hasattr(f.obj, "lexical")]

    assert figures("Lyon compte " + "9" * 400 + " habitants et " + "9" * 400 + " visiteurs.") \
        == []  # an OverflowError before
    assert figures("Le Comté de Miami rassemble 0,0 millions de citoyens sur 0 km².") == []
    assert figures("Lyon s'étend sur 0,001 hectares.") == [("areaKm2", "0.00001")]  # not 1e-05
