"""Hostile input: IRIs minted from names and file names stay under the base, and text from
documents shows as text on the linked-data pages of ``kg serve`` and in the viewer.

The server's own defences (body limit, path traversal, malformed requests) are in
tests/test_serve.py; random documents through the whole pipeline in tests/test_property.py.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph, URIRef
from rdflib.term import _is_valid_uri

from kg.errors import GraphError
from kg.extract.text import slug
from kg.graph import to_dataset, union
from kg.model import Document, Entity, Mention, Sentence
from kg.namespaces import DEFAULT_BASE, FOAF, RDF

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*(?:_[0-9a-f]{10})?|x_[0-9a-f]{10}")

#: names that try to leave their path segment, or to look like another name
LOOK_ALIKES = [
    "../../etc/passwd", "a/b", "a#b?c%2F", "C:\\Windows\\system32", "a\x00b\x1fc\x7f",
    "Paris／Lyon", "Paris∕Lyon", "Paris⁄Lyon", "Pаris",  # fullwidth, division, fraction; Cyrillic а
    "\u202egnp.exe", "Pa\u200dris\u200b", "Pa\ufe0fris", "ｐａｒｉｓ", "  ", "", "北京", "🏛️",
    "javascript:alert(1)", "<script>x</script>", "a" * 5000,
]


TEXT = "Un texte."


def person(key: str, name: str, doc_id: str) -> Entity:
    """A person mentioned once, in the first word of :data:`TEXT`."""
    sentence = Sentence(doc_id, 0, len(TEXT), TEXT)
    mention = Mention(doc_id, 0, 2, TEXT[:2], key, sentence, "kg.rule.test.v1")
    return Entity(key, name or "?", (FOAF.Person,), mentions=(mention,))


def minted(doc_id: str, name: str) -> tuple[set[URIRef], Graph]:
    """The instance IRIs of a one-document, one-person dataset (not classes, not the
    dataset), and its union graph."""
    ds = to_dataset([Document(doc_id, TEXT)], [person(f"person/{slug(name)}", name, doc_id)], [])
    graph = union(ds)
    nodes = {t for s, p, o in graph for t in (s, o) if isinstance(t, URIRef) and p != RDF.type}
    return {i for i in nodes if i != URIRef(DEFAULT_BASE)}, graph


def check_under_base(iri: str) -> None:
    assert iri.startswith(DEFAULT_BASE), iri
    path, _, fragment = iri[len(DEFAULT_BASE):].partition("#")
    assert re.fullmatch(r"[A-Za-z0-9_.~/-]+", path), iri
    assert not {".", ".."} & set(path.split("/")) and "//" not in path, iri
    assert fragment == "" or re.fullmatch(r"char=\d+,\d+|meta-[a-z]+-[a-z]+", fragment), iri
    assert _is_valid_uri(iri), iri


@pytest.mark.parametrize("name", LOOK_ALIKES)
def test_slug_is_one_ascii_segment(name: str) -> None:
    made = slug(name)
    assert SLUG.fullmatch(made), made
    assert slug(name) == made  # stable


def test_look_alikes_do_not_pass_for_the_name_they_imitate() -> None:
    assert slug("Pаris") != slug("Paris")          # Cyrillic а
    assert slug("北京") != slug("東京") != slug("")  # nothing in ASCII: each its own hash
    assert slug("Pa\u200dris\u200b") == slug("Paris") == slug("ｐａｒｉｓ")  # invisible, width
    assert slug("Łódź") == slug("Lodz") and slug("Straße") == "strasse"
    assert slug("a" * 5000) != slug("a" * 4999) and len(slug("a" * 5000)) < 130


def test_existing_slugs_are_unchanged() -> None:
    assert slug("Jean-Claude Gaudin") == "jean-claude-gaudin"
    assert slug("Métropole d'Aix-Marseille-Provence") == "metropole-d-aix-marseille-provence"
    assert slug("Comté de Miami-Dade") == "comte-de-miami-dade"


@pytest.mark.parametrize("doc_id", ["../../etc/passwd", "a#b?c", "x y\tz", "..", ".", "é\u202e",
                                    "%2e%2e%2f", "a\nb", "003_c4864da80b107cac"])
def test_document_ids_from_file_names_stay_under_the_base(doc_id: str) -> None:
    iris, graph = minted(doc_id, "Esteban Bovo")
    docs = {str(i) for i in iris if "/document/" in str(i) and "#" not in str(i)}
    assert len(docs) == 1 and URIRef(f"{DEFAULT_BASE}person/esteban-bovo") in iris
    for iri in iris:
        check_under_base(str(iri))
    turtle = graph.serialize(format="turtle")
    assert set(Graph().parse(data=turtle, format="turtle")) == set(graph)


def test_a_safe_document_id_is_kept_and_unsafe_ones_do_not_meet() -> None:
    assert f"{DEFAULT_BASE}document/003_c4864da80b107cac" in {
        str(i) for i in minted("003_c4864da80b107cac", "X")[0]}
    docs = [{str(i) for i in minted(d, "X")[0] if "/document/" in str(i) and "#" not in str(i)}
            for d in ("a#b", "a?b", "a b")]
    assert len(set.union(*docs)) == 3


def test_a_key_that_leaves_its_segment_is_refused() -> None:
    for key in ("person/../../admin", "person/a#b", "person/a b", "/person/x", "person//x"):
        with pytest.raises(GraphError, match="cannot mint"):
            to_dataset([Document("d", TEXT)], [person(key, "x", "d")], [])


@settings(max_examples=150, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(name=st.text(st.characters(blacklist_categories=("Cs",)), max_size=60),
       doc_id=st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30))
def test_any_name_and_file_name_mint_iris_under_the_base(name: str, doc_id: str) -> None:
    assert SLUG.fullmatch(slug(name))
    folded = unicodedata.normalize("NFKC", name).casefold()
    if slug(name) == slug("paris"):  # only names that read "paris" once folded
        assert re.sub(r"[\W_]+", "", folded) == "paris"
    iris, graph = minted(doc_id, name)
    for iri in iris:
        check_under_base(str(iri))
    back = Graph().parse(data=graph.serialize(format="turtle"), format="turtle")
    assert set(back) == set(graph)


# -- a hostile document built, served and shown: its text is text everywhere ---------------------
HOSTILE_TXT = Path(__file__).parent / "data" / "hostile" / "hostile.txt"
TITLE = "{{ 7*7 }} <script>window.__pwned='title'</script>"
LONG = ("<b onmouseover=\"window.__pwned='long'\">"
        "{{constructor.constructor('window.__pwned=1')()}}</b> ")


def hostile_text() -> str:
    """hostile.txt, template syntax in a sentence with a fact, and a 200 kB line that is one
    sentence with a fact (so it shows whole on a page)."""
    extra = ("\n\nLe Comté de Miami-Dade {{ 7*7 }} ${7*7} {% if 1 %}quarante-neuf{% endif %} "
             "<%= 7*7 %> compte 2,7 millions d'habitants.\n\n"
             "<iframe srcdoc=\"<script>parent.__pwned='iframe'</script>\"></iframe> "
             "<style>body{display:none}</style> <base href=\"javascript:alert(1)//\">\n\n")
    line = "La Métropole Aix-Marseille-Provence compte 1,9 million d'habitants "
    line += LONG * ((200_000 - len(line)) // len(LONG) + 1)
    return HOSTILE_TXT.read_text(encoding="utf-8") + extra + line[:200_000] + "\n"


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from kg.build import build

    folder = tmp_path_factory.mktemp("hostile-in")
    (folder / "hostile-plus.txt").write_text(hostile_text(), encoding="utf-8")
    (folder / "manifest.csv").write_text(
        "file,date,kind,source,title\n"
        f'hostile-plus.txt,2017-11-06,press_release,javascript:alert(1),"{TITLE}"\n',
        encoding="utf-8")
    out = tmp_path_factory.mktemp("hostile-out")
    assert build([folder], out_dir=out).documents == 1
    return out


@pytest.fixture(scope="module")
def hostile_server(hostile_build: Path) -> Iterator[str]:
    from test_serve import free_port, start_server

    port = free_port()
    proc = start_server([str(hostile_build / "graph.trig")], port)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(20)


def entity_paths(server: str) -> list[str]:
    from test_serve import get, sparql_url

    query = ("SELECT DISTINCT ?e WHERE { ?e rdfs:label ?l "
             f'FILTER(STRSTARTS(STR(?e), "{DEFAULT_BASE}") && !CONTAINS(STR(?e), "/rule/")) }}')
    rows = json.loads(get(sparql_url(server, query), "application/sparql-results+json")[2])
    paths = ["/id/" + b["e"]["value"][len(DEFAULT_BASE):] for b in rows["results"]["bindings"]]
    assert len(paths) >= 8 and "/id/document/hostile-plus" in paths
    return sorted(paths)


class Tags(HTMLParser):
    """Every start tag and attribute of a page."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)


