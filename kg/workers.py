"""Queries run in worker processes, so that one past its time limit can be stopped.

pyoxigraph has no query timeout and a running query cannot be interrupted from
another Python thread, so the server keeps a few worker processes, each with
the graph opened read-only from an on-disk Oxigraph store. A query that runs
past the limit has its worker killed and replaced (a fork of the fork server:
milliseconds, and the store opens without reloading the graph).

Example:
    >>> pool = QueryPool(store_dir, workers=2, timeout=5.0)      # doctest: +SKIP
    >>> pool.execute({"sparql": "ASK {}", "results": "json"})      # doctest: +SKIP
    {'kind': 'boolean', 'format': 'json', 'body': b'...', 'truncated': False}
    >>> pool.close()                                              # doctest: +SKIP
"""

from __future__ import annotations

import multiprocessing
import queue
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import QueryError
from kg.namespaces import DEFAULT_BASE
from kg.query import default_prefixes
from kg.results import collect, term_json, write_results, write_triples

__all__ = ["QueryPool", "QueryTimeout", "execute_request"]


class QueryTimeout(Exception):
    """A query ran past the time limit and its worker was stopped."""


def _named(iris: list[str]) -> list[ox.NamedNode]:
    return [ox.NamedNode(iri) for iri in iris]


def _run(store: ox.Store, request: dict[str, Any]) -> object:
    options: dict[str, Any] = {"prefixes": default_prefixes(request.get("base", DEFAULT_BASE))}
    if request.get("default_graphs"):
        options["default_graph"] = _named(request["default_graphs"])
    if request.get("named_graphs"):
        options["named_graphs"] = _named(request["named_graphs"])
    try:
        return store.query(request["sparql"], **options)
    except SyntaxError as exc:
        from kg.query import readable_syntax_error

        raise QueryError(readable_syntax_error(str(exc), request["sparql"])) from exc


def execute_request(store: ox.Store, request: dict[str, Any]) -> dict[str, Any]:
    """Answer one request on ``store`` (what a worker does).

    A request holds ``sparql``; ``results`` and ``graph`` (the formats wanted
    for SELECT/ASK and for CONSTRUCT/DESCRIBE); ``max_rows``; or ``rows: True``
    to get the SELECT rows back as SPARQL-JSON terms (for the HTML pages).

    Example:
        >>> execute_request(ox.Store(), {"sparql": "ASK {}", "results": "csv"})["body"]
        b'true\\n'
    """
    max_rows = request.get("max_rows")
    try:
        result = _run(store, request)
    except QueryError as exc:
        return {"error": exc.message}
    if isinstance(result, ox.QueryTriples):
        fmt = request.get("graph", "turtle")
        prefixes = default_prefixes(request.get("base", DEFAULT_BASE))
        body, truncated = write_triples(result, fmt, prefixes, max_rows)
        return {"kind": "graph", "format": fmt, "body": body, "truncated": truncated}
    table = collect(result, max_rows)
    kind = "boolean" if table.boolean is not None else "select"
    if request.get("rows"):
        rows = [[None if t is None else term_json(t) for t in row] for row in table.rows]
        return {
            "kind": kind,
            "variables": list(table.variables),
            "rows": rows,
            "boolean": table.boolean,
            "truncated": table.truncated,
        }
    fmt = request.get("results", "json")
    return {
        "kind": kind,
        "format": fmt,
        "body": write_results(table, fmt),
        "truncated": table.truncated,
    }


def _worker_main(store_dir: str, conn: Connection) -> None:
    store = ox.Store.read_only(store_dir)
    while True:
        try:
            request = conn.recv()
        except EOFError:
            return
        try:
            conn.send(execute_request(store, request))
        except Exception as exc:  # an unexpected failure must not kill the worker
            conn.send({"error": f"internal error: {exc}", "internal": True})


class _Worker:
    def __init__(self, context: Any, store_dir: str) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(store_dir, child), daemon=True)
        self.process.start()
        child.close()

    def stop(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class QueryPool:
    """A fixed number of query workers over a read-only on-disk store.

    Args:
        store_dir: an Oxigraph store directory no other process has open.
        workers: how many queries may run at once.
        timeout: seconds a query may run before its worker is killed.
    """

    def __init__(self, store_dir: str | Path, *, workers: int = 2, timeout: float = 30.0) -> None:
        self.store_dir = str(store_dir)
        self.timeout = timeout
        self._context = multiprocessing.get_context("forkserver")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: list[_Worker] = []
        for _ in range(workers):
            self._add()

    def _add(self) -> None:
        worker = _Worker(self._context, self.store_dir)
        self._all.append(worker)
        self._idle.put(worker)

    def _replace(self, worker: _Worker) -> None:
        worker.stop()
        self._all.remove(worker)
        self._add()

    def execute(self, request: dict[str, Any]) -> dict[str, Any]:
        """Send ``request`` to an idle worker and wait at most ``timeout`` seconds.

        Raises:
            QueryTimeout: no answer in time (the worker is replaced), or every
                worker stayed busy for that long.
        """
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise QueryTimeout(f"every query worker stayed busy for {self.timeout:g} s") from None
        try:
            worker.conn.send(request)
            if not worker.conn.poll(self.timeout):
                self._replace(worker)
                raise QueryTimeout(f"the query ran longer than {self.timeout:g} s and was stopped")
            answer: dict[str, Any] = worker.conn.recv()
        except (EOFError, OSError) as exc:
            self._replace(worker)
            return {"error": f"internal error: the query worker died ({exc})", "internal": True}
        self._idle.put(worker)
        return answer

    def close(self) -> None:
        """Stop every worker."""
        for worker in list(self._all):
            worker.stop()
        self._all.clear()
