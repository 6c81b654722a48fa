"""Extraction quality against hand-written gold files.

* the example build scores entity and fact F1 >= 0.95 with no duplicate, by
  kg.evaluate and by the reference scorer ``../shared/tools/gold_eval.py``;
* every corpus of ``tests/corpora/*/`` with a ``gold.yaml`` is built and
  scored; the scores are printed and written to ``scores.json`` in the pytest
  temporary folder (no floor: those corpora measure, they do not gate).
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph

from kg.config import ontology_dir

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
FLOOR = 0.95


def _script() -> Any:
    spec = importlib.util.spec_from_file_location("score_corpora",
                                                  REPO / "scripts" / "score_corpora.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_example_build_scores_with_kg_evaluate(example_build: Path, shared_dir: Path) -> None:
    from kg.evaluate import evaluate

    graph = Graph().parse(example_build / "graph.ttl", format="turtle")
    report = evaluate(graph, shared_dir / "gold" / "seeds.yaml")
    assert report.entities_overall.f1 >= FLOOR, report.missed_entities + report.extra_entities
    assert report.facts_overall.f1 >= FLOOR, report.missed_facts + report.extra_facts
    assert not report.duplicates, report.duplicates


def test_example_build_scores_with_the_reference_scorer(example_build: Path,
                                                        shared_dir: Path) -> None:
    scorer = shared_dir / "tools" / "gold_eval.py"
    if not scorer.is_file():
        pytest.skip("no reference scorer in ../shared/tools")
    proc = subprocess.run(
        [sys.executable, str(scorer), str(example_build / "graph.ttl"), "--gold",
         str(shared_dir / "gold" / "seeds.yaml"), "--ontology", str(ontology_dir()), "--json"],
        capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr
    rep = json.loads(proc.stdout)
    assert rep["entities_overall"]["f1"] >= FLOOR, rep["missed_entities"]
    assert rep["facts_overall"]["f1"] >= FLOOR, rep["missed_facts"]
    assert not rep["duplicates"], rep["duplicates"]


def test_reference_scorer_text_output_ends_with_the_fact_f1(example_build: Path,
                                                            shared_dir: Path) -> None:
    scorer = shared_dir / "tools" / "gold_eval.py"
    if not scorer.is_file():
        pytest.skip("no reference scorer in ../shared/tools")
    proc = subprocess.run(
        [sys.executable, str(scorer), str(example_build / "graph.trig"), "--gold",
         str(shared_dir / "gold" / "seeds.yaml"), "--ontology", str(ontology_dir())],
        capture_output=True, text=True, timeout=300, check=False)
    last = proc.stdout.strip().splitlines()[-1]
    m = re.fullmatch(r"F1 (\d\.\d+)", last)
    assert m and float(m.group(1)) >= FLOOR, proc.stdout[-2000:]


def _test_corpora() -> list[tuple[str, Path, Path]]:
    return [c for c in _script().corpora() if c[0] != _script().EXAMPLE]


def test_test_corpora_are_built_and_scored(tmp_path_factory: pytest.TempPathFactory,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    script = _script()
    found = _test_corpora()
    if not found:
        pytest.skip("no tests/corpora/*/gold.yaml yet")
    rows = [script.score_corpus(folder, gold, name) for name, folder, gold in found]
    out = tmp_path_factory.mktemp("gold-scores") / "scores.json"
    out.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    with capsys.disabled():
        print(f"\n{script.markdown(rows)}\n(scores written to {out})")
    for row in rows:
        assert row["documents"] >= 1 and not row["refused"], row["corpus"]
        for part in ("entities", "facts"):
            s = row[part]
            assert s["tp"] + s["fn"] > 0, f"{row['corpus']}: the gold lists no {part}"
            assert 0.0 <= s["f1"] <= 1.0


def test_markdown_table_has_one_row_per_corpus() -> None:
    script = _script()
    score = {"tp": 1, "fp": 0, "fn": 1, "p": 1.0, "r": 0.5, "f1": 2 / 3}
    rows = [{"corpus": "a", "documents": 2, "entities": score, "facts": score,
             "duplicates": {"x": ["n1", "n2"]}}]
    lines = script.markdown(rows).splitlines()
    assert lines[0].startswith("| corpus |") and len(lines) == 3
    assert lines[2] == "| a | 2 | 1.00 | 0.50 | 0.67 | 1.00 | 0.50 | 0.67 | 1 |"
