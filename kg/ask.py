"""The bundled competency queries, and answering ``kg query``.

A query is given as SPARQL text, the path of a ``.rq`` file, or the name of a
bundled query (the stem of a file in ``queries/``; ``kg query --list``).

Example:
    >>> "coop:signatory" in resolve_query("signatories")
    True
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.config import queries_dir
from kg.errors import QueryError
from kg.isolate import isolated
from kg.query import default_prefixes, open_store, run
from kg.results import GRAPH_TYPES, Table, collect, write_results, write_triples

__all__ = ["BundledQuery", "bundled_queries", "resolve_query", "answer", "OUTPUT_FORMATS"]


@dataclass(frozen=True)
class BundledQuery:
    """A competency query shipped in ``queries/``: its name, first comment line and path."""

    name: str
    title: str
    path: Path


def bundled_queries() -> list[BundledQuery]:
    """The bundled queries, sorted by name.

    Example:
        >>> any(q.name == "signatories" for q in bundled_queries())
        True
    """
    found = []
    for path in sorted(queries_dir().glob("*.rq")):
        comments = [
            ln.lstrip("# ").strip()
            for ln in path.read_text(encoding="utf-8").splitlines()
            if ln.startswith("#")
        ]
        found.append(BundledQuery(path.stem, comments[0] if comments else "", path))
    return found


def resolve_query(text_or_name: str) -> str:
    """SPARQL text from SPARQL text, the path of a ``.rq`` file, or a bundled query's name.

    Raises:
        QueryError: it is none of these.

    Example:
        >>> "coop:signatory" in resolve_query("signatories")
        True
        >>> resolve_query("ASK {}")
        'ASK {}'
    """
    candidate = text_or_name.strip()
    if "\n" not in candidate and len(candidate) < 250:
        path = Path(candidate)
        if path.suffix == ".rq" or path.is_file():
            if not path.is_file():
                raise QueryError(f"no query file at {path}", hint="check the path")
            return path.read_text(encoding="utf-8")
        named = {q.name: q for q in bundled_queries()}
        if candidate in named:
            return named[candidate].path.read_text(encoding="utf-8")
        if re.fullmatch(r"[\w.-]+", candidate):
            close = difflib.get_close_matches(candidate, list(named), n=1)
            guess = f"did you mean {close[0]!r}? " if close else ""
            raise QueryError(
                f"no bundled query named {candidate!r}",
                hint=f"{guess}see `kg query --list`; known: {', '.join(sorted(named))}",
            )
    return text_or_name


#: formats of ``kg query --format``: SPARQL results formats, graph formats, and a table
OUTPUT_FORMATS = ("table", "json", "csv", "tsv", "xml", "turtle", "json-ld", "ntriples")


def answer(graph_path: str | Path, text_or_name: str, fmt: str = "table") -> Table | bytes:
    """Run a query (text, ``.rq`` file or bundled name) on a graph file, for the CLI.

    Args:
        graph_path: the graph file.
        text_or_name: see :func:`resolve_query`.
        fmt: one of :data:`OUTPUT_FORMATS`. ``table`` gives a :class:`Table`
            for SELECT and ASK; CONSTRUCT/DESCRIBE give Turtle unless a graph
            format is asked for.

    The query is evaluated in a forked child (:func:`kg.isolate.isolated`), so that a
    query on which Oxigraph aborts gives a :class:`QueryError`, not the end of kg.

    Raises:
        QueryError: unknown format, bad query, missing graph, a query Oxigraph crashed on.

    Example:
        >>> answer("kg-out/graph.ttl", "ASK { ?a coop:signatory ?p }", "json")  # doctest: +SKIP
        b'{"head": {}, "boolean": true}'
    """
    if fmt not in OUTPUT_FORMATS:
        raise QueryError(f"unknown format {fmt!r}", hint=f"use one of {', '.join(OUTPUT_FORMATS)}")
    sparql = resolve_query(text_or_name)
    return isolated(_evaluate, Path(graph_path), sparql, fmt)


def _evaluate(graph_path: Path, sparql: str, fmt: str) -> Table | bytes:
    """:func:`answer` once the query is known, in the child that :func:`isolated` forks
    (some queries make pyoxigraph abort its process)."""
    result = run(open_store(graph_path), sparql)
    if isinstance(result, ox.QueryTriples):
        if fmt not in GRAPH_TYPES and fmt != "table":   # the default: Turtle for triples
            raise QueryError(
                f"--format {fmt} is for SELECT and ASK queries",
                hint=f"use {', '.join(sorted(GRAPH_TYPES))} for CONSTRUCT and DESCRIBE",
            )
        return write_triples(result, fmt if fmt in GRAPH_TYPES else "turtle", default_prefixes())[0]
    if fmt in GRAPH_TYPES:
        raise QueryError(
            f"--format {fmt} is for CONSTRUCT and DESCRIBE queries",
            hint="use table, json, csv, tsv or xml for SELECT and ASK",
        )
    table = collect(result)
    return table if fmt == "table" else write_results(table, fmt)
