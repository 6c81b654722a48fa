"""``manifest.csv``: the metadata a user gives for the documents of a folder.

Columns ``file,date,kind,source,title``; every column but ``file`` may be
empty. ``date`` is ISO 8601, a full date (``2017-11-06``) or a year-month
(``2017-11``); ``kind`` is a key of :data:`kg.model.DOCUMENT_KINDS`. A value
given here overrides what was read from the text; both are kept as records.
A file saved by a French spreadsheet (``;`` separators, a BOM) reads too.

Example:
    >>> from kg.model import DocumentMeta
    >>> meta = apply_manifest(DocumentMeta(title="Lu"), {"file": "a.txt", "date": "2017-11"})
    >>> meta.date, meta.title, [r.origin for r in meta.records]
    ('2017-11', 'Lu', ['manifest'])
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from pathlib import Path

from kg.docmeta import effective
from kg.errors import ManifestError
from kg.model import DOCUMENT_KINDS, DocumentMeta, MetaRecord

__all__ = ["MANIFEST_NAME", "COLUMNS", "read_manifest", "check_row", "apply_manifest"]

MANIFEST_NAME = "manifest.csv"
COLUMNS = ("file", "date", "kind", "source", "title")
_DATE = re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})(?:-(?P<day>\d{2}))?")


def _check_date(value: str, where: str) -> None:
    m = _DATE.fullmatch(value)
    try:
        if m is None:
            raise ValueError(value)
        date(int(m["year"]), int(m["month"]), int(m["day"] or 1))
    except ValueError:
        raise ManifestError(
            f"{where}: date {value!r} is not an ISO 8601 date",
            hint="write a full date YYYY-MM-DD (2017-11-06) or a year-month YYYY-MM (2017-11)",
        ) from None


def check_row(row: Mapping[str, str | None], where: str = "manifest.csv") -> dict[str, str]:
    """A manifest row with its empty cells dropped, or :class:`ManifestError`.

    Example:
        >>> check_row({"file": "a.txt", "kind": "", "date": "2017-11-06"})
        {'file': 'a.txt', 'date': '2017-11-06'}
    """
    clean = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
    clean = {k: v for k, v in clean.items() if v}
    if not clean.get("file"):
        raise ManifestError(f"{where}: the file cell is empty",
                            hint="give the document's file name, e.g. 003_press.txt")
    if "date" in clean:
        _check_date(clean["date"], where)
    if "kind" in clean and clean["kind"] not in DOCUMENT_KINDS:
        raise ManifestError(f"{where}: unknown kind {clean['kind']!r}",
                            hint="use one of: " + ", ".join(DOCUMENT_KINDS))
    return {k: v for k, v in clean.items() if k in COLUMNS}


def apply_manifest(meta: DocumentMeta, row: Mapping[str, str | None],
                   where: str = "manifest.csv") -> DocumentMeta:
    """``meta`` with the values of a manifest row in force, and recorded.

    Raises:
        ManifestError: a malformed row (bad date, unknown kind, no file).
    """
    clean = check_row(row, where)
    given = [MetaRecord(k, clean[k], "manifest", f"given in {where}")
             for k in COLUMNS[1:] if k in clean]
    return replace(effective(meta, given), records=meta.records + tuple(given))


def read_manifest(path: Path) -> tuple[dict[str, dict[str, str]], list[ManifestError]]:
    """The valid rows of a manifest by file name, and one error per bad row.

    A row naming a file that is not in the manifest's folder is an error too;
    the build goes on without the rows in error.

    Raises:
        ManifestError: the file cannot be read or has no ``file`` column.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ManifestError(f"cannot read {path}: {exc}", hint="save it as UTF-8 CSV") from None
    header = text.split("\n", 1)[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    fields = [f.strip().lower() for f in reader.fieldnames or []]
    if "file" not in fields:
        raise ManifestError(f"{path}: no 'file' column (columns: {fields})",
                            hint="the first line must be: " + ",".join(COLUMNS))
    rows: dict[str, dict[str, str]] = {}
    errors = [ManifestError(f"{path}: unknown column {f!r}", hint="columns: " + ",".join(COLUMNS))
              for f in fields if f not in COLUMNS]
    for line, raw in enumerate(reader, start=2):
        where = f"{path.name} line {line}"
        try:
            row = check_row(raw, where)
            if not (path.parent / row["file"]).is_file():
                raise ManifestError(f"{where}: no file {row['file']!r} beside the manifest",
                                    hint=f"give a file name of {path.parent}, with its extension")
        except ManifestError as exc:
            errors.append(exc)
            continue
        rows[row["file"]] = {**row, "where": where}
    return rows, errors
