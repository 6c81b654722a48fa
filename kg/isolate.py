"""Queries run where Oxigraph cannot take kg down with them.

pyoxigraph 0.5 aborts the whole process on some queries: an ``ORDER BY`` over
values of mixed types (numbers, text...) can make Rust's sort find that
Oxigraph's comparison is not a total order, and a Rust panic there is an
abort, which Python cannot catch. ``SELECT ?o { ?s ?p ?o } ORDER BY ?o`` on the
example graph does it. So ``kg query`` evaluates in a forked child
(:func:`isolated`) and ``kg serve`` in worker processes (:mod:`kg.workers`);
when one dies, :func:`crash_error` reads what it printed and says what happened
and what to do.

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
import sys
import tempfile
from collections.abc import Callable
from typing import IO, TypeVar

from kg.background import Background
from kg.errors import BackgroundError, QueryError

__all__ = ["isolated", "crash_error", "SORT_PANIC", "ALLOC_FAILURE"]

T = TypeVar("T")

#: what Rust prints when a sort finds that its comparison is not a total order
SORT_PANIC = "does not correctly implement a total order"
#: what Rust prints when an allocation fails (past ``kg serve``'s memory limit)
ALLOC_FAILURE = "memory allocation of"


def _how(status: int | None) -> str:
    if status is not None and status < 0:
        return f"killed by signal {-status}"
    return f"exit status {status}" if status else "no answer"


def crash_error(stderr: str, status: int | None) -> QueryError:
    """What to tell the user when the process evaluating a query died.

    Args:
        stderr: what the process printed on its standard error.
        status: its exit status (negative: the signal that ended it), if known.

    Example:
        >>> crash_error("", -9).message
        'the query engine (Oxigraph) stopped without an answer (killed by signal 9)'
        >>> crash_error("memory allocation of 800 bytes failed", -6).message
        'the query ran out of memory'
    """
    if SORT_PANIC in stderr:
        return QueryError(
            "the query engine (Oxigraph) crashed while sorting: ORDER BY compared values "
            "of different types (numbers, text, dates...), which pyoxigraph 0.5 cannot always "
            "order",
            hint="order by one type of value, e.g. ORDER BY STR(?o), or FILTER the values "
                 "to one type before ORDER BY",
        )
    if ALLOC_FAILURE in stderr:
        return QueryError("the query ran out of memory",
                          hint="add LIMIT, or narrow the query")
    first = next((line.strip() for line in stderr.splitlines() if "panicked" in line), "")
    return QueryError(
        f"the query engine (Oxigraph) stopped without an answer ({_how(status)})"
        + (f": {first}" if first else ""),
        hint="try a narrower query; report the query if it should work",
    )


def _redirected(fd: int, fn: Callable[..., T], args: tuple[object, ...]) -> T:
    """In the child: its standard error goes to ``fd``, then ``fn(*args)``.

    faulthandler (``python -X faulthandler``, pytest) would print Python's stack on the
    abort, to a copy of the terminal: the parent says what happened instead."""
    sys.stderr.flush()
    os.dup2(fd, 2)
    faulthandler.disable()
    return fn(*args)


def isolated(fn: Callable[..., T], *args: object) -> T:
    """``fn(*args)`` in a forked child: its value, its exception, or, if the child
    dies (Oxigraph aborted), a :class:`~kg.errors.QueryError` from :func:`crash_error`.

    What the child prints on standard error is printed here after it ends (a crash's
    Rust backtrace is left out). Where ``fork`` does not exist the call runs here.

    Example:
        >>> isolated(max, [1, 3, 2])
        3
    """
    if "fork" not in mp.get_all_start_methods():
        return fn(*args)
    with tempfile.TemporaryFile() as log:
        child = Background(_redirected, log.fileno(), fn, args)
        try:
            return child.result()  # type: ignore[return-value]
        except BackgroundError:
            raise crash_error(_read(log), child.exitcode) from None
        finally:
            text = _read(log)
            if "panicked" not in text:   # a Rust backtrace is summed up by crash_error
                sys.stderr.write(text)


def _read(log: IO[bytes]) -> str:
    log.seek(0)
    return log.read().decode("utf-8", "replace")
