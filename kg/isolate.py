"""Queries run where Oxigraph cannot take kg down with them.

pyoxigraph 0.5 aborts the whole process on some queries: an ``ORDER BY`` over
values it cannot order consistently (numbers mixed with texts, dates with and
without a time zone...) makes Rust's sort find that Oxigraph's comparison is
not a total order, and a Rust panic there is an abort, which Python cannot
catch. ``SELECT ?o { ?s ?p ?o } ORDER BY ?o`` on the example graph does it. So
``kg query`` evaluates in a forked child (:func:`isolated`) and ``kg serve`` in
worker processes (:mod:`kg.workers`); when one dies, :func:`crash_error` reads
what it printed and says what happened and what to do.

Example:
    >>> isolated(sum, [1, 2, 3])
    6
    >>> crash_error("thread panicked: user-provided comparison function does not "
    ...             "correctly implement a total order", -6).message[:38]
    'the query engine (Oxigraph) crashed wh'
"""

from __future__ import annotations

import faulthandler
import multiprocessing as mp
import os
import signal
import sys
from collections.abc import Callable
from typing import TypeVar

from kg.background import Background, how_it_ended
from kg.errors import BackgroundError, QueryError
from kg.sandbox import die_with_parent

__all__ = ["isolated", "crash_error", "out_of_memory", "SORT_PANIC", "ALLOC_FAILURE"]

T = TypeVar("T")

#: what Rust prints when a sort finds that its comparison is not a total order
SORT_PANIC = "does not correctly implement a total order"
#: what Rust prints when an allocation fails (past ``kg serve``'s memory limit)
ALLOC_FAILURE = "memory allocation of"


def out_of_memory(stderr: str, status: int | None) -> bool:
    """Whether a process that died on a query most likely ran out of memory: Rust's
    allocation failed, or the kernel's out-of-memory killer sent SIGKILL.

    Example:
        >>> out_of_memory("memory allocation of 8 bytes failed", -6), out_of_memory("", -11)
        (True, False)
    """
    return ALLOC_FAILURE in stderr or status == -signal.SIGKILL


def crash_error(stderr: str, status: int | None) -> QueryError:
    """What to tell the user when the process evaluating a query died.

    Args:
        stderr: what the process printed on its standard error.
        status: its exit status (negative: the signal that ended it), if known.

    Example:
        >>> crash_error("", -11).message
        'the query engine (Oxigraph) stopped without an answer: its process was killed by signal 11'
        >>> crash_error("memory allocation of 800 bytes failed", -6).message
        'the query ran out of memory'
    """
    if SORT_PANIC in stderr:
        return QueryError(
            "the query engine (Oxigraph) crashed while sorting: ORDER BY met values it "
            "cannot order (numbers mixed with texts, dates with and without a time zone...), "
            "which pyoxigraph 0.5 does not survive",
            hint="order by their text, e.g. ORDER BY STR(?o), or FILTER the values to one "
                 "type before ORDER BY",
        )
    if out_of_memory(stderr, status):
        return QueryError("the query ran out of memory", hint="add LIMIT, or narrow the query")
    first = next((line.strip() for line in stderr.splitlines() if "panicked" in line), "")
    return QueryError(
        "the query engine (Oxigraph) stopped without an answer: its process "
        + how_it_ended(status) + (f" ({first})" if first else ""),
        hint="try a narrower query; report the query if it should work" if first else None,
    )


def _shielded(parent: int, fn: Callable[..., T], args: tuple[object, ...]) -> T:
    """In the child: it dies with its parent, then ``fn(*args)``.

    faulthandler (``python -X faulthandler``, pytest) would print Python's stack on the
    abort, to the child's output: the parent says what happened instead. A parent
    stopped by a signal would otherwise leave the query running, alone."""
    faulthandler.disable()
    die_with_parent(parent)
    return fn(*args)


def isolated(fn: Callable[..., T], *args: object) -> T:
    """``fn(*args)`` in a forked child: its value, its exception, or, if the child
    dies (Oxigraph aborted), a :class:`~kg.errors.QueryError` from :func:`crash_error`.

    What the child prints on standard error is printed here after it ends (a crash's
    Rust backtrace is left out). Where ``fork`` does not exist (Windows) the call runs
    here, unshielded.

    Example:
        >>> isolated(max, [1, 3, 2])
        3
    """
    if "fork" not in mp.get_all_start_methods():
        return fn(*args)
    child = Background(_shielded, os.getpid(), fn, args, echo=False)
    try:
        return child.result()  # type: ignore[return-value]
    except BackgroundError:
        raise crash_error(child.output, child.exitcode) from None
    finally:
        child.cancel()       # interrupted (Ctrl-C) while waiting: the query stops too
        if "panicked" not in child.output:   # a Rust backtrace is summed up by crash_error
            sys.stderr.write(child.output)
