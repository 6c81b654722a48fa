"""One entity per real-world thing, across documents; dates; fused facts.

* drafts with the same key are one entity (keys are minted from canonical
  names, knowledge-base entries and, for agreements, their parties);
* a surname alone is the person of that full name anywhere in the corpus;
* a document without a date takes it from its weekday dates ("lundi 6
  novembre") and another document dating the same agreement, and says so;
* a fact read in several sentences or documents is one fact with all its
  evidence; a single-valued fact given two values is kept twice and flagged;
* containment keeps the most specific place (Miami in Floride, not also in
  the États-Unis when Floride is in the États-Unis).

Example:
    >>> resolve([], []).entities
    ()
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, timedelta

from kg.dates import WEEKDAYS, parse_french_date, resolve_relative
from kg.extract.records import DateExpr, Draft, Extraction
from kg.extract.text import fold
from kg.model import Document, Entity, Evidence, Fact, Mention, MetaRecord, Sentence, Value
from kg.namespaces import COOP, FOAF, SCHEMA, XSD

__all__ = ["Resolution", "resolve", "FUNCTIONAL"]

#: predicates that take one value: two different values from two sources are flagged
FUNCTIONAL = {COOP.signedOn, COOP.population, COOP.areaKm2, SCHEMA.foundingDate, COOP.memberCount,
              COOP.status, SCHEMA.startDate}


@dataclass(frozen=True)
class Resolution:
    """The corpus after resolution: documents (dates inferred), entities and facts."""

    documents: tuple[Document, ...]
    entities: tuple[Entity, ...]
    facts: tuple[Fact, ...]


def _person_aliases(extractions: list[Extraction]) -> dict[str, str]:
    """Map one-word person keys to the full name with that surname."""
    full: dict[str, str] = {}
    for ex in extractions:
        for d in ex.drafts.values():
            if FOAF.Person in d.types and len(d.label.split()) >= 2:
                full.setdefault(fold(d.label.split()[-1]), d.key)
    out = {}
    for ex in extractions:
        for d in ex.drafts.values():
            if FOAF.Person in d.types and len(d.label.split()) == 1 and fold(d.label) in full:
                out[d.key] = full[fold(d.label)]
    return out


def _merge(extractions: list[Extraction], alias: dict[str, str]) -> dict[str, Draft]:
    merged: dict[str, Draft] = {}
    for ex in extractions:
        for d in ex.drafts.values():
            key = alias.get(d.key, d.key)
            m = merged.get(key)
            if m is None:
                merged[key] = m = Draft(key, d.label, d.types, wikidata=d.wikidata,
                                        kb_iri=d.kb_iri, label_en=d.label_en)
            elif d.key == key and FOAF.Person in d.types and len(d.label) > len(m.label):
                m.add_alias(m.label)
                m.label = d.label
            m.types = tuple(sorted(set(m.types) | set(d.types)))
            for a in ([d.label] if d.key != key or d.label != m.label else []) + d.aliases:
                m.add_alias(a)
    return merged


def _infer_dates(documents: list[Document], extractions: list[Extraction]) -> list[Document]:
    """Date the undated documents from their weekday dates and the other documents."""
    dated = {d.id: d.meta.date for d in documents if d.meta.date and len(d.meta.date) == 10}
    known: dict[str, str] = {}
    for ex in extractions:
        ref = dated.get(ex.doc_id)
        for f in ex.facts:
            if f.predicate == COOP.signedOn and isinstance(f.obj, DateExpr) and ref:
                iso = _resolve_date(f.obj, ref)
                if iso:
                    known[f.subject] = iso
    out = []
    for doc, ex in zip(documents, extractions, strict=True):
        if doc.meta.date:
            out.append(doc)
            continue
        for f in ex.facts:
            if f.predicate == COOP.signedOn and isinstance(f.obj, DateExpr) and f.subject in known:
                iso, expr = known[f.subject], f.obj
                y, mth, day = (int(x) for x in iso.split("-"))
                weekday_ok = expr.weekday is None or parse_french_date(
                    expr.text, reference=date(y, mth, day)) == (iso, "day")
                if (expr.day, expr.month) == (day, mth) and weekday_ok:
                    others = sorted(k for k, v in dated.items() if v)
                    note = (f"daté d'après « {expr.text} » et le(s) document(s) "
                            f"{', '.join(others)} qui datent le même accord du {iso}")
                    rec = MetaRecord("date", iso, "inferred", note)
                    meta = replace(doc.meta, date=iso, records=doc.meta.records + (rec,))
                    doc = replace(doc, meta=meta)
                    break
        out.append(doc)
    return out


def _resolve_date(expr: DateExpr, reference: str | None) -> str | None:
    if expr.day is None and expr.weekday is None:    # "cette année", "il y a deux ans"
        if not reference or len(reference) < 10:
            return None
        found = resolve_relative(expr.text, date.fromisoformat(reference))
        return found[0] if found and found[1] != "week" else None
    if expr.day is None:                  # "samedi": the last Saturday on or before the reference
        if not reference or len(reference) < 10 or expr.weekday not in WEEKDAYS:
            return None
        ref = date.fromisoformat(reference)
        back = (ref.weekday() - WEEKDAYS[expr.weekday]) % 7
        return (ref - timedelta(days=back)).isoformat()
    if expr.month is None:                # "le 3 courant": that day of the reference's month
        if not reference or len(reference) < 10:
            return None
        try:
            return date(int(reference[:4]), int(reference[5:7]), expr.day).isoformat()
        except ValueError:                # "le 31 courant" in a month of 30 days
            return None
    if expr.year:
        found = parse_french_date(expr.text)
        return found[0] if found else None
    if not reference or len(reference) < 7:
        return None
    y, m = int(reference[:4]), int(reference[5:7])
    d = int(reference[8:10]) if len(reference) == 10 else 1
    found = parse_french_date(expr.text, reference=date(y, m, d))
    return found[0] if found and found[1] == "day" else None


def _facts(extractions: list[Extraction], documents: list[Document],
           alias: dict[str, str]) -> list[Fact]:
    dates = {d.id: d.meta.date for d in documents}
    # each fact's evidence once, in the order met: a dict, not a list, because a fact that
    # thousands of documents state (a city's country) would make `in` quadratic
    grouped: dict[tuple, dict[Evidence, None]] = defaultdict(dict)
    for ex in extractions:
        for f in ex.facts:
            obj = f.obj
            if isinstance(obj, DateExpr):
                iso = _resolve_date(obj, dates.get(ex.doc_id))
                if iso is None:
                    continue
                obj = Value(iso, {10: XSD.date, 7: XSD.gYearMonth}.get(len(iso), XSD.gYear))
            elif isinstance(obj, str) and not isinstance(obj, Value):
                obj = alias.get(obj, obj)
            ev = replace(f.evidence, valid_on=dates.get(ex.doc_id))
            key = (alias.get(f.subject, f.subject), f.predicate, obj)
            grouped[key].setdefault(ev)
    facts = [Fact(s, p, o, tuple(sorted(evs, key=lambda e: (e.doc_id, e.start, e.rule))))
             for (s, p, o), evs in grouped.items()]
    return _flag_conflicts(_most_specific(facts))


def _most_specific(facts: list[Fact]) -> list[Fact]:
    within: dict[str, set[str]] = defaultdict(set)
    for f in facts:
        if f.predicate == SCHEMA.containedInPlace:
            within[f.subject].add(str(f.obj))

    def reachable(a: str, b: str, seen: set[str]) -> bool:
        return any(m == b or (m not in seen and reachable(m, b, seen | {m})) for m in within[a])
    return [f for f in facts if f.predicate != SCHEMA.containedInPlace
            or not any(m != f.obj and reachable(m, str(f.obj), {m}) for m in within[f.subject])]


def _flag_conflicts(facts: list[Fact]) -> list[Fact]:
    values: dict[tuple, set] = defaultdict(set)
    for f in facts:
        if f.predicate in FUNCTIONAL:
            values[(f.subject, f.predicate)].add(f.obj)
    return [replace(f, conflict=True) if f.predicate in FUNCTIONAL
            and len(values[(f.subject, f.predicate)]) > 1 else f for f in facts]


def _entities(merged: dict[str, Draft], extractions: list[Extraction], facts: list[Fact],
              alias: dict[str, str], texts: dict[str, str]) -> list[Entity]:
    used = {f.subject for f in facts} | {f.obj for f in facts if isinstance(f.obj, str)}
    mentions: dict[str, list[Mention]] = defaultdict(list)
    sentences: dict[tuple[str, int, int], Sentence] = {}    # one object per sentence
    for ex in extractions:
        text = texts[ex.doc_id]
        for m in ex.mentions:
            key = alias.get(m.key, m.key)
            where = (ex.doc_id, m.sent_start, m.sent_end)
            sent = sentences.get(where)
            if sent is None:
                sent = sentences[where] = Sentence(*where, text[m.sent_start:m.sent_end])
            mentions[key].append(Mention(ex.doc_id, m.start, m.end, m.text, key, sent, m.rule))
    out = []
    for key, d in sorted(merged.items()):
        if key not in used and key not in mentions:
            continue
        out.append(Entity(key, d.label, d.types, tuple(sorted(set(d.aliases) - {d.label})),
                          d.wikidata, "fr", tuple(mentions.get(key, ())), d.label_en))
    return out


def resolve(documents: list[Document], extractions: list[Extraction]) -> Resolution:
    """Merge the extractions of a corpus into entities and facts.

    Args:
        documents: the documents, in the same order as ``extractions``.
        extractions: one per document, from :func:`kg.extract.extract_document`.
    """
    alias = _person_aliases(extractions)
    docs = _infer_dates(list(documents), list(extractions))
    merged = _merge(list(extractions), alias)
    facts = _facts(list(extractions), docs, alias)
    entities = _entities(merged, list(extractions), facts, alias, {d.id: d.text for d in docs})
    return Resolution(tuple(docs), tuple(entities), tuple(sorted(
        facts, key=lambda f: (f.subject, str(f.predicate), str(f.obj)))))
