"""Checks of the bundled knowledge base (``kg/data/kb/*.ttl``).

The KB is a gazetteer: names, aliases, types, checked Wikidata ids,
containment and demonyms. These tests read the Turtle files directly (no kg
code), so they guard the data whatever the loader does with it.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import defaultdict
from pathlib import Path

import pyoxigraph
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from kg.config import kb_dir
from kg.namespaces import COOP, SCHEMA

KB_FILES = ("places.ttl", "organisations.ttl")
VERIFIED = Path("/work/shared/kb/wikidata-verified.tsv")

PLACE_CLASSES = {SCHEMA[c] for c in (
    "Place", "Country", "State", "AdministrativeArea", "City", "Continent", "BodyOfWater")}
AUTHORITY_CLASSES = {COOP.Metropolis, COOP.County, COOP.Municipality, COOP.Departement,
                     COOP.Region, COOP.FederatedState, COOP.GoverningCouncil, COOP.PublicAuthority}
ORGANISATION_CLASSES = {COOP.University, COOP.Port, COOP.ResearchInfrastructure,
                        COOP.DevelopmentAgency, COOP.TechnologyPark, COOP.BusinessNetwork,
                        COOP.Company, URIRef("http://www.w3.org/ns/org#Organization")}
ROOT_CLASSES = {SCHEMA.Country, SCHEMA.Continent}

#: names that really denote two different things of the same kind; the
#: loader must disambiguate them from context. Anything else is a bug.
KNOWN_HOMONYMS = {
    "quebec": "the province of Québec and its capital city",
    "georgie": "the country (Caucasus) and the US state",
    "vienne": "the French département and the capital of Austria",
}


def fold(text: str) -> str:
    """Fold a name the way the gold scorer compares names.

    Example:
        >>> fold("Côte-d'Ivoire")
        "coted'ivoire"
    """
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return re.sub(r"[\s\-‐–]+", "", text)


@pytest.fixture(scope="module")
def kb() -> Graph:
    graph = Graph()
    for name in KB_FILES:
        graph.parse(kb_dir() / name, format="turtle")
    return graph


def entries(graph: Graph) -> set[URIRef]:
    return {s for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef)}


def kind(graph: Graph, node: URIRef) -> str:
    types = set(graph.objects(node, RDF.type))
    if types & PLACE_CLASSES:
        return "place"
    if types & AUTHORITY_CLASSES:
        return "authority"
    return "organisation"


@pytest.mark.parametrize("name", KB_FILES)
def test_file_parses_with_rdflib_and_oxigraph(name: str) -> None:
    path = kb_dir() / name
    graph = Graph().parse(path, format="turtle")
    store = pyoxigraph.Store()
    store.load(path.read_bytes(), pyoxigraph.RdfFormat.TURTLE)
    assert len(graph) > 100
    assert len(store) == len(graph)


def test_every_entry_has_one_french_label_and_a_known_type(kb: Graph) -> None:
    allowed = PLACE_CLASSES | AUTHORITY_CLASSES | ORGANISATION_CLASSES
    bad = []
    for node in entries(kb):
        fr = [o for o in kb.objects(node, RDFS.label) if getattr(o, "language", None) == "fr"]
        types = set(kb.objects(node, RDF.type))
        if len(fr) != 1 or not types or not types <= allowed:
            bad.append((str(node), fr, sorted(map(str, types))))
    assert not bad, f"entries without exactly one @fr label or with an unknown class: {bad[:10]}"


def test_kb_holds_the_expected_gazetteer(kb: Graph) -> None:
    kinds = defaultdict(int)
    for node in entries(kb):
        for cls in kb.objects(node, RDF.type):
            kinds[cls] += 1
    assert kinds[SCHEMA.Country] >= 180
    assert kinds[SCHEMA.City] >= 250
    assert kinds[COOP.Metropolis] == 22
    assert kinds[SCHEMA.State] >= 50 + 16 + 13


def test_sameas_only_for_checked_identifiers(kb: Graph) -> None:
    if not VERIFIED.exists():
        pytest.skip(f"{VERIFIED} is not on this machine")
    with VERIFIED.open(encoding="utf-8") as fh:
        checked = {row["qid"]: row["label"] for row in csv.DictReader(fh, delimiter="\t")}
    seen = {}
    for node, target in kb.subject_objects(OWL.sameAs):
        qid = str(target).rsplit("/", 1)[-1]
        assert str(target).startswith("http://www.wikidata.org/entity/Q"), target
        assert qid in checked, f"{node} owl:sameAs {qid}, which is not in {VERIFIED.name}"
        labels = {str(o) for p in (RDFS.label, SKOS.altLabel) for o in kb.objects(node, p)}
        assert checked[qid] in labels, f"{qid} is checked for {checked[qid]!r}, not {labels}"
        assert kb.value(node, COOP.wikidataSource), f"{node} has owl:sameAs without its source"
        assert qid not in seen, f"{qid} on both {seen.get(qid)} and {node}"
        seen[qid] = node
    assert set(seen) == set(checked), f"checked ids not used: {set(checked) - set(seen)}"


def test_containment_is_a_tree_ending_at_a_country_or_continent(kb: Graph) -> None:
    for node in entries(kb):
        if kind(kb, node) != "place":
            continue
        path = [node]
        while True:
            parents = list(kb.objects(path[-1], SCHEMA.containedInPlace))
            assert len(parents) <= 1, f"{path[-1]} has several immediate parents: {parents}"
            if not parents:
                break
            assert parents[0] not in path, f"containment cycle: {path + parents}"
            assert kind(kb, parents[0]) == "place", f"{path[-1]} is contained in a non-place"
            path.append(parents[0])
        root_types = set(kb.objects(path[-1], RDF.type))
        ok = root_types & ROOT_CLASSES or (len(path) == 1 and SCHEMA.BodyOfWater in root_types)
        assert ok, f"containment of {node} ends at {path[-1]}, not a country or continent"


def test_known_chains(kb: Graph) -> None:
    def chain(slug: str) -> list[str]:
        node, out = URIRef("https://w3id.org/coop-kg/kb/" + slug), []
        while node is not None:
            out.append(str(node).rsplit("/", 1)[-1])
            node = kb.value(node, SCHEMA.containedInPlace)
        return out

    assert chain("miami") == ["miami", "floride", "etats-unis", "amerique-du-nord", "amerique"]
    assert chain("hambourg")[:2] == ["hambourg", "allemagne"]
    assert chain("marseille")[:4] == ["marseille", "bouches-du-rhone",
                                      "provence-alpes-cote-d-azur", "france"]
    assert chain("montreal")[:3] == ["montreal", "quebec-province", "canada"]


def test_authorities_point_to_places(kb: Graph) -> None:
    for node, target in kb.subject_objects(DCTERMS.spatial):
        assert kind(kb, node) == "authority", f"{node} has dcterms:spatial but is no authority"
        assert kind(kb, target) == "place", f"{node} dcterms:spatial {target}: not a place"
    for node, target in kb.subject_objects(SCHEMA.location):
        assert kind(kb, target) == "place", f"{node} schema:location {target}: not a place"


def test_demonyms_are_lower_case_french(kb: Graph) -> None:
    for node, value in kb.subject_objects(COOP.demonym):
        assert isinstance(value, Literal) and value.language == "fr", (node, value)
        assert str(value) == str(value).lower(), (node, value)
        assert kind(kb, node) == "place", f"demonym on a non-place {node}"


def test_no_label_collision_within_a_kind(kb: Graph) -> None:
    names: dict[tuple[str, str], set[URIRef]] = defaultdict(set)
    for node in entries(kb):
        for prop in (RDFS.label, SKOS.altLabel):
            for value in kb.objects(node, prop):
                names[(kind(kb, node), fold(str(value)))].add(node)
    collisions = {key: sorted(map(str, nodes)) for key, nodes in names.items()
                  if len(nodes) > 1 and key[1] not in KNOWN_HOMONYMS}
    assert not collisions, f"same name on two entries of the same kind: {collisions}"
    for name in KNOWN_HOMONYMS:
        assert any(len(nodes) > 1 for (k, n), nodes in names.items() if n == name), (
            f"{name!r} is listed as a homonym but is no longer ambiguous: drop it")


_NAMES = st.text(alphabet="ab -.", min_size=1, max_size=6)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(names=st.lists(_NAMES, min_size=1, max_size=12),
       text=st.text(alphabet="ab -.c", max_size=40))
def test_the_trie_of_kb_names_matches_as_their_alternation_longest_first(
        names: list[str], text: str) -> None:
    """kg.extract.kb.trie_pattern finds, at each place, the same name as the plain
    alternation sorted longest first did (word boundaries included)."""
    from kg.extract.kb import trie_pattern

    alternation = "|".join(re.escape(n) for n in sorted(set(names), key=lambda n: (-len(n), n)))
    plain = re.compile(rf"(?<![\w])(?:{alternation})(?![\w])")
    trie = re.compile(rf"(?<![\w])(?:{trie_pattern(names)})(?![\w])")
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in plain.finditer(text)]
