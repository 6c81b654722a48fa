"""The text layer of a PDF, as paragraphs, or a refusal that says what to do.

The text is what ``pypdf`` extracts, page by page. A PDF sets text in lines
of its page width, so the lines of a paragraph are joined again: a line is
continued by the next when it does not end a sentence (``. ! ? : » …``) and
is long (three quarters of the page's longest line or more) or the next
starts in lower case; a word cut by a hyphen at a line end
(``coopé-`` / ``ration``) is made whole. A PDF without a text layer (a
scan), an encrypted PDF and a damaged one are refused with what to do.

Example:
    >>> reflow(["La ville de Rennes et la ville de Sendai ont", "signé un accord de coopé-",
    ...         "ration.", "Culture"])
    'La ville de Rennes et la ville de Sendai ont signé un accord de coopération.\\nCulture'
"""

from __future__ import annotations

import io
import logging
import re
from typing import TYPE_CHECKING

from kg.errors import IngestError

if TYPE_CHECKING:
    from pypdf import PdfReader

__all__ = ["pdf_text", "reflow"]

_ENDS_SENTENCE = re.compile(r"[.!?:;»…\"”)]\s*$")


def reflow(lines: list[str]) -> str:
    """The lines of one page joined into paragraphs (see the module docstring)."""
    lines = [" ".join(line.split()) for line in lines]
    width = max((len(line) for line in lines), default=0)
    out: list[str] = []
    for line in lines:
        if not line:
            continue
        prev = out[-1] if out else ""
        continues = prev and not _ENDS_SENTENCE.search(prev) and (
            len(prev) >= 0.75 * width or line[0].islower())
        if not continues:
            out.append(line)
        elif re.search(r"\w-$", prev) and line[0].islower():
            out[-1] = prev[:-1] + line                 # "coopé-" + "ration"
        elif prev.endswith("-"):
            out[-1] = prev + line                      # "Aix-" + "Marseille"
        else:
            out[-1] = prev + " " + line
    return "\n".join(out)


def _decrypt(reader: PdfReader, name: str) -> None:
    """Open a PDF encrypted with an empty user password (the usual "protected" PDF)."""
    from pypdf.errors import PyPdfError

    try:
        if reader.decrypt(""):
            return
    except (PyPdfError, NotImplementedError):
        pass
    raise IngestError(f"{name} is an encrypted PDF",
                      hint=f"decrypt it first, e.g. qpdf --decrypt --password=PASSWORD {name} "
                           "decrypted.pdf")


def pdf_text(raw: bytes, name: str) -> tuple[str, dict[str, str]]:
    """The text of a PDF's pages (a blank line between pages) and its page count.

    Raises:
        IngestError: damaged, encrypted, or without a text layer.
    """
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)   # damaged files are reported below
    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted:
            _decrypt(reader, name)
        pages = [reflow((page.extract_text() or "").splitlines()) for page in reader.pages]
    except IngestError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            NotImplementedError, RecursionError) as exc:
        raise IngestError(f"{name} is not a readable PDF ({type(exc).__name__}: {exc})",
                          hint="open it in a PDF reader and save or print it again as PDF") \
            from None
    text = "\n\n".join(p for p in pages if p.strip())
    if not text.strip():
        raise IngestError(f"{name} has no text layer (a scan?)",
                          hint=f"run OCR first, e.g. ocrmypdf {name} out.pdf")
    return text + "\n", {"pages": str(len(pages))}
