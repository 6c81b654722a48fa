"""Bytes -> text, with the encoding detected and said, or a refusal that says why.

In order: a byte order mark (UTF-8, UTF-16, UTF-32) decides; a file that
starts like a known binary format (an image, a PDF, a ZIP container such as
``.docx``, an old Office file, an executable) or holds NUL bytes is refused,
unless its NUL bytes are those of UTF-16 text without a byte order mark;
valid UTF-8 is UTF-8 (and UTF-8 saved twice, ``RÃ©gion``, is repaired);
otherwise the encoding a page declares (``<meta charset>``), then the
single-byte Western encodings (Windows-1252, which is ISO-8859-1 plus
typography in 0x80-0x9F; ISO-8859-15; Mac Roman; DOS 850) are each tried and
*scored*: every non-ASCII character must be a Latin letter whose case fits its
neighbours, or common typography (``« » ’ – … €``) not wedged inside a word.
The best-scoring encoding is used when at least nine characters in ten are
plausible, and recorded with its score; no encoding is chosen because another
one failed.

Example:
    >>> decode("Région, « élus »".encode("cp1252"), "r.txt")
    ('Région, « élus »', [MetaRecord(field='encoding', value='iso-8859-1', origin='inferred', \
note='not UTF-8 (byte 0xe9 at offset 1); read as ISO-8859-1 (Latin-1): 4 of 4 non-ASCII \
characters fit')])
"""

from __future__ import annotations

import codecs
import unicodedata

from kg.errors import IngestError
from kg.model import MetaRecord

__all__ = ["decode", "plausibility", "WESTERN"]

#: single-byte encodings tried on text that is not UTF-8, in order of preference
WESTERN = ("cp1252", "iso8859-15", "mac-roman", "cp850")
_NAMES = {"cp1252": "Windows-1252", "iso8859-15": "ISO-8859-15", "mac-roman": "Mac Roman",
          "cp850": "DOS code page 850", "iso-8859-1": "ISO-8859-1 (Latin-1)"}
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))
_MAGIC = ((b"%PDF-", "a PDF file", "give it a .pdf name"),
          (b"\x89PNG", "a PNG image", "give a text, HTML, Markdown or PDF document instead"),
          (b"\xff\xd8\xff", "a JPEG image", "give a text, HTML, Markdown or PDF document instead"),
          (b"GIF8", "a GIF image", "give a text, HTML, Markdown or PDF document instead"),
          (b"PK\x03\x04", "a ZIP container (a .docx, .odt or .zip file?)",
           "save it as PDF or plain text (File > Save as), or unzip it"),
          (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file (.doc?)",
           "save it as PDF or plain text (File > Save as)"),
          (b"\x1f\x8b", "a gzip archive", "decompress it first: gunzip FILE"),
          (b"\x7fELF", "a program", "remove it from the input"))
_TYPOGRAPHY = frozenset("«»‘’‚“”„–—…•·°€£§©®™\u00a0\u202f")
_APOSTROPHES = frozenset("’‘")


def plausibility(text: str) -> tuple[float, int]:
    """``(score, count)``: how many non-ASCII characters of ``text`` fit (``score``,
    a half for a rare symbol) out of ``count``.

    Example:
        >>> plausibility("Région"), plausibility("RÈgion"), plausibility("cœur c½ur")
        ((1.0, 1), (0.0, 1), (1.0, 2))
    """
    score, count = 0.0, 0
    for i, ch in enumerate(text):
        if ch < "\x80":
            continue
        count += 1
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        inside = before.isalpha() and after.isalpha()
        category = unicodedata.category(ch)
        if category.startswith("L"):
            latin = unicodedata.name(ch, "").startswith("LATIN")
            wedged = ch.isupper() and before.isalpha() and after.islower()
            score += latin and not wedged
        elif ch in _APOSTROPHES:
            score += 1
        elif ch in _TYPOGRAPHY or category in ("Zs", "Pd", "Pi", "Pf"):
            score += not inside
        elif category[0] in "SPN":
            score += 0.5 * (not inside)
    return score, count


def _binary(raw: bytes, name: str) -> None:
    for magic, what, hint in _MAGIC:
        if raw.startswith(magic) and not (magic == b"%PDF-" and name.lower().endswith(".pdf")):
            raise IngestError(f"{name} is {what}, not a text document", hint=hint)


