"""The visible text of an HTML page, one block per line, and what its head says.

Scripts, styles and the head are dropped; a block element (paragraph,
heading, list item, ...) starts a new line; runs of spaces become one. The
head gives ``title`` (``og:title`` or ``<title>``), ``date`` (an ISO
publication date from ``<meta>`` or the first ``<time datetime>``) and
``url`` (the canonical address).

Example:
    >>> text, head = html_text("<html><head><title>Accord</title></head>"
    ...                        "<body><h1>Accord</h1><p>Signé  hier.</p></body></html>")
    >>> text, head["title"]
    ('Accord\\nSigné hier.\\n', 'Accord')
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

__all__ = ["html_text"]

_BLOCKS = frozenset("p div h1 h2 h3 h4 h5 h6 li ul ol br tr table section article header "
                    "footer blockquote pre dt dd figcaption hr title".split())
_HIDDEN = frozenset("script style noscript template svg head".split())
_DATE_META = ("article:published_time", "datepublished", "date", "dc.date", "dcterms.date",
              "pubdate", "publish-date")
_ISO_DATE = re.compile(r"\d{4}-\d{2}(?:-\d{2})?")


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.head: dict[str, str] = {}
        self.hidden = 0
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            self._meta(a)
        elif tag == "link" and a.get("rel", "").lower() == "canonical" and a.get("href"):
            self.head.setdefault("url", a["href"])
        elif tag == "time" and (m := _ISO_DATE.match(a.get("datetime", ""))):
            self.head.setdefault("date", m.group(0))
        if tag == "title":
            self.in_title = True
        if tag in _HIDDEN:
            self.hidden += 1
        if tag in _BLOCKS:
            self.parts.append("\n- " if tag == "li" and not self.hidden else "\n")

    def _meta(self, a: dict[str, str]) -> None:
        key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
        content = a.get("content", "").strip()
        if key in _DATE_META and (m := _ISO_DATE.match(content)):
            self.head["date"] = m.group(0)
        elif key == "og:title" and content:
            self.head["title"] = content
        elif key == "og:url" and content:
            self.head.setdefault("url", content)

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN and self.hidden:
            self.hidden -= 1
        if tag == "title":
            self.in_title = False
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.head.setdefault("title", " ".join(data.split()))
        elif not self.hidden:
            self.parts.append(re.sub(r"\s+", " ", data))  # a newline in HTML is a space


def html_text(raw: str) -> tuple[str, dict[str, str]]:
    """The visible text of an HTML page and its head's ``title``, ``date``, ``url``."""
    reader = _Reader()
    reader.feed(raw)
    reader.close()
    lines = (" ".join(line.split()) for line in "".join(reader.parts).split("\n"))
    text = "\n".join(line for line in lines if line)
    return (text + "\n" if text else ""), reader.head
