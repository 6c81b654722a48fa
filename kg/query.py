"""SPARQL over a kg graph: load it, ask it, and find the bundled queries.

Two layers. For people in a notebook, :func:`load` returns an rdflib graph over
the Oxigraph store and :func:`query` returns plain rows. For the command line
and the server, :func:`open_store` and :func:`run` work on pyoxigraph directly
(no per-row conversion); :mod:`kg.ask` finds the bundled queries and answers
the ``kg query`` command.

Queries see the merge of all graphs (a set of triples, as RDF merge says) as
their default graph, so the same query gives the same answer on ``graph.ttl``
and ``graph.trig``; ``GRAPH ?doc { ... }`` still reaches the per-document
graphs of a TriG file. The project's
prefixes (``coop:``, ``org:``, ``schema:``, ``id:`` ...) are predeclared.

Example:
    >>> g = load("kg-out/graph.trig")                               # doctest: +SKIP
    >>> rows = query(g, "SELECT ?a ?d WHERE { ?a coop:signedOn ?d }")  # doctest: +SKIP
    >>> rows[0]["d"]                                                # doctest: +SKIP
    rdflib.term.Literal('2017-11-06', datatype=...XMLSchema#date)
"""

from __future__ import annotations

import re
import sys
import types
from pathlib import Path

import pyoxigraph as ox
from oxrdflib._converter import from_ox
from pyparsing import ParseException
from rdflib import Dataset, Graph
from rdflib.term import Node

from kg.errors import QueryError
from kg.namespaces import DEFAULT_BASE, PREFIXES

__all__ = [
    "load",
    "query",
    "open_store",
    "run",
    "default_prefixes",
    "readable_syntax_error",
    "RDF_FORMATS",
    "fill_store",
    "merge_into_default",
]

#: file suffix -> (pyoxigraph format, oxrdflib parser name)
RDF_FORMATS: dict[str, tuple[ox.RdfFormat, str]] = {
    ".ttl": (ox.RdfFormat.TURTLE, "ox-turtle"),
    ".trig": (ox.RdfFormat.TRIG, "ox-trig"),
    ".nt": (ox.RdfFormat.N_TRIPLES, "ox-nt"),
    ".nq": (ox.RdfFormat.N_QUADS, "ox-nquads"),
    ".jsonld": (ox.RdfFormat.JSON_LD, "ox-json-ld"),
    ".rdf": (ox.RdfFormat.RDF_XML, "ox-xml"),
    ".owl": (ox.RdfFormat.RDF_XML, "ox-xml"),
}


def default_prefixes(base: str = DEFAULT_BASE) -> dict[str, str]:
    """The prefixes every kg query may use without declaring them (plus ``id:``)."""
    return {**PREFIXES, "id": base}


def _format_of(path: Path) -> tuple[ox.RdfFormat, str]:
    if not path.is_file():
        raise QueryError(
            f"no graph file at {path}",
            hint="build one with `kg build`, or give the path of a .ttl/.trig file",
        )
    try:
        return RDF_FORMATS[path.suffix.lower()]
    except KeyError:
        raise QueryError(
            f"cannot tell the RDF format of {path.name}",
            hint=f"use one of the suffixes {', '.join(RDF_FORMATS)}",
        ) from None


def load(path: str | Path) -> Graph:
    """Load a graph file into an rdflib graph held in the Oxigraph store.

    A TriG or N-Quads file gives a :class:`rdflib.Dataset` whose default graph
    holds the merge of all its graphs (each triple once) and whose named graphs
    are the documents'; other formats give a :class:`rdflib.Graph`.

    Args:
        path: a ``.ttl``, ``.trig``, ``.nt``, ``.nq``, ``.jsonld`` or ``.rdf`` file, or
            the folder of an on-disk store (``kg build --store DIR``), opened read-only
            without parsing anything.

    Returns:
        The graph, ready for :func:`query` or rdflib's own API.

    Raises:
        QueryError: the file is missing, of an unknown format, or not valid RDF.

    Example:
        >>> g = load("kg-out/graph.trig")          # doctest: +SKIP
        >>> len(g) > 0                             # doctest: +SKIP
        True
    """
    path = Path(path)
    if path.is_dir():
        from kg.store import open_graph
        return open_graph(path)
    rdf_format, parser = _format_of(path)
    graph: Graph
    if rdf_format.supports_datasets:
        graph = Dataset(store="Oxigraph")
    else:
        graph = Graph(store="Oxigraph")
    try:
        graph.parse(str(path), format=parser)
    except SyntaxError as exc:
        raise QueryError(
            f"{path.name} is not valid RDF: {exc}", hint="rebuild it with `kg build`"
        ) from exc
    if rdf_format.supports_datasets:
        merge_into_default(graph.store._inner)  # type: ignore[attr-defined]
    return graph


