"""HTML pieces of the ontology page: terms, scheme concepts, shapes, reused terms.

Every string read from the ontology goes through :func:`html.escape`; links are
made only to ``#anchors`` of the page and to ``http(s)`` IRIs. A term is linked
to its anchor when the page documents it, else to its IRI; a CURIE written in
a comment (``coop:Signed``) becomes a link too.

Example:
    >>> from kg.config import ontology_dir
    >>> from kg.ontodoc_model import read_ontology
    >>> html = Writer(read_ontology(ontology_dir()))
    >>> html.link(URIRef(html.onto.own + "Agreement"))
    '<a href="#Agreement">coop:Agreement</a>'
    >>> html.prose("a <b> & coop:Signed")
    '<p>a &lt;b&gt; &amp; <a href="#Signed">coop:Signed</a></p>'
"""

from __future__ import annotations

import re
from html import escape

from rdflib import BNode, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from kg.namespaces import OWL, RDF, RDFS, SKOS
from kg.ontodoc_model import ALIGNMENTS, Ontology, text
from kg.ontodoc_shapes import ShapeDoc, describe_shapes

__all__ = ["Writer"]

_CURIE = re.compile(r"(?<![\w/#:&])([a-z][\w-]*):([A-Za-z][\w-]*\w)")
_SHOWN = 10  # users listed for a reused term before "+ N"
#: what a term is, not what is said of it: left out of the annotations used
_AXIOMS = {RDF.type, RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range, OWL.oneOf,
           OWL.unionOf, OWL.imports, OWL.inverseOf, SKOS.inScheme, RDF.first, RDF.rest}


def pair(fr: str, en: str, tag: str = "span") -> str:
    """The French and English versions of a piece of HTML, side by side."""
    return f'<{tag} lang="fr">{fr}</{tag}> <{tag} class="en" lang="en">{en}</{tag}>'


