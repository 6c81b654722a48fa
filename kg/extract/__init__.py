"""Mentions and facts out of one document, by named rules.

Mentions first (knowledge base, designators, names, context), then the rules
that need them (councils, "la Métropole", delegations, surnames, sector
actors), then, sentence by sentence over the shaped text, posts, agreements,
events, lists and figures; quotations and geography over the whole document.

Example:
    >>> from kg.model import Document
    >>> ex = extract_document(Document("d", "Jean Dupont, maire de Lyon, est venu."))
    >>> sorted(k for k in ex.drafts if k.startswith("post/"))
    ['post/ville-de-lyon/maire']
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from kg.extract.agreements import finish_dates, read_agreements, read_counterpart
from kg.extract.context import Context
from kg.extract.coref import (
    add_acronyms,
    add_anaphora,
    add_bracketed_names,
    add_councils,
    add_delegations,
    add_demonym_authorities,
    add_described_places,
    add_former_names,
    add_municipal_councils,
    add_rank_towns,
    add_repeats,
    add_surnames,
)
from kg.extract.events import finish_events, read_events
from kg.extract.figures import (
    read_apposed_places,
    read_figures,
    read_geography,
    read_quotations,
)
from kg.extract.kb import KB, load_kb
from kg.extract.layout import read_issuer
from kg.extract.links import add_agencies, read_agencies
from kg.extract.lists import (
    read_field_actors,
    read_fields,
    read_lists,
    read_members,
    read_topics,
    sector_actor_mentions,
)
from kg.extract.mentions import find_mentions
from kg.extract.posts import finish_posts, read_posts
from kg.extract.records import DateExpr, Draft, Extraction, MentionRec, RawFact
from kg.extract.text import fold, split_sentences
from kg.model import Document
from kg.namespaces import DCTERMS, ORG
from kg.textnorm import analysis_text, to_published

if TYPE_CHECKING:     # spaCy is imported by kg.nlp, when a document is parsed
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["extract_document", "extract_documents", "nlp_text", "Extraction", "Draft", "RawFact", "MentionRec", "DateExpr"]


def _located_in(ctx: Context, kb: KB):  # type: ignore[no-untyped-def]
    def located(key: str, place_key: str) -> bool:
        d = ctx.out.drafts.get(key)
        place = ctx.out.drafts.get(place_key)
        if d is None or place is None or place.kb_iri is None:
            return False
        iris = [d.kb_iri] if d.kb_iri else []
        if d.kb_iri and d.kb_iri in kb.entries:
            iris += list(kb.entries[d.kb_iri].spatial) + list(kb.entries[d.kb_iri].within)
        for c in ctx.cands:                          # a place named in its name
            if c.kb and c.kb.iri != d.kb_iri and c.code == "PLC" and c.label in d.label:
                iris.append(c.kb.iri)
        return any(place.kb_iri == i or place.kb_iri in kb.ancestors(i) for i in iris)
    return located


def _councils(ctx: Context) -> None:
    """'le Conseil politique du Comté de Miami' is a body of the county (org:subOrganizationOf)."""
    for c in ctx.cands:
        inner = c.attrs.get("of_cand")
        if inner is not None:
            authority = ctx.draft(inner)
            ctx.fact(c.attrs.get("key") or c.key, ORG.subOrganizationOf, authority,
                     ctx.sentence_of(c.start), "council")


def _territories(ctx: Context, kb: KB) -> None:
    """'la commune de Ouahigouya' -> the authority's territory is the place Ouahigouya."""
    places = {fold(c.label): ctx.key_of(i) for i, c in enumerate(ctx.cands) if c.code == "PLC"}
    places.update({fold(c.attrs["name"]): ctx.key_of(i) for i, c in enumerate(ctx.cands)
                   if c.code == "PLC" and c.attrs.get("name")})
    for i, c in enumerate(ctx.cands):
        name = c.attrs.get("name")
        place = places.get(fold(name)) if name else None
        if c.attrs.get("place") and c.kb is None:
            entry = kb.entries.get(c.attrs["place"])
            place = entry.key if entry and entry.key in ctx.out.drafts else place
        if c.code == "AUT" and place and c.kb is None:
            ctx.fact(ctx.key_of(i), DCTERMS.spatial, place, ctx.sentence_of(c.start), "spatial")


