"""Wire the stages: ingest -> nlp -> extract -> resolve -> graph -> export -> validate -> viz.

Example:
    >>> import tempfile, pathlib
    >>> result = build(out_dir=pathlib.Path(tempfile.mkdtemp()))   # doctest: +SKIP
    >>> result.documents                                             # doctest: +SKIP
    2
"""

from __future__ import annotations

import functools
import json
import sys
import time
import types
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Dataset

from kg.background import Background
from kg.cache import CACHE_DIR_NAME, ExtractionCache, fingerprint
from kg.config import BuildConfig, corpus_dir
from kg.errors import ExportError, GraphError, IngestError
from kg.export import UNION_FILE, keyed_quads, sort_quads, write_atomic, write_graphs, write_union
from kg.extract.kb import check_kb_files, load_kb
from kg.gcpause import paused_gc
from kg.graph import to_dataset, to_quads
from kg.ingest import IngestResult, read_documents
from kg.parallel import default_jobs, extract_all
from kg.publish import staged
from kg.resolve import resolve
from kg.shaclquery import validate_rdf_file
from kg.store import check_store_target, fill_store
from kg.uptodate import forget_build, inputs_digest, previous_build, record_build

__all__ = ["BuildResult", "build", "build_dataset", "build_quads"]


@dataclass
class BuildResult:
    """What a build did: counts, problems, SHACL outcome, timings, written files."""

    documents: int
    refused: list[str]        # one problem per file that could not be read, and what to do
    entities_by_type: dict[str, int]
    facts_by_predicate: dict[str, int]
    triples: int
    conforms: bool | None
    violations: int
    seconds: dict[str, float]
    files: dict[str, str] = field(default_factory=dict)
    validation_summary: str = ""
    outcomes: list[dict] = field(default_factory=list)   # one per file: read/refused/skipped
    complete: bool = True     # no input was refused
    parsed: int = 0           # documents parsed by this build
    cached: int = 0           # documents whose extraction came from the cache
    up_to_date: bool = False  # nothing changed since the last build: its files were kept

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2, sort_keys=True)

    @property
    def skipped(self) -> list[str]:
        """The former name of :attr:`refused`, kept so that code using it still works. It
        was misleading: in ``outcomes``, *skipped* files are those no reader handles (a
        ``.docx``, a sub-folder), and a file that could not be read is *refused*."""
        return self.refused


#: what differs between two builds of the same inputs: not in report.json nor in the record
#: of the last build (kg.uptodate)
_VARYING = ("seconds", "parsed", "cached", "up_to_date")


def _curie(iri: str) -> str:
    for sep in ("#", "/"):
        if sep in iri:
            return iri.rsplit(sep, 1)[-1]
    return iri


def build_dataset(paths: Sequence[Path | str] = (), config: BuildConfig | None = None,
                  progress: Callable[[str], None] | None = None,
                  cache: ExtractionCache | None = None,
                  start: Callable[[int], None] | None = None,
                  stage: Callable[[str], None] | None = None) -> tuple[Dataset, dict]:
    """Read documents and return the dataset (rdflib), with counts and timings.

    Same arguments as :func:`build_quads`.
    """
    return _build(paths, config, progress, cache, start, to_dataset,  # type: ignore[return-value]
                  stage)


def build_quads(paths: Sequence[Path | str] = (), config: BuildConfig | None = None,
                progress: Callable[[str], None] | None = None,
                cache: ExtractionCache | None = None,
                start: Callable[[int], None] | None = None,
                stage: Callable[[str], None] | None = None) -> tuple[list[ox.Quad], dict]:
    """Read documents and return their quads (pyoxigraph, no rdflib store), with counts
    and timings: what :func:`build` validates and writes.

    Args:
        paths: files or folders; the bundled example corpus when empty.
        config: base IRI, extra KB files, jobs.
        progress: called with each document id once it is processed.
        cache: extractions of unchanged documents (none: every document is parsed).
        start: called with the number of documents once they are read.
        stage: called with what the build does next, once extraction is over
            ("resolving entities across documents"...), for a progress display.
    """
    return _build(paths, config, progress, cache, start, to_quads,  # type: ignore[return-value]
                  stage)


