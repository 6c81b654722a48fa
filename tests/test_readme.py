"""The README tells the truth: its commands exist, CI runs its test command, its example answers."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", README, flags=re.S)


def test_ci_runs_exactly_the_readme_test_command() -> None:
    install, tests = _blocks("sh")[:2]
    assert install.strip() == (
        "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/kg build")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert tests.strip() in ci.splitlines()


def test_every_command_of_the_table_exists() -> None:
    from typer.main import get_command

    from kg.cli import app
    named = set(re.findall(r"^\| `kg (\w+)", README, flags=re.M))
    assert {"build", "query", "stats", "serve", "docs"} <= named
    assert named <= set(get_command(app).commands)  # type: ignore[attr-defined]


def test_the_files_the_readme_points_to_exist() -> None:
    for link in re.findall(r"\]\(((?:docs|notebooks|kg|ontology)/[^)]+)\)", README):
        assert (ROOT / link).exists(), link
    for path in ("docs/ontology/index.html", "notebooks/tour.ipynb", "benchmarks/scale.py",
                 "kg/data/kb/README.md", "docs/gold-format.md"):
        assert path in README and (ROOT / path).exists(), path


@pytest.mark.slow
def test_the_sparql_example_gives_the_answer_shown(example_build: Path) -> None:
    command = next(b for b in _blocks("sh") if "kg query kg-out/graph.trig 'SELECT" in b)
    sparql = re.search(r"'(SELECT.*)'", command, flags=re.S)[1]   # type: ignore[index]
    shown = next(b for b in _blocks("csv") if b.startswith("signatory,"))
    run = subprocess.run([sys.executable, "-m", "kg", "query", str(example_build / "graph.trig"),
                          sparql, "--format", "csv"], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert list(csv.reader(io.StringIO(run.stdout))) == list(csv.reader(io.StringIO(shown)))


@pytest.mark.slow
def test_the_python_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import contextlib

    snippet = _blocks("python")[0]
    monkeypatch.chdir(tmp_path)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(snippet, "README.md", "exec"), {"__name__": "__main__"})
    text = printed.getvalue()
    assert "Jean-Claude Gaudin" in text and "Esteban Bovo" in text
    assert "Martine Vassal" in text and "Beacon Council" in text
