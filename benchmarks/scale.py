"""kg at every size: build throughput against spaCy, and a 1M-triple graph against rdflib.

One command generates a synthetic corpus of French press releases
(``presscorpus.py``) and measures, side by side, in one run:

1. **build throughput**: documents/s and words/s of ``kg.build`` (everything:
   ingest, extraction, resolution, RDF, SHACL, export; no cache) with 1 and N
   processes, against raw ``nlp.pipe`` of kg's own spaCy pipeline on the same
   texts, and of the model with its parser (what kg ran until the entity
   recogniser ran alone) and the whole ``fr_core_news_md`` for reference;
2. **a 1M-triple build**: ``kg build`` of enough documents for about a million
   triples, in a fresh process: wall time and peak memory (the process and its
   workers);
3. **load and write Turtle** of that graph: kg's store (Oxigraph) against
   rdflib's default store;
4. **the competency queries** (``queries/*.rq``) on that graph: kg's store
   (median of 5 runs after a warm-up run) against rdflib's default store (one run, stopped after
   ``--limit`` seconds);
5. **the HTML viewer** of a graph of about 10,000 nodes: time to write the page.

Results are printed as Markdown tables with ratios and written as JSON
(``--json``, default ``benchmarks/results/scale-<date>.json``) so that runs can
be compared over time. Nothing is asserted: the figures are the output.

Usage::

    python benchmarks/scale.py --smoke              # tiny sizes, ~1 minute (CI runs this)
    python benchmarks/scale.py                      # 1,000 documents, a 1M-triple graph
    python benchmarks/scale.py --docs 10000 --million-docs 1400 --jobs 2
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from presscorpus import write_press_corpus  # noqa: E402
from timing import TimeLimit, machine_info, table, time_limit  # noqa: E402

HERE = Path(__file__).resolve().parent


def _ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}x" if a and b else "–"


def build_throughput(workdir: Path, n_docs: int, jobs: int) -> dict:
    """kg.build against raw nlp.pipe on ``n_docs`` synthetic press releases."""
    import spacy

    from kg.build import build
    from kg.config import BuildConfig
    from kg.nlp import MODEL, UNUSED, load_pipeline

    corpus = workdir / f"press-{n_docs}"
    paths = write_press_corpus(n_docs, corpus)
    texts = [p.read_text(encoding="utf-8") for p in paths]
    words = sum(len(t.split()) for t in texts)
    nlp = load_pipeline()
    list(nlp.pipe(texts[:4]))                                   # warm up
    t0 = time.perf_counter()
    list(nlp.pipe(texts, batch_size=16))
    raw = time.perf_counter() - t0
    raw_parallel = None
    if jobs > 1:           # the same on as many processes as kg build --jobs: the fair limit
        t0 = time.perf_counter()
        list(nlp.pipe(texts, batch_size=16, n_process=jobs))
        raw_parallel = time.perf_counter() - t0
    whole = spacy.load(MODEL)
    list(whole.pipe(texts[:4]))
    t0 = time.perf_counter()
    list(whole.pipe(texts, batch_size=16))
    raw_whole = time.perf_counter() - t0
    del whole
    # the model with its parser, as kg ran it until the rules' own sentences replaced the
    # parser's: the "physical limit" of the issue
    parsed = spacy.load(MODEL, exclude=[c for c in UNUSED if c not in ("tok2vec", "parser")])
    parsed.add_pipe("kg_sentences", before="parser")
    list(parsed.pipe(texts[:4]))
    t0 = time.perf_counter()
    list(parsed.pipe(texts, batch_size=16))
    raw_parsed = time.perf_counter() - t0
    del parsed
    runs = {}
    for label, cfg in (
        ("kg build, 1 process", BuildConfig(jobs=1, cache=False)),
        (f"kg build, {jobs} processes", BuildConfig(jobs=jobs)),       # an empty cache: filled
        ("kg build, 1 process, no SHACL, no viewer",
         BuildConfig(jobs=1, cache=False, validate=False, html=False)),
        (f"kg build, {jobs} processes, no SHACL, no viewer",
         BuildConfig(jobs=jobs, cache=False, validate=False, html=False)),
    ):
        out = workdir / ("out-incremental" if cfg.cache else "out-throughput")
        t0 = time.perf_counter()
        result = build([corpus], out, cfg)
        runs[label] = {"seconds": time.perf_counter() - t0, "stages": result.seconds,
                       "triples": result.triples}
    write_press_corpus(n_docs + 1, corpus)                        # one more document
    t0 = time.perf_counter()
    again = build([corpus], workdir / "out-incremental", BuildConfig(jobs=jobs))
    incremental = {"seconds": time.perf_counter() - t0, "parsed": again.parsed,
                   "cached": again.cached, "stages": again.seconds,
                   "page_bytes": (workdir / "out-incremental" / "graph.html").stat().st_size,
                   "cli": _cli_rebuilds(corpus, workdir / "out-incremental", n_docs, jobs)}
    # one more again, writing only the RDF files: what --no-validate --no-html saves
    write_press_corpus(n_docs + 3, corpus)
    t0 = time.perf_counter()
    bare = build([corpus], workdir / "out-incremental",
                 BuildConfig(jobs=jobs, validate=False, html=False))
    incremental["files_only"] = {"seconds": time.perf_counter() - t0, "parsed": bare.parsed,
                                 "stages": bare.seconds}
    return {"documents": n_docs, "words": words, "raw_spacy_kg_pipeline_s": raw,
            "kg_pipeline": nlp.pipe_names,
            "raw_spacy_kg_pipeline_parallel_s": raw_parallel, "jobs": jobs,
            "raw_spacy_whole_model_s": raw_whole, "raw_spacy_with_parser_s": raw_parsed,
            "builds": runs, "incremental": incremental}


def _cli_rebuilds(corpus: Path, out: Path, n_docs: int, jobs: int) -> dict:
    """``kg build`` as a user runs it, in a new process (Python started, kg imported, the
    model loaded if a document is to be parsed): once with one more document, once with
    nothing changed. The wall time of each, from the command to its exit."""
    kg = Path(sys.executable).with_name("kg")
    command = [str(kg), "build", str(corpus), "-o", str(out), "--jobs", str(jobs)]
    seconds = {}
    for label, docs in (("one more document", n_docs + 2), ("nothing changed", n_docs + 2)):
        write_press_corpus(docs, corpus)
        t0 = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        seconds[label] = time.perf_counter() - t0
    return seconds


def print_throughput(r: dict) -> None:
    n, w, raw = r["documents"], r["words"], r["raw_spacy_kg_pipeline_s"]
    names = ", ".join(r.get("kg_pipeline", ["tok2vec", "parser", "ner"]))
    parsed = r.get("raw_spacy_with_parser_s")

    def row(label: str, s: float) -> list[str]:
        return [label, f"{s:.1f} s", f"{n / s:.1f}", f"{w / s:,.0f}", _ratio(raw, s),
                _ratio(parsed, s) if parsed else "–"]

    rows = [row(f"raw `nlp.pipe`, kg's pipeline ({names})", raw)]
    par = r.get("raw_spacy_kg_pipeline_parallel_s")
    if par:
        rows.append(row(f"raw `nlp.pipe`, kg's pipeline, n_process={r['jobs']}", par))
    if parsed:
        rows.append(row("raw `nlp.pipe`, with the parser (tok2vec, kg_sentences, parser, ner)",
                        parsed))
    rows.append(row("raw `nlp.pipe`, whole fr_core_news_md", r["raw_spacy_whole_model_s"]))
    for label, run in r["builds"].items():
        rows.append(row(label, run["seconds"]))
    print(f"\n### Build throughput ({n:,} documents, {w:,} words)\n")
    print(table(["what", "time", "documents/s", "words/s", "throughput vs raw spaCy",
                 "vs raw spaCy with the parser"], rows))
    if par:
        for label, run in r["builds"].items():
            if label.startswith(f"kg build, {r['jobs']} processes"):
                print(f"\n`{label}` against raw `nlp.pipe` on as many processes "
                      f"(n_process={r['jobs']}): {_ratio(par, run['seconds'])}")
    stages = next(iter(r["builds"].values()))["stages"]
    print("\nStages of `kg build, 1 process`: "
          + ", ".join(f"{k} {v:.1f} s" for k, v in stages.items()))
    inc = r["incremental"]
    print(f"\n### Adding one document to the {n:,}-document build\n")
    print(table(["figure", "value"], [
        ["documents parsed / taken from the cache", f"{inc['parsed']} / {inc['cached']:,}"],
        ["wall time of the build (`kg.build` in this process, model loaded)",
         f"{inc['seconds']:.1f} s"],
        ["stages", ", ".join(f"{k} {v:.1f} s" for k, v in inc["stages"].items())],
        *([["its viewer page, graph.html", f"{inc['page_bytes'] / 2**20:.1f} MiB"]]
          if "page_bytes" in inc else []),
        *([f"`kg build --jobs {r['jobs']}` in a new process, {what}", f"{s:.1f} s"]
          for what, s in inc.get("cli", {}).items()),
        *([["one more document without SHACL nor viewer (`--no-validate --no-html`, "
            "in this process)", f"{bare['seconds']:.1f} s ("
            + ", ".join(f"{k} {v:.1f} s" for k, v in bare["stages"].items()) + ")"]]
          if (bare := inc.get("files_only")) else [])]))


def _tree_rss(proc) -> int:  # type: ignore[no-untyped-def]
    """Summed RSS of a process and its children: counts a page that forked processes
    share once per process, so it overstates what the tree holds."""
    import psutil
    try:
        procs = [proc] + proc.children(recursive=True)
        return sum(p.memory_info().rss for p in procs if p.is_running())
    except psutil.Error:
        return 0


def _tree_pss(proc) -> int | None:  # type: ignore[no-untyped-def]
    """Summed PSS (proportional set size, Linux): a page shared by n processes counts
    1/n in each, so the sum is the memory the process tree holds. None where
    ``/proc/PID/smaps_rollup`` is missing."""
    import psutil
    total = 0
    try:
        for p in [proc] + proc.children(recursive=True):
            try:
                with open(f"/proc/{p.pid}/smaps_rollup", encoding="ascii") as fh:
                    total += next(int(line.split()[1]) * 1024 for line in fh
                                  if line.startswith("Pss:"))
            except FileNotFoundError:
                if p.pid == proc.pid:
                    return None
            except (ProcessLookupError, StopIteration, PermissionError):
                continue
    except psutil.Error:
        return total
    return total


def million_build(workdir: Path, n_docs: int, jobs: int) -> dict:
    """``kg build`` of ``n_docs`` documents in a fresh process: time, peak memory, triples."""
    import psutil

    corpus = workdir / f"press-big-{n_docs}"
    write_press_corpus(n_docs, corpus, seed=1789)
    out = workdir / "out-big"
    cmd = [sys.executable, "-m", "kg", "build", str(corpus), "-o", str(out), "--no-html",
           "--no-cache", "--jobs", str(jobs), "--store", str(out / "store")]
    t0 = time.perf_counter()
    child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    proc, peak, peak_pss = psutil.Process(child.pid), 0, 0
    while child.poll() is None:
        peak = max(peak, _tree_rss(proc))
        peak_pss = max(peak_pss, _tree_pss(proc) or 0)
        time.sleep(0.2)
    seconds = time.perf_counter() - t0
    if child.returncode != 0:
        raise RuntimeError(f"kg build failed: {child.stderr.read().decode()[-2000:]}")
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return {"documents": n_docs, "jobs": jobs, "seconds": seconds, "peak_rss_bytes": peak,
            "peak_pss_bytes": peak_pss or None, "triples": report["triples"],
            "conforms": report["conforms"],
            "ttl": str(out / "graph.ttl"), "trig": str(out / "graph.trig")}


def kg_load_and_write(ttl: Path, workdir: Path) -> tuple[dict, object]:
    """Load and write the Turtle file with kg's store."""
    import pyoxigraph as ox

    from kg.query import open_store

    t0 = time.perf_counter()
    store = open_store(ttl)
    kg_load = time.perf_counter() - t0
    t0 = time.perf_counter()
    store.dump(output=str(workdir / "kg.ttl"), format=ox.RdfFormat.TURTLE,
               from_graph=ox.DefaultGraph())
    return {"kg_load_s": kg_load, "kg_write_s": time.perf_counter() - t0}, store


