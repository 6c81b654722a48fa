"""Run kg's benchmarks and print the figures as Markdown tables.

Usage::

    .venv/bin/python benchmarks/run.py            # full run, a few minutes
    .venv/bin/python benchmarks/run.py --quick    # small sizes, about a minute

Nothing here asserts a time: the figures are printed (and can be pasted into
benchmarks/README.md). Sizes can be changed with ``--docs`` (synthetic
corpus), ``--graph-docs`` (synthetic graph, ~460 triples per document) and
``--viewer-docs`` (~8 entities per document).

Example:
    >>> main(["--help"])                                      # doctest: +SKIP
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cases_build import Section, example_build, model_load, throughput  # noqa: E402
from cases_graph import export, large_dataset, shacl, sparql, viewer, write_files  # noqa: E402
from timing import machine_info, table  # noqa: E402


@dataclass(frozen=True)
class Sizes:
    """How big and how repeated each benchmark is."""

    repeat: int            # repetitions of short measurements
    corpus_docs: int       # varied copies of the example documents (throughput, SHACL)
    graph_docs: int        # made-up documents of the large synthetic graph
    shacl_docs: int        # made-up documents of the mid-sized graph validated by SHACL
    viewer_docs: int       # made-up documents shown in the HTML viewer (~8 entities each)
    limit: float           # seconds after which one rdflib / pyshacl call is abandoned


QUICK = Sizes(repeat=1, corpus_docs=6, graph_docs=40, shacl_docs=10, viewer_docs=30, limit=5)
FULL = Sizes(repeat=3, corpus_docs=200, graph_docs=1100, shacl_docs=100, viewer_docs=250,
             limit=60)


def _print(section: Section) -> None:
    print(f"\n### {section.title}\n")
    print(table(section.headers, section.rows))
    if section.note:
        print(f"\n{section.note}")
    sys.stdout.flush()


def _sizes(args: argparse.Namespace) -> Sizes:
    base = QUICK if args.quick else FULL
    return Sizes(base.repeat, args.docs or base.corpus_docs, args.graph_docs or base.graph_docs,
                 base.shacl_docs, args.viewer_docs or base.viewer_docs, base.limit)


def run(sizes: Sizes, workdir: Path) -> None:
    """Run every benchmark with ``sizes``, writing temporary files under ``workdir``."""
    from kg.graph import union

    _print(Section("Machine", ["what", "value"], machine_info()))
    _print(model_load(sizes.repeat))
    summary, stages, example_dir = example_build(workdir, sizes.repeat)
    _print(summary)
    _print(stages)
    corpus_section, corpus_ds = throughput(workdir, sizes.corpus_docs)
    _print(corpus_section)
    large, large_section = large_dataset(sizes.graph_docs)
    _print(large_section)
    _, large_nt = write_files(large, workdir / "large")
    _print(sparql({"example": example_dir / "graph.ttl", "synthetic": large_nt},
                  sizes.repeat, sizes.limit))
    _print(export(large, workdir / "export", sizes.limit))
    del large
    from kg.query import load
    mid, _ = large_dataset(sizes.shacl_docs)
    _print(shacl({"example": load(example_dir / "graph.ttl"),
                  f"synthetic, {sizes.shacl_docs} made-up documents": union(mid),
                  f"varied example corpus, {sizes.corpus_docs} documents": union(corpus_ds)},
                 sizes.limit))
    shown, _ = large_dataset(sizes.viewer_docs)
    _print(viewer(shown, workdir))


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments and run the benchmarks; return the exit status."""
    parser = argparse.ArgumentParser(description="kg benchmarks: print figures, assert nothing")
    parser.add_argument("--quick", action="store_true", help="small sizes (about a minute)")
    parser.add_argument("--docs", type=int, help="documents of the varied example corpus")
    parser.add_argument("--graph-docs", type=int, help="made-up documents of the large graph")
    parser.add_argument("--viewer-docs", type=int, help="made-up documents in the HTML viewer")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    print(f"# kg benchmarks ({'quick' if args.quick else 'full'} run)")
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        run(_sizes(args), Path(tmp))
    print(f"\nTotal benchmark time: {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
