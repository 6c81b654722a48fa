#!/usr/bin/env python3
"""Build each test corpus and print its entity and fact scores as a Markdown table.

Every folder of ``tests/corpora/`` and ``tests/corpora_heldout/`` holding a
``gold.yaml`` is built (without
SHACL or HTML) and scored with :func:`kg.evaluate.evaluate`; so is the bundled
example corpus against ``../shared/gold/seeds.yaml`` when that file exists.

    .venv/bin/python scripts/score_corpora.py            # the table, for the README
    .venv/bin/python scripts/score_corpora.py --json     # the scores as JSON

Example:
    >>> rows = [score_corpus(corpus_dir(), SEEDS)]        # doctest: +SKIP
    >>> print(markdown(rows).splitlines()[2])              # doctest: +SKIP
    | example (bundled) | 2 | 1.00 | 1.00 | 1.00 | 1.00 | 1.00 | 1.00 | 0 |
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from kg.config import BuildConfig, corpus_dir  # noqa: E402

CORPORA = REPO / "tests" / "corpora"
HELDOUT = REPO / "tests" / "corpora_heldout"   # written later, to check the rules generalise
BLIND = REPO / "tests" / "corpora_blind"       # written last, by someone who had not read the rules
BLIND2 = REPO / "tests" / "corpora_blind2"     # a second blind set, written the same way later
BLIND3 = REPO / "tests" / "corpora_blind3"     # a third, other genres (council, newsletter...)
BLIND4 = REPO / "tests" / "corpora_blind4"     # a fourth (Belgian city, speech, press kit, charter)
SEEDS = REPO.parent / "shared" / "gold" / "seeds.yaml"
EXAMPLE = "example (bundled)"


def corpora() -> list[tuple[str, Path, Path]]:
    """(name, folder, gold file) of every corpus that can be scored, the example first."""
    found = [(EXAMPLE, corpus_dir(), SEEDS)] if SEEDS.is_file() else []
    for gold in sorted(CORPORA.glob("*/gold.yaml")):
        found.append((gold.parent.name, gold.parent, gold))
    for gold in sorted(HELDOUT.glob("*/gold.yaml")):
        found.append((f"held-out: {gold.parent.name}", gold.parent, gold))
    for gold in sorted(BLIND.glob("*/gold.yaml")):
        found.append((f"blind: {gold.parent.name}", gold.parent, gold))
    for gold in sorted(BLIND2.glob("*/gold.yaml")):
        found.append((f"blind 2: {gold.parent.name}", gold.parent, gold))
    for gold in sorted(BLIND3.glob("*/gold.yaml")):
        found.append((f"blind 3: {gold.parent.name}", gold.parent, gold))
    for gold in sorted(BLIND4.glob("*/gold.yaml")):
        found.append((f"blind 4: {gold.parent.name}", gold.parent, gold))
    return found


def score_corpus(folder: Path, gold: Path, name: str | None = None) -> dict[str, Any]:
    """Build ``folder`` and score it against ``gold``: counts, P/R/F1, duplicates, misses."""
    from kg.build import build_dataset
    from kg.evaluate import evaluate
    from kg.graph import union

    ds, info = build_dataset([folder], BuildConfig(validate=False, html=False))
    report = evaluate(union(ds), gold)
    data = report.to_dict()
    return {"corpus": name or folder.name, "documents": info["documents"],
            "refused": info["refused"], "entities": data["entities_overall"],
            "facts": data["facts_overall"], "duplicates": data["duplicates"],
            "missed_entities": data["missed_entities"], "missed_facts": data["missed_facts"],
            "extra_entities": data["extra_entities"], "extra_facts": data["extra_facts"]}


def markdown(rows: list[dict[str, Any]]) -> str:
    """The scores as a Markdown table (one row per corpus)."""
    head = ("| corpus | docs | entities P | entities R | entities F1 | facts P | facts R "
            "| facts F1 | duplicates |")
    lines = [head, "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        e, f = r["entities"], r["facts"]
        lines.append(f"| {r['corpus']} | {r['documents']} | {e['p']:.2f} | {e['r']:.2f} | "
                     f"{e['f1']:.2f} | {f['p']:.2f} | {f['r']:.2f} | {f['f1']:.2f} | "
                     f"{len(r['duplicates'])} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    args = parser.parse_args(argv)
    rows = [score_corpus(folder, gold, name) for name, folder, gold in corpora()]
    if not rows:
        print("no corpus with a gold file found", file=sys.stderr)
        return 2
    print(json.dumps(rows, ensure_ascii=False, indent=1) if args.json else markdown(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
