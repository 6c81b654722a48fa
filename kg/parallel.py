"""Extraction of many documents: from the cache, in this process, or in worker processes.

Extraction of a document depends on that document alone (resolution across
documents comes after), so documents can be parsed in any process, in any
order: the results are put back in the documents' order, and a build with
``jobs=4`` writes the same bytes as with ``jobs=1``. Worker processes are
forked (where the system can), so they share the model already loaded; each
loads the spaCy model and the knowledge base at most once (its initializer),
then parses batches of documents with ``nlp.pipe``.

Example:
    >>> from kg.model import Document
    >>> docs = [Document("a", "Jean Dupont, maire de Lyon."), Document("b", "Rien.")]
    >>> [ex.doc_id for ex in extract_all(docs)]
    ['a', 'b']
"""

from __future__ import annotations

import multiprocessing as mp
import os
import pickle
import subprocess
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from kg.cache import ExtractionCache
from kg.extract import extract_documents
from kg.extract.kb import load_kb
from kg.extract.records import Extraction
from kg.model import Document
from kg.nlp import load_pipeline

__all__ = ["extract_all", "default_jobs", "Background"]

_KB_FILES: tuple[Path, ...] = ()


def default_jobs() -> int:
    """The number of CPU cores this process may use (``kg build --jobs 0``)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _init_worker(kb_files: tuple[Path, ...]) -> None:
    global _KB_FILES
    _KB_FILES = kb_files
    load_pipeline()
    load_kb(kb_files)


def _extract_batch(docs: list[Document]) -> list[Extraction]:
    return list(extract_documents(docs, nlp=load_pipeline(), kb=load_kb(_KB_FILES)))


def _batches(indexes: list[int], jobs: int) -> list[list[int]]:
    size = max(1, min(32, len(indexes) // (jobs * 4) or 1))
    return [indexes[i:i + size] for i in range(0, len(indexes), size)]


def extract_all(docs: Sequence[Document], *, kb_files: Sequence[Path] = (), jobs: int = 1,
                cache: ExtractionCache | None = None,
                progress: Callable[[str], None] | None = None) -> list[Extraction]:
    """The extraction of every document, in the documents' order.

    Args:
        docs: the documents.
        kb_files: extra knowledge-base files (as ``kg build --kb``).
        jobs: worker processes; ``1`` parses in this process, ``0`` uses every core.
        cache: where unchanged documents' extractions are found and new ones stored.
        progress: called with each document id once its extraction is ready.
    """
    jobs = default_jobs() if jobs == 0 else max(1, jobs)
    kb_files = tuple(Path(f) for f in kb_files)
    results: list[Extraction | None] = [None] * len(docs)
    todo: list[int] = []
    for i, doc in enumerate(docs):
        found = cache.get(doc) if cache else None
        if found is None:
            todo.append(i)
            continue
        results[i] = found
        if progress:
            progress(doc.id)

    def done(i: int, extraction: Extraction) -> None:
        results[i] = extraction
        if cache:
            cache.put(docs[i], extraction)
        if progress:
            progress(docs[i].id)

    if not todo:
        pass
    elif jobs == 1 or len(todo) < 2:
        parsed = extract_documents([docs[i] for i in todo], nlp=load_pipeline(),
                                   kb=load_kb(kb_files))
        for i, extraction in zip(todo, parsed, strict=True):
            done(i, extraction)
    else:
        # fork: workers share the loaded model and need no `if __name__ == "__main__"` guard
        method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
        batches = _batches(todo, jobs)
        with ProcessPoolExecutor(min(jobs, len(batches)), mp_context=mp.get_context(method),
                                 initializer=_init_worker, initargs=(kb_files,)) as pool:
            outputs = pool.map(_extract_batch, [[docs[i] for i in b] for b in batches])
            for batch, extractions in zip(batches, outputs, strict=True):
                for i, extraction in zip(batch, extractions, strict=True):
                    done(i, extraction)
    return [r for r in results if r is not None]


class Background:
    """``fn(*args)`` run in a child process while this one goes on.

    With ``method="fork"`` (Linux, macOS) the child inherits this process's memory
    (a large graph is not copied or serialised). With ``"exec"`` it is a fresh
    Python started by :mod:`subprocess` that gets ``fn`` and ``args`` pickled, for
    work that must not hold this process's pages; not multiprocessing's "spawn",
    which would run the caller's main script again in the child. Only the result
    comes back, pickled. Where ``fork`` does not exist the call runs at once, in
    this process.

    Example:
        >>> Background(sum, [1, 2, 3]).result()
        6
        >>> Background(max, [1, 3, 2], method="exec").result()
        3
    """

    def __init__(self, fn: Callable[..., object], *args: object, method: str = "fork") -> None:
        self._value: object = None
        self._conn = self._process = self._popen = None
        if method == "exec":
            self._popen = subprocess.Popen(  # type: ignore[assignment]
                [sys.executable, "-c", "from kg.parallel import _exec_child; _exec_child()"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE)
            with self._popen.stdin:  # type: ignore[union-attr]
                pickle.dump((fn, args), self._popen.stdin)  # type: ignore[union-attr, arg-type]
            return
        if "fork" not in mp.get_all_start_methods():
            self._value = fn(*args)
            return
        ctx = mp.get_context("fork")
        parent, child = ctx.Pipe(duplex=False)
        self._process = ctx.Process(target=_child, args=(child, fn, args), daemon=True)
        self._process.start()
        child.close()
        self._conn = parent

    def result(self) -> object:
        """The value of the call (its exception re-raised here)."""
        if self._popen is not None:
            with self._popen.stdout:  # type: ignore[attr-defined]
                out = self._popen.stdout.read()  # type: ignore[attr-defined]
            self._popen.wait()  # type: ignore[attr-defined]
            self._popen = None
            ok, value = pickle.loads(out) if out else (
                False, RuntimeError("the background process died without an answer"))
        elif self._conn is None:
            return self._value
        else:
            try:
                ok, value = self._conn.recv()
            except EOFError:
                ok, value = False, RuntimeError("the background process died without an answer")
            finally:
                self._process.join()          # type: ignore[attr-defined]
                self._conn.close()
                self._conn = None
        if not ok:
            raise value                   # type: ignore[misc]
        self._value = value
        return value


def _exec_child() -> None:
    """The child of ``Background(..., method="exec")``: the call from stdin, its result
    to stdout (anything else the call prints goes to stderr)."""
    answer = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    fn, args = pickle.load(sys.stdin.buffer)
    try:
        result = (True, fn(*args))
    except BaseException as exc:  # noqa: BLE001 - sent back to the parent
        result = (False, exc)
    with answer:
        pickle.dump(result, answer)


def _child(conn, fn: Callable[..., object], args: tuple) -> None:  # type: ignore[no-untyped-def]
    try:
        conn.send((True, fn(*args)))
    except BaseException as exc:  # noqa: BLE001 - sent back to the parent
        conn.send((False, exc))
    finally:
        conn.close()
