"""The viewer page driven in real headless Chromium (Debian's /usr/bin/chromium, via Playwright).

Install the browser with ``sh scripts/install-system-deps.sh`` (as root).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import FOAF, ORG, RDF, RDFS

from kg import viz
from kg.namespaces import COOP

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason="needs Debian's chromium: sh scripts/install-system-deps.sh"),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="needs Playwright's Python package")

DATA = Path(__file__).parent / "data"
ID = "https://w3id.org/coop-kg/id/"
GAUDIN = ID + "person/jean-claude-gaudin"
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def load(path: Path) -> Dataset:
    ds = Dataset()
    ds.parse(path, format="trig")
    return ds


class Page:
    """A page of the viewer with everything that happened in it recorded."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", self._request)
        page.on("dialog", self._dialog)

    def _request(self, request: Any) -> None:
        if not request.url.startswith(("file:", "data:")):
            self.requests.append(request.url)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, path: Path) -> Page:
        self.page.goto(path.as_uri())
        self.page.wait_for_function("() => document.body.dataset.ready === '1'", timeout=60_000)
        return self

    def js(self, expression: str, arg: Any = None) -> Any:
        return self.page.evaluate(expression, arg)

    def node_id(self, iri: str) -> int:
        return self.js("iri => kgViewer.data.nodes.findIndex(n => n.iri === iri)", iri)

    def drawn(self) -> int:
        return self.js("kgViewer.network.body.nodeIndices.length")

    def click_canvas(self, canvas_point: str, arg: Any = None) -> None:
        """Click with the mouse where the canvas point (a JS expression) is drawn."""
        x, y = self.js(f"""arg => {{
            const p = kgViewer.network.canvasToDOM({canvas_point});
            const r = document.querySelector('#mynetwork canvas').getBoundingClientRect();
            return [r.left + p.x, r.top + p.y]; }}""", arg)
        self.page.mouse.click(x, y)

    def panel(self) -> str:
        return self.page.inner_text("#kg-panel")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture()
def viewer(browser: Any) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    yield Page(context.new_page())
    context.close()


@pytest.fixture(scope="module")
def gaudin_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return viz.write_html(load(DATA / "viz" / "gaudin.trig"),
                          tmp_path_factory.mktemp("viz") / "graph.html", title="Exemple")


def expected_entities(graph: Graph | Dataset) -> int:
    return len(viz.knowledge_nodes(viz.to_network(graph)))


def test_page_loads_offline_without_errors_and_draws_every_entity(
        viewer: Page, gaudin_html: Path) -> None:
    viewer.open(gaudin_html)
    assert viewer.drawn() == expected_entities(load(DATA / "viz" / "gaudin.trig")) == 13
    assert viewer.js("document.body.dataset.nodesShown") == "13"
    assert viewer.js("""(() => { const c = document.querySelector('#mynetwork canvas');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i]) n++; return n; })()""") > 1000
    assert viewer.errors == [] and viewer.requests == []


def test_search_without_accents_centres_the_node(viewer: Page, gaudin_html: Path) -> None:
    viewer.open(gaudin_html)
    viewer.page.fill("#kg-search", "metropole aix")
    first = viewer.page.locator("#kg-results button").first
    assert first.inner_text().startswith("Métropole Aix-Marseille-Provence")
    viewer.page.fill("#kg-search", "GAUDÍN")  # accents and case are optional on both sides
    viewer.page.locator("#kg-results button").first.click()
    target = viewer.node_id(GAUDIN)
    viewer.page.wait_for_function("""id => {
        const n = kgViewer.network, p = n.getPositions([id])[id], v = n.getViewPosition();
        return Math.hypot(p.x - v.x, p.y - v.y) < 2; }""", arg=target, timeout=10_000)
    assert viewer.js("kgViewer.focused()") == target
    assert viewer.js("kgViewer.network.getSelectedNodes()") == [target]
    assert "Jean-Claude Gaudin" in viewer.page.inner_text("#kg-panel h2")
    viewer.page.fill("#kg-search", "miami dade county")    # an alternate name (skos:altLabel)
    first = viewer.page.locator("#kg-results button").first
    assert first.inner_text().startswith("Comté de Miami-Dade")
    assert viewer.errors == []


