"""The SPARQL 1.1 Service Description of the ``kg serve`` endpoint, in Turtle.

Example:
    >>> b"sd:SPARQL11Query" in service_description("http://127.0.0.1:8000/sparql")
    True
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Graph, Namespace, URIRef

from kg.namespaces import RDF

__all__ = ["service_description", "SD", "FORMATS"]

#: SPARQL 1.1 Service Description vocabulary (not in rdflib's namespaces)
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")

#: the result and graph formats the endpoint writes
FORMATS: list[ox.QueryResultsFormat | ox.RdfFormat] = [
    ox.QueryResultsFormat.JSON,
    ox.QueryResultsFormat.XML,
    ox.QueryResultsFormat.CSV,
    ox.QueryResultsFormat.TSV,
    ox.RdfFormat.TURTLE,
    ox.RdfFormat.JSON_LD,
    ox.RdfFormat.N_TRIPLES,
    ox.RdfFormat.RDF_XML,
]


def service_description(endpoint: str) -> bytes:
    """Describe the endpoint at ``endpoint``: SPARQL 1.1 Query, formats, union default graph.

    Args:
        endpoint: the address of ``/sparql``.

    Returns:
        The description as Turtle bytes.
    """
    graph = Graph()
    graph.bind("sd", SD)
    service = BNode()
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, URIRef(endpoint)))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    graph.add((service, SD.feature, SD.UnionDefaultGraph))
    for fmt in FORMATS:
        graph.add((service, SD.resultFormat, URIRef(fmt.iri)))
    dataset = BNode()
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    default = BNode()
    graph.add((dataset, SD.defaultGraph, default))
    graph.add((default, RDF.type, SD.Graph))
    return graph.serialize(format="turtle").encode()
