"""What a document's layout says about its agreements, beyond its sentences.

* who it comes from: an authority's name on a line of its own among its first lines
  ("Département des Pyrénées-Atlantiques" above a press kit's title), and in a speech
  headed "Discours de Mme X", who "je" is (:func:`read_issuer`);
* an agreement's title with its parties on the line below ("CHARTE DE COOPÉRATION
  TRIPARTITE" / "entre la Ville de Sète, la Città di Chioggia et la Commune de
  Mahdia"), an agreement "avec X" of the authority the document comes from;
* a timeline's entries ("• 8 nov. 2008 – Accord de coopération avec ..."), each an
  agreement signed on its date;
* an agreement's own signature block: "Fait à Sète, le ...", "Pour la Ville de Sète :
  M. X, maire", "En présence de :" and the people listed below.

Used by :mod:`kg.extract.agreements`, which reads the agreements themselves.

Example:
    >>> bool(ENTRY.match("• 12 novembre 2004 – Première convention"))
    True
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from kg.extract.context import HONORIFIC, Context, fold_shaped, mention_ids
from kg.extract.mentions import Cand
from kg.extract.rules import RULES
from kg.extract.text import Span
from kg.extract.when import find_dates
from kg.namespaces import COOP

__all__ = ["BARE", "FIRST_PERSON", "ENTRY", "SIGNS_FOR", "agreement_key", "entry_signed",
           "heading_authority", "parties_below", "party_keys", "read_issuer", "signature_block",
           "timeline_entry", "with_dashes", "with_issuer"]

#: an agreement noun without an article, first in a line or right after a dash: a timeline's
#: entry or a heading ("• 8 novembre 2008 – Accord de coopération avec ...")
BARE = r"(?:^|(?<=[–—] ))\s*"


def with_dashes(folded: str, shaped: str) -> str:
    """``folded`` with the dashes of ``shaped`` put back (folding makes them spaces)."""
    if "–" not in shaped and "—" not in shaped:
        return folded
    return "".join("–" if c in "–—" else f for f, c in zip(folded, shaped, strict=True))


#: "... avec la ⟦Région de Ségou⟧" in the noun phrase of an agreement
_WITH_ONE = re.compile(r"[^⟦.;]{0,80}?\bavec\s+(?:le |la |les |l')?⟦(\d+):(?:AUT|ORG)⟧")


#: "Discours de Mme ⟦P⟧" as a speech's heading: who "je" is
_SPEECH_OF = re.compile(rf"\s*(?:discours|allocution|intervention)\s+(?:de|d')\s*{HONORIFIC}"
                        r"⟦(\d+):PER⟧")
#: "j'ai eu l'honneur de ", "nous venons de " right before a signing verb
FIRST_PERSON = re.compile(r"\b(?:j'|je|nous)\b[^⟦.,;]{0,30}$")


def heading_authority(text: str, cands: Sequence[Cand]) -> Cand | None:
    """The authority the document comes from: the first whose name is a whole line among
    the document's first four lines ("Département des Pyrénées-Atlantiques" above a press
    kit's title, "VILLE DE LIÈGE" above a press release)."""
    lines = [m for m in re.finditer(r"[^\n]+", text) if m.group().strip()][:4]
    for c in cands:
        if c.code == "AUT" and c.rule != RULES["anaphora"].name and any(
                text[line.start():line.end()].strip() == c.text for line in lines):
            return c
    return None


def read_issuer(ctx: Context) -> None:
    """The authority the document comes from (:func:`heading_authority`), kept as
    ``ctx.state["issuer"]``; and the speaker of a speech headed "Discours de Mme X"
    (``ctx.state["speaker"]``), who "je" is."""
    heading = heading_authority(ctx.doc.text, ctx.cands)
    if heading is not None:
        ctx.state["issuer"] = ctx.draft(heading)
    for s in ctx.sentences[:4]:
        speech = _SPEECH_OF.match(fold_shaped(ctx.shape(s)))
        if speech:
            ctx.state.setdefault("speaker", ctx.draft(ctx.cands[int(speech.group(1))]))


#: "entre la ⟦A⟧, la ⟦B⟧ et la ⟦C⟧" on a line of its own
_BETWEEN_LINE = re.compile(r"\s*entre\s+((?:(?:le |la |les |l')?⟦\d+:(?:AUT|ORG)⟧\s*,\s*)*"
                           r"(?:le |la |les |l')?⟦\d+:(?:AUT|ORG)⟧\s+et\s+(?:le |la |les |l')?"
                           r"⟦\d+:(?:AUT|ORG)⟧)\s*$")


def parties_below(ctx: Context, s: Span) -> list[int]:
    """An agreement's title ('CHARTE DE COOPÉRATION TRIPARTITE') and its parties on the line
    below it ('entre la Ville de Sète, la Città di Chioggia et la Commune de Mahdia')."""
    i = ctx.sentences.index(s)
    if i + 1 >= len(ctx.sentences):
        return []
    m = _BETWEEN_LINE.match(fold_shaped(ctx.shape(ctx.sentences[i + 1])))
    return mention_ids(m.group(1)) if m else []


