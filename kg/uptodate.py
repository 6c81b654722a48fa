"""Is the last build still up to date? Then ``kg build`` keeps its files and stops.

A build whose every input is the same as the last one's into the same folder
would write the same bytes again (a build is deterministic), which takes a
1,000-document corpus some ten seconds. So each build records, in
``OUT/.kg-cache/last-build.json``, a digest of its inputs (each document's
record, what was refused, the options that change the output, kg's code,
ontology and knowledge base, the versions of Python and of the libraries that
write the files) with the size and modification time of each file it wrote. A build
whose digest is the same, and whose folder still holds those files as they
were written, returns the recorded result instead of building again.

Example:
    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp())
    >>> digest = inputs_digest(["key-of-a-document"], [], BuildConfig())
    >>> previous_build(out, digest) is None        # nothing recorded yet
    True
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
from collections.abc import Mapping, Sequence
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from kg.cache import CACHE_DIR_NAME, hash_files
from kg.config import BuildConfig, ontology_dir
from kg.errors import ExportError
from kg.export import write_atomic

__all__ = ["RECORD_NAME", "inputs_digest", "previous_build", "record_build", "forget_build"]

#: the record of the last build, inside the cache folder (``kg build --no-cache`` ignores it)
RECORD_NAME = "last-build.json"
_PACKAGE = Path(__file__).resolve().parent
# the libraries whose release may change the bytes of a file kg writes
_LIBRARIES = ("rdflib", "pyoxigraph", "oxrdflib", "networkx", "pyvis", "pyshacl")


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """kg's code and data (the viewer's page, the knowledge base...) and the ontology."""
    h = hashlib.sha256()
    for root in (_PACKAGE, ontology_dir()):
        h.update(f"{root.name}\n".encode())
        hash_files(h, root, sorted(p for p in root.rglob("*")
                                   if p.is_file() and "__pycache__" not in p.parts))
    h.update(f"python={platform.python_version()}\n".encode())
    for name in _LIBRARIES:
        try:
            h.update(f"{name}={version(name)}\n".encode())
        except PackageNotFoundError:
            h.update(f"{name}=none\n".encode())
    return h.hexdigest()


def inputs_digest(document_keys: Sequence[str], outcomes: Sequence[Mapping[str, Any]],
                  config: BuildConfig) -> str:
    """A digest of everything a build's files depend on.

    Args:
        document_keys: each document's :meth:`kg.cache.ExtractionCache.key`, in order (a
            digest of its record and of what extraction depends on: the rules, the
            model, ``--kb``).
        outcomes: what became of each input file (``report.json`` lists them).
        config: the options; only those that change the files count (not ``jobs``).
    """
    h = hashlib.sha256(f"{_code_digest()}\n".encode())
    h.update(json.dumps([config.base, config.validate, config.html,
                         json.dumps(list(outcomes), sort_keys=True)]).encode())
    h.update("\n".join(document_keys).encode())
    return h.hexdigest()


def _record_path(out_dir: Path) -> Path:
    return Path(out_dir) / CACHE_DIR_NAME / RECORD_NAME


def _stat(path: Path) -> list[int]:
    st = path.stat()
    return [st.st_size, st.st_mtime_ns]


def previous_build(out_dir: Path | str, digest: str) -> dict[str, Any] | None:
    """The result recorded by the last build into ``out_dir``, if it had inputs of
    ``digest`` and its files are all still there, unchanged (size and modification
    time); else None.
    """
    try:
        record = json.loads(_record_path(Path(out_dir)).read_text(encoding="utf-8"))
        if record.get("digest") != digest:
            return None
        for name, stat in record["files"].items():
            if _stat(Path(out_dir) / name) != stat:
                return None
        result: dict[str, Any] = record["result"]
        return result
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None     # no record, a damaged one, a file gone: build


def record_build(out_dir: Path | str, digest: str, files: Sequence[str],
                 result: Mapping[str, Any]) -> None:
    """Record that ``out_dir``'s ``files`` (names) were built from inputs of ``digest``,
    with ``result`` (a :class:`kg.build.BuildResult` as a dict); written atomically. A
    record that cannot be written (a full disk...) only means that the next build builds."""
    out_dir = Path(out_dir)
    try:
        record = {"digest": digest, "files": {name: _stat(out_dir / name) for name in files},
                  "result": dict(result)}
        write_atomic(_record_path(out_dir), json.dumps(record, ensure_ascii=False, indent=1))
    except (OSError, ExportError):
        forget_build(out_dir)


def forget_build(out_dir: Path | str) -> None:
    """Remove the record: the next build builds (called before a build replaces files)."""
    try:
        os.unlink(_record_path(Path(out_dir)))
    except OSError:      # none; or it cannot be removed, and the files' times will not match
        pass