def rdflib_load_and_write(ttl: Path, workdir: Path, limit: float) -> tuple[dict, object]:
    """Load and write the Turtle file with rdflib's default store (None: over the limit)."""
    from rdflib import Graph

    rdflib_graph: Graph | None = Graph()
    rd_load = rd_write = None
    try:
        with time_limit(limit):
            t0 = time.perf_counter()
            rdflib_graph.parse(str(ttl), format="turtle")
            rd_load = time.perf_counter() - t0
        with time_limit(limit):
            t0 = time.perf_counter()
            rdflib_graph.serialize(str(workdir / "rdflib.ttl"), format="turtle")
            rd_write = time.perf_counter() - t0
    except TimeLimit:
        pass
    if rd_load is None:
        rdflib_graph = None
    return ({"rdflib_load_s": rd_load, "rdflib_write_s": rd_write, "limit_s": limit},
            rdflib_graph)


def kg_queries(store, repeat: int) -> dict:  # type: ignore[no-untyped-def]
    """Each bundled query on kg's store: rows and the median of ``repeat`` runs after one
    run not counted (the first pays for pages of the store not yet in memory: 4 ms instead
    of 0.3 ms for a query with no answer). Timed before rdflib's graph is loaded, so that
    its millions of Python objects (which the garbage collector walks) do not slow kg down
    as they would not in ``kg query``."""
    from kg.config import queries_dir
    from kg.query import run

    out = {}
    for path in sorted(queries_dir().glob("*.rq")):
        sparql = path.read_text(encoding="utf-8")
        times = []
        warm = run(store, sparql)         # warm-up, not counted
        if not isinstance(warm, bool):
            list(warm)                    # type: ignore[call-overload]
        for _ in range(repeat):
            t0 = time.perf_counter()
            rows = run(store, sparql)
            n = len(list(rows)) if not isinstance(rows, bool) else 1   # type: ignore[arg-type]
            times.append(time.perf_counter() - t0)
        out[path.name] = {"rows": n, "kg_median_s": statistics.median(times), "rdflib_s": None}
    return out


