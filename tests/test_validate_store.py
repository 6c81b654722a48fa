"""SHACL in shards (large graphs) finds exactly what SHACL on the whole graph finds."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build import build_quads
from kg.config import BuildConfig
from kg.namespaces import COOP, NIF, RDF
from kg.validatestore import validate_quads

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def quads() -> list[ox.Quad]:
    folders = sorted((ROOT / "tests" / "corpora").iterdir())[:3]
    found, _ = build_quads([*folders], BuildConfig(cache=False))
    return found


def _broken(quads: list[ox.Quad]) -> list[ox.Quad]:
    """Three violations: a fact (an agreement dated with text), a provenance node (a phrase
    whose offsets do not fit its anchor) and an evidence without its subject."""
    nn = ox.NamedNode
    agreement = next(q.subject for q in quads
                     if q.predicate == nn(str(RDF.type)) and q.object == nn(str(COOP.Agreement)))
    anchored = {q.subject for q in quads if q.predicate == nn(str(NIF.anchorOf))}
    phrase = next(q for q in quads
                  if q.predicate == nn(str(NIF.endIndex)) and q.subject in anchored)
    evidence = next(q.subject for q in quads
                    if q.predicate == nn(str(RDF.type)) and q.object == nn(str(COOP.Evidence)))
    out = [q for q in quads if q is not phrase
           and not (q.subject == evidence and q.predicate == nn(str(RDF.subject)))]
    out.append(ox.Quad(agreement, nn(str(COOP.signedOn)), ox.Literal("6 nov."),
                       phrase.graph_name))
    out.append(ox.Quad(phrase.subject, phrase.predicate,
                       ox.Literal("1", datatype=nn("http://www.w3.org/2001/XMLSchema#integer")),
                       phrase.graph_name))
    return out


def test_a_conforming_graph_conforms_in_shards(quads: list[ox.Quad]) -> None:
    whole = validate_quads(quads, shard_triples=10**9)
    shards = validate_quads(quads, shard_triples=len(quads) // 5)
    assert whole.conforms and shards.conforms
    assert whole.violations == shards.violations == ()


def test_shards_find_the_same_violations_as_the_whole_graph(quads: list[ox.Quad]) -> None:
    broken = _broken(quads)
    whole = validate_quads(broken, shard_triples=10**9)
    shards = validate_quads(broken, shard_triples=len(broken) // 5)
    assert not whole.conforms
    shapes = {v.shape.rsplit("#", 1)[-1] for v in whole.violations}
    assert any(s.startswith("SignedOnShape") for s in shapes)
    assert any(s.startswith("EvidenceShape") for s in shapes)
    assert any(s.startswith("AnchorLength") or s.startswith("PhraseShape") for s in shapes)
    assert shards.violations == whole.violations


def test_a_cache_of_shards_gives_the_same_report_and_rechecks_only_changes(
        quads: list[ox.Quad], tmp_path: Path) -> None:
    from kg.validatestore import ShardCache

    whole = validate_quads(_broken(quads), shard_triples=10**9)
    size = len(quads) // 5
    first = ShardCache(tmp_path)
    assert validate_quads(_broken(quads), cache=first, shard_triples=size).violations == \
        whole.violations
    assert first.hits == 0
    again = ShardCache(tmp_path)
    assert validate_quads(_broken(quads), cache=again, shard_triples=size).violations == \
        whole.violations
    shards = len(list(tmp_path.glob("*.pickle")))
    assert shards > 1 and again.hits == shards           # nothing re-checked
    clean = ShardCache(tmp_path)                          # the broken document mended
    assert validate_quads(quads, cache=clean, shard_triples=size).conforms
    assert 0 < clean.hits < shards + 1


def test_discrepancies_across_documents_conform_in_shards(tmp_path: Path) -> None:
    """A coop:Discrepancy joins evidence from several documents: a shard holding one of
    them must not take the others' evidence for missing."""
    for i, date in enumerate(("3 mai 2019", "5 juin 2020", "7 juillet 2021")):
        (tmp_path / f"d{i}.txt").write_text(
            "La Ville de Lyon et la Ville de Montréal ont signé un accord de coopération "
            f"le {date}. Jean Dupont, maire de Lyon, a signé l'accord.\n", encoding="utf-8")
    found, _ = build_quads([tmp_path], BuildConfig(cache=False))
    assert any(str(q.object) == f"<{COOP.Discrepancy}>" for q in found)
    whole = validate_quads(found, shard_triples=10**9)
    shards = validate_quads(found, shard_triples=len(found) // 3)
    assert whole.conforms and shards.conforms, shards.summary()
