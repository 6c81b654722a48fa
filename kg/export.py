"""Turtle, TriG and JSON-LD files: deterministic and written atomically.

Quads are sorted before Oxigraph serialises them, so the same input gives
byte-identical files on every run and machine; each file is written to a
temporary file in the same folder and moved into place (``os.replace``), so a
crash never leaves a half-written file.

Example:
    >>> import tempfile, pathlib
    >>> from rdflib import Dataset
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> sorted(p.name for p in export(Dataset(), folder).values())
    ['graph.jsonld', 'graph.trig', 'graph.ttl']
"""

from __future__ import annotations

import functools
import io
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
from rdflib import Dataset
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg.errors import ExportError
from kg.namespaces import DEFAULT_BASE, PREFIXES
from kg.terms import ox_term

__all__ = ["export", "write_quads", "write_union", "write_graphs", "serialize_quads",
           "serialize_into", "sort_quads", "keyed_quads", "KeyedQuads", "ox_term",
           "write_atomic", "to_oxigraph_quads", "FORMATS", "UNION_FILE"]

#: the file of the union of every graph (no graph names); the others keep them
UNION_FILE = "graph.ttl"
FORMATS: dict[str, ox.RdfFormat] = {
    "graph.ttl": ox.RdfFormat.TURTLE,
    "graph.trig": ox.RdfFormat.TRIG,
    "graph.jsonld": ox.RdfFormat.JSON_LD,
}


def write_atomic(path: Path, data: bytes | str | Callable[[BinaryIO], object]) -> Path:
    """Write ``data`` to ``path`` through a temporary file and ``os.replace``.

    ``data`` may be a function that writes into the open file, so large output
    (a serialiser's) goes to disk as it is made instead of being held in memory.

    Raises:
        ExportError: the folder cannot be written.
    """
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                if callable(data):
                    data(fh)
                else:
                    fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o666 & ~_umask())     # mkstemp makes 0600: give the usual mode
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}",
                          hint="choose an output folder you can write to (-o DIR)") from exc
    return path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def to_oxigraph_quads(ds: Dataset) -> list[ox.Quad]:
    """The dataset's quads as sorted pyoxigraph quads (default graph first)."""
    quads = []
    for s, p, o, g in ds.quads((None, None, None, None)):
        name = getattr(g, "identifier", g) if g is not None else DATASET_DEFAULT_GRAPH_ID
        graph = ox.DefaultGraph() if name == DATASET_DEFAULT_GRAPH_ID else ox_term(name)
        quads.append(ox.Quad(ox_term(s), ox_term(p), ox_term(o), graph))  # type: ignore[arg-type]
    return sort_quads(quads)


class KeyedQuads(list):
    """Quads (a plain list) with each one's triple key (``"s p o"``, the N-Triples
    forms of its terms, as ``str`` of the quad's triple) beside it, made once: the
    union of triples that Turtle and N-Triples files are written from is found by
    these keys, and quads are sorted by them (computing the strings was most of the
    time of writing ``graph.ttl``).

    The keys are not updated if the list is changed afterwards: make a new one with
    :func:`keyed_quads` instead."""

    triple_keys: list[str]


def keyed_quads(quads: Iterable[ox.Quad]) -> KeyedQuads:
    """``quads`` in the same order, with their triple keys (as they are if they have them)."""
    if isinstance(quads, KeyedQuads):
        return quads
    out = KeyedQuads(quads)
    # one call into Oxigraph per quad (str of its triple), not three plus a join: 0.47 s
    # instead of 0.66 s on 870,000 quads. The space between the terms sorts as "\0"
    # would: a term's N-Triples form is never followed, in a longer one, by a character
    # at or below the space (an IRI or literal ends it; a blank node id has none)
    out.triple_keys = [str(q.triple) for q in out]
    return out


def sort_quads(quads: Iterable[ox.Quad]) -> KeyedQuads:
    """Quads in a fixed order: default graph first, then by graph, subject, predicate, object.

    Example:
        >>> a, b = ox.NamedNode("http://e/a"), ox.NamedNode("http://e/b")
        >>> [str(q.subject) for q in sort_quads([ox.Quad(b, a, a), ox.Quad(a, a, b, b),
        ...                                      ox.Quad(a, a, a)])]
        ['<http://e/a>', '<http://e/b>', '<http://e/a>']
    """
    items = keyed_quads(quads)
    spo = items.triple_keys
    # graph by graph (the default graph, named "", first), each sorted by its triple keys:
    # no string is made per quad beyond its triple key
    names: dict[object, str] = {}
    groups: dict[str, list[int]] = {}
    for i, q in enumerate(items):
        g = q.graph_name
        name = names.get(g)
        if name is None:
            name = names[g] = "" if isinstance(g, ox.DefaultGraph) else str(g)
        groups.setdefault(name, []).append(i)
    order: list[int] = []
    for name in sorted(groups):
        group = groups.pop(name)
        group.sort(key=spo.__getitem__)
        order += group
    out = KeyedQuads(items[i] for i in order)
    out.triple_keys = [spo[i] for i in order]
    return out


