"""kg's embedded store: Oxigraph, in memory or on disk, behind rdflib's API.

rdflib stays the API users see (``Graph``/``Dataset``, ``g.query``...), and
Oxigraph does the heavy lifting: parsing, serialising, SPARQL. A build can
leave its graph in an on-disk store (``kg build --store DIR``) that ``kg
query DIR``, ``kg serve DIR``, ``kg validate DIR``, ``kg stats DIR`` and
``kg.load(DIR)`` open without parsing any file, so a graph larger than memory
still works; ``kg export DIR graph.trig`` (:mod:`kg.convert`) turns it back
into a file, byte for byte the one the build wrote.

The store of a build holds every document's named graph and, in the default
graph, their merge (each triple once), as :func:`kg.query.load` does for a
TriG file, plus the build's own default-graph triples (the dataset
description and the rules). Oxigraph keeps typed literals in canonical form
(``"0.60"^^xsd:decimal`` comes back as ``0.6``, an ``xsd:nonNegativeInteger``
as an ``xsd:integer``), so the quads it would change are also kept as written,
in ``exact-literals.nq`` beside the store: :func:`read_store` gives back the
quads the build saved. The store is written next to its final place and
swapped in when complete: an interrupted build leaves the previous store intact.

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

import itertools
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset

from kg.config import output_folder_hint
from kg.errors import ExportError, QueryError

__all__ = ["save_store", "fill_store", "check_store_target", "StagedStore", "open_store_dir",
           "open_graph", "read_store", "is_store_dir", "MARKER", "EXACT_LITERALS"]

#: the file that marks a folder as a kg store (beside Oxigraph's own files)
MARKER = "KG-STORE"
#: the quads whose literal Oxigraph would store in another form, as written (N-Quads)
EXACT_LITERALS = "exact-literals.nq"
_PLAIN = (ox.NamedNode("http://www.w3.org/2001/XMLSchema#string"),
          ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"))


def is_store_dir(path: Path | str) -> bool:
    """Whether ``path`` is a folder written by :func:`save_store`."""
    return (Path(path) / MARKER).is_file()


def save_store(quads: Iterable[ox.Quad], folder: Path | str) -> Path:
    """Write ``quads`` into a new on-disk Oxigraph store at ``folder`` (replacing it).

    The default graph receives the merge of the named graphs; the quads whose
    literal Oxigraph would rewrite are also kept as given, in ``exact-literals.nq``
    (see :func:`read_store`). The store is built in a sibling temporary folder,
    then moved into place: :func:`fill_store` then :func:`StagedStore.swap`.

    Raises:
        ExportError: ``folder`` exists and is not a kg store, or cannot be written.
    """
    return fill_store(quads, folder).swap()


def check_store_target(folder: Path | str) -> Path:
    """``folder`` if a store may be written there (new, empty, or a kg store).

    Raises:
        ExportError: ``folder`` exists and is not a kg store.
    """
    folder = Path(folder)
    if folder.exists() and not is_store_dir(folder):
        if not folder.is_dir() or any(folder.iterdir()):
            raise ExportError(f"{folder} exists and is not a kg store",
                              hint="give --store a new folder or one kg wrote before")
    return folder


class StagedStore:
    """A store written beside ``folder``, not yet in its place: :meth:`swap` puts it
    there, :meth:`discard` removes it (a build that fails keeps the previous store)."""

    def __init__(self, tmp: Path, folder: Path) -> None:
        self.tmp, self.folder = tmp, folder

    def swap(self) -> Path:
        """Move the new store into place (the previous one, if any, is removed)."""
        folder = self.folder
        try:
            old = folder.with_name(f".{folder.name}.old")
            if folder.exists():
                shutil.rmtree(old, ignore_errors=True)
                folder.rename(old)
            self.tmp.rename(folder)
            shutil.rmtree(old, ignore_errors=True)
        except OSError as exc:
            self.discard()
            raise ExportError(f"cannot write the store {folder}: {exc.strerror or exc}",
                              hint="choose a folder you can write to (--store DIR)") from exc
        return folder

    def discard(self) -> None:
        """Remove the new store; the previous one stays."""
        shutil.rmtree(self.tmp, ignore_errors=True)


def fill_store(quads: Iterable[ox.Quad], folder: Path | str) -> StagedStore:
    """The store of ``quads`` written beside ``folder``, to be swapped in later.

    Raises:
        ExportError: ``folder`` exists and is not a kg store, or cannot be written.
    """
    folder = check_store_target(folder)
    quads = quads if isinstance(quads, list) else list(quads)
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
        try:
            store = ox.Store(str(tmp / "oxigraph"))
            for chunk in _with_merge(quads):
                store.bulk_extend(chunk)
            store.flush()
            store.optimize()
            del store
            tmp.chmod(0o755)
            ox.serialize(_exact_literals(quads), str(tmp / EXACT_LITERALS),
                         ox.RdfFormat.N_QUADS)
            (tmp / MARKER).write_text("kg store: open it with kg.load(folder) or kg query\n")
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    except OSError as exc:
        raise ExportError(f"cannot write the store {folder}: {exc.strerror or exc}",
                          hint="choose a folder you can write to (--store DIR)") from exc
    return StagedStore(tmp, folder)


#: quads per bulk load: Oxigraph's bulk loader holds a whole call in memory
_CHUNK = 250_000


def _with_merge(quads: list[ox.Quad]) -> Iterable[list[ox.Quad]]:
    """``quads``, and each named graph's triple again in the default graph, in chunks.

    Loading the merge with the quads, rather than by a SPARQL update afterwards
    (:func:`kg.query.merge_into_default`), keeps it out of one huge transaction: at
    a million triples the whole store took 45 s and 1.4 GB above the quads with the
    update (29 s of it), 24 s and 0.2 GB in chunks. The bulk loader keeps each
    triple of the default graph once.
    """
    default = ox.DefaultGraph()

    def stream() -> Iterable[ox.Quad]:
        for q in quads:
            yield q
            if not isinstance(q.graph_name, ox.DefaultGraph):
                yield ox.Quad(q.subject, q.predicate, q.object, default)
    it = iter(stream())
    while chunk := list(itertools.islice(it, _CHUNK)):
        yield chunk


def open_store_dir(folder: Path | str, *, read_only: bool = True) -> ox.Store:
    """The pyoxigraph store of a folder written by :func:`save_store`.

    Raises:
        QueryError: the folder is not a kg store.
    """
    folder = Path(folder)
    if not is_store_dir(folder):
        raise QueryError(f"{folder} is not a kg store",
                         hint=output_folder_hint(folder) or "build one with "
                         "`kg build --store DIR`, or give a graph file")
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


def read_store(folder: Path | str) -> list[ox.Quad]:
    """The quads :func:`save_store` was given (unsorted): each named graph, and the
    default-graph triples that are in no named graph, not the merge; literals as written.

    Triples of the given default graph that a named graph also holds come back in
    the named graph only. A store written before ``exact-literals.nq`` existed gives
    Oxigraph's canonical literals.

    Raises:
        QueryError: the folder is not a kg store, or cannot be read.

    Example:
        >>> import tempfile, pathlib
        >>> folder = pathlib.Path(tempfile.mkdtemp()) / "store"
        >>> x = ox.Literal("0.60", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal"))
        >>> q = ox.Quad(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p"), x,
        ...             ox.NamedNode("http://e/doc"))
        >>> read_store(save_store([q], folder)) == [q]
        True
    """
    store = open_store_dir(folder)
    named: list[ox.Quad] = []
    default: list[ox.Quad] = []
    for q in store.quads_for_pattern(None, None, None, None):    # one pass over the store
        (default if isinstance(q.graph_name, ox.DefaultGraph) else named).append(q)
    in_named = {q.triple for q in named}     # Quad.triple: one object, not four (kg.export)
    quads = set(named)
    quads.update(q for q in default if q.triple not in in_named)
    exact_file = Path(folder) / EXACT_LITERALS
    try:
        exact = list(ox.parse(path=str(exact_file), format=ox.RdfFormat.N_QUADS)) \
            if exact_file.is_file() else []
    except (SyntaxError, OSError) as exc:
        raise QueryError(f"cannot read {exact_file}: {exc}",
                         hint="build the store again with `kg build --store DIR`") from exc
    canonical = _canonical(q.object for q in exact)
    quads.difference_update(_as_stored(q, canonical) for q in exact)
    quads.update(exact)
    return list(quads)


def _canonical(terms: Iterable[object]) -> dict[object, ox.Literal]:
    """Each typed literal among ``terms`` (not a string) -> its form in an Oxigraph store."""
    literals = list({t for t in terms if isinstance(t, ox.Literal) and t.datatype not in _PLAIN})
    store, p = ox.Store(), ox.NamedNode("urn:kg:literal")
    store.extend(ox.Quad(ox.NamedNode(f"urn:kg:{i}"), p, lit) for i, lit in enumerate(literals))
    return {literals[int(str(q.subject)[8:-1])]: q.object
            for q in store.quads_for_pattern(None, p, None, ox.DefaultGraph())
            if isinstance(q.object, ox.Literal)}


def _as_stored(q: ox.Quad, canonical: dict[object, ox.Literal]) -> ox.Quad:
    return ox.Quad(q.subject, q.predicate, canonical.get(q.object, q.object), q.graph_name)


def _exact_literals(quads: list[ox.Quad]) -> list[ox.Quad]:
    """The quads whose literal a store would change, and those it would then confuse them with."""
    typed = [q for q in quads if isinstance(o := q.object, ox.Literal) and o.datatype not in _PLAIN]
    canonical = _canonical(q.object for q in typed)
    changed = {_as_stored(q, canonical) for q in typed if canonical[q.object] != q.object}
    return [q for q in typed if _as_stored(q, canonical) in changed]
