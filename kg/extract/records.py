"""Records of the extraction stage (before resolution across documents).

Example:
    >>> d = Draft("person/ada-lovelace", "Ada Lovelace", ())
    >>> d.add_alias("Lovelace"); d.aliases
    ['Lovelace']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rdflib import URIRef

from kg.model import Evidence, Value

__all__ = ["Draft", "DateExpr", "RawFact", "Extraction", "MentionRec"]


@dataclass
class Draft:
    """An entity as one document sees it; resolution merges drafts by key."""

    key: str
    label: str
    types: tuple[URIRef, ...]
    aliases: list[str] = field(default_factory=list)
    wikidata: str | None = None
    kb_iri: str | None = None
    label_en: str | None = None
    attrs: dict[str, Any] = field(default_factory=dict)

    def add_alias(self, name: str) -> None:
        if name and name != self.label and name not in self.aliases:
            self.aliases.append(name)


@dataclass(frozen=True)
class DateExpr:
    """A date as written: resolved later against the document's (possibly inferred) date."""

    text: str
    day: int | None
    month: int | None
    year: int | None
    weekday: str | None = None


@dataclass(frozen=True)
class MentionRec:
    """A mention: span, the key of its entity, and the sentence span it sits in."""

    start: int
    end: int
    text: str
    key: str
    sent_start: int
    sent_end: int
    rule: str


@dataclass
class RawFact:
    """A fact as read: subject/object keys, a literal, or a date still to resolve."""

    subject: str
    predicate: URIRef
    obj: str | Value | DateExpr
    evidence: Evidence


@dataclass
class Extraction:
    """What one document yields."""

    doc_id: str
    drafts: dict[str, Draft] = field(default_factory=dict)
    mentions: list[MentionRec] = field(default_factory=list)
    facts: list[RawFact] = field(default_factory=list)
    date_exprs: list[DateExpr] = field(default_factory=list)
