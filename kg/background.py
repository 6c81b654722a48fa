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
import tempfile
import traceback
from collections.abc import Callable
from typing import IO, Any

__all__ = ["Background", "RemoteTraceback", "how_it_ended"]


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

    def __init__(self, fn: Callable[..., object], *args: object, method: str = "fork",
                 echo: bool = True) -> None:
        self._value: object = None
        #: what the child printed, once it has ended (:meth:`result` or :meth:`cancel`)
        self.output = ""
        self._echo = echo
        #: how the child ended, once :meth:`result` has waited for it (negative: a signal)
        self.exitcode: int | None = None
        self._conn: Any = None
        self._process: Any = None
        self._popen: subprocess.Popen[bytes] | None = None
        #: what the child prints: shown by :meth:`result` through ``sys.stderr``, so that a
        #: progress bar (rich redirects ``sys.stderr``) is not crossed by a child's warning
        self._log: IO[bytes] | None = None
        if method == "exec" or "fork" in mp.get_all_start_methods():
            self._log = tempfile.TemporaryFile()
        if method == "exec":
            env = {**os.environ,   # kg importable as here, even if run from a source tree
                   "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
            popen = self._popen = subprocess.Popen(
                [sys.executable, "-c", "from kg.background import _exec_child; _exec_child()"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._log, env=env)
            assert popen.stdin is not None
            with popen.stdin:
                pickle.dump((fn, args), popen.stdin)
            return
        if "fork" not in mp.get_all_start_methods():
            self._value = fn(*args)
            return
        ctx = mp.get_context("fork")
        parent, child = ctx.Pipe(duplex=False)
        for stream in (sys.stdout, sys.stderr):   # not printed twice, by the child too
            if stream is not None:
                stream.flush()
        assert self._log is not None
        self._process = ctx.Process(target=_child, args=(child, self._log.fileno(), fn, args),
                                    daemon=True)
        self._process.start()
        child.close()
        self._conn = parent

    def result(self) -> object:
        """The value of the call (its exception re-raised here, with the child's traceback
        as its ``__cause__``, a :class:`RemoteTraceback`).

        Raises:
            BackgroundError: the child ended without an answer (killed, out of memory...).
        """
        if self._popen is not None:
            popen, self._popen = self._popen, None
            assert popen.stdout is not None
            with popen.stdout:
                out = popen.stdout.read()
            status = self.exitcode = popen.wait()
            try:
                ok, value = pickle.loads(out)
            except Exception as exc:  # noqa: BLE001 - no answer, or one that cannot be read
                ok, value = False, _died(status, exc)
        elif self._conn is None:
            return self._value
        else:
            try:
                ok, value = self._conn.recv()
            except Exception as exc:  # noqa: BLE001 - EOFError, or an unreadable answer
                ok, value = False, _died(self._process.exitcode, exc)
            finally:
                self._process.join()
                self.exitcode = self._process.exitcode
                self._conn.close()
                self._conn = None
        self._replay()
        if not ok:
            raise value                   # type: ignore[misc]
        self._value = value
        return value

    def _replay(self, echo: bool = True) -> None:
        """Keep what the child printed in :attr:`output` and, with ``echo`` (and unless
        made with ``echo=False``), print it through this process's ``sys.stderr``."""
        log, self._log = self._log, None
        if log is None:
            return
        with log:
            log.seek(0)
            self.output = log.read().decode("utf-8", "replace")
        if self.output and echo and self._echo:
            sys.stderr.write(self.output)
            sys.stderr.flush()

    def cancel(self) -> None:
        """Stop the child if it still runs and wait for it (a build that fails must not
        leave it running); the result is then lost."""
        if self._popen is not None:
            popen, self._popen = self._popen, None
            popen.kill()
            if popen.stdout is not None:
                popen.stdout.close()
            popen.wait()
        elif self._conn is not None:
            self._process.kill()
            self._process.join()
            self._conn.close()
            self._conn = None
        self._replay(echo=False)


class RemoteTraceback(Exception):
    """The traceback of an exception raised in a child, as text: set as the
    ``__cause__`` of the exception re-raised in the parent, so that a crash shows
    where it happened in the child, not only where the parent waited for it."""

    def __str__(self) -> str:
        return "\n" + str(self.args[0]).rstrip()


def _with_traceback(exc: BaseException, text: str) -> BaseException:
    exc.__cause__ = RemoteTraceback(text)
    return exc


class _Raised:
    """An exception on its way to the parent with its traceback as text (a pickled
    exception loses its traceback); unpickled, it is the exception itself."""

    def __init__(self, exc: BaseException) -> None:
        self.exc = exc
        self.text = "".join(traceback.format_exception(exc))

    def __reduce__(self) -> tuple[object, tuple[BaseException, str]]:
        return _with_traceback, (self.exc, self.text)


def how_it_ended(status: int | None) -> str:
    """A child's exit status in words (negative: the signal that ended it).

    Example:
        >>> how_it_ended(-9), how_it_ended(3), how_it_ended(None)
        ('was killed by signal 9', 'exited with status 3', 'gave no readable answer')
    """
    return (f"was killed by signal {-status}" if status is not None and status < 0 else
            f"exited with status {status}" if status else "gave no readable answer")


def _died(status: int | None, exc: BaseException) -> Exception:
    from kg.errors import BackgroundError
    how = how_it_ended(status)
    return BackgroundError(f"a background process {how} ({type(exc).__name__}: {exc})",
                           hint="if memory ran out, build with --jobs 1 or --no-validate; "
                                "its error, if any, is printed above")


def _answer(fn: Callable[..., object], args: tuple[object, ...]) -> bytes:
    """``fn(*args)`` as the pickled answer a child sends, ``(True, value)`` or ``(False,
    exception)`` with its traceback. A value or exception that cannot be pickled, or an
    exception that cannot be unpickled, becomes a RuntimeError that says so, instead of
    a child dying without an answer."""
    try:
        result: tuple[bool, object] = (True, fn(*args))
    except BaseException as exc:  # noqa: BLE001 - sent back to the parent
        result = (False, _Raised(exc))
    try:
        data = pickle.dumps(result)
        if not result[0]:
            pickle.loads(data)         # an exception that pickles may still not unpickle
        return data
    except Exception as exc:  # noqa: BLE001
        value = result[1].exc if isinstance(result[1], _Raised) else result[1]
        return pickle.dumps((False, RuntimeError(f"{type(value).__name__}: {value} "
                                                 f"(its result could not be sent: {exc})")))


def _call_from(stream: Any) -> object:
    fn, args = pickle.load(stream)
    return fn(*args)


def _exec_child() -> None:
    """The child of ``Background(..., method="exec")``: the call from stdin, its result
    to stdout (anything else the call prints goes to stderr)."""
    answer = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    data = _answer(_call_from, (sys.stdin.buffer,))
    try:
        with answer:
            answer.write(data)
    except BrokenPipeError:            # the parent gave up on it (Background.cancel)
        pass


def _child(conn, log: int, fn: Callable[..., object],  # type: ignore[no-untyped-def]
           args: tuple) -> None:
    """The forked child: what it prints goes to ``log`` (not to the terminal the parent
    shares, nor through the parent's ``sys.stderr``, which may be a progress bar's)."""
    os.dup2(log, 1)
    os.dup2(log, 2)
    sys.stdout = sys.stderr = open(2, "w", encoding="utf-8", errors="backslashreplace",  # noqa: SIM115
                                   buffering=1, closefd=False)
    try:
        conn.send_bytes(_answer(fn, args))   # what conn.recv() unpickles in the parent
    finally:
        conn.close()
