"""Each SHACL shape accepts its valid example and rejects its invalid one, by itself."""

from __future__ import annotations

import pyshacl
import pytest
from rdflib import Graph, Literal, URIRef

from kg.config import ontology_dir
from kg.namespaces import RDF, SH
from kg.validate import load_shapes, validate_file

SHAPES_NS = "https://w3id.org/coop-kg/shapes#"
EXAMPLES = ontology_dir() / "examples"


def named_node_shapes() -> list[str]:
    shapes = load_shapes()
    return sorted(str(s)[len(SHAPES_NS):] for s in shapes.subjects(RDF.type, SH.NodeShape)
                  if str(s).startswith(SHAPES_NS))


def parts_of(shapes: Graph, shape: URIRef) -> set[str]:
    """The shape and the property shapes and SPARQL constraints it owns."""
    owned = {shape}
    for prop in (SH.property, SH.sparql):
        owned |= set(shapes.objects(shape, prop))
    return {str(s) for s in owned}


def test_every_named_shape_has_both_examples() -> None:
    names = named_node_shapes()
    assert len(names) >= 20
    files = {p.name for p in EXAMPLES.glob("*.ttl")}
    wanted = {f"{n}.{kind}.ttl" for n in names for kind in ("valid", "invalid")}
    assert files == wanted


def test_every_shape_is_named_and_has_french_and_english_messages() -> None:
    shapes = load_shapes()
    kinds = (SH.NodeShape, SH.PropertyShape, SH.SPARQLConstraint)
    nodes = [s for k in kinds for s in shapes.subjects(RDF.type, k)]
    assert all(isinstance(s, URIRef) and str(s).startswith(SHAPES_NS) for s in nodes)
    for shape in nodes:
        messages = shapes.objects(shape, SH.message)
        languages = {m.language for m in messages if isinstance(m, Literal)}
        assert languages == {"fr", "en"}, shape


def test_shapes_are_well_formed_shacl() -> None:
    conforms, _, text = pyshacl.validate(Graph(), shacl_graph=load_shapes(), meta_shacl=True)
    assert conforms, text


@pytest.mark.parametrize("name", named_node_shapes())
def test_valid_example_conforms(name: str) -> None:
    report = validate_file(EXAMPLES / f"{name}.valid.ttl")
    assert report.conforms, report.summary()
    assert report.triples > 0


@pytest.mark.parametrize("name", named_node_shapes())
def test_invalid_example_is_rejected_by_its_shape_only(name: str) -> None:
    report = validate_file(EXAMPLES / f"{name}.invalid.ttl")
    assert not report.conforms
    owned = parts_of(load_shapes(), URIRef(SHAPES_NS + name))
    assert {v.shape for v in report.violations} <= owned, report.summary()
    assert all(v.severity == "Violation" and v.message for v in report.violations)


def test_subclass_instances_are_targeted_through_the_ontology() -> None:
    """Without the ontology, a party typed only coop:County is no org:Organization."""
    from kg.validate import read_graph, validate

    graph = read_graph(EXAMPLES / "PartyShape.valid.ttl")
    assert validate(graph).conforms
    without = validate(graph, ontology=False)
    assert {v.shape for v in without.violations} == {SHAPES_NS + "PartyShape"}

