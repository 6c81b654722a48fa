"""The text of a Markdown document without its markup, and what its front matter says.

Markup would otherwise reach the rules as words (``**Ville de Rennes**``,
``[accord](https://...)``, ``| Culture | Santé |``), so the document's text is
what a reader sees: headings without ``#``, emphasis, inline code and links
reduced to their text, images and link definitions dropped, list items as
``- `` bullets, table rows as cells joined by `` ; `` (the separator row
dropped), quotes without ``>``, code fences dropped (their lines kept), and
the lines of one paragraph joined, as Markdown renders them. A YAML front
matter (``---`` ... ``---`` at the top) is dropped from the text; its
``title``, ``date`` and ``source`` (or ``url``) are the document's metadata;
else the first level-1 heading is its title.

Example:
    >>> text, head = markdown_text("# L'accord\\n\\nLa **Ville de Rennes** a signé\\n"
    ...                            "un [accord](https://x.fr) :\\n\\n* culture\\n")
    >>> print(text, end="")
    L'accord
    <BLANKLINE>
    La Ville de Rennes a signé un accord :
    <BLANKLINE>
    - culture
    >>> head
    {'title': "L'accord", 'title_note': 'Markdown heading'}
"""

from __future__ import annotations

import re

import yaml

__all__ = ["markdown_text", "inline_text"]

_FRONT = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_ISO_DATE = re.compile(r"\d{4}-\d{2}(?:-\d{2})?")
_FENCE = re.compile(r"\s*(```|~~~)")
_ATX = re.compile(r"\s{0,3}(?P<level>#{1,6})\s+(?P<text>.*?)(?:\s+#+)?\s*$")
_SETEXT = re.compile(r"\s{0,3}(?P<c>=+|-+)\s*$")
_RULE = re.compile(r"\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
_BULLET = re.compile(r"\s*(?:[-*+]|\d{1,3}[.)])\s+(?:\[[ xX]\]\s+)?")
_TABLE_SEP = re.compile(r"\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_LINK_DEF = re.compile(r"\s{0,3}\[[^\]]+\]:\s*\S+.*$")
_INLINE = (
    (re.compile(r"\s*!\[[^\]]*\](?:\([^)]*\)|\[[^\]]*\])"), ""),                     # images
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),                                  # links
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),                                 # ref links
    (re.compile(r"<((?:https?|mailto):[^>\s]+)>"), r"\1"),                          # autolinks
    (re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>"), ""),                   # HTML tags
    (re.compile(r"(?<!\\)`+([^`]+?)`+"), r"\1"),                                    # code
    (re.compile(r"(?<![\\\w])(\*\*|__)(?=\S)(.+?)(?<=\S)\1(?!\w)"), r"\2"),         # strong
    (re.compile(r"(?<![\\\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])"), r"\1"),    # *em*
    (re.compile(r"(?<![\\\w])_(?=[^\s_])(.+?)(?<=[^\s_])_(?!\w)"), r"\1"),          # _em_
    (re.compile(r"(?<!\\)~~(?=\S)(.+?)(?<=\S)~~"), r"\1"),                          # ~~del~~
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])"), r"\1"),                           # escapes
)


def inline_text(line: str) -> str:
    """A line without inline markup.

    Example:
        >>> inline_text("**La _Région_** signe [l'accord](a.html) ![logo](l.png) \\\\*")
        "La Région signe l'accord *"
    """
    for pattern, repl in _INLINE:
        line = pattern.sub(repl, line)
    return line


def _front_matter(raw: str) -> tuple[str, dict[str, str]]:
    m = _FRONT.match(raw)
    if not m:
        return raw, {}
    try:
        data = yaml.safe_load(m["yaml"])
    except yaml.YAMLError:
        return raw, {}
    if not isinstance(data, dict):
        return raw, {}
    head: dict[str, str] = {}
    data = {str(k).lower(): v for k, v in data.items()}
    if isinstance(data.get("title"), str) and data["title"].strip():
        head["title"], head["title_note"] = " ".join(data["title"].split()), "Markdown front matter"
    date = _ISO_DATE.match(str(data.get("date") or ""))
    if date:
        head["date"], head["date_note"] = date.group(0), "Markdown front matter"
    source = data.get("source") or data.get("url")
    if isinstance(source, str) and source.strip():
        head["url"], head["url_note"] = source.strip(), "Markdown front matter"
    return raw[m.end():], head


def _table_row(line: str) -> str:
    cells = [inline_text(c.strip()) for c in line.strip().strip("|").split("|")]
    return " ; ".join(c for c in cells if c)


def markdown_text(raw: str) -> tuple[str, dict[str, str]]:
    """The text of a Markdown document (``\\n`` line ends) and its ``title``/``date``/``url``."""
    body, head = _front_matter(raw)
    out: list[str] = []          # finished lines; "" is a blank line
    para: list[str] = []         # lines of the paragraph being read

    def flush() -> None:
        if para:
            out.append(" ".join(para))
            para.clear()

    lines = body.split("\n")
    fenced = False
    for i, line in enumerate(lines):
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if _FENCE.match(line):
            flush()
            fenced = not fenced
            continue
        if fenced:
            out.append(line)
            continue
        line = re.sub(r"^\s{0,3}(?:>\s?)+", "", line)       # block quotes
        hard = line.endswith(("  ", "\\"))
        stripped = line.strip()
        if not stripped or _RULE.match(line) or _LINK_DEF.match(line) or _TABLE_SEP.match(line):
            flush()
            if not stripped and out and out[-1]:
                out.append("")
            continue
        if _SETEXT.match(line) and not para and out and out[-1]:
            continue                                         # a heading's underline
        heading = _ATX.match(line)
        setext = _SETEXT.match(nxt) and not para and not _BULLET.match(line)
        if heading or setext:
            flush()
            text = inline_text(heading["text"] if heading else stripped)
            level1 = (heading and len(heading["level"]) == 1) or (setext and "=" in nxt)
            if level1 and text and "title" not in head:
                head["title"], head["title_note"] = text, "Markdown heading"
            out.append(text)
        elif stripped.startswith("|") or (stripped.count("|") >= 2 and _TABLE_SEP.match(nxt)):
            flush()
            out.append(_table_row(line))
        elif bullet := _BULLET.match(line):
            flush()
            para.append("- " + inline_text(line[bullet.end():].strip()))
        elif words := inline_text(stripped.rstrip("\\").strip()).strip():
            para.append(words)
        if hard:
            flush()
    flush()
    text = "\n".join(out).strip("\n")
    return (text + "\n" if text else ""), head