def _triples(quads: list[ox.Quad]) -> Iterator[ox.Triple]:
    """Each triple of ``quads`` once, sorted; made one at a time as the serialiser asks,
    as a million triples held at once would take half a gigabyte."""
    quads = keyed_quads(quads)
    keys = quads.triple_keys
    # the quads' places in their keys' order, the equal keys side by side: Python's sort
    # merges the runs it finds (a document's quads come in order), and no dict of every
    # key is made to drop the repeats (1.2 s -> 0.8 s for 730,000 triples)
    last = None
    for i in sorted(range(len(keys)), key=keys.__getitem__):
        if keys[i] != last:
            last = keys[i]
            # Quad.triple: one object made in Oxigraph, where reading the three terms and
            # building a Triple made four (1.6 s -> 0.2 s for 700,000 triples)
            yield quads[i].triple


def export(ds: Dataset, out_dir: Path, *, base: str = DEFAULT_BASE) -> dict[str, Path]:
    """Write ``graph.ttl`` (union of all graphs), ``graph.trig`` and ``graph.jsonld``.

    Args:
        ds: the dataset built by :func:`kg.graph.to_dataset`.
        out_dir: the folder to write into (created if needed).
        base: the instance base, bound to the ``id:`` prefix.

    Returns:
        The written paths by file name.
    """
    return write_quads(to_oxigraph_quads(ds), out_dir)


def write_quads(quads: Iterable[ox.Quad], out_dir: Path) -> dict[str, Path]:
    """Write quads (in any order) as the three files of :func:`export`: :func:`write_union`
    then :func:`write_graphs` of the sorted quads."""
    quads = keyed_quads(quads)
    return {**write_union(quads, out_dir), **write_graphs(sort_quads(quads), out_dir)}


def write_union(quads: list[ox.Quad], out_dir: Path) -> dict[str, Path]:
    """Write ``graph.ttl``, the union of every graph of ``quads`` (in any order: the
    union is sorted), serialised straight into its temporary file."""
    return {UNION_FILE: write_atomic(Path(out_dir) / UNION_FILE, functools.partial(
        serialize_into, quads, FORMATS[UNION_FILE]))}


def write_graphs(quads: list[ox.Quad], out_dir: Path) -> dict[str, Path]:
    """Write sorted quads (:func:`sort_quads`) as ``graph.trig`` and ``graph.jsonld``,
    each serialised straight into its temporary file."""
    return {name: write_atomic(Path(out_dir) / name,
                               functools.partial(serialize_into, quads, fmt))
            for name, fmt in FORMATS.items() if name != UNION_FILE}


def serialize_quads(quads: list[ox.Quad], fmt: ox.RdfFormat) -> bytes:
    """Sorted quads (:func:`sort_quads`) in one format, as :func:`export` writes it.

    A format without named graphs (Turtle, N-Triples) gets the union of all
    graphs, each triple once; Turtle and TriG declare the project's prefixes.

    Example:
        >>> q = ox.Quad(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p"),
        ...             ox.Literal("x"), ox.NamedNode("http://e/doc"))
        >>> serialize_quads([q, q], ox.RdfFormat.N_TRIPLES)
        b'<http://e/a> <http://e/p> "x" .\\n'
    """
    out = io.BytesIO()
    serialize_into(quads, fmt, out)
    return out.getvalue()


def serialize_into(quads: list[ox.Quad], fmt: ox.RdfFormat, output: BinaryIO) -> None:
    """:func:`serialize_quads` written into ``output`` as it is made (a large graph is
    never held as bytes): give it to :func:`write_atomic` with ``functools.partial``."""
    items = quads if fmt.supports_datasets else _triples(quads)
    prefixed = fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG)
    # no id: prefix: Turtle would escape its "/"
    ox.serialize(items, output, format=fmt,
                 prefixes=dict(sorted(PREFIXES.items())) if prefixed else None)
