"""Score a graph against a gold file: precision, recall and F1 per entity type and predicate.

Matching rules (those of ``docs/gold-format.md``):

- a gold entity matches every node of its type (subclasses included, by the
  ontology's ``rdfs:subClassOf`` and ``owl:equivalentClass``) that has one of
  its names as ``rdfs:label``, ``skos:prefLabel``, ``skos:altLabel`` or
  ``foaf:name``, compared case-, accent-, hyphen- and space-insensitively; a
  public authority is an organisation too. Two matching nodes are duplicates.
- precision counts nodes of types Person, PublicAuthority, Organization, Place,
  Agreement that match no gold entity, bar roles, posts, an authority's
  territory (``dcterms:spatial``), tolerated names, and a place named like a
  gold authority (or the reverse): one city seen two ways.
- ``holds``: the gold role must appear as a whole word (hyphens count, so
  "vice-présidente" is not "présidente") in the labels of the post's role or of
  the post; figures on an authority's territory count for the authority.

Example:
    >>> from rdflib import Graph
    >>> report = evaluate(Graph(), {"entities": {}, "facts": []}, ontology=Graph())
    >>> report.facts_overall.f1
    1.0
"""

from __future__ import annotations

import re
import warnings
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import ORG

from kg.config import ontology_dir
from kg.errors import EvalError
from kg.evalmatch import Index, norm_role, number_of, year_of
from kg.evalreport import EvalReport, Score, format_report, prf
from kg.gold import ENTITY_PREDICATES, Gold, load_gold
from kg.namespaces import COOP, SCHEMA

__all__ = ["EvalReport", "Score", "evaluate", "evaluate_files", "format_report", "load_graphs",
           "prf"]

_LITERAL_PREDICATES = {"signedOn": COOP.signedOn, "population": COOP.population,
                       "areaKm2": COOP.areaKm2, "founded": SCHEMA.foundingDate}
_FORMATS = {".ttl": "turtle", ".trig": "trig", ".nt": "nt", ".nq": "nquads",
            ".jsonld": "json-ld", ".json": "json-ld", ".rdf": "xml", ".owl": "xml"}
_SCHEMA_HTTP = "http://schema.org/"


def load_graphs(paths: Iterable[Path | str]) -> Graph:
    """The union of RDF files (Turtle, TriG, N-Triples, N-Quads, JSON-LD, RDF/XML).

    ``http://schema.org/`` terms are read as ``https://schema.org/`` ones.

    Raises:
        EvalError: a file is missing, of an unknown format, or malformed.
    """
    dataset = Dataset(default_union=True)
    for path in map(Path, paths):
        fmt = _FORMATS.get(path.suffix.lower())
        if fmt is None:
            raise EvalError(f"unknown RDF format for {path}",
                            hint="give a .ttl, .trig, .nt, .nq, .jsonld or .rdf file")
        try:
            with warnings.catch_warnings():  # rdflib 7 warns about its own Dataset internals
                warnings.simplefilter("ignore", DeprecationWarning)
                dataset.parse(path, format=fmt)
        except Exception as exc:  # noqa: BLE001 - rdflib raises many kinds
            raise EvalError(f"cannot read {path}: {exc}",
                            hint="check the path and that the file is valid RDF") from None
    graph = Graph()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        for s, p, o in dataset.triples((None, None, None)):
            graph.add((s, _https(p), _https(o)))
    return graph


def _https(term: Any) -> Any:
    if isinstance(term, URIRef) and str(term).startswith(_SCHEMA_HTTP):
        return SCHEMA[str(term)[len(_SCHEMA_HTTP):]]
    return term


