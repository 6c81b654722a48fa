"""Metadata read from a document's own text: date, kind, title, source, language.

The rules, in order (each value read is kept as a :class:`MetaRecord` with
origin ``"text"`` and a note quoting what it was read from):

- **date**: a dateline among the first five non-empty lines, a line that is a
  date and little else ("Lundi 6 novembre 2017", "Marseille, le 6 novembre
  2017", "novembre 2017", a newsletter's "LA LETTRE - n° 27 - 07/04/2026"); first,
  a date the markup gives (an HTML page's ``<meta>``, JSON-LD or ``<time>``, a
  Markdown front matter).
- **kind**: ``press_release`` when a "COMMUNIQUE DE PRESSE" heading (any case,
  accents optional) is among the first five lines; else ``web_page`` for HTML;
  else ``news_article`` when the text is prose (two or more paragraphs of at
  least 20 words ending a sentence, holding half the text or more); else
  ``other``.
- **title**: a title the markup gives (HTML ``og:title``, ``<title>`` or
  ``<h1>``; Markdown front matter or heading), a ``# `` heading line; else, among the
  header lines (those before the first prose paragraph, bar the heading, the
  dateline and a rubric), the longest upper-case line of three words or more,
  then the first header line; else the first sentence, cut at a word near 100
  characters.
- **source**: the page's canonical address (or a front matter's ``source``);
  the URL (or the text) of a "Source:" line; else the file name.
- **language**: ``en`` when English stopwords outnumber French ones two to one.

Example:
    >>> meta = read_meta("COMMUNIQUE DE PRESSE\\nLundi 6 novembre 2017\\nUN ACCORD SIGNE ICI\\n",
    ...                  file_name="d.txt")
    >>> meta.date, meta.kind, meta.title
    ('2017-11-06', 'press_release', 'UN ACCORD SIGNE ICI')
"""

from __future__ import annotations

import re
from dataclasses import replace

from kg.dates import find_french_dates, fold
from kg.model import DocumentMeta, MetaRecord

__all__ = ["read_meta", "first_lines", "TITLE_LENGTH"]

TITLE_LENGTH = 100
_HEADING = re.compile(r"\W*communiques?\s+de\s+presse\W*")
_SOURCE = re.compile(r"\s*source\s*:\s*(?P<value>.+)", re.IGNORECASE)
_URL = re.compile(r"https?://\S+")
_SENTENCE_END = re.compile(r"[.!?»…][\s\"”»)]*$")
_FR = frozenset("le la les de des du et est un une pour dans que qui avec sur au aux par ne pas "
                "ce cette il elle nous sont été a en son ses leur".split())
_EN = frozenset("the of and to in is for with on that by this are was be as at from it an "
                "has have which will their".split())


def first_lines(text: str, count: int = 5) -> list[str]:
    """The first ``count`` non-empty lines of ``text``, stripped."""
    return [line.strip() for line in text.splitlines() if line.strip()][:count]


def _is_prose(line: str) -> bool:
    return len(line.split()) >= 20 and bool(_SENTENCE_END.search(line))


def _dateline(lines: list[str]) -> tuple[str, str] | None:
    """``(iso, line)`` of the first line that is a date and little else."""
    for line in lines:
        lead = re.match(r"\s*[A-ZÀ-Ý][\w'’ -]{1,40}(?:\s*\([^)]*\))?\s*,\s*(?:le\s+)?", line)
        dates = find_french_dates(line) if lead else []
        dash = bool(dates) and re.match(r"\s*[–—-]", line[dates[0].end:])
        if dates and lead and dates[0].start <= lead.end() + 10 and dash:
            return dates[0].iso, line[:dates[0].end]   # "Rennes, le 14 mars 2023 – La Ville ..."
        published = re.match(r"(?i)\s*(?:publié|publiée|mis en ligne|mise en ligne)\s+le\s", line)
        if published and (dates := find_french_dates(line)):
            return dates[0].iso, line      # "Publié le 28/03/2024 - Mis à jour le 29/03/2024"
        for found in find_french_dates(line):
            # "Direction de la communication – Pau, le 19 mai 2026": the part after a dash
            after = max((d.end() for d in re.finditer(r"\s[–—]\s", line[:found.start])),
                        default=0)
            rest = fold(line[after:found.start] + " " + line[found.end:])
            # "*Communiqué de presse — Grenoble, le 1er février 2024*"
            rest = re.sub(r"communiques?\s+de\s+presse", " ", rest)
            rest = re.sub(r"\bn\s?[°o]\s*\d+\b", " ", rest)     # a newsletter's "n° 27"
            words = [w for w in rest.split() if re.search(r"\w", w)]
            if len(words) <= 5 and not re.search(r"\d", rest):
                return found.iso, line
    return None


