"""kg.viz without a browser: what the written page holds (nodes, labels, provenance, safety)."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import FOAF, ORG, RDF, RDFS
from typer.testing import CliRunner

from kg import viz
from kg.errors import VizError
from kg.namespaces import COOP
from kg.viz.payload import SOURCE_FIELDS

DATA = Path(__file__).parent / "data"
GAUDIN_TRIG = DATA / "viz" / "gaudin.trig"
HOSTILE_TRIG = DATA / "hostile" / "hostile.trig"
ID = "https://w3id.org/coop-kg/id/"
GAUDIN = URIRef(ID + "person/jean-claude-gaudin")

# The entities of gaudin.trig, counted by SPARQL on the graph, not by kg.viz.
ENTITY_QUERY = """
PREFIX coop: <https://w3id.org/coop-kg/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {
  ?s a ?t .
  FILTER(?t IN (foaf:Person, coop:PublicAuthority, org:Organization, coop:Agreement,
                org:Post, org:Role, schema:Place, skos:Concept, schema:Event))
}"""


def load(path: Path) -> Dataset:
    ds = Dataset()
    ds.parse(path, format="trig")
    return ds


def entity_count(ds: Dataset) -> int:
    union = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    return int(next(iter(union.query(ENTITY_QUERY)))[0])


def embedded(html: str, script_id: str) -> dict:
    match = re.search(rf'<script id="{script_id}" type="application/json">(.*?)</script>',
                      html, re.S)
    assert match, f"no {script_id} block"
    return json.loads(match.group(1))


def panel(html: str) -> dict:
    """The page's panel data as viewer.js reads it: each source reference replaced by its
    row, ``{"s": sentence, "d": document, "t": title, "r": rule}`` (empty fields left out);
    each predicate index by the edge's IRI (``p``) and CURIE (``i``), or the property's
    French name (``p``) and CURIE (``i``)."""
    data = embedded(html, "kg-data")
    texts, table, predicates = data["texts"], data["sources"], data["predicates"]
    assert data["sourceFields"] == list(SOURCE_FIELDS)

    def rows(refs: list) -> list:
        return [ref if isinstance(ref, dict) else
                {k: texts[i] for k, i in zip(SOURCE_FIELDS, table[ref], strict=True) if i}
                for ref in refs]
    for node in data["nodes"]:
        node["mentions"] = rows(node["mentions"])
        for prop in node["props"]:
            prop["ev"] = rows(prop["ev"])
            _, prop["i"], prop["p"] = predicates[prop.pop("k")]
    for edge in data["edges"]:
        edge["ev"] = rows(edge["ev"])
        edge["p"], edge["i"], _ = predicates[edge.pop("k")]
    return data


@pytest.fixture(scope="module")
def gaudin_page(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = viz.write_html(load(GAUDIN_TRIG), tmp_path_factory.mktemp("viz") / "graph.html",
                          title="Exemple")
    return path.read_text(encoding="utf-8")


def node_of(data: dict, iri: str) -> dict:
    return next(n for n in data["nodes"] if n["iri"] == iri)


def test_page_is_written_atomically_and_returns_its_path(tmp_path: Path) -> None:
    target = tmp_path / "graph.html"
    target.write_text("old")
    assert viz.write_html(load(GAUDIN_TRIG), target) == target
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == ["graph.html"]  # no temporary file left


def test_page_holds_one_shown_node_per_entity(gaudin_page: str) -> None:
    vis, data = embedded(gaudin_page, "kg-vis"), panel(gaudin_page)
    expected = entity_count(load(GAUDIN_TRIG))
    assert expected == 13
    assert data["meta"]["knowledge"] == expected
    assert sum(not n["hidden"] for n in vis["nodes"]) == expected
    assert len(vis["nodes"]) == len(data["nodes"]) == data["meta"]["total"]
    assert data["meta"]["allLoaded"] is True


def test_literals_are_details_not_nodes(gaudin_page: str) -> None:
    vis, data = embedded(gaudin_page, "kg-vis"), panel(gaudin_page)
    assert not {"1900000", "2017-11-06", "3148.0"} & {n["label"] for n in vis["nodes"]}
    metro = node_of(data, ID + "authority/metropole-aix-marseille-provence")
    population = next(r for r in metro["props"] if r["i"] == "coop:population")
    assert population["v"] == "1900000" and population["d"] == "xsd:integer"
    assert population["ev"][0]["s"].startswith("Avec 1,9 million d'habitants")
    assert population["ev"][0]["r"] == "kg.rule.population.v1"


def test_edges_carry_french_names_arrows_and_evidence(gaudin_page: str) -> None:
    vis, data = embedded(gaudin_page, "kg-vis"), panel(gaudin_page)
    labels = {e["label"] for e in vis["edges"]}
    assert {"signataire", "partie", "témoin", "occupe", "poste dans", "fonction",
            "filière stratégique", "acteur", "destination prioritaire", "situé dans"} <= labels
    assert vis["options"]["edges"]["arrows"]["to"]["enabled"] is True
    assert vis["options"]["physics"]["enabled"] is False
    gaudin = next(i for i, n in enumerate(data["nodes"]) if n["iri"] == str(GAUDIN))
    signed = [e for e in vis["edges"] if e["to"] == gaudin and e["label"] == "signataire"]
    evidence = data["edges"][signed[0]["id"]]["ev"]
    assert evidence[0]["s"].startswith("Jean-Claude Gaudin, Président de la Métropole")
    assert evidence[0]["d"] == "003_c4864da80b107cac.txt"
    assert evidence[0]["r"] == "kg.rule.signatory.v1"


def test_node_details_hold_sentences_wikidata_and_types(gaudin_page: str) -> None:
    gaudin = node_of(panel(gaudin_page), str(GAUDIN))
    assert gaudin["group"] == "person" and gaudin["types"] == ["foaf:Person"]
    assert gaudin["wikidata"] == ["http://www.wikidata.org/entity/Q381014"]
    assert gaudin["mentions"] == [{
        "s": gaudin["mentions"][0]["s"], "d": "003_c4864da80b107cac.txt",
        "t": "LA METROPOLE SIGNE UN ACCORD HISTORIQUE AVEC LE COMTE DE MIAMI"}]
    assert gaudin["mentions"][0]["s"].startswith("Jean-Claude Gaudin, Président de la Métropole")
    assert {"Jean-Claude Gaudin", "Gaudin"} <= {r["v"] for r in gaudin["props"]}


def test_each_predicate_is_listed_once_with_its_iri(gaudin_page: str) -> None:
    """rdf:object links an evidence node to an entity (an edge) and to a value (a property
    row): one entry, which has the IRI the edge gives."""
    predicates = embedded(gaudin_page, "kg-data")["predicates"]
    curies = [curie for _, curie, _ in predicates]
    assert len(set(curies)) == len(curies)
    iri, _, name = predicates[curies.index("rdf:object")]
    assert iri == str(RDF.object) and name
    assert {"coop:population", "rdfs:label"} <= set(curies)


def test_provenance_and_ontology_start_hidden(gaudin_page: str) -> None:
    vis, data = embedded(gaudin_page, "kg-vis"), panel(gaudin_page)
    groups = {g["key"]: g["plumbing"] for g in data["groups"]}
    for shown, node in zip(vis["nodes"], data["nodes"], strict=True):
        assert shown["hidden"] == bool(groups[node["group"]]), node["iri"]
    assert groups["document"] == groups["evidence"] == groups["text"] == "provenance"
    assert node_of(data, "https://w3id.org/coop-kg/ontology#Signed")["group"] == "ontology"


def test_nothing_is_fetched_from_the_network(gaudin_page: str) -> None:
    assert viz.remote_references(gaudin_page) == []
    assert not re.search(r"<script[^>]*\bsrc\s*=", gaudin_page, re.I)
    assert not re.search(r"<link\b", gaudin_page, re.I)
    assert "default-src 'none'" in gaudin_page


def test_remote_references_finds_cdn_links() -> None:
    page = ('<link rel="stylesheet" href="https://cdn.example/a.css">'
            '<style>@import url("//fonts.example/f.css"); .x{background:url(http://i/x.png)}</style>')
    found = " ".join(viz.remote_references(page))
    for url in ("https://cdn.example/a.css", "//fonts.example/f.css", "http://i/x.png"):
        assert url in found


def test_csp_allows_exactly_the_inline_scripts(gaudin_page: str) -> None:
    csp = html.unescape(re.search(r'Content-Security-Policy" content="([^"]*)"', gaudin_page)[1])
    allowed = set(re.findall(r"'sha256-([^']+)'", csp))
    code = re.findall(r"<script>(.*?)</script>", gaudin_page, re.S)
    assert len(code) == 2
    assert {base64.b64encode(hashlib.sha256(c.encode()).digest()).decode() for c in code} == allowed
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]


def test_hostile_text_is_escaped_and_kept(tmp_path: Path) -> None:
    page = viz.write_html(load(HOSTILE_TRIG), tmp_path / "h.html").read_text(encoding="utf-8")
    benign = viz.render_html(Graph())
    assert page.count("<script") == benign.count("<script")  # no script tag added by the data
    for bad in ("<img src=x", "<svg onload", "</script><script>", "<script>window.__pwned",
                "<!--"):
        assert bad not in page
    data = panel(page)
    person = node_of(data, ID + "person/hostile")
    assert person["label"] == "Bovo <img src=x onerror=\"window.__pwned='label'\">"
    assert person["mentions"][0]["s"].startswith("Esteban Bovo <script>")
    assert person["wikidata"] == []  # javascript: is not a Wikidata IRI
    same_as = next(r for r in person["props"] if r["i"] == "owl:sameAs")
    assert same_as["href"] == ""  # never a javascript: link
    assert node_of(data, "javascript:window.__pwned='object'")["href"] == ""


def test_big_graph_starts_from_the_most_central_nodes(tmp_path: Path) -> None:
    g = Graph()
    hub = URIRef(ID + "authority/hub")
    g.add((hub, RDF.type, COOP.PublicAuthority))
    g.add((hub, RDFS.label, Literal("Hub", lang="fr")))
    for i in range(1200):
        person = URIRef(f"{ID}person/p{i}")
        g.add((person, RDF.type, FOAF.Person))
        g.add((person, RDFS.label, Literal(f"Personne {i}", lang="fr")))
        g.add((person, ORG.memberOf, hub if i % 3 == 0 else URIRef(f"{ID}person/p{i - 1}")))
    page = viz.write_html(g, tmp_path / "big.html", max_initial_nodes=100).read_text()
    vis, data = embedded(page, "kg-vis"), panel(page)
    assert data["meta"]["knowledge"] == 1201 and data["meta"]["allLoaded"] is False
    assert len(data["meta"]["initial"]) == 100
    assert data["nodes"][data["meta"]["initial"][0]]["iri"] == str(hub)
    assert all(abs(n["x"]) < 1e5 and abs(n["y"]) < 1e5 for n in vis["nodes"])
    assert len({(n["x"], n["y"]) for n in vis["nodes"]}) > 1150  # nodes do not pile up


def test_network_groups_nodes_by_class() -> None:
    net = viz.to_network(load(GAUDIN_TRIG))
    assert net.nodes[GAUDIN]["group"] == "person"
    assert {k for _, _, k in net.out_edges(GAUDIN, keys=True)} == {str(ORG.holds)}
    assert len(viz.knowledge_nodes(net)) == 13


def test_unwritable_target_raises_viz_error(tmp_path: Path) -> None:
    with pytest.raises(VizError) as err:
        viz.write_html(Graph(), tmp_path / "missing" / "graph.html")
    assert err.value.hint


def test_unknown_coop_term_in_vocabulary_is_refused() -> None:
    with pytest.raises(VizError, match="not a term of the coop ontology"):
        viz.expand("coop:partie")
    assert viz.expand("coop:party") == COOP.party


def test_cli_viz_writes_the_page(tmp_path: Path) -> None:
    from kg.cli import app

    out = tmp_path / "g.html"
    result = CliRunner().invoke(app, ["viz", str(GAUDIN_TRIG), "-o", str(out)])
    assert result.exit_code == 0, result.output
    meta = panel(out.read_text())["meta"]
    assert meta["knowledge"] == 13 and meta["provenanceLeftOut"] == 0 and meta["total"] > 13
    small = CliRunner().invoke(app, ["viz", str(GAUDIN_TRIG), "-o", str(out),
                                     "--provenance-limit", "5"])
    assert small.exit_code == 0, small.output
    meta = panel(out.read_text())["meta"]
    assert meta["provenanceLeftOut"] == 13 and meta["total"] < 26
    every = CliRunner().invoke(app, ["viz", str(GAUDIN_TRIG), "-o", str(out),
                                     "--provenance-limit", "5", "--all-provenance"])
    assert every.exit_code == 0 and \
        panel(out.read_text())["meta"]["provenanceLeftOut"] == 0
    missing = CliRunner().invoke(app, ["viz", str(tmp_path / "nope.ttl"), "-o", str(out)])
    assert missing.exit_code == 2
    (tmp_path / "afile").write_text("mine")
    into_a_file = CliRunner().invoke(app, ["viz", str(GAUDIN_TRIG), "-o",
                                           str(tmp_path / "afile" / "g.html")])
    said = " ".join(into_a_file.output.split())
    assert into_a_file.exit_code == 2 and "afile is a file, not a folder" in said, said
    nowhere = CliRunner().invoke(app, ["viz", str(GAUDIN_TRIG), "-o",
                                       str(tmp_path / "nowhere" / "g.html")])
    assert nowhere.exit_code == 2 and "does not exist" in nowhere.output


def many_documents_page(path: Path, extra: int) -> Path:
    """The page of a city that SOURCES_SHOWN + ``extra`` documents mention, each giving its
    population and country (a property and an edge with as many sentences)."""
    from kg.graph import to_quads
    from kg.model import Document, Entity, Evidence, Fact, Mention, Sentence, Value
    from kg.namespaces import SCHEMA, XSD
    from kg.viz.payload import SOURCES_SHOWN

    docs, mentions, evidence = [], [], []
    for i in range(SOURCES_SHOWN + extra):
        text = f"Communiqué {i} : Montréal, au Canada, compte 1,7 million d'habitants."
        sent = Sentence(f"d{i:02d}", 0, len(text), text)
        docs.append(Document(sent.doc_id, text))
        mentions.append(Mention(sent.doc_id, 15, 23, "Montréal", MANY_CITY, sent,
                                "kg.rule.kb.v1"))
        evidence.append(Evidence(sent.doc_id, 0, len(text), text, "kg.rule.population.v1",
                                 0.9, None))
    entities = [Entity(MANY_CITY, "Ville de Montréal", (COOP.Municipality,),
                       mentions=tuple(mentions)),
                Entity("place/canada", "Canada", (SCHEMA.Country,))]
    facts = [Fact(MANY_CITY, COOP.population, Value("1700000", XSD.integer), tuple(evidence)),
             Fact(MANY_CITY, SCHEMA.containedInPlace, "place/canada", tuple(evidence))]
    return viz.write_html(to_quads(docs, entities, facts), path)


MANY_CITY = "authority/ville-de-montreal"


def test_a_node_read_in_many_documents_carries_its_first_sentences_and_the_count(
        tmp_path: Path) -> None:
    """The page would otherwise carry every sentence of a city 5,000 documents mention."""
    from kg.viz.payload import SOURCES_SHOWN

    page = many_documents_page(tmp_path / "graph.html", extra=7)
    data = panel(page.read_text(encoding="utf-8"))
    city = node_of(data, ID + MANY_CITY)
    more = {"more": 7}
    assert len(city["mentions"]) == SOURCES_SHOWN + 1 and city["mentions"][-1] == more
    assert all("Montréal" in row["s"] for row in city["mentions"][:-1])
    (population,) = [r for r in city["props"] if r["i"] == "coop:population"]
    assert population["ev"][-1] == more and len(population["ev"]) == SOURCES_SHOWN + 1
    (edge,) = [e for e in data["edges"] if e["i"] == "schema:containedInPlace"]
    assert edge["ev"][-1] == more and all("s" in row for row in edge["ev"][:-1])


def test_a_sentence_many_facts_rest_on_is_in_the_page_once(tmp_path: Path) -> None:
    """Each document's sentence supports a mention, a property value and an edge: the page
    holds it once, in its table of texts, and the rows point at it."""
    page = many_documents_page(tmp_path / "graph.html", extra=0).read_text(encoding="utf-8")
    data = embedded(page, "kg-data")
    sentence = "Communiqué 3 : Montréal, au Canada, compte 1,7 million d'habitants."
    assert data["texts"].count(sentence) == 1
    # rows are indices: the sentence is not repeated in the edges nor the city's panel
    assert sentence not in json.dumps(data["edges"], ensure_ascii=False)
    assert sentence not in json.dumps(node_of(data, ID + MANY_CITY), ensure_ascii=False)
    i = data["texts"].index(sentence)
    city = node_of(data, ID + MANY_CITY)
    curie = [p[1] for p in data["predicates"]]     # each predicate listed once, too
    assert len(set(curie)) == len(curie)
    (population,) = [r for r in city["props"] if curie[r["k"]] == "coop:population"]
    (edge,) = [e for e in data["edges"] if curie[e["k"]] == "schema:containedInPlace"]
    # the mention has no rule, the evidence has one: two rows, one sentence; the property
    # and the edge rest on the same evidence: one row
    mention = next(r for r in city["mentions"] if data["sources"][r][0] == i)
    fact = next(r for r in population["ev"] if data["sources"][r][0] == i)
    assert fact in edge["ev"] and mention != fact
    (expanded,) = [r for r in node_of(panel(page), ID + MANY_CITY)["props"]
                   if r["i"] == "coop:population"]
    assert {"s": sentence, "d": "d03", "r": "kg.rule.population.v1"} in expanded["ev"]


def test_a_sentence_that_names_a_node_twice_is_listed_once() -> None:
    """Two mentions in one sentence, a value read twice from it by two rules: the panel
    lists the sentence once for the mentions, and once per rule for the value."""
    from kg.graph import to_quads
    from kg.model import Document, Entity, Evidence, Fact, Mention, Sentence, Value
    from kg.namespaces import XSD

    text = "Montréal compte 1,7 million d'habitants ; Montréal grandit."
    sent = Sentence("d1", 0, len(text), text)
    mentions = tuple(Mention("d1", start, start + 8, "Montréal", MANY_CITY, sent, "kg.rule.kb.v1")
                     for start in (0, text.rindex("Montréal")))
    evidence = tuple(Evidence("d1", 0, len(text), text, rule, 0.9, None)
                     for rule in ("kg.rule.population.v1", "kg.rule.figures.v1"))
    net = viz.to_network(to_quads(
        [Document("d1", text)], [Entity(MANY_CITY, "Ville de Montréal", (COOP.Municipality,),
                                        mentions=mentions)],
        [Fact(MANY_CITY, COOP.population, Value("1700000", XSD.integer), evidence)]))
    city = net.nodes[URIRef(ID + MANY_CITY)]
    assert [row["s"] for row in city["mentions"]] == [text]
    (population,) = [r for r in city["props"] if r["i"] == "coop:population"]
    assert sorted(row["r"] for row in population["ev"]) == ["kg.rule.figures.v1",
                                                            "kg.rule.population.v1"]
