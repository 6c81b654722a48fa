"""The ontology's documentation (docs/ontology/): up to date, complete, escaped, offline."""

from __future__ import annotations

import itertools
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from kg.namespaces import COOP, COOP_IRI, OWL, RDF, RDFS, SKOS
from kg.ontodoc import FILES, generate, main
from kg.validate import load_ontology

REPO = Path(__file__).resolve().parent.parent
ONTOLOGY = REPO / "ontology"
DOCS = REPO / "docs" / "ontology"
REGENERATE = "python -m kg.ontodoc"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr", "path", "rect"}  # path and rect: SVG elements written self-closed
SVG = "{http://www.w3.org/2000/svg}"


class Page(HTMLParser):
    """Checks that tags nest; keeps the text inside every element that has an id."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []
        self.errors: list[str] = []
        self.texts: dict[str, list[str]] = {}
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.data: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.append((tag, found))
        if found.get("id"):
            if found["id"] in self.texts:
                self.errors.append(f"duplicate id {found['id']}")
            self.texts[str(found["id"])] = []
        if tag not in VOID:
            self.stack.append((tag, found.get("id")))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1][0] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.data.append(data)
        for _, ident in self.stack:
            if ident:
                self.texts[ident].append(data)


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("ontodoc")
    generate(ONTOLOGY, out)
    return out


@pytest.fixture(scope="module")
def page(fresh: Path) -> Page:
    return parse((fresh / "index.html").read_text(encoding="utf-8"))


def test_committed_docs_are_up_to_date(fresh: Path) -> None:
    stale = [name for name in FILES if not (DOCS / name).is_file()
             or (DOCS / name).read_bytes() != (fresh / name).read_bytes()]
    assert not stale, (f"docs/ontology/ is out of date with ontology/ ({', '.join(stale)}): "
                       f"run `{REGENERATE}` from the repository root and commit docs/ontology/")


def test_same_ontology_same_bytes(fresh: Path, tmp_path: Path) -> None:
    again = generate(ONTOLOGY, tmp_path)
    assert [p.name for p in again] == list(FILES)
    assert all(p.read_bytes() == (fresh / p.name).read_bytes() for p in again)


def test_every_term_has_an_anchor_and_both_labels(page: Page) -> None:
    onto = load_ontology(ONTOLOGY)
    terms = {s: s.removeprefix(COOP_IRI) for kind in (OWL.Class, OWL.ObjectProperty,
                                                       OWL.DatatypeProperty)
             for s in onto.subjects(RDF.type, kind) if str(s).startswith(COOP_IRI)}
    roles = {c: "role-" + c.rsplit("/", 1)[1] for c in onto.subjects(SKOS.inScheme, COOP.Roles)}
    assert len(terms) > 60 and len(roles) > 30
    for term, anchor in (terms | roles).items():
        assert anchor in page.texts, f"no id={anchor!r} for {term}"
        shown = " ".join("".join(page.texts[anchor]).split())
        for label in onto.objects(term, RDFS.label):
            assert " ".join(str(label).split()) in shown, f"{term}: {label!r} not in #{anchor}"
        assert {lab.language for lab in onto.objects(term, RDFS.label)} >= {"fr", "en"}


def test_links_inside_the_page_point_at_anchors(page: Page) -> None:
    targets = {str(a["href"])[1:] for tag, a in page.tags
               if tag == "a" and str(a.get("href", "")).startswith("#")}
    assert targets and targets <= set(page.texts), targets - set(page.texts)
    shapes = Graph().parse(ONTOLOGY / "shapes.ttl")
    for shape in shapes.subjects(RDF.type, URIRef("http://www.w3.org/ns/shacl#NodeShape")):
        assert "shape-" + str(shape).rsplit("#", 1)[1] in page.texts


def test_diagram_draws_every_main_class_without_overlap(fresh: Path) -> None:
    svg = ET.parse(fresh / "diagram.svg").getroot()
    drawn = {a.find(f"{SVG}text").text: tuple(float(a.find(f"{SVG}rect").get(k)) for k in  # type: ignore
                                              ("x", "y", "width", "height"))
             for a in svg.iter(f"{SVG}a")}
    onto = load_ontology(ONTOLOGY)
    own = {"coop:" + s.removeprefix(COOP_IRI) for s in onto.subjects(RDF.type, OWL.Class)
           if str(s).startswith(COOP_IRI)}
    reused = {"org:Organization", "foaf:Person", "schema:Place", "schema:Event", "skos:Concept",
              "prov:Entity"}
    assert own | reused <= set(drawn), (own | reused) - set(drawn)
    assert len(drawn) == len(list(svg.iter(f"{SVG}a")))  # one box per class
    for (ax, ay, aw, ah), (bx, by, bw, bh) in itertools.combinations(drawn.values(), 2):
        assert ax + aw <= bx or bx + bw <= ax or ay + ah <= by or by + bh <= ay
    html = (fresh / "index.html").read_text(encoding="utf-8")
    assert (fresh / "diagram.svg").read_text(encoding="utf-8").strip() in html
    assert "coop_Agreement --> org_Organization : party" in (fresh / "diagram.mmd").read_text()


def test_text_from_the_ontology_is_escaped(tmp_path: Path) -> None:
    onto = tmp_path / "onto"
    onto.mkdir()
    (onto / "coop.ttl").write_text("""
        @prefix ex: <https://example.org/x#> .
        @prefix owl: <http://www.w3.org/2002/07/owl#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        @prefix dcterms: <http://purl.org/dc/terms/> .
        <https://example.org/x> a owl:Ontology ; dcterms:title "T <i>"@en .
        ex:Thing a owl:Class ; rdfs:label "<script>alert(1)</script>"@en , "chose & co"@fr ;
            rdfs:comment "a \\"quoted\\" <b>bold</b>"@en .
        ex:link a owl:ObjectProperty ; rdfs:label "<img src=x onerror=alert(2)>"@en ;
            rdfs:domain ex:Thing ; rdfs:range ex:Thing .
        """, encoding="utf-8")
    generate(onto, tmp_path / "out")
    html = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    page = parse(html)
    assert "<script" not in html and "<img" not in html and "<b>bold" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "chose &amp; co" in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html and "T &lt;i&gt;" in html
    assert not page.errors and {"Thing", "link"} <= set(page.texts)
    assert "ex:Thing" in {t.text for t in ET.parse(tmp_path / "out" / "diagram.svg").iter()}


def test_check_fails_when_a_label_changes(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                          ) -> None:
    assert main(["--ontology", str(ONTOLOGY), "--out", str(DOCS), "--check"]) == 0
    changed = tmp_path / "ontology"
    shutil.copytree(ONTOLOGY, changed)
    coop = changed / "coop.ttl"
    text = coop.read_text(encoding="utf-8")
    assert '"accord"@fr' in text
    coop.write_text(text.replace('"accord"@fr', '"convention"@fr'), encoding="utf-8")
    assert main(["--ontology", str(changed), "--out", str(DOCS), "--check"]) == 1
    err = capsys.readouterr().err
    assert "index.html differs" in err and "convention" in err and REGENERATE in err
    out = tmp_path / "docs"
    assert main(["--ontology", str(changed), "--out", str(out)]) == 0
    assert main(["--ontology", str(changed), "--out", str(out), "--check"]) == 0


def test_a_missing_ontology_says_what_to_do(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                            ) -> None:
    assert main(["--ontology", str(tmp_path), "--out", str(tmp_path / "out")]) == 2
    assert "coop.ttl is missing" in capsys.readouterr().err


def test_page_is_well_formed_and_offline(page: Page, fresh: Path) -> None:
    assert not page.errors and not page.stack
    html = (fresh / "index.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "@import" not in html and "url(http" not in html
    for tag, attrs in page.tags:
        assert tag not in ("script", "iframe", "object", "embed"), tag
        assert not (tag == "link" and "stylesheet" in str(attrs.get("rel"))), attrs
        assert not str(attrs.get("src") or "").startswith(("http:", "https:", "//")), attrs
    hrefs = [str(a.get("href")) for tag, a in page.tags if tag == "a"]
    assert all(h.startswith(("#", "http://", "https://", "diagram.", "index.html#"))
               for h in hrefs), [h for h in hrefs if not h.startswith(("#", "http"))]


def test_kg_docs_writes_the_documentation_and_checks_it(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from kg.cli import app

    runner = CliRunner()
    written = runner.invoke(app, ["docs", "--out", str(tmp_path)])
    assert written.exit_code == 0, written.output
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(FILES)
    assert runner.invoke(app, ["docs", "--out", str(tmp_path), "--check"]).exit_code == 0
    (tmp_path / "index.html").write_text("stale", encoding="utf-8")
    stale = runner.invoke(app, ["docs", "--out", str(tmp_path), "--check"])
    assert stale.exit_code == 1
