"""Posts: "<Person>, <role> de <organisation>[, <role> de <organisation>]".

A post is the position of a role in an organisation (``post/<org>/<role>``);
the person holds it as of the document's date. "Maire de Marseille" is a post
in the municipality of that city. The apposition is removed from the shaped
sentence so that later rules read "⟦1:PER⟧ a signé cet accord avec ⟦2:PER⟧".

Example:
    >>> _SEP.match(", et ").group()
    ', et '
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.extract.context import BRACKETED, BULLET, SHAPE_TOKEN, Context
from kg.extract.kb import KB, full_types
from kg.extract.layout import SIGNS_FOR
from kg.extract.mentions import role_words
from kg.extract.rules import LEXICON, alternation
from kg.extract.text import ORDINAL, Span, fold, slug
from kg.model import Value
from kg.namespaces import COOP, DCTERMS, ORG, SKOS, XSD

__all__ = ["finish_posts", "read_posts"]

_PREP = r"(?:de la |de l'|de l’|du |des |de |d'|d’|of the |of )"
_HEAD = (r"(?:(?:directoire|conseil d'administration|conseil de surveillance|bureau|comité exécutif"
         r"|comité directeur)\s+(?:de la |de l'|de l’|du |des |de |d'|d’))?"
         r"(?:(?:association|agence|société|fondation|entreprise|organisation|groupe|chambre)\s+)?"
         r"(?:(?:[\wéèêàç'’]+\s+){1,6}?(?:de la |de l'|de l’|du |des |d'|d’|à la |à l'|à l’|au |"
         r"auprès de la |auprès de l'|auprès de l’|auprès du ))?")
# the last line: "des partenariats territoriaux de l'", "des Affaires acadiennes et de la
# Francophonie de la", "(attachée) de coopération universitaire à l'"
_MUNICIPAL = {"maire", "adjoint-au-maire", "premier-adjoint", "conseiller-municipal",
              "bourgmestre", "echevin", "maire-honoraire"}
#: posts whose authority goes without saying when the document names only one of its kind
_TERRITORIAL = {"conseiller-regional": COOP.Region, "conseiller-departemental": COOP.Departement}


def _role_regex() -> re.Pattern[str]:
    return _compile_role_regex(role_words())


@lru_cache(maxsize=8)
def _compile_role_regex(forms: tuple[str, ...]) -> re.Pattern[str]:
    """Made once per roles lexicon, not once per sentence (a quarter of a million
    ``re.escape`` calls per 300 documents)."""
    words = "|".join(re.escape(w) for w in forms) or "président"
    return re.compile(
        rf"(?:{ORDINAL}\s+)?(?P<role>(?i:(?:vice-|co-)?(?:{words})))(?:\s+{_PREP}?\s*{_HEAD}⟦(?P<org>\d+):(?:AUT|ORG|PLC)⟧|(?=\s*,|\s*$|\s+(?:et|chargée?|déléguée?)\b))"
        r"(?P<port>\s*,?\s*(?i:délégué|déléguée|chargé|chargée)e?s? (?:à |au |aux |de |du |des )"
        r"(?P<portfolio>[^,⟦]+?)(?=\s+et\s|\s*,|\s*\.|$))?")


_SEP = re.compile(r"\s*(?:,\s*(?:et\s+|ainsi que\s+)?|\s+et\s+|\s+ainsi que\s+)")


def _role_for(ctx: Context, kb: KB, form: str) -> tuple[str, str]:
    r = kb.role(form)
    if r is not None:
        d = ctx.add_draft(r.key, r.label, (ORG.Role, SKOS.Concept))
        d.label_en = r.label_en
        for x in r.forms:
            d.add_alias(x)
        return r.key, r.label
    prefix = re.match(r"(?i)(vice|co)-(.+)", form)
    if prefix:                            # "Vice-Gouverneur": vice- and a known role
        base_key, base_label = _role_for(ctx, kb, prefix.group(2))
        key = f"role/{prefix.group(1).lower()}-{base_key.split('/', 1)[1]}"
        label = f"{prefix.group(1).lower()}-{base_label}"
        ctx.add_draft(key, label, (ORG.Role, SKOS.Concept)).add_alias(form.lower())
        return key, label
    return "role/" + slug(form), form.lower()


def _kb_authority(ctx: Context, kb: KB, e) -> str:  # type: ignore[no-untyped-def]
    d = ctx.add_draft(e.key, e.label, e.types)
    d.kb_iri, d.wikidata = e.iri, e.wikidata
    for a in e.aliases:
        d.add_alias(a)
    return e.key


def _post_org(ctx: Context, kb: KB, index: int, role_key: str) -> str | None:
    """The organisation of a post. A place stands for its authority: "maire de Lunel" is a
    post in the municipality of Lunel, "conseillère départementale de l'Hérault" in the
    département's authority (from the knowledge base, or an authority the document names)."""
    c = ctx.cands[index]
    if c.code != "PLC":
        return ctx.draft(c)
    municipal = role_key.split("/")[-1].removeprefix("vice-") in _MUNICIPAL
    if c.kb is not None:
        owners = [e for e in kb.entries.values() if c.kb.iri in e.spatial]
        owners.sort(key=lambda e: (COOP.Municipality not in e.types) if municipal
                    else (COOP.Municipality in e.types), reverse=False)
        if owners:
            return _kb_authority(ctx, kb, owners[0])
    for key, d in ctx.out.drafts.items():   # "la commune de Ouahigouya" named in the document
        if key.startswith("authority/") and fold(d.label).endswith(" " + fold(c.label)) and \
                (COOP.Municipality in d.types) == municipal:
            return key
    if not municipal:
        return None
    label = f"Ville de {c.label}"
    key = f"authority/{slug(label)}"
    ctx.add_draft(key, label, full_types((COOP.Municipality,))).attrs["spatial"] = ctx.draft(c)
    return key


