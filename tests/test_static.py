"""The code passes its linter and its type checker (the versions pinned in pyproject.toml).

Both were run by hand before; here a change that brings a lint error or a type error
into ``kg/`` fails the suite, so CI on a clean clone keeps them at zero.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)


def test_ruff_finds_nothing() -> None:
    run = _run("ruff", "check", "--no-cache", "kg", "tests", "benchmarks")
    assert run.returncode == 0, run.stdout + run.stderr


def test_mypy_finds_no_type_error_in_the_package(tmp_path: Path) -> None:
    # a cache of its own: two xdist workers or a stale cache never share one
    run = _run("mypy", "--cache-dir", str(tmp_path / "mypy-cache"), "kg")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Success: no issues found" in run.stdout
