"""The working state of one document's extraction, shared by the rules.

A sentence is "shaped" for the relation rules: each mention becomes a token
``⟦i:CODE⟧`` (CODE in PER, AUT, ORG, PLC), so a rule is a regex over words and
mention codes ("⟦3:PER⟧ a signé cet accord avec ⟦4:PER⟧").

Example:
    >>> SHAPE_TOKEN.findall("⟦0:AUT⟧ et ⟦1:AUT⟧")
    [('0', 'AUT'), ('1', 'AUT')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import URIRef

from kg.extract.mentions import Cand
from kg.extract.records import DateExpr, Draft, Extraction, MentionRec, RawFact
from kg.extract.rules import LEXICON, RULES, alternation
from kg.extract.text import Span, fold
from kg.model import Document, Evidence, Value

__all__ = ["Context", "SHAPE_TOKEN", "ORGLIKE", "ANY", "BRACKETED", "BULLET", "HONORIFIC",
           "fold_shaped", "mention_ids"]

SHAPE_TOKEN = re.compile(r"⟦(\d+):(PER|AUT|ORG|PLC)⟧")
ORGLIKE = r"⟦(\d+):(?:AUT|ORG)⟧"
ANY = r"⟦(\d+):(?:AUT|ORG|PLC|PER)⟧"
#: a mention in brackets right after another, its acronym: "⟦GMVA⟧ (⟦GMVA⟧)"
BRACKETED = r"\s*\(⟦\d+:[A-Z]{3}⟧\)"
#: a title before a name, in folded text: the lexicon's honorifics ("M.", "Mme"...), and a
#: professor's
HONORIFIC = (r"(?:(?:" + alternation([*LEXICON["honorifics"], "le professeur", "la professeure"],
                                     fold_words=True) + r")\s+)?")
#: a list item's mark at the start of a line: "- ", "• ", "a) ", "1. "
BULLET = re.compile(r"^\s*(?:[-–—•*]|[a-z]\)(?=\s)|\d{1,2}[.)](?=\s))\s*")
#: the token brackets written in a document are plain brackets in the shaped text
_NOT_TOKENS = str.maketrans("⟦⟧", "[]")


@dataclass
class Context:
    """One document, its sentences and mentions, and what the rules have read."""

    doc: Document
    sentences: list[Span]
    cands: list[Cand]
    out: Extraction = field(init=False)
    state: dict = field(default_factory=dict)   # current agreement, event, agreements...

    def __post_init__(self) -> None:
        self.out = Extraction(self.doc.id)
        self.cands.sort(key=lambda c: c.start)

    # -- entities ---------------------------------------------------------
    def draft(self, c: Cand) -> str:
        """Register the entity a candidate names; return its key."""
        key = c.attrs.get("key") or c.key
        d = self.out.drafts.get(key)
        if d is None:
            kb = c.kb
            d = Draft(key, kb.label if kb else c.label, c.types,
                      wikidata=kb.wikidata if kb else None, kb_iri=kb.iri if kb else None,
                      label_en=kb.label_en if kb else None)
            if kb:
                for a in kb.aliases:
                    d.add_alias(a)
            self.out.drafts[key] = d
        if c.attrs.get("of"):
            d.attrs["of"] = c.attrs["of"]
        for name in (c.label, c.text, *c.aliases):
            if c.rule != RULES["anaphora"].name or name == c.text:
                d.add_alias(name)
        return key

    def add_draft(self, key: str, label: str, types: tuple[URIRef, ...], **attrs: object) -> Draft:
        d = self.out.drafts.get(key)
        if d is None:
            d = self.out.drafts[key] = Draft(key, label, types, attrs=dict(attrs))
        return d

    def key_of(self, index: int) -> str:
        c = self.cands[index]
        return c.attrs.get("key") or c.key

    # -- sentences --------------------------------------------------------
    def sentence_of(self, pos: int) -> Span:
        for s in self.sentences:
            if s.start <= pos < s.end:
                return s
        return self.sentences[-1]

    def in_sentence(self, s: Span) -> list[int]:
        return [i for i, c in enumerate(self.cands) if s.start <= c.start and c.end <= s.end]

    def shape(self, s: Span) -> str:
        """The sentence with every mention replaced by ``⟦i:CODE⟧``."""
        parts, pos = [], s.start
        for i in self.in_sentence(s):
            c = self.cands[i]
            parts.append(self.doc.text[pos:c.start].translate(_NOT_TOKENS))
            parts.append(f"⟦{i}:{c.code}⟧")
            pos = c.end
        parts.append(self.doc.text[pos:s.end].translate(_NOT_TOKENS))
        return "".join(parts)

    def unshape(self, shaped: str) -> str:
        """Back to words: each token replaced by its mention's text."""
        return SHAPE_TOKEN.sub(lambda m: self.cands[int(m.group(1))].text, shaped)

    # -- facts ------------------------------------------------------------
    def evidence(self, s: Span, rule: str) -> Evidence:
        r = RULES[rule]
        return Evidence(self.doc.id, s.start, s.end, s.text, r.name, r.confidence,
                        valid_on=self.doc.meta.date)

    def fact(self, subject: str, predicate: URIRef, obj: str | Value | DateExpr, s: Span,
             rule: str) -> None:
        self.out.facts.append(RawFact(subject, predicate, obj, self.evidence(s, rule)))

    def finish(self) -> Extraction:
        """Record the mentions of every registered entity and return the extraction."""
        for c in self.cands:
            key = c.attrs.get("key") or c.key
            if key not in self.out.drafts:
                continue
            s = self.sentence_of(c.start)
            self.out.mentions.append(MentionRec(c.start, c.end, c.text, key, s.start, s.end,
                                                c.rule))
        return self.out


def fold_shaped(shaped: str) -> str:
    """Fold a shaped sentence, keeping the mention codes in upper case.

    Example:
        >>> fold_shaped("La ⟦0:AUT⟧ a signé")
        'la ⟦0:AUT⟧ a signe'
    """
    return re.sub(r"⟦(\d+):([a-z]{3})⟧", lambda m: f"⟦{m.group(1)}:{m.group(2).upper()}⟧",
                  fold(shaped))


def mention_ids(chunk: str, codes: str = "AUT|ORG") -> list[int]:
    """The candidate indexes of the mentions of ``chunk`` with those codes, in order.

    Example:
        >>> mention_ids("⟦3:AUT⟧ et ⟦5:PER⟧ et ⟦4:ORG⟧")
        [3, 4]
    """
    return [int(x) for x in re.findall(rf"⟦(\d+):(?:{codes})⟧", chunk)]
