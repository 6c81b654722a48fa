"""The HTTP request handler of ``kg serve`` (see :mod:`kg.serve`).

It serves no files but the viewer beside the graph: paths are matched, never
joined to a folder. A request it cannot read (bad length, a body too long, one
that stops half way, a silent client) gets a 4xx answer or a closed
connection; an unexpected failure a 500; the server goes on (:mod:`kg.httpbase`).

Example:
    >>> handler = make_handler(config, pool)        # doctest: +SKIP
    >>> ThreadingHTTPServer(("127.0.0.1", 8000), handler).serve_forever()  # doctest: +SKIP
"""

from __future__ import annotations

import re
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

from kg.httpbase import SafeHandler
from kg.negotiate import (
    GRAPH_BY_TYPE,
    RESULT_BY_TYPE,
    SHORT_NAMES,
    is_update,
    negotiate,
    uses_service,
)
from kg.pages import CSP, ENTITY_CONSTRUCT, entity_page, entity_queries, index_page
from kg.query import default_prefixes
from kg.results import GRAPH_TYPES, RESULT_TYPES, shorten
from kg.serve import ServerConfig
from kg.service import service_description
from kg.workers import QueryCrashed, QueryPool, QueryStopped

__all__ = ["make_handler"]

_SEGMENT = r"(?:[A-Za-z0-9._~:@!$&'()*+,;=-]|%[0-9A-Fa-f]{2})+"
_SAFE_PATH = re.compile(rf"{_SEGMENT}(?:/{_SEGMENT})*/?")


def make_handler(config: ServerConfig, pool: QueryPool) -> type[BaseHTTPRequestHandler]:
    """A handler class bound to one graph and one query pool."""

    class Handler(_Handler):
        pass

    Handler.config = config
    Handler.pool = pool
    return Handler


