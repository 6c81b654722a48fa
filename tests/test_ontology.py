"""The ontology defines and documents every term kg writes, and parses everywhere."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph, Literal, URIRef

from kg.config import ontology_dir
from kg.namespaces import (
    COOP,
    COOP_IRI,
    CPOV,
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
    WD,
)
from kg.validate import load_ontology

ONTOLOGY_IRI = URIRef(COOP_IRI.rstrip("#"))
ROLE_BASE = "https://w3id.org/coop-kg/id/role/"
VANN_PREFIX = URIRef("http://purl.org/vocab/vann/preferredNamespacePrefix")
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="module")
def onto() -> Graph:
    return load_ontology()


def coop_terms() -> list[str]:
    return sorted(COOP.__annotations__)


def defined_coop_terms(onto: Graph) -> set[URIRef]:
    return {s for s in onto.subjects(RDF.type, None)
            if isinstance(s, URIRef) and str(s).startswith(COOP_IRI)}


def slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


def langs(onto: Graph, node: URIRef, prop: URIRef) -> list[str | None]:
    return sorted((o.language or "") for o in onto.objects(node, prop) if isinstance(o, Literal))


def superclasses(onto: Graph, cls: URIRef) -> set[URIRef]:
    seen, todo = {cls}, [cls]
    while todo:
        for sup in onto.objects(todo.pop(), RDFS.subClassOf):
            if isinstance(sup, URIRef) and sup not in seen:
                seen.add(sup)
                todo.append(sup)
    return seen


def test_every_module_is_imported_by_coop_ttl(onto: Graph) -> None:
    files = {p.name for p in ontology_dir().glob("*.ttl")} - {"shapes.ttl"}
    reached = {str(o).rsplit("/", 1)[-1] + ".ttl" for o in onto.subjects(RDF.type, OWL.Ontology)
               if o != ONTOLOGY_IRI}
    assert files == reached | {"coop.ttl"}


@pytest.mark.parametrize("name", coop_terms())
def test_coop_term_is_defined(onto: Graph, name: str) -> None:
    assert (COOP[name], RDF.type, None) in onto, f"coop:{name} has no rdf:type in ontology/"


def test_ontology_defines_no_term_outside_the_namespace_class(onto: Graph) -> None:
    extra = {str(t)[len(COOP_IRI):] for t in defined_coop_terms(onto)} - set(coop_terms())
    assert not extra, f"add these to COOP in kg/namespaces.py or remove them: {sorted(extra)}"


def test_every_coop_term_and_role_is_labelled_and_commented_in_french_and_english(
        onto: Graph) -> None:
    roles = set(onto.subjects(RDF.type, ORG.Role))
    missing = [(str(t), str(p)) for t in defined_coop_terms(onto) | roles
               for p in (RDFS.label, RDFS.comment)
               if not {"fr", "en"} <= set(langs(onto, t, p))]
    assert not missing


def test_every_property_has_a_domain_and_a_range(onto: Graph) -> None:
    props = [p for kind in (OWL.ObjectProperty, OWL.DatatypeProperty)
             for p in onto.subjects(RDF.type, kind)]
    assert len(props) > 30
    bare = [str(p) for p in props
            if onto.value(p, RDFS.domain) is None or onto.value(p, RDFS.range) is None]
    assert not bare


def test_vocabulary_terms_are_all_defined(onto: Graph) -> None:
    vocabulary = SHARED / "VOCABULARY.md"
    if not vocabulary.is_file():
        pytest.skip(f"{vocabulary} not present")
    names = set(re.findall(r"\bcoop:([A-Za-z][A-Za-z0-9]*)", vocabulary.read_text("utf-8")))
    assert len(names) > 15
    assert not {n for n in names if (COOP[n], RDF.type, None) not in onto}


def test_header(onto: Graph) -> None:
    header = ONTOLOGY_IRI
    assert set(langs(onto, header, DCTERMS.title)) == {"en", "fr"}
    assert set(langs(onto, header, DCTERMS.description)) == {"en", "fr"}
    assert str(onto.value(header, OWL.versionIRI)).startswith(str(header) + "/")
    assert onto.value(header, OWL.versionInfo) is not None
    assert "creativecommons.org/licenses/by/4.0" in str(onto.value(header, DCTERMS.license))
    assert onto.value(header, DCTERMS.created) is not None
    assert onto.value(header, DCTERMS.modified) is not None
    assert onto.value(header, DCTERMS.creator) is not None
    assert str(onto.value(header, VANN_PREFIX)) == "coop"


@pytest.mark.parametrize("path", sorted(ontology_dir().glob("*.ttl")), ids=lambda p: p.name)
def test_parses_with_rdflib_and_oxigraph(path: Path) -> None:
    with path.open("rb") as stream:
        quads = list(pyoxigraph.parse(stream, format=pyoxigraph.RdfFormat.TURTLE))
    assert len(quads) == len(Graph().parse(path, format="turtle")) > 10


@pytest.mark.parametrize(("sub", "sup"), [
    (COOP.PublicAuthority, ORG.Organization),
    (COOP.PublicAuthority, CPOV.PublicOrganisation),
    (COOP.Metropolis, ORG.Organization), (COOP.County, ORG.Organization),
    (COOP.Municipality, COOP.PublicAuthority), (COOP.Departement, COOP.PublicAuthority),
    (COOP.Region, COOP.PublicAuthority), (COOP.FederatedState, COOP.PublicAuthority),
    (COOP.GoverningCouncil, COOP.PublicAuthority),
    (COOP.DevelopmentAgency, ORG.Organization), (COOP.University, ORG.Organization),
    (COOP.Port, ORG.Organization), (COOP.ResearchInfrastructure, ORG.Organization),
    (COOP.TechnologyPark, ORG.Organization), (COOP.Company, ORG.Organization),
    (COOP.BusinessNetwork, ORG.Organization), (COOP.Delegation, ORG.Organization),
    (COOP.CooperationAgreement, COOP.Agreement), (COOP.Partnership, COOP.Agreement),
    (COOP.TwinningAgreement, COOP.Agreement), (COOP.MemorandumOfUnderstanding, COOP.Agreement),
    (COOP.Signing, SCHEMA.Event), (COOP.Mission, SCHEMA.Event), (COOP.Visit, SCHEMA.Event),
    (COOP.SourceDocument, PROV.Entity), (COOP.SourceDocument, SCHEMA.CreativeWork),
    (COOP.PressRelease, COOP.SourceDocument), (COOP.NewsArticle, COOP.SourceDocument),
    (COOP.WebPage, COOP.SourceDocument),
    (COOP.Evidence, RDF.Statement), (COOP.Evidence, PROV.Entity),
    (COOP.ExtractionRule, PROV.Plan),
    (SCHEMA.City, SCHEMA.Place), (SCHEMA.Country, SCHEMA.Place), (SCHEMA.State, SCHEMA.Place),
    (SCHEMA.Continent, SCHEMA.Place), (SCHEMA.BodyOfWater, SCHEMA.Place),
    (SCHEMA.AdministrativeArea, SCHEMA.Place),
    (ORG.Role, SKOS.Concept),
])
def test_subclass_axioms(onto: Graph, sub: URIRef, sup: URIRef) -> None:
    assert sup in superclasses(onto, sub)


def test_top_classes_do_not_overlap(onto: Graph) -> None:
    """A class under two of the scorer's entity types would count one node twice."""
    tops = [FOAF.Person, ORG.Organization, SCHEMA.Place, COOP.Agreement, SCHEMA.Event,
            SKOS.Concept, COOP.SourceDocument]
    classes = set(onto.subjects(RDFS.subClassOf, None)) | set(onto.subjects(RDF.type, OWL.Class))
    clashes = {str(c): [str(t) for t in tops if t in superclasses(onto, c)] for c in classes}
    assert not {c: ts for c, ts in clashes.items() if len(ts) > 1}
    assert not list(onto.triples((None, OWL.equivalentClass, None)))


