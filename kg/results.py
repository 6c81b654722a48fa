"""SPARQL results written in the standard formats, with a row cap.

pyoxigraph serialises whole result iterators; the server must stop at
``max_rows``, so the four SPARQL 1.1 results formats (JSON, XML, CSV, TSV) are
written here from a list of rows. Graph results (CONSTRUCT, DESCRIBE) go
through pyoxigraph's RDF serialisers.

Example:
    >>> import pyoxigraph as ox
    >>> sel = ox.Store().query("SELECT ?x WHERE { VALUES ?x { 1 } }")
    >>> table = collect(sel, max_rows=10)
    >>> write_results(table, "csv")
    b'x\\r\\n1\\r\\n'
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

__all__ = [
    "Table",
    "collect",
    "write_results",
    "term_json",
    "RESULT_TYPES",
    "GRAPH_TYPES",
    "write_triples",
    "shorten",
    "rich_table",
    "rich_records",
]

#: short name -> media type of the SPARQL 1.1 results formats
RESULT_TYPES: dict[str, str] = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}

#: short name -> (media type, pyoxigraph format) of graph results
GRAPH_TYPES: dict[str, tuple[str, ox.RdfFormat]] = {
    "turtle": ("text/turtle", ox.RdfFormat.TURTLE),
    "json-ld": ("application/ld+json", ox.RdfFormat.JSON_LD),
    "ntriples": ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    "rdfxml": ("application/rdf+xml", ox.RdfFormat.RDF_XML),
}

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


@dataclass(frozen=True)
class Table:
    """Rows of a SELECT (``variables`` and ``rows``) or the answer of an ASK (``boolean``)."""

    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Term | None, ...], ...] = ()
    boolean: bool | None = None
    truncated: bool = False


def collect(result: object, max_rows: int | None = None) -> Table:
    """Read at most ``max_rows`` rows of a pyoxigraph SELECT or ASK result.

    Example:
        >>> collect(ox.Store().query("ASK {}")).boolean
        True
    """
    if isinstance(result, ox.QueryBoolean):
        return Table(boolean=bool(result))
    assert isinstance(result, ox.QuerySolutions)
    names = tuple(v.value for v in result.variables)
    rows: list[tuple[Term | None, ...]] = []
    truncated = False
    for row in result:
        if max_rows is not None and len(rows) >= max_rows:
            truncated = True
            break
        rows.append(tuple(row[i] for i in range(len(names))))
    return Table(names, tuple(rows), truncated=truncated)


def term_json(term: Term) -> dict[str, str]:
    """One RDF term as in the SPARQL 1.1 JSON results format.

    Example:
        >>> term_json(ox.Literal("Marseille", language="fr"))
        {'type': 'literal', 'value': 'Marseille', 'xml:lang': 'fr'}
    """
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": str(term)}


def _json(table: Table) -> bytes:
    if table.boolean is not None:
        doc: dict[str, object] = {"head": {}, "boolean": table.boolean}
    else:
        bindings = [
            {v: term_json(t) for v, t in zip(table.variables, row, strict=True) if t is not None}
            for row in table.rows
        ]
        doc = {"head": {"vars": list(table.variables)}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False, indent=1).encode()


def _xml_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
    return f"<literal>{escape(str(term))}</literal>"


def _xml(table: Table) -> bytes:
    parts = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">']
    parts.append(
        "<head>" + "".join(f"<variable name={quoteattr(v)}/>" for v in table.variables) + "</head>"
    )
    if table.boolean is not None:
        parts.append(f"<boolean>{str(table.boolean).lower()}</boolean>")
    else:
        parts.append("<results>")
        for row in table.rows:
            cells = "".join(
                f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                for v, t in zip(table.variables, row, strict=True)
                if t is not None
            )
            parts.append(f"<result>{cells}</result>")
        parts.append("</results>")
    parts.append("</sparql>\n")
    return "\n".join(parts).encode()


def _delimited(table: Table, tsv: bool) -> bytes:
    if table.boolean is not None:
        return (str(table.boolean).lower() + "\n").encode()
    buffer = io.StringIO()
    if tsv:
        buffer.write("\t".join(f"?{v}" for v in table.variables) + "\n")
        for row in table.rows:
            buffer.write("\t".join("" if t is None else str(t) for t in row) + "\n")
    else:
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(table.variables)
        for row in table.rows:
            writer.writerow(["" if t is None else getattr(t, "value", str(t)) for t in row])
    return buffer.getvalue().encode()


def write_results(table: Table, fmt: str) -> bytes:
    """``table`` in one of the SPARQL 1.1 results formats: ``json``, ``xml``, ``csv``, ``tsv``.

    Example:
        >>> b"<boolean>true</boolean>" in write_results(Table(boolean=True), "xml")
        True
    """
    if fmt == "json":
        return _json(table)
    if fmt == "xml":
        return _xml(table)
    if fmt in ("csv", "tsv"):
        return _delimited(table, fmt == "tsv")
    raise ValueError(f"unknown results format {fmt!r}; use one of {', '.join(RESULT_TYPES)}")


def write_triples(
    result: object, fmt: str, prefixes: dict[str, str], max_rows: int | None = None
) -> tuple[bytes, bool]:
    """Serialise a CONSTRUCT/DESCRIBE result (at most ``max_rows`` triples).

    Returns:
        the bytes and whether triples were left out.

    Example:
        >>> res = ox.Store().query("CONSTRUCT { <http://a> <http://b> 1 } WHERE {}")
        >>> write_triples(res, "ntriples", {})[0].decode().split()[0]
        '<http://a>'
    """
    triples: list[ox.Triple] = []
    truncated = False
    for triple in result:  # type: ignore[attr-defined]
        if max_rows is not None and len(triples) >= max_rows:
            truncated = True
            break
        triples.append(triple)
    rdf_format = GRAPH_TYPES[fmt][1]
    with_prefixes = rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML)
    # no id: prefix in Turtle: "/" in its local names would be written escaped (id:person\/x)
    readable = {p: iri for p, iri in prefixes.items() if p != "id"}
    data = ox.serialize(triples, format=rdf_format, prefixes=readable if with_prefixes else None)
    return data or b"", truncated


def shorten(term: Term | None, prefixes: dict[str, str]) -> str:
    """A term as a person reads it: ``coop:party``, ``"Santé"@fr``, ``2017-11-06``.

    Example:
        >>> shorten(ox.NamedNode("https://schema.org/Place"), {"schema": "https://schema.org/"})
        'schema:Place'
    """
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        best = max(
            ((p, iri) for p, iri in prefixes.items() if term.value.startswith(iri)),
            key=lambda pair: len(pair[1]),
            default=None,
        )
        if best:
            return f"{best[0]}:{term.value[len(best[1]) :]}"
        return f"<{term.value}>"
    if isinstance(term, ox.Literal):
        return f"{term.value}@{term.language}" if term.language else term.value
    return str(term)


def rich_table(table: Table, prefixes: dict[str, str]) -> object:
    """A :class:`rich.table.Table` of a SELECT result, IRIs shortened with ``prefixes``.

    Example:
        >>> rich_table(Table(("x",), ((ox.Literal("a"),),)), {}).row_count
        1
    """
    from rich.table import Table as RichTable

    out = RichTable(*table.variables, caption=f"{len(table.rows)} rows")
    for row in table.rows:
        out.add_row(*(_cell(term, prefixes) for term in row))
    return out


def _cell(term: Term | None, prefixes: dict[str, str]) -> Any:
    """The text of a value in a table or a record: "Esteban Bovo", not "...@fr"; an IRI
    shortened with ``prefixes``."""
    from rich.text import Text
    return Text(term.value if isinstance(term, ox.Literal) else shorten(term, prefixes))


def rich_records(table: Table, prefixes: dict[str, str]) -> object:
    """The rows of a SELECT result one under the other, each value on its own line beside
    its variable's name: what ``kg query`` prints when the table would not fit the
    terminal (a sentence in a squeezed column is a word per line).

    Example:
        >>> from rich.console import Console
        >>> console = Console(width=40)
        >>> with console.capture() as seen:
        ...     console.print(rich_records(Table(("name", "role"),
        ...                                      ((ox.Literal("Ada"), ox.Literal("maire")),)), {}))
        >>> print(seen.get().strip())
        1 / 1 ──────────────────────────────────
         name  Ada
         role  maire
    """
    from rich.console import Group, RenderableType
    from rich.rule import Rule
    from rich.table import Table as RichTable

    parts: list[RenderableType] = []
    for n, row in enumerate(table.rows, 1):
        parts.append(Rule(f"{n} / {len(table.rows)}", align="left", style="dim"))
        record = RichTable.grid(padding=(0, 2))
        record.add_column(style="bold", no_wrap=True)
        record.add_column(overflow="fold")
        for name, term in zip(table.variables, row, strict=True):
            if term is not None:
                record.add_row(" " + name, _cell(term, prefixes))
        parts.append(record)
    return Group(*parts)
