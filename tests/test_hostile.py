"""Hostile input: IRIs minted from names and file names stay under the base, and text from
documents shows as text on the linked-data pages of ``kg serve`` and in the viewer.

The server's own defences (body limit, path traversal, malformed requests) are in
tests/test_serve.py; random documents through the whole pipeline in tests/test_property.py.
"""

from __future__ import annotations

import re
import unicodedata

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


@settings(max_examples=150, deadline=None, derandomize=True,
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
