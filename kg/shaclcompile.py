"""SHACL shapes compiled to SPARQL: one ``SELECT`` per constraint, whose rows are violations.

:func:`compile_shapes` reads a shapes graph and returns :class:`Check` objects;
:mod:`kg.shaclquery` runs them on Oxigraph. The compiled subset is what kg's
shapes and most hand-written ones use: node and property shapes targeting
classes (with subclasses from the ontology), nodes, subjects or objects of a
property, or a SPARQL target; on single-predicate paths, ``sh:minCount``,
``sh:maxCount``, ``sh:class``, ``sh:datatype``, ``sh:nodeKind``, ``sh:pattern``
(with ``sh:flags``), ``sh:in``, ``sh:hasValue``, the four range constraints,
``sh:lessThan``, ``sh:uniqueLang``, ``sh:languageIn``, ``sh:or``, ``sh:not``
and qualified counts. Anything else raises :class:`Unsupported`, so that the
caller falls back to pySHACL rather than silently checking less.

Example:
    >>> from kg.validate import load_ontology, load_shapes
    >>> checks = compile_shapes(load_shapes(), load_ontology())
    >>> sorted({c.component for c in checks})[:3]
    ['ClassConstraintComponent', 'DatatypeConstraintComponent', 'HasValueConstraintComponent']
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

import pyoxigraph as ox
from oxrdflib._converter import to_ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from kg.namespaces import RDF, RDFS, SH

__all__ = ["Check", "Unsupported", "compile_shapes"]

#: SHACL terms that describe a shape without constraining anything
_NEUTRAL = {RDF.type, RDFS.label, RDFS.comment, SH.message, SH.severity, SH.name,
            SH.description, SH.order, SH.group, SH.property, SH.targetClass, SH.targetNode,
            SH.targetSubjectsOf, SH.targetObjectsOf, SH.target, SH.path, SH.deactivated,
            SH.qualifiedMinCount, SH.qualifiedMaxCount, SH.qualifiedValueShapesDisjoint}
_RDFLIB_TERM = logging.getLogger("rdflib.term")


class Unsupported(Exception):
    """A shape uses a SHACL feature this engine does not compile (use pySHACL)."""


@dataclass(frozen=True)
class Check:
    """One constraint as a query: each row is a violation.

    ``query`` selects ``?this`` (the focus node) and, when the result names one,
    ``?value``; ``keep`` (if any) is asked about each row's value in Python,
    for the tests SPARQL cannot make (well-formed literals).
    """

    shape: str
    component: str
    path: str | None
    message: str
    severity: str
    query: str
    valued: bool = True
    keep: Callable[[ox.Literal], bool] | None = field(default=None, compare=False)


def _iri(term: Node) -> str:
    if not isinstance(term, URIRef):
        raise Unsupported(f"expected an IRI, got {term!r}")
    return f"<{term}>"


def _sparql(term: Node) -> str:
    if isinstance(term, BNode):
        raise Unsupported("a blank node cannot be written in a query")
    return str(to_ox(term))


class _Compiler:
    def __init__(self, shapes: Graph, ontology: Graph) -> None:
        self.shapes = shapes
        self.sub: dict[Node, set[Node]] = {}
        for s, o in ontology.subject_objects(RDFS.subClassOf):
            self.sub.setdefault(o, set()).add(s)
        for s, o in shapes.subject_objects(RDFS.subClassOf):
            self.sub.setdefault(o, set()).add(s)

    # -- helpers ---------------------------------------------------------
    def closure(self, cls: Node) -> list[Node]:
        """``cls`` and all its subclasses, by the ontology's rdfs:subClassOf."""
        seen, todo = {cls}, [cls]
        while todo:
            for s in self.sub.get(todo.pop(), ()):
                if s not in seen:
                    seen.add(s)
                    todo.append(s)
        return sorted(seen, key=str)

    def typed(self, var: str, cls: Node, class_var: str = "?__t") -> str:
        """A pattern true when ``var`` is an instance of ``cls`` (or of a subclass)."""
        classes = " ".join(_iri(c) for c in self.closure(cls))
        return f"{var} a {class_var} . VALUES {class_var} {{ {classes} }}"

    def message(self, shape: Node) -> str:
        messages = list(self.shapes.objects(shape, SH.message))
        english = [m for m in messages if isinstance(m, Literal) and m.language == "en"]
        return str((english or messages or [""])[0])

    def severity(self, shape: Node) -> str:
        sev = self.shapes.value(shape, SH.severity) or SH.Violation
        return str(sev).rsplit("#", 1)[-1]

    def items(self, node: Node) -> list[Node]:
        return list(Collection(self.shapes, node))

    # -- targets ---------------------------------------------------------
    def focus(self, shape: Node) -> str | None:
        """A group pattern binding ``?this`` to each focus node of ``shape`` (None: none)."""
        parts = []
        for cls in self.shapes.objects(shape, SH.targetClass):
            parts.append(self.typed("?this", cls))
        for node in self.shapes.objects(shape, SH.targetNode):
            parts.append(f"VALUES ?this {{ {_sparql(node)} }}")
        for p in self.shapes.objects(shape, SH.targetSubjectsOf):
            parts.append(f"?this {_iri(p)} ?__o")
        for p in self.shapes.objects(shape, SH.targetObjectsOf):
            parts.append(f"?__s {_iri(p)} ?this")
        for target in self.shapes.objects(shape, SH.target):
            parts.append(self.sparql_target(target))
        if (shape, RDF.type, RDFS.Class) in self.shapes:
            raise Unsupported("implicit class targets")
        if not parts:
            return None
        # inline, not a DISTINCT subquery (which Oxigraph materialises first): every check
        # selects DISTINCT rows or counts DISTINCT values, so a focus node found twice is fine
        if len(parts) == 1:
            return parts[0] + " ."
        return " UNION ".join(f"{{ {p} }}" for p in parts)

    def sparql_target(self, target: Node) -> str:
        select = self.shapes.value(target, SH.select)
        if select is None:
            raise Unsupported("a sh:target that is not a SPARQL target")
        prefixes = []
        for owner in self.shapes.objects(target, SH.prefixes):
            for decl in self.shapes.objects(owner, SH.declare):
                prefix = self.shapes.value(decl, SH.prefix)
                namespace = self.shapes.value(decl, SH.namespace)
                prefixes.append(f"PREFIX {prefix}: <{namespace}>")
        self.prologue.extend(prefixes)
        return f"{{ {select} }}"

    # -- constraints -----------------------------------------------------
    def compile(self) -> list[Check]:
        checks: list[Check] = []
        shapes = set(self.shapes.subjects(RDF.type, SH.NodeShape))
        shapes |= set(self.shapes.subjects(RDF.type, SH.PropertyShape))
        for shape in sorted(shapes, key=str):
            if isinstance(shape, BNode) and not self._has_target(shape):
                continue               # nested in sh:or / sh:qualifiedValueShape
            if self.shapes.value(shape, SH.deactivated) == Literal(True):
                continue
            self.prologue: list[str] = []
            focus = self.focus(shape)
            if focus is None:
                continue
            if self.shapes.value(shape, SH.path) is not None:
                checks += self.property_checks(shape, focus)
            else:
                checks += self.node_checks(shape, focus)
                for prop in self.shapes.objects(shape, SH.property):
                    if self.shapes.value(prop, SH.deactivated) != Literal(True):
                        checks += self.property_checks(prop, focus)
        return checks

    def _has_target(self, shape: Node) -> bool:
        return any(self.shapes.value(shape, p) is not None for p in
                   (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf,
                    SH.target))

    def _check(self, shape: Node, component: str, path: Node | None, body: str,
               select: str = "?this ?value", keep: Callable | None = None,
               tail: str = "") -> Check:
        head = "\n".join(dict.fromkeys(self.prologue))
        query = f"{head}\nSELECT DISTINCT {select} WHERE {{ {body} }} {tail}".strip()
        return Check(shape=str(shape), component=component,
                     path=str(path) if path is not None else None,
                     message=self.message(shape) or _default_message(component),
                     severity=self.severity(shape),
                     query=query, valued="?value" in select, keep=keep)

    def node_checks(self, shape: Node, focus: str) -> list[Check]:
        """Constraints of a node shape: on the focus node itself (``?value`` = ``?this``)."""
        checks = []
        for p, o in sorted(self.shapes.predicate_objects(shape), key=str):
            if p in _NEUTRAL:
                continue
            cond = self.value_condition(p, o, "?this", shape)
            if p == SH.hasValue:          # a result without a value, as SHACL says
                checks.append(self._check(shape, _component(p), None,
                                          f"{focus} FILTER ({cond})", "?this"))
                continue
            checks.append(self._check(shape, _component(p), None,
                                      f"{focus} FILTER ({cond}) BIND (?this AS ?value)"))
        return checks

    def property_checks(self, shape: Node, focus: str) -> list[Check]:
        path = self.shapes.value(shape, SH.path)
        if not isinstance(path, URIRef):
            raise Unsupported("a property path other than a single predicate")
        p = _iri(path)
        checks = []
        for c, o in sorted(self.shapes.predicate_objects(shape), key=str):
            if c in _NEUTRAL or c == SH.qualifiedValueShape:
                continue
            comp = _component(c)
            if c == SH.minCount:
                n = _int(o)
                if n == 0:
                    continue
                body = (f"{focus} FILTER NOT EXISTS {{ ?this {p} ?__v }}" if n == 1 else
                        f"{focus} OPTIONAL {{ ?this {p} ?__v }}")
                tail = "" if n == 1 else f"GROUP BY ?this HAVING (COUNT(DISTINCT ?__v) < {n})"
                checks.append(self._check(shape, comp, path, body, "?this", tail=tail))
            elif c == SH.maxCount and _int(o) <= 1:     # a pair of values: no grouping
                pair = "" if _int(o) == 0 else f" ; {p} ?__w FILTER (!sameTerm(?__v, ?__w))"
                checks.append(self._check(shape, comp, path,
                                          f"{focus} ?this {p} ?__v{pair}", "?this"))
            elif c == SH.maxCount:
                checks.append(self._check(
                    shape, comp, path, f"{focus} ?this {p} ?__v", "?this",
                    tail=f"GROUP BY ?this HAVING (COUNT(DISTINCT ?__v) > {_int(o)})"))
            elif c == SH.uniqueLang:
                if o != Literal(True):
                    continue
                checks.append(self._check(
                    shape, comp, path,
                    f"{focus} ?this {p} ?__a, ?__b FILTER (isLiteral(?__a) && LANG(?__a) != \"\" "
                    "&& LCASE(LANG(?__a)) = LCASE(LANG(?__b)) && !sameTerm(?__a, ?__b))",
                    "?this"))
            elif c == SH.hasValue:
                checks.append(self._check(
                    shape, comp, path,
                    f"{focus} FILTER NOT EXISTS {{ ?this {p} {_sparql(o)} }}", "?this"))
            elif c == SH.lessThan:
                checks.append(self._check(
                    shape, comp, path,
                    f"{focus} ?this {p} ?value . ?this {_iri(o)} ?__w "
                    "FILTER (!COALESCE(?value < ?__w, false))"))
            elif c == SH.datatype and o != RDF.langString:
                checks.append(self._check(shape, comp, path, f"{focus} ?this {p} ?value",
                                          keep=_datatype_violation([o])))
            elif c == SH["or"] and (types := self.datatypes_only(o)):
                checks.append(self._check(shape, comp, path, f"{focus} ?this {p} ?value",
                                          keep=_datatype_violation(types)))
            else:
                cond = self.value_condition(c, o, "?value", shape)
                checks.append(self._check(shape, comp, path,
                                          f"{focus} ?this {p} ?value FILTER ({cond})"))
        qualified = self.shapes.value(shape, SH.qualifiedValueShape)
        if qualified is not None:
            checks += self.qualified(shape, focus, path, qualified)
        return checks

    def qualified(self, shape: Node, focus: str, path: URIRef, inner: Node) -> list[Check]:
        if self.shapes.value(shape, SH.qualifiedValueShapesDisjoint) == Literal(True):
            raise Unsupported("sh:qualifiedValueShapesDisjoint")
        ok = self.conforms(inner, "?__v")
        p = _iri(path)
        checks = []
        least = self.shapes.value(shape, SH.qualifiedMinCount)
        most = self.shapes.value(shape, SH.qualifiedMaxCount)
        if least is not None and _int(least) > 0:
            checks.append(self._check(
                shape, "QualifiedMinCountConstraintComponent", path,
                f"{focus} OPTIONAL {{ ?this {p} ?__v FILTER ({ok}) }}", "?this",
                tail=f"GROUP BY ?this HAVING (COUNT(DISTINCT ?__v) < {_int(least)})"))
        if most is not None:
            checks.append(self._check(
                shape, "QualifiedMaxCountConstraintComponent", path,
                f"{focus} ?this {p} ?__v FILTER ({ok})", "?this",
                tail=f"GROUP BY ?this HAVING (COUNT(DISTINCT ?__v) > {_int(most)})"))
        return checks

    def datatypes_only(self, alternatives: Node) -> list[Node]:
        """The datatypes of an ``sh:or`` list whose members are each one ``sh:datatype``
        (checked in Python: SPARQL cannot tell an ill-typed literal); else []."""
        found = []
        for member in self.items(alternatives):
            pairs = [(c, o) for c, o in self.shapes.predicate_objects(member)
                     if c not in (RDF.type, SH.message)]
            if len(pairs) != 1 or pairs[0][0] != SH.datatype or pairs[0][1] == RDF.langString:
                return []
            found.append(pairs[0][1])
        return found

    def conforms(self, shape: Node, var: str) -> str:
        """A SPARQL expression true when ``var`` conforms to the nested ``shape``."""
        conds = []
        for c, o in self.shapes.predicate_objects(shape):
            if c in (RDF.type, SH.message, RDFS.label, RDFS.comment):
                continue
            if c == SH.datatype and o != RDF.langString:
                raise Unsupported("sh:datatype in a nested shape (ill-typed literals)")
            conds.append(f"!({self.value_condition(c, o, var, shape)})")
        return " && ".join(conds) or "true"

    def value_condition(self, c: Node, o: Node, var: str, shape: Node) -> str:
        """A SPARQL expression true when the value ``var`` violates ``c o`` of ``shape``."""
        if c == SH["class"]:
            return f"NOT EXISTS {{ {self.typed(var, o, '?__c')} }}"
        if c == SH.datatype:
            if o != RDF.langString:
                raise Unsupported("sh:datatype here (ill-typed literals)")
            return f"!isLiteral({var}) || LANG({var}) = \"\""
        if c == SH.nodeKind:
            kinds: dict[Node, str] = {SH.IRI: f"isIRI({var})", SH.BlankNode: f"isBlank({var})",
                     SH.Literal: f"isLiteral({var})",
                     SH.BlankNodeOrIRI: f"!isLiteral({var})",
                     SH.BlankNodeOrLiteral: f"!isIRI({var})",
                     SH.IRIOrLiteral: f"!isBlank({var})"}
            if o not in kinds:
                raise Unsupported(f"sh:nodeKind {o}")
            return f"!({kinds[o]})"
        if c == SH.pattern:
            flags = self.shapes.value(shape, SH.flags)
            arg = f", {_sparql(Literal(str(flags)))}" if flags else ""
            return f"isBlank({var}) || !REGEX(STR({var}), {_sparql(Literal(str(o)))}{arg})"
        if c == SH["in"]:
            allowed = " || ".join(f"sameTerm({var}, {_sparql(x)})" for x in self.items(o))
            return f"!({allowed or 'false'})"
        if c == SH.hasValue:
            return f"!sameTerm({var}, {_sparql(o)})"
        ops: dict[Node, str] = {SH.minInclusive: ">=", SH.minExclusive: ">", SH.maxInclusive: "<=",
               SH.maxExclusive: "<"}
        if c in ops:
            return f"!COALESCE({var} {ops[c]} {_sparql(o)}, false)"
        if c == SH.languageIn:
            langs = " || ".join(f"langMatches(LANG({var}), {_sparql(Literal(str(x)))})"
                                for x in self.items(o))
            return f"!isLiteral({var}) || !({langs or 'false'})"
        if c == SH["or"]:
            return " && ".join(f"!({self.conforms(s, var)})" for s in self.items(o)) or "true"
        if c == SH["not"]:
            return self.conforms(o, var)
        if c == SH.flags:
            return "false"              # read with sh:pattern
        raise Unsupported(f"{c}")