def _utf16_without_bom(raw: bytes) -> str | None:
    """UTF-16 text without a byte order mark: one byte in two is NUL, the others not."""
    if len(raw) % 2:
        return None
    even, odd = raw[0::2].count(0), raw[1::2].count(0)
    half = len(raw) // 2
    for zeros, other, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros >= 0.6 * half and other == 0:
            try:
                text = raw.decode(codec)
            except UnicodeDecodeError:
                return None
            return text if not any(unicodedata.category(c) == "Cc" and c not in "\t\n\r\f"
                                   for c in text) else None
    return None


def _repair_double_utf8(text: str) -> str | None:
    """The text of UTF-8 that was read as Windows-1252 and saved as UTF-8 again."""
    if text.isascii():
        return None
    try:
        fixed = text.encode("cp1252").decode("utf-8")
    except UnicodeError:
        return None
    return fixed if fixed != text else None


def _single_byte(raw: bytes, declared: str | None) -> tuple[str, str, str] | None:
    """``(text, encoding name, how)`` of the best Western (or declared) encoding, if plausible."""
    tried: list[tuple[float, int, str, str]] = []
    try:
        declared = codecs.lookup(declared).name if declared else None
    except LookupError:
        declared = None
    codecs_ = ([declared] if declared else []) + [c for c in WESTERN if c != declared]
    for rank, codec in enumerate(codecs_):
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        if any(unicodedata.category(c) == "Cc" and c not in "\t\n\r\f" for c in text):
            continue
        score, count = plausibility(text)
        tried.append((score / max(count, 1), -rank, codec, f"{score:g} of {count}"))
    if not tried:
        return None
    ratio, _, codec, fit = max(tried)
    if ratio < 0.9:
        return None
    text = raw.decode(codec)
    if codec == "cp1252" and not any(0x80 <= b <= 0x9F for b in raw):
        codec = "iso-8859-1"             # the same characters: no byte in 0x80-0x9F
    how = "declared in the page" if codec == declared else f"{fit} non-ASCII characters fit"
    return text, codec, f"read as {_NAMES.get(codec, codec)}: {how}"


def decode(raw: bytes, name: str, declared: str | None = None) -> tuple[str, list[MetaRecord]]:
    """The text of a file's bytes, and a record when it was not plain UTF-8.

    Args:
        raw: the file's bytes.
        name: its name, for messages.
        declared: an encoding the file declares (an HTML ``<meta charset>``), if any.

    Raises:
        IngestError: empty, binary, or text in no encoding that fits.
    """
    if not raw.strip():
        raise IngestError(f"{name} is empty", hint="remove it or give it some text")
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            try:
                text = raw.decode(codec)
            except UnicodeDecodeError as exc:
                raise IngestError(f"{name} starts with a {codec} byte order mark but is not "
                                  f"{codec} ({exc.reason} at byte {exc.start})",
                                  hint="save it again as UTF-8") from None
            note = f"{codec.split('-sig')[0].upper()} byte order mark"
            return text, ([] if codec == "utf-8-sig" else [MetaRecord("encoding", codec,
                                                                      "inferred", note)])
    _binary(raw, name)
    if b"\x00" in raw:
        text16 = _utf16_without_bom(raw)
        if text16 is None:
            raise IngestError(f"{name} is not a text file (it holds NUL bytes)",
                              hint="check what it is (`file NAME`); kg reads text (.txt, .md, "
                                   ".html) saved as UTF-8 or Windows-1252, and PDF")
        return text16, [MetaRecord("encoding", "utf-16", "inferred",
                                   "UTF-16 without byte order mark: one byte in two is NUL")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = f"byte 0x{raw[exc.start]:02x} at offset {exc.start}"
    else:
        fixed = _repair_double_utf8(text)
        if fixed is None:
            return text, []
        return fixed, [MetaRecord("encoding", "utf-8", "inferred",
                                  "UTF-8 encoded twice (« Ã© » for « é »): repaired")]
    found = _single_byte(raw, declared)
    if found is None:
        raise IngestError(f"{name} is not UTF-8 ({bad}) and reads as no Western encoding",
                          hint="convert it to UTF-8, e.g. iconv -f ENCODING -t UTF-8 FILE > NEW")
    text, codec, how = found
    return text, [MetaRecord("encoding", codec, "inferred", f"not UTF-8 ({bad}); {how}")]
