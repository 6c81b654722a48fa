"""Shared fixtures: one build of the bundled example corpus per test session."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.recache import CACHE_ENV

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session", autouse=True)
def _compiled_patterns_of_this_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Compiled regular expressions (kg.recache) go to a folder of this test run, shared
    by its workers and the processes they start, not to the user's ~/.cache/kg."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent                  # the run's folder, above each worker's
    folder = base / "kg-compiled-patterns"
    patch = pytest.MonkeyPatch()
    patch.setenv(CACHE_ENV, str(folder))
    yield folder
    patch.undo()


@pytest.fixture(scope="session")
def example_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The output folder of ``kg build`` on the bundled example corpus (graph.ttl, .trig,
    .jsonld, .html, report.json)."""
    from kg.build import build

    out = tmp_path_factory.mktemp("example-build")
    build(out_dir=out)
    return out


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` beside the repository (the gold, the scorer); skip when absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside the repository")
    return SHARED
