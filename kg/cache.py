"""A cache of extractions keyed by content hash: unchanged documents are not parsed again.

The key of a document is the SHA-256 of its record (id, text, path, metadata)
and of a *fingerprint* of everything extraction depends on: kg's version, the
source of ``kg/extract/``, ``kg/nlp.py`` and ``kg/textnorm.py``, the rules and lexicon files, the
knowledge base files and the spaCy model's version. Change any of them and
every entry misses; change one document and only its entry misses. Entries
are pickled :class:`~kg.extract.Extraction` records, each written atomically,
so an interrupted build leaves a usable cache.

Example:
    >>> import tempfile
    >>> from kg.model import Document
    >>> cache = ExtractionCache(tempfile.mkdtemp(), fingerprint="test")
    >>> cache.get(Document("d", "Texte.")) is None
    True
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from kg import __version__
from kg.export import write_atomic
from kg.extract.records import Extraction
from kg.model import Document

__all__ = ["ExtractionCache", "fingerprint", "hash_files", "read_entry", "write_entry",
           "CACHE_DIR_NAME"]

#: the cache folder kg build uses inside its output folder
CACHE_DIR_NAME = ".kg-cache"
_PACKAGE = Path(__file__).resolve().parent


def hash_files(h: Any, root: Path, files: Iterable[Path]) -> None:
    """Feed the hash ``h`` each of ``files``: its path below ``root``, then its bytes."""
    for f in files:
        h.update(f.relative_to(root).as_posix().encode())
        h.update(f.read_bytes())


@lru_cache(maxsize=8)
def _code_digest() -> str:
    h = hashlib.sha256(__version__.encode())
    files = sorted((_PACKAGE / "extract").rglob("*.py")) + sorted(
        (_PACKAGE / "extract" / "rules").glob("*.yaml")) + [_PACKAGE / "nlp.py",
                                                           _PACKAGE / "textnorm.py"]
    files += sorted((_PACKAGE / "data" / "kb").glob("*.ttl"))
    hash_files(h, _PACKAGE, files)
    return h.hexdigest()


def fingerprint(kb_files: Iterable[Path | str] = ()) -> str:
    """A digest of everything an extraction depends on besides the document itself.

    Example:
        >>> fingerprint() == fingerprint()
        True
    """
    from importlib.metadata import version  # not `import spacy`: 0.5 s, often unneeded

    from kg.config import SPACY_MODEL as MODEL

    h = hashlib.sha256(_code_digest().encode())
    try:
        h.update(f"{version('spacy')}/{MODEL}/{version(MODEL.replace('_', '-'))}".encode())
    except Exception:  # noqa: BLE001 - an unknown model version only weakens the key
        import spacy
        h.update(spacy.__version__.encode())
    for f in kb_files:
        h.update(Path(f).read_bytes())
    return h.hexdigest()


class ExtractionCache:
    """Extractions on disk, one pickle per document key, in ``folder``."""

    def __init__(self, folder: Path | str, fingerprint: str) -> None:
        self.folder = Path(folder)
        self.fingerprint = fingerprint
        self.hits = 0
        self.misses = 0

    def key(self, doc: Document) -> str:
        """The entry name of ``doc``: SHA-256 of the fingerprint and the document record."""
        return hashlib.sha256(f"{self.fingerprint}\n{doc!r}".encode()).hexdigest()

    def _path(self, doc: Document) -> Path:
        key = self.key(doc)
        return self.folder / key[:2] / f"{key}.pickle"

    def get(self, doc: Document) -> Extraction | None:
        """The cached extraction of ``doc``, or ``None`` (a damaged entry is a miss)."""
        found = read_entry(self._path(doc))
        if not isinstance(found, Extraction):
            self.misses += 1
            return None
        self.hits += 1
        return found

    def put(self, doc: Document, extraction: Extraction) -> None:
        """Store ``extraction`` for ``doc`` (atomically; a full disk only loses the entry)."""
        write_entry(self._path(doc), extraction)


def read_entry(path: Path) -> object | None:
    """A pickled cache entry, or ``None`` when it is missing or damaged."""
    try:
        return pickle.loads(path.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None


def write_entry(path: Path, value: object) -> None:
    """Pickle ``value`` to ``path`` atomically; a full disk only loses the entry."""
    from kg.errors import ExportError
    try:
        write_atomic(path, pickle.dumps(value, protocol=5))
    except ExportError:
        pass
