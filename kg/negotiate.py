"""Content negotiation for ``kg serve``: media types, format names, update and SERVICE
detection.

Example:
    >>> RESULT_BY_TYPE["application/sparql-results+json"]
    'json'
"""

from __future__ import annotations

import re

from kg.results import GRAPH_TYPES, RESULT_TYPES

__all__ = ["negotiate", "is_update", "uses_service", "RESULT_BY_TYPE", "GRAPH_BY_TYPE",
           "SHORT_NAMES"]

RESULT_BY_TYPE = {media: name for name, media in RESULT_TYPES.items()} | {
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
}
GRAPH_BY_TYPE = {media: name for name, (media, _) in GRAPH_TYPES.items()} | {
    "application/x-turtle": "turtle",
    "application/json": "json-ld",
}
SHORT_NAMES = {
    **{n: n for n in RESULT_TYPES},
    **{n: n for n in GRAPH_TYPES},
    "ttl": "turtle",
    "jsonld": "json-ld",
    "nt": "ntriples",
}
_UPDATE = re.compile(
    r"^\s*(?:(?:PREFIX|BASE)\b[^{]*?)*\s*(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|"
    r"COPY|MOVE|ADD|WITH)\b",
    re.I | re.S,
)


def _quality(params: list[str]) -> float:
    for param in params:
        if param.startswith("q="):
            try:
                return float(param[2:])
            except ValueError:
                return 0.0
    return 1.0


def negotiate(accept: str | None, offers: list[str]) -> str | None:
    """The offer the ``Accept`` header likes best (earlier offers win ties); None if none fits.

    Example:
        >>> negotiate("text/csv;q=0.9, application/sparql-results+json",
        ...           ["text/csv", "application/sparql-results+json"])
        'application/sparql-results+json'
        >>> negotiate("image/png", ["text/html"]) is None
        True
    """
    if not accept:
        return offers[0]
    scores: dict[str, float] = {}
    for part in accept.split(","):
        media, *params = (p.strip().lower() for p in part.split(";"))
        q = _quality(params)
        for offer in offers:
            exact = media == offer
            fits = (
                exact or media == "*/*" or (media.endswith("/*") and offer.startswith(media[:-1]))
            )
            if fits and (exact or offer not in scores):
                scores[offer] = q if exact else max(q, scores.get(offer, 0.0))
    ranked = [o for o in offers if scores.get(o, 0.0) > 0]
    return max(ranked, key=lambda o: scores[o]) if ranked else None


def is_update(sparql: str) -> bool:
    """Whether ``sparql`` reads as a SPARQL Update request.

    Example:
        >>> is_update("PREFIX ex: <http://e/> INSERT DATA { ex:a ex:b ex:c }")
        True
    """
    return _UPDATE.match(sparql) is not None


# tokens in which the letters S-E-R-V-I-C-E are not the keyword: long and short strings,
# IRIs, escapes, comments, variables, language tags and the local part of prefixed names
# (ex:WebService). Each is matched no longer than SPARQL reads it (a local part stops at
# a dot; a prefix stays, as Oxigraph reads SERVICE:x as SERVICE :x), so a keyword can be
# refused wrongly, never hidden.
_NOT_KEYWORDS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
    r"|<[^<>\"{}|^`\\\x00-\x20]*>|\\\S|#[^\n]*"
    r"|[?$]\w+|@[A-Za-z]+(?:-[A-Za-z0-9]+)*|:(?:[\w:%-]|\\\S)*",
    re.S,
)
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def _codepoint(m: re.Match[str]) -> str:
    value = int(m.group(1) or m.group(2), 16)
    return chr(value) if value <= 0x10FFFF else " "


def uses_service(sparql: str) -> bool:
    """Whether ``sparql`` holds a SERVICE clause (a federated query, which makes the
    query engine send HTTP requests to the address it names).

    The keyword is looked for once the tokens that may hold its letters are taken out,
    in the text as written and with its ``\\u`` escapes decoded (SPARQL lets a parser
    decode them anywhere, Oxigraph in strings only); either finding it counts. A query
    wrongly suspected is refused, never the other way round.

    Example:
        >>> uses_service("SELECT * { SERVICE <http://e/sparql> { ?s ?p ?o } }")
        True
        >>> uses_service('SELECT ?service { ?service a ex:WebService ; rdfs:label "SERVICE" }')
        False
    """
    decoded = _CODEPOINT.sub(_codepoint, sparql)
    return any("SERVICE" in _NOT_KEYWORDS.sub(" ", text).upper()
               for text in {sparql, decoded})
