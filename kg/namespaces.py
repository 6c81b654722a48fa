"""Namespaces of the graph, bound once.

``COOP`` is a closed :class:`rdflib.namespace.DefinedNamespace`: a typo such as
``COOP.partie`` raises ``AttributeError`` instead of minting a wrong IRI. Every
term listed here is defined, labelled and commented in ``ontology/coop.ttl``
(a test checks both ways).

Example:
    >>> from kg.namespaces import COOP
    >>> str(COOP.party)
    'https://w3id.org/coop-kg/ontology#party'
"""

from __future__ import annotations

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import (
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SKOS,
    XSD,
    DefinedNamespace,
)

COOP_IRI = "https://w3id.org/coop-kg/ontology#"
DEFAULT_BASE = "https://w3id.org/coop-kg/id/"


class COOP(DefinedNamespace):
    """The project's ontology, ``https://w3id.org/coop-kg/ontology#``."""

    _NS = Namespace(COOP_IRI)
    _fail = True

    # -- organisations ---------------------------------------------------
    PublicAuthority: URIRef
    Metropolis: URIRef
    County: URIRef
    Municipality: URIRef
    Departement: URIRef
    Region: URIRef
    FederatedState: URIRef
    GoverningCouncil: URIRef
    DevelopmentAgency: URIRef
    University: URIRef
    Port: URIRef
    ResearchInfrastructure: URIRef
    TechnologyPark: URIRef
    Company: URIRef
    BusinessNetwork: URIRef
    Delegation: URIRef
    # -- agreements ------------------------------------------------------
    Agreement: URIRef
    CooperationAgreement: URIRef
    Partnership: URIRef
    TwinningAgreement: URIRef
    MemorandumOfUnderstanding: URIRef
    AgreementStatus: URIRef
    Signed: URIRef
    InPreparation: URIRef
    # -- events ----------------------------------------------------------
    Signing: URIRef
    Mission: URIRef
    Visit: URIRef
    # -- roles -----------------------------------------------------------
    Roles: URIRef
    Sectors: URIRef
    # -- documents and provenance ------------------------------------------
    SourceDocument: URIRef
    PressRelease: URIRef
    NewsArticle: URIRef
    WebPage: URIRef
    Evidence: URIRef
    ExtractionRule: URIRef
    Discrepancy: URIRef
    MetadataRecord: URIRef
    MetadataOrigin: URIRef
    ReadFromText: URIRef
    GivenByUser: URIRef
    InferredFromCorpus: URIRef
    Figure: URIRef
    # -- properties: agreements ------------------------------------------
    party: URIRef
    signatory: URIRef
    witness: URIRef
    signedOn: URIRef
    signedAt: URIRef
    signedDuring: URIRef
    signingEvent: URIRef
    status: URIRef
    collaborationField: URIRef
    withinFrameworkOf: URIRef
    # -- properties: organisations, places, events ---------------------------
    population: URIRef
    areaKm2: URIRef
    memberCount: URIRef
    strategicSector: URIRef
    sectorActor: URIRef
    priorityDestination: URIRef
    participant: URIRef
    portfolio: URIRef
    rankInRole: URIRef
    figure: URIRef
    quantityKind: URIRef
    # -- properties: provenance -------------------------------------------
    hasContext: URIRef
    rule: URIRef
    confidence: URIRef
    validOn: URIRef
    conflicting: URIRef
    discrepancy: URIRef
    statement: URIRef
    metadata: URIRef
    field: URIRef
    value: URIRef
    origin: URIRef
    ruleVersion: URIRef
    wikidataSource: URIRef
    demonym: URIRef


SCHEMA = Namespace("https://schema.org/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
ITSRDF = Namespace("http://www.w3.org/2005/11/its/rdf#")
WD = Namespace("http://www.wikidata.org/entity/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")
CPOV = Namespace("http://data.europa.eu/m8g/")
SH = Namespace("http://www.w3.org/ns/shacl#")

PREFIXES: dict[str, str] = {
    "coop": COOP_IRI,
    "org": str(ORG),
    "foaf": str(FOAF),
    "schema": str(SCHEMA),
    "prov": str(PROV),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "nif": str(NIF),
    "itsrdf": str(ITSRDF),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "wd": str(WD),
}


def bind_prefixes(graph: Graph, base: str = DEFAULT_BASE) -> Graph:
    """Bind the project's prefixes (and ``id:`` for the instance base) on ``graph``.

    Example:
        >>> g = bind_prefixes(Graph())
        >>> dict(g.namespaces())["coop"]
        rdflib.term.URIRef('https://w3id.org/coop-kg/ontology#')
    """
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)
    graph.bind("id", base, override=True, replace=True)
    return graph


__all__ = [
    "COOP", "SCHEMA", "NIF", "ITSRDF", "WD", "WDT", "CPOV", "SH", "ORG", "FOAF", "PROV",
    "SKOS", "DCTERMS", "OWL", "RDF", "RDFS", "XSD", "PREFIXES", "DEFAULT_BASE", "bind_prefixes",
]
