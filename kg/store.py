"""kg's embedded store: Oxigraph, in memory or on disk, behind rdflib's API.

rdflib stays the API users see (``Graph``/``Dataset``, ``g.query``...), and
Oxigraph does the heavy lifting: parsing, serialising, SPARQL. A build can
leave its graph in an on-disk store (``kg build --store DIR``) that ``kg
query DIR``, ``kg serve DIR``, ``kg export``-style loads and ``kg.load(DIR)``
open without parsing any file, so a graph larger than memory still works.

The store of a build holds every document's named graph and, in the default
graph, their merge (each triple once), as :func:`kg.query.load` does for a
TriG file. It is written next to its final place and swapped in when
complete: an interrupted build leaves the previous store intact.

Example:
    >>> import tempfile, pathlib, pyoxigraph as ox
    >>> folder = pathlib.Path(tempfile.mkdtemp()) / "store"
    >>> q = ox.Quad(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p"), ox.Literal("x"),
    ...             ox.NamedNode("http://e/doc"))
    >>> save_store([q], folder) == folder
    True
    >>> g = open_graph(folder)
    >>> len(list(g.triples((None, None, None))))
    1
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset

from kg.errors import ExportError, QueryError
from kg.query import merge_into_default

__all__ = ["save_store", "open_store_dir", "open_graph", "is_store_dir", "MARKER"]

#: the file that marks a folder as a kg store (beside Oxigraph's own files)
MARKER = "KG-STORE"


def is_store_dir(path: Path | str) -> bool:
    """Whether ``path`` is a folder written by :func:`save_store`."""
    return (Path(path) / MARKER).is_file()


def save_store(quads: Iterable[ox.Quad], folder: Path | str) -> Path:
    """Write ``quads`` into a new on-disk Oxigraph store at ``folder`` (replacing it).

    The default graph receives the merge of the named graphs. The store is
    built in a sibling temporary folder, then moved into place.

    Raises:
        ExportError: ``folder`` exists and is not a kg store, or cannot be written.
    """
    folder = Path(folder)
    if folder.exists() and not is_store_dir(folder):
        if not folder.is_dir() or any(folder.iterdir()):
            raise ExportError(f"{folder} exists and is not a kg store",
                              hint="give --store a new folder or one kg wrote before")
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
        try:
            store = ox.Store(str(tmp / "oxigraph"))
            store.bulk_extend(quads)
            merge_into_default(store)
            store.flush()
            store.optimize()
            del store
            tmp.chmod(0o755)
            (tmp / MARKER).write_text("kg store: open it with kg.load(folder) or kg query\n")
            old = folder.with_name(f".{folder.name}.old")
            if folder.exists():
                shutil.rmtree(old, ignore_errors=True)
                folder.rename(old)
            tmp.rename(folder)
            shutil.rmtree(old, ignore_errors=True)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    except OSError as exc:
        raise ExportError(f"cannot write the store {folder}: {exc.strerror or exc}",
                          hint="choose a folder you can write to (--store DIR)") from exc
    return folder


def open_store_dir(folder: Path | str, *, read_only: bool = True) -> ox.Store:
    """The pyoxigraph store of a folder written by :func:`save_store`.

    Raises:
        QueryError: the folder is not a kg store.
    """
    folder = Path(folder)
    if not is_store_dir(folder):
        raise QueryError(f"{folder} is not a kg store",
                         hint="build one with `kg build --store DIR`, or give a graph file")
    path = str(folder / "oxigraph")
    try:
        return ox.Store.read_only(path) if read_only else ox.Store(path)
    except OSError as exc:
        raise QueryError(f"cannot open the store {folder}: {exc}",
                         hint="is another process writing it? wait for it to finish") from exc


def open_graph(folder: Path | str) -> Dataset:
    """An rdflib :class:`~rdflib.Dataset` over the on-disk store of ``folder`` (read-only).

    Its default graph is the merge of the documents' graphs; query it with
    :func:`kg.query.query` (Oxigraph's engine) or rdflib's API.
    """
    from oxrdflib import OxigraphStore
    return Dataset(store=OxigraphStore(store=open_store_dir(folder)))