def test_click_on_gaudin_shows_the_sentence_and_its_document(
        viewer: Page, gaudin_html: Path) -> None:
    viewer.open(gaudin_html)
    gaudin = viewer.node_id(GAUDIN)
    viewer.click_canvas("kgViewer.network.getPositions([arg])[arg]", gaudin)
    panel = viewer.panel()
    assert "Jean-Claude Gaudin, Président de la Métropole Aix-Marseille-Provence" in panel
    assert "003_c4864da80b107cac.txt" in panel
    assert "wikidata.org/entity/Q381014" in viewer.js(
        "document.querySelector('#kg-panel a[href*=wikidata]').href")
    assert "Personne" in panel and "occupe" in panel
    # the rows the page holds once and viewer.js expands: a title, property names and kinds
    assert "« LA METROPOLE SIGNE UN ACCORD HISTORIQUE AVEC LE COMTE DE MIAMI »" in panel
    terms = viewer.js("""[...document.querySelectorAll('#kg-panel dt')].map(e => e.textContent)""")
    assert {"nom", "autre nom"} <= set(terms)
    assert "fr" in viewer.js("[...document.querySelectorAll('#kg-panel .kg-dt')]"
                             ".map(e => e.textContent)")


def test_click_on_an_edge_shows_its_sentence_and_rule(viewer: Page, gaudin_html: Path) -> None:
    viewer.open(gaudin_html)
    edge = viewer.js("""iri => {
        const to = kgViewer.data.nodes.findIndex(n => n.iri === iri);
        return kgViewer.edges.get().find(e => e.to === to && e.label === 'signataire').id; }""",
                     GAUDIN)
    viewer.js("kgViewer.network.moveTo({scale: 2.5, position: kgViewer.network.body.edges["
              f"{edge}].edgeType.getPoint(0.5)}})")
    viewer.click_canvas("kgViewer.network.body.edges[arg].edgeType.getPoint(0.5)", edge)
    panel = viewer.panel()
    assert panel.startswith("signataire")
    assert "Jean-Claude Gaudin, Président de la Métropole" in panel
    assert "kg.rule.signatory.v1" in panel and "003_c4864da80b107cac.txt" in panel
    # the page names each predicate once; the hover text is made from it
    assert viewer.js("j => kgViewer.edges.get(j).title", edge) == "signataire (coop:signatory)"


def test_a_node_read_in_many_documents_shows_its_first_sentences_and_how_many_more(
        viewer: Page, tmp_path: Path) -> None:
    from tests.test_viz import ID, MANY_CITY, many_documents_page

    viewer.open(many_documents_page(tmp_path / "graph.html", extra=7))
    city = viewer.node_id(ID + MANY_CITY)
    viewer.click_canvas("kgViewer.network.getPositions([arg])[arg]", city)
    panel = viewer.panel()
    assert "Communiqué 0 : Montréal" in panel and "Communiqué 19 : Montréal" in panel
    assert "Communiqué 20 :" not in panel
    assert panel.count("… et 7 autres (toutes dans graph.trig ; kg query evidence)") == 2
    assert viewer.errors == []


def test_filters_hide_a_class_and_show_provenance(viewer: Page, gaudin_html: Path) -> None:
    viewer.open(gaudin_html)
    viewer.page.uncheck("#kg-groups input[data-group=person]")
    assert viewer.drawn() == 10
    assert viewer.js("""kgViewer.network.body.nodeIndices
        .filter(i => kgViewer.data.nodes[i].group === 'person').length""") == 0
    viewer.page.check("#kg-groups input[data-group=person]")
    assert viewer.drawn() == 13
    viewer.page.check("#kg-provenance")
    # a document, its context, 2 sentences, 2 mentions, 3 evidence nodes, 4 rules
    assert viewer.drawn() == 13 + 13
    viewer.page.uncheck("#kg-provenance")
    assert viewer.drawn() == 13
    viewer.page.uncheck("#kg-predicates input[data-predicate='coop:signatory']")
    signatory_edges = viewer.js("""kgViewer.network.body.edgeIndices
        .filter(i => kgViewer.data.edges[i].i === 'coop:signatory').length""")
    assert signatory_edges == 0
    assert viewer.errors == []


def test_physics_can_be_switched_on_and_stops_once_stabilised(
        viewer: Page, gaudin_html: Path) -> None:
    viewer.open(gaudin_html)
    assert viewer.js("kgViewer.network.physics.physicsEnabled") is False
    viewer.page.click("#kg-physics")
    assert viewer.page.get_attribute("#kg-physics", "aria-pressed") == "true"
    viewer.page.wait_for_function(
        "() => document.getElementById('kg-physics').getAttribute('aria-pressed') === 'false'",
        timeout=30_000)
    assert viewer.js("kgViewer.network.physics.physicsEnabled") is False
    assert viewer.errors == []


