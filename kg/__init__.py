"""kg: knowledge graphs of international cooperation between territories.

Read French press releases and news articles about agreements between cities,
metropolises, counties and their agencies; build an RDF graph shaped by the
``coop:`` ontology, with provenance down to the sentence; query it with
SPARQL; look at it in an offline HTML viewer.

Example:
    >>> import kg
    >>> result = kg.build(out_dir="kg-out")               # doctest: +SKIP
    >>> g = kg.load("kg-out/graph.ttl")                   # doctest: +SKIP
    >>> kg.query(g, "SELECT ?s WHERE { ?a coop:signatory ?s }")  # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["build", "load", "query", "extract_document", "resolve", "to_dataset", "validate",
           "__version__"]


def build(*args: Any, **kwargs: Any):  # type: ignore[no-untyped-def]
    """Build and write a graph: see :func:`kg.build.build`."""
    from kg.build import build as _build
    return _build(*args, **kwargs)


def load(path: Any):  # type: ignore[no-untyped-def]
    """An rdflib graph over a fast (Oxigraph) store: see :func:`kg.query.load`."""
    from kg.query import load as _load
    return _load(path)


def query(graph: Any, sparql: str, *, shielded: bool | None = None):  # type: ignore[no-untyped-def]
    """Rows of a SPARQL query: see :func:`kg.query.query`."""
    from kg.query import query as _query
    return _query(graph, sparql, shielded=shielded)


def extract_document(*args: Any, **kwargs: Any):  # type: ignore[no-untyped-def]
    """Entities and facts of one document: see :func:`kg.extract.extract_document`."""
    from kg.extract import extract_document as _extract
    return _extract(*args, **kwargs)


def resolve(*args: Any, **kwargs: Any):  # type: ignore[no-untyped-def]
    """Merge extractions across documents: see :func:`kg.resolve.resolve`."""
    from kg.resolve import resolve as _resolve
    return _resolve(*args, **kwargs)


def to_dataset(*args: Any, **kwargs: Any):  # type: ignore[no-untyped-def]
    """Records to RDF: see :func:`kg.graph.to_dataset`."""
    from kg.graph import to_dataset as _to_dataset
    return _to_dataset(*args, **kwargs)


def validate(*args: Any, **kwargs: Any):  # type: ignore[no-untyped-def]
    """SHACL validation: see :func:`kg.validate.validate`."""
    from kg.validate import validate as _validate
    return _validate(*args, **kwargs)
