"""French dates: absolute ones ("lundi 6 novembre 2017"), incomplete ones, relative ones.

Pure functions, no model. Matching is case- and accent-insensitive
("FEVRIER" = "février") and works on a folded copy of the text that keeps
every character at its offset, so a :class:`DateMatch` points into the text
given.

Precisions: ``"day"`` (``2017-11-06``), ``"week"`` (the Monday, ``2017-10-30``),
``"month"`` (``2017-11``), ``"year"`` (``2015``).

Example:
    >>> parse_french_date("Marseille, le 1er décembre 2019")
    ('2019-12-01', 'day')
    >>> resolve_relative("il y a deux ans", date(2017, 11, 6))
    ('2015', 'year')
    >>> parse_french_date("Fait à Sète, le vingt-sept juin deux mille vingt-six")
    ('2026-06-27', 'day')
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from kg.errors import ExtractError

__all__ = [
    "MONTHS", "WEEKDAYS", "DateMatch", "dates_in_words", "fold", "find_french_dates",
    "parse_french_date",
    "infer_year_from_weekday", "number_in_words", "resolve_relative",
]

#: folded month names and abbreviations -> month number
MONTHS: dict[str, int] = {
    "janvier": 1, "janv": 1, "fevrier": 2, "fevr": 2, "fev": 2, "mars": 3, "avril": 4,
    "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "aout": 8, "septembre": 9,
    "sept": 9, "octobre": 10, "oct": 10, "novembre": 11, "nov": 11, "decembre": 12, "dec": 12,
}
#: folded weekday names -> ``date.weekday()``
WEEKDAYS: dict[str, int] = {
    "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6,
}
_NUMBERS = {
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "quinze": 15, "vingt": 20,
    "trente": 30, "quelques": None,
}
_MONTH = "(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WDAY = r"(?:(?P<wday>" + "|".join(WEEKDAYS) + r")\s+)?"
_DAY = r"(?P<day>[0-3]?\d)(?:er)?"
_FULL = re.compile(rf"\b{_WDAY}{_DAY}\s+{_MONTH}\s+(?P<year>\d{{4}})\b")
_NUMERIC = re.compile(r"\b(?P<day>[0-3]?\d)[/.](?P<month>[01]?\d)[/.](?P<year>\d{4})\b")
_ISO = re.compile(r"\b(?P<year>\d{4})-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b")
_DAY_MONTH = re.compile(rf"\b{_WDAY}{_DAY}\s+{_MONTH}(?!\s*\d)")
_MONTH_YEAR = re.compile(rf"\b{_MONTH}\s+(?P<year>\d{{4}})\b")
#: number words as a deed writes a date ("le vingt-sept juin deux mille vingt-six")
_UNITS = {"premier": 1, "un": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6,
          "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13,
          "quatorze": 14, "quinze": 15, "seize": 16, "vingt": 20, "vingts": 20, "trente": 30,
          "quarante": 40, "cinquante": 50, "soixante": 60}
_WORD = "(?:" + "|".join(sorted(_UNITS, key=len, reverse=True)) + ")"
_YEAR_WORD = rf"(?:{_WORD}|cents?|mille|et)"
_IN_WORDS = re.compile(rf"\b(?P<dw>{_WORD}(?:[ -](?:et[ -])?{_WORD}){{0,2}})\s+{_MONTH}\s+"
                       rf"(?P<yw>(?:{_WORD}[ -])?mille(?:[ -]{_YEAR_WORD})*)\b")


def number_in_words(words: str) -> int | None:
    """The number that French words write, up to the thousands; None if a word is not one.

    Example:
        >>> number_in_words("deux mille vingt-six"), number_in_words("quatre-vingt-dix-neuf")
        (2026, 99)
    """
    total = current = 0
    for word in re.split(r"[ -]+", fold(words).strip()):
        if word == "et":
            continue
        if word == "mille":
            total, current = total + (current or 1) * 1000, 0
        elif word in ("cent", "cents"):
            current = (current or 1) * 100
        elif word in _UNITS:
            value = _UNITS[word]
            # quatre-vingt(s) is 4 then 20: 80; soixante-dix, dix-sept... add up
            current += 76 if value == 20 and current % 100 == 4 else value
        else:
            return None
    return total + current


@dataclass(frozen=True)
class DateMatch:
    """A date found in a text: offsets into that text, ISO value and its precision."""

    start: int
    end: int
    text: str
    iso: str
    precision: str


def fold(text: str) -> str:
    """Lower case without accents, one character for one: offsets stay valid.

    Example:
        >>> fold("LUNDI 6 Février")
        'lundi 6 fevrier'
    """
    out = []
    for char in text:
        base = "".join(c for c in unicodedata.normalize("NFKD", char)
                       if not unicodedata.combining(c)).lower()
        out.append(base if len(base) == 1 else (char.lower() if len(char.lower()) == 1 else char))
    return "".join(out).replace("’", "'")


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _month(token: str) -> int:
    return int(token) if token.isdigit() else MONTHS[token]


def _year_for(day: int, month: int, wday: str | None, reference: date) -> int | None:
    """The year of an incomplete date, seen from ``reference``."""
    if not wday:
        return reference.year if _iso(reference.year, month, day) else None
    years = infer_year_from_weekday(day, month, wday, range(reference.year - 6, reference.year + 7))
    if not years:
        return None
    return min(years, key=lambda y: (abs(date(y, month, day) - reference), y))


def find_french_dates(text: str, *, reference: date | None = None) -> list[DateMatch]:
    """Every date expression of ``text``, in text order, without overlaps.

    Full dates come first; "6 novembre" without a year only with a ``reference``;
    "novembre 2017" is a month. Impossible dates ("31 février 2017") are skipped.

    Example:
        >>> [m.iso for m in find_french_dates("du 6/11/2017 à décembre 2017")]
        ['2017-11-06', '2017-12']
    """
    folded = fold(text)
    found: list[DateMatch] = []
    taken: set[int] = set()
    for pattern in (_FULL, _NUMERIC, _ISO, _IN_WORDS, _DAY_MONTH, _MONTH_YEAR):
        for m in pattern.finditer(folded):
            if taken & set(range(*m.span())):
                continue
            taken |= set(range(*m.span()))  # an impossible date is no date, not a month
            value = _in_words(m) if pattern is _IN_WORDS else _value(m, reference)
            if value is not None:
                found.append(DateMatch(m.start(), m.end(), text[m.start():m.end()], *value))
    return sorted(found, key=lambda d: d.start)


def dates_in_words(text: str) -> list[DateMatch]:
    """The dates ``text`` writes in words, as a deed does.

    Example:
        >>> [d.iso for d in dates_in_words("Fait le deux mai deux mille vingt, et le 3 mai")]
        ['2020-05-02']
    """
    found: list[DateMatch] = []
    if "mille" not in text.lower():       # a year in words says "mille": most texts have none
        return found
    for m in _IN_WORDS.finditer(fold(text)):
        value = _in_words(m)
        if value is not None:
            found.append(DateMatch(m.start(), m.end(), text[m.start():m.end()], *value))
    return found


def _in_words(m: re.Match[str]) -> tuple[str, str] | None:
    day, year = number_in_words(m.group("dw")), number_in_words(m.group("yw"))
    iso = _iso(year, _month(m.group("month")), day) if day and year else None
    return (iso, "day") if iso else None


def _value(m: re.Match[str], reference: date | None) -> tuple[str, str] | None:
    groups = m.groupdict()
    month = _month(groups["month"])
    if groups.get("day") is None:
        return (f"{int(groups['year']):04d}-{month:02d}", "month") if 1 <= month <= 12 else None
    day = int(groups["day"])
    if groups.get("year"):
        year: int | None = int(groups["year"])
    elif reference is not None:
        year = _year_for(day, month, groups.get("wday"), reference)
    else:
        return None
    iso = _iso(year, month, day) if year else None
    return (iso, "day") if iso else None


def parse_french_date(text: str, *, reference: date | None = None) -> tuple[str, str] | None:
    """The first date of ``text`` as ``(iso, precision)``, or ``None``.

    Args:
        text: a date expression or a line holding one ("Marseille, le 6 novembre 2017").
        reference: the date the text speaks from; needed for "lundi 6 novembre".

    Example:
        >>> parse_french_date("LUNDI 6 NOVEMBRE 2017")
        ('2017-11-06', 'day')
        >>> parse_french_date("lundi 6 novembre", reference=date(2018, 3, 1))
        ('2017-11-06', 'day')
        >>> parse_french_date("novembre 2017")
        ('2017-11', 'month')
    """
    found = find_french_dates(text, reference=reference)
    return (found[0].iso, found[0].precision) if found else None


def infer_year_from_weekday(day: int, month: int, weekday: str,
                            candidates: Iterable[int]) -> list[int]:
    """The candidate years in which ``day``/``month`` falls on ``weekday``.

    Raises:
        ExtractError: ``weekday`` is not a French weekday name.

    Example:
        >>> infer_year_from_weekday(6, 11, "Lundi", range(2012, 2024))
        [2017, 2023]
    """
    key = fold(weekday).strip()
    if key not in WEEKDAYS:
        raise ExtractError(f"unknown weekday {weekday!r}",
                           hint="use a French weekday name: " + ", ".join(WEEKDAYS))
    return [y for y in candidates
            if _iso(y, month, day) and date(y, month, day).weekday() == WEEKDAYS[key]]


def _count(token: str) -> int | None:
    return int(token) if token.isdigit() else _NUMBERS.get(token)


def _shift(reference: date, amount: int, unit: str) -> tuple[str, str] | None:
    """``reference`` moved by ``amount`` units, at that unit's precision."""
    if unit in ("an", "annee"):
        return str(reference.year + amount), "year"
    if unit == "mois":
        index = reference.year * 12 + reference.month - 1 + amount
        return f"{index // 12:04d}-{index % 12 + 1:02d}", "month"
    if unit == "semaine":
        monday = reference - timedelta(days=reference.weekday()) + timedelta(weeks=amount)
        return monday.isoformat(), "week"
    return (reference + timedelta(days=amount)).isoformat(), "day"


