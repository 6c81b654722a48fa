"""HTML pages of the server: one per entity, and an index.

An entity page shows the entity's labels, classes, properties, the links that
point to it, and the sentences and documents its facts come from (the
``coop:Evidence`` nodes). Every piece of text from the graph is HTML-escaped.
The pages are built from SPARQL rows in the SPARQL-JSON term form
(``{"type": "uri", "value": ...}``), as the query workers return them.

Example:
    >>> "&lt;script&gt;" in page("t", "<p>" + text("<script>") + "</p>")
    True
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

__all__ = [
    "entity_queries",
    "entity_page",
    "index_page",
    "page",
    "text",
    "Term",
    "ENTITY_CONSTRUCT",
    "CSP",
]

Term = dict[str, str]

#: the Content-Security-Policy of these pages: no script, no plugin, no request elsewhere,
#: their own inline style; a failure of escaping would still run nothing
CSP = ("default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; "
       "frame-ancestors 'none'")

ENTITY_CONSTRUCT = (
    "CONSTRUCT {{ <{iri}> ?p ?o . ?s ?q <{iri}> }} "
    "WHERE {{ {{ <{iri}> ?p ?o }} UNION {{ ?s ?q <{iri}> }} }}"
)

_LABEL = "OPTIONAL {{ {var} rdfs:label ?l_ . FILTER(LANG(?l_) IN ('fr', '')) }}"


def entity_queries(iri: str) -> list[str]:
    """The SELECT queries whose rows :func:`entity_page` draws: out, in, evidence.

    Example:
        >>> len(entity_queries("https://w3id.org/coop-kg/id/person/x"))
        3
    """
    out = (
        f"SELECT ?p ?o (SAMPLE(?l_) AS ?label) WHERE {{ <{iri}> ?p ?o . "
        + _LABEL.format(var="?o")
        # values ordered by their text: pyoxigraph 0.5 aborts on some ORDER BYs of values
        # themselves (numbers and texts, dates with and without a time zone: kg.isolate)
        + " } GROUP BY ?p ?o ORDER BY ?p STR(?o) STR(DATATYPE(?o)) LANG(?o)"
    )
    incoming = (
        f"SELECT ?s ?p (SAMPLE(?l_) AS ?label) WHERE {{ ?s ?p <{iri}> . "
        "FILTER NOT EXISTS { ?s a coop:Evidence } "
        "FILTER NOT EXISTS { ?s a nif:String } "
        + _LABEL.format(var="?s")
        + " } GROUP BY ?s ?p ORDER BY ?p ?s LIMIT 500"
    )
    evidence = (
        "SELECT DISTINCT ?s ?p ?o ?sentence ?document ?title ?file ?rule ?confidence WHERE { "
        f"?ev a coop:Evidence ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o . "
        f"FILTER(?s = <{iri}> || ?o = <{iri}>) "
        "OPTIONAL { ?ev prov:wasDerivedFrom/nif:anchorOf ?sentence } "
        "OPTIONAL { ?ev dcterms:source ?document . "
        "  OPTIONAL { ?document dcterms:title ?title } "
        "  OPTIONAL { ?document dcterms:source ?file } } "
        "OPTIONAL { ?ev coop:rule/rdfs:label ?rule } OPTIONAL { ?ev coop:confidence ?confidence } "
        "} ORDER BY ?p ?file LIMIT 500"
    )
    return [out, incoming, evidence]


def text(value: str) -> str:
    """``value`` escaped for HTML text and attributes."""
    return escape(value, quote=True)


def page(title: str, body: str) -> str:
    """A whole HTML document; ``title`` is escaped here, ``body`` must already be."""
    return (
        '<!DOCTYPE html>\n<html lang="fr"><head><meta charset="utf-8">'
        f"<title>{text(title)}</title><style>"
        "body{font-family:system-ui,sans-serif;max-width:70em;margin:2em auto;padding:0 1em}"
        "table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:.3em .6em;"
        "text-align:left;vertical-align:top}blockquote{margin:.3em 0;color:#333}"
        ".iri{color:#666;font-size:.9em}</style></head>\n"
        f"<body>{body}</body></html>\n"
    )


def _describe(
    term: Term | None,
    label: Term | None,
    link: Callable[[str], str],
    short: Callable[[str], str] = str,
) -> str:
    if term is None:
        return ""
    if term["type"] == "uri":
        shown = label["value"] if label else short(term["value"])
        return f'<a href="{text(link(term["value"]))}">{text(shown)}</a>'
    if term["type"] == "literal":
        lang = term.get("xml:lang")
        suffix = f' <span class="iri">@{text(lang)}</span>' if lang else ""
        return text(term["value"]) + suffix
    return text(term["value"])


def _rows_table(head: list[str], rows: list[list[str]]) -> str:
    cells = "".join(f"<th>{text(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><tr>{cells}</tr>{body}</table>"


_SOURCE_HEAD = ["fact", "subject", "object", "sentence", "document", "rule", "confidence"]


def entity_page(
    iri: str, results: list[dict], link: Callable[[str], str], short: Callable[[str], str]
) -> str:
    """The HTML page of ``iri`` from the rows of :func:`entity_queries`.

    Args:
        iri: the entity.
        results: the three answers, each ``{"rows": [[term, ...], ...]}``.
        link: IRI -> the address to link to (a local page for the server's own IRIs).
        short: IRI -> a short name (``coop:party``).
    """
    out_rows, in_rows, evidence_rows = (r["rows"] for r in results)
    labels = [o["value"] for p, o, _ in out_rows if p["value"].endswith("#label") and o]
    title = labels[0] if labels else short(iri)

    def named(term: Term) -> str:
        return f'<a href="{text(link(term["value"]))}">{text(short(term["value"]))}</a>'

    types = [named(o) for p, o, _ in out_rows if p["value"].endswith("#type")]
    properties = [[named(p), _describe(o, lab, link, short)] for p, o, lab in out_rows]
    incoming = [[_describe(s, lab, link, short), named(p)] for s, p, lab in in_rows]
    sources = [
        [
            text(short(p["value"])),
            _describe(s, None, link, short) if s["value"] != iri else "<em>this</em>",
            _describe(o, None, link, short) if o["value"] != iri else "<em>this</em>",
            f"<blockquote>{text(sentence['value'])}</blockquote>" if sentence else "",
            _describe(doc, title_ or file_, link),
            text(rule["value"]) if rule else "",
            text(conf["value"]) if conf else "",
        ]
        for s, p, o, sentence, doc, title_, file_, rule, conf in evidence_rows
    ]
    body = (
        f'<h1>{text(title)}</h1><p class="iri">{text(iri)}</p>'
        f"<p>{', '.join(types)}</p>"
        f'<p><a href="?format=turtle">Turtle</a> · <a href="?format=json-ld">JSON-LD</a>'
        ' · <a href="/">graph</a> · <a href="/sparql">SPARQL</a></p>'
        "<h2>Properties</h2>"
        + _rows_table(["property", "value"], properties)
        + "<h2>Referenced by</h2>"
        + _rows_table(["subject", "property"], incoming)
        + "<h2>Sources</h2>"
        + _rows_table(_SOURCE_HEAD, sources)
    )
    return page(title, body)


def index_page(
    graph_name: str,
    triples: int,
    entities: list[tuple[str, str, str]],
    queries: list[tuple[str, str, str]],
) -> str:
    """The page at ``/`` when there is no ``graph.html``.

    Args:
        graph_name: the file served.
        triples: how many triples it holds.
        entities: (link, label, class) of some entities.
        queries: (link, name, title) of the bundled queries.
    """
    items = "".join(
        f'<li><a href="{text(href)}">{text(label)}</a> <span class="iri">{text(kind)}</span></li>'
        for href, label, kind in entities
    )
    asks = "".join(
        f'<li><a href="{text(href)}">{text(name)}</a>: {text(title)}</li>'
        for href, name, title in queries
    )
    form = (
        '<form action="/sparql" method="get"><textarea name="query" rows="6" cols="80">'
        "SELECT ?s ?label WHERE { ?s rdfs:label ?label } LIMIT 20</textarea><br>"
        '<input type="hidden" name="format" value="json"><button>Run</button></form>'
    )
    body = (
        f"<h1>{text(graph_name)}</h1><p>{triples} triples. SPARQL 1.1 endpoint: "
        f'<a href="/sparql">/sparql</a>.</p>{form}<h2>Competency questions</h2><ul>{asks}</ul>'
        f"<h2>Entities</h2><ul>{items}</ul>"
    )
    return page(graph_name, body)