def rdflib_queries(rdflib_graph, queries: dict, limit: float) -> dict:  # type: ignore[no-untyped-def]
    """Each bundled query on rdflib's default store (one run, stopped after ``limit``)."""
    from kg.config import queries_dir
    from kg.query import query

    for path in sorted(queries_dir().glob("*.rq")):
        if rdflib_graph is None:
            break
        try:
            with time_limit(limit):
                t0 = time.perf_counter()
                query(rdflib_graph, path.read_text(encoding="utf-8"))
                queries[path.name]["rdflib_s"] = time.perf_counter() - t0
        except TimeLimit:
            pass
        except Exception as exc:  # noqa: BLE001 - rdflib's engine fails on some queries
            queries[path.name]["rdflib_s"] = f"error: {type(exc).__name__}"
    return queries


def viewer(workdir: Path, n_docs: int) -> dict:
    """The HTML viewer of ``n_docs`` synthetic press releases (about 90 nodes each)."""
    import pyoxigraph as ox

    from kg.build import build_quads
    from kg.config import BuildConfig
    from kg.viz import to_network, write_html

    corpus = workdir / f"press-viewer-{n_docs}"
    write_press_corpus(n_docs, corpus, seed=42)
    quads, _ = build_quads([corpus], BuildConfig(cache=False))
    store = ox.Store()
    store.bulk_extend(quads)
    nodes = to_network(store).number_of_nodes()  # type: ignore[arg-type]
    t0 = time.perf_counter()
    path = write_html(store, workdir / "viewer.html")  # type: ignore[arg-type]
    seconds = time.perf_counter() - t0
    return {"documents": n_docs, "nodes": nodes, "seconds": seconds,
            "bytes": path.stat().st_size}


