"""Queries on which Oxigraph aborts its process: kg says why and goes on (kg.isolate)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import QueryError
from kg.isolate import SORT_PANIC, crash_error, isolated

MINI = Path(__file__).parent / "data" / "mini.trig"

#: numbers and texts whose lexical and numeric orders disagree: pyoxigraph 0.5.13's
#: ORDER BY finds its comparison is not a total order and aborts the process
MIXED_SORT = ("SELECT ?o { VALUES ?o { "
              + " ".join(f'{i} {i}.5 "{i}"' for i in range(100)) + " } } ORDER BY ?o")


def oxigraph_aborts_on(sparql: str) -> bool:
    """Whether this pyoxigraph aborts on ``sparql`` (asked in a fresh Python)."""
    code = ("import sys, pyoxigraph as ox; "
            "print(len(list(ox.Store().query(sys.argv[1]))))")
    done = subprocess.run([sys.executable, "-c", code, sparql], capture_output=True, text=True)
    return done.returncode != 0 and SORT_PANIC in done.stderr


def _panics() -> None:   # what Rust does: write on file descriptor 2, then abort
    os.write(2, ("thread '<unnamed>' panicked at smallsort.rs:854:5:\n"
                 f"user-provided comparison function {SORT_PANIC}\n").encode())
    os.abort()


def _says(text: str) -> int:
    os.write(2, f"{text}\n".encode())
    return 7


def _refuses() -> None:
    raise QueryError("no such thing", hint="ask another")


def test_isolated_gives_the_value_and_the_exception_of_the_call() -> None:
    assert isolated(sorted, [3, 1, 2]) == [1, 2, 3]
    with pytest.raises(QueryError) as err:
        isolated(_refuses)
    assert err.value.message == "no such thing" and err.value.hint == "ask another"


def _fails_deep_inside() -> None:
    {}["no such key"]


@pytest.mark.parametrize("method", ["fork", "exec"])
def test_an_exception_in_a_child_keeps_the_child_s_traceback(method: str) -> None:
    # pickled, an exception loses its traceback: the child's comes back as its cause
    from kg.background import Background, RemoteTraceback
    with pytest.raises(KeyError) as err:
        Background(_fails_deep_inside, method=method).result()
    cause = err.value.__cause__
    assert isinstance(cause, RemoteTraceback)
    assert "_fails_deep_inside" in str(cause) and "no such key" in str(cause)
    with pytest.raises(KeyError) as err:          # the same through kg query's shield
        isolated(_fails_deep_inside)
    assert "_fails_deep_inside" in str(err.value.__cause__)


def test_a_child_that_aborts_is_a_query_error_that_says_why(capfd: pytest.CaptureFixture) -> None:
    with pytest.raises(QueryError, match="crashed while sorting") as err:
        isolated(_panics)
    assert "ORDER BY STR(?o)" in (err.value.hint or "")
    assert "panicked" not in capfd.readouterr().err   # the backtrace is summed up, not shown
    assert isolated(len, "still here") == 10          # and this process goes on


def test_what_the_child_prints_is_printed_here(capfd: pytest.CaptureFixture) -> None:
    assert isolated(_says, "a warning from the child") == 7
    assert "a warning from the child" in capfd.readouterr().err


def test_crash_error_tells_sort_memory_and_other_deaths_apart() -> None:
    assert "crashed while sorting" in crash_error(f"x {SORT_PANIC} y", -6).message
    assert crash_error("memory allocation of 8 bytes failed", -6).message == \
        "the query ran out of memory"
    assert crash_error("", -9).message == "the query ran out of memory"   # the OOM killer
    other = crash_error("thread 'main' panicked at src/x.rs:1:1:\nboom", -6)
    assert "killed by signal 6" in other.message and "panicked at src/x.rs" in other.message
    assert crash_error("", 3).message.endswith("exited with status 3")


def test_kg_query_stopped_by_a_signal_stops_its_query_too(tmp_path: Path) -> None:
    import signal
    import time

    import psutil

    slow = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"   # seconds, little memory
    proc = subprocess.Popen([sys.executable, "-m", "kg", "query", str(MINI), slow, "-f", "csv"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    parent = psutil.Process(proc.pid)
    deadline = time.monotonic() + 60
    while not parent.children() and time.monotonic() < deadline:
        time.sleep(0.1)
    children = parent.children()
    assert children, "kg query forked no child to evaluate the query"
    time.sleep(0.5)                        # the child is now past its start
    proc.send_signal(signal.SIGTERM)
    proc.wait(20)
    gone, alive = psutil.wait_procs(children, timeout=20)
    assert not alive, "the query went on after kg query was stopped"


def test_kg_query_reports_oxigraph_s_sort_crash_and_goes_on() -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["query", str(MINI), MIXED_SORT, "--format", "csv"])
    if oxigraph_aborts_on(MIXED_SORT):
        assert result.exit_code == 2, result.output
        assert "crashed while sorting" in result.output and "ORDER BY STR(?o)" in result.output
    else:                                 # a pyoxigraph that sorts it: the rows come back
        assert result.exit_code == 0 and len(result.stdout.splitlines()) == 301
    again = runner.invoke(app, ["query", str(MINI), MIXED_SORT.replace("ORDER BY ?o",
                                                                      "ORDER BY STR(?o)"),
                                "--format", "csv"])
    assert again.exit_code == 0 and len(again.stdout.splitlines()) == 301


def test_an_entity_page_with_values_of_mixed_types_is_drawn() -> None:
    import pyoxigraph as ox

    from kg.pages import entity_queries
    from kg.workers import execute_request

    store, iri = ox.Store(), "https://w3id.org/coop-kg/id/figure/mixed"
    values = [v for i in range(100) for v in (
        ox.Literal(str(i), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
        ox.Literal(f"{i}.5", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")),
        ox.Literal(str(i)))]
    for value in values:
        store.add(ox.Quad(ox.NamedNode(iri), ox.NamedNode("https://schema.org/value"), value))
    answer = isolated(execute_request, store, {"sparql": entity_queries(iri)[0], "rows": True})
    assert len(answer["rows"]) == 300


@pytest.mark.skipif(not oxigraph_aborts_on(MIXED_SORT), reason="this pyoxigraph sorts them")
def test_kg_query_from_python_survives_a_query_oxigraph_aborts_on() -> None:
    import kg

    g = kg.load(MINI)
    with pytest.raises(QueryError) as err:
        kg.query(g, MIXED_SORT)          # this process would be aborted, unshielded
    assert "crashed while sorting" in err.value.message and "STR(?o)" in (err.value.hint or "")
    assert kg.query(g, "ASK { ?s ?p ?o }") is True          # and it goes on


def test_a_shielded_query_gives_what_the_same_query_gives_in_process() -> None:
    import kg
    from kg.query import query

    g = kg.load(MINI)
    for sparql in ("SELECT ?s ?o { ?s rdfs:label ?o } ORDER BY ?o ?s",
                   "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }",
                   "CONSTRUCT { ?s rdfs:label ?o } { ?s rdfs:label ?o }",
                   "ASK { ?s a ?t }"):
        here, there = query(g, sparql, shielded=False), query(g, sparql, shielded=True)
        if isinstance(here, list):
            assert here and here == there, sparql
        elif isinstance(here, bool):
            assert here is there is True
        else:
            assert len(here) > 0 and set(here) == set(there), sparql    # type: ignore[arg-type]
