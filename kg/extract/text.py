"""Text helpers shared by the extraction rules: folding, slugs, sentences, numbers.

``fold`` maps every character to exactly one character (accents dropped,
lower case, typographic apostrophes and hyphens unified), so an offset in the
folded text is the same offset in the original: matching happens on folded
text, provenance points into the original.

Example:
    >>> fold("Comté de Miami-Dade")
    'comte de miami dade'
    >>> slug("Métropole d'Aix-Marseille-Provence")
    'metropole-d-aix-marseille-provence'
    >>> parse_number("1,9", "million")
    1900000
    >>> parse_number("8.000")
    8000
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from kg.recache import compiled_once

__all__ = ["ACRONYM", "fold", "fold_char", "slug", "split_sentences", "parse_number", "Span",
           "strip_article", "title_case_name", "ORDINAL", "stop_words"]

_SPECIAL = {"’": "'", "‘": "'", "ʼ": "'", "`": "'", "-": " ", "‐": " ", "‑": " ", "–": " ",
            "—": " ", "\u00a0": " ", "\u202f": " ", "œ": "œ", "æ": "æ"}


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """spaCy's French stop words, read when a rule first needs them.

    Importing ``spacy.lang.fr`` compiles its tokenizer's exception regex (about 2 s,
    kept compiled by :func:`kg.recache.compiled_once`): a build whose documents all
    come from the cache never needs it, and a build that parses has imported it
    already, in loading the model.

    Example:
        >>> "le" in stop_words()
        True
    """
    with compiled_once():
        from spacy.lang.fr.stop_words import STOP_WORDS
    return frozenset(STOP_WORDS)


def fold_char(ch: str) -> str:
    """One character folded: no accent, lower case, one apostrophe, hyphens as spaces."""
    if ch in _SPECIAL:
        return _SPECIAL[ch]
    base = unicodedata.normalize("NFD", ch)[0]
    low = base.lower()
    return low if len(low) == 1 else base


class _FoldTable(dict):
    """``str.translate`` table of :func:`fold_char`, filled as characters are met."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = fold_char(chr(code))
        return folded


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Fold ``text`` character by character (same length as the input)."""
    return text.translate(_FOLD)


#: Latin letters that Unicode does not decompose into an ASCII letter and an accent
_LATIN = str.maketrans({"œ": "oe", "Œ": "Oe", "æ": "ae", "Æ": "Ae", "ß": "ss", "ø": "o",
                        "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D",
                        "þ": "th", "Þ": "Th", "ı": "i"})
_SLUG_MAX = 120


@lru_cache(maxsize=65536)
def slug(text: str) -> str:
    """An IRI path segment: ASCII ``[a-z0-9]`` words joined by ``-``, never empty.

    Accents are folded and invisible characters (zero-width joiners, direction
    overrides) dropped, so a name looks like its slug. A name with letters or
    digits that have no ASCII form (北京, a Cyrillic ``а`` in "Pаris"), with none
    at all, or longer than 120 characters gets ``_`` and a hash of the name: a
    plain slug never holds ``_``, so two different names cannot meet there.

    Example:
        >>> slug("Łódź"), slug("Pa\u200bris"), slug("../a#b?c")
        ('lodz', 'paris', 'a-b-c')
        >>> slug("北京"), slug("Pаris"), slug("٣٤")
        ('x_685e151824', 'p-ris_16c81d8a0a', '34')
    """
    text = unicodedata.normalize("NFKD", text.translate(_LATIN))
    kept = "".join(str(unicodedata.decimal(c)) if unicodedata.category(c) == "Nd" else c
                   for c in text if unicodedata.category(c)[0] != "M"
                   and unicodedata.category(c) != "Cf")
    out = re.sub(r"[^a-z0-9]+", "-", kept.lower()).strip("-")
    lost = any(c.isalnum() and not c.isascii() for c in kept)
    if out and not lost and len(out) <= _SLUG_MAX:
        return out
    name = " ".join(re.findall(r"[^\W_]+", unicodedata.normalize("NFKC", kept).casefold()))
    digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]
    return f"{out[:_SLUG_MAX - 20].strip('-') or 'x'}_{digest}"


@dataclass(frozen=True)
class Span:
    """A stretch of a document by character offsets."""

    start: int
    end: int
    text: str


_ABBREV = re.compile(r"(?:\b(?:M|Mme|Mlle|MM|Dr|Pr|St|Ste|etc|av|bd|cf|p|n°|janv|févr|fév|avr|"
                     r"juil|sept|oct|nov|déc)\.|\b[A-Z]\.)$")


def split_sentences(text: str) -> list[Span]:
    """Sentences by character offsets: every non-empty line is split at . ! ? followed
    by a capital, a quote or a dash, except after abbreviations (``M.``, ``Mme.``, ``nov.``).

    A bullet line is a sentence of its own; so is a heading.
    """
    out: list[Span] = []
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        chunk = line.group()
        cut = start
        for m in re.finditer(r"[.!?…]+[»\"”]?(?=\s+[«\"A-ZÀ-Ý0-9-])", chunk):
            end = start + m.end()
            if _ABBREV.search(text[cut:start + m.start() + 1]):
                continue
            _add(out, text, cut, end)
            cut = end
        _add(out, text, cut, line.end())
    return out


def _add(out: list[Span], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Span(start, end, text[start:end]))


_MULT = {"million": 10**6, "millions": 10**6, "milliard": 10**9, "milliards": 10**9,
         "mille": 10**3, "md": 10**9, "mds": 10**9, "m": 10**6}


def parse_number(digits: str, multiplier: str | None = None) -> int | float:
    """A French number: ``"1,9" "million"`` -> 1900000, ``"8.000"``/``"3 400"`` -> 8000/3400.

    A dot or space before exactly three digits groups thousands; a comma is the
    decimal separator.
    """
    d = re.sub(r"[\s\u00a0\u202f]", "", digits)
    d = re.sub(r"\.(?=\d{3}(?:\D|$))", "", d)
    d = d.replace(",", ".")
    value = float(d)
    if multiplier:
        value *= _MULT.get(multiplier.lower(), 1)
    value = round(value, 6)
    return int(value) if float(value).is_integer() else value


_ARTICLE = re.compile(r"^(?:l'|l’|la |le |les |un |une |des |du |de la |de l'|de l’|d'|d’|de )",
                      re.IGNORECASE)


def strip_article(text: str) -> str:
    """``"l'Immunopôle"`` -> ``"Immunopôle"``; ``"Les Etats-Unis"`` -> ``"Etats-Unis"``."""
    return _ARTICLE.sub("", text.strip(), count=1).strip()


def title_case_name(name: str) -> str:
    """``"Stéphane GIREAU"`` -> ``"Stéphane Gireau"`` (upper-case words only)."""
    def fix(word: str) -> str:
        if len(word) > 1 and word.isupper():
            return "-".join(p[:1] + p[1:].lower() for p in word.split("-"))
        return word
    return " ".join(fix(w) for w in name.split())


#: "1er", "1ère", "2ème", "2^{ème}", "2e", "premier", "première"
#: an acronym as press releases write it in brackets after a name ("(AMP)", "(UMF)")
ACRONYM = r"[A-Z][A-Z0-9&'’.-]{1,9}"
ORDINAL = r"(?:(?P<ord>\d+)\s*\^?\{?(?:er|ère|ere|re|ème|eme|e|nd|nde)\}?|(?P<ordw>premier|première|premiere))"
