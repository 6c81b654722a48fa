"""``kg serve``: a read-only SPARQL 1.1 endpoint, linked-data pages and the viewer.

- ``/sparql``: SPARQL 1.1 Protocol (GET ``?query=``, POST form or
  ``application/sparql-query``), results by content negotiation, the service
  description (Turtle) when there is no query. Updates get 403, malformed
  queries 400 with the parser's message, queries past ``timeout`` or past a
  worker's ``memory_mb`` 503; at most ``max_rows`` rows or triples and
  ``max_bytes`` bytes are sent (header ``X-KG-Truncated`` says which limit cut).
  A request body over ``max_body`` bytes gets 413 unread.
- ``/id/<path>``: the entity ``<base><path>`` as HTML, Turtle or JSON-LD.
- ``/``: ``graph.html`` beside the graph file, else an index page.

Example:
    >>> serve("kg-out/graph.trig", port=8000)   # doctest: +SKIP
    serving kg-out/graph.trig at http://127.0.0.1:8000/
"""

from __future__ import annotations

import re
import shutil
import signal
import sys
import tempfile
from dataclasses import dataclass
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.config import output_folder_hint
from kg.errors import ServeError
from kg.namespaces import COOP, DEFAULT_BASE
from kg.query import fill_store
from kg.workers import QueryPool

__all__ = ["ServerConfig", "serve", "default_graph_path", "prepare_store", "describe_store"]


class _Server(ThreadingHTTPServer):
    """The HTTP server, quiet when a client goes away before its answer is written
    (``curl ... | head``): that is the client's choice, not a server error worth a
    traceback in the terminal. Any other error is printed as usual."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            return
        super().handle_error(request, client_address)


@dataclass(frozen=True)
class ServerConfig:
    """What the request handler needs to know; built by :func:`serve`."""

    graph_path: Path
    base: str
    public_base: str
    max_rows: int
    timeout: float
    triples: int
    max_bytes: int = 64 * 2**20
    max_body: int = 2**20


def default_graph_path(start: Path | None = None) -> Path:
    """``./kg-out/graph.trig`` or ``./kg-out/graph.ttl``, whichever exists.

    Raises:
        ServeError: neither exists.
    """
    folder = (start or Path.cwd()) / "kg-out"
    for name in ("graph.trig", "graph.ttl"):
        if (folder / name).is_file():
            return folder / name
    raise ServeError(
        f"no graph given and none found in {folder}",
        hint="build one with `kg build` (writes kg-out/), or run kg serve GRAPH_FILE",
    )


def prepare_store(graph_path: Path, store_dir: Path) -> tuple[int, str]:
    """Load ``graph_path`` into an on-disk store at ``store_dir``, then close it.

    Returns:
        the number of distinct triples and the instance base found in the graph
        (the IRI of a document minus ``document/...``; the default base if none).
    """
    store = ox.Store(str(store_dir))
    fill_store(store, graph_path)
    described = describe_store(store)
    store.flush()
    del store
    return described


def describe_store(store: ox.Store) -> tuple[int, str]:
    """The number of triples of the store's default graph and the instance base found in it."""
    counted = store.query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")
    assert isinstance(counted, ox.QuerySolutions)
    count = next(iter(counted))[0].value
    documents = store.query(f"SELECT ?d {{ ?d a <{COOP.SourceDocument}> }} LIMIT 1")
    assert isinstance(documents, ox.QuerySolutions)
    found = list(documents)
    base = DEFAULT_BASE
    if found:
        match = re.match(r"(.*/)document/[^/]*$", found[0][0].value)
        base = match[1] if match else DEFAULT_BASE
    return int(count), base


def _check_options(port: int, base: str | None) -> None:
    if not 0 < port < 65536:
        raise ServeError(f"port {port} is out of range", hint="give --port between 1 and 65535")
    if base is not None and not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+/", base):
        raise ServeError(
            f"--base {base!r} is not an http(s) IRI ending with /",
            hint="e.g. --base https://w3id.org/coop-kg/id/",
        )


def serve(
    graph: str | Path | None = None,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    base: str | None = None,
    timeout: float = 30.0,
    max_rows: int = 10000,
    workers: int = 2,
    max_bytes: int = 64 * 2**20,
    max_body: int = 2**20,
    memory_mb: int | None = 1024,
    announce=print,
) -> None:  # type: ignore[no-untyped-def]
    """Serve a graph file or a kg store folder until interrupted (Ctrl-C or SIGTERM).

    Args:
        graph: the graph file (by default ``kg-out/graph.trig`` or ``.ttl``), or the folder
            of an on-disk store written by ``kg build --store DIR`` (opened read-only, not
            copied: a graph larger than memory is served from disk).
        host: the interface to listen on; loopback unless asked otherwise.
        port: the TCP port.
        base: the instance base of the graph's IRIs (found in the graph by default);
            ``/id/<path>`` serves ``<base><path>``.
        timeout: seconds a query may run.
        max_rows: most rows (or triples) in one answer.
        workers: queries that may run at once.
        max_bytes: most bytes in one answer (rows are left out past it).
        max_body: most bytes in a request body (a POST query).
        memory_mb: MiB of memory a query may take (None: no limit).
        announce: where to print the address.

    Raises:
        ServeError: no graph, unreadable graph, port taken.
    """
    from kg.handler import make_handler
    from kg.store import is_store_dir, open_store_dir

    graph_path = Path(graph) if graph else default_graph_path()
    kept = is_store_dir(graph_path)          # kg build --store DIR: served as it is
    if not graph_path.is_file() and not kept:
        raise ServeError(f"no graph file or kg store at {graph_path}",
                         hint=output_folder_hint(graph_path) or "check the path, or run "
                         "`kg build` (--store DIR for a store)")
    _check_options(port, base)
    store_dir = Path(tempfile.mkdtemp(prefix="kg-serve-"))
    pool = None
    try:
        if kept:
            served = graph_path / "oxigraph"
            triples, found_base = describe_store(open_store_dir(graph_path))
        else:
            served = store_dir / "store"
            triples, found_base = prepare_store(graph_path, served)
        pool = QueryPool(served, workers=workers, timeout=timeout, memory_mb=memory_mb)
        shown_host = f"[{host}]" if ":" in host else host
        config = ServerConfig(
            graph_path,
            base or found_base,
            f"http://{shown_host}:{port}/",
            max_rows,
            timeout,
            triples,
            max_bytes,
            max_body,
        )
        try:
            server = _Server((host, port), make_handler(config, pool))
        except OSError as exc:
            raise ServeError(
                f"cannot listen on {host}:{port}: {exc.strerror}",
                hint="choose another --port, or stop what uses this one",
            ) from exc
        signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
        announce(
            f"serving {graph_path} ({triples} triples) at {config.public_base} "
            f"- SPARQL at {config.public_base}sparql, entities at {config.public_base}id/..."
        )
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
    finally:
        if pool is not None:
            pool.close()
        shutil.rmtree(store_dir, ignore_errors=True)
