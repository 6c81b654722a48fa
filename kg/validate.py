"""SHACL validation: a graph in, a plain report of violations out.

Two engines find the same violations (``tests/test_shacl_engines.py``):

* ``oxigraph`` (the default): :mod:`kg.shaclquery` compiles each constraint of
  ``ontology/shapes.ttl`` into one SPARQL query, run by Oxigraph over the data
  and the ontology; a million triples are checked in seconds;
* ``pyshacl``: the reference implementation. The data are copied into a graph
  of rdflib's default store (pyshacl is about 40x slower on an Oxigraph-backed
  graph, see PERF-NOTES), the ontology is added, and pyshacl runs **without
  inference**, in ``advanced`` mode for the SPARQL target of
  ``shapes:AnchorLengthShape``. ``auto`` uses it only for shapes outside the
  compiled subset (``--shapes`` of one's own).

Either way the ontology's ``rdfs:subClassOf`` triples make ``sh:targetClass``
and ``sh:class`` see instances of subclasses (a ``coop:County`` is an
``org:Organization``), while no RDFS inference runs: it would make some shapes
unfalsifiable (the ``rdfs:range`` of ``coop:signatory`` would turn any
signatory into a ``foaf:Person``).

Example:
    >>> from rdflib import Graph
    >>> report = validate(Graph())
    >>> report.conforms, report.violations
    (True, ())
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import ConjunctiveGraph
from rdflib.term import Node

from kg.config import ontology_dir, output_folder_hint
from kg.errors import ValidationError
from kg.namespaces import COOP_IRI, DEFAULT_BASE, OWL, PREFIXES, RDFS, SH, bind_prefixes
from kg.terms import rdflib_term

__all__ = [
    "Violation", "ValidationReport", "validate", "validate_file", "load_ontology", "load_shapes",
    "run_shapes", "ENGINES",
]

#: ``oxigraph``: the shapes compiled to SPARQL (:mod:`kg.shaclquery`); ``pyshacl``: the
#: reference implementation; ``auto``: oxigraph unless the shapes need pyshacl
ENGINES = ("auto", "oxigraph", "pyshacl")

#: graph file suffix -> rdflib parser name
FORMATS: dict[str, str] = {
    ".ttl": "turtle", ".trig": "trig", ".jsonld": "json-ld", ".json": "json-ld",
    ".nt": "nt", ".nq": "nquads",
}
_MODULE_BASE = COOP_IRI.rstrip("#") + "/"
_SHORT = sorted({**PREFIXES, "id": DEFAULT_BASE, "shapes": "https://w3id.org/coop-kg/shapes#"}
                .items(), key=lambda kv: -len(kv[1]))
_NAMES = bind_prefixes(Graph()).namespace_manager


@dataclass(frozen=True)
class Violation:
    """One SHACL result: which node, which path, which value, what is wrong, which shape."""

    focus: str
    path: str | None
    value: str | None
    message: str
    severity: str
    shape: str
    focus_label: str | None = None


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of :func:`validate`: ``conforms`` is false when any violation was found."""

    conforms: bool
    violations: tuple[Violation, ...]
    triples: int

    def summary(self) -> str:
        """The violations in plain words, one paragraph each.

        Example:
            >>> ValidationReport(True, (), 12).summary()
            'The graph conforms to the shapes (12 triples checked).'
        """
        if not self.violations:
            return f"The graph conforms to the shapes ({self.triples} triples checked)."
        lines = [f"{len(self.violations)} violation(s) in {self.triples} triples:"]
        for v in self.violations:
            who = short(v.focus) + (f' "{v.focus_label}"' if v.focus_label else "")
            lines.append(f"- {v.severity}: {who}: {v.message}")
            detail = [f"path {short(v.path)}"] if v.path else []
            detail += [f"value {short(v.value)}"] if v.value is not None else []
            lines.append(f"    {', '.join(detail + ['shape ' + short(v.shape)])}")
        return "\n".join(lines)