class _Handler(SafeHandler):
    config: ServerConfig
    pool: QueryPool

    # -- methods -----------------------------------------------------------------
    def do_GET(self) -> None:  # noqa: N802
        self._guarded(self._get)

    do_HEAD = do_GET

    def do_POST(self) -> None:  # noqa: N802
        self._guarded(self._post)

    def _get(self) -> None:
        path = urlsplit(self.path).path
        if path == "/sparql":
            params = self._params()
            if "update" in params:
                return self._error(403, "this endpoint is read-only: updates are refused")
            if "query" not in params:
                return self._send(
                    200, service_description(self.config.public_base + "sparql"), "text/turtle"
                )
            return self._query(params["query"][0], params)
        if path.startswith("/id/"):
            return self._entity(path[len("/id/") :])
        if path in ("/", "/index.html"):
            return self._root()
        return self._error(404, f"nothing at {path[:200]}; try / or /sparql")

    def _post(self) -> None:
        if urlsplit(self.path).path != "/sparql":
            self.close_connection = True  # its body stays unread
            return self._error(404, "POST queries to /sparql")
        body = self._body(self.config.max_body)
        if body is None:
            return
        media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = self._params()
        if media == "application/sparql-update":
            return self._error(403, "this endpoint is read-only: updates are refused")
        if media == "application/sparql-query":
            return self._query(body, params)
        if media == "application/x-www-form-urlencoded":
            form = parse_qs(body, keep_blank_values=True)
            if "update" in form:
                return self._error(403, "this endpoint is read-only: updates are refused")
            if "query" in form:
                return self._query(form["query"][0], {**params, **form})
            return self._error(400, "the form has no 'query' field")
        return self._error(
            415, "send application/sparql-query or application/x-www-form-urlencoded"
        )

    def _read_only(self) -> None:
        self._error(403, "this server is read-only")

    do_PUT = do_DELETE = do_PATCH = _read_only

    # -- SPARQL --------------------------------------------------------------------
    def _formats(self, params: dict[str, list[str]]) -> tuple[str, str] | None:
        wanted = (params.get("format") or params.get("output") or [""])[0].lower()
        if wanted in SHORT_NAMES:
            name = SHORT_NAMES[wanted]
            return (
                name if name in RESULT_TYPES else "json",
                name if name in GRAPH_TYPES else "turtle",
            )
        accept = wanted or self.headers.get("Accept")
        results = negotiate(accept, list(RESULT_BY_TYPE))
        graph = negotiate(accept, list(GRAPH_BY_TYPE))
        if results is None and graph is None:
            return None
        return (
            RESULT_BY_TYPE.get(results or "", "json"),
            GRAPH_BY_TYPE.get(graph or "", "turtle"),
        )

    def _run(self, request: dict[str, Any]) -> dict[str, Any] | None:
        request = {
            "base": self.config.base,
            "max_rows": self.config.max_rows,
            "max_bytes": self.config.max_bytes,
            **request,
        }
        try:
            answer = self.pool.execute(request)
        except QueryCrashed as exc:   # an Oxigraph bug, not the client's fault: said as such
            self._error(500, str(exc.error))
            return None
        except QueryStopped as exc:
            self._error(
                503,
                f"{exc} (this server allows {self.config.timeout:g} s a query; "
                "narrow the query or add LIMIT)",
            )
            return None
        if "error" in answer:
            if answer.get("internal"):
                self._error(500, answer["error"])
            elif is_update(request["sparql"]):
                self._error(403, "this endpoint is read-only: updates are refused")
            else:
                self._error(400, answer["error"])
            return None
        return answer

    def _query(self, sparql: str, params: dict[str, list[str]]) -> None:
        if uses_service(sparql):   # Oxigraph would send the request: the server is no proxy
            return self._error(
                403, "this endpoint runs no SERVICE (federated) query: it sends no request "
                "to other servers; query them yourself, or load their data with kg build"
            )
        formats = self._formats(params)
        if formats is None:
            return self._error(
                406, "acceptable: " + ", ".join(list(RESULT_BY_TYPE) + list(GRAPH_BY_TYPE))
            )
        answer = self._run(
            {
                "sparql": sparql,
                "results": formats[0],
                "graph": formats[1],
                "default_graphs": params.get("default-graph-uri", []),
                "named_graphs": params.get("named-graph-uri", []),
            }
        )
        if answer is None:
            return
        media = (
            GRAPH_TYPES[answer["format"]][0]
            if answer["kind"] == "graph"
            else RESULT_TYPES[answer["format"]]
        )
        headers = {"X-KG-Truncated": answer["truncated"]} if answer["truncated"] else {}
        self._send(200, answer["body"], media, headers)

    # -- pages ---------------------------------------------------------------------
    def _link(self, iri: str) -> str:
        if iri.startswith(self.config.base):
            return "/id/" + iri[len(self.config.base) :]
        return iri

    def _entity(self, rest: str) -> None:
        if not _SAFE_PATH.fullmatch(rest) or {".", ".."} & set(rest.split("/")):
            return self._error(404, "no such entity")
        iri = self.config.base + rest
        wanted = (self._params().get("format") or [""])[0]
        offers = ["text/html", "text/turtle", "application/ld+json", "application/n-triples"]
        media = (
            GRAPH_TYPES[SHORT_NAMES[wanted]][0]
            if wanted in SHORT_NAMES and SHORT_NAMES[wanted] in GRAPH_TYPES
            else negotiate(self.headers.get("Accept"), offers)
        )
        if media is None:
            return self._error(406, "acceptable: " + ", ".join(offers))
        answers = [
            self._run({"sparql": q, "rows": True, "max_rows": 500}) for q in entity_queries(iri)
        ]
        if not all(answers):
            return
        rows = [a for a in answers if a is not None]
        if not rows[0]["rows"] and not rows[1]["rows"]:
            return self._error(404, f"no entity <{iri}> in this graph")
        if media == "text/html":
            prefixes = default_prefixes(self.config.base)
            html = entity_page(iri, rows, self._link, lambda i: _short(i, prefixes))
            return self._send(200, html.encode(), "text/html", {"Content-Security-Policy": CSP})
        answer = self._run(
            {"sparql": ENTITY_CONSTRUCT.format(iri=iri), "graph": GRAPH_BY_TYPE[media]}
        )
        if answer is not None:
            self._send(200, answer["body"], media)

    def _root(self) -> None:
        viewer = self.config.graph_path.with_name("graph.html")
        if viewer.is_file():
            return self._send(200, viewer.read_bytes(), "text/html")
        from kg.ask import bundled_queries

        answer = self._run(
            {"sparql": _ENTITY_LIST.format(base=self.config.base), "rows": True, "max_rows": 200}
        )
        if answer is None:
            return
        entities = [
            (self._link(e["value"]), label["value"], _short(kind["value"], default_prefixes()))
            for e, label, kind in answer["rows"]
        ]
        queries = [
            (
                "/sparql?format=json&query=" + quote(q.path.read_text(encoding="utf-8")),
                q.name,
                q.title,
            )
            for q in bundled_queries()
        ]
        html = index_page(self.config.graph_path.name, self.config.triples, entities, queries)
        self._send(200, html.encode(), "text/html", {"Content-Security-Policy": CSP})


_ENTITY_LIST = (
    "SELECT ?e (SAMPLE(?l) AS ?label) (SAMPLE(?t) AS ?type) WHERE {{ ?e rdfs:label ?l ; a ?t . "
    'FILTER(STRSTARTS(STR(?e), "{base}")) '
    'FILTER(!CONTAINS(STR(?e), "/document/") && !CONTAINS(STR(?e), "/rule/")) }} '
    "GROUP BY ?e ORDER BY ?type ?label"
)


def _short(iri: str, prefixes: dict[str, str]) -> str:
    import pyoxigraph as ox

    return shorten(ox.NamedNode(iri), prefixes)
