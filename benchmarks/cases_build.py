"""Benchmarks of the build: model load, example build and its stages, extraction throughput.

Each function measures one thing and returns a :class:`Section` (a titled
table) plus the objects later sections reuse (the example build's folder, the
synthetic corpus's dataset).

Example:
    >>> section = model_load(repeat=1)                          # doctest: +SKIP
    >>> section.title
    'Model load (fresh process)'
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset
from synthetic import write_corpus
from timing import fmt_int, fmt_ratio, fmt_s, timed

REPO = Path(__file__).resolve().parent.parent
BUILD_BUDGET_S = 10.0          # the bar: the example corpus in under 10 s, model loaded

__all__ = ["Section", "model_load", "example_build", "throughput", "REPO", "BUILD_BUDGET_S"]


@dataclass
class Section:
    """One titled table of the report, with a note under it."""

    title: str
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)
    note: str = ""


_PROBE = """
import json, time
t0 = time.perf_counter()
import kg.nlp
t1 = time.perf_counter()
kg.nlp.load_pipeline()
t2 = time.perf_counter()
import spacy
spacy.load("fr_core_news_md")
t3 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "load": t2 - t1, "plain": t3 - t2}))
"""


def model_load(repeat: int) -> Section:
    """Start a fresh Python ``repeat`` times and time importing spaCy and loading the model."""
    runs = []
    for _ in range(max(1, repeat)):
        seconds, proc = timed(lambda: subprocess.run(
            [sys.executable, "-c", _PROBE], capture_output=True, text=True, check=True, cwd=REPO))
        runs.append({**json.loads(proc.stdout.strip().splitlines()[-1]), "process": seconds})
    med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    return Section(
        "Model load (fresh process)", ["step", f"seconds (median of {len(runs)})"],
        [["`import kg.nlp` (imports spaCy)", fmt_s(med["import"])],
         ["`kg.nlp.load_pipeline()` (kg_sentences and the ner of fr_core_news_md)",
          fmt_s(med["load"])],
         ["`spacy.load('fr_core_news_md')` again, all components (files cached)",
          fmt_s(med["plain"])],
         ["whole process: start, import, load, second load, exit", fmt_s(med["process"])]],
        "Paid once per process (the CLI, a server, a notebook); not part of the build figure.")


def example_build(workdir: Path, repeat: int) -> tuple[Section, Section, Path]:
    """Build the bundled example corpus with the model already loaded, ``1 + repeat`` times.

    Returns the summary section, the per-stage section and the first build's folder.
    """
    from kg.build import build
    from kg.nlp import load_pipeline

    load_seconds, _ = timed(load_pipeline)
    runs = []
    for i in range(1 + max(1, repeat)):
        seconds, result = timed(lambda i=i: build(out_dir=workdir / f"example-{i}"))
        runs.append((seconds, result))
    first_s, first = runs[0]
    later = [s for s, _ in runs[1:]]
    med_later = statistics.median(later)
    summary = Section(
        "Build of the example corpus, model loaded",
        ["figure", "value", "ratio to the 10 s budget"],
        [["documents / triples", f"{first.documents} / {fmt_int(first.triples)}", ""],
         ["model load in this process (after importing kg.build)", fmt_s(load_seconds), ""],
         ["first build (lazy imports of pyshacl, viewer)", fmt_s(first_s),
          fmt_ratio(first_s, BUILD_BUDGET_S)],
         [f"next builds (median of {len(later)})", fmt_s(med_later),
          fmt_ratio(med_later, BUILD_BUDGET_S)]],
        "`kg.build.build(out_dir=...)` end to end: ingest, extract, resolve, graph, SHACL, "
        "Turtle/TriG/JSON-LD and the HTML viewer. Budget: under 10 s once the model is loaded.")
    stages = ["ingest", "load_model", "extract", "resolve_and_graph", "validate", "export"]
    rows = []
    for stage in stages:
        values = [r.seconds.get(stage, 0.0) for _, r in runs[1:]]
        first_v = first.seconds.get(stage, 0.0)
        share = statistics.median(values) / med_later if med_later else 0
        rows.append([stage, fmt_s(first_v), fmt_s(statistics.median(values)), f"{share:.0%}"])
    per_stage = Section(
        "Time per stage (example corpus)", ["stage", "first build", "next builds (median)",
                                            "share of a next build"], rows,
        "From `BuildResult.seconds`; `load_model` is ~0 because the pipeline is cached; "
        "`export` includes writing graph.html.")
    return summary, per_stage, workdir / "example-0"


def throughput(workdir: Path, n_docs: int) -> tuple[Section, Dataset]:
    """Words per second: spaCy alone, kg's spaCy pipeline, kg's whole extraction.

    Runs on ``n_docs`` varied copies of the example documents; returns the section
    and the dataset built from them (reused by the SHACL benchmark).
    """
    import spacy

    from kg.build import build_dataset
    from kg.config import corpus_dir
    from kg.ingest import read_documents
    from kg.nlp import load_pipeline

    folder = workdir / "synthetic-corpus"
    write_corpus(corpus_dir(), folder, n_docs)
    texts = [d.text for d in read_documents([folder]).documents]
    words = sum(len(t.split()) for t in texts)
    plain = spacy.load("fr_core_news_md")
    kg_nlp = load_pipeline()
    plain(texts[0]), kg_nlp(texts[0])                     # warm up both
    plain_s, _ = timed(lambda: [plain(t) for t in texts])
    nlp_s, _ = timed(lambda: [kg_nlp(t) for t in texts])
    ds, info = build_dataset([folder])
    extract_s, graph_s = info["seconds"]["extract"], info["seconds"]["resolve_and_graph"]
    rows = [
        ["spaCy only: fr_core_news_md, all components", fmt_s(plain_s), fmt_int(words / plain_s),
         "1.00x"],
        ["spaCy part of kg (kg_sentences, ner)", fmt_s(nlp_s), fmt_int(words / nlp_s),
         fmt_ratio(nlp_s, plain_s)],
        ["kg extraction: spaCy + rules (`extract` stage)", fmt_s(extract_s),
         fmt_int(words / extract_s), fmt_ratio(extract_s, plain_s)],
        ["kg resolve + graph (all documents together)", fmt_s(graph_s), fmt_int(words / graph_s),
         ""],
    ]
    rules_share = max(extract_s - nlp_s, 0) / extract_s
    return Section(
        f"Extraction throughput ({info['documents']} documents, {fmt_int(words)} words)",
        ["what", "time", "words/s", "time vs spaCy only"], rows,
        f"The rules (everything in `extract` but the spaCy call) take {rules_share:.0%} of the "
        f"extraction time. The graph has {fmt_int(len(ds))} quads."), ds