@pytest.mark.parametrize("pid", ["P1891", "P1082", "P2046", "P571", "P710", "P2652", "P39",
                                 "P452", "P248"])
def test_wikidata_alignments(onto: Graph, pid: str) -> None:
    matches = (SKOS.closeMatch, SKOS.exactMatch, SKOS.relatedMatch)
    assert any((None, m, WD[pid]) in onto for m in matches)


REQUIRED_ROLES = {
    "président": "présidente", "vice-président": "vice-présidente",
    "maire": "mairesse",                  # in France "la maire"; in Quebec "la mairesse"
    "adjoint au maire": "adjointe au maire", "premier adjoint": "première adjointe",
    "conseiller": "conseillère", "conseiller municipal": "conseillère municipale",
    "conseiller métropolitain": "conseillère métropolitaine",
    "conseiller départemental": "conseillère départementale",
    "conseiller régional": "conseillère régionale", "gouverneur": "gouverneure",
    "préfet": "préfète", "ambassadeur": "ambassadrice", "consul": "consule",
    "consul général": "consule générale", "ministre": None, "secrétaire d'État": None,
    "député": "députée", "sénateur": "sénatrice", "directeur": "directrice",
    "directeur général": "directrice générale",
    "président-directeur général": "présidente-directrice générale",
    "délégué général": "déléguée générale", "secrétaire général": "secrétaire générale",
    "commissaire": None, "recteur": "rectrice", "doyen": "doyenne", "fondateur": "fondatrice",
    "porte-parole": None, "chef de cabinet": "cheffe de cabinet", "attaché": "attachée",
    "ministre-président": "ministre-présidente",
    "président du directoire": "présidente du directoire", "assesseur": "assesseure",
    "médecin-chef": None, "échevin": "échevine", "maire honoraire": None,
    "député provincial": "députée provinciale", "député général": "députée générale",
    "député foral": "députée forale", "administrateur général": "administratrice générale",
}