def _first_municipality(ctx: Context) -> str | None:
    """The municipality whose mayor the document names first."""
    first: dict[str, int] = {}
    for i in range(len(ctx.cands)):
        first.setdefault(ctx.key_of(i), i)
    best = None
    for f in ctx.out.facts:
        if f.predicate == ORG.holds and isinstance(f.obj, str) and f.obj.endswith("/maire"):
            org = f.obj.split("/")[1]
            rank = first.get(f.subject, len(ctx.cands))
            if best is None or rank < best[0]:
                best = (rank, "authority/" + org)
    return best[1] if best and best[1] in ctx.out.drafts else None


def _holds(ctx: Context, kb: KB, s: Span, person: str, m: re.Match[str],
           rule: str = "post-apposition") -> None:
    role_key, role_label = _role_for(ctx, kb, m.group("role"))
    if m.group("org") is None:
        municipal = role_key.split("/")[-1] in _MUNICIPAL
        listed_by = ctx.state.get("listed_by")  # "la délégation de ⟦A⟧ ... composée de :"
        if listed_by and (not municipal or COOP.Municipality in ctx.out.drafts[listed_by].types):
            _post(ctx, s, person, m, rule, listed_by, role_key, role_label)
        elif municipal:                   # "adjointe au maire, ..." of the mayor's municipality,
            ctx.state.setdefault("municipal_posts", []).append((s, person, m, rule))  # known
        elif role_key.split("/")[-1] in _TERRITORIAL:  # "conseillère régionale déléguée ..."
            ctx.state.setdefault("territorial_posts", []).append((s, person, m, rule))
        return
    org = _post_org(ctx, kb, int(m.group("org")), role_key)
    if org is None:
        return
    _post(ctx, s, person, m, rule, org, role_key, role_label)