def short(iri: str) -> str:
    """A CURIE for ``iri`` when a project prefix covers it, else ``iri`` itself.

    Example:
        >>> short("https://w3id.org/coop-kg/id/person/jean-claude-gaudin")
        'id:person/jean-claude-gaudin'
    """
    for prefix, ns in _SHORT:
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


@lru_cache(maxsize=4)
def _ontology_triples(folder: Path) -> tuple[tuple[Node, Node, Node], ...]:
    graph, todo, seen = Graph(), [folder / "coop.ttl"], set()
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        if not path.is_file():
            raise ValidationError(f"ontology file {path} is missing",
                                  hint="reinstall kg or restore ontology/ from the repository")
        module = Graph().parse(path, format="turtle")
        graph += module
        for imported in module.objects(None, OWL.imports):
            if str(imported).startswith(_MODULE_BASE):
                todo.append(folder / f"{str(imported)[len(_MODULE_BASE):]}.ttl")
    return tuple(graph)


def load_ontology(folder: Path | None = None) -> Graph:
    """The ontology: ``coop.ttl`` and every module it ``owl:imports``, as one graph.

    Example:
        >>> from kg.namespaces import COOP, RDF, SKOS
        >>> (COOP.Roles, RDF.type, SKOS.ConceptScheme) in load_ontology()
        True
    """
    graph = Graph()
    graph.addN((s, p, o, graph) for s, p, o in _ontology_triples(folder or ontology_dir()))
    return graph


def load_shapes(path: Path | None = None) -> Graph:
    """Parse the SHACL shapes (``ontology/shapes.ttl`` by default).

    Raises:
        ValidationError: the file is missing or is not valid Turtle.

    Example:
        >>> len(load_shapes()) > 100
        True
    """
    path = path or ontology_dir() / "shapes.ttl"
    if not path.is_file():
        raise ValidationError(f"shapes file {path} not found",
                              hint="give an existing file with --shapes, or reinstall kg")
    try:
        return Graph().parse(path, format="turtle")
    except Exception as exc:  # rdflib raises several unrelated types on bad syntax
        raise ValidationError(f"cannot parse shapes file {path}: {exc}",
                              hint="fix the Turtle syntax at the position given") from exc


def _copy(data: Graph) -> Graph:
    """The triples of ``data`` (all named graphs of a dataset) in rdflib's default store."""
    copy = Graph()
    if isinstance(data, ConjunctiveGraph | Dataset):
        copy.addN((s, p, o, copy) for s, p, o, _ in data.quads((None, None, None, None)))
    else:
        copy.addN((s, p, o, copy) for s, p, o in data)
    return copy


def rdflib_graph(quads: Iterable) -> Graph:
    """The triples of pyoxigraph quads in a plain graph of rdflib's default store."""
    g = Graph()
    g.addN((rdflib_term(q.subject), rdflib_term(q.predicate), rdflib_term(q.object), g)
           for q in quads)
    return g


def node_text(node: Node | None) -> str | None:
    if node is None:
        return None
    if isinstance(node, Literal):
        return node.n3(_NAMES)
    return str(node) if isinstance(node, URIRef) else f"_:{node}"


def _message(results: Graph, result: Node) -> str:
    messages = list(results.objects(result, SH.resultMessage))
    english = [m for m in messages if isinstance(m, Literal) and m.language == "en"]
    return str((english or messages or ["(no message)"])[0])


def _label(data: Graph, node: Node | None) -> str | None:
    """The French label of ``node`` if it has one, else any label, else None."""
    if node is None:
        return None
    labels = sorted(data.objects(node, RDFS.label),
                    key=lambda x: (getattr(x, "language", None) != "fr", str(x)))
    return str(labels[0]) if labels else None


