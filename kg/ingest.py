"""Files -> :class:`~kg.model.Document` records with their metadata, and every file's outcome.

A document's text — its *published* text, the one every offset of the later
stages points into and the graph publishes — is what the file says once
decoded (:mod:`kg.textdecode`: UTF-8 with or without BOM, UTF-16, or a
detected Western encoding, recorded), with line endings made ``\\n`` and
Unicode NFC; for an HTML page its visible text (:mod:`kg.htmltext`), for
Markdown its text without markup (:mod:`kg.mdtext`), for a PDF its text layer
(:mod:`kg.pdftext`). Typography (curly apostrophes, no-break spaces,
ligatures) stays in it; the rules read a normalised copy
(:mod:`kg.textnorm`). The id is the file stem.

Every file considered gets an :class:`Outcome`: ``read``, ``refused`` (with
the message and what to do; the other files are still read) or ``skipped``
(a folder's sub-folder or a file of a kind kg does not read).

Example:
    >>> from kg.config import corpus_dir
    >>> result = read_documents([corpus_dir()])
    >>> [(d.id[:3], d.meta.kind) for d in result.documents], result.errors
    ([('000', 'news_article'), ('003', 'press_release')], ())
    >>> [(o.status, o.doc_id[:3]) for o in result.outcomes]
    [('read', '000'), ('read', '003')]
"""

from __future__ import annotations

import os
import stat
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from kg.config import MAX_DOCUMENT_BYTES, MAX_DOCUMENT_CHARS
from kg.docmeta import read_meta
from kg.errors import IngestError, KGError
from kg.htmltext import declared_charset, html_text
from kg.ingestfiles import (
    SUFFIX_LIST,
    SUFFIXES,
    IngestProblem,
    Outcome,
    folder_manifests,
    list_files,
)
from kg.ingestids import unique_ids
from kg.manifest import MANIFEST_NAME, apply_manifest
from kg.mdtext import markdown_text
from kg.model import Document, MetaRecord
from kg.pdftext import pdf_text
from kg.textdecode import decode

__all__ = ["SUFFIXES", "IngestProblem", "IngestResult", "Outcome", "read_document",
           "read_documents", "decode", "normalise"]

_KINDS = {".html": "HTML page", ".htm": "HTML page", ".md": "Markdown",
          ".markdown": "Markdown", ".pdf": "PDF text layer"}


@dataclass(frozen=True)
class IngestResult:
    """The documents read, the problems met, and one outcome per file, in a stable order.

    ``errors`` holds every problem (refused files, bad manifest rows, folders
    without documents): a build with any is incomplete (:attr:`complete`).
    """

    documents: tuple[Document, ...]
    errors: tuple[IngestProblem, ...] = ()
    outcomes: tuple[Outcome, ...] = ()

    @property
    def refused(self) -> tuple[Outcome, ...]:
        """The outcomes of the files that could not be read."""
        return tuple(o for o in self.outcomes if o.status == "refused")

    @property
    def complete(self) -> bool:
        """True when no input was refused (no file, no manifest row, no empty folder)."""
        return not self.errors


def normalise(text: str) -> str:
    """``\\r\\n`` and ``\\r`` -> ``\\n``, then Unicode NFC; nothing else changes.

    Example:
        >>> normalise("Re\\u0301gion\\r\\n")
        'Région\\n'
    """
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def _size(n: int) -> str:
    return f"{n} bytes" if n < 1_000_000 else f"{n / 1e6:.1f} MB ({n} bytes)"


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise IngestError(f"{path} is a folder", hint="pass the folder to read_documents")
        if not stat.S_ISREG(info.st_mode):
            raise IngestError(f"{path} is not a regular file (a pipe, socket or device)",
                              hint=f"give a {SUFFIX_LIST} file")
        if info.st_size > max_bytes:
            raise IngestError(f"{path.name} is {_size(info.st_size)}, over the size limit of "
                              f"{_size(max_bytes)}",
                              hint="split it into smaller documents, or raise the limit "
                                   "(kg build --max-mb, BuildConfig.max_bytes)")
        return path.read_bytes()
    except FileNotFoundError:
        if path.is_symlink():
            raise IngestError(f"{path} is a link to a missing file ({os.readlink(path)})",
                              hint="fix or remove the link") from None
        raise IngestError(f"no such file: {path}", hint="check the path") from None
    except PermissionError:
        raise IngestError(f"permission denied: {path}",
                          hint=f"make it readable: chmod u+r '{path}'") from None
    except OSError as exc:
        raise IngestError(f"cannot read {path}: {exc.strerror}", hint="check the file") from None


