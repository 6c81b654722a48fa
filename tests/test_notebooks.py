"""Every notebook in notebooks/ runs: its code cells are executed in order, in one namespace.

No Jupyter is needed: the ``.ipynb`` JSON is read and each code cell's source is
compiled and run, as a kernel would. A cell that raises fails the test with the
notebook, cell number and source in the message.
"""

from __future__ import annotations

import contextlib
import io
import json
import traceback
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))


def code_cells(path: Path) -> list[str]:
    """The sources of the code cells of a notebook, in order (IPython magics are refused)."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    cells = []
    for cell in notebook["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        cells.append(source)
    return cells


def test_there_are_notebooks() -> None:
    assert NOTEBOOKS, "notebooks/ holds no .ipynb file"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_is_plain_python(path: Path) -> None:
    cells = code_cells(path)
    assert cells, f"{path.name} has no code cell"
    for number, source in enumerate(cells, 1):
        lines = source.lstrip().splitlines()
        assert not any(line.lstrip().startswith(("%", "!")) for line in lines), (
            f"{path.name} cell {number} uses an IPython magic or shell escape; "
            "write plain Python so the notebook also runs as a script")
        compile(source, f"{path.name}[{number}]", "exec")


def run_notebook(path: Path) -> tuple[dict[str, object], str]:
    """Execute the code cells of ``path`` from its folder; return the namespace and the output.

    Raises:
        AssertionError: a cell raised; the message names the cell and shows its source.
    """
    namespace: dict[str, object] = {"__name__": "__main__"}
    printed = io.StringIO()
    with contextlib.chdir(path.parent):            # where Jupyter would start the kernel
        for number, source in enumerate(code_cells(path), 1):
            try:
                with contextlib.redirect_stdout(printed):
                    exec(compile(source, f"{path.name}[{number}]", "exec"), namespace)
            except Exception:
                where = f"{path.name}, code cell {number} raised:\n{traceback.format_exc()}"
                raise AssertionError(f"{where}\n--- cell source ---\n{source}") from None
    return namespace, printed.getvalue()


@pytest.fixture(scope="module")
def executed() -> dict[str, tuple[dict[str, object], str] | str]:
    """Each notebook run once: its (namespace, output), or the error message."""
    results: dict[str, tuple[dict[str, object], str] | str] = {}
    for path in NOTEBOOKS:
        try:
            results[path.stem] = run_notebook(path)
        except AssertionError as exc:
            results[path.stem] = str(exc)
    return results


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs(path: Path, executed: dict) -> None:
    outcome = executed[path.stem]
    if isinstance(outcome, str):
        pytest.fail(outcome, pytrace=False)
    assert outcome[1].strip(), f"{path.name} printed nothing"


@pytest.mark.slow
def test_tour_traces_a_fact_to_its_sentence(executed: dict) -> None:
    outcome = executed["tour"]
    if isinstance(outcome, str):
        pytest.fail(outcome, pytrace=False)
    namespace, _ = outcome
    why = namespace["why"]
    assert isinstance(why, list) and why, "the tour found no evidence for its fact"
    sentence = str(why[0]["sentence"])
    person = str(namespace["fact"]["personLabel"])
    assert person.split()[-1] in sentence, (person, sentence)
    assert namespace["agreements"], "the agreements query returned no row"
    assert not Path(str(namespace["out"])).exists(), "the tour left its build folder behind"