def test_hostile_document_shows_as_text_and_runs_nothing(viewer: Page, tmp_path: Path) -> None:
    page = viz.write_html(load(DATA / "hostile" / "hostile.trig"), tmp_path / "hostile.html")
    viewer.open(page)
    viewer.page.check("#kg-provenance")
    viewer.page.check("#kg-ontology")
    n_nodes, n_edges = viewer.js("[kgViewer.data.nodes.length, kgViewer.data.edges.length]")
    texts = []
    for i in range(n_nodes):
        viewer.js("i => kgViewer.reveal(i)", i)
        texts.append(viewer.panel())
    for j in range(n_edges):
        viewer.js("j => kgViewer.showEdge(j)", j)
        texts.append(viewer.panel())
    viewer.page.fill("#kg-search", "<script>")
    viewer.page.wait_for_timeout(300)
    person = viewer.node_id(ID + "person/hostile")
    viewer.js("i => kgViewer.network.moveTo({position: kgViewer.network.getPositions([i])[i]})",
              person)
    tooltip = ""
    for _ in range(5):    # on a loaded machine the first hover may land before the view is drawn
        x, y = viewer.js("""i => {
            const p = kgViewer.network.canvasToDOM(kgViewer.network.getPositions([i])[i]);
            const r = document.querySelector('#mynetwork canvas').getBoundingClientRect();
            return [r.left + p.x, r.top + p.y]; }""", person)
        viewer.page.mouse.move(x, y)
        viewer.page.wait_for_selector(".vis-tooltip", state="visible", timeout=5_000)
        tooltip = viewer.page.inner_text(".vis-tooltip")
        if "onerror" in tooltip:
            break
        viewer.page.mouse.move(0, 0)                # away, then over the node again
        viewer.page.wait_for_timeout(300)
    assert "onerror" in tooltip  # the node's tooltip shows the text
    joined = "\n".join(texts)
    assert "<script>window.__pwned='sentence'</script>" in joined  # shown, as text
    assert "Bovo <img src=x onerror=" in joined
    assert viewer.js("typeof window.__pwned") == "undefined"
    assert viewer.dialogs == []
    assert viewer.js("document.querySelectorAll('#kg-panel img, #kg-panel script, "
                     "#kg-panel svg, #kg-results img, .vis-tooltip *').length") == 0
    hrefs = viewer.js("Array.from(document.querySelectorAll('a')).map(a => a.href)")
    assert all(h.startswith(("http://", "https://")) for h in hrefs)
    assert viewer.errors == [] and viewer.requests == []


def big_graph(n: int) -> Graph:
    g = Graph()
    hub = URIRef(ID + "authority/hub")
    g.add((hub, RDF.type, COOP.PublicAuthority))
    g.add((hub, RDFS.label, Literal("Hub", lang="fr")))
    for i in range(n - 1):
        person = URIRef(f"{ID}person/p{i}")
        g.add((person, RDF.type, FOAF.Person))
        g.add((person, RDFS.label, Literal(f"Personne {i}", lang="fr")))
        g.add((person, ORG.memberOf, hub if i % 4 == 0 else URIRef(f"{ID}person/p{i - 1}")))
        g.add((person, COOP.population, Literal(i)))
    return g


def test_two_thousand_nodes_start_from_the_centre_and_expand(viewer: Page, tmp_path: Path) -> None:
    page = viz.write_html(big_graph(2000), tmp_path / "big.html", max_initial_nodes=500)
    viewer.open(page)
    assert viewer.drawn() == 500
    assert viewer.page.is_visible("#kg-load-all")
    border = viewer.js("""(() => {
        const loaded = new Set(kgViewer.network.body.nodeIndices.map(Number));
        return kgViewer.edges.get().find(e => loaded.has(e.from) && !loaded.has(e.to)
                                           || loaded.has(e.to) && !loaded.has(e.from)); })()""")
    inside = border["from"] if viewer.js(f"!kgViewer.nodes.get({border['from']}).hidden") \
        else border["to"]
    viewer.js("kgViewer.network.moveTo({scale: 2, position: "
              f"kgViewer.network.getPositions([{inside}])[{inside}]}})")
    viewer.page.wait_for_timeout(200)
    x, y = viewer.js(f"""(() => {{
        const p = kgViewer.network.canvasToDOM(kgViewer.network.getPositions([{inside}])[{inside}]);
        const r = document.querySelector('#mynetwork canvas').getBoundingClientRect();
        return [r.left + p.x, r.top + p.y]; }})()""")
    viewer.page.mouse.dblclick(x, y)
    assert viewer.drawn() > 500
    viewer.page.click("#kg-load-all")
    assert viewer.drawn() == 2000
    viewer.page.fill("#kg-search", "personne 1999")
    assert viewer.page.locator("#kg-results button").count() == 0  # 1998 is the last one
    viewer.page.fill("#kg-search", "personne 1998")
    viewer.page.locator("#kg-results button").first.click()
    assert "Personne 1998" in viewer.page.inner_text("#kg-panel h2")
    assert viewer.errors == [] and viewer.requests == []