PAGE_TAGS = {"html", "head", "meta", "title", "style", "body", "h1", "h2", "p", "a", "table", "tr",
             "th", "td", "em", "blockquote", "span"}


@pytest.mark.slow
@pytest.mark.server
def test_entity_pages_show_the_hostile_text_escaped(hostile_server: str) -> None:
    from test_serve import get

    pages = {p: get(hostile_server + p, "text/html") for p in entity_paths(hostile_server)}
    for path, (status, _, body) in pages.items():
        assert status == 200, path
        tags = Tags(body.decode())
        assert set(tags.tags) <= PAGE_TAGS and tags.tags.count("style") == 1, path
        assert not [name for name, _ in tags.attrs if name.startswith("on")], path
        hrefs = [value or "" for name, value in tags.attrs if name == "href"]
        assert all(h.startswith(("/", "?", "http://", "https://")) for h in hrefs), path
    document = pages["/id/document/hostile-plus"][2]
    assert b"{{ 7*7 }} &lt;script&gt;window.__pwned=&#x27;title&#x27;&lt;/script&gt;" in document
    bovo = pages["/id/person/esteban-bovo"][2]
    assert b"Esteban Bovo &lt;script&gt;alert(1)&lt;/script&gt;" in bovo
    county = pages["/id/authority/comte-de-miami-dade"][2]
    assert b"Miami-Dade {{ 7*7 }} ${7*7} {% if 1 %}" in county
    metropolis = pages["/id/authority/metropole-aix-marseille-provence"][2]
    assert len(metropolis) > 200_000  # the 200 kB sentence, whole
    assert b"&lt;b onmouseover=&quot;window.__pwned=&#x27;long&#x27;&quot;&gt;{{constructor" \
        in metropolis