def finish_posts(ctx: Context, kb: KB) -> None:
    """After the last sentence: a regional (departmental) councillor's post named without its
    authority is in the only région (département) the document names; a municipal post
    named without its town ("Julien Darmont,
    adjoint au maire") is in the municipality whose council the document names ("Le conseil
    municipal de Saint-Brieuc a approuvé ..."), else whose mayor it names first, even
    when the mayor comes later in the sentence or the text ("Au nom de la maire de Reims,
    Catherine Vasseur, c'est Julien Darmont, adjoint au maire, ...")."""
    for s, person, m, rule in ctx.state.pop("territorial_posts", []):
        role_key, role_label = _role_for(ctx, kb, m.group("role"))
        cls = _TERRITORIAL[role_key.split("/")[-1]]
        orgs = {k for k, d in ctx.out.drafts.items() if k.startswith("authority/") and cls in d.types
                and COOP.GoverningCouncil not in d.types}
        if len(orgs) == 1:                # the only région (département) the document names
            _post(ctx, s, person, m, rule, orgs.pop(), role_key, role_label)
    pending = ctx.state.pop("municipal_posts", [])
    council = next((ctx.key_of(i) for i, c in enumerate(ctx.cands) if c.attrs.get("council")),
                   None)
    org = (council or _first_municipality(ctx)) if pending else None
    if org is None:
        return
    for s, person, m, rule in pending:
        role_key, role_label = _role_for(ctx, kb, m.group("role"))
        _post(ctx, s, person, m, rule, org, role_key, role_label)


def _post(ctx: Context, s: Span, person: str, m: re.Match[str], rule: str, org: str,
          role_key: str, role_label: str) -> None:
    """``person`` holds the post ``role_key`` in ``org`` (its rank and portfolio from ``m``)."""
    place = ctx.out.drafts[org].attrs.get("spatial")
    if place:
        ctx.fact(org, DCTERMS.spatial, place, s, "spatial")
    post = f"post/{org.split('/', 1)[1]}/{role_key.split('/', 1)[1]}"
    org_label = ctx.out.drafts[org].label
    ctx.add_draft(role_key, role_label, (ORG.Role, SKOS.Concept))
    ctx.add_draft(post, f"{role_label} de {org_label}", (ORG.Post,))
    ctx.fact(person, ORG.holds, post, s, rule)
    ctx.fact(post, ORG.postIn, org, s, rule)
    ctx.fact(post, ORG.role, role_key, s, rule)
    if m.group("portfolio"):
        ctx.fact(post, COOP.portfolio, Value(m.group("portfolio").strip(), lang="fr"), s, rule)
    if m.group("ord") or m.group("ordw"):
        rank = int(m.group("ord")) if m.group("ord") else 1
        ctx.fact(post, COOP.rankInRole, Value(str(rank), XSD.positiveInteger), s, rule)


_MEMBERS_OF = re.compile(r"(?i)⟦(?P<d>\d+):ORG⟧\s+(?:de|du|des)\s+(?:la\s+|l['’])?⟦(?P<a>\d+):AUT⟧"
                         r"[^⟦]*?\bcomposée?s?\s+de\s*:\s*$")


def _list_of_members(ctx: Context, s: Span, shaped: str) -> None:
    """'La délégation de la ⟦Région Grand Est⟧ était composée de :' opens a list whose
    members' posts named without an organisation ("- Claire Muller, vice-présidente
    chargée des relations internationales") are in that authority; the first line that is
    not a bullet closes it. A signature block's line ("Pour la ⟦Ville de Sète⟧ : M. ⟦P⟧,
    maire") is such a list of one."""
    m = _MEMBERS_OF.search(shaped)
    signs_for = SIGNS_FOR.match(shaped)   # "Pour la ⟦A⟧ : M. ⟦P⟧, maire"
    if m and COOP.Delegation in ctx.cands[int(m.group("d"))].types:
        ctx.state["listed_by"] = ctx.draft(ctx.cands[int(m.group("a"))])
    elif signs_for:                       # a signature block's line: "Pour la ⟦A⟧ : ..."
        ctx.state["listed_by"] = ctx.draft(ctx.cands[int(signs_for.group(1))])
    elif not BULLET.match(s.text):
        ctx.state.pop("listed_by", None)