@pytest.mark.slow
def test_example_corpus_page_shows_gaudin_sentence(viewer: Page, request: pytest.FixtureRequest,
                                                   tmp_path: Path) -> None:
    try:
        out_dir = request.getfixturevalue("example_build")
    except pytest.FixtureLookupError:
        pytest.skip("the example_build fixture (tests/conftest.py) is not there yet")
    graph = viz.write_html_file(Path(out_dir) / "graph.trig", tmp_path / "corpus.html")
    viewer.open(graph)
    from kg.query import load as load_graph

    assert viewer.drawn() == expected_entities(load_graph(Path(out_dir) / "graph.trig"))
    gaudin = viewer.node_id(GAUDIN)
    assert gaudin >= 0
    viewer.click_canvas("kgViewer.network.getPositions([arg])[arg]", gaudin)
    if "Jean-Claude Gaudin" not in viewer.page.inner_text("#kg-panel h2"):
        viewer.js("i => kgViewer.reveal(i)", gaudin)  # another node drawn on top of it
    panel = viewer.panel()
    assert "Jean-Claude Gaudin, Président de la Métropole Aix-Marseille-Provence" in panel
    assert "003_c4864da80b107cac" in panel
    assert viewer.errors == [] and viewer.requests == []
    built = Path(out_dir) / "graph.html"
    if built.exists():  # the page kg build wrote
        viewer.open(built)
        assert viewer.drawn() > 0 and viewer.errors == [] and viewer.requests == []


@pytest.mark.slow
def test_hostile_document_built_by_kg_runs_nothing(viewer: Page, tmp_path: Path) -> None:
    build = pytest.importorskip("kg.build").build
    result = build([DATA / "hostile" / "hostile.txt"], out_dir=tmp_path)
    assert result.documents == 1
    viewer.open(tmp_path / "graph.html")
    assert "<script>" in viewer.js("JSON.stringify(kgViewer.data)")  # the markup reached the page
    viewer.page.check("#kg-provenance")
    for i in range(viewer.js("kgViewer.data.nodes.length")):
        viewer.js("i => kgViewer.reveal(i)", i)
    for j in range(viewer.js("kgViewer.data.edges.length")):
        viewer.js("j => kgViewer.showEdge(j)", j)
    assert viewer.js("typeof window.__pwned") == "undefined"
    assert viewer.dialogs == [] and viewer.errors == [] and viewer.requests == []


def test_a_large_graph_leaves_its_provenance_nodes_out_and_says_so(
        viewer: Page, tmp_path: Path) -> None:
    """Above the limit the page has no provenance node, and the panel still shows the
    sentence of a fact: with the limit at 0 the example behaves like a large corpus."""
    graph = load(DATA / "viz" / "gaudin.trig")
    net = viz.to_network(graph, provenance_limit=0)
    assert net.graph["provenance_left_out"] == 13
    assert all(not plumbing for _, plumbing in net.nodes(data="plumbing")
               if plumbing != "ontology")
    page = viz.write_html(graph, tmp_path / "graph.html", provenance_limit=0)
    viewer.open(page)
    assert viewer.drawn() == 13
    assert viewer.js("document.getElementById('kg-provenance').disabled") is True
    note = viewer.js("document.getElementById('kg-provenance-note').textContent")
    assert note.startswith("13 nœuds de provenance") and not viewer.js(
        "document.getElementById('kg-provenance-note').hidden")
    viewer.click_canvas("kgViewer.network.getPositions([arg])[arg]", viewer.node_id(GAUDIN))
    assert "Jean-Claude Gaudin, Président de la Métropole Aix-Marseille-Provence" in \
        viewer.panel()
    assert viewer.errors == []
    assert viz.to_network(graph).graph["provenance_left_out"] == 0   # under the limit: all in
