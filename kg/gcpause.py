"""Pause Python's cycle collector while a stage makes millions of objects.

The graph, its sorting, its files and the viewer make millions of small
objects (terms, quads, tuples, dictionaries) and no reference cycles. The
cyclic garbage collector runs every few hundred allocations and, as the
objects pile up, walks all of them again and again: on a 1,000-document build
it took half the time of resolving and making the graph. Paused, garbage that
does form a cycle is freed once the collector runs again.

Example:
    >>> import gc
    >>> with paused_gc():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["paused_gc"]


@contextmanager
def paused_gc() -> Iterator[None]:
    """Disable the cycle collector inside the block; restore its state after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
