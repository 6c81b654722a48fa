"""Large regular expressions compiled once per machine, not once per process.

Two thirds of loading ``fr_core_news_md`` (2.1 s of 3.1 s here) is Python compiling
one regular expression: the French tokenizer's ``token_match``, a 1.45 MB
alternation of the hyphenated words it must not split. Every ``kg build`` that
parses a document, and every worker process it starts, paid it again.

:func:`compiled_once` keeps, for each pattern of at least :data:`LARGE` characters
compiled inside it, what Python's compiler made of it (the ``_sre`` code, a list of
integers, and its groups) in a JSON file of :func:`cache_dir`; the next process
hands that code to ``_sre.compile``, which checks it, instead of parsing the
pattern again. The files are named by a hash of the pattern, its flags, the
Python version and the regular-expression engine's version, so another Python
never reads them. A file that cannot be read, whose digest does not match its
code (a damaged file), or that ``_sre`` refuses, is compiled again and replaced;
a folder that cannot be written only means the next process compiles it too.

``_sre`` checks that the code is well formed, not that it is the pattern's: whoever
can write the folder can change how the tokenizer splits words. So a file is only
read from a folder and a file that belong to the user running kg and that no one
else may write; otherwise the pattern is compiled as usual.

This reaches into ``re._compiler`` (the standard library's compiler, private but
unchanged from Python 3.11 to 3.13); ``tests/test_recache.py`` checks the patterns
it makes match as the ones ``re`` makes.

Example:
    >>> import re, tempfile
    >>> folder = tempfile.mkdtemp()
    >>> words = "|".join(f"mot{i}" for i in range(20_000))
    >>> with compiled_once(folder):
    ...     first = re.compile(words)
    >>> re.purge()
    >>> with compiled_once(folder):
    ...     again = re.compile(words)        # from the file
    >>> bool(again.fullmatch("mot19999")), again.pattern == first.pattern
    (True, True)
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from re import Pattern
from typing import Any

__all__ = ["compiled_once", "cache_dir", "LARGE", "CACHE_ENV"]

#: patterns shorter than this are compiled as usual (they take a millisecond or less)
LARGE = 100_000
#: environment variable naming the folder of the compiled patterns
CACHE_ENV = "KG_CACHE_DIR"
# one block at a time in a process: each swaps the module-wide re._compiler.compile
_PATCHING = threading.RLock()


def cache_dir() -> Path:
    """Where compiled patterns are kept: ``$KG_CACHE_DIR``, else ``$XDG_CACHE_HOME/kg``,
    else ``~/.cache/kg``."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "kg"


def _file(folder: Path, pattern: str, flags: int) -> Path:
    import _sre
    key = f"{sys.version}\0{_sre.MAGIC}\0{_sre.CODESIZE}\0{flags}\0{pattern}"
    name = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return folder / f"regex-{name}.json"


def _digest(parts: dict[str, Any]) -> str:
    fields = {k: v for k, v in parts.items() if k != "digest"}
    return hashlib.sha256(json.dumps(fields, sort_keys=True).encode("utf-8")).hexdigest()


def _parts(pattern: str, flags: int) -> dict[str, Any]:
    """What ``re._compiler.compile`` hands to ``_sre.compile``, as JSON can hold it."""
    from re import _compiler, _parser  # type: ignore[attr-defined]
    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    parts = {"flags": flags | parsed.state.flags, "code": list(code),
             "groups": parsed.state.groups - 1, "groupindex": groupindex,
             "indexgroup": indexgroup}
    parts["digest"] = _digest(parts)
    return parts


def _make(pattern: str, parts: dict[str, Any]) -> Pattern[str]:
    import _sre
    return _sre.compile(pattern, parts["flags"], parts["code"], parts["groups"],  # type: ignore[no-any-return]
                        parts["groupindex"], tuple(parts["indexgroup"]))


def _trusted(path: Path) -> bool:
    """``path`` and its folder belong to this user and no one else may write them."""
    if not hasattr(os, "getuid"):          # no owners to compare (Windows): trust the folder
        return True
    for where in (path.parent, path):
        info = where.stat()
        if info.st_uid != os.getuid() or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            return False
    return True


def _read(path: Path, pattern: str) -> Pattern[str] | None:
    """The pattern made from its file, or None: no file, a damaged or untrusted one."""
    try:
        if not _trusted(path):
            return None
        parts = json.loads(path.read_text(encoding="utf-8"))
        if parts.get("digest") != _digest(parts):
            return None
        return _make(pattern, parts)
    except Exception:                # noqa: BLE001  whatever is wrong with it: compile again
        return None


def _stored(path: Path, pattern: str, flags: int) -> Pattern[str]:
    """The pattern made from its file; writes the file first if there is none."""
    found = _read(path, pattern)
    if found is not None:
        return found
    parts = _parts(pattern, flags)
    made = _make(pattern, parts)
    # not kg.export.write_atomic: it gives the file the umask's mode (0664 under umask 002,
    # which _trusted refuses); mkstemp's file stays the user's alone (0600)
    with contextlib.suppress(OSError):
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".regex-", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(parts, fh, separators=(",", ":"))
            os.replace(tmp, path)
        finally:
            Path(tmp).unlink(missing_ok=True)
    return made


@contextlib.contextmanager
def compiled_once(folder: Path | str | None = None) -> Iterator[None]:
    """Within this block, patterns of :data:`LARGE` characters or more compiled by ``re``
    are read from (or written to) ``folder`` (:func:`cache_dir` if None).

    Any failure of the shortcut falls back to ``re``'s own compiler. Blocks in several
    threads take turns (each swaps ``re``'s module-wide compile function).
    """
    from re import _compiler  # type: ignore[attr-defined]
    try:
        where = Path(folder) if folder is not None else cache_dir()
    except RuntimeError:          # no home folder to be found: compile as usual
        where = None
    if where is None:
        yield
        return

    def compile(p: Any, flags: int = 0, *, where: Path = where) -> Any:
        if not isinstance(p, str) or len(p) < LARGE:
            return original(p, flags)
        try:
            return _stored(_file(where, p, flags), p, flags)
        except Exception:                                    # noqa: BLE001  the usual way
            return original(p, flags)

    with _PATCHING:
        original = _compiler.compile
        _compiler.compile = compile
        try:
            yield
        finally:
            _compiler.compile = original
