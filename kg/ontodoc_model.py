"""The ontology as its documentation reads it: modules, prefixes, terms by kind, anchors.

:func:`read_ontology` parses ``coop.ttl``, every module it ``owl:imports``
(``<ontology IRI>/provenance`` is ``provenance.ttl`` beside it) and
``shapes.ttl``, and sorts every documented term, so the pages drawn from it are
the same on every run. Documented terms are the ones in the ontology's own
namespace (``vann:preferredNamespaceUri``) typed as a class, a property, a
concept scheme or an individual, and the concepts of those schemes (the roles).

Example:
    >>> from kg.config import ontology_dir
    >>> onto = read_ontology(ontology_dir())
    >>> onto.anchor(URIRef(onto.own + "Agreement")), onto.curie(URIRef(onto.own + "party"))
    ('Agreement', 'coop:party')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import KGError
from kg.namespaces import DCTERMS, OWL, RDF, RDFS, SH, SKOS, XSD

__all__ = ["KINDS", "Module", "Ontology", "read_ontology", "text"]

VANN = "http://purl.org/vocab/vann/"
VANN_URI = URIRef(VANN + "preferredNamespaceUri")
#: the modelling languages: their terms are not listed among the reused ones
_LANGUAGES = (str(OWL), str(RDFS), str(SH), str(XSD), VANN)
#: links to other vocabularies or documents, not uses of their terms
ALIGNMENTS = (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch,
              SKOS.relatedMatch, OWL.equivalentClass, OWL.equivalentProperty)
_NOT_USES = {*ALIGNMENTS, RDFS.isDefinedBy, RDFS.seeAlso, DCTERMS.license, OWL.versionIRI,
             OWL.imports, RDF.rest, SH.prefixes}

#: kind of term -> (French heading, English heading), in page order
KINDS: dict[str, tuple[str, str]] = {
    "class": ("Classes", "Classes"),
    "object": ("Propriétés d'objet", "Object properties"),
    "datatype": ("Propriétés de données", "Datatype properties"),
    "annotation": ("Propriétés d'annotation", "Annotation properties"),
    "individual": ("Individus nommés", "Named individuals"),
    "scheme": ("Schémas de concepts", "Concept schemes"),
    "concept": ("Concepts des schémas", "Scheme concepts"),
}
_TYPES = ((OWL.Class, "class"), (RDFS.Class, "class"), (OWL.ObjectProperty, "object"),
          (OWL.DatatypeProperty, "datatype"), (OWL.AnnotationProperty, "annotation"),
          (SKOS.ConceptScheme, "scheme"), (OWL.NamedIndividual, "individual"))


@dataclass(frozen=True)
class Module:
    """One ontology file: its ``owl:Ontology`` IRI, file name and triples."""

    iri: URIRef
    file: str
    graph: Graph


@dataclass
class Ontology:
    """The whole ontology (``graph``), its modules, the shapes and the documented terms."""

    folder: Path
    modules: tuple[Module, ...]
    graph: Graph
    shapes: Graph
    own: str
    prefixes: dict[str, str]
    kinds: dict[URIRef, str] = field(default_factory=dict)
    anchors: dict[URIRef, str] = field(default_factory=dict)
    #: node shapes, sorted
    node_shapes: list[URIRef] = field(default_factory=list)
    #: terms of other vocabularies the ontology or the shapes use -> documented terms using them
    reused: dict[URIRef, list[URIRef]] = field(default_factory=dict)

    def terms(self, kind: str) -> list[URIRef]:
        """The documented terms of one kind of :data:`KINDS`, sorted by CURIE."""
        return sorted((t for t, k in self.kinds.items() if k == kind), key=self.sort_key)

    def sort_key(self, iri: Node) -> tuple[str, str]:
        """Case-insensitive CURIE order, ties broken by the exact CURIE."""
        name = self.curie(iri)
        return name.casefold(), name

    def curie(self, iri: Node) -> str:
        """``prefix:local`` with the longest declared namespace, else ``<iri>``."""
        best = ""
        for prefix, ns in self.prefixes.items():
            if str(iri).startswith(ns) and len(ns) > len(self.prefixes.get(best, "")):
                best = prefix
        if best and len(str(iri)) > len(self.prefixes[best]):
            return f"{best}:{str(iri)[len(self.prefixes[best]):]}"
        return f"<{iri}>"

    def anchor(self, iri: Node) -> str | None:
        """The ``id`` of the term on the page, or None when it is not documented here."""
        return self.anchors.get(iri) if isinstance(iri, URIRef) else None

    def module_of(self, iri: URIRef) -> str:
        """The file that describes ``iri`` (the first module that has it as a subject)."""
        return next((m.file for m in self.modules if (iri, None, None) in m.graph), "")

    def add_anchor(self, iri: URIRef, wanted: str) -> None:
        """Give ``iri`` the id ``wanted`` (made safe), or ``wanted-2``... when it is taken."""
        base = re.sub(r"[^A-Za-z0-9_.-]", "_", wanted) or "term"
        name, n, taken = base, 1, set(self.anchors.values())
        while name in taken:
            n += 1
            name = f"{base}-{n}"
        self.anchors[iri] = name


def text(graph: Graph, node: Node, prop: URIRef, lang: str) -> str:
    """The value of ``prop`` in ``lang`` (or without a language tag), '' when absent.

    Example:
        >>> g = Graph().parse(data='<urn:a> <urn:p> "x"@fr , "y"@en .', format="turtle")
        >>> text(g, URIRef("urn:a"), URIRef("urn:p"), "en")
        'y'
    """
    values = sorted(str(o) for o in graph.objects(node, prop)
                    if isinstance(o, Literal) and (o.language or "") in (lang, ""))
    tagged = sorted(str(o) for o in graph.objects(node, prop)
                    if isinstance(o, Literal) and o.language == lang)
    return (tagged or values or [""])[0]


def _owner(onto: Ontology, graph: Graph, node: Node, parts: set[Node]) -> URIRef | None:
    """The documented term or shape whose description holds ``node``, climbing up from
    blank nodes and ``parts`` (the property shapes) only."""
    seen = {node}
    while node not in onto.anchors:
        if not isinstance(node, BNode) and node not in parts:
            return None
        above = sorted((s for s in graph.subjects(None, node) if s not in seen), key=str)
        if not above:
            return None
        node = above[0]
        seen.add(node)
    return node if isinstance(node, URIRef) else None


def _reused(onto: Ontology) -> dict[URIRef, list[URIRef]]:
    """Terms of other vocabularies used (not only aligned to), with who uses them."""
    found: dict[URIRef, set[URIRef]] = {}
    for graph in (onto.graph, onto.shapes):
        declared = set(graph.subjects(RDF.type, None)) if graph is onto.shapes else set()
        for s, p, o in graph:
            for node in ([s] if p in _NOT_USES else [s, o]):
                if isinstance(node, URIRef) and node not in onto.anchors and node not in declared \
                        and node != RDF.nil and not str(node).startswith((onto.own, *_LANGUAGES)) \
                        and not onto.curie(node).startswith("<") \
                        and (node, RDF.type, OWL.Ontology) not in graph:
                    user = _owner(onto, graph, s, declared) if node == o else None
                    found.setdefault(node, set()).update([user] if user else [])
    return {t: sorted(found[t], key=onto.sort_key) for t in sorted(found, key=onto.sort_key)}


def _parse(path: Path) -> Graph:
    if not path.is_file():
        raise KGError(f"ontology file {path} is missing",
                      hint="give the folder that holds coop.ttl, or restore ontology/")
    try:
        return Graph(bind_namespaces="none").parse(path, format="turtle")
    except Exception as exc:  # rdflib raises several unrelated types on bad syntax
        raise KGError(f"cannot parse {path}: {exc}",
                      hint="fix the Turtle syntax at the position given") from exc


def _modules(folder: Path) -> list[Module]:
    main = _parse(folder / "coop.ttl")
    heads = sorted(s for s in main.subjects(RDF.type, OWL.Ontology) if isinstance(s, URIRef))
    if not heads:
        raise KGError(f"{folder / 'coop.ttl'} declares no owl:Ontology",
                      hint="add the ontology header (<IRI> a owl:Ontology)")
    base = str(heads[0]).rstrip("/#") + "/"
    modules, todo = [Module(heads[0], "coop.ttl", main)], [main]
    while todo:
        for imported in sorted(todo.pop(0).objects(None, OWL.imports), key=str):
            name = str(imported)[len(base):]
            if str(imported).startswith(base) and all(m.iri != imported for m in modules):
                graph = _parse(folder / f"{name}.ttl")
                modules.append(Module(URIRef(str(imported)), f"{name}.ttl", graph))
                todo.append(graph)
    return modules


def read_ontology(folder: Path) -> Ontology:
    """Read ``folder``'s ``coop.ttl``, its imported modules and ``shapes.ttl`` (if present).

    Raises:
        KGError: a file is missing or is not valid Turtle.
    """
    modules = _modules(Path(folder))
    union = Graph(bind_namespaces="none")
    for module in modules:
        union += module.graph
    shapes_path = Path(folder) / "shapes.ttl"
    shapes = _parse(shapes_path) if shapes_path.is_file() else Graph(bind_namespaces="none")
    prefixes: dict[str, str] = {}
    for graph in [m.graph for m in modules] + [shapes]:
        for prefix, ns in graph.namespaces():
            if prefix:
                prefixes.setdefault(prefix, str(ns))
    own = str(union.value(modules[0].iri, VANN_URI) or str(modules[0].iri) + "#")
    onto = Ontology(Path(folder), tuple(modules), union, shapes, own,
                    dict(sorted(prefixes.items())))
    for cls, kind in _TYPES:
        for term in union.subjects(RDF.type, cls):
            if isinstance(term, URIRef) and str(term).startswith(own):
                onto.kinds.setdefault(term, kind)
    for term in list(union.subjects(RDF.type, None)):
        classes = {c for c in union.objects(term, RDF.type) if isinstance(c, URIRef)}
        if isinstance(term, URIRef) and term not in onto.kinds and str(term).startswith(own) \
                and any(onto.kinds.get(c) == "class" for c in classes):
            onto.kinds[term] = "individual"
    for scheme in onto.terms("scheme"):
        for concept in union.subjects(SKOS.inScheme, scheme):
            if isinstance(concept, URIRef):
                onto.kinds.setdefault(concept, "concept")
    for kind in KINDS:
        for term in onto.terms(kind):
            local = onto.curie(term).split(":", 1)
            own_term = str(term).startswith(own)
            onto.add_anchor(term, local[-1] if own_term else "-".join(local).strip("<>"))
    onto.node_shapes = sorted({s for s in shapes.subjects(RDF.type, SH.NodeShape)
                               if isinstance(s, URIRef)}, key=onto.sort_key)
    for shape in onto.node_shapes:
        onto.add_anchor(shape, "shape-" + onto.curie(shape).split(":", 1)[-1].strip("<>"))
    onto.reused = _reused(onto)
    for term in onto.reused:
        onto.add_anchor(term, "ext-" + onto.curie(term).replace(":", "-"))
    return onto
