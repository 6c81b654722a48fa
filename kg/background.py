"""Calls run in another process while this one goes on: :class:`Background`.

Only the standard library is imported here, so the child of
``Background(..., method="exec")``, a new Python, starts in a fraction of a
second (``kg.parallel`` imports spaCy).

Example:
    >>> Background(sum, [1, 2, 3]).result()
    6
"""

from __future__ import annotations

import multiprocessing as mp
import os
import pickle
import subprocess
import sys
from collections.abc import Callable

__all__ = ["Background"]


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
            env = {**os.environ,   # kg importable as here, even if run from a source tree
                   "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
            self._popen = subprocess.Popen(  # type: ignore[assignment]
                [sys.executable, "-c", "from kg.background import _exec_child; _exec_child()"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
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
    try:
        data = pickle.dumps(result)
    except Exception as exc:  # noqa: BLE001 - an exception that cannot be pickled
        data = pickle.dumps((False, RuntimeError(f"{type(result[1]).__name__}: {result[1]} "
                                                 f"(its result could not be sent: {exc})")))
    with answer:
        answer.write(data)


def _child(conn, fn: Callable[..., object], args: tuple) -> None:  # type: ignore[no-untyped-def]
    try:
        conn.send((True, fn(*args)))
    except BaseException as exc:  # noqa: BLE001 - sent back to the parent
        conn.send((False, exc))
    finally:
        conn.close()
