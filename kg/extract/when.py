"""Dates as a sentence writes them, still to be resolved against the document's date.

"lundi 6 novembre", "27/03/2026", "le 3 courant" (of the document's month), "le
vingt-sept juin deux mille vingt-six", "samedi" alone (the last Saturday on or before
the document's date), "il y a quelques instants" (the document's day): each a
:class:`~kg.extract.records.DateExpr` that :mod:`kg.resolve` turns into a date.

Example:
    >>> [(d.day, d.month, d.year) for d in find_dates("signé le 8 nov. 2008")]
    [(8, 11, 2008)]
"""

from __future__ import annotations

import re

from kg.dates import MONTHS, WEEKDAYS, dates_in_words
from kg.extract.records import DateExpr
from kg.extract.text import fold

__all__ = ["find_dates"]

#: "lundi 6 novembre 2017", "8 nov. 2008", "6 novembre" (folded)
_DATE = re.compile(rf"(?:(?P<wd>{'|'.join(WEEKDAYS)})\s+)?(?P<d>\d{{1,2}}|1er)\s+"
                   rf"(?P<m>{'|'.join(MONTHS)})(?![\w])\.?(?:\s+(?P<y>\d{{4}}))?")
_TODAY = re.compile(r"\b(?:il y a quelques instants|a l'instant|ce matin|cet apres-midi)\b")
_CURRENT_MONTH = re.compile(r"(?<![\w])(?P<d>\d{1,2}|1er)\s+courant\b")
_NUMERIC_DATE = re.compile(r"(?<![\d/])(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})(?![\d/])")
_WEEKDAY_ONLY = re.compile(rf"\b(?P<wd>{'|'.join(WEEKDAYS)})\b(?!\s+(?:\d|1er))")


def find_dates(text: str) -> list[DateExpr]:
    """Day-month dates as written (the year and weekday when given; "27/03/2026" and "le 3
    courant", of the document's month, too), else
    a weekday alone ("samedi matin"), resolved later as the last such day on or before the
    document's date."""
    out = []
    for m in _WEEKDAY_ONLY.finditer(fold(text)):
        out.append(DateExpr(text[m.start():m.end()], None, None, None, m.group("wd")))
    for m in _DATE.finditer(fold(text)):
        out.append(DateExpr(text[m.start():m.end()], int(m.group("d").replace("er", "")),
                            MONTHS[m.group("m")], int(m.group("y")) if m.group("y") else None,
                            m.group("wd")))
    for m in _TODAY.finditer(fold(text)):        # "il y a quelques instants": the document's day
        out.append(DateExpr(text[m.start():m.end()], None, None, None, None))
    for found in dates_in_words(text):             # "le vingt-sept juin deux mille vingt-six"
        y, mo, d = (int(x) for x in found.iso.split("-"))
        out.append(DateExpr(found.text, d, mo, y))
    for m in _CURRENT_MONTH.finditer(fold(text)):      # "le 3 courant": of this month
        out.append(DateExpr(text[m.start():m.end()], int(m.group("d").replace("er", "")),
                            None, None))
    for m in _NUMERIC_DATE.finditer(text):      # "le 27/03/2026"
        if 1 <= int(m.group("m")) <= 12 and 1 <= int(m.group("d")) <= 31:
            out.append(DateExpr(m.group(), int(m.group("d")), int(m.group("m")),
                                int(m.group("y"))))
    return out
