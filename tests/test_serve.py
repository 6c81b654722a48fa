"""``kg serve``: the real server in a subprocess, asked with SPARQLWrapper and urllib."""

from __future__ import annotations

import contextlib
import json
import re
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph
from SPARQLWrapper import JSON, POST, POSTDIRECTLY, TURTLE, URLENCODED, SPARQLWrapper

pytestmark = pytest.mark.server

MINI = Path(__file__).parent / "data" / "mini.trig"
HOSTILE = (
    "\n<https://w3id.org/coop-kg/id/person/hostile> a <http://xmlns.com/foaf/0.1/Person> ;\n"
    '  <http://www.w3.org/2000/01/rdf-schema#label> "<script>alert(1)</script>"@fr .\n'
)
PERSON = "/id/person/jean-claude-gaudin"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(args: list[str], port: int) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", *args, "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"kg serve exited: {proc.stdout.read() if proc.stdout else ''}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/sparql", timeout=2).read()
            return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("kg serve did not answer within 60 s")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("served")
    graph = folder / "graph.trig"
    graph.write_text(MINI.read_text(encoding="utf-8") + HOSTILE, encoding="utf-8")
    port = free_port()
    proc = start_server([str(graph), "--timeout", "2", "--max-rows", "50"], port)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(20)


def get(
    url: str, accept: str | None = None, data: bytes | None = None, content_type: str | None = None
) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, data=data)
    if accept:
        request.add_header("Accept", accept)
    if content_type:
        request.add_header("Content-Type", content_type)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def sparql_url(base: str, query: str) -> str:
    return f"{base}/sparql?" + urllib.parse.urlencode({"query": query})


def test_sparqlwrapper_select_ask_construct(server: str) -> None:
    client = SPARQLWrapper(f"{server}/sparql")
    client.setReturnFormat(JSON)
    client.setQuery("SELECT ?l WHERE { ?a coop:signatory/rdfs:label ?l } ORDER BY ?l")
    labels = [b["l"]["value"] for b in client.query().convert()["results"]["bindings"]]
    assert labels == ["Esteban Bovo", "Jean-Claude Gaudin"]
    client.setQuery("ASK { ?a coop:status coop:InPreparation }")
    assert client.query().convert()["boolean"] is True
    client.setQuery("CONSTRUCT { ?a coop:party ?o } WHERE { ?a coop:party ?o }")
    client.setReturnFormat(TURTLE)
    turtle = client.query().convert()
    assert len(Graph().parse(data=turtle, format="turtle")) == 4


@pytest.mark.parametrize("encoding", [URLENCODED, POSTDIRECTLY])
def test_sparqlwrapper_post_both_ways(server: str, encoding: str) -> None:
    client = SPARQLWrapper(f"{server}/sparql")
    client.setMethod(POST)
    client.setRequestMethod(encoding)
    client.setReturnFormat(JSON)
    client.setQuery("SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?x coop:priorityDestination ?d }")
    assert client.query().convert()["results"]["bindings"][0]["n"]["value"] == "6"


@pytest.mark.parametrize(
    ("accept", "media", "check"),
    [
        ("application/sparql-results+json", "application/sparql-results+json", b'"bindings"'),
        ("application/sparql-results+xml", "application/sparql-results+xml", b"<sparql"),
        ("text/csv", "text/csv", b"l\r\n"),
        ("text/tab-separated-values", "text/tab-separated-values", b"?l\n"),
    ],
)
def test_content_negotiation_of_results(server: str, accept: str, media: str, check: bytes) -> None:
    status, headers, body = get(
        sparql_url(server, "SELECT ?l WHERE { ?p a foaf:Person ; rdfs:label ?l }"), accept
    )
    assert status == 200 and headers["Content-Type"].startswith(media)
    assert check in body and b"Esteban Bovo" in body


def test_construct_as_json_ld_and_ntriples(server: str) -> None:
    query = "CONSTRUCT { ?a coop:party ?o } WHERE { ?a coop:party ?o }"
    status, headers, body = get(sparql_url(server, query), "application/ld+json")
    assert status == 200 and headers["Content-Type"].startswith("application/ld+json")
    assert len(Graph().parse(data=body, format="json-ld")) == 4
    status, _, body = get(sparql_url(server, query), "application/n-triples")
    assert len(body.decode().strip().splitlines()) == 4


