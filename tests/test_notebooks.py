"""Every notebook in notebooks/ runs top to bottom in a real Jupyter kernel (nbclient).

The notebook is executed in a temporary copy, from its own folder (where Jupyter
starts the kernel); a cell that raises fails the test with the cell's number,
source and traceback.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks() -> None:
    assert NOTEBOOKS, "notebooks/ holds no .ipynb file"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_has_no_shell_escape_and_stored_outputs(path: Path) -> None:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    assert code, f"{path.name} has no code cell"
    for number, cell in enumerate(code, 1):
        source = "".join(cell["source"])
        assert not any(line.lstrip().startswith(("%", "!")) for line in source.splitlines()), (
            f"{path.name} cell {number}: plain Python only, so it also runs as a script")
        assert cell.get("outputs"), (f"{path.name} cell {number} has no stored output: "
                                     "re-run the notebook and save it")
        assert not any(o["output_type"] == "error" for o in cell["outputs"])


def run(path: Path, tmp: Path) -> nbformat.NotebookNode:
    """Execute a copy of ``path`` in a fresh kernel; return the executed notebook."""
    copy = tmp / path.name
    shutil.copy(path, copy)
    notebook = nbformat.read(copy, as_version=4)
    client = NotebookClient(notebook, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    try:
        client.execute()
    except CellExecutionError as exc:
        pytest.fail(f"{path.name} failed in a real kernel:\n{exc}", pytrace=False)
    return notebook


def _text(notebook: nbformat.NotebookNode) -> str:
    parts = []
    for cell in notebook.cells:
        for out in cell.get("outputs", []):
            parts.append(out.get("text", ""))
            parts.append(str(out.get("data", {}).get("text/html", "")))
    return "\n".join(parts)


@pytest.mark.slow
def test_the_tour_runs_and_shows_each_step(tmp_path: Path) -> None:
    path = next(p for p in NOTEBOOKS if p.stem == "tour")
    text = _text(run(path, tmp_path))
    assert "SHACL conforms: True" in text                        # 1. build
    assert "with a bad date: False" in text and "SignedOnShape" in text   # 2. validate
    assert "<table>" in text and "Jean-Claude Gaudin" in text     # 3. questions as tables
    assert "degree centrality" in text and "betweenness" in text  # 4. networkx analytics
    assert "communities, modularity" in text
    assert "Martine Vassal" in text and "Beacon Council" in text and "–coop:" in text
    assert "<iframe srcdoc=" in text                              # 5. the viewer inline
    assert "graph.jsonld" in text and "@prefix" in text           # 6. export
    assert "the sentence is exactly text[" in text                # 7. provenance
    assert "removed" in text                                      # the build folder is gone
