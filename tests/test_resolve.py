"""Resolution across documents, on extraction records built by hand (no model).

One entity per key across documents, surnames to full names, dates inferred
for undated documents (and not when the weekday disagrees), one fact with the
evidence of every document, conflicting values flagged, the most specific
containment kept.
"""

from __future__ import annotations

from rdflib import URIRef

from kg.extract.records import DateExpr, Draft, Extraction, MentionRec, RawFact
from kg.model import Document, DocumentMeta, Evidence, Value
from kg.namespaces import COOP, FOAF, SCHEMA, XSD
from kg.resolve import resolve

AGR = "agreement/comte-de-valmorel--metropole-de-lyon"


def ev(doc: str, start: int = 0, end: int = 10, rule: str = "kg.rule.signatory.v1") -> Evidence:
    return Evidence(doc, start, end, "x" * (end - start), rule, 0.9)


def doc(doc_id: str, date: str | None = None) -> Document:
    return Document(doc_id, "x" * 200, meta=DocumentMeta(date=date))


def extraction(doc_id: str, drafts: list[Draft], facts: list[RawFact],
               mentions: list[MentionRec] = ()) -> Extraction:  # type: ignore[assignment]
    ex = Extraction(doc_id)
    ex.drafts = {d.key: d for d in drafts}
    ex.facts = list(facts)
    ex.mentions = list(mentions)
    return ex


def person(key: str, label: str) -> Draft:
    return Draft(key, label, (FOAF.Person,))


def agreement() -> Draft:
    return Draft(AGR, "accord entre Métropole de Lyon et Comté de Valmorel", (COOP.Agreement,))


def test_same_key_in_two_documents_is_one_entity_with_all_names() -> None:
    a = Draft("authority/metropole-de-lyon", "Métropole de Lyon", (COOP.Metropolis,),
              aliases=["la Métropole"])
    b = Draft("authority/metropole-de-lyon", "Métropole de Lyon", (COOP.PublicAuthority,),
              aliases=["Grand Lyon"])
    m1 = MentionRec(0, 5, "xxxxx", a.key, 0, 10, "kg.rule.kb-gazetteer.v1")
    m2 = MentionRec(3, 8, "xxxxx", b.key, 0, 10, "kg.rule.kb-gazetteer.v1")
    res = resolve([doc("d1"), doc("d2")], [extraction("d1", [a], [], [m1]),
                                           extraction("d2", [b], [], [m2])])
    assert [e.key for e in res.entities] == ["authority/metropole-de-lyon"]
    e = res.entities[0]
    assert set(e.types) == {COOP.Metropolis, COOP.PublicAuthority}
    assert set(e.aliases) == {"la Métropole", "Grand Lyon"}
    assert {m.doc_id for m in e.mentions} == {"d1", "d2"}
    assert all(m.sentence.text == "x" * 10 for m in e.mentions)


def test_surname_alone_is_the_full_name_across_documents() -> None:
    full = person("person/paul-martin", "Paul Martin")
    short = person("person/martin", "Martin")
    f1 = RawFact(AGR, COOP.signatory, "person/paul-martin", ev("d1"))
    f2 = RawFact(AGR, COOP.signatory, "person/martin", ev("d2"))
    res = resolve([doc("d1", "2019-03-14"), doc("d2", "2019-03-15")],
                  [extraction("d1", [full, agreement()], [f1]),
                   extraction("d2", [short, agreement()], [f2])])
    people = [e for e in res.entities if FOAF.Person in e.types]
    assert [(e.key, e.label) for e in people] == [("person/paul-martin", "Paul Martin")]
    assert "Martin" in people[0].aliases
    facts = [f for f in res.facts if f.predicate == COOP.signatory]
    assert len(facts) == 1 and facts[0].obj == "person/paul-martin"
    assert {e.doc_id for e in facts[0].evidence} == {"d1", "d2"}


def _dated_pair(weekday: str) -> list[Extraction]:
    dated = RawFact(AGR, COOP.signedOn, DateExpr("lundi 6 novembre", 6, 11, None, "lundi"),
                    ev("press", rule="kg.rule.agreement-date.v1"))
    undated = RawFact(AGR, COOP.signedOn, DateExpr(f"{weekday} 6 novembre", 6, 11, None, weekday),
                      ev("news", rule="kg.rule.agreement-date.v1"))
    return [extraction("press", [agreement()], [dated]),
            extraction("news", [agreement()], [undated])]


