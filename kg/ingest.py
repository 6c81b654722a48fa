"""Files -> :class:`~kg.model.Document` records with their metadata.

A document's text is its file decoded (UTF-8, with or without BOM; a file
that is not UTF-8 but reads cleanly as Windows-1252 is read so and says so in
a record), line endings made ``\\n`` and Unicode NFC: every offset of the
later stages points into that text, which is otherwise kept as it is. An HTML
page's text is its visible text, one block per line. The id is the file stem.

Example:
    >>> from kg.config import corpus_dir
    >>> result = read_documents([corpus_dir()])
    >>> [(d.id[:3], d.meta.kind) for d in result.documents], result.errors
    ([('000', 'news_article'), ('003', 'press_release')], ())
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from kg.docmeta import read_meta
from kg.errors import IngestError, KGError
from kg.htmltext import html_text
from kg.manifest import MANIFEST_NAME, apply_manifest, read_manifest
from kg.model import Document, MetaRecord

__all__ = ["SUFFIXES", "IngestProblem", "IngestResult", "read_document", "read_documents",
           "decode", "normalise"]

#: file suffixes read as documents in a folder
SUFFIXES = (".txt", ".md", ".html", ".htm")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class IngestProblem:
    """A file (or manifest row) that was skipped, why, and what to do."""

    path: str
    message: str
    hint: str | None = None

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" + (f" ({self.hint})" if self.hint else "")


@dataclass(frozen=True)
class IngestResult:
    """The documents read, in a stable order, and the problems met on the way."""

    documents: tuple[Document, ...]
    errors: tuple[IngestProblem, ...] = ()


def normalise(text: str) -> str:
    """``\\r\\n`` and ``\\r`` -> ``\\n``, then Unicode NFC; nothing else changes.

    Example:
        >>> normalise("Re\\u0301gion\\r\\n")
        'Région\\n'
    """
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def decode(raw: bytes, name: str) -> tuple[str, list[MetaRecord]]:
    """The text of a file's bytes, and a record when it was not UTF-8.

    Raises:
        IngestError: empty, binary, or neither UTF-8 nor clean Windows-1252.
    """
    if not raw.strip():
        raise IngestError(f"{name} is empty", hint="remove it or give it some text")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            note = "UTF-16 byte order mark"
            return raw.decode("utf-16"), [MetaRecord("encoding", "utf-16", "inferred", note)]
        except UnicodeDecodeError:
            pass  # not UTF-16 after all: the checks below say what it is
    if b"\x00" in raw:
        raise IngestError(f"{name} is not a text file (it holds NUL bytes)",
                          hint="give a .txt, .md or .html file saved as UTF-8")
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        bad = f"byte 0x{raw[exc.start]:02x} at offset {exc.start}"
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        text = "\x00"
    if _CONTROL.search(text):
        raise IngestError(f"{name} is not UTF-8 ({bad}) nor Windows-1252 text",
                          hint="convert it: iconv -f LATIN1 -t UTF-8 FILE > NEW")
    note = f"not UTF-8 ({bad}); read as Windows-1252"
    return text, [MetaRecord("encoding", "cp1252", "inferred", note)]


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise IngestError(f"no such file: {path}", hint="check the path") from None
    except PermissionError:
        raise IngestError(f"permission denied: {path}",
                          hint=f"make it readable: chmod u+r '{path}'") from None
    except IsADirectoryError:
        raise IngestError(f"{path} is a folder", hint="pass the folder to read_documents") from None
    except OSError as exc:
        raise IngestError(f"cannot read {path}: {exc.strerror}", hint="check the file") from None


def read_document(path: Path | str, manifest_row: dict[str, str] | None = None) -> Document:
    """Read one file as a document, with metadata from its text and the manifest row.

    Args:
        path: a ``.txt``, ``.md`` or ``.html`` file.
        manifest_row: its ``manifest.csv`` row (``file,date,kind,source,title``), if any.

    Raises:
        IngestError: the file cannot be read as text.
        ManifestError: the manifest row is malformed.

    Example:
        >>> from kg.config import corpus_dir
        >>> doc = read_document(sorted(corpus_dir().glob("003_*.txt"))[0])
        >>> doc.meta.date, doc.meta.title[:25]
        ('2017-11-06', 'LA METROPOLE SIGNE UN ACC')
    """
    path = Path(path)
    text, records = decode(_read_bytes(path), path.name)
    head = None
    if path.suffix.lower() in (".html", ".htm"):
        text, head = html_text(text)
    text = normalise(text)
    if not text.strip():
        raise IngestError(f"{path.name} has no text", hint="give a document with some text")
    meta = read_meta(text, file_name=path.name, head=head)
    meta = replace(meta, records=tuple(records) + meta.records)
    if manifest_row:
        meta = apply_manifest(meta, manifest_row, manifest_row.get("where", MANIFEST_NAME))
    return Document(id=path.stem, text=text, path=str(path), meta=meta)


def _files(paths: Sequence[Path | str], problems: list[IngestProblem]) -> list[Path]:
    """The document files named by ``paths``: files as given, folders sorted."""
    files: list[Path] = []
    for given in map(Path, paths):
        if given.is_dir():
            found = sorted(p for p in given.iterdir() if p.is_file()
                           and p.suffix.lower() in SUFFIXES and not p.name.startswith("."))
            if not found:
                problems.append(IngestProblem(str(given), "no document in this folder",
                                              "put .txt, .md or .html files in it"))
            files += found
        else:
            files.append(given)
    unique: dict[Path, Path] = {}
    for f in files:  # a file given twice (or in a folder and by name) is read once
        unique.setdefault(f.resolve(), f)
    return list(unique.values())


def _manifests(files: list[Path], problems: list[IngestProblem]) -> dict[Path, dict[str, dict]]:
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


def _unique_ids(docs: list[Document]) -> list[Document]:
    """Documents whose stems collide get ``<folder>-<stem>`` (then ``-<suffix>``) ids."""
    by_id: dict[str, list[int]] = defaultdict(list)
    for i, doc in enumerate(docs):
        by_id[doc.id].append(i)
    out = list(docs)
    for stem, indexes in by_id.items():
        if len(indexes) < 2:
            continue
        paths = [Path(docs[i].path or stem) for i in indexes]
        new = [f"{p.parent.name}-{stem}" for p in paths]
        if len(set(new)) < len(new):
            new = [f"{n}-{p.suffix.lstrip('.')}" for n, p in zip(new, paths, strict=True)]
        for i, new_id in zip(indexes, new, strict=True):
            note = f"file stem {stem!r} is shared by {len(indexes)} files; folder name added"
            record = MetaRecord("id", new_id, "inferred", note)
            meta = replace(docs[i].meta, records=docs[i].meta.records + (record,))
            out[i] = replace(docs[i], id=new_id, meta=meta)
    return out


def read_documents(paths: Sequence[Path | str]) -> IngestResult:
    """Read files and folders into documents; a bad file is reported and skipped.

    A folder gives its ``.txt``, ``.md``, ``.html`` files (not sub-folders), in
    name order, with its ``manifest.csv`` applied. Ids are file stems; stems
    shared by several files are made unique with the folder name. Ids left
    equal after that are problems, and only the first such file is kept.

    Example:
        >>> read_documents(["no-such-file.txt"]).errors[0].message
        'no such file: no-such-file.txt'
    """
    problems: list[IngestProblem] = []
    files = _files(paths, problems)
    manifests = _manifests(files, problems)
    docs = []
    for path in files:
        try:
            docs.append(read_document(path, manifests.get(path.parent, {}).get(path.name)))
        except KGError as exc:
            problems.append(IngestProblem(str(path), exc.message, exc.hint))
    kept, seen = [], set()
    for doc in _unique_ids(docs):
        if doc.id in seen:
            problems.append(IngestProblem(doc.path or doc.id, f"document id {doc.id!r} is taken",
                                          "rename the file so that its name is unique"))
            continue
        seen.add(doc.id)
        kept.append(doc)
    return IngestResult(tuple(kept), tuple(problems))