_UNIT = r"(?P<unit>an|annee|mois|semaine|jour)s?"
_FIXED: list[tuple[re.Pattern[str], int, str]] = [
    (re.compile(r"\bavant[- ]hier\b"), -2, "jour"),
    (re.compile(r"\bapres[- ]demain\b"), 2, "jour"),
    (re.compile(r"\baujourd'?\s?hui\b"), 0, "jour"),
    (re.compile(r"\b(?:il y a quelques instants|a l'instant|ce matin|cet apres-midi|ce soir)\b"),
     0, "jour"),
    (re.compile(r"\bhier\b"), -1, "jour"),
    (re.compile(r"\bdemain\b"), 1, "jour"),
]
_THIS = re.compile(r"\b(?:cette|cet|ce)\s+(?P<unit>annee|an|mois|semaine)(?:-ci)?\b")
_LAST = re.compile(r"\b(?:l'|le\s+|la\s+)?(?P<unit>annee|an|mois|semaine)\s+"
                   r"(?P<dir>derniere?|passee?|precedente?|prochaine?|suivante?)\b")
_AGO = re.compile(rf"\bil\s+y\s+a\s+(?P<n>\d+|[a-z]+)\s+{_UNIT}\b")
_IN = re.compile(rf"\bdans\s+(?P<n>\d+|[a-z]+)\s+{_UNIT}\b")


