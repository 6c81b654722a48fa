"""The files a list of paths names, and the manifests of their folders.

A folder gives its document files in name order; its sub-folders and files of
other kinds are *skipped*, each with an :class:`Outcome` that says so (hidden
files and ``manifest.csv`` are not listed). A file named twice (or in a
folder and by name) comes once.

Example:
    >>> from kg.config import corpus_dir
    >>> [(p.name[:3], o) for p, o in list_files([corpus_dir()], [])]
    [('000', None), ('003', None)]
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kg.errors import KGError
from kg.manifest import MANIFEST_NAME, read_manifest

__all__ = ["SUFFIXES", "SUFFIX_LIST", "IngestProblem", "Outcome", "list_files",
           "folder_manifests"]

#: file suffixes read as documents in a folder
SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf")
SUFFIX_LIST = ".txt, .md, .html or .pdf"


@dataclass(frozen=True)
class IngestProblem:
    """A file (or manifest row) that was refused, why, and what to do."""

    path: str
    message: str
    hint: str | None = None

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" + (f" ({self.hint})" if self.hint else "")


@dataclass(frozen=True)
class Outcome:
    """What became of one file: ``read`` (as ``doc_id``), ``refused`` or ``skipped``."""

    path: str
    status: str
    doc_id: str | None = None
    message: str = ""
    hint: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        """The outcome as a JSON-ready dict (for ``report.json``)."""
        return {"path": self.path, "status": self.status, "doc_id": self.doc_id,
                "message": self.message, "hint": self.hint}


def list_files(paths: Sequence[Path | str], problems: list[IngestProblem]
               ) -> list[tuple[Path, Outcome | None]]:
    """The files named by ``paths`` in order (folders in name order), each with an outcome
    when it is skipped; a file named twice comes once."""
    entries: list[tuple[Path, Outcome | None]] = []
    for given in map(Path, paths):
        if not given.is_dir():
            entries.append((given, None))
            continue
        try:
            with os.scandir(given) as scan:
                found = sorted((e for e in scan if not e.name.startswith(".")
                                and e.name != MANIFEST_NAME), key=lambda e: e.name)
        except OSError as exc:
            problems.append(IngestProblem(str(given), f"cannot list this folder: {exc.strerror}",
                                          f"make it readable: chmod u+rx '{given}'"))
            continue
        documents = 0
        for e in found:
            path = given / e.name
            suffix = Path(e.name).suffix.lower()
            if e.is_dir():
                entries.append((path, Outcome(str(path), "skipped", message="a sub-folder: "
                                              "its files are not read",
                                              hint=f"give it too: kg build '{path}'")))
            elif suffix not in SUFFIXES:
                what = f"{suffix} files" if suffix else "files without a suffix"
                entries.append((path, Outcome(str(path), "skipped",
                                              message=f"kg does not read {what}",
                                              hint=f"save it as a {SUFFIX_LIST} file")))
            else:
                documents += 1
                entries.append((path, None))
        if not documents:
            problems.append(IngestProblem(str(given), "no document in this folder",
                                          f"put {SUFFIX_LIST} files in it"))
    seen: set[Path] = set()
    unique = []
    for path, outcome in entries:   # a file given twice (or in a folder and by name): once
        key = path.resolve() if outcome is None else path
        if key not in seen:
            seen.add(key)
            unique.append((path, outcome))
    return unique


def folder_manifests(files: list[Path], problems: list[IngestProblem]
                     ) -> dict[Path, dict[str, dict]]:
    """The valid rows of each folder's ``manifest.csv``, by folder; bad rows as problems."""
    rows: dict[Path, dict[str, dict]] = {}
    for folder in sorted({f.parent for f in files}):
        manifest = folder / MANIFEST_NAME
        rows[folder] = {}
        if not manifest.is_file():
            continue
        errors: list[KGError] = []
        try:
            rows[folder], bad_rows = read_manifest(manifest)
            errors += bad_rows
        except KGError as exc:
            errors.append(exc)
        problems += [IngestProblem(str(manifest), e.message, e.hint) for e in errors]
    return rows