def load_ontology(folder: Path | None = None) -> Graph:
    """The ``*.ttl`` files of ``folder`` (default: kg's ontology) as one graph."""
    graph = Graph()
    for path in sorted((folder or ontology_dir()).glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def _gold_facts(gold: Gold) -> dict[str, set[tuple[Any, ...]]]:
    facts: dict[str, set[tuple[Any, ...]]] = defaultdict(set)
    for f in gold.facts:
        if f.p == "holds":
            facts[f.p].add((f.s, norm_role(f.role or ""), f.o))
        elif f.p in ENTITY_PREDICATES:
            facts[f.p].add((f.s, f.o))
        elif f.p in ("population", "areaKm2"):
            facts[f.p].add((f.s, number_of(f.value)))
        else:
            facts[f.p].add((f.s, f.value))
    return facts


def _found_facts(index: Index, graph: Graph) -> dict[str, set[tuple[Any, ...]]]:
    found: dict[str, set[tuple[Any, ...]]] = defaultdict(set)
    for name in ENTITY_PREDICATES:
        for s, o in graph.subject_objects(index.predicate(name)):
            found[name] |= {(a, b) for a in index.ids(s) for b in index.ids(o)}
    for name, prop in _LITERAL_PREDICATES.items():
        for s, o in graph.subject_objects(prop):
            value = str(o)[:10] if name == "signedOn" else (
                year_of(o) if name == "founded" else number_of(o))
            found[name] |= {(a, value) for a in index.owners(s)}
    for s, o in graph.subject_objects(COOP.status):
        found["status"] |= {(a, index.status(o)) for a in index.ids(s)}
    for person, post in graph.subject_objects(ORG.holds):
        roles = index.role_names(post)
        for org_node in graph.objects(post, ORG.postIn):
            found["holds"] |= {(a, rn, b) for a in index.ids(person)
                               for b in index.ids(org_node) for rn in roles}
    return found


def _role_in(role: str, name: str) -> bool:
    return re.search(r"(?<![\w-])" + re.escape(role) + r"(?![\w-])", name) is not None


def _score_holds(gold: set[tuple[Any, ...]], found: set[tuple[Any, ...]]
                 ) -> tuple[Score, list[str], list[str]]:
    def matched(g: tuple[Any, ...]) -> bool:
        return any(fs == g[0] and fo == g[2] and _role_in(g[1], fr) for fs, fr, fo in found)

    hit = {(s, o) for s, rn, o in found
           if any(s == gs and o == go and _role_in(gr, rn) for gs, gr, go in gold)}
    extras = {(s, o) for s, _, o in found if (s, o) not in hit and "~tolerated" not in (s, o)}
    missed = sorted(g for g in gold if not matched(g))
    score = Score(len(gold) - len(missed), len(extras), len(missed))
    return (score, [f"holds({s}, {r}, {o})" for s, r, o in missed],
            [f"holds({s}, {o})" for s, o in sorted(extras)])


def _score_facts(report: dict[str, Any], gold: dict[str, set[tuple[Any, ...]]],
                 found: dict[str, set[tuple[Any, ...]]]) -> None:
    for name in sorted(set(gold) | set(found)):
        g, f = gold.get(name, set()), found.get(name, set())
        if name == "holds":
            score, missed, extra = _score_holds(g, f)
        else:
            f = {x for x in f if "~tolerated" not in x}
            score = Score(len(g & f), len(f - g), len(g - f))
            missed = [f"{name}({', '.join(map(str, x))})" for x in sorted(g - f, key=str)]
            extra = [f"{name}({', '.join(map(str, x))})" for x in sorted(f - g, key=str)]
        report["facts"][name] = score
        report["missed_facts"] += missed
        report["extra_facts"] += extra


def evaluate(graph: Graph, gold: Gold | Mapping[str, Any] | Path | str,
             ontology: Graph | None = None) -> EvalReport:
    """Score ``graph`` against ``gold``.

    Args:
        graph: the extracted graph (all named graphs merged).
        gold: a gold YAML file or its parsed content (``docs/gold-format.md``).
        ontology: the class hierarchy; default kg's own ontology.

    Raises:
        EvalError: the gold file is malformed (the message names the bad key).

    Example:
        >>> evaluate(Graph(), {"entities": {"g": {"label": "Gaudin", "type": "Person"}},
        ...                    "facts": []}).missed_entities
        ('Person: Gaudin',)
    """
    checked = load_gold(gold)
    index = Index(graph, load_ontology() if ontology is None else ontology, checked)
    report: dict[str, Any] = {"facts": {}, "missed_facts": [], "extra_facts": []}
    _score_facts(report, _gold_facts(checked), _found_facts(index, graph))
    entities, missed, extra = index.entity_scores()
    return EvalReport(
        entities=entities, facts=report["facts"],
        entities_overall=Score.total(entities.values()),
        facts_overall=Score.total(report["facts"].values()),
        duplicates=index.duplicates(), missed_entities=tuple(missed),
        extra_entities=tuple(extra), missed_facts=tuple(report["missed_facts"]),
        extra_facts=tuple(report["extra_facts"]))


def evaluate_files(graphs: Iterable[Path], gold: Path, ontology: Path | None = None
                   ) -> EvalReport:
    """:func:`evaluate` on RDF files, a gold file and an ontology folder (``kg eval``)."""
    checked = load_gold(gold)  # a bad gold file fails before the graphs are parsed
    return evaluate(load_graphs(graphs), checked, load_ontology(ontology))
