"""The ontology's documentation, generated: ``python -m kg.ontodoc``.

Reads ``coop.ttl``, the modules it imports and ``shapes.ttl`` (default: the
ontology kg ships, :func:`kg.config.ontology_dir`) and writes into
``docs/ontology/``:

- ``index.html``: one self-contained bilingual page (French / English) with the
  metadata, every class, property, individual, scheme concept and SHACL shape,
  and the terms reused from other vocabularies (:mod:`kg.ontodoc_page`);
- ``diagram.svg``: the main classes and the object properties between them,
  also inline in the page (:mod:`kg.ontodoc_svg`);
- ``diagram.mmd``: the same diagram as Mermaid source.

The output has no timestamp and every list is sorted: the same ontology gives
byte-identical files, so ``--check`` (and ``tests/test_ontology_docs.py``) can
tell when the committed pages are out of date::

    python -m kg.ontodoc            # regenerate docs/ontology/ (from the repository root)
    python -m kg.ontodoc --check    # exit 1 and say what differs when they are stale
    python -m kg.ontodoc --out /tmp/onto-docs --ontology my-ontology/
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from itertools import zip_longest
from pathlib import Path

from kg.config import ontology_dir
from kg.errors import KGError
from kg.export import write_atomic
from kg.ontodoc_diagram import diagram_mermaid
from kg.ontodoc_model import read_ontology
from kg.ontodoc_page import COMMAND, render_page
from kg.ontodoc_svg import diagram_svg

__all__ = ["generate", "check", "main", "DEFAULT_OUT", "FILES"]

#: the repository's docs/ontology when kg runs from a checkout, else ./docs/ontology
DEFAULT_OUT = (Path(__file__).resolve().parent.parent / "docs" / "ontology"
               if (Path(__file__).resolve().parent.parent / "docs").is_dir()
               else Path("docs/ontology"))
FILES = ("diagram.mmd", "diagram.svg", "index.html")


def generate(ontology_dir: Path, out_dir: Path) -> list[Path]:
    """Write the documentation of the ontology in ``ontology_dir`` into ``out_dir``.

    Returns the files written, sorted. Raises :class:`kg.errors.KGError` when an
    ontology file is missing or is not valid Turtle, or ``out_dir`` cannot be written.

    Example:
        >>> import tempfile
        >>> from kg.config import ontology_dir
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     [p.name for p in generate(ontology_dir(), Path(tmp))]
        ['diagram.mmd', 'diagram.svg', 'index.html']
    """
    onto = read_ontology(Path(ontology_dir))
    svg = diagram_svg(onto)
    contents = {"diagram.mmd": diagram_mermaid(onto), "diagram.svg": svg,
                "index.html": render_page(onto, svg)}
    return [write_atomic(Path(out_dir) / name, contents[name]) for name in FILES]


def _first_difference(name: str, old: bytes, new: bytes) -> str:
    """Where ``old`` and ``new`` first differ: line, column and a little of both around it."""
    pairs = zip_longest(old.decode("utf-8", "replace").splitlines(),
                        new.decode("utf-8", "replace").splitlines(), fillvalue="")
    for number, (was, now) in enumerate(pairs, start=1):
        if was != now:
            col = next((i for i, (a, b) in enumerate(zip(was, now, strict=False)) if a != b),
                       min(len(was), len(now)))
            start = max(0, col - 50)
            return (f"{name} differs from line {number}, column {col + 1}:\n"
                    f"      in the folder: ...{was[start:col + 70]}...\n"
                    f"      generated:     ...{now[start:col + 70]}...")
    return f"{name} differs (line endings)"


def check(ontology_dir: Path, out_dir: Path) -> list[str]:
    """What differs between ``out_dir`` and freshly generated files; [] when up to date.

    Example:
        >>> import tempfile
        >>> from kg.config import ontology_dir
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     check(ontology_dir(), Path(tmp))[0]
        'diagram.mmd is missing'
    """
    problems = []
    with tempfile.TemporaryDirectory(prefix="kg-ontodoc-") as tmp:
        for fresh in generate(ontology_dir, Path(tmp)):
            current = Path(out_dir) / fresh.name
            if not current.is_file():
                problems.append(f"{fresh.name} is missing")
            elif current.read_bytes() != fresh.read_bytes():
                problems.append(_first_difference(fresh.name, current.read_bytes(),
                                                  fresh.read_bytes()))
    return problems


def command(ontology: Path | None, out: Path) -> str:
    """The command line that regenerates ``out`` from ``ontology``."""
    return COMMAND + (f" --ontology {ontology}" if ontology else "") + (
        f" --out {out}" if Path(out) != DEFAULT_OUT else "")


def main(argv: list[str] | None = None) -> int:
    """``python -m kg.ontodoc [--ontology DIR] [--out DIR] [--check]``; returns the exit code.

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     main(["--out", tmp]), main(["--out", tmp, "--check"])  # doctest: +ELLIPSIS
        wrote ...
        (0, 0)
    """
    parser = argparse.ArgumentParser(
        prog=COMMAND, description="Generate the ontology's HTML documentation and diagram.",
        epilog=f"example: {COMMAND} --check")
    parser.add_argument("--ontology", type=Path, default=None,
                        help="folder holding coop.ttl and shapes.ttl (default: kg's ontology)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help=f"output folder (default: {DEFAULT_OUT})")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if the files in --out are out of date")
    args = parser.parse_args(argv)
    source = args.ontology or ontology_dir()
    try:
        if args.check:
            problems = check(source, args.out)
            if problems:
                print(f"{args.out} is out of date with the ontology in {source}:\n  "
                      + "\n  ".join(problems)
                      + f"\nRegenerate it with: {command(args.ontology, args.out)} "
                        "(or kg docs)",
                      file=sys.stderr)
                return 1
            print(f"{args.out} is up to date")
            return 0
        written = generate(source, args.out)
    except KGError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print("wrote " + ", ".join(str(p) for p in written))
    return 0


if __name__ == "__main__":
    sys.exit(main())
