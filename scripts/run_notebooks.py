"""Execute every notebook in notebooks/ in a real kernel and save it with its outputs.

Usage::

    .venv/bin/python scripts/run_notebooks.py          # refresh the stored outputs

The test suite runs the same notebooks (tests/test_notebooks.py) without saving.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def main() -> int:
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        NotebookClient(notebook, timeout=600, kernel_name="python3",
                       resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
        nbformat.write(notebook, path)
        print("executed and saved", path.name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
