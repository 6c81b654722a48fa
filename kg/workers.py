"""Queries run in worker processes, so that one past its time limit can be stopped.

pyoxigraph has no query timeout and a running query cannot be interrupted from
another Python thread, so the server keeps a few worker processes, each with
the graph opened read-only from an on-disk Oxigraph store. A query that runs
past the limit has its worker killed and replaced (a fork of the fork server:
milliseconds, and the store opens without reloading the graph). A worker may
use ``memory_mb`` more memory than it started with: a query past that dies with
its worker, which is replaced too. An answer longer than ``max_bytes`` loses
its last rows (or triples) until it fits, as one past ``max_rows`` does. A query
on which Oxigraph aborts (see :mod:`kg.isolate`) takes only its worker down; the
answer says why (:class:`QueryCrashed`). A worker may open no network connection
(:mod:`kg.sandbox`): a SERVICE clause cannot make the server call other servers.

Example:
    >>> pool = QueryPool(store_dir, workers=2, timeout=5.0)      # doctest: +SKIP
    >>> pool.execute({"sparql": "ASK {}", "results": "json"})      # doctest: +SKIP
    {'kind': 'boolean', 'format': 'json', 'body': b'...', 'truncated': False}
    >>> pool.close()                                              # doctest: +SKIP
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import queue
import resource
import shutil
import sys
import tempfile
from dataclasses import replace
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.background import how_it_ended
from kg.errors import QueryError
from kg.isolate import crash_error, out_of_memory
from kg.namespaces import DEFAULT_BASE
from kg.query import default_prefixes
from kg.results import collect, term_json, write_results, write_triples
from kg.sandbox import forbid_connections

__all__ = ["QueryPool", "QueryStopped", "QueryTimeout", "QueryCrashed", "execute_request"]


class QueryStopped(Exception):
    """A query went past a limit of the server (time or memory) and its worker was stopped."""


class QueryTimeout(QueryStopped):
    """A query ran past the time limit and its worker was stopped."""


class QueryCrashed(QueryStopped):
    """The worker died on the query otherwise than by running out of memory, e.g. Oxigraph
    aborted it; ``error`` says why and what to do (:func:`kg.isolate.crash_error`)."""

    def __init__(self, error: QueryError) -> None:
        self.error = error
        super().__init__(str(error))


def _named(iris: list[str]) -> list[ox.NamedNode]:
    try:
        return [ox.NamedNode(iri) for iri in iris]
    except ValueError as exc:   # default-graph-uri / named-graph-uri: the client's mistake
        raise QueryError(f"not an IRI in default-graph-uri or named-graph-uri: {exc}") from exc


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
    for SELECT/ASK and for CONSTRUCT/DESCRIBE); ``max_rows`` and ``max_bytes``; or
    ``rows: True`` to get the SELECT rows back as SPARQL-JSON terms (for the HTML
    pages). ``truncated`` names the limit that cut the answer (``max-rows=50``), if any.

    Example:
        >>> execute_request(ox.Store(), {"sparql": "ASK {}", "results": "csv"})["body"]
        b'true\\n'
    """
    max_rows, max_bytes = request.get("max_rows"), request.get("max_bytes")
    try:
        result = _run(store, request)
    except QueryError as exc:
        return {"error": exc.message}
    cut = f"max-rows={max_rows}"
    if isinstance(result, ox.QueryTriples):
        fmt = request.get("graph", "turtle")
        prefixes = default_prefixes(request.get("base", DEFAULT_BASE))
        triples = list(itertools.islice(result, None if max_rows is None else max_rows + 1))
        body, truncated = write_triples(triples, fmt, prefixes, max_rows)
        while max_bytes is not None and len(body) > max_bytes and triples:
            triples, cut = _fewer(triples, len(body), max_bytes), f"max-bytes={max_bytes}"
            body, truncated = write_triples(triples, fmt, prefixes)[0], True
        return {"kind": "graph", "format": fmt, "body": body, "truncated": truncated and cut}
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
    body = write_results(table, fmt)
    while max_bytes is not None and len(body) > max_bytes and table.rows:
        kept, cut = _fewer(list(table.rows), len(body), max_bytes), f"max-bytes={max_bytes}"
        table = replace(table, rows=tuple(kept), truncated=True)
        body = write_results(table, fmt)
    return {"kind": kind, "format": fmt, "body": body, "truncated": table.truncated and cut}