def _read(path: Path, manifest_row: dict[str, str] | None, max_bytes: int
          ) -> tuple[Document, str]:
    """The document of ``path`` and how it was read (for its outcome)."""
    raw = _read_bytes(path, max_bytes)
    suffix = path.suffix.lower()
    how = _KINDS.get(suffix, "text")
    head: dict[str, str] | None = None
    records: list[MetaRecord] = []
    if suffix == ".pdf":
        text, info = pdf_text(raw, path.name)
        how += f", {info['pages']} page(s)"
    else:
        declared = declared_charset(raw) if suffix in (".html", ".htm") else None
        text, records = decode(raw, path.name, declared)
    text = normalise(text)
    if suffix in (".html", ".htm"):
        text, head = html_text(text)
    elif suffix in (".md", ".markdown"):
        text, head = markdown_text(text)
    if not text.strip():
        raise IngestError(f"{path.name} has no text", hint="give a document with some text")
    if len(text) > MAX_DOCUMENT_CHARS:
        raise IngestError(f"{path.name} holds {len(text):,} characters of text, more than kg "
                          f"reads as one document ({MAX_DOCUMENT_CHARS:,})",
                          hint="split it into several files (one per article or release)")
    meta = read_meta(text, file_name=path.name, head=head, html=suffix in (".html", ".htm"))
    meta = replace(meta, records=tuple(records) + meta.records)
    if manifest_row:
        meta = apply_manifest(meta, manifest_row, manifest_row.get("where", MANIFEST_NAME))
    how += "".join(f"; {r.note}" for r in records)
    return Document(id=path.stem, text=text, path=str(path), meta=meta), how


def read_document(path: Path | str, manifest_row: dict[str, str] | None = None, *,
                  max_bytes: int = MAX_DOCUMENT_BYTES) -> Document:
    """Read one file as a document, with metadata from its text and the manifest row.

    Args:
        path: a ``.txt``, ``.md``, ``.html`` or ``.pdf`` file (another suffix reads as text).
        manifest_row: its ``manifest.csv`` row (``file,date,kind,source,title``), if any.
        max_bytes: files larger than this are refused.

    Raises:
        IngestError: the file cannot be read as a document (the message says why,
            the hint what to do).
        ManifestError: the manifest row is malformed.

    Example:
        >>> from kg.config import corpus_dir
        >>> doc = read_document(sorted(corpus_dir().glob("003_*.txt"))[0])
        >>> doc.meta.date, doc.meta.title[:25]
        ('2017-11-06', 'LA METROPOLE SIGNE UN ACC')
    """
    return _read(Path(path), manifest_row, max_bytes)[0]


def read_documents(paths: Sequence[Path | str], *,
                   max_bytes: int = MAX_DOCUMENT_BYTES) -> IngestResult:
    """Read files and folders into documents; a bad file is refused, the others still read.

    A folder gives its ``.txt``, ``.md``, ``.html``, ``.pdf`` files (not
    sub-folders), in name order, with its ``manifest.csv`` applied; its other
    files and sub-folders are ``skipped`` outcomes. Ids are file stems, made
    unique (:func:`kg.ingestids.unique_ids`) when several files share one.

    Args:
        paths: files and folders.
        max_bytes: files larger than this are refused (default 20 MB).

    Example:
        >>> result = read_documents(["no-such-file.txt"])
        >>> result.errors[0].message, result.outcomes[0].status, result.complete
        ('no such file: no-such-file.txt', 'refused', False)
    """
    problems: list[IngestProblem] = []
    entries = list_files(paths, problems)
    manifests = folder_manifests([p for p, o in entries if o is None], problems)
    read: list[tuple[Path, Outcome | Document, str]] = []
    for path, outcome in entries:
        if outcome is not None:
            read.append((path, outcome, ""))
            continue
        try:
            row = manifests.get(path.parent, {}).get(path.name)
            doc, how = _read(path, row, max_bytes)
            read.append((path, doc, how))
        except KGError as exc:
            problems.append(IngestProblem(str(path), exc.message, exc.hint))
            read.append((path, Outcome(str(path), "refused", None, exc.message, exc.hint), ""))
    docs = unique_ids([d for _, d, _ in read if isinstance(d, Document)])
    by_path = {d.path: d for d in docs}
    outcomes = []
    for path, item, how in read:
        if isinstance(item, Outcome):
            outcomes.append(item)
        else:
            outcomes.append(Outcome(str(path), "read", by_path[str(path)].id, how))
    return IngestResult(tuple(docs), tuple(problems), tuple(outcomes))
