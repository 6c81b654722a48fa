"""Gold files (``docs/gold-format.md``): what a correct extraction of some documents holds.

:func:`load_gold` reads a YAML file (or takes its parsed dict), checks it and
returns a :class:`Gold` record; any fault is an :class:`~kg.errors.EvalError`
naming the bad key and saying what is allowed.

Example:
    >>> gold = load_gold({"entities": {"g": {"label": "Jean Dupont", "type": "Person"}},
    ...                   "facts": []})
    >>> gold.entities["g"].names
    ('Jean Dupont',)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kg.errors import EvalError

__all__ = ["ENTITY_TYPES", "ENTITY_PREDICATES", "VALUE_PREDICATES", "STATUSES", "GoldEntity",
           "GoldFact", "Gold", "load_gold"]

#: gold entity types (the RDF classes are in :mod:`kg.evaluate`)
ENTITY_TYPES = ("Person", "Organization", "PublicAuthority", "Place", "Agreement", "Event",
                "Sector")
#: fact predicates whose object is an entity (``o``)
ENTITY_PREDICATES = ("party", "signatory", "witness", "strategicSector", "sectorActor",
                     "priorityDestination", "collaborationField", "participant", "locatedIn")
#: fact predicates whose object is a value, and the field holding it
VALUE_PREDICATES = {"signedOn": "date", "population": "value", "areaKm2": "value",
                    "founded": "value", "status": "value"}
STATUSES = ("signed", "in_preparation")


@dataclass(frozen=True)
class GoldEntity:
    """A gold entity: its local id, canonical label, type and other names."""

    id: str
    label: str
    type: str
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)


@dataclass(frozen=True)
class GoldFact:
    """A gold fact: ``s p o`` (entity ids), ``s p value``, or ``s holds role in org``."""

    s: str
    p: str
    o: str | None = None
    value: str | None = None
    role: str | None = None


@dataclass(frozen=True)
class Gold:
    """A checked gold file."""

    entities: Mapping[str, GoldEntity]
    facts: tuple[GoldFact, ...]
    tolerated: tuple[str, ...] = ()


def _require(mapping: Mapping[str, Any], key: str, where: str, what: str) -> Any:
    if not isinstance(mapping, Mapping) or mapping.get(key) in (None, ""):
        raise EvalError(f"gold file: {where} has no {key!r}", hint=f"add {key}: {what}")
    return mapping[key]


def _entity(eid: str, raw: Any) -> GoldEntity:
    where = f"entities.{eid}"
    label = str(_require(raw, "label", where, "the entity's canonical name"))
    etype = _require(raw, "type", where, " | ".join(ENTITY_TYPES))
    if etype not in ENTITY_TYPES:
        raise EvalError(f"gold file: {where}.type is {etype!r}, an unknown type",
                        hint="use one of " + ", ".join(ENTITY_TYPES))
    aliases = raw.get("aliases") or []
    if not isinstance(aliases, list):
        raise EvalError(f"gold file: {where}.aliases is not a list",
                        hint="write aliases: [name one, name two]")
    return GoldEntity(str(eid), label, etype, tuple(str(a) for a in aliases))


def _known(eid: Any, entities: Mapping[str, GoldEntity], where: str) -> str:
    if str(eid) not in entities:
        known = ", ".join(sorted(entities)[:8])
        raise EvalError(f"gold file: {where} names {eid!r}, an unknown entity id",
                        hint=f"define it under entities: or use a known id ({known}, ...)")
    return str(eid)


def _fact(i: int, raw: Any, entities: Mapping[str, GoldEntity]) -> GoldFact:
    where = f"facts[{i}]"
    p = str(_require(raw, "p", where, "a predicate such as party or holds"))
    s = _known(_require(raw, "s", where, "an entity id"), entities, f"{where}.s")
    if p == "holds":
        role = str(_require(raw, "role", where, "the role lemma, e.g. président"))
        org = _known(_require(raw, "org", where, "an entity id"), entities, f"{where}.org")
        return GoldFact(s, p, o=org, role=role)
    if p in ENTITY_PREDICATES:
        o = _known(_require(raw, "o", where, "an entity id"), entities, f"{where}.o")
        return GoldFact(s, p, o=o)
    if p in VALUE_PREDICATES:
        value = str(_require(raw, VALUE_PREDICATES[p], where, "the value"))
        if p == "status" and value not in STATUSES:
            raise EvalError(f"gold file: {where}.value is {value!r}",
                            hint="a status is one of " + ", ".join(STATUSES))
        return GoldFact(s, p, value=value)
    allowed = ["holds", *ENTITY_PREDICATES, *VALUE_PREDICATES]
    raise EvalError(f"gold file: {where}.p is {p!r}, an unknown predicate",
                    hint="use one of " + ", ".join(allowed))


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise EvalError(f"cannot read gold file {path}: {exc.strerror}",
                        hint="check the path given to --gold") from None
    except yaml.YAMLError as exc:
        raise EvalError(f"gold file {path} is not valid YAML: {exc}",
                        hint="fix the YAML at the line shown (see docs/gold-format.md)") from None


def load_gold(gold: Gold | Mapping[str, Any] | Path | str) -> Gold:
    """Read and check a gold file.

    Args:
        gold: a YAML file, its content already parsed, or a checked :class:`Gold`.

    Raises:
        EvalError: unreadable file, missing ``entities`` or ``facts``, unknown
            type or predicate, a fact naming an undefined entity id.
    """
    if isinstance(gold, Gold):
        return gold
    raw = gold if isinstance(gold, Mapping) else _read_yaml(Path(gold))
    if not isinstance(raw, Mapping):
        raise EvalError("gold file: not a mapping", hint="write the keys entities: and facts:")
    for key, kind in (("entities", Mapping), ("facts", list)):
        if not isinstance(raw.get(key), kind):
            shape = "a mapping of id -> {label, type}" if key == "entities" else "a list"
            raise EvalError(f"gold file: {key!r} is missing or not {shape}",
                            hint=f"add a top-level {key}: key (see docs/gold-format.md)")
    entities = {str(eid): _entity(str(eid), e) for eid, e in raw["entities"].items()}
    facts = tuple(_fact(i, f, entities) for i, f in enumerate(raw["facts"]))
    tolerated = tuple(str(t) for t in raw.get("tolerated") or [])
    return Gold(entities, facts, tolerated)