class Writer:
    """Draws pieces of the page for one ontology."""

    def __init__(self, onto: Ontology) -> None:
        self.onto = onto
        self.shapes: list[ShapeDoc] = describe_shapes(onto, self.link)
        self.used_in: dict[URIRef, list[ShapeDoc]] = {}
        for shape in self.shapes:
            for term in sorted(shape.uses, key=onto.sort_key):
                self.used_in.setdefault(term, []).append(shape)

    def link(self, node: Node) -> str:
        """A term as a link: to its anchor here, else to its IRI; a class union as A ∪ B."""
        if isinstance(node, BNode):
            union = self.onto.graph.value(node, OWL.unionOf)
            members = list(Collection(self.onto.graph, union)) if union is not None else []
            return " ∪ ".join(self.link(m) for m in members) if members else "[…]"
        if isinstance(node, Literal):
            return f"<code>{escape(str(node))}</code>"
        name, anchor = escape(self.onto.curie(node)), self.onto.anchor(node)
        if anchor:
            return f'<a href="#{escape(anchor)}">{name}</a>'
        if str(node).startswith(("http://", "https://")):
            return f'<a href="{escape(str(node))}">{name}</a>'
        return f"<code>{name}</code>"

    def links(self, nodes: object) -> str:
        return ", ".join(self.link(n) for n in sorted(nodes, key=self.onto.sort_key))  # type: ignore

    def prose(self, value: str) -> str:
        """A comment as paragraphs; indented lines kept as a code block; CURIEs linked."""
        blocks: list[tuple[bool, list[str]]] = []
        for line in value.strip().splitlines():
            code = line.startswith("  ")
            if not line.strip():
                blocks.append((False, []))
            elif blocks and blocks[-1][0] == code:
                blocks[-1][1].append(line)
            else:
                blocks.append((code, [line]))
        out = []
        for code, lines in blocks:
            if code:
                out.append("<pre>" + self._curies(escape("\n".join(lines))) + "</pre>")
            elif lines:
                joined = " ".join(x.strip() for x in lines)
                out.append("<p>" + self._curies(escape(joined)) + "</p>")
        return "".join(out)

    def _curies(self, escaped: str) -> str:
        def one(m: re.Match[str]) -> str:
            ns = self.onto.prefixes.get(m.group(1))
            return self.link(URIRef(ns + m.group(2))) if ns and self.onto.anchor(
                URIRef(ns + m.group(2))) else m.group(0)
        return _CURIE.sub(one, escaped)

    def labels(self, node: Node) -> str:
        """Labels and comments of ``node``, French beside English."""
        g = self.onto.graph
        cells = []
        for lang in ("fr", "en"):
            label, comment = text(g, node, RDFS.label, lang), text(g, node, RDFS.comment, lang)
            alt = sorted(str(o) for o in g.objects(node, SKOS.altLabel)
                         if isinstance(o, Literal) and o.language == lang)
            alt_html = f' <span class="alt">({escape(", ".join(alt))})</span>' if alt else ""
            cells.append(f'<div lang="{lang}"><p class="label">{escape(label) or "—"}{alt_html}'
                         f'</p>{self.prose(comment)}</div>')
        return f'<div class="bi">{"".join(cells)}</div>'

    def _facts(self, term: URIRef) -> list[tuple[str, str, str]]:
        g, onto = self.onto.graph, self.onto
        kind = onto.kinds[term]
        subs = {s for s in g.subjects(RDFS.subClassOf, term) if isinstance(s, URIRef)}
        ins = [p for p in onto.terms("object") + onto.terms("datatype")
               if any(term == d or term in self._members(d) for d in g.objects(p, RDFS.domain))]
        outs = [p for p in onto.terms("object")
                if any(term == r or term in self._members(r) for r in g.objects(p, RDFS.range))]
        one_of = [m for v in g.objects(term, OWL.oneOf) for m in Collection(g, v)]
        rows = [
            ("Type", "Type", self.links(g.objects(term, RDF.type)) if kind != "class" else ""),
            ("Sous-classe de", "Subclass of", " ; ".join(
                self.link(s) for s in sorted(g.objects(term, RDFS.subClassOf), key=onto.sort_key))),
            ("Sous-classes", "Subclasses", self.links(subs)),
            ("Sous-propriété de", "Subproperty of",
             self.links(g.objects(term, RDFS.subPropertyOf))),
            ("Domaine", "Domain", "; ".join(self.link(d) for d in g.objects(term, RDFS.domain))),
            ("Portée", "Range", "; ".join(self.link(r) for r in g.objects(term, RDFS.range))),
            ("Valeurs possibles", "One of", ", ".join(self.link(m) for m in one_of)),
            ("Instances", "Instances", self.links(
                i for i in g.subjects(RDF.type, term) if kind == "class")),
            ("Domaine de", "Domain of", ", ".join(self.link(p) for p in ins)),
            ("Portée de", "Range of", ", ".join(self.link(p) for p in outs)),
            ("Schéma", "Scheme", self.links(g.objects(term, SKOS.inScheme))),
            ("Alignements", "Alignments", "<br>".join(
                f'<code>{escape(onto.curie(p))}</code> {self.link(o)}' for p in ALIGNMENTS
                for o in sorted(g.objects(term, p), key=onto.sort_key))),
            ("Utilisé dans les formes", "Used in shapes", ", ".join(
                f'<a href="#{s.anchor}">{escape(onto.curie(s.iri))}</a>'
                for s in self.used_in.get(term, []))),
            ("Défini dans", "Defined in", f"<code>{escape(onto.module_of(term))}</code>"),
        ]
        return [r for r in rows if r[2]]

    def _members(self, node: Node) -> list[Node]:
        union = self.onto.graph.value(node, OWL.unionOf) if isinstance(node, BNode) else None
        return list(Collection(self.onto.graph, union)) if union is not None else []

    def term(self, term: URIRef) -> str:
        """One documented term: name, IRI, labels, comments and what it is linked to."""
        anchor, name = escape(self.onto.anchors[term]), escape(self.onto.curie(term))
        facts = "".join(f"<dt>{pair(escape(fr), escape(en))}</dt><dd>{value}</dd>"
                        for fr, en, value in self._facts(term))
        return (f'<article class="term" id="{anchor}"><h3><a href="#{anchor}">{name}</a></h3>'
                f'<p class="iri"><code>{escape(str(term))}</code></p>{self.labels(term)}'
                f"<dl>{facts}</dl></article>\n")

    def concepts(self, scheme: URIRef) -> str:
        """The concepts of a scheme as one table, one anchored row each."""
        g, rows = self.onto.graph, []
        for concept in self.onto.terms("concept"):
            if (concept, SKOS.inScheme, scheme) not in g:
                continue
            anchor = escape(self.onto.anchors[concept])
            cells = [f'<a href="#{anchor}">{escape(self.onto.curie(concept))}</a>'
                     f'<br><code class="small">{escape(str(concept))}</code>']
            for lang in ("fr", "en"):
                alt = sorted(str(o) for o in g.objects(concept, SKOS.altLabel)
                             if isinstance(o, Literal) and o.language == lang)
                cells.append(f'<b>{escape(text(g, concept, RDFS.label, lang)) or "—"}</b>'
                             + (f' <span class="alt">({escape(", ".join(alt))})</span>' if alt
                                else "") + self.prose(text(g, concept, RDFS.comment, lang)))
            rows.append(f'<tr id="{anchor}"><td>{cells[0]}</td><td lang="fr">{cells[1]}</td>'
                        f'<td lang="en">{cells[2]}</td></tr>')
        if not rows:
            return pair("<p>Aucun concept dans l'ontologie.</p>",
                        "<p>No concept in the ontology.</p>", "div")
        return ('<table class="concepts"><thead><tr><th>Concept</th><th lang="fr">Français '
                '(forme féminine)</th><th lang="en">English</th></tr></thead><tbody>\n'
                + "\n".join(rows) + "\n</tbody></table>\n")

    def shape(self, doc: ShapeDoc) -> str:
        """One node shape: labels, targets, constraints in words, messages, SPARQL target."""
        def items(pairs: tuple[tuple[str, str], ...]) -> str:
            return "".join(f"<li>{pair(fr, en)}</li>" for fr, en in pairs)
        props = "".join(
            f'<tr><td>{path}</td><td lang="fr">{fr}<br><span class="msg">{mfr}</span></td>'
            f'<td lang="en">{en}<br><span class="msg">{men}</span></td></tr>'
            for path, fr, en, mfr, men in doc.properties)
        name = escape(self.onto.curie(doc.iri))
        return (
            f'<article class="term shape" id="{escape(doc.anchor)}"><h3><a href="#'
            f'{escape(doc.anchor)}">{name}</a></h3><div class="bi"><div lang="fr"><p class='
            f'"label">{escape(doc.label[0])}</p>{self.prose(doc.comment[0])}<p class="msg">'
            f'{escape(doc.message[0])}</p></div><div lang="en"><p class="label">'
            f'{escape(doc.label[1])}</p>{self.prose(doc.comment[1])}<p class="msg">'
            f'{escape(doc.message[1])}</p></div></div>'
            f'<p><b>{pair("Cibles", "Targets")}</b></p><ul>{items(doc.targets)}</ul>'
            + "".join(f"<pre>{escape(q)}</pre>" for q in doc.sparql)
            + (f'<p><b>{pair("Chaque nœud ciblé", "Each target node")}</b></p>'
               f"<ul>{items(doc.node_rules)}</ul>" if doc.node_rules else "")
            + (f'<table class="props"><thead><tr><th>{pair("Propriété", "Property")}</th>'
               f'<th lang="fr">Contraintes</th><th lang="en">Constraints</th></tr></thead>'
               f"<tbody>{props}</tbody></table>" if props else "")
            + "</article>\n")

    def annotations(self) -> str:
        """The annotation properties used on the documented terms and ontology headers."""
        heads = set(self.onto.graph.subjects(RDF.type, OWL.Ontology))
        used: dict[Node, int] = {}
        for s, p, _ in self.onto.graph:
            if p not in _AXIOMS and (s in self.onto.kinds or s in heads):
                used[p] = used.get(p, 0) + 1
        items = "".join(f"<li>{self.link(p)} ({used[p]})</li>"
                        for p in sorted(used, key=self.onto.sort_key))
        title = pair("Annotations employées (nombre d’emplois)",
                     "Annotations used (number of uses)")
        return f'<h3>{title}</h3><ul class="reused">{items}</ul>\n'

    def reused(self) -> str:
        """The terms of other vocabularies the ontology and shapes use, by namespace."""
        groups: dict[str, list[URIRef]] = {}
        for term in self.onto.reused:
            groups.setdefault(self.onto.curie(term).split(":")[0], []).append(term)
        out = []
        for prefix, terms in sorted(groups.items()):
            ns = escape(self.onto.prefixes[prefix])
            rows = []
            for term in terms:
                users = self.onto.reused[term]
                more = f" … + {len(users) - _SHOWN}" if len(users) > _SHOWN else ""
                rows.append(f'<li id="{escape(self.onto.anchors[term])}"><a href="'
                            f'{escape(str(term))}">{escape(self.onto.curie(term))}</a>'
                            + (f' <span class="by">← {self.links(users[:_SHOWN])}{more}</span>'
                               if users else "") + "</li>")
            out.append(f'<h3><code>{escape(prefix)}:</code> <a href="{ns}">{ns}</a></h3>'
                       f'<ul class="reused">{"".join(rows)}</ul>')
        return "\n".join(out) + "\n"