def test_undated_document_is_dated_from_the_weekday_and_the_other_document() -> None:
    res = resolve([doc("press", "2017-11-06"), doc("news")], _dated_pair("lundi"))
    news = next(d for d in res.documents if d.id == "news")
    assert news.meta.date == "2017-11-06"
    rec = [r for r in news.meta.records if r.field == "date"]
    assert len(rec) == 1 and rec[0].origin == "inferred" and rec[0].value == "2017-11-06"
    assert "press" in rec[0].note
    facts = [f for f in res.facts if f.predicate == COOP.signedOn]
    assert [f.obj for f in facts] == [Value("2017-11-06", XSD.date)]
    assert {e.doc_id for e in facts[0].evidence} == {"press", "news"}
    assert not facts[0].conflict
    assert {e.valid_on for e in facts[0].evidence} == {"2017-11-06"}


def test_a_weekday_that_disagrees_gives_no_date() -> None:
    res = resolve([doc("press", "2017-11-06"), doc("news")], _dated_pair("mardi"))
    news = next(d for d in res.documents if d.id == "news")
    assert news.meta.date is None
    assert not any(r.origin == "inferred" for r in news.meta.records)


def test_one_fact_stated_twice_is_one_fact_with_two_evidences() -> None:
    f1 = RawFact(AGR, COOP.party, "authority/metropole-de-lyon", ev("d1", 0, 10))
    f2 = RawFact(AGR, COOP.party, "authority/metropole-de-lyon", ev("d1", 20, 30))
    lyon = Draft("authority/metropole-de-lyon", "Métropole de Lyon", (COOP.Metropolis,))
    res = resolve([doc("d1", "2019-03-14")], [extraction("d1", [agreement(), lyon], [f1, f2])])
    (fact,) = res.facts
    assert [(e.start, e.end) for e in fact.evidence] == [(0, 10), (20, 30)]


def test_two_values_of_a_single_valued_predicate_are_both_kept_and_flagged() -> None:
    county = Draft("authority/comte-de-valmorel", "Comté de Valmorel", (COOP.County,))
    f1 = RawFact(county.key, COOP.population, Value("2500000", XSD.integer),
                 ev("d1", rule="kg.rule.population.v1"))
    f2 = RawFact(county.key, COOP.population, Value("2700000", XSD.integer),
                 ev("d2", rule="kg.rule.population.v1"))
    f3 = RawFact(county.key, COOP.areaKm2, Value("5040.0", XSD.decimal),
                 ev("d1", rule="kg.rule.area.v1"))
    res = resolve([doc("d1", "2019-01-01"), doc("d2", "2019-02-01")],
                  [extraction("d1", [county], [f1, f3]), extraction("d2", [county], [f2])])
    pops = {f.obj.lexical: f.conflict for f in res.facts if f.predicate == COOP.population}
    assert pops == {"2500000": True, "2700000": True}
    assert [f.conflict for f in res.facts if f.predicate == COOP.areaKm2] == [False]


def test_containment_keeps_the_most_specific_place() -> None:
    places = [Draft(f"place/{k}", k.title(), (SCHEMA.Place,)) for k in ("miami", "floride", "usa")]
    facts = [RawFact("place/miami", SCHEMA.containedInPlace, "place/floride", ev("d1")),
             RawFact("place/floride", SCHEMA.containedInPlace, "place/usa", ev("d1")),
             RawFact("place/miami", SCHEMA.containedInPlace, "place/usa", ev("d1"))]
    res = resolve([doc("d1", "2019-01-01")], [extraction("d1", places, facts)])
    within = {(f.subject, f.obj) for f in res.facts}
    assert within == {("place/miami", "place/floride"), ("place/floride", "place/usa")}


def test_output_is_sorted_and_repeatable() -> None:
    facts = [RawFact(AGR, COOP.party, f"authority/{k}", ev("d1")) for k in ("b", "a", "c")]
    drafts = [agreement()] + [Draft(f"authority/{k}", k, (COOP.PublicAuthority,)) for k in "bac"]
    one = resolve([doc("d1", "2019-01-01")], [extraction("d1", drafts, facts)])
    two = resolve([doc("d1", "2019-01-01")], [extraction("d1", list(reversed(drafts)),
                                                           list(reversed(facts)))])
    assert one == two
    assert [f.obj for f in one.facts] == ["authority/a", "authority/b", "authority/c"]
    assert [e.key for e in one.entities] == sorted(e.key for e in one.entities)
    assert isinstance(one.facts[0].predicate, URIRef)
