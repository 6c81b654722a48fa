"""Turn a store or a graph file into a graph file of a chosen format (``kg export``).

The source is a graph file (``.ttl``, ``.trig``, ``.nt``, ``.nq``, ``.jsonld``,
``.rdf``) or a store folder (``kg build --store DIR``); the format is named or
taken from the destination's suffix. Dataset formats (TriG, N-Quads, JSON-LD)
keep the named graphs; triple formats (Turtle, N-Triples) get the union of all
graphs, each triple once. A store gives back what the build saved into it (each
document's graph and the build's own default graph, not the merge the store adds
for queries), so ``kg export STORE graph.trig`` writes the very bytes of the
build's ``graph.trig``. Quads are sorted (:func:`kg.export.sort_quads`) and the
file is written atomically.

Example:
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "g.nq").write_text('<http://e/a> <http://e/p> "x" <http://e/d1> .\\n'
    ...                                  '<http://e/a> <http://e/p> "x" <http://e/d2> .\\n')
    >>> summary = export_graph(folder / "g.nq", folder / "g.ttl")
    >>> summary.format, summary.statements, summary.graphs
    ('turtle', 1, 2)
    >>> summary.line()
    'wrote 1 triple (union of 2 named graphs) as turtle to ...g.ttl'
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from kg.config import output_folder_hint
from kg.errors import ExportError, KGError
from kg.export import KeyedQuads, serialize_into, sort_quads, write_atomic
from kg.query import RDF_FORMATS
from kg.store import is_store_dir, read_store

__all__ = ["export_graph", "convert", "format_name", "ExportSummary", "EXPORT_FORMATS"]

#: format name -> pyoxigraph format, for ``--format``
EXPORT_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
}
#: suffix -> format name, for the suffixes kg reads (kg.query) that it also writes
_SUFFIXES = {suffix: name for suffix, (rdf_format, _) in RDF_FORMATS.items()
             for name, known in EXPORT_FORMATS.items() if known == rdf_format}
_ALIASES = {**{s.lstrip("."): n for s, n in _SUFFIXES.items()}, "json-ld": "jsonld",
            "n-quads": "nquads", "n-triples": "ntriples"}
_KNOWN = ", ".join(EXPORT_FORMATS)


@dataclass(frozen=True)
class ExportSummary:
    """What :func:`export_graph` wrote: ``statements`` quads (dataset formats) or
    distinct triples (triple formats), from a source of ``graphs`` named graphs."""

    path: Path | None
    format: str
    statements: int
    graphs: int

    def line(self) -> str:
        """One line for the terminal."""
        dataset = EXPORT_FORMATS[self.format].supports_datasets
        unit = ("quad" if dataset else "triple") + ("" if self.statements == 1 else "s")
        graphs = f"{self.graphs} named graph{'' if self.graphs == 1 else 's'}"
        where = f"({graphs} kept)" if dataset else f"(union of {graphs})"
        return (f"wrote {self.statements} {unit} {where} as {self.format} to "
                f"{self.path if self.path is not None else 'standard output'}")


def format_name(fmt: str | None, dest: Path | None) -> str:
    """The export format: ``fmt`` (a name, alias or suffix) or else ``dest``'s suffix.

    Raises:
        ExportError: neither names a format kg writes.

    Example:
        >>> format_name(None, Path("out/graph.nq")), format_name("TTL", Path("x.txt"))
        ('nquads', 'turtle')
    """
    if fmt is not None:
        key = fmt.lower().lstrip(".")
        name = key if key in EXPORT_FORMATS else _ALIASES.get(key)
        if name is None:
            raise ExportError(f"unknown format {fmt!r}", hint=f"use --format with one of {_KNOWN}")
        return name
    suffix = dest.suffix.lower() if dest is not None else ""
    if suffix not in _SUFFIXES:
        what = f"the suffix of {dest.name}" if dest is not None and dest.name else "standard output"
        raise ExportError(f"cannot tell the format from {what}",
                          hint=f"give --format ({_KNOWN}) or a destination ending in "
                               f"{', '.join(_SUFFIXES)}")
    return _SUFFIXES[suffix]


def read_source(source: Path) -> list[ox.Quad]:
    """The quads of a graph file or of a store folder (what its build saved).

    Raises:
        ExportError: nothing there, a folder that is not a kg store, an unknown
            suffix, or a file that does not parse.
    """
    source = Path(source)
    if source.is_dir():
        if not is_store_dir(source):
            raise ExportError(f"{source} is a folder but not a kg store",
                              hint=output_folder_hint(source)
                              or "give a store written by `kg build --store DIR`, "
                                 "or a graph file such as kg-out/graph.trig")
        try:
            return read_store(source)
        except KGError as exc:
            raise ExportError(exc.message, hint=exc.hint) from exc
    if not source.is_file():
        raise ExportError(f"no graph file or store at {source}",
                          hint="give a file written by `kg build` (e.g. kg-out/graph.trig) "
                               "or a folder from `kg build --store DIR`")
    suffix = source.suffix.lower()
    if suffix not in RDF_FORMATS:
        raise ExportError(f"cannot tell the RDF format of {source.name}",
                          hint=f"use a file ending in {', '.join(RDF_FORMATS)}")
    try:
        return list(ox.parse(path=str(source), format=RDF_FORMATS[suffix][0]))
    except (SyntaxError, ValueError, OSError) as exc:
        raise ExportError(f"cannot read {source} as {RDF_FORMATS[suffix][0].name}: {exc}",
                          hint="check that the file is complete and has the right suffix") from exc


def convert(source: Path, fmt: str, output: BinaryIO) -> ExportSummary:
    """Write ``source`` into ``output`` in the format ``fmt`` (a name of
    :data:`EXPORT_FORMATS`) as it is serialised, never held as bytes (``kg export
    SOURCE -`` writes standard output so); returns what it holds (``path`` None).

    Raises:
        ExportError: see :func:`read_source` and :func:`format_name`.
        OSError: ``output`` cannot be written (a closed pipe, a full disk).

    Example:
        >>> import io
        >>> convert(Path("kg-out/graph.trig"), "nquads", io.BytesIO()).line()  # doctest: +SKIP
        'wrote 2738 quads (2 named graphs kept) as nquads to standard output'
    """
    quads, summary = _sorted(source, format_name(fmt, None))
    serialize_into(quads, EXPORT_FORMATS[summary.format], output)
    return summary


def _sorted(source: Path, name: str) -> tuple[KeyedQuads, ExportSummary]:
    rdf_format = EXPORT_FORMATS[name]
    quads = sort_quads(read_source(source))
    graphs = len({q.graph_name for q in quads} - {ox.DefaultGraph()})
    statements = len(quads) if rdf_format.supports_datasets else len(set(quads.triple_keys))
    return quads, ExportSummary(None, name, statements, graphs)


def export_graph(source: Path, dest: Path, fmt: str | None = None) -> ExportSummary:
    """Write the graph of ``source`` (a graph file or a store folder) to ``dest``.

    Args:
        source: ``.ttl``, ``.trig``, ``.nt``, ``.nq``, ``.jsonld``, ``.rdf`` file,
            or a folder of ``kg build --store DIR``.
        dest: the file to write, replaced atomically (folders created as needed).
        fmt: ``turtle``, ``trig``, ``nquads``, ``ntriples`` or ``jsonld``; default:
            from ``dest``'s suffix.

    Returns:
        What was written.

    Raises:
        ExportError: the source is missing or unreadable, the format unknown, or
            ``dest`` cannot be written.

    Example:
        >>> export_graph(Path("out/store"), Path("copy/graph.trig")).line()  # doctest: +SKIP
        'wrote 2738 quads (2 named graphs kept) as trig to copy/graph.trig'
    """
    dest = Path(dest)
    if dest.is_dir():
        raise ExportError(f"{dest} is a folder", hint=f"give a file name, such as "
                          f"{dest / 'graph.trig'}")
    quads, summary = _sorted(source, format_name(fmt, dest))
    try:           # serialised straight into the temporary file, never held as bytes
        write_atomic(dest, functools.partial(serialize_into, quads,
                                             EXPORT_FORMATS[summary.format]))
    except ExportError as exc:
        raise ExportError(exc.message, hint="choose a destination file you can write to") \
            from exc
    return ExportSummary(dest, summary.format, summary.statements, summary.graphs)