@pytest.mark.slow
def test_the_viewer_page_carries_the_text_as_json_only(hostile_build: Path) -> None:
    html = (hostile_build / "graph.html").read_text(encoding="utf-8")
    tags = Tags(html)  # parsed as a browser does: a script's text ends at "</script"
    assert tags.tags.count("script") == 4  # the two JSON blocks, vis-network, the viewer
    assert not {"img", "svg", "iframe", "base", "b"} & set(tags.tags)
    assert not [name for name, _ in tags.attrs if name.startswith("on")]
    assert "{{ 7*7 }}" in html  # shown as it is written, not evaluated by the template
    assert "onmouseover" in html and "window.__pwned='long'" in html


CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.mark.slow
@pytest.mark.server
@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium")
def test_served_pages_and_viewer_run_nothing_in_chromium(hostile_server: str) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    dialogs: list[str] = []
    errors: list[str] = []
    elsewhere: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("request", lambda r: r.url.startswith(hostile_server)
                or r.url.startswith("data:") or elsewhere.append(r.url))
        try:
            for path in entity_paths(hostile_server):
                page.goto(hostile_server + path)
                page.hover("body")
                assert page.evaluate("typeof window.__pwned") == "undefined", path
                assert page.evaluate("document.querySelectorAll('script, img, svg, iframe, b, "
                                     "base, object, embed').length") == 0, path
            page.goto(hostile_server + "/id/document/hostile-plus")
            assert "<script>window.__pwned='title'</script>" in page.inner_text("body")
            page.goto(hostile_server + "/")  # the viewer, graph.html beside the graph
            page.wait_for_function("() => document.body.dataset.ready === '1'", timeout=60_000)
            page.check("#kg-provenance")
            shown = page.evaluate("""() => {
                let text = '';
                for (let i = 0; i < kgViewer.data.nodes.length; i++) {
                    kgViewer.reveal(i); text += document.getElementById('kg-panel').innerText; }
                for (let j = 0; j < kgViewer.data.edges.length; j++) {
                    kgViewer.showEdge(j); text += document.getElementById('kg-panel').innerText; }
                return text; }""")
            page.fill("#kg-search", "{{")
            page.wait_for_timeout(300)
            assert "{{ 7*7 }}" in shown and "<script>alert(1)</script>" in shown
            assert page.evaluate("typeof window.__pwned") == "undefined"
            assert page.evaluate("document.querySelectorAll('#kg-panel img, #kg-panel script, "
                                 "#kg-panel b, #kg-results img, iframe').length") == 0
            hrefs = page.evaluate("Array.from(document.querySelectorAll('a')).map(a => a.href)")
            assert not [h for h in hrefs if h.lower().startswith("javascript:")]
        finally:
            browser.close()
    assert dialogs == [] and errors == [] and elsewhere == []
