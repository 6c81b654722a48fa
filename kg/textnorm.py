"""The text the rules read, and the way back to the text provenance points into.

A document's *published* text (:attr:`kg.model.Document.text`, the
``nif:isString`` of its ``nif:Context``) keeps its typography: curly
apostrophes and quotes, non-breaking and thin spaces, ligatures. The
*analysis* text that spaCy and the rules read has them normalised:

- ``’ ‘ ʼ ‛`` -> ``'`` and ``“ ” „ ‟`` -> ``"`` (``« »`` stay: the rules read them);
- no-break, narrow no-break, thin, figure and other fixed-width spaces -> a space;
- the Latin ligatures ``ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ`` -> their letters (``œ`` and ``æ`` are
  French letters, they stay);
- soft hyphens, zero-width spaces and joiners, word joiners and stray byte
  order marks are dropped.

:class:`Analysis` keeps, for every character of the analysis text, the span
of the published character it came from, so :meth:`Analysis.span` maps any
offset read on the analysis text back to the published text.

Example:
    >>> a = analysis_text("l’o\\u00adﬃce « ﬁnal »")
    >>> print(a.text)
    l'office « final »
    >>> start = a.text.index("final")
    >>> a.span(start, start + 5), a.slice(start, start + 5)
    ((10, 14), 'ﬁnal')
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kg.extract.records import Extraction

__all__ = ["Analysis", "analysis_text", "to_published", "REPLACEMENTS"]

_SPACES = "\u00a0\u202f\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u205f"
_DROPPED = "\u00ad\u200b\u200c\u200d\u2060\ufeff"

#: published character -> what the rules read instead
REPLACEMENTS: dict[str, str] = {
    "’": "'", "‘": "'", "ʼ": "'", "‛": "'",
    "“": '"', "”": '"', "„": '"', "‟": '"',
    "ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st",
    **{c: " " for c in _SPACES},
    **{c: "" for c in _DROPPED},
}
_TABLE = str.maketrans(REPLACEMENTS)


@dataclass(frozen=True)
class Analysis:
    """A published text, its analysis text, and where each analysis character comes from.

    ``starts[i]``/``ends[i]`` are the published span of analysis character ``i``;
    both are empty when the two texts are the same.
    """

    published: str
    text: str
    starts: tuple[int, ...] = ()
    ends: tuple[int, ...] = ()

    @property
    def identical(self) -> bool:
        """True when nothing was normalised (offsets are the same in both texts)."""
        return not self.starts

    def offset(self, pos: int) -> int:
        """The published offset of analysis offset ``pos`` taken as a *start*.

        Example:
            >>> analysis_text("a\\u00adb").offset(1)
            2
        """
        if self.identical:
            return pos
        return self.starts[pos] if pos < len(self.starts) else len(self.published)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The published span of the analysis span ``[start, end)``.

        A span that starts or ends inside a ligature covers the whole ligature;
        dropped characters at its edges are left out, those inside are kept.

        Example:
            >>> analysis_text("ﬁn").span(1, 3)
            (0, 2)
        """
        if self.identical:
            return start, end
        if end <= start:
            begin = self.offset(start)
            return begin, begin
        return self.starts[start], self.ends[end - 1]

    def slice(self, start: int, end: int) -> str:
        """The published text of the analysis span ``[start, end)``."""
        begin, stop = self.span(start, end)
        return self.published[begin:stop]


def analysis_text(published: str) -> Analysis:
    """Normalise ``published`` for the rules (see the module docstring), with the offset map.

    Example:
        >>> analysis_text("Aix\\u00a0: « ok »").text
        'Aix : « ok »'
        >>> analysis_text("plain").identical
        True
    """
    text = published.translate(_TABLE)
    if text == published:
        return Analysis(published, published)
    starts: list[int] = []
    ends: list[int] = []
    for i, ch in enumerate(published):
        out = REPLACEMENTS.get(ch, ch)
        starts += [i] * len(out)
        ends += [i + 1] * len(out)
    return Analysis(published, text, tuple(starts), tuple(ends))


def to_published(ex: Extraction, analysis: Analysis) -> Extraction:
    """``ex`` (read on ``analysis.text``) with every mention and evidence span and text
    mapped to the published text; entity labels stay as the rules read them.

    Example:
        >>> from kg.extract.records import Extraction, MentionRec
        >>> a = analysis_text("L’Aﬃche")
        >>> ex = Extraction("d", mentions=[MentionRec(2, 9, "Affiche", "k", 0, 9, "r")])
        >>> to_published(ex, a).mentions[0]
        MentionRec(start=2, end=7, text='Aﬃche', key='k', sent_start=0, sent_end=7, rule='r')
    """
    if analysis.identical:
        return ex
    mentions = []
    for m in ex.mentions:
        start, end = analysis.span(m.start, m.end)
        sent_start, sent_end = analysis.span(m.sent_start, m.sent_end)
        mentions.append(replace(m, start=start, end=end, text=analysis.published[start:end],
                                sent_start=sent_start, sent_end=sent_end))
    facts = []
    for f in ex.facts:
        start, end = analysis.span(f.evidence.start, f.evidence.end)
        evidence = replace(f.evidence, start=start, end=end, text=analysis.published[start:end])
        facts.append(replace(f, evidence=evidence))
    return replace(ex, mentions=mentions, facts=facts)