def _fewer(items: list, size: int, budget: int) -> list:
    """The first items, in proportion to how far ``size`` is over ``budget`` (at least one
    fewer)."""
    return items[: min(len(items) - 1, len(items) * budget // size)]


def _limit_memory(extra_mb: int | None) -> None:
    """Let this process grow by at most ``extra_mb`` MiB of address space (Linux)."""
    if extra_mb is None:
        return
    try:
        with open("/proc/self/statm") as statm:
            pages = int(statm.read().split()[0])
        limit = pages * resource.getpagesize() + extra_mb * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (OSError, ValueError):
        pass  # no /proc, or a hard limit below: the query time limit still holds


def _worker_main(store_dir: str, conn: Connection, memory_mb: int | None, log: str) -> None:
    fd = os.open(log, os.O_WRONLY | os.O_APPEND)   # what Rust prints as it aborts, for the pool
    os.dup2(fd, 2)
    os.close(fd)
    store = ox.Store.read_only(store_dir)
    _limit_memory(memory_mb)
    forbid_connections()   # a SERVICE query that slipped past the server reaches no server
    while True:
        try:
            request = conn.recv()
        except EOFError:
            return
        try:
            conn.send(execute_request(store, request))
        except MemoryError:
            return  # past the memory limit: the pool replaces this worker
        except Exception as exc:  # an unexpected failure must not kill the worker
            conn.send({"error": f"internal error: {exc}", "internal": True})


class _Worker:
    def __init__(self, context: Any, store_dir: str, memory_mb: int | None, logs: str) -> None:
        fd, self.log = tempfile.mkstemp(prefix="worker-", suffix=".log", dir=logs)
        os.close(fd)
        self.conn, child = context.Pipe()
        self.process = context.Process(
            target=_worker_main, args=(store_dir, child, memory_mb, self.log), daemon=True
        )
        self.process.start()
        child.close()

    def stderr(self) -> str:
        """What the worker printed on standard error."""
        try:
            return Path(self.log).read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""

    def stop(self) -> None:
        """Kill the worker; what it printed goes to this process's standard error."""
        self.process.kill()
        self.process.join(5)
        self.conn.close()
        text = self.stderr()
        if text:
            sys.stderr.write(f"kg serve: query worker {self.process.pid} "
                             f"{how_it_ended(self.process.exitcode)}; it printed:\n{text}")
        Path(self.log).unlink(missing_ok=True)


class QueryPool:
    """A fixed number of query workers over a read-only on-disk store.

    Args:
        store_dir: an Oxigraph store directory no other process has open.
        workers: how many queries may run at once.
        timeout: seconds a query may run before its worker is killed.
        memory_mb: MiB a worker may grow by before its query fails (None: no limit).
    """

    def __init__(
        self,
        store_dir: str | Path,
        *,
        workers: int = 2,
        timeout: float = 30.0,
        memory_mb: int | None = 1024,
    ) -> None:
        self.store_dir = str(store_dir)
        self.timeout = timeout
        self.memory_mb = memory_mb
        self._context = multiprocessing.get_context("forkserver")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: list[_Worker] = []
        self._logs = tempfile.mkdtemp(prefix="kg-workers-")   # what each worker prints
        self._closed = False
        for _ in range(workers):
            self._add()

    def _add(self) -> None:
        worker = _Worker(self._context, self.store_dir, self.memory_mb, self._logs)
        self._all.append(worker)
        self._idle.put(worker)

    def _replace(self, worker: _Worker) -> None:
        worker.stop()
        if worker in self._all:
            self._all.remove(worker)
        if not self._closed:      # a query that ends as the server stops gets no new worker
            self._add()

    def execute(self, request: dict[str, Any]) -> dict[str, Any]:
        """Send ``request`` to an idle worker and wait at most ``timeout`` seconds.

        Raises:
            QueryTimeout: no answer in time (the worker is replaced), or every
                worker stayed busy for that long.
            QueryCrashed: the worker died on the query otherwise than by running out of
                memory, e.g. Oxigraph aborted it (it is replaced); ``error`` says why
                and what to do.
            QueryStopped: the worker died on the query, most likely past its memory
                limit (it is replaced), or the pool was closed meanwhile.
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
        except (EOFError, OSError):
            worker.process.join(5)
            printed, status = worker.stderr(), worker.process.exitcode
            self._replace(worker)
            if self._closed:
                raise QueryStopped("the query was stopped: the server is stopping") from None
            # status 0: the worker left on a MemoryError (past its limit, Python's side)
            if status == 0 or out_of_memory(printed, status):
                raise QueryStopped(
                    "the query was stopped: its worker died, most likely past its memory limit"
                    + (f" of {self.memory_mb} MiB" if self.memory_mb else "")
                ) from None
            raise QueryCrashed(crash_error(printed, status)) from None
        self._idle.put(worker)
        return answer

    def close(self) -> None:
        """Stop every worker and remove what they printed."""
        self._closed = True
        for worker in list(self._all):
            worker.stop()
        self._all.clear()
        shutil.rmtree(self._logs, ignore_errors=True)
