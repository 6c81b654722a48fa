"""``kg push``: write a graph to a triplestore with the SPARQL 1.1 Graph Store HTTP Protocol.

Each named graph of a TriG file (one per document, named by the document's
IRI) is sent with ``PUT ?graph=<iri>``, the default graph with ``PUT
?default``, and the ontology (``ontology/*.ttl`` but the shapes) with ``PUT
?graph=https://w3id.org/coop-kg/ontology``. PUT replaces what the store held
under that name, so pushing twice leaves the same triples. A Turtle file has
no named graphs: all of it goes to the default graph. A store without a
default graph (Virtuoso) takes it in a named graph given as ``default_graph``.

Example:
    >>> report = push("kg-out/graph.trig", "http://127.0.0.1:7878/store")  # doctest: +SKIP
    >>> report.triples                                                      # doctest: +SKIP
    4210
"""

from __future__ import annotations

import base64
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

import pyoxigraph as ox

from kg.config import ontology_dir
from kg.errors import PushError
from kg.namespaces import COOP_IRI
from kg.query import RDF_FORMATS

__all__ = ["push", "PushReport", "ONTOLOGY_GRAPH", "ontology_triples", "graph_parts"]

#: the name of the graph that holds the ontology in the store
ONTOLOGY_GRAPH = COOP_IRI.rstrip("#")


@dataclass(frozen=True)
class PushReport:
    """What was sent: graph name (``None`` for the default graph) -> triples."""

    endpoint: str
    graphs: dict[str | None, int] = field(default_factory=dict)

    @property
    def triples(self) -> int:
        """Triples sent in all graphs."""
        return sum(self.graphs.values())


def ontology_triples() -> list[ox.Triple]:
    """The triples of the ontology files (``coop.ttl`` and the others, not the shapes)."""
    store = ox.Store()
    for path in sorted(ontology_dir().glob("*.ttl")):
        if not path.name.startswith("shapes"):
            store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
    return [q.triple for q in store]


def graph_parts(path: Path) -> dict[str | None, list[ox.Triple]]:
    """The graph file split by graph name (``None`` for the default graph).

    Raises:
        PushError: the file is missing, of an unknown format or not valid RDF.
    """
    if not path.is_file():
        raise PushError(f"no graph file at {path}", hint="build one with `kg build`")
    if path.suffix.lower() not in RDF_FORMATS:
        raise PushError(
            f"cannot tell the RDF format of {path.name}",
            hint=f"use one of {', '.join(RDF_FORMATS)}",
        )
    parts: dict[str | None, list[ox.Triple]] = {None: []}
    try:
        for quad in ox.parse(path=str(path), format=RDF_FORMATS[path.suffix.lower()][0]):
            name = None if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
            parts.setdefault(name, []).append(quad.triple)
    except SyntaxError as exc:
        raise PushError(
            f"{path.name} is not valid RDF: {exc}", hint="rebuild it with `kg build`"
        ) from exc
    return parts


def _put(endpoint: str, name: str | None, triples: list[ox.Triple], auth: str | None) -> None:
    target = f"{endpoint}?default" if name is None else f"{endpoint}?graph={quote(name, safe='')}"
    body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    request = urllib.request.Request(target, data=body, method="PUT")
    request.add_header("Content-Type", "application/n-triples")
    if auth:
        request.add_header("Authorization", auth)
    try:
        with urllib.request.urlopen(request, timeout=300) as response:
            response.read()
    except urllib.error.HTTPError as err:
        page = err.read().decode("utf-8", "replace")
        detail = " ".join(re.sub(r"<[^>]*>", " ", page).split())[:300]
        if err.code in (401, 403):
            raise PushError(
                f"the store at {endpoint} refused the push ({err.code}): {detail}",
                hint="give --user and --password of an account allowed to write",
            ) from err
        if name is None and "default" in detail:
            raise PushError(
                f"the store at {endpoint} takes no default graph: {detail}",
                hint="give --default-graph IRI to push it as a named graph",
            ) from err
        raise PushError(
            f"the store at {endpoint} answered {err.code} to PUT {target}: {detail}",
            hint="check that URL is the store's Graph Store Protocol address "
            "(Oxigraph: http://HOST:7878/store)",
        ) from err
    except urllib.error.URLError as err:
        raise PushError(
            f"cannot reach {endpoint}: {err.reason}", hint=f"is the store running at {endpoint}?"
        ) from err


def push(
    graph: str | Path,
    endpoint: str,
    *,
    user: str | None = None,
    password: str | None = None,
    ontology: bool = True,
    default_graph: str | None = None,
) -> PushReport:
    """Push a graph file to the Graph Store Protocol endpoint ``endpoint``.

    Args:
        graph: a ``.trig`` (one graph per document) or ``.ttl`` file.
        endpoint: the store's Graph Store address, e.g. ``http://127.0.0.1:7878/store``.
        user: user name for HTTP Basic authentication.
        password: its password.
        ontology: also push the ontology into its own graph.
        default_graph: push the file's default graph as this named graph instead.

    Returns:
        graph -> triples sent.

    Raises:
        PushError: unreachable store, refused credentials, bad answer.
    """
    address = urlsplit(endpoint)
    if address.scheme not in ("http", "https") or not address.netloc:
        raise PushError(f"the endpoint {endpoint!r} is not an http(s) address",
                        hint="give the store's Graph Store address, e.g. "
                             "--endpoint http://127.0.0.1:7878/store")
    parts = graph_parts(Path(graph))
    if default_graph:
        parts.setdefault(default_graph, []).extend(parts.pop(None))
    if ontology:
        parts[ONTOLOGY_GRAPH] = ontology_triples()
    auth = None
    if user is not None:
        token = base64.b64encode(f"{user}:{password or ''}".encode()).decode()
        auth = f"Basic {token}"
    for name, triples in parts.items():
        _put(endpoint, name, triples, auth)
    return PushReport(endpoint, {name: len(triples) for name, triples in parts.items()})