def _heading(lines: list[str]) -> str | None:
    return next((line for line in lines if _HEADING.fullmatch(fold(line))), None)


def _is_upper(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(line.split()) >= 3


def _first_sentence(text: str) -> str:
    para = next((line.strip() for line in text.splitlines() if line.strip()), "")
    m = re.search(r"[.!?](?=\s+[A-ZÀ-Ý«])", para)
    sentence = para[: m.end()] if m else para
    if len(sentence) <= TITLE_LENGTH:
        return sentence
    cut = sentence[:TITLE_LENGTH].rsplit(" ", 1)[0].rstrip(" ,;:")
    return cut + "…"


def _title(text: str, skip: set[str]) -> tuple[str, str] | None:
    """``(title, how)`` by the rules of the module docstring."""
    for line in first_lines(text):
        if line.startswith("# "):
            return line[2:].strip(), "Markdown heading"
    header = []
    for line in (ln.strip() for ln in text.splitlines()):
        if _is_prose(line):
            break
        if line and line not in skip and not _SOURCE.match(line):
            header.append(line)
    upper = [line for line in header if _is_upper(line)]
    if upper:
        return max(upper, key=len), "upper-case headline"
    if header and len(header[0]) <= 150:
        return header[0], "first line"
    sentence = _first_sentence(text)
    return (sentence, "first sentence") if sentence else None


def _kind(text: str, heading: str | None, html: bool) -> tuple[str, str] | None:
    if heading:
        return "press_release", f"heading « {heading} »"
    if html:
        return "web_page", "HTML page"
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    prose = [line for line in lines if _is_prose(line)]
    if len(prose) >= 2 and sum(map(len, prose)) * 2 >= sum(map(len, lines)):
        return "news_article", f"prose: {len(prose)} paragraphs of sentences, no heading"
    return None


def _language(text: str) -> MetaRecord:
    words = re.findall(r"[a-zà-ÿ]+", text.lower())
    fr = sum(w in _FR for w in words)
    en = sum(w in _EN for w in words)
    lang = "en" if en > 2 * fr and en >= 5 else "fr"
    return MetaRecord("language", lang, "text", f"stopwords: {fr} French, {en} English")


def _source(text: str) -> tuple[str, str] | None:
    for line in text.splitlines():
        if m := _SOURCE.match(line):
            url = _URL.search(m["value"])
            return (url.group(0) if url else m["value"].strip()), line.strip()
    return None


def read_meta(text: str, *, file_name: str, head: dict[str, str] | None = None,
              html: bool | None = None) -> DocumentMeta:
    """The metadata of a document read from its text (and what its markup says).

    Args:
        text: the document's normalised text.
        file_name: its file name, the source when the text names none.
        head: ``title``, ``date`` and ``url`` the markup gives (an HTML page's
            head, a Markdown front matter), each optional, each with a
            ``<field>_note`` saying where it was read.
        html: the document is a web page; by default, when ``head`` is given.

    Returns:
        The effective values and one record per value read.
    """
    is_html = head is not None if html is None else html
    head = head or {}
    lines = first_lines(text)
    records: list[MetaRecord] = []
    dateline = _dateline(lines)
    if head.get("date"):
        note = head.get("date_note", "HTML <meta> publication date")
        records.append(MetaRecord("date", head["date"], "text", note))
    elif dateline:
        records.append(MetaRecord("date", dateline[0], "text", f"dateline « {dateline[1]} »"))
    heading = _heading(lines)
    if kind := _kind(text, heading, html=is_html):
        records.append(MetaRecord("kind", kind[0], "text", kind[1]))
    skip = {x for x in (heading, dateline[1] if dateline else None) if x}
    title = ((head["title"], head.get("title_note", "HTML <title>")) if head.get("title")
             else _title(text, skip))
    if title and dateline and title[0].startswith(dateline[1]):   # the dateline opens the text
        title = (title[0][len(dateline[1]):].lstrip(" –—-"), title[1])
    if title:
        records.append(MetaRecord("title", title[0], "text", title[1]))
    source = ((head["url"], head.get("url_note", "HTML canonical address")) if head.get("url")
              else _source(text))
    if source:
        records.append(MetaRecord("source", source[0], "text", f"« {source[1]} »"))
    records.append(_language(text))
    meta = DocumentMeta(source=file_name)
    return replace(effective(meta, records), records=tuple(records))


def effective(meta: DocumentMeta, records: list[MetaRecord]) -> DocumentMeta:
    """``meta`` with each field set from ``records`` (a later record wins)."""
    values: dict[str, str] = {r.field: r.value for r in records if r.field in _FIELDS}
    return replace(meta, **values)  # type: ignore[arg-type]


_FIELDS = ("date", "title", "kind", "source", "language")
