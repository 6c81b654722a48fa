"""The result of :func:`kg.evaluate.evaluate`: scores, misses, extras, duplicates.

Example:
    >>> s = Score(tp=8, fp=2, fn=0)
    >>> round(s.precision, 2), s.recall, round(s.f1, 3)
    (0.8, 1.0, 0.889)
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from rich.console import Console
from rich.table import Table

__all__ = ["Score", "EvalReport", "prf", "format_report"]


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall, F1; nothing found and nothing to find scores 1.

    Example:
        >>> prf(0, 0, 0), prf(0, 0, 3)
        ((1.0, 1.0, 1.0), (0.0, 0.0, 0.0))
    """
    p = tp / (tp + fp) if tp + fp else (1.0 if not fn else 0.0)
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


@dataclass(frozen=True)
class Score:
    """True positives, false positives, false negatives, and what follows from them."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return prf(self.tp, self.fp, self.fn)[0]

    @property
    def recall(self) -> float:
        return prf(self.tp, self.fp, self.fn)[1]

    @property
    def f1(self) -> float:
        return prf(self.tp, self.fp, self.fn)[2]

    @classmethod
    def total(cls, scores: Iterable[Score]) -> Score:
        """The micro-average: counts summed."""
        items = list(scores)
        return cls(sum(s.tp for s in items), sum(s.fp for s in items), sum(s.fn for s in items))

    def to_dict(self) -> dict[str, float]:
        p, r, f = prf(self.tp, self.fp, self.fn)
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "p": p, "r": r, "f1": f}


@dataclass(frozen=True)
class EvalReport:
    """Scores per entity type and per predicate, overall, and every miss and extra."""

    entities: Mapping[str, Score]
    facts: Mapping[str, Score]
    entities_overall: Score
    facts_overall: Score
    duplicates: Mapping[str, tuple[str, ...]]
    missed_entities: tuple[str, ...] = ()
    extra_entities: tuple[str, ...] = ()
    missed_facts: tuple[str, ...] = ()
    extra_facts: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON, with the keys of ``gold_eval.py --json``."""
        return {
            "entities": {k: v.to_dict() for k, v in self.entities.items()},
            "facts": {k: v.to_dict() for k, v in self.facts.items()},
            "entities_overall": self.entities_overall.to_dict(),
            "facts_overall": self.facts_overall.to_dict(),
            "duplicates": {k: list(v) for k, v in self.duplicates.items()},
            "missed_entities": list(self.missed_entities),
            "extra_entities": list(self.extra_entities),
            "missed_facts": list(self.missed_facts),
            "extra_facts": list(self.extra_facts),
        }


def _table(report: EvalReport) -> Table:
    table = Table(title="kg eval", show_lines=False)
    for name, justify in (("kind", "left"), ("tp", "right"), ("fp", "right"), ("fn", "right"),
                          ("P", "right"), ("R", "right"), ("F1", "right")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    sections = (("entity", report.entities, report.entities_overall),
                ("fact", report.facts, report.facts_overall))
    for prefix, scores, overall in sections:
        for name, s in [*scores.items(), ("all", overall)]:
            table.add_row(f"{prefix} {name}", str(s.tp), str(s.fp), str(s.fn),
                          f"{s.precision:.2f}", f"{s.recall:.2f}", f"{s.f1:.2f}",
                          style="bold" if name == "all" else None,
                          end_section=name == "all")
    return table


def format_report(report: EvalReport, width: int = 100) -> str:
    """The report as text: a table of scores, then duplicates, misses and extras.

    Example:
        >>> text = format_report(EvalReport({}, {}, Score(1, 0, 0), Score(0, 0, 0), {}))
        >>> text.splitlines()[-1]
        'entities F1 1.00 · facts F1 1.00 · duplicates 0'
    """
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, no_color=True, highlight=False,
                      force_terminal=False, emoji=False)
    console.print(_table(report))
    lines = [f"duplicate: {label}: {', '.join(nodes)}"
             for label, nodes in report.duplicates.items()]
    for title, items in (("missed entity", report.missed_entities),
                         ("extra entity", report.extra_entities),
                         ("missed fact", report.missed_facts),
                         ("extra fact", report.extra_facts)):
        lines += [f"{title}: {item}" for item in items]
    e, f = report.entities_overall, report.facts_overall
    lines.append(f"entities F1 {e.f1:.2f} · facts F1 {f.f1:.2f} · "
                 f"duplicates {len(report.duplicates)}")
    return buffer.getvalue() + "\n".join(lines)