def _violations(results: Graph, data: Graph) -> tuple[Violation, ...]:
    found = []
    for result in results.subjects(SH.resultSeverity, None):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        found.append(Violation(
            focus=node_text(focus) or "",
            path=node_text(path) if not isinstance(path, BNode) else "(complex path)",
            value=node_text(results.value(result, SH.value)),
            message=_message(results, result),
            severity=str(results.value(result, SH.resultSeverity)).rsplit("#", 1)[-1],
            shape=node_text(results.value(result, SH.sourceShape)) or "",
            focus_label=_label(data, focus),
        ))
    return tuple(sorted(set(found), key=lambda v: (v.shape, v.focus, v.path or "", v.value or "")))


def validate(data: Graph, *, shapes: Path | None = None, ontology: bool = True,
             engine: str = "auto") -> ValidationReport:
    """Run the SHACL shapes over ``data`` (a graph or a dataset, left unchanged).

    Args:
        data: the graph to check; a ``Dataset`` is checked as the union of its graphs.
        shapes: a shapes file instead of ``ontology/shapes.ttl``.
        ontology: add the ontology to the checked copy (needed for subclass targets).
        engine: one of :data:`ENGINES`; both engines find the same violations.

    Returns:
        A :class:`ValidationReport`; ``conforms`` is false when any violation was found.

    Raises:
        ValidationError: the shapes are missing or unreadable.

    Example:
        >>> from rdflib import Graph, Literal, URIRef
        >>> from kg.namespaces import COOP, XSD
        >>> g = Graph().add((URIRef("urn:x:a"), COOP.signedOn, Literal("6 nov.")))
        >>> validate(g).violations[0].shape
        'https://w3id.org/coop-kg/shapes#SignedOnShape-date'
    """
    # without the ontology, subclasses are unknown to the compiled queries: pySHACL only
    from kg.shaclquery import validate_quads
    return _with_engine("pyshacl" if not ontology and engine in ENGINES else engine,
                        lambda: validate_quads(_ox_quads(data), shapes=shapes),
                        lambda: run_shapes(_copy(data), shapes=shapes, ontology=ontology))


def _ox_quads(data: Graph) -> Iterator:   # of pyoxigraph.Quad
    """The triples of ``data`` (all graphs of a dataset) as pyoxigraph quads."""
    import pyoxigraph as ox

    from kg.terms import ox_term
    if isinstance(data, ConjunctiveGraph | Dataset):
        triples = ((s, p, o) for s, p, o, _ in data.quads((None, None, None, None)))
    else:
        triples = iter(data)
    return (ox.Quad(ox_term(s), ox_term(p), ox_term(o))  # type: ignore[arg-type]
            for s, p, o in triples)


def run_shapes(checked: Graph, *, shapes: Path | None = None,
               ontology: bool = True) -> ValidationReport:
    """:func:`validate` on a plain graph of rdflib's default store that may be changed
    (the ontology is added to it): no copy is made."""
    shapes_graph = load_shapes(shapes)
    triples = len(checked)
    if ontology:
        checked += load_ontology()
    conforms, results, _ = shacl_validate(
        checked, shacl_graph=shapes_graph, inference="none", advanced=True, inplace=True,
        abort_on_first=False, allow_warnings=True, allow_infos=True,
    )
    violations = _violations(results, checked)
    return ValidationReport(
        conforms=not any(v.severity == "Violation" for v in violations),
        violations=violations, triples=triples,
    )


def read_graph(path: Path) -> Graph:
    """Parse a graph file by its extension (.ttl, .trig, .jsonld, .nt, .nq) into one graph;
    a store folder (``kg build --store DIR``) gives the union of its graphs.

    Raises:
        ValidationError: the file is missing, has an unknown extension or does not parse.

    Example:
        >>> read_graph(Path("missing.ttl"))
        Traceback (most recent call last):
        kg.errors.ValidationError: graph file missing.ttl not found (...)
    """
    from kg.store import is_store_dir
    if is_store_dir(path):                # kg build --store DIR
        from kg.store import open_store_dir
        return rdflib_graph(open_store_dir(path).quads_for_pattern(None, None, None, None))
    _check_file(path)
    fmt = FORMATS[path.suffix.lower()]
    try:
        if fmt in ("trig", "nquads", "json-ld"):
            return _copy(Dataset().parse(path, format=fmt))
        return Graph().parse(path, format=fmt)
    except Exception as exc:  # rdflib raises several unrelated types on bad syntax
        raise ValidationError(f"cannot parse {path} as {fmt}: {exc}",
                              hint="check that the file is complete and has the right "
                                   "extension") from exc


