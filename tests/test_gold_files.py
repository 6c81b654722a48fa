"""The gold files of ``tests/corpora*/*/gold.yaml`` are well formed.

Six sets: ``corpora/`` was written with the rules, ``corpora_heldout/`` and
``corpora_blind/`` to ``corpora_blind4/`` without reading ``kg/extract/``, to
measure how the extraction generalises. A malformed gold
file would score it wrong silently, so each one must follow
``docs/gold-format.md``: it parses, names documents that exist,
gives every entity a known type, and every fact a known predicate, its
fields, and subject and object ids defined under ``entities:``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import pytest
import yaml

HERE = Path(__file__).parent
#: the six sets: written with the rules, held out, and four blind sets
GOLD_FILES = [path for folder in ("corpora", "corpora_heldout", "corpora_blind", "corpora_blind2",
                                  "corpora_blind3", "corpora_blind4")
              for path in sorted((HERE / folder).glob("*/gold.yaml"))]

TYPES = {"Person", "Organization", "PublicAuthority", "Place", "Agreement", "Event", "Sector"}
KINDS = {"press_release", "news_article", "other"}
ORGS = {"Organization", "PublicAuthority"}
#: predicate -> (required fields, allowed subject types, allowed object types), from FORMAT.md
PREDICATES: dict[str, tuple[set[str], set[str] | None, set[str] | None]] = {
    "holds": ({"s", "role", "org"}, {"Person"}, ORGS),
    "party": ({"s", "o"}, {"Agreement"}, ORGS),
    "signatory": ({"s", "o"}, {"Agreement"}, {"Person"}),
    "witness": ({"s", "o"}, {"Agreement"}, {"Person"}),
    "signedOn": ({"s", "date"}, {"Agreement"}, None),
    "status": ({"s", "value"}, {"Agreement"}, None),
    "population": ({"s", "value"}, ORGS | {"Place"}, None),
    "areaKm2": ({"s", "value"}, ORGS | {"Place"}, None),
    "founded": ({"s", "value"}, None, None),
    "strategicSector": ({"s", "o"}, ORGS, {"Sector"}),
    "sectorActor": ({"s", "o"}, {"Sector"}, ORGS | {"Place"}),
    "priorityDestination": ({"s", "o"}, ORGS, {"Place"}),
    "collaborationField": ({"s", "o"}, {"Agreement"} | ORGS, {"Sector"}),
    "participant": ({"s", "o"}, {"Event"}, {"Person"} | ORGS),
    "locatedIn": ({"s", "o"}, None, {"Place"}),
}


def norm(text: str) -> str:
    """Fold a name as the gold scorer does (case, accents, hyphens, spaces).

    Example:
        >>> norm("Région du Gbêkê")
        'region du gbeke'
    """
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[-_\s]+", " ", text.replace("’", "'").lower()).strip()


def load(path: Path) -> dict:
    """The parsed YAML of ``path``.

    Example:
        >>> sorted(load(GOLD_FILES[0]))[:2]
        ['documents', 'entities']
    """
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def test_there_are_twenty_seven_test_corpora() -> None:
    assert len(GOLD_FILES) == 27       # 6 written with the rules, 5 held out, 4 x 4 blind
    for path in GOLD_FILES:
        docs = load(path)["documents"]
        assert docs and all(d["file"].endswith((".txt", ".md", ".html")) for d in docs), path
    every_doc = [d for p in GOLD_FILES for d in load(p)["documents"]]
    assert any(d["date"] is None for d in every_doc), "an undated document tests date inference"


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.parent.name)
def test_documents_exist_and_are_described(path: Path) -> None:
    gold = load(path)
    assert set(gold) <= {"documents", "entities", "facts", "tolerated"}
    for doc in gold["documents"]:
        text = (path.parent / doc["file"]).read_text(encoding="utf-8")
        assert text.strip(), doc["file"]
        assert doc["kind"] in KINDS, doc
        # a date, or none for an undated article that borrows it from another document
        assert isinstance(doc["date"], dt.date) or (doc["date"] is None and len(
            gold["documents"]) > 1), doc
    on_disk = {p.name for p in path.parent.iterdir() if p.suffix in (".txt", ".md", ".html")}
    assert on_disk == {d["file"] for d in gold["documents"]}, "every document has a gold entry"


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.parent.name)
def test_entities_are_well_typed_and_named_in_the_text(path: Path) -> None:
    gold = load(path)
    files = {d["file"] for d in gold["documents"]}
    texts = {f: norm((path.parent / f).read_text(encoding="utf-8")) for f in files}
    every_name: dict[str, str] = {}
    for key, ent in gold["entities"].items():
        assert ent["type"] in TYPES, (key, ent["type"])
        assert set(ent.get("in", [])) <= files, key
        names = [ent["label"], *ent.get("aliases", [])]
        assert len({norm(n) for n in names}) == len(names), f"{key}: duplicate names"
        for name in names:
            assert every_name.setdefault(norm(name), key) == key, f"{name!r} names two entities"
        # "maire de X" is a post in Ville de X; "conseillère départementale de l'Hérault"
        # one in the Département de l'Hérault: the authority is implied by its land's name
        land = re.split(r" (?:de la|de l'|du|des|de|d') ?", ent["label"], maxsplit=1)[-1]
        implied = ent["type"] == "PublicAuthority" and any(norm(land) in t for t in texts.values())
        if ent["type"] in {"Person", "Place", "Organization", "PublicAuthority"} and not implied:
            assert any(norm(n) in texts[f] for n in names for f in files), f"{key}: not named"
    for name in gold.get("tolerated", []):
        assert norm(name) not in every_name, f"tolerated {name!r} is also a gold name"


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.parent.name)
def test_facts_use_known_predicates_and_defined_entities(path: Path) -> None:
    gold = load(path)
    ents, files = gold["entities"], {d["file"] for d in gold["documents"]}
    seen = set()
    for fact in gold["facts"]:
        assert fact["p"] in PREDICATES, fact
        fields, subj_types, obj_types = PREDICATES[fact["p"]]
        assert fields <= set(fact) <= fields | {"p", "in"}, fact
        assert fact["s"] in ents, f"undefined subject in {fact}"
        assert subj_types is None or ents[fact["s"]]["type"] in subj_types, fact
        obj = fact.get("o", fact.get("org"))
        if obj is not None:
            assert obj in ents, f"undefined object in {fact}"
            assert obj_types is None or ents[obj]["type"] in obj_types, fact
        assert set(fact.get("in", [])) <= files, fact
        key = tuple(sorted((k, str(v)) for k, v in fact.items() if k != "in"))
        assert key not in seen, f"fact listed twice: {fact}"
        seen.add(key)


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.parent.name)
def test_fact_values_have_the_right_form(path: Path) -> None:
    for fact in load(path)["facts"]:
        if fact["p"] == "signedOn":
            assert isinstance(fact["date"], dt.date), fact
        if fact["p"] == "status":
            assert fact["value"] in {"signed", "in_preparation"}, fact
        if fact["p"] in {"population", "areaKm2", "founded"}:
            assert isinstance(fact["value"], (int, float)) and fact["value"] > 0, fact
        if fact["p"] == "holds":
            assert fact["role"] == fact["role"].lower(), fact


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.parent.name)
def test_every_agreement_has_parties_and_one_status(path: Path) -> None:
    gold = load(path)
    for key, ent in gold["entities"].items():
        if ent["type"] != "Agreement":
            continue
        preds = [f["p"] for f in gold["facts"] if f["s"] == key]
        assert preds.count("party") >= 2, f"{key}: fewer than two parties"
        assert preds.count("status") == 1, f"{key}: not exactly one status"


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.parent.name)
def test_signing_dates_are_not_after_publication(path: Path) -> None:
    gold = load(path)
    published = gold["documents"][0]["date"]
    for fact in gold["facts"]:
        if fact["p"] == "signedOn":
            assert fact["date"] <= published, fact
