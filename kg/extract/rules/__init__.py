"""Named, versioned extraction rules, as data.

``rules.yaml`` names every rule (``kg.rule.<name>.v<version>``), says what it
reads and how much it is trusted; ``lexicon.yaml`` holds the words of the
genre the rules read. Every fact records the name of the rule that produced it.

Example:
    >>> RULES["agreement-signatory"].name
    'kg.rule.agreement-signatory.v1'
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml

from kg.errors import ExtractError

__all__ = ["Rule", "RULES", "LEXICON", "load_rules", "load_lexicon", "folded", "alternation"]

_HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Rule:
    """A named rule: ``name`` is what facts cite; ``pattern`` a regex over shaped text."""

    id: str
    version: int
    description: str
    confidence: float
    pattern: str = ""

    @property
    def name(self) -> str:
        return f"kg.rule.{self.id}.v{self.version}"


def _read(name: str) -> Any:
    path = _HERE / name
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ExtractError(f"cannot read rule file {path}: {exc}",
                           hint="fix the YAML syntax of the rule file") from exc


@lru_cache(maxsize=1)
def load_rules() -> dict[str, Rule]:
    """Every rule of ``rules.yaml`` by id."""
    data = _read("rules.yaml")
    out = {}
    for rid, spec in data["rules"].items():
        try:
            out[rid] = Rule(id=rid, version=int(spec["version"]), description=spec["description"],
                            confidence=float(spec["confidence"]), pattern=spec.get("pattern", ""))
        except (KeyError, TypeError, ValueError) as exc:
            raise ExtractError(f"rule {rid!r} in rules.yaml is malformed: {exc}",
                               hint="each rule needs version, description and confidence") from exc
    return out


@lru_cache(maxsize=1)
def load_lexicon() -> dict[str, Any]:
    """The lexicon of ``lexicon.yaml``."""
    return dict(_read("lexicon.yaml"))


RULES = load_rules()
LEXICON = load_lexicon()


@cache
def folded(section: str) -> frozenset[str]:
    """The words of the lexicon's ``section`` (a list, or a mapping's keys), each folded
    (:func:`kg.extract.text.fold`), made once a process instead of once a document.

    Example:
        >>> "comte" in folded("designators")
        True
    """
    from kg.extract.text import fold
    return frozenset(fold(w) for w in LEXICON[section])


def alternation(words: Iterable[str], *, fold_words: bool = False) -> str:
    """A regex alternation of ``words``, escaped, longest first (so that "ententes" is
    tried before "entente"); each folded (:func:`kg.extract.text.fold`) with ``fold_words``,
    for a pattern over folded text.

    Example:
        >>> alternation(["entente", "ententes"])
        'ententes|entente'
        >>> alternation(["Comté"], fold_words=True)
        'comte'
    """
    import re

    from kg.extract.text import fold
    forms = [fold(w) for w in words] if fold_words else list(words)
    return "|".join(re.escape(w) for w in sorted(forms, key=len, reverse=True))