def read_quads(path: Path) -> list:   # of pyoxigraph.Quad
    """The quads of a graph file, parsed by Oxigraph (see :func:`read_graph` for the
    formats), or of a store folder.

    Raises:
        ValidationError: the file is missing, has an unknown extension or does not parse.
    """
    import pyoxigraph as ox

    from kg.store import is_store_dir
    path = Path(path)
    if is_store_dir(path):
        from kg.store import open_store_dir
        return list(open_store_dir(path).quads_for_pattern(None, None, None, None))
    _check_file(path)
    fmt = ox.RdfFormat.JSON_LD if path.suffix.lower() == ".json" else \
        ox.RdfFormat.from_extension(path.suffix.lower().lstrip("."))
    try:
        return list(ox.parse(path=str(path), format=fmt))
    except (SyntaxError, ValueError, OSError) as exc:
        raise ValidationError(f"cannot parse {path} as {FORMATS[path.suffix.lower()]}: {exc}",
                              hint="check that the file is complete and has the right "
                                   "extension") from exc


def _check_file(path: Path) -> None:
    if not path.is_file():
        raise ValidationError(f"{path} is a folder, not a graph file" if path.is_dir()
                              else f"graph file {path} not found",
                              hint=output_folder_hint(path, "graph.ttl")
                              or "give the path of a graph written by `kg build`, "
                                 "e.g. kg-out/graph.ttl")
    if path.suffix.lower() not in FORMATS:
        raise ValidationError(f"cannot tell the format of {path.name}",
                              hint=f"use one of the extensions {', '.join(FORMATS)}")


def validate_file(path: Path, *, shapes: Path | None = None,
                  engine: str = "auto") -> ValidationReport:
    """Parse the graph file at ``path`` (see :func:`read_graph`) and :func:`validate` it;
    the oxigraph engine reads it with Oxigraph's parser (a Turtle or N-Triples file
    straight into its store, as ``kg build`` does), pyshacl with rdflib's.

    Example:
        >>> validate_file(Path("kg-out/graph.ttl")).conforms  # doctest: +SKIP
        True
    """
    from kg.shaclquery import validate_quads, validate_rdf_file
    path = Path(path)

    def compiled() -> ValidationReport:
        if path.is_file() and path.suffix.lower() in (".ttl", ".nt"):
            _check_file(path)
            try:
                return validate_rdf_file(str(path), shapes=shapes)
            except (SyntaxError, ValueError, OSError) as exc:
                raise ValidationError(
                    f"cannot parse {path} as {FORMATS[path.suffix.lower()]}: {exc}",
                    hint="check that the file is complete and has the right extension") from exc
        return validate_quads(read_quads(path), shapes=shapes)

    return _with_engine(engine, compiled,
                        lambda: validate(read_graph(path), shapes=shapes, engine="pyshacl"))


def _with_engine(engine: str, compiled: Callable[[], ValidationReport],
                 reference: Callable[[], ValidationReport]) -> ValidationReport:
    """The shapes compiled to SPARQL (``compiled()``), or pySHACL (``reference()``) when
    asked for or when the shapes go beyond what compiles (``auto``)."""
    if engine not in ENGINES:
        raise ValidationError(f"unknown SHACL engine {engine!r}",
                              hint=f"use one of {', '.join(ENGINES)}")
    if engine != "pyshacl":
        from kg.shaclquery import Unsupported
        try:
            return compiled()
        except Unsupported as exc:
            if engine == "oxigraph":
                raise ValidationError(f"the oxigraph engine cannot check these shapes: {exc}",
                                      hint="use --engine pyshacl (or auto)") from exc
    return reference()
