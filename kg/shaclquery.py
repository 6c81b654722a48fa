"""SHACL shapes run as SPARQL queries on Oxigraph (the ``oxigraph`` validation engine).

pySHACL walks the graph node by node in Python: on a million triples it takes
minutes and gigabytes. Here each constraint of the shapes is one SPARQL
``SELECT`` (:mod:`kg.shaclcompile`) that returns exactly the focus nodes (and
values) violating it, and Oxigraph answers it over the whole graph at once.

Semantics kept from pySHACL with ``inference="none"``: the ontology is part of
the data (its ``rdfs:subClassOf`` triples make ``sh:targetClass`` and
``sh:class`` see instances of subclasses, and the individuals it defines,
roles and sectors, have their types), an ill-typed literal fails
``sh:datatype``, a comparison that cannot be made fails ``sh:minInclusive``.
``tests/test_shacl_engines.py`` checks that both engines find the same
violations on every example of ``ontology/examples``, on built graphs with
faults put in and on random graphs of kg's vocabulary.

Example:
    >>> import pyoxigraph as ox
    >>> bad = ox.Quad(ox.NamedNode("urn:x:a"),
    ...     ox.NamedNode("https://w3id.org/coop-kg/ontology#signedOn"), ox.Literal("6 nov."))
    >>> [v.shape.rsplit("#")[-1] for v in validate_quads([bad]).violations]
    ['SignedOnShape-date']
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from kg.config import ontology_dir
from kg.errors import ValidationError
from kg.namespaces import RDFS
from kg.shaclcompile import Check, Unsupported, compile_shapes
from kg.terms import ox_term

__all__ = ["Check", "Unsupported", "compile_shapes", "run_checks", "validate_quads",
           "validate_rdf_file"]


@lru_cache(maxsize=4)
def _default_checks(folder: Path) -> tuple[tuple[Check, ...], tuple[ox.Quad, ...]]:
    from kg.validate import load_ontology, load_shapes
    ontology = load_ontology(folder)
    checks = tuple(compile_shapes(load_shapes(folder / "shapes.ttl"), ontology))
    quads = tuple(ox.Quad(ox_term(s), ox_term(p), ox_term(o))  # type: ignore[arg-type]
                  for s, p, o in ontology)
    return checks, quads


def run_checks(store: ox.Store, checks: Iterable[Check], *, threads: int = 1
               ) -> list[tuple[Check, ox.NamedNode | ox.BlankNode | ox.Literal,
                               ox.NamedNode | ox.BlankNode | ox.Literal | None]]:
    """Each violation found in the default graph of ``store``: (check, focus, value), in
    the order of ``checks``. With ``threads`` above 1 the checks run side by side
    (Oxigraph answers a query without holding Python's lock for most of it: on 1,000
    documents 2.5 s on one thread, 1.6 s on two)."""
    def one(check: Check) -> list:
        found = []
        for row in store.query(check.query):  # type: ignore[union-attr]
            value = row["value"] if check.valued else None
            if check.keep is not None and not check.keep(value):  # type: ignore[arg-type]
                continue
            found.append((check, row["this"], value))
        return found

    checks = list(checks)
    if threads > 1 and len(checks) > 1:
        with ThreadPoolExecutor(threads) as pool:
            return [v for found in pool.map(one, checks) for v in found]
    return [v for check in checks for v in one(check)]


def validate_quads(quads: Iterable[ox.Quad | ox.Triple], *,
                   shapes: Path | None = None):  # -> kg.validate.ValidationReport
    """Check the union of ``quads`` (every graph; a triple in two graphs counts once)
    against kg's shapes (or ``shapes``), with the ontology added.

    The triples go into a new in-memory store, in its default graph, where each
    query reads one index instead of a union of graphs.

    Raises:
        Unsupported: ``shapes`` uses SHACL outside the compiled subset.

    Example:
        >>> validate_quads([]).conforms
        True
    """
    checks = _checks(shapes)          # before the graph is read: Unsupported comes first
    store = ox.Store()
    store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object) for q in quads)
    return _validate(store, checks)


def _checks(shapes: Path | None) -> tuple[tuple[Check, ...], tuple[ox.Quad, ...]]:
    """The compiled checks of ``shapes`` (kg's own if None) and the ontology's quads."""
    if shapes is None:
        return _default_checks(ontology_dir())
    from kg.validate import load_ontology, load_shapes
    return (tuple(compile_shapes(load_shapes(shapes), load_ontology())),
            _default_checks(ontology_dir())[1])


def _validate(store: ox.Store, compiled: tuple[tuple[Check, ...], tuple[ox.Quad, ...]],
              threads: int = 1):
    """Check the default graph of ``store`` (which it changes: the ontology is added)."""
    from kg.validate import ValidationReport, Violation, node_text, rdflib_term
    checks, onto = compiled
    triples = len(store)
    store.bulk_extend(onto)
    rows = run_checks(store, checks, threads=threads)
    labels = _labels(store, {focus for _, focus, _ in rows})
    violations = {Violation(focus=node_text(rdflib_term(focus)) or "", path=c.path,
                            value=node_text(rdflib_term(value)) if value is not None else None,
                            message=c.message, severity=c.severity, shape=c.shape,
                            focus_label=labels.get(focus))
                  for c, focus, value in rows}
    ordered = tuple(sorted(violations, key=lambda v: (v.shape, v.focus, v.path or "",
                                                      v.value or "")))
    return ValidationReport(conforms=not any(v.severity == "Violation" for v in ordered),
                            violations=ordered, triples=triples)


def validate_rdf_file(path: str, *, shapes: Path | None = None, threads: int = 1,
                      own: bool = False):  # -> ValidationReport
    """:func:`validate_quads` of an RDF file (format from its suffix): what ``kg build
    --jobs N`` runs in a process of its own on the ``graph.ttl`` it has just written,
    with N ``threads`` (see :func:`run_checks`).

    ``own``: the file is one kg has just written (Oxigraph checked its every IRI as it
    made the terms), so the parser skips checking them again (``lenient``: 1.28 s
    instead of 1.51 s for 700,000 triples). Not for a file from elsewhere.

    A file of triples (Turtle, N-Triples) is loaded by Oxigraph straight into the
    store, with no Python object per triple; a file of quads (TriG, N-Quads) is read
    quad by quad into the union of its graphs.

    Example:
        >>> import tempfile, pathlib
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     empty = pathlib.Path(folder) / "empty.ttl"
        ...     _ = empty.write_text("")
        ...     validate_rdf_file(str(empty)).conforms
        True
    """
    fmt = ox.RdfFormat.from_extension(Path(path).suffix.lstrip(".").lower())
    if fmt is None:
        raise ValidationError(f"cannot tell the RDF format of {path} from its suffix",
                              hint="name it .ttl, .nt, .trig or .nq")
    if fmt.supports_datasets:
        return validate_quads(ox.parse(path=path, format=fmt), shapes=shapes)
    checks = _checks(shapes)
    store = ox.Store()
    store.load(path=path, format=fmt, lenient=own)
    return _validate(store, checks, threads)


def _labels(store: ox.Store, nodes: set) -> dict:
    """The French label of each node if it has one, else any label (as pySHACL's report)."""
    label = ox.NamedNode(str(RDFS.label))
    found = {}
    for node in nodes:
        if isinstance(node, ox.Literal):
            continue
        values = {q.object for q in store.quads_for_pattern(node, label, None)
                  if not isinstance(q.object, ox.Triple)}
        if values:
            best = sorted(values, key=lambda x: (getattr(x, "language", None) != "fr",
                                                 x.value))
            found[node] = best[0].value
    return found