@pytest.mark.parametrize(("masculine", "feminine"), sorted(REQUIRED_ROLES.items()))
def test_role(onto: Graph, masculine: str, feminine: str | None) -> None:
    role = URIRef(ROLE_BASE + slug(masculine))
    assert (role, RDF.type, ORG.Role) in onto and (role, RDF.type, SKOS.Concept) in onto
    assert (role, SKOS.inScheme, COOP.Roles) in onto
    assert (role, RDFS.label, Literal(masculine, lang="fr")) in onto
    altlabels = {str(o) for o in onto.objects(role, SKOS.altLabel)}
    assert altlabels == ({feminine} if feminine else set())


def test_role_iris_are_the_slugs_of_their_labels(onto: Graph) -> None:
    for role in onto.subjects(RDF.type, ORG.Role):
        label = next(o for o in onto.objects(role, RDFS.label) if o.language == "fr")
        assert str(role) == ROLE_BASE + slug(str(label))
        assert len([o for o in onto.objects(role, RDFS.label) if o.language == "fr"]) == 1


def test_schemes(onto: Graph) -> None:
    assert (COOP.Roles, RDF.type, SKOS.ConceptScheme) in onto
    assert (COOP.Sectors, RDF.type, SKOS.ConceptScheme) in onto


def test_evidence_comment_documents_the_provenance_pattern(onto: Graph) -> None:
    comment = str(next(o for o in onto.objects(COOP.Evidence, RDFS.comment) if o.language == "en"))
    for term in ("rdf:subject", "rdf:predicate", "rdf:object", "prov:wasDerivedFrom",
                 "nif:Sentence", "coop:rule", "coop:confidence"):
        assert term in comment


@pytest.mark.slow
def test_every_coop_term_of_the_example_build_is_defined(onto: Graph, example_build: Path) -> None:
    built = Graph().parse(example_build / "graph.ttl", format="turtle")
    used = {t for triple in built for t in triple
            if isinstance(t, URIRef) and str(t).startswith(COOP_IRI)}
    assert used and not {str(t) for t in used if (t, RDF.type, None) not in onto}
