"""The visible text of an HTML page, one block per line, and what its head says.

The page is read by the standard library's HTML parser. Scripts, styles,
``noscript``, ``template``, ``svg`` and the head are dropped; a block element
(paragraph, heading, list item, ...) starts a new line and a list item is a
``- `` bullet; runs of spaces become one. What the page says about itself:

- ``title``: ``og:title``, else ``<title>``, else a JSON-LD ``headline``, else the first ``<h1>``;
- ``date`` (ISO): ``article:published_time``, else a JSON-LD ``datePublished``,
  else a ``<meta>`` date (``date``, ``dc.date``, ``dcterms.date``, ...), else the
  first ``<time datetime>``;
- ``url``: the canonical address (``<link rel="canonical">``, else ``og:url``).

Each comes with a ``*_note`` saying where it was read.

Example:
    >>> text, head = html_text("<html><head><title>Accord</title></head>"
    ...                        "<body><h1>Accord</h1><p>Signé  hier.</p></body></html>")
    >>> text, head["title"], head["title_note"]
    ('Accord\\nSigné hier.\\n', 'Accord', 'HTML <title>')
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from typing import Any

__all__ = ["html_text", "declared_charset"]

_BLOCKS = frozenset("p div h1 h2 h3 h4 h5 h6 li ul ol br tr table section article header "
                    "footer blockquote pre dt dd figcaption hr title main aside nav".split())
_HIDDEN = frozenset("script style noscript template svg head iframe object canvas".split())
#: where a date or a title may be read, best first
_DATE_SOURCES = ("article:published_time", "json-ld datePublished", "meta", "time")
_TITLE_SOURCES = ("og:title", "title", "json-ld headline", "h1")
_NOTES = {"article:published_time": "HTML <meta> article:published_time",
          "json-ld datePublished": "HTML JSON-LD datePublished", "meta": "HTML <meta> date",
          "time": "HTML <time datetime>", "og:title": "HTML <meta> og:title",
          "title": "HTML <title>", "json-ld headline": "HTML JSON-LD headline",
          "h1": "HTML first <h1>"}
_DATE_META = ("datepublished", "date", "dc.date", "dc.date.issued", "dcterms.date",
              "dcterms.issued", "pubdate", "publish-date", "publication_date")
_ISO_DATE = re.compile(r"\d{4}-\d{2}(?:-\d{2})?")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)


def declared_charset(raw: bytes) -> str | None:
    """The encoding a page declares in its first 2 kB (``<meta charset>``), if any.

    Example:
        >>> declared_charset(b'<meta http-equiv="Content-Type" content="text/html;charset=latin1">')
        'latin1'
    """
    m = _CHARSET.search(raw[:2048])
    return m.group(1).decode("ascii").lower() if m else None


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.found: dict[str, str] = {}     # a source of _DATE_SOURCES / _TITLE_SOURCES -> value
        self.url: dict[str, str] = {}
        self.hidden = 0
        self.capture: str | None = None     # "title", "h1", "json-ld": text being collected
        self.captured: list[str] = []
        self.json_ld: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            self._meta(a)
        elif tag == "link" and a.get("rel", "").lower() == "canonical" and a.get("href"):
            self.url.setdefault("canonical", a["href"])
        elif tag == "time" and (m := _ISO_DATE.match(a.get("datetime", "").strip())):
            self.found.setdefault("time", m.group(0))
        if tag == "script" and a.get("type", "").lower() == "application/ld+json":
            self._start_capture("json-ld")
        elif tag == "title" or (tag == "h1" and "h1" not in self.found and not self.hidden):
            self._start_capture(tag)
        if tag in _HIDDEN:
            self.hidden += 1
        if tag in _BLOCKS:
            self.parts.append("\n- " if tag == "li" and not self.hidden else "\n")

    def _start_capture(self, what: str) -> None:
        self.capture, self.captured = what, []

    def _meta(self, a: dict[str, str]) -> None:
        key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
        content = a.get("content", "").strip()
        if key == "article:published_time" and (m := _ISO_DATE.match(content)):
            self.found.setdefault(key, m.group(0))
        elif key in _DATE_META and (m := _ISO_DATE.match(content)):
            self.found.setdefault("meta", m.group(0))
        elif key == "og:title" and content:
            self.found.setdefault(key, " ".join(content.split()))
        elif key == "og:url" and content:
            self.url.setdefault("og:url", content)

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN and self.hidden:
            self.hidden -= 1
        closing = "script" if self.capture == "json-ld" else self.capture
        if self.capture and tag == closing:
            value = "".join(self.captured)
            if self.capture == "json-ld":
                self.json_ld.append(value)
            elif value.split():
                self.found.setdefault(self.capture, " ".join(value.split()))
            self.capture = None
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.capture:
            self.captured.append(data)
        if not self.hidden and self.capture != "title":
            self.parts.append(re.sub(r"\s+", " ", data))  # a newline in HTML is a space


def _json_ld(found: dict[str, str], blocks: list[str]) -> None:
    """``datePublished`` and ``headline`` of the first JSON-LD object that has them."""
    def walk(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            date = node.get("datePublished")
            if isinstance(date, str) and (m := _ISO_DATE.match(date.strip())):
                found.setdefault("json-ld datePublished", m.group(0))
            title = node.get("headline")
            if isinstance(title, str) and title.strip():
                found.setdefault("json-ld headline", " ".join(title.split()))
            walk(node.get("@graph"))
    for block in blocks:
        try:
            walk(json.loads(block))
        except ValueError:
            continue                      # a malformed block says nothing


def html_text(raw: str) -> tuple[str, dict[str, str]]:
    """The visible text of an HTML page and its ``title``, ``date``, ``url`` (each with a note)."""
    reader = _Reader()
    reader.feed(raw)
    reader.close()
    _json_ld(reader.found, reader.json_ld)
    head: dict[str, str] = {}
    for field, sources in (("date", _DATE_SOURCES), ("title", _TITLE_SOURCES)):
        source = next((s for s in sources if reader.found.get(s)), None)
        if source:
            head[field], head[field + "_note"] = reader.found[source], _NOTES[source]
    for source in ("canonical", "og:url"):
        if source in reader.url:
            head["url"], head["url_note"] = reader.url[source], f"HTML {source} address"
            break
    lines = (" ".join(line.split()) for line in "".join(reader.parts).split("\n"))
    text = "\n".join(line for line in lines if line)
    return (text + "\n" if text else ""), head