def test_service_description(server: str) -> None:
    status, headers, body = get(f"{server}/sparql")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    graph = Graph().parse(data=body, format="turtle")
    assert "SPARQL11Query" in body.decode() and len(graph) > 5


def test_updates_are_refused_with_403(server: str) -> None:
    update = "INSERT DATA { <http://a> <http://b> <http://c> }"
    assert (
        get(f"{server}/sparql", data=update.encode(), content_type="application/sparql-update")[0]
        == 403
    )
    form = urllib.parse.urlencode({"update": update}).encode()
    assert (
        get(f"{server}/sparql", data=form, content_type="application/x-www-form-urlencoded")[0]
        == 403
    )
    assert get(sparql_url(server, update))[0] == 403
    ask = get(sparql_url(server, "ASK { <http://a> <http://b> <http://c> }"))[2]
    assert json.loads(ask)["boolean"] is False


def test_bad_query_gets_400_with_the_parser_message(server: str) -> None:
    status, _, body = get(sparql_url(server, "SELECT ?x WHERE { ?x ?y }"))
    assert status == 400
    assert b"line 1, column 26" in body and b"expected" in body


def test_slow_query_is_stopped_with_503_and_the_server_goes_on(server: str) -> None:
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    started = time.monotonic()
    status, _, body = get(sparql_url(server, slow))
    assert status == 503 and b"stopped" in body
    assert time.monotonic() - started < 15
    assert get(sparql_url(server, "ASK { ?s ?p ?o }"))[0] == 200


def test_results_are_capped_with_a_header(server: str) -> None:
    status, headers, body = get(
        sparql_url(server, "SELECT * WHERE { ?s ?p ?o }"), "application/sparql-results+json"
    )
    assert status == 200 and headers.get("X-KG-Truncated") == "max-rows=50"
    assert len(json.loads(body)["results"]["bindings"]) == 50


def test_entity_page_html_turtle_json_ld(server: str) -> None:
    status, headers, body = get(server + PERSON, "text/html")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    html = body.decode()
    assert "<h1>Jean-Claude Gaudin</h1>" in html
    assert 'href="/id/post/metropole-aix-marseille-provence/president"' in html  # out link
    assert 'href="/id/event/signature-accord-de-cooperation"' in html  # in link
    assert "a signé cet accord avec Esteban Bovo" in html  # its sentence
    assert "003_c4864da80b107cac" in html  # its document
    status, headers, body = get(server + PERSON, "text/turtle")
    assert headers["Content-Type"].startswith("text/turtle")
    assert len(Graph().parse(data=body, format="turtle")) > 5
    status, headers, body = get(server + PERSON, "application/ld+json")
    assert headers["Content-Type"].startswith("application/ld+json")
    assert "Jean-Claude Gaudin" in body.decode()
    assert get(server + "/id/person/nobody", "text/html")[0] == 404


def test_hostile_label_is_escaped(server: str) -> None:
    status, _, body = get(server + "/id/person/hostile", "text/html")
    assert status == 200
    assert b"<script>" not in body and b"&lt;script&gt;alert(1)&lt;/script&gt;" in body
    index = get(server + "/", "text/html")[2]
    assert b"<script>alert" not in index


def test_root_is_an_index_page_without_a_viewer(server: str) -> None:
    status, _, body = get(server + "/", "text/html")
    assert status == 200 and b'href="/sparql"' in body and b"Jean-Claude Gaudin" in body


def test_listens_on_loopback_only(server: str) -> None:
    port = int(server.rsplit(":", 1)[1])
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.255.255.255", 1))
            address = probe.getsockname()[0]
    except OSError:
        pytest.skip("no non-loopback interface to try")
    if address.startswith("127."):
        pytest.skip("no non-loopback interface to try")
    with pytest.raises(OSError), socket.create_connection((address, port), timeout=2):
        pass