def resolve_relative(expr: str, reference: date) -> tuple[str, str] | None:
    """Resolve a relative French date expression against ``reference``.

    Handles "aujourd'hui" ("il y a quelques instants", "ce matin"...), "hier", "demain",
    "avant-hier", "cette année",
    "l'année dernière", "l'an prochain", "ce mois-ci", "la semaine dernière"
    (its Monday, precision ``"week"``), "il y a deux ans", "dans 3 mois".

    Returns:
        ``(iso, precision)``, or ``None`` when ``expr`` holds none of these.

    Example:
        >>> resolve_relative("la semaine dernière", date(2017, 11, 6))
        ('2017-10-30', 'week')
        >>> resolve_relative("L'an prochain", date(2017, 11, 6))
        ('2018', 'year')
    """
    text = fold(expr)
    for pattern, amount, unit in _FIXED:
        if pattern.search(text):
            return _shift(reference, amount, unit)
    if m := _THIS.search(text):
        return _shift(reference, 0, m["unit"])
    if m := _LAST.search(text):
        forward = m["dir"].startswith(("prochain", "suivant"))
        return _shift(reference, 1 if forward else -1, m["unit"])
    for pattern, sign in ((_AGO, -1), (_IN, 1)):
        if (m := pattern.search(text)) and (n := _count(m["n"])) is not None:
            return _shift(reference, sign * n, m["unit"])
    return None