def _pipeline() -> Language:
    """kg's spaCy pipeline, imported only now: a build whose documents all come from the
    cache never imports spaCy (about 2.5 s, most of it spaCy's French tokenizer regex)."""
    from kg.nlp import load_pipeline
    return load_pipeline()


def nlp_text(doc: Document) -> str:
    """The text the spaCy pipeline and the rules read for ``doc``: its text with typography
    normalised (:func:`kg.textnorm.analysis_text`); offsets are mapped back to ``doc.text``."""
    return analysis_text(doc.text).text


def extract_documents(docs: Iterable[Document], *, nlp: Language | None = None,
                      kb: KB | None = None, batch_size: int = 16) -> Iterator[Extraction]:
    """:func:`extract_document` over many documents, spaCy run in batches (``nlp.pipe``).

    Example:
        >>> from kg.model import Document
        >>> [len(ex.facts) > 0 for ex in extract_documents([Document("d", "Jean Dupont, maire de Lyon.")])]
        [True]
    """
    nlp = nlp or _pipeline()
    kb = kb or load_kb()
    first, second = itertools.tee(docs)
    parsed = nlp.pipe((nlp_text(d) for d in first), batch_size=batch_size)
    for doc, spacy_doc in zip(second, parsed, strict=True):
        yield extract_document(doc, nlp=nlp, kb=kb, parsed=spacy_doc)


def extract_document(doc: Document, *, nlp: Language | None = None, kb: KB | None = None,
                     parsed: Doc | None = None) -> Extraction:
    """Read the entities and facts of one document.

    Args:
        doc: the document (its text is what offsets point into).
        nlp: the spaCy pipeline (built once by :func:`kg.nlp.load_pipeline` if not given).
        kb: the knowledge base (the bundled one if not given).
        parsed: the spaCy ``Doc`` of :func:`nlp_text` when already parsed (``nlp.pipe``).

    Returns:
        The drafts of its entities, its mentions, and its facts with their evidence.
    """
    kb = kb or load_kb()
    analysis = analysis_text(doc.text)
    text = analysis.text
    sentences = split_sentences(text)
    spacy_doc = parsed if parsed is not None else (nlp or _pipeline())(text)
    ents = [(e.start_char, e.end_char, e.label_) for e in spacy_doc.ents]
    cands = find_mentions(text, ents, kb)
    cands = sector_actor_mentions(text, sentences, cands)
    cands = add_councils(text, cands)
    cands = add_municipal_councils(text, cands, kb)
    cands = add_delegations(text, cands, kb)
    cands = add_surnames(text, cands)
    cands = add_anaphora(text, cands)
    cands = add_acronyms(text, cands)
    cands = add_bracketed_names(text, cands)
    cands = add_agencies(text, cands, ents)
    cands = add_repeats(text, cands)
    cands = add_former_names(text, cands)
    cands = add_described_places(text, cands, kb)
    cands = add_demonym_authorities(text, cands, kb)
    cands = add_rank_towns(text, cands, kb)
    ctx = Context(replace(doc, text=text), sentences, cands)
    for c in ctx.cands:
        ctx.draft(c)
    _councils(ctx)
    _territories(ctx, kb)
    read_agencies(ctx, kb)
    read_issuer(ctx)
    for s in sentences:
        shaped = read_posts(ctx, kb, s, ctx.shape(s))
        read_agreements(ctx, kb, s, shaped, read_events(ctx, s, shaped))
        read_counterpart(ctx, s, shaped)
        read_lists(ctx, s, shaped)
        read_members(ctx, s, shaped)
        read_fields(ctx, s, shaped)
        read_topics(ctx, s, shaped)
        read_field_actors(ctx, s, shaped)
        read_apposed_places(ctx, kb, s, shaped)
        read_figures(ctx, s, shaped)
    finish_posts(ctx, kb)
    finish_dates(ctx)
    finish_events(ctx, _located_in(ctx, kb))
    read_quotations(ctx)
    read_geography(ctx, kb)
    return to_published(ctx.finish(), analysis)
