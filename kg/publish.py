"""Outputs of a build, all or nothing: written into a staging folder, then moved into place.

Each file is first written completely in ``OUT/.kg-staging-*``; only when every
file is ready are they moved over the previous ones (``os.replace``, atomic on
one file system), so an interrupted build (Ctrl-C, a crash, a full disk) leaves
the previous outputs as they were, never a mix of old and new files.

Example:
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp())
    >>> with staged(out) as stage:
    ...     _ = (stage / "graph.ttl").write_text("")
    >>> sorted(p.name for p in out.iterdir())
    ['graph.ttl']
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kg.errors import ExportError

__all__ = ["staged", "STAGING_PREFIX"]

STAGING_PREFIX = ".kg-staging-"


@contextmanager
def staged(out_dir: Path | str) -> Iterator[Path]:
    """A folder to write the outputs into; its files replace ``out_dir``'s at the end.

    Raises:
        ExportError: ``out_dir`` cannot be created or written.
    """
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        stage = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out_dir))
    except OSError as exc:
        raise ExportError(f"cannot write into {out_dir}: {exc.strerror or exc}",
                          hint="choose an output folder you can write to (-o DIR)") from exc
    try:
        yield stage
        for path in sorted(stage.iterdir()):
            os.replace(path, out_dir / path.name)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
