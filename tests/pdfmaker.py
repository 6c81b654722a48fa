"""Minimal PDF files written by hand, for the ingest tests (no PDF tool needed).

``text_pdf(pages)`` sets each page's lines in Helvetica (WinAnsiEncoding, so
French accents are one byte each); ``scan_pdf()`` is a page with an image and
no text; ``encrypted`` / damaged variants are made from them by the tests.

Example:
    >>> text_pdf([["Bonjour."]]).startswith(b"%PDF-1.4")
    True
"""

from __future__ import annotations

import zlib


def _escape(line: str) -> bytes:
    raw = line.encode("cp1252")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _assemble(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    packed = zlib.compress(data)
    return (b"<< /Length %d /Filter /FlateDecode " % len(packed) + extra + b">>\nstream\n"
            + packed + b"\nendstream")


def _pdf(contents: list[bytes], resources: bytes, extra_objects: list[bytes]) -> bytes:
    n = len(contents)
    first_page = 3 + len(extra_objects)
    kids = b" ".join(b"%d 0 R" % (first_page + 2 * i) for i in range(n))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n), *extra_objects]
    for i, content in enumerate(contents):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                       b"/Resources %s /Contents %d 0 R >>" % (resources, first_page + 2 * i + 1))
        objects.append(_stream(content))
    return _assemble(objects)


def text_pdf(pages: list[list[str]]) -> bytes:
    """A PDF whose pages show these lines, top down, in 11 pt Helvetica."""
    contents = []
    for lines in pages:
        ops = b"BT /F1 11 Tf 14 TL 56 780 Td\n"
        ops += b"".join(b"(" + _escape(line) + b") Tj T*\n" for line in lines)
        contents.append(ops + b"ET\n")
    font = (b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
            b"/Encoding /WinAnsiEncoding >>")
    return _pdf(contents, b"<< /Font << /F1 3 0 R >> >>", [font])


def scan_pdf() -> bytes:
    """A PDF of one page that shows a grey image and holds no text (a scan)."""
    image = _stream(bytes(range(0, 256, 16)) * 16,
                    b"/Type /XObject /Subtype /Image /Width 16 /Height 16 "
                    b"/ColorSpace /DeviceGray /BitsPerComponent 8 ")
    content = b"q 400 0 0 400 100 300 cm /Im1 Do Q\n"
    return _pdf([content], b"<< /XObject << /Im1 3 0 R >> >>", [image])