def read_posts(ctx: Context, kb: KB, s: Span, shaped: str) -> str:
    """Read the posts of the sentence; return the shaped sentence without the appositions."""
    role = _role_regex()
    _list_of_members(ctx, s, shaped)
    out, pos = [], 0
    for pm in SHAPE_TOKEN.finditer(shaped):
        if pm.group(2) != "PER" or pm.start() < pos:
            continue
        person = ctx.draft(ctx.cands[int(pm.group(1))])
        cursor, last = pm.end(), pm.end()
        while True:
            sep = _SEP.match(shaped, cursor)
            start = sep.end() if sep else cursor
            m = role.match(shaped, start)
            if not m or (sep is None and cursor != pm.end()):
                break
            _holds(ctx, kb, s, person, m)
            cursor = last = m.end()
        if last > pm.end():
            out.append(shaped[pos:pm.end()])
            end = last + 1 if shaped[last:last + 1] == "," else last
            pos = end
    out.append(shaped[pos:])
    reduced = "".join(out)
    _possessive(ctx, kb, s, reduced, role)
    return _title_first(ctx, kb, s, reduced, role)


@lru_cache(maxsize=8)
def _possessive_regex(forms: tuple[str, ...]) -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in forms) or "président"
    return re.compile(rf"\b(?i:son|sa|leur)\s+(?P<phrase>(?i:(?:vice-|co-)?(?:{words})))\b"
                      rf"\s*,?\s*{_HONORIFIC}⟦(?P<p>\d+):PER⟧")


def _possessive(ctx: Context, kb: KB, s: Span, shaped: str, role: re.Pattern[str]) -> None:
    """'Une délégation de ⟦Montréal International⟧, emmenée par son président-directeur
    général ⟦P⟧', '⟦X⟧ était représentée par sa directrice générale, ⟦P⟧': P holds that post
    in the organisation or authority the sentence named last before it."""
    if "⟦" not in shaped or not re.search(r"(?i)\b(?:son|sa|leur)\s", shaped):
        return
    for m in _possessive_regex(role_words()).finditer(shaped):
        owners = [int(i) for i in re.findall(r"⟦(\d+):(?:AUT|ORG)⟧", shaped[:m.start()])
                  if COOP.Delegation not in ctx.cands[int(i)].types]
        phrase = role.match(m.group("phrase") + ",")
        if not owners or phrase is None:
            continue
        role_key, role_label = _role_for(ctx, kb, phrase.group("role"))
        _post(ctx, s, ctx.draft(ctx.cands[int(m.group("p"))]), phrase, "post-possessive",
              ctx.key_of(owners[-1]), role_key, role_label)


#: ", M. ": a title between the post and the person it names
_HONORIFIC = rf"(?:(?:{alternation(LEXICON['honorifics'])})\s+)?"
_COMMA_PERSON = re.compile(rf",\s*{_HONORIFIC}⟦\d+:PER⟧")


def _title_first(ctx: Context, kb: KB, s: Span, shaped: str, role: re.Pattern[str]) -> str:
    """'le maire de ⟦Lyon⟧[ et président de ⟦X⟧], ⟦Grégory Doucet⟧' -> the posts, and the
    person alone remains."""
    if not _COMMA_PERSON.search(shaped):     # what every match ends with: most sentences
        return shaped                         # have none (the scan below costs 40 µs)
    bare = re.sub(r"\(\?P<\w+>", "(?:", role.pattern) + rf"(?:{BRACKETED})?"   # "(⟦GMVA⟧)"
    pat = re.compile(rf"(?i:le |la |l'|l’)?(?P<phrases>{bare}(?:\s+et\s+{bare})*)\s*,\s*"
                     rf"{_HONORIFIC}⟦(?P<p>\d+):PER⟧")

    def repl(m: re.Match[str]) -> str:
        person = ctx.draft(ctx.cands[int(m.group("p"))])
        for phrase in role.finditer(m.group("phrases") + ","):   # "Le maire, M. ⟦P⟧": no town
            _holds(ctx, kb, s, person, phrase, "post-title-first")
        return f"⟦{m.group('p')}:PER⟧"
    return pat.sub(repl, shaped)
