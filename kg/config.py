"""Defaults in one place, as frozen dataclasses.

Example:
    >>> from kg.config import BuildConfig
    >>> BuildConfig().base
    'https://w3id.org/coop-kg/id/'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kg.namespaces import DEFAULT_BASE

__all__ = ["BuildConfig", "output_folder_hint", "package_path", "ontology_dir", "queries_dir",
           "corpus_dir", "kb_dir", "MAX_DOCUMENT_BYTES", "MAX_DOCUMENT_CHARS", "SPACY_MODEL"]

#: the spaCy model kg's pipeline is made from (:mod:`kg.nlp`)
SPACY_MODEL = "fr_core_news_md"

#: a document file larger than this is refused (``BuildConfig.max_bytes``)
MAX_DOCUMENT_BYTES = 20_000_000
#: a document whose text is longer than this is refused (spaCy's own limit, nlp.max_length)
MAX_DOCUMENT_CHARS = 1_000_000


_PACKAGE = Path(__file__).resolve().parent


def package_path(name: str) -> Path:
    """A data folder shipped with kg: ``ontology``, ``queries``, ``corpus``, ``data/kb``.

    An installed wheel holds ``ontology/`` and ``queries/`` inside the package;
    a source checkout (or an editable install) has them at the top of the
    repository, beside ``kg/``.
    """
    inside = _PACKAGE / name
    if inside.is_dir():
        return inside
    return _PACKAGE.parent / name


def ontology_dir() -> Path:
    """The folder holding ``coop.ttl``, ``shapes.ttl`` and the examples."""
    return package_path("ontology")


def queries_dir() -> Path:
    """The folder of the bundled competency queries (``*.rq``)."""
    return package_path("queries")


def corpus_dir() -> Path:
    """The bundled example corpus (two documents: Aix-Marseille-Provence and Miami-Dade)."""
    return package_path("corpus")


def kb_dir() -> Path:
    """The bundled knowledge base (``*.ttl``)."""
    return package_path("data/kb")


def output_folder_hint(folder: Path, file: str = "graph.trig") -> str | None:
    """What to say to someone who gave the output folder of ``kg build`` where a graph
    file or a store was expected: its ``file``, if the folder holds one; else ``None``.

    Example:
        >>> output_folder_hint(Path("no/such/folder")) is None
        True
    """
    if Path(folder).is_dir() and (Path(folder) / file).is_file():
        return (f"{folder} is a folder written by kg build: give its graph file, "
                f"{Path(folder) / file}")
    return None


@dataclass(frozen=True)
class BuildConfig:
    """Options of one build.

    Args:
        base: the IRI below which instances are minted.
        kb_files: extra knowledge-base Turtle files given by the user.
        validate: run the SHACL shapes on the result.
        html: also write the HTML viewer.
        jobs: processes that extract documents in parallel (``1``: in this process).
        cache: re-use the extractions of unchanged documents (``<out>/.kg-cache``).
        store: a folder for an on-disk Oxigraph store of the graph (``None``: none).
    """

    base: str = DEFAULT_BASE
    kb_files: tuple[Path, ...] = field(default=())
    validate: bool = True
    html: bool = True
    max_bytes: int = MAX_DOCUMENT_BYTES
    jobs: int = 1
    cache: bool = True
    store: Path | None = None
