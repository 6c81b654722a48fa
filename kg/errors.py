"""One error hierarchy: a base :class:`KGError` and one subclass per stage.

Every message says what was wrong, shows the bad value, and says what to do.

Example:
    >>> try:
    ...     raise IngestError("cannot decode notes.txt as UTF-8", hint="save it as UTF-8")
    ... except KGError as exc:
    ...     print(exc)
    cannot decode notes.txt as UTF-8 (save it as UTF-8)
"""

from __future__ import annotations

__all__ = [
    "KGError", "IngestError", "ManifestError", "NLPError", "ExtractError", "KBError",
    "GraphError", "ValidationError", "ExportError", "QueryError", "ServeError", "PushError",
    "VizError", "EvalError",
]


class KGError(Exception):
    """Base of every error kg raises on purpose. ``hint`` says how to fix it."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        self.message = message
        self.hint = hint
        super().__init__(f"{message} ({hint})" if hint else message)


class IngestError(KGError):
    """A file could not be read as a document (missing, unreadable, not text)."""


class ManifestError(IngestError):
    """A ``manifest.csv`` row is malformed (bad date, unknown kind, unknown file)."""


class NLPError(KGError):
    """The spaCy pipeline could not be built (model missing, wrong version)."""


class ExtractError(KGError):
    """A rule file is malformed or a rule failed on a document."""


class KBError(KGError):
    """A knowledge-base file is malformed (bad Turtle, entry without a label)."""


class GraphError(KGError):
    """Records could not be turned into RDF (unknown key, bad literal)."""


class BackgroundError(KGError):
    """A child process (``kg.background``) ended without an answer."""


class ValidationError(KGError):
    """SHACL validation could not run (shapes missing or unreadable)."""


class ExportError(KGError):
    """An output file could not be written."""


class QueryError(KGError):
    """A SPARQL query is malformed or unknown; the message gives line and column."""


class ServeError(KGError):
    """The HTTP server could not start (port taken, graph unreadable)."""


class PushError(KGError):
    """A triplestore refused or could not be reached."""


class VizError(KGError):
    """The HTML viewer could not be written."""


class EvalError(KGError):
    """A gold file is malformed."""