def test_viewer_file_is_served_at_root(tmp_path: Path) -> None:
    (tmp_path / "graph.ttl").write_text(
        '<https://w3id.org/coop-kg/id/place/x> '
        '<http://www.w3.org/2000/01/rdf-schema#label> "X"@fr .\n',
        encoding="utf-8",
    )
    (tmp_path / "graph.html").write_text("<html><body>the viewer</body></html>", encoding="utf-8")
    port = free_port()
    proc = start_server([str(tmp_path / "graph.ttl")], port)
    try:
        assert (
            get(f"http://127.0.0.1:{port}/", "text/html")[2]
            == b"<html><body>the viewer</body></html>"
        )
    finally:
        proc.terminate()
        proc.wait(20)


def test_serve_without_graph_says_what_to_do(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kg", "serve", "--port", str(free_port())],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "kg build" in result.stdout + result.stderr


@pytest.mark.slow
def test_serves_the_example_build(example_build: Path) -> None:
    port = free_port()
    proc = start_server([str(example_build / "graph.trig")], port)
    base = f"http://127.0.0.1:{port}"
    try:
        status, _, body = get(base + PERSON, "text/html")
        assert status == 200 and "Jean-Claude Gaudin" in body.decode()
        assert "a signé cet accord avec Esteban Bovo" in body.decode()
        root = get(base + "/", "text/html")[2]
        assert root == (example_build / "graph.html").read_bytes()
        rq = Path(__file__).parent.parent / "queries" / "signatories.rq"
        query = urllib.parse.quote(rq.read_text(encoding="utf-8"))
        status, _, body = get(f"{base}/sparql?query={query}", "application/sparql-results+json")
        assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 2
    finally:
        proc.terminate()
        proc.wait(20)


# -- hostile requests: raw sockets, and the server answers normally afterwards ---------------
def raw(server: str, request: bytes, *, half_close: bool = False) -> bytes:
    """Send ``request`` as is and read until the server closes or 10 s pass."""
    host, port = server.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(request)
        if half_close:
            sock.shutdown(socket.SHUT_WR)
        chunks = []
        try:
            while chunk := sock.recv(65536):
                chunks.append(chunk)
                if b"\r\n\r\n" in b"".join(chunks) and not half_close and b"Connection: close" \
                        not in b"".join(chunks):
                    break
        except TimeoutError:
            pass
    return b"".join(chunks)


def status_of(response: bytes) -> int | None:
    match = re.match(rb"HTTP/1\.[01] (\d{3}) ", response)
    return int(match[1]) if match else None


def still_answers(server: str) -> None:
    assert json.loads(get(sparql_url(server, "ASK { ?s ?p ?o }"))[2])["boolean"] is True


def post_head(length: str, extra: str = "") -> bytes:
    return (f"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
            f"Content-Length: {length}\r\n{extra}\r\n").encode()


def test_a_body_over_the_limit_gets_413_without_being_read(server: str) -> None:
    started = time.monotonic()
    response = raw(server, post_head(str(50 * 2**20)))  # 50 MiB announced, none sent
    assert status_of(response) == 413 and b"at most 1048576" in response
    assert b"Connection: close" in response
    assert time.monotonic() - started < 9  # answered, not waiting for the 50 MiB
    still_answers(server)


@pytest.mark.parametrize(
    ("request_bytes", "status"),
    [
        (post_head("abc") + b"ASK {}", 400),
        (post_head("-5") + b"ASK {}", 400),
        (post_head("1, 2") + b"ASK {}", 400),
        (b"POST /sparql HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
         b"6\r\nASK {}\r\n0\r\n\r\n", 411),
        (post_head("100") + b"ASK {", 400),  # the body stops after 5 bytes
        (post_head("").replace(b"Length: ", b"Length: \xb2") + b"ASK {}", 400),  # a "digit"
    ],
    ids=["letters", "negative", "list", "chunked", "truncated", "superscript"],
)
def test_bad_bodies_get_an_error_and_the_server_goes_on(
    server: str, request_bytes: bytes, status: int
) -> None:
    assert status_of(raw(server, request_bytes, half_close=True)) == status
    still_answers(server)


MALFORMED = {
    "garbage": b"\x00\xff\xfe\xfd garbage \x01\x02\r\n\r\n",
    "no-version": b"GET\r\n\r\n",
    "bad-version": b"GET / HTTP/9.9\r\n\r\n",
    "bad-method": b"BREW /sparql HTTP/1.1\r\nHost: x\r\n\r\n",
    "bad-percent": b"GET /sparql?query=ASK%zz%ff%%7B%7D HTTP/1.1\r\nHost: x\r\n\r\n",
    "bad-utf8": b"GET /sparql?query=ASK%C3%28%7B%7D HTTP/1.1\r\nHost: x\r\n\r\n",
    "long-line": b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\n\r\n",
    "long-header": b"GET / HTTP/1.1\r\nX-Big: " + b"b" * 70_000 + b"\r\n\r\n",
    "many-headers": b"GET / HTTP/1.1\r\n" + b"X-H: 1\r\n" * 200 + b"\r\n",
    "bad-header": b"GET / HTTP/1.1\r\nno colon here\r\n\r\n",
    "update-verb": b"PUT /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n",
}


@pytest.mark.parametrize("name", list(MALFORMED))
def test_malformed_requests_get_an_error_or_a_closed_connection(server: str, name: str) -> None:
    response = raw(server, MALFORMED[name], half_close=True)
    status = status_of(response)
    assert response == b"" or status in (501, 505) or 400 <= (status or 0) < 500, response[:200]
    still_answers(server)


TRAVERSALS = [
    "/static/../../etc/passwd", "/../../../../etc/passwd", "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/..%2f..%2f..%2fetc%2fpasswd", "//etc/passwd", "/etc/passwd", "/graph.trig",
    "/index.html/../graph.trig", "/..\\..\\..\\etc\\passwd", "/%5c..%5c..%5cetc%5cpasswd",
    "/id/../../../etc/passwd", "/id/%2e%2e/%2e%2e/etc/passwd", "/id/person/..",
    "/id/person/jean-claude-gaudin/../../../../etc/passwd", "/id/person%00/x", "/id/%ff%fe",
    "/id/person/x%3E%20%3Chttp://a%3E", "/id/file:///etc/passwd", "/file:///etc/passwd",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_no_file_outside_what_is_served_is_reachable(server: str, path: str) -> None:
    response = raw(server, f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    assert status_of(response) in (400, 404), response[:200]
    assert b"root:" not in response and b"@prefix" not in response and b"<html" not in response
    nul = raw(server, b"GET /id/person/x\x00/../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n")
    assert status_of(nul) in (400, 404) and b"root:" not in nul
    still_answers(server)


def test_an_absolute_form_request_is_only_its_path(server: str) -> None:
    response = raw(server, b"GET http://127.0.0.1/etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n")
    assert status_of(response) == 404 and b"root:" not in response


def test_answers_say_nosniff_and_pages_allow_no_script(server: str) -> None:
    assert get(server + "/nothing")[1].get("X-Content-Type-Options") == "nosniff"
    for path in (PERSON, "/"):
        headers = get(server + path, "text/html")[1]
        assert headers.get("X-Content-Type-Options") == "nosniff"
        assert "default-src 'none'" in headers.get("Content-Security-Policy", "")
        assert "script-src" not in headers["Content-Security-Policy"]


# -- answers and memory are bounded in the query workers -----------------------------------------
def test_an_answer_past_max_bytes_loses_its_last_rows() -> None:
    import pyoxigraph as ox

    from kg.workers import execute_request

    store = ox.Store()
    store.load(MINI.read_bytes(), ox.RdfFormat.TRIG)
    request = {"sparql": "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?s ?p ?o",
               "results": "json", "max_rows": 10_000}
    whole = execute_request(store, request)
    assert whole["truncated"] is False
    cut = execute_request(store, {**request, "max_bytes": 20_000})
    assert cut["truncated"] == "max-bytes=20000" and len(cut["body"]) <= 20_000
    rows = json.loads(cut["body"])["results"]["bindings"]
    assert 0 < len(rows) < len(json.loads(whole["body"])["results"]["bindings"])
    construct = {"sparql": "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }",
                 "graph": "ntriples", "max_bytes": 5_000}
    triples = execute_request(store, construct)
    assert triples["truncated"] == "max-bytes=5000" and 0 < len(triples["body"]) <= 5_000


def test_a_query_past_its_memory_is_stopped_and_the_pool_goes_on(tmp_path: Path) -> None:
    from kg.serve import prepare_store
    from kg.workers import QueryPool, QueryStopped

    prepare_store(MINI, tmp_path / "store")
    pool = QueryPool(tmp_path / "store", workers=1, timeout=60, memory_mb=200)
    try:
        doublings = " ".join(f"BIND(CONCAT(?v{i}, ?v{i}) AS ?v{i + 1})" for i in range(40))
        bomb = f"SELECT (STRLEN(?v40) AS ?n) WHERE {{ BIND(REPEAT_ME AS ?v0) {doublings} }}"
        bomb = bomb.replace("REPEAT_ME", '"' + "x" * 1000 + '"')
        with pytest.raises(QueryStopped, match="memory limit of 200 MiB"):
            pool.execute({"sparql": bomb, "results": "json"})
        answer = pool.execute({"sparql": "ASK { ?s ?p ?o }", "results": "json"})
        assert json.loads(answer["body"])["boolean"] is True
    finally:
        pool.close()


def test_a_query_oxigraph_aborts_on_gets_500_saying_why_and_the_server_goes_on(
        server: str) -> None:
    from tests.test_isolate import MIXED_SORT, oxigraph_aborts_on

    status, _, body = get(sparql_url(server, MIXED_SORT), accept="text/csv")
    if oxigraph_aborts_on(MIXED_SORT):
        assert status == 500, body
        assert b"crashed while sorting" in body and b"ORDER BY STR(?o)" in body
    else:                                 # a pyoxigraph that sorts it: the rows come back
        assert status == 200 and len(body.splitlines()) == 51   # --max-rows 50
    assert get(sparql_url(server, "ASK { ?s ?p ?o }"))[0] == 200


def test_a_pool_closed_during_a_query_starts_no_worker_and_leaves_no_file(tmp_path: Path) -> None:
    from kg.serve import prepare_store
    from kg.workers import QueryPool, QueryStopped

    prepare_store(MINI, tmp_path / "store")
    pool = QueryPool(tmp_path / "store", workers=1, timeout=60, memory_mb=None)
    logs = Path(pool._logs)
    assert logs.is_dir()
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # seconds, small
    failures: list[Exception] = []

    def ask() -> None:
        try:
            pool.execute({"sparql": slow, "results": "json"})
        except QueryStopped as exc:
            failures.append(exc)

    thread = threading.Thread(target=ask)
    thread.start()
    deadline = time.monotonic() + 30
    while not pool._idle.empty() and time.monotonic() < deadline:   # the query is running
        time.sleep(0.05)
    time.sleep(0.5)
    pool.close()
    thread.join(30)
    assert not thread.is_alive(), "the query's thread still waits after close()"
    assert failures and "server is stopping" in str(failures[0]), failures
    assert pool._all == [] and not logs.exists(), (pool._all, list(logs.glob("*")))


@pytest.mark.parametrize(("sparql", "federated"), [
    ("SELECT * { SERVICE <http://e/sparql> { ?s ?p ?o } }", True),
    ("select * { service silent <http://e/> { ?s ?p ?o } }", True),
    ("SELECT * { ?s ?p ?o .SERVICE <http://e/> { } }", True),
    ("SELECT * { ?s ?p ex:a\\# SERVICE <http://e/> { } }", True),   # \# is in the name
    ('SELECT * { ?s ?p "a\\"b" . SERVICE <http://e/> { } }', True),
    ("SELECT * { \\u0053ERVICE <http://e/> { } }", True),
    # found by a probe: escapes that Oxigraph decodes in strings only, a number glued to
    # the keyword, the keyword glued to a prefixed name
    (r'SELECT * { FILTER("\u005C" != "") SERVICE <http://e/> { } FILTER(?x != "") }', True),
    (r"SELECT * { FILTER('\u0027' != '') SERVICE <http://e/> { } FILTER( != '') }",
     True),
    ("ASK { ?s ?p 0.9SERVICE SILENT <http://e/> {} }", True),
    ("SELECT * { ?s ?p 1e0SERVICE <http://e/> { } }", True),
    ("PREFIX : <http://e/> SELECT * { SERVICE:x { } }", True),
    ("SELECT * { ?s ?p ex:a.SERVICE <http://e/> { } }", True),
    ("SELECT * { ?s a ex:WebService }", False),
    ("SELECT * { ?s ?p ?o }\n# a SERVICE in a comment\n", False),
    ("SELECT * { ?s ?p '''long\nSERVICE <x> {}''' }", False),
    ("SELECT * { <http://e/SERVICE> ?p ?o }", False),
    ("SELECT ?service { ?service ?p ex:SERVICE }", False),
    ('SELECT * { ?s ?p "x"@service }', False),
])
def test_uses_service_finds_the_keyword_not_the_word(sparql: str, federated: bool) -> None:
    from kg.negotiate import uses_service

    assert uses_service(sparql) is federated


@contextlib.contextmanager
def internal_address() -> Iterator[tuple[str, list[bytes]]]:
    """An address on this machine, and what reaches it (each request's first bytes)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(3)
    reached: list[bytes] = []

    def accept() -> None:
        try:
            conn, _ = listener.accept()
            reached.append(conn.recv(200))
            conn.close()
        except OSError:
            pass

    thread = threading.Thread(target=accept)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/private", reached
    finally:
        thread.join(10)
        listener.close()


def test_a_service_query_is_refused_and_no_request_leaves_the_server(server: str) -> None:
    with internal_address() as (internal, reached):
        status, _, body = get(sparql_url(
            server, f"SELECT * {{ SERVICE <{internal}> {{ ?s ?p ?o }} }}"))
    assert status == 403 and b"SERVICE" in body
    assert reached == [], "the server sent a request to the address the query named"
    assert get(sparql_url(server, "SELECT * { ?s ?p 'SERVICE' }"))[0] == 200


def test_a_worker_opens_no_connection_even_for_a_service_query_that_reached_it(
        tmp_path: Path) -> None:
    from kg.serve import prepare_store
    from kg.workers import QueryPool

    if not sys.platform.startswith("linux"):
        pytest.skip("seccomp is Linux's")
    prepare_store(MINI, tmp_path / "store")
    pool = QueryPool(tmp_path / "store", workers=1, timeout=30)
    try:
        with internal_address() as (internal, reached):
            # straight to the pool: the handler's SERVICE check is not in the way
            answer = pool.execute({"results": "json",
                                   "sparql": f"SELECT * {{ SERVICE <{internal}> {{ ?s ?p ?o }} }}"})
        assert "not permitted" in answer.get("error", ""), answer
        ok = pool.execute({"sparql": "ASK { ?s ?p ?o }", "results": "json"})
        assert json.loads(ok["body"])["boolean"] is True
    finally:
        pool.close()
    assert reached == [], "the worker sent a request to the address the query named"


def test_a_graph_parameter_that_is_no_iri_gets_400(server: str) -> None:
    url = f"{server}/sparql?" + urllib.parse.urlencode(
        {"query": "ASK { ?s ?p ?o }", "default-graph-uri": "not an iri"})
    status, _, body = get(url)
    assert status == 400 and b"not an IRI" in body


def test_a_client_that_goes_away_leaves_no_traceback(example_build: Path) -> None:
    """`curl ... | head` closes the connection before the answer is read: the server goes
    on, and its terminal shows no "Exception occurred ... ConnectionResetError"."""
    port = free_port()
    proc = start_server([str(example_build / "graph.trig")], port)
    query = urllib.parse.quote("SELECT * WHERE { ?s ?p ?o }")
    try:
        for _ in range(5):
            with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
                sock.sendall(f"GET /sparql?query={query} HTTP/1.1\r\nHost: x\r\n"
                             "Accept: application/sparql-results+json\r\n\r\n".encode())
                sock.recv(100)          # the answer has started: go away with a reset
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        still_answers(f"http://127.0.0.1:{port}")
    finally:
        proc.terminate()
        output = proc.communicate(timeout=20)[0]
    assert "Traceback" not in output and "Exception occurred" not in output, output
