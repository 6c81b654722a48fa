"""What the viewer calls things: node groups and predicate names from ``kg/static/viewer.yaml``.

The file is read once, at import: a ``coop:`` term the ontology does not define, or an
unknown prefix, raises :class:`~kg.errors.VizError` there rather than drawing a wrong page.

Example:
    >>> GROUPS[-1].key
    'other'
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from rdflib import URIRef

from kg.errors import VizError
from kg.namespaces import COOP, DEFAULT_BASE, PREFIXES

__all__ = ["STATIC", "Group", "GROUPS", "PREDICATE_FR", "expand", "curie"]

STATIC = Path(__file__).resolve().parent.parent / "static"


@dataclass(frozen=True)
class Group:
    """A class of nodes in the legend: its colour, shape and member classes."""

    key: str
    label: str
    color: str
    shape: str
    classes: frozenset[URIRef]
    plumbing: str = ""  # "", "provenance" or "ontology"


def expand(term: str) -> URIRef:
    """``coop:party`` -> its IRI; an unknown prefix or coop: term raises VizError.

    Example:
        >>> str(expand("org:holds"))
        'http://www.w3.org/ns/org#holds'
    """
    prefix, _, local = term.partition(":")
    if prefix not in PREFIXES or not local:
        raise VizError(f"unknown term {term!r} in kg/static/viewer.yaml",
                       hint=f"use one of the prefixes {', '.join(PREFIXES)}")
    if prefix == "coop":
        try:
            return URIRef(getattr(COOP, local))
        except AttributeError:
            raise VizError(f"{term!r} is not a term of the coop ontology",
                           hint="fix kg/static/viewer.yaml or add the term to COOP") from None
    return URIRef(PREFIXES[prefix] + local)


@lru_cache(maxsize=1 << 16)  # a page asks for the same few predicates and types 100,000s of times
def curie(iri: str) -> str:
    """``https://schema.org/Place`` -> ``schema:Place`` when a kg prefix applies.

    Example:
        >>> curie("http://www.w3.org/ns/org#holds")
        'org:holds'
    """
    for prefix, ns in (*PREFIXES.items(), ("id", DEFAULT_BASE)):
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def _vocabulary() -> tuple[tuple[Group, ...], dict[URIRef, str]]:
    raw = yaml.safe_load((STATIC / "viewer.yaml").read_text(encoding="utf-8"))
    groups = tuple(
        Group(g["key"], g["label"], g["color"], g["shape"],
              frozenset(expand(c) for c in g["classes"]), g.get("plumbing", ""))
        for g in raw["groups"])
    names = {expand(k): v for k, v in raw["predicates"].items()}
    return groups, names


GROUPS, PREDICATE_FR = _vocabulary()