def _build(paths: Sequence[Path | str], config: BuildConfig | None,
           progress: Callable[[str], None] | None, cache: ExtractionCache | None,
           start: Callable[[int], None] | None, writer: Callable[..., object],
           stage: Callable[[str], None] | None = None,
           ingested: tuple[IngestResult, float] | None = None) -> tuple[object, dict]:
    config = config or BuildConfig()
    say = stage or (lambda _: None)
    read, ingest_s = ingested or _ingest(paths, config)
    if start:
        start(len(read.documents))
    t1 = time.perf_counter()
    load_kb(tuple(config.kb_files))     # the model is loaded by extract_all, only if needed
    t2 = time.perf_counter()
    extractions = extract_all(read.documents, kb_files=config.kb_files, jobs=config.jobs,
                              cache=cache, progress=progress)
    t3 = time.perf_counter()
    with paused_gc():       # millions of objects, no cycles: see kg.gcpause
        say("resolving entities across documents")
        res = resolve(list(read.documents), extractions)
        say("making the RDF graph")
        graph = writer(res.documents, res.entities, res.facts, base=config.base)
    t4 = time.perf_counter()
    types = Counter(_curie(str(t)) for e in res.entities for t in e.types)
    preds = Counter(_curie(str(f.predicate)) for f in res.facts)
    info = {"documents": len(read.documents), "refused": [str(p) for p in read.errors],
            "outcomes": [o.as_dict() for o in read.outcomes], "complete": read.complete,
            "entities_by_type": dict(sorted(types.items())),
            "facts_by_predicate": dict(sorted(preds.items())),
            "seconds": {"ingest": ingest_s, "load_model": t2 - t1, "extract": t3 - t2,
                        "resolve_and_graph": t4 - t3}}
    return graph, info


def check_options(config: BuildConfig, out_dir: Path) -> None:
    """Refuse, before any document is read, options that would fail or mislead later.

    Raises:
        GraphError: ``config.base`` is not an IRI ending with ``/`` or ``#`` (every
            instance IRI is the base followed by a path: ``https://example.org/kg``
            would mint ``https://example.org/kgperson/...``).
        KBError: a ``config.kb_files`` entry is not a file.
        ExportError: ``out_dir`` is a file.

    Example:
        >>> check_options(BuildConfig(base="https://example.org/kg"), Path("out"))
        Traceback (most recent call last):
        ...
        kg.errors.GraphError: the base IRI https://example.org/kg does not end with / or # ...
    """
    base = config.base
    try:
        ox.NamedNode(base)
        absolute = ":" in base and base.split(":", 1)[0].isalpha()
    except ValueError:
        absolute = False
    if not absolute:
        raise GraphError(f"the base IRI {base!r} is not an absolute IRI",
                         hint="give one such as --base https://example.org/kg/")
    if not base.endswith(("/", "#")):
        raise GraphError(f"the base IRI {base} does not end with / or #",
                         hint=f"instance IRIs are the base followed by a path: "
                              f"--base {base}/")
    check_kb_files(config.kb_files)
    if out_dir.exists() and not out_dir.is_dir():
        raise ExportError(f"the output {out_dir} is a file, not a folder",
                          hint="give a folder with -o (it is made if it does not exist)")


def _ingest(paths: Sequence[Path | str], config: BuildConfig) -> tuple[IngestResult, float]:
    """The documents of ``paths`` (the bundled corpus when empty), and the seconds it took."""
    if isinstance(paths, (str, Path)):    # kg.build("press/"): one path, not its characters
        paths = [paths]
    t0 = time.perf_counter()
    read = read_documents(list(paths) or [corpus_dir()], max_bytes=config.max_bytes)
    return read, time.perf_counter() - t0


def _kept(recorded: dict[str, Any], out_dir: Path, seconds: dict[str, float]) -> BuildResult:
    """The result of the last build into ``out_dir``, whose files are kept as they are."""
    result = BuildResult(**{**recorded, "files": {}, "seconds": seconds})
    result.files = {name: str(out_dir / name) for name in recorded["files"]}
    result.cached, result.parsed, result.up_to_date = result.documents, 0, True
    return result


