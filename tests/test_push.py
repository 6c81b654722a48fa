"""``kg push`` against a real Oxigraph server (and Virtuoso when it is installed)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from SPARQLWrapper import JSON, SPARQLWrapper
from typer.testing import CliRunner

from kg.ask import bundled_queries
from kg.cli import app
from kg.errors import PushError
from kg.push import ONTOLOGY_GRAPH, ontology_triples, push
from kg.query import load, query

pytestmark = pytest.mark.server

MINI = Path(__file__).parent / "data" / "mini.trig"
OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, proc: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the store exited with {proc.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"no answer from {url}")


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not Path(OXIGRAPH).exists():
        pytest.skip("the oxigraph server is not installed (pip install oxigraph)")
    port = free_port()
    location = tmp_path_factory.mktemp("oxigraph-db")
    proc = subprocess.Popen(
        [OXIGRAPH, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    wait_for(base + "/query?query=" + urllib.parse.quote("ASK {}"), proc)
    yield base
    proc.terminate()
    proc.wait(20)


def remote_select(endpoint: str, sparql: str, union: bool = False) -> list[dict[str, str]]:
    client = SPARQLWrapper(endpoint)
    client.setQuery(sparql)
    if union:  # Oxigraph's option: the default graph is the union of all graphs
        client.addParameter("union-default-graph", "")
    client.setReturnFormat(JSON)
    bindings = client.query().convert()["results"]["bindings"]
    return [{k: v["value"] for k, v in row.items()} for row in bindings]


def local_quads() -> int:
    store = ox.Store()
    store.bulk_load(path=str(MINI), format=ox.RdfFormat.TRIG)
    return len(store)


def as_set(rows: list[dict]) -> set[tuple]:
    """Rows comparable across stores (GROUP_CONCAT order is the store's choice)."""

    def norm(value: object) -> str:
        return " | ".join(sorted(str(value).split(" | ")))

    return {tuple(sorted((k, norm(v)) for k, v in row.items())) for row in rows}


def test_push_then_counts_and_competency_answers_match(oxigraph: str) -> None:
    report = push(MINI, f"{oxigraph}/store")
    expected = local_quads() + len(set(ontology_triples()))
    assert report.graphs[ONTOLOGY_GRAPH] > 0
    assert int(remote_select(f"{oxigraph}/query", COUNT_ALL)[0]["n"]) == expected
    graphs = {
        r["g"] for r in remote_select(f"{oxigraph}/query", "SELECT DISTINCT ?g { GRAPH ?g {} }")
    }
    assert {
        "https://w3id.org/coop-kg/id/document/003_c4864da80b107cac",
        "https://w3id.org/coop-kg/id/document/000_313e9df5565c7252",
        ONTOLOGY_GRAPH,
    } <= graphs
    local = load(MINI)
    for bundled in bundled_queries():
        text = bundled.path.read_text(encoding="utf-8")
        remote = remote_select(f"{oxigraph}/query", text, union=True)
        assert as_set(remote) == as_set(query(local, text)), bundled.name


def test_push_twice_leaves_the_same_triples(oxigraph: str) -> None:
    push(MINI, f"{oxigraph}/store")
    first = remote_select(f"{oxigraph}/query", COUNT_ALL)[0]["n"]
    result = CliRunner().invoke(app, ["push", str(MINI), "--endpoint", f"{oxigraph}/store"])
    assert result.exit_code == 0, result.output
    assert "pushed" in result.output
    assert remote_select(f"{oxigraph}/query", COUNT_ALL)[0]["n"] == first


def test_unreachable_store_says_so() -> None:
    url = f"http://127.0.0.1:{free_port()}/store"
    with pytest.raises(PushError) as caught:
        push(MINI, url)
    assert caught.value.hint == f"is the store running at {url}?"
    result = CliRunner().invoke(app, ["push", str(MINI), "--endpoint", url])
    assert result.exit_code == 2 and "is the store running" in result.output


@pytest.mark.parametrize("endpoint", ["notaurl", "127.0.0.1:7878/store", "ftp://host/store",
                                      "http:///store"])
def test_an_endpoint_that_is_not_an_http_address_is_explained(endpoint: str) -> None:
    """"notaurl" ended in urllib's ValueError traceback (unknown url type)."""
    result = CliRunner().invoke(app, ["push", str(MINI), "--endpoint", endpoint])
    output = " ".join(result.output.split())
    assert result.exit_code == 2, output
    assert "is not an http(s) address" in output and "http://127.0.0.1:7878/store" in output


def test_wrong_endpoint_path_is_explained(oxigraph: str) -> None:
    with pytest.raises(PushError, match="answered"):
        push(MINI, f"{oxigraph}/nothing-here")


VIRTUOSO = shutil.which("virtuoso-t")


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A throw-away Virtuoso (Debian package virtuoso-opensource) on loopback ports."""
    config = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
    if VIRTUOSO is None or not config.is_file() or shutil.which("isql-vt") is None:
        pytest.skip("Virtuoso is not installed (apt-get install virtuoso-opensource)")
    folder = tmp_path_factory.mktemp("virtuoso")
    sql_port, http_port = free_port(), free_port()
    text = config.read_text(encoding="utf-8").replace(
        "/var/lib/virtuoso-opensource-7/db", str(folder)
    )
    text = text.replace("= 1111", f"= {sql_port}").replace("= 8890", f"= {http_port}")
    (folder / "virtuoso.ini").write_text(text, encoding="utf-8")
    proc = subprocess.Popen(
        [VIRTUOSO, "+foreground", "+configfile", str(folder / "virtuoso.ini")],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{http_port}"
    try:
        wait_for(base + "/sparql?query=" + urllib.parse.quote("ASK {}"), proc, 90)
        grant = (
            "grant SPARQL_UPDATE to \"SPARQL\"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);"
        )
        subprocess.run(
            ["isql-vt", str(sql_port), "dba", "dba", f"exec={grant}"],
            check=True,
            capture_output=True,
            timeout=60,
        )
        yield base
    finally:
        proc.terminate()
        proc.wait(60)


def test_push_to_virtuoso_twice_gives_the_local_counts(virtuoso: str) -> None:
    store = f"{virtuoso}/sparql-graph-crud"
    with pytest.raises(PushError, match="--default-graph"):
        push(MINI, store)
    dataset = "https://w3id.org/coop-kg/id/dataset"
    counts = (
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
        'FILTER(STRSTARTS(STR(?g), "https://w3id.org/coop-kg")) }'
    )
    expected = local_quads() + len(set(ontology_triples()))
    for _ in range(2):
        push(MINI, store, default_graph=dataset)
        assert int(remote_select(f"{virtuoso}/sparql", counts)[0]["n"]) == expected
    ask = "ASK { GRAPH ?g { ?a <https://w3id.org/coop-kg/ontology#signatory> ?p } }"
    client = SPARQLWrapper(f"{virtuoso}/sparql")
    client.setQuery(ask)
    client.setReturnFormat(JSON)
    assert client.query().convert()["boolean"] is True


@pytest.mark.slow
def test_push_the_example_build_and_compare_answers(oxigraph: str, example_build: Path) -> None:
    graph = example_build / "graph.trig"
    push(graph, f"{oxigraph}/store")
    local = load(graph)
    for bundled in bundled_queries():
        text = bundled.path.read_text(encoding="utf-8")
        remote = remote_select(f"{oxigraph}/query", text, union=True)
        assert as_set(remote) == as_set(query(local, text)), bundled.name
