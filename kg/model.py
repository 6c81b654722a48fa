"""Plain typed records passed between the stages of kg.

ingest -> :class:`Document`; extract -> :class:`Mention` and :class:`Fact`
(subjects and objects are *local* keys); resolve -> :class:`Entity` and facts
whose keys are the stable IRI paths (``person/jean-claude-gaudin``); graph ->
RDF. Every record is a frozen dataclass: a stage never changes its input.

Example:
    >>> ev = Evidence(doc_id="d1", start=0, end=12, text="Texte exact.",
    ...               rule="kg.rule.signing.v1", confidence=0.9)
    >>> f = Fact("agreement/a", COOP.signedOn, Value("2017-11-06", XSD.date), (ev,))
    >>> f.is_literal
    True
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import URIRef

from kg.namespaces import COOP, XSD

__all__ = [
    "DocumentMeta", "Document", "Sentence", "Mention", "Entity", "Evidence", "Value",
    "Fact", "MetaRecord", "DOCUMENT_KINDS", "COOP", "XSD",
]

#: document kinds a user may give (manifest ``kind`` column) -> class
DOCUMENT_KINDS: dict[str, URIRef] = {
    "press_release": COOP.PressRelease,
    "news_article": COOP.NewsArticle,
    "web_page": COOP.WebPage,
    "other": COOP.SourceDocument,
}


@dataclass(frozen=True)
class MetaRecord:
    """One metadata value and where it came from.

    ``origin`` is ``"text"`` (read from the document), ``"manifest"`` (given by
    the user) or ``"inferred"`` (from the corpus, e.g. a weekday and another
    document reporting the same event); ``note`` says how.
    """

    field: str
    value: str
    origin: str
    note: str = ""


@dataclass(frozen=True)
class DocumentMeta:
    """Metadata of a document: the effective values and every record behind them."""

    date: str | None = None          # ISO 8601: YYYY-MM-DD or YYYY-MM
    title: str | None = None
    kind: str = "other"              # a key of DOCUMENT_KINDS
    source: str | None = None        # address or publisher
    language: str = "fr"
    records: tuple[MetaRecord, ...] = ()


@dataclass(frozen=True)
class Document:
    """A source document: id (file stem), NFC text (offsets point into it), metadata."""

    id: str
    text: str
    path: str | None = None
    meta: DocumentMeta = field(default_factory=DocumentMeta)


@dataclass(frozen=True)
class Sentence:
    """A sentence of a document, by character offsets into ``Document.text``."""

    doc_id: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Mention:
    """A span of text naming an entity; ``key`` is the entity it refers to."""

    doc_id: str
    start: int
    end: int
    text: str
    key: str
    sentence: Sentence
    rule: str = ""


@dataclass(frozen=True)
class Entity:
    """One real-world thing.

    ``key`` is the IRI path below the instance base (``person/jean-claude-gaudin``);
    ``types`` are class IRIs; ``aliases`` every other name it was seen under.
    """

    key: str
    label: str
    types: tuple[URIRef, ...]
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None      # a checked Q-id only
    lang: str = "fr"
    mentions: tuple[Mention, ...] = ()
    label_en: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class Evidence:
    """Why a fact is in the graph: its sentence, the rule that read it, a confidence."""

    doc_id: str
    start: int
    end: int
    text: str
    rule: str
    confidence: float
    valid_on: str | None = None      # the date the fact is stated as of (document date)


@dataclass(frozen=True)
class Value:
    """A literal object: lexical form, datatype IRI, optional language."""

    lexical: str
    datatype: URIRef | None = None
    lang: str | None = None


@dataclass(frozen=True)
class Fact:
    """A triple read from text: ``subject`` is an entity key, ``obj`` a key or a :class:`Value`.

    ``conflict`` is set by resolution when two sources give different values
    for a single-valued predicate: both facts are kept and flagged.
    """

    subject: str
    predicate: URIRef
    obj: str | Value
    evidence: tuple[Evidence, ...] = ()
    conflict: bool = False

    @property
    def is_literal(self) -> bool:
        return isinstance(self.obj, Value)