def print_viewer(v: dict) -> None:
    print(f"\n### HTML viewer of a {v['nodes']:,}-node graph ({v['documents']} documents)\n")
    print(table(["figure", "value", "target"], [
        ["`kg.viz.write_html` (graph to page)", f"{v['seconds']:.1f} s", "a few seconds"],
        ["page size", f"{v['bytes'] / 2**20:.1f} MiB", ""]]))
    print("\nAbove 500 entities the page opens on the most central ones and a double-click "
          "brings a node's neighbours (tests/test_viz_browser.py drives it in Chromium).")


def _gib(n: int | None) -> str:
    return "not measured (no /proc/PID/smaps_rollup)" if not n else \
        f"{n / 2**30:.2f} GiB ({n / 1e9:.2f} GB)"


def print_million(big: dict, io: dict, queries: dict) -> None:
    gib = big["peak_rss_bytes"] / 2**30
    print(f"\n### A {big['triples']:,}-triple build ({big['documents']:,} documents, "
          f"--jobs {big['jobs']})\n")
    print(table(["figure", "value", "target"], [
        ["wall time (fresh process: model load included)", f"{big['seconds']:.1f} s", ""],
        ["peak memory held (process and workers, summed PSS)", _gib(big.get("peak_pss_bytes")),
         "< 2 GB"],
        ["peak of the summed RSS (a shared page counted in every process)", f"{gib:.2f} GiB",
         ""],
        ["SHACL", "conforms" if big["conforms"] else "violations", ""]]))
    lim = io["limit_s"]

    def rd(v: float | None) -> str:
        return f"{v:.2f} s" if v else f"> {lim:g} s"
    print("\n### Turtle of that graph: kg's store (Oxigraph) vs rdflib's default store\n")
    print(table(["operation", "kg", "rdflib", "rdflib / kg", "target"], [
        ["load Turtle", f"{io['kg_load_s']:.2f} s", rd(io["rdflib_load_s"]),
         _ratio(io["rdflib_load_s"] or lim, io["kg_load_s"]), ">= 10x"],
        ["write Turtle", f"{io['kg_write_s']:.2f} s", rd(io["rdflib_write_s"]),
         _ratio(io["rdflib_write_s"] or lim, io["kg_write_s"]), ">= 10x"]]))
    print("\n### Competency queries on that graph\n")
    rows = []
    for name, q in queries.items():
        r = q["rdflib_s"]
        shown = r if isinstance(r, str) else (f"{r * 1000:.0f} ms" if r else f"> {lim:g} s")
        ratio = _ratio(r if isinstance(r, float) else (lim if r is None else None),
                       q["kg_median_s"])
        rows.append([f"`{name}`", str(q["rows"]), f"{q['kg_median_s'] * 1000:.1f} ms", shown,
                     ratio])
    print(table(["query", "rows", "kg (median of 5)", "rdflib (one run)", "rdflib / kg"], rows))
    kg_times = [q["kg_median_s"] for q in queries.values()]
    print(f"\nSlowest query on kg's store: {max(kg_times) * 1000:.0f} ms (target: each < 200 ms); "
          f"median over the queries {statistics.median(kg_times) * 1000:.1f} ms.")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks, print the tables, write the JSON results."""
    from kg.parallel import default_jobs

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--smoke", action="store_true", help="tiny sizes (CI): ~1 minute")
    ap.add_argument("--docs", type=int, help="documents for the throughput (default 1000)")
    ap.add_argument("--million-docs", type=int,
                    help="documents of the large build (default 1400: ~1M triples)")
    ap.add_argument("--viewer-docs", type=int,
                    help="documents of the viewer's graph (default 110: ~10,000 nodes)")
    ap.add_argument("--jobs", type=int, default=default_jobs(), help="processes (default: cores)")
    ap.add_argument("--limit", type=float, help="seconds before an rdflib call is abandoned")
    ap.add_argument("--json", type=Path, help="where to write the results")
    ap.add_argument("--sections", default="throughput,million,viewer",
                    help="which parts to run (comma-separated; default: all three)")
    args = ap.parse_args(argv)
    args.sections = set(args.sections.split(","))
    docs = args.docs or (8 if args.smoke else 1000)
    big_docs = args.million_docs or (8 if args.smoke else 1400)
    limit = args.limit or (20.0 if args.smoke else 60.0)
    started = time.perf_counter()
    results: dict = {"date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                     "machine": dict(machine_info()), "smoke": args.smoke}
    print("### Machine\n")
    print(table(["what", "value"], machine_info()))
    with tempfile.TemporaryDirectory(prefix="kg-scale-") as tmp:
        work = Path(tmp)
        if "throughput" in args.sections:
            results["throughput"] = build_throughput(work, docs, args.jobs)
            print_throughput(results["throughput"])
        if "million" in args.sections:
            results["million"] = big = million_build(work, big_docs, args.jobs)
            io, store = kg_load_and_write(Path(big["ttl"]), work)
            queries = kg_queries(store, repeat=5)          # before rdflib's graph exists
            rd_io, rdflib_graph = rdflib_load_and_write(Path(big["ttl"]), work, limit)
            results["turtle"] = io = {**io, **rd_io}
            results["queries"] = rdflib_queries(rdflib_graph, queries, limit)
            print_million(big, io, results["queries"])
        if "viewer" in args.sections:
            results["viewer"] = viewer(work, args.viewer_docs or (4 if args.smoke else 110))
            print_viewer(results["viewer"])
    results["total_s"] = time.perf_counter() - started
    target = args.json or HERE / "results" / f"scale-{results['date'][:10]}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(results, indent=1, ensure_ascii=False, default=str) + "\n",
                      encoding="utf-8")
    print(f"\nWhole run {results['total_s']:.0f} s; results in {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
