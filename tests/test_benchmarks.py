"""The scale benchmark runs end to end at a tiny size (a smoke test: no time is asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_the_scale_benchmark_runs_and_writes_every_figure(tmp_path: Path) -> None:
    out = tmp_path / "scale.json"
    run = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "scale.py"), "--smoke",
                          "--docs", "4", "--million-docs", "4", "--viewer-docs", "3",
                          "--jobs", "2",
                          "--json", str(out)],
                         capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert run.returncode == 0, run.stderr[-3000:]
    for heading in ("Build throughput", "Adding one document", "triple build",
                    "Turtle of that graph", "Competency queries", "HTML viewer"):
        assert heading in run.stdout
    results = json.loads(out.read_text(encoding="utf-8"))
    assert results["throughput"]["documents"] == 4 and results["throughput"]["words"] > 400
    assert len(results["throughput"]["builds"]) == 4
    assert results["throughput"]["incremental"]["parsed"] == 1
    assert results["throughput"]["incremental"]["cached"] == 4
    assert set(results["throughput"]["incremental"]["cli"]) == {"one more document",
                                                                 "nothing changed"}
    assert "in a new process, one more document" in run.stdout
    assert results["throughput"]["incremental"]["files_only"]["parsed"] == 1
    assert results["throughput"]["incremental"]["page_bytes"] > 10_000
    assert "its viewer page, graph.html" in run.stdout
    assert "without SHACL nor viewer" in run.stdout
    assert results["million"]["triples"] > 1000 and results["million"]["peak_rss_bytes"] > 0
    assert results["million"]["conforms"] is True
    assert results["turtle"]["kg_load_s"] > 0 and results["turtle"]["rdflib_load_s"]
    queries = results["queries"]
    assert len(queries) == len(list((ROOT / "queries").glob("*.rq")))
    assert queries["signatories.rq"]["rows"] > 0
    assert results["viewer"]["nodes"] > 100 and results["viewer"]["bytes"] > 10_000
