"""The gold files of ``tests/corpora/*/gold.yaml`` are well formed.

Each gold file follows ``/work/shared/gold/FORMAT.md`` (a copy of the rules is
below): documents that exist, entities with a known type, facts whose
predicate, fields and entity references are valid. A gold file that breaks
these rules would silently score an extraction wrong, so it fails here.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import pytest
import yaml

CORPORA = Path(__file__).parent / "corpora"
GOLD_FILES = sorted(CORPORA.glob("*/gold.yaml"))

TYPES = {"Person", "Organization", "PublicAuthority", "Place", "Agreement", "Event", "Sector"}
KINDS = {"press_release", "news_article", "other"}
ORGS = {"Organization", "PublicAuthority"}
#: predicate -> (required fields, allowed subject types, allowed object types)
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
        >>> norm("Côte-d'Ivoire")
        "cote d'ivoire"
    """
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[-_\s]+", " ", text.replace("’", "'").lower()).strip()


def load(path: Path) -> dict:
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def test_there_are_enough_test_corpora() -> None:
    assert len(GOLD_FILES) >= 4
    docs = [d for p in GOLD_FILES for d in load(p)["documents"]]
    assert len(docs) >= 6
    assert any(d["date"] is None for d in docs), "one undated document must test date inference"


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.parent.name)
def test_documents_exist_and_are_described(path: Path) -> None:
    gold = load(path)
    assert set(gold) <= {"documents", "entities", "facts", "tolerated"}
    for doc in gold["documents"]:
        text = (path.parent / doc["file"]).read_text(encoding="utf-8")
        assert text.strip(), doc["file"]
        assert doc["kind"] in KINDS
        assert doc["date"] is None or isinstance(doc["date"], dt.date)
    txts = {p.name for p in path.parent.glob("*.txt")}
    assert txts == {d["file"] for d in gold["documents"]}, "every .txt has a gold entry"


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.parent.name)
def test_entities_are_well_typed_and_named_in_the_text(path: Path) -> None:
    gold = load(path)
    files = {d["file"] for d in gold["documents"]}
    texts = norm(" ".join((path.parent / f).read_text(encoding="utf-8") for f in files))
    for key, ent in gold["entities"].items():
        assert ent["type"] in TYPES, (key, ent["type"])
        assert set(ent["in"]) <= files if "in" in ent else True, key
        names = [ent["label"], *ent.get("aliases", [])]
        assert len({norm(n) for n in names}) == len(names), f"{key}: duplicate names"
        if ent["type"] in {"Person", "Place"}:
            assert any(norm(n) in texts for n in names), f"{key}: no name occurs in the text"


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.parent.name)
def test_facts_reference_defined_entities(path: Path) -> None:
    gold = load(path)
    ents, files = gold["entities"], {d["file"] for d in gold["documents"]}
    seen = set()
    for fact in gold["facts"]:
        pred = fact["p"]
        assert pred in PREDICATES, fact
        fields, subj_types, obj_types = PREDICATES[pred]
        assert fields <= set(fact) <= fields | {"p", "in"}, fact
        assert fact["s"] in ents, f"undefined subject in {fact}"
        assert subj_types is None or ents[fact["s"]]["type"] in subj_types, fact
        obj = fact.get("o", fact.get("org"))
        if obj is not None:
            assert obj in ents, f"undefined object in {fact}"
            assert obj_types is None or ents[obj]["type"] in obj_types, fact
        if pred == "signedOn":
            assert isinstance(fact["date"], dt.date), fact
        if pred == "status":
            assert fact["value"] in {"signed", "in_preparation"}, fact
        if pred in {"population", "areaKm2", "founded"}:
            assert isinstance(fact["value"], (int, float)) and fact["value"] > 0, fact
        if pred == "holds":
            assert fact["role"] == fact["role"].lower(), fact
        assert set(fact.get("in", [])) <= files, fact
        key = tuple(sorted((k, str(v)) for k, v in fact.items() if k != "in"))
        assert key not in seen, f"fact listed twice: {fact}"
        seen.add(key)


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.parent.name)
def test_every_agreement_has_parties_and_a_status(path: Path) -> None:
    gold = load(path)
    for key, ent in gold["entities"].items():
        if ent["type"] != "Agreement":
            continue
        preds = [f["p"] for f in gold["facts"] if f["s"] == key]
        assert preds.count("party") >= 2, f"{key}: fewer than two parties"
        assert preds.count("status") == 1, f"{key}: no status"