def merge_into_default(store: ox.Store) -> None:
    """Copy every named graph's triples into the default graph (each triple once).

    Oxigraph's "union default graph" repeats a triple once per graph that holds
    it; a merged default graph gives set semantics, so ``SELECT`` without
    ``DISTINCT`` does not show a fact twice because two documents state it.
    """
    store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")


def _ox_query(graph: Graph, sparql: str) -> object:
    """Run ``sparql`` on the pyoxigraph store behind an Oxigraph-backed graph."""
    inner: ox.Store = graph.store._inner  # type: ignore[attr-defined]
    if isinstance(graph, Dataset):
        return _checked(
            lambda: inner.query(
                sparql, prefixes=default_prefixes(), use_default_graph_as_union=graph.default_union
            ),
            sparql,
        )
    name = inner_graph_name(graph)
    return _checked(
        lambda: inner.query(sparql, prefixes=default_prefixes(), default_graph=name), sparql
    )


def inner_graph_name(graph: Graph) -> ox.NamedNode | ox.BlankNode | ox.DefaultGraph:
    """The pyoxigraph graph name that holds an rdflib graph's triples."""
    from oxrdflib._converter import to_ox

    return to_ox(graph.identifier)  # type: ignore[return-value]


#: a query that sorts: pyoxigraph 0.5 aborts the process on some (see :mod:`kg.isolate`)
_SORTS = re.compile(r"\bORDER\s+BY\b", re.IGNORECASE)


def query(graph: Graph, sparql: str, *,
          shielded: bool | None = None) -> list[dict[str, Node]] | Graph | bool:
    """Ask ``graph`` a SPARQL query.

    Args:
        graph: a graph from :func:`load` (any rdflib graph works, more slowly).
        sparql: the query text; the kg prefixes need not be declared.
        shielded: evaluate in a forked child process (:func:`kg.isolate.isolated`), so
            that a query Oxigraph aborts on is a :class:`QueryError` here, not the end of
            this process (a notebook's kernel). pyoxigraph 0.5 aborts on some ``ORDER BY``
            over values of mixed types, so by default (None) a query that sorts is
            shielded and the others run here. Where ``fork`` does not exist, nothing is.

    Returns:
        SELECT: one dict per row, variable name -> rdflib term (unbound
        variables are left out); CONSTRUCT/DESCRIBE: a new rdflib Graph;
        ASK: a bool.

    Raises:
        QueryError: the query is malformed (the message gives line and column), or the
            shielded query engine crashed on it (the message says why, the hint what to do).

    Example:
        >>> g = load("kg-out/graph.ttl")                                 # doctest: +SKIP
        >>> query(g, "ASK { ?a coop:status coop:Signed }")               # doctest: +SKIP
        True
        >>> [r["name"] for r in query(g, "SELECT ?name { ?p a foaf:Person ; rdfs:label ?name }")]
        ...                                                              # doctest: +SKIP
    """
    if getattr(graph.store, "_inner", None) is None:
        return _rdflib_query(graph, sparql)
    if shielded is None:
        shielded = _SORTS.search(sparql) is not None
    if shielded:
        from kg.isolate import isolated
        return isolated(_answer, graph, sparql)
    return _answer(graph, sparql)


def _answer(graph: Graph, sparql: str) -> list[dict[str, Node]] | Graph | bool:
    result = _ox_query(graph, sparql)
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        return [
            {n: from_ox(t) for n, t in zip(names, row, strict=True) if t is not None}  # type: ignore[misc]
            for row in result
        ]
    out = Graph()
    for prefix, iri in default_prefixes().items():
        out.bind(prefix, iri)
    out += (from_ox(t) for t in result)  # type: ignore[attr-defined, misc]
    return out


def _rdflib_query(graph: Graph, sparql: str) -> list[dict[str, Node]] | Graph | bool:
    try:
        result = graph.query(sparql, initNs=default_prefixes())
    except ParseException as exc:
        raise QueryError(
            f"malformed SPARQL: {exc}", hint="check the query near the position shown"
        ) from exc
    except Exception as exc:  # noqa: BLE001 - rdflib's evaluator fails in many ways
        raise QueryError(
            f"rdflib could not evaluate the query: {type(exc).__name__}: {exc}",
            hint="the query is well formed; load the graph with kg.load (Oxigraph) to run it",
        ) from exc
    if result.type == "ASK":
        return bool(result.askAnswer)
    if result.type == "SELECT":
        return [{str(k): v for k, v in row.asdict().items()} for row in result]  # type: ignore[union-attr]
    return result.graph  # type: ignore[return-value]