def _check_aside(turtle: Path, threads: int = 1) -> Background:
    """SHACL in a new Python process that loads ``turtle``, the ``graph.ttl`` just written
    (the union of every graph: what SHACL checks), with Oxigraph's parser; its checks
    run on ``threads`` threads (they mostly wait in Oxigraph, without Python's lock).

    Not a fork: a forked child keeps every page of this process as it was, and the
    writing that goes on here meanwhile touches every quad object (its reference
    count), so the quads would be held twice, once per process (a million triples:
    2.5 GB in all instead of 1.8 GB). The new process imports little
    (kg.background, kg.shaclquery) and starts within a second.
    """
    return Background(functools.partial(validate_rdf_file, threads=threads, own=True),
                      str(turtle), method="exec")


def _write_viewer(quads: Sequence[ox.Quad], path: Path) -> Path:
    from kg.viz import write_html
    return write_html(quads, path)  # type: ignore[arg-type]


def build(paths: Sequence[Path | str] = (), out_dir: Path = Path("kg-out"),
          config: BuildConfig | None = None,
          progress: Callable[[str], None] | None = None,
          start: Callable[[int], None] | None = None,
          stage: Callable[[str], None] | None = None) -> BuildResult:
    """Build the graph of ``paths`` and write it into ``out_dir``.

    Writes ``graph.ttl``, ``graph.trig``, ``graph.jsonld``, ``graph.html`` and
    ``report.json``; every file atomically. Extractions are cached by content
    hash in ``out_dir/.kg-cache`` (``config.cache``): a document unchanged since
    the last build is not parsed again, and the graph is the same as from scratch.
    ``config.jobs`` processes extract in parallel; ``config.store`` also writes an
    on-disk Oxigraph store. ``progress``, ``start`` and ``stage`` are called as in
    :func:`build_quads`; ``stage`` also with each step after the graph is made.

    When nothing changed since the last build into ``out_dir`` (the same documents,
    options, kg and libraries; its files still as it wrote them), its files are kept
    and its result returned, with ``up_to_date`` set (:mod:`kg.uptodate`). Not with
    ``config.cache`` off, nor with ``config.store``.
    """
    config = config or BuildConfig()
    out_dir = Path(out_dir)
    check_options(config, out_dir)
    cache = None
    if config.cache:
        cache = ExtractionCache(out_dir / CACHE_DIR_NAME, fingerprint(config.kb_files))
    say = stage or (lambda _: None)
    if config.store:               # before the documents are read, not after minutes of it
        check_store_target(config.store)
    ingested = _ingest(paths, config)
    digest = None
    if cache is not None and config.store is None:
        t = time.perf_counter()
        digest = inputs_digest([cache.key(d) for d in ingested[0].documents],
                               [o.as_dict() for o in ingested[0].outcomes], config)
        recorded = previous_build(out_dir, digest)
        try:
            if recorded is not None:
                return _kept(recorded, out_dir, {
                    "ingest": round(ingested[1], 3),
                    "up_to_date_check": round(time.perf_counter() - t, 3)})
        except (TypeError, KeyError):      # a record of another shape (edited by hand): build
            pass
    made, info = _build(paths, config, progress, cache, start, to_quads, stage, ingested)
    quads: Any = made       # to_quads: a list of pyoxigraph quads
    if info["documents"] == 0:
        why = "; ".join(info["refused"]) or "the paths hold no .txt, .md, .html or .pdf file"
        raise IngestError(f"no document could be read: {why}",
                          hint="give files or folders of documents; nothing was written")
    seconds = info["seconds"]
    forget_build(out_dir)    # the files are about to change: no build is up to date meanwhile
    # SHACL checks graph.ttl, the union of the graphs. With --jobs it runs in a new process
    # as soon as graph.ttl is written, and the viewer in a fork, while this one writes the
    # other files; with one job, one after the other, SHACL once the quads' keys are freed
    parallel = config.jobs != 1
    with staged(out_dir) as folder, paused_gc():
        children: list[Background] = []
        new_store = None
        checking: Any = None    # a ValidationReport, or the Background that makes it
        validating = 0.0
        try:
            t0 = time.perf_counter()
            drawing = None
            if config.html:
                say("drawing the viewer, graph.html"
                    + (" (in another process)" if parallel else ""))
                draw = functools.partial(_write_viewer, quads, folder / "graph.html")
                drawing = Background(draw) if parallel else draw()
                if isinstance(drawing, Background):
                    children.append(drawing)
            say(f"writing {UNION_FILE}")
            quads = keyed_quads(quads)
            files = {k: str(out_dir / k) for k in write_union(quads, folder)}
            if config.validate and parallel:
                say("checking the SHACL shapes (in another process)")
                checking = _check_aside(folder / UNION_FILE, default_jobs()
                                        if config.jobs == 0 else config.jobs)
                children.append(checking)
            say("writing graph.trig and graph.jsonld")
            quads = sort_quads(quads)
            files.update({k: str(out_dir / k) for k in write_graphs(quads, folder)})
            distinct = None if config.validate else len(set(quads.triple_keys))
            quads.triple_keys = []    # a string per quad: not held through what follows
            if config.validate and not parallel:
                say("checking the SHACL shapes")
                t = time.perf_counter()
                checking = validate_rdf_file(str(folder / UNION_FILE), own=True)
                validating = time.perf_counter() - t
            if config.store:       # while SHACL and the viewer may still be running
                say(f"writing the store {config.store}")
                new_store = fill_store(quads, config.store)
            if isinstance(drawing, Background):
                say("waiting for the viewer")
                drawing.result()                  # its error, if any, is raised here
            if config.html:
                files["graph.html"] = str(out_dir / "graph.html")
            t2 = time.perf_counter()
            if isinstance(checking, Background):
                say("waiting for the SHACL check")
            report: Any = checking.result() if isinstance(checking, Background) else checking
            if new_store is not None:          # in place only once everything went well
                files["store"] = str(new_store.swap())
        except BaseException:
            for child in children:
                child.cancel()
            if new_store is not None:
                new_store.discard()
            raise
        conforms, violations, summary = None, 0, ""
        if report is not None:
            conforms, violations, summary = (report.conforms, len(report.violations),
                                             report.summary())
        t3 = time.perf_counter()
        seconds.update({"validate": validating + t3 - t2, "export": t2 - t0 - validating})
        result = BuildResult(
            documents=info["documents"], refused=info["refused"],
            entities_by_type=info["entities_by_type"],
            facts_by_predicate=info["facts_by_predicate"],
            triples=report.triples if report is not None else (distinct or 0),
            conforms=conforms, violations=violations,
            seconds={k: round(v, 3) for k, v in seconds.items()}, files=files,
            validation_summary=summary, outcomes=info["outcomes"], complete=info["complete"],
            parsed=cache.misses if cache else info["documents"],
            cached=cache.hits if cache else 0)
        report_json = json.loads(result.to_json())
        for varying in _VARYING:        # keep report.json deterministic
            report_json.pop(varying)
        report_json["files"] = sorted(Path(f).name for f in result.files.values())
        write_atomic(folder / "report.json",
                     json.dumps(report_json, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
        result.files["report.json"] = str(out_dir / "report.json")
    if digest is not None:         # published: the next build with the same inputs keeps them
        kept = {k: v for k, v in asdict(result).items()
                if k not in _VARYING}
        kept["files"] = sorted(result.files)
        record_build(out_dir, digest, kept["files"], kept)
    return result


class _CallableModule(types.ModuleType):
    """Importing ``kg.build`` sets the attribute ``kg.build`` to this module, hiding the
    package's ``kg.build()`` function (as for ``kg.query``); calling the module calls
    :func:`build`, so ``kg.build("press/", out_dir="out")`` works either way."""

    def __call__(self, *args: object, **kwargs: object) -> BuildResult:
        return build(*args, **kwargs)  # type: ignore[arg-type]


sys.modules[__name__].__class__ = _CallableModule
