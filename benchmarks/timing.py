"""Clocks, time limits, machine facts and Markdown tables for the benchmarks.

Example:
    >>> seconds, value = timed(lambda: sum(range(10)))
    >>> value, seconds >= 0
    (45, True)
    >>> print(table(["what", "s"], [["sum", fmt_s(0.0123)]]))
    | what | s |
    |---|---|
    | sum | 0.012 s |
"""

from __future__ import annotations

import os
import platform
import signal
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import metadata
from typing import Any, TypeVar

__all__ = ["timed", "best_of", "TimeLimit", "time_limit", "machine_info", "table", "fmt_s",
           "fmt_ratio", "fmt_int"]

T = TypeVar("T")
LIBRARIES = ("rdflib", "pyoxigraph", "oxrdflib", "pyshacl", "spacy", "fr_core_news_md",
             "networkx", "pyvis")


def timed(fn: Callable[[], T]) -> tuple[float, T]:
    """Run ``fn`` once; return the wall-clock seconds it took and its value."""
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def best_of(fn: Callable[[], Any], repeat: int) -> tuple[float, float]:
    """Run ``fn`` ``repeat`` times; return (fastest, median) seconds.

    Example:
        >>> fast, median = best_of(lambda: None, 3)
        >>> fast <= median
        True
    """
    runs = [timed(fn)[0] for _ in range(max(1, repeat))]
    return min(runs), statistics.median(runs)


class TimeLimit(BaseException):
    """Raised inside a measured call that ran past its allowed time.

    A ``BaseException`` (like ``KeyboardInterrupt``), so that a library's own
    ``except Exception`` (rdflib's Turtle serialiser has some) cannot swallow it.
    """


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the block with :class:`TimeLimit` after ``seconds`` (main thread, Unix).

    Example:
        >>> with time_limit(5):
        ...     pass
    """
    def stop(signum: int, frame: object) -> None:
        raise TimeLimit(f"stopped after {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def machine_info() -> list[list[str]]:
    """Rows of (what, value): cores, CPU, memory, Python and library versions."""
    rows = [["cores (os.cpu_count)", str(os.cpu_count())],
            ["CPU", _cpu_model()],
            ["system", f"{platform.system()} {platform.release()}"],
            ["Python", sys.version.split()[0]]]
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        rows.insert(2, ["memory", f"{pages / 2**30:.1f} GiB"])
    except (ValueError, OSError, AttributeError):
        pass
    for lib in LIBRARIES:
        try:
            rows.append([lib, metadata.version(lib)])
        except metadata.PackageNotFoundError:
            rows.append([lib, "not installed"])
    return rows


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.machine()



def table(headers: list[str], rows: list[list[str]]) -> str:
    """A Markdown table (pasteable into benchmarks/README.md)."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def fmt_s(seconds: float | None) -> str:
    """Seconds with three significant decimals, or milliseconds below 0.01 s."""
    if seconds is None:
        return "–"
    if seconds < 0.01:
        return f"{seconds * 1000:.2f} ms"
    return f"{seconds:.3f} s" if seconds < 10 else f"{seconds:.1f} s"


def fmt_ratio(numerator: float | None, denominator: float | None) -> str:
    """``numerator / denominator`` as ``"3.2x"``, or a dash when either is missing."""
    if not numerator or not denominator:
        return "–"
    ratio = numerator / denominator
    return f"{ratio:.2f}x" if ratio < 10 else f"{ratio:.0f}x"


def fmt_int(n: float) -> str:
    """An integer with thin-space thousands (``12 345``)."""
    return f"{round(n):,}".replace(",", " ")