def with_issuer(ctx: Context, after: str) -> list[str]:
    """'un accord de coopération avec la Région de Ségou', no other party named: between
    the authority the document comes from (:func:`read_issuer`) and that one."""
    issuer, m = ctx.state.get("issuer"), _WITH_ONE.match(after)
    if issuer is None or m is None:
        return []
    other = ctx.draft(ctx.cands[int(m.group(1))])
    return [issuer, other] if other != issuer else []


def party_keys(ctx: Context, parties: Sequence[int | str]) -> list[str]:
    """The entity keys of an agreement's parties (candidate indexes or keys), each once."""
    return list(dict.fromkeys(ctx.draft(ctx.cands[i]) if isinstance(i, int) else i
                              for i in parties))


def agreement_key(keys: Sequence[str]) -> str:
    """The key of the agreement between these parties (their entity keys)."""
    return "agreement/" + "--".join(k.split("/", 1)[1] for k in sorted(keys))


#: a timeline's entry: "• 12 novembre 2004 – ", "• 2009 – " at the start of a line
ENTRY = re.compile(r"\s*(?:[•*-]\s*)?(?P<when>[^–—\n]{0,24}?(?P<y>\d{4}))\s*[–—]\s")


def timeline_entry(ctx: Context, s: Span, parties: Sequence[int | str]
                   ) -> tuple[str, re.Match[str] | None]:
    """A timeline's entry naming an agreement ('• 12 novembre 2004 – Première convention de
    coopération avec ...'): the key suffix of an earlier agreement between parties that
    already have one (the entry's year, when it is not the document's), and the entry."""
    entry = ENTRY.match(s.text)
    if entry is None:
        return "", None
    year, current = entry.group("y"), (ctx.doc.meta.date or "")[:4]
    known = agreement_key(party_keys(ctx, parties)) in ctx.out.drafts
    earlier = known and current and year != current
    return (year if earlier else ""), entry


def entry_signed(ctx: Context, s: Span, key: str, entry: re.Match[str]) -> None:
    """A timeline's entry reports an agreement signed, on its date when it gives the day."""
    ctx.fact(key, COOP.status, COOP.Signed, s, "agreement-status")
    found = [e for e in find_dates(entry.group("when")) if e.year is not None]
    if found:
        ctx.out.drafts[key].attrs.setdefault("dates", []).append((True, found[0], s))


#: an agreement's text ends with where and when it was made, one line per party and who
#: signed for it, and maybe who was there: "Fait à ⟦Sète⟧, le vingt-sept juin deux mille
#: vingt-six", "Pour la ⟦Ville de Sète⟧ : M. ⟦Olivier Pradal⟧, maire", "En présence de :"
_MADE_AT = re.compile(r"\s*fait\s+(?:a|en)\b")
#: "Pour la ⟦Ville de Sète⟧ :" (its posts are in that party: kg.extract.posts)
SIGNS_FOR = re.compile(r"(?i)\s*pour\s+(?:le |la |les |l['’])?⟦(\d+):(?:AUT|ORG)⟧\s*:")
_FOR_PARTY = re.compile(SIGNS_FOR.pattern + rf"\s*{HONORIFIC}⟦(\d+):PER⟧")
_PRESENT_LIST = re.compile(r"\s*en presence (?:de|d'|des|du)\s*:\s*$")
_LISTED = re.compile(rf"\s*{HONORIFIC}⟦(\d+):PER⟧")


def signature_block(ctx: Context, s: Span, folded: str) -> bool:
    """The signature block of the document's own agreement (the first it names): the date
    of its "Fait à" line, a signatory per "Pour <party> :" line and the people listed after
    "En présence de :" (witnesses). True when ``s`` is one of its lines."""
    own = ctx.state.get("principal")
    listing = ctx.state.pop("present_list", None)
    if own is None:
        return False
    if _MADE_AT.match(folded):
        ctx.state["made"] = s
        return True
    d = ctx.out.drafts[own]
    m = _FOR_PARTY.match(folded)
    if m and ctx.draft(ctx.cands[int(m.group(1))]) in d.attrs["parties"]:
        person = ctx.draft(ctx.cands[int(m.group(2))])
        ctx.fact(own, COOP.signatory, person, s, "agreement-signatory")
        ctx.fact(own, COOP.status, COOP.Signed, s, "agreement-status")
        d.attrs.setdefault("signing", []).append(person)
        made = ctx.state.pop("made", None)
        found = find_dates(made.text) if made is not None else []
        if found and "date" not in d.attrs:
            d.attrs.setdefault("dates", []).append((True, found[0], made))
        return True
    if _PRESENT_LIST.match(folded):
        ctx.state["present_list"] = own
        return True
    listed = _LISTED.match(folded) if listing == own else None
    if listed:
        person = ctx.draft(ctx.cands[int(listed.group(1))])
        ctx.fact(own, COOP.witness, person, s, "agreement-witness")
        d.attrs.setdefault("signing", []).append(person)
        ctx.state["present_list"] = own
        return True
    return False