def open_store(path: str | Path) -> ox.Store:
    """Load a graph file into an in-memory pyoxigraph store (the fast path).

    A folder written by ``kg build --store DIR`` is opened read-only instead.

    Example:
        >>> store = open_store("kg-out/graph.trig")    # doctest: +SKIP
    """
    path = Path(path)
    if path.is_dir():
        from kg.store import open_store_dir
        return open_store_dir(path)
    store = ox.Store()
    fill_store(store, path)
    return store


def fill_store(store: ox.Store, path: Path) -> None:
    """Load a graph file into ``store``, with every triple also in the default graph."""
    rdf_format, _ = _format_of(path)
    try:
        store.bulk_load(path=str(path), format=rdf_format)
    except SyntaxError as exc:
        raise QueryError(
            f"{path.name} is not valid RDF: {exc}", hint="rebuild it with `kg build`"
        ) from exc
    if rdf_format.supports_datasets:
        merge_into_default(store)


def run(store: ox.Store, sparql: str, *, base: str = DEFAULT_BASE) -> object:
    """Run ``sparql`` on a store filled by :func:`open_store` (default graph: the merge).

    It runs in this process: pyoxigraph 0.5 aborts the process on some ORDER BYs over
    values of mixed types; :func:`kg.isolate.isolated` runs a call in a child instead.

    Returns:
        a ``pyoxigraph`` QuerySolutions, QueryTriples or QueryBoolean.

    Raises:
        QueryError: the query is malformed (line, column and what was expected).

    Example:
        >>> bool(run(ox.Store(), "ASK { ?s ?p ?o }"))
        False
    """
    return _checked(lambda: store.query(sparql, prefixes=default_prefixes(base)), sparql)


def _checked(call, sparql: str):  # type: ignore[no-untyped-def]
    try:
        return call()
    except SyntaxError as exc:
        raise QueryError(
            readable_syntax_error(str(exc), sparql), hint="fix the query at the position marked ^"
        ) from exc


_POSITION = re.compile(r"error at (\d+):(\d+): (.*)", re.S)
_CHAR_CLASS = re.compile(r"\[[^\[\]]*\.\.=[^\[\]]*\]", re.S)
_ONE_CHAR = re.compile(r"\['(.{1,2})'\]")


def readable_syntax_error(message: str, sparql: str) -> str:
    """Turn Oxigraph's parser message into line, column, the line itself and a caret.

    Example:
        >>> print(readable_syntax_error("error at 1:10: expected CONSTRUCT", "SELEC * {}"))
        malformed SPARQL at line 1, column 10: expected CONSTRUCT
          SELEC * {}
                   ^
        >>> print(readable_syntax_error("error at 2:1: expected '}'", "SELECT * { ?s ?p ?o\\n"))
        malformed SPARQL at the end of the query: expected '}'
          SELECT * { ?s ?p ?o
                             ^
    """
    match = _POSITION.match(message)
    if not match:
        return f"malformed SPARQL: {message}"
    line_no, column, expected = int(match[1]), int(match[2]), match[3]
    if "Prefix not found" in expected:
        expected = (
            "a declared prefix: the prefix just before here is not declared "
            f"(add PREFIX name: <iri>; predeclared: {', '.join(default_prefixes())})"
        )
    else:
        expected = _ONE_CHAR.sub(r"'\1'", _CHAR_CLASS.sub("a name character", expected))
        expected = re.sub(r"(a name character, )+", "", " ".join(expected.split()))
    lines = sparql.splitlines() or [""]
    if line_no > len(lines):      # past the last line: the query stops too soon ("{" left open)
        text = lines[-1]
        return (f"malformed SPARQL at the end of the query: {expected}\n  {text}\n"
                f"  {' ' * len(text)}^")
    text = lines[line_no - 1]
    caret = " " * max(column - 1, 0) + "^"
    return f"malformed SPARQL at line {line_no}, column {column}: {expected}\n  {text}\n  {caret}"


class _CallableModule(types.ModuleType):
    """Importing ``kg.query`` sets the attribute ``kg.query`` to this module, hiding
    the package's ``kg.query()`` function; calling the module calls :func:`query`,
    so ``kg.query(graph, sparql)`` works either way."""

    def __call__(self, graph: Graph, sparql: str, *,
                 shielded: bool | None = None) -> list[dict[str, Node]] | Graph | bool:
        return query(graph, sparql, shielded=shielded)


sys.modules[__name__].__class__ = _CallableModule
