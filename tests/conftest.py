"""Shared fixtures: one build of the bundled example corpus per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


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