def _default_message(component: str) -> str:
    words = "".join(f" {ch.lower()}" if ch.isupper() else ch
                    for ch in component.removesuffix("ConstraintComponent"))
    return f"The value breaks the{words} constraint of its shape (no sh:message given)."


def _int(term: Node | None) -> int:
    """A count of the shapes (``sh:minCount 1``) as a Python int."""
    return int(term)  # type: ignore[call-overload]  # a Literal: rdflib's Node does not say so


def _component(c: Node) -> str:
    name = str(c).rsplit("#", 1)[-1]
    return name[:1].upper() + name[1:] + "ConstraintComponent"


def _datatype_violation(datatypes: list[Node]) -> Callable[[ox.Literal], bool]:
    """Whether a value has none of ``datatypes`` as a well-formed literal (as rdflib and
    pySHACL read it: ``"6 nov."^^xsd:date`` is ill-typed, so it violates)."""
    wanted = {str(d) for d in datatypes}

    def violates(value: ox.Literal) -> bool:
        if not isinstance(value, ox.Literal) or value.datatype.value not in wanted:
            return True
        quiet = _RDFLIB_TERM.disabled
        _RDFLIB_TERM.disabled = True      # rdflib logs a traceback for each ill-typed literal
        try:
            return bool(Literal(value.value, datatype=value.datatype.value).ill_typed)
        finally:
            _RDFLIB_TERM.disabled = quiet
    return violates


def compile_shapes(shapes: Graph, ontology: Graph) -> list[Check]:
    """The checks of every shape in ``shapes``, with subclasses read from ``ontology``.

    Raises:
        Unsupported: a shape uses a SHACL feature outside the compiled subset.

    Example:
        >>> from kg.validate import load_ontology, load_shapes
        >>> checks = compile_shapes(load_shapes(), load_ontology())
        >>> sorted({c.component for c in checks})[:3]
        ['ClassConstraintComponent', 'DatatypeConstraintComponent', 'HasValueConstraintComponent']
    """
    return _Compiler(shapes, ontology).compile()
