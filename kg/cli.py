"""The ``kg`` command: thin commands over the functions of the package.

Each command parses its arguments, calls one plain function, prints the
result. Run ``kg --help`` or ``kg COMMAND --help``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape

from kg.errors import KGError

app = typer.Typer(
    name="kg",
    help=(
        "Build knowledge graphs of international cooperation between territories "
        "from French press releases and news articles, then validate, query, "
        "serve and view them.\n\n"
        "Example: kg build            (the bundled example corpus, into ./kg-out)\n\n"
        "         kg build docs/ -o out && kg query out/graph.ttl signatories"
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
class _FreshConsole:
    """A rich console made at each use, so the terminal width (COLUMNS) is read when printing."""

    def __init__(self, **kwargs: object) -> None:
        self._kwargs = kwargs

    def __getattr__(self, name: str) -> Any:
        return getattr(Console(highlight=False, **self._kwargs), name)  # type: ignore[arg-type]


console = _FreshConsole(stderr=True)
out = _FreshConsole()


def fail(exc: KGError, code: int = 2) -> None:
    """Print a kg error in plain words and exit with ``code``."""
    console.print(f"[bold red]error:[/] {escape(exc.message)}", soft_wrap=True)
    if exc.hint:
        console.print(f"[yellow]what to do:[/] {escape(exc.hint)}", soft_wrap=True)
    raise typer.Exit(code)


# -- commands ---------------------------------------------------------------
# build and validate: kg/build.py, kg/validate.py
# eval:               kg/evaluate.py
# query, serve, push: kg/query.py, kg/serve.py, kg/push.py
# export:             kg/convert.py
# viz:                kg/viz/


@app.command("build")
def build_command(
    paths: list[Path] = typer.Argument(None, help="files or folders of documents "
                                       "(default: the bundled example corpus)"),
    output: Path = typer.Option(Path("kg-out"), "--output", "-o", help="folder to write into"),
    kb: list[Path] = typer.Option([], "--kb", help="an extra knowledge-base Turtle file "
                                  "(repeatable; same format as kg/data/kb/*.ttl)"),
    base: str = typer.Option(None, "--base", help="IRI below which instances are minted"),
    no_validate: bool = typer.Option(False, "--no-validate", help="skip the SHACL shapes"),
    no_html: bool = typer.Option(False, "--no-html", help="do not write graph.html"),
    jobs: int = typer.Option(1, "--jobs", "-j", min=0, help="processes extracting documents in "
                             "parallel (0: one per core); with N other than 1 SHACL and the "
                             "viewer also run beside the writing of the files (SHACL reads "
                             "graph.ttl once it is written); the output is the same for any N"),
    no_cache: bool = typer.Option(False, "--no-cache", help="parse every document again instead "
                                  "of re-using unchanged ones' results (OUTPUT/.kg-cache)"),
    store: Path = typer.Option(None, "--store", help="also write the graph into an on-disk "
                               "Oxigraph store in this folder (for kg query / kg serve)"),
    max_mb: float = typer.Option(20.0, "--max-mb", min=0.001, help="refuse document files "
                                 "larger than this many megabytes"),
) -> None:
    """Read documents and write graph.ttl, graph.trig, graph.jsonld, graph.html, report.json.

    Example: kg build                       (the two bundled example documents)

             kg build press/ notes.txt -o out --kb my-entities.ttl

             kg build press/ -o out --jobs 0 --store out/store   (then: kg query out/store ...)

    Documents unchanged since the last build into the same folder are not parsed again.
    A file that cannot be read (empty, binary, too large, a scanned PDF...) is reported
    with what to do and the others are built; the exit status is then 1 (2: nothing built).
    """
    from rich.progress import BarColumn, Progress, TextColumn

    from kg.build import build
    from kg.config import BuildConfig

    cfg = BuildConfig(kb_files=tuple(kb), validate=not no_validate, html=not no_html,
                      jobs=jobs, cache=not no_cache, store=store,
                      max_bytes=int(max_mb * 1_000_000),
                      **({"base": base} if base else {}))
    def read(doc_id: str) -> None:
        bar.update(task, advance=1, description=f"[bold]reading[/] {escape(doc_id)}")
        done = bar.tasks[0]
        bar.update(task, count=f"{done.completed:.0f}/{done.total:.0f}")

    def stage(what: str) -> None:       # after extraction: a pulsing bar, no count
        bar.update(task, description=f"[bold]{escape(what)}[/]", total=None, count="")

    try:
        with Progress(TextColumn("{task.description}"), BarColumn(),
                      TextColumn("{task.fields[count]}"), console=Console(stderr=True),
                      transient=True) as bar:
            task = bar.add_task("[bold]reading[/] documents", total=None, count="")
            result = build(list(paths or []), output, cfg, progress=read,
                           start=lambda total: bar.update(task, total=total,
                                                          count=f"0/{total}"),
                           stage=stage)
    except KGError as exc:
        fail(exc)
    _print_summary(result)
    if result.documents == 0:
        raise typer.Exit(2)
    if not result.complete:
        console.print(f"[yellow]some input was refused[/] ({len(result.refused)} problem(s) "
                      "above); the other documents were built. report.json lists every "
                      "file's outcome.")
        raise typer.Exit(1)


def _print_summary(result) -> None:  # type: ignore[no-untyped-def]
    from rich.table import Table

    for problem in result.refused:
        console.print(f"[yellow]refused:[/] {problem}")
    reuse = f" ({result.cached} unchanged, not parsed again)" if result.cached else ""
    if result.up_to_date:
        reuse = " (nothing changed since the last build: its files are kept)"
    table = Table(title=f"{result.documents} document(s) read{reuse}, {result.triples} triples",
                  show_header=True)
    table.add_column("entities by type")
    table.add_column("n", justify="right")
    table.add_column("facts by predicate")
    table.add_column("n", justify="right")
    ents, facts = list(result.entities_by_type.items()), list(result.facts_by_predicate.items())
    for i in range(max(len(ents), len(facts))):
        e = ents[i] if i < len(ents) else ("", "")
        f = facts[i] if i < len(facts) else ("", "")
        table.add_row(e[0], str(e[1]), f[0], str(f[1]))
    out.print(table)
    if result.conforms is None:
        out.print("SHACL: not run")
    elif result.conforms:
        out.print("SHACL: [green]the graph conforms to the shapes[/]")
    else:
        out.print(f"SHACL: [red]{result.violations} violation(s)[/] (kg validate for details)")
    total = sum(result.seconds.values())
    parts = ", ".join(f"{k} {v:.2f}s" for k, v in result.seconds.items())
    out.print(f"time: {total:.2f}s ({parts})")
    out.print(("kept: " if result.up_to_date else "wrote: ")
              + ", ".join(sorted(result.files.values())))


@app.command("viz")
def viz_command(
    graph: Path = typer.Argument(..., help="graph file (.ttl, .trig, .jsonld, .nt, .nq) or a "
                                 "store folder (kg build --store)"),
    output: Path = typer.Option(Path("graph.html"), "--output", "-o", help="HTML file to write"),
    title: str = typer.Option(None, "--title", help="page title (default: from the file name)"),
    max_initial_nodes: int = typer.Option(
        500, "--max-initial-nodes", help="above this many entities, start from the most central"),
    provenance_limit: int = typer.Option(
        20_000, "--provenance-limit", min=0,
        help="above this many provenance nodes (documents, sentences, mentions, evidence) "
        "they are left out of the page; the side panel still shows each fact's sentences"),
    all_provenance: bool = typer.Option(False, "--all-provenance",
                                        help="keep every provenance node, however many"),
) -> None:
    """Write the interactive, offline HTML viewer of a graph.

    Example: kg viz kg-out/graph.trig -o graph.html
    """
    from rich.markup import escape

    from kg.viz import write_html_file

    try:
        path = write_html_file(graph, output, title=title, max_initial_nodes=max_initial_nodes,
                               provenance_limit=None if all_provenance else provenance_limit)
    except KGError as exc:
        fail(type(exc)(escape(exc.message), hint=escape(exc.hint or "") or None))
    out.print(f"wrote {path}", markup=False, highlight=False)


@app.command("eval")
def eval_command(
    graphs: list[Path] = typer.Argument(..., help="graph files (.ttl, .trig, .jsonld, .nt, .nq)"),
    gold: Path = typer.Option(..., "--gold", help="gold file (YAML, see docs/gold-format.md)"),
    ontology: Path = typer.Option(None, "--ontology",
                                  help="folder of .ttl files for subclasses (default: bundled)"),
    as_json: bool = typer.Option(False, "--json", help="print the report as JSON"),
) -> None:
    """Score graphs against a gold file: P/R/F1 per entity type and predicate, misses, extras.

    Example: kg build tests/corpora/bordeaux_tohoku -o out

             kg eval out/graph.ttl --gold tests/corpora/bordeaux_tohoku/gold.yaml

    (in kg's sources; a gold file of your own: docs/gold-format.md)
    """
    import json

    from rich.markup import escape

    from kg.evaluate import evaluate_files, format_report

    try:
        report = evaluate_files(graphs, gold, ontology)
    except KGError as exc:
        fail(type(exc)(escape(exc.message), hint=escape(exc.hint or "") or None))
    if as_json:
        typer.echo(json.dumps(report.to_dict(), indent=1, ensure_ascii=False))
    else:
        out.print(format_report(report), markup=False, highlight=False, soft_wrap=True)


_VALIDATE_GRAPH = typer.Argument(..., help="graph file (.ttl, .trig, .jsonld, .nt, .nq) or a "
                                 "store folder (kg build --store)")
_VALIDATE_SHAPES = typer.Option(
    None, "--shapes", help="SHACL shapes file (default: the bundled ontology/shapes.ttl)")


_VALIDATE_ENGINE = typer.Option(
    "auto", "--engine", help="oxigraph: the shapes compiled to SPARQL (fast); pyshacl: the "
    "reference implementation; auto: oxigraph unless the shapes need pyshacl")


@app.command("validate")
def validate_cmd(graph: Path = _VALIDATE_GRAPH, shapes: Path = _VALIDATE_SHAPES,
                 engine: str = _VALIDATE_ENGINE) -> None:
    """Check a graph against the SHACL shapes; exit 1 on violations, 2 on unusable input.

    Example: kg validate kg-out/graph.ttl
    """
    from rich.markup import escape

    from kg.validate import validate_file

    try:
        report = validate_file(graph, shapes=shapes, engine=engine)
    except KGError as exc:
        fail(type(exc)(escape(exc.message), hint=escape(exc.hint or "") or None))
    out.print(report.summary(), markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(0 if report.conforms else 1)


@app.command("query")
def query_command(
    graph: Path = typer.Argument(None, help="graph file (.ttl, .trig, .nt, .jsonld) or a store "
                                 "folder (kg build --store)"),
    query: str = typer.Argument(None, help="SPARQL text, a .rq file, or a bundled query's name"),
    fmt: str = typer.Option("table", "--format", "-f",
                            help="table, json, csv, tsv, xml; turtle, json-ld, ntriples"),
    list_queries: bool = typer.Option(False, "--list", help="list the bundled queries"),
) -> None:
    """Ask a graph a SPARQL query. Example: kg query kg-out/graph.trig signatories"""
    from rich.markup import escape
    from rich.measure import Measurement

    from kg.ask import answer, bundled_queries
    from kg.query import default_prefixes
    from kg.results import rich_records, rich_table

    if list_queries:
        for bundled in bundled_queries():
            out.print(f"[bold]{bundled.name:18}[/] {escape(bundled.title)}", soft_wrap=True)
        return
    if graph is None or query is None:
        fail(KGError("give a graph file and a query", hint="kg query GRAPH QUERY; kg query --list"))
    try:
        result = answer(graph, query, fmt)
    except KGError as exc:
        fail(type(exc)(escape(exc.message), hint=escape(exc.hint or "") or None))
    if isinstance(result, bytes):
        sys.stdout.buffer.write(result)
        sys.stdout.flush()
    elif result.boolean is not None:
        out.print(str(result.boolean).lower())
    else:
        screen = Console(highlight=False)
        table: Any = rich_table(result, default_prefixes())
        if Measurement.get(screen, screen.options.update_width(10**6), table).maximum \
                <= screen.width:
            screen.print(table)
        else:           # squeezed into the terminal, a sentence would be a word per line
            screen.print(rich_records(result, default_prefixes()))
            screen.print(f"[dim]{len(result.rows)} rows, one by one: the table is wider than "
                         "the terminal (--format csv for a spreadsheet)[/]")


@app.command("serve")
def serve_command(
    graph: Path = typer.Argument(None, help="graph file, or a store folder (kg build --store); "
                                 "default kg-out/graph.trig or .ttl"),
    host: str = typer.Option("127.0.0.1", help="interface to listen on (loopback by default)"),
    port: int = typer.Option(8000, help="TCP port"),
    base: str = typer.Option(None, help="instance base of the graph's IRIs (found in the graph)"),
    timeout: float = typer.Option(30.0, help="seconds a query may run before it is stopped"),
    max_rows: int = typer.Option(10000, help="most rows or triples in one answer"),
    workers: int = typer.Option(2, help="queries that may run at once"),
    max_mb: float = typer.Option(64.0, "--max-mb", help="most megabytes in one answer"),
    max_body_kb: int = typer.Option(1024, "--max-body-kb", help="most kilobytes in a request "
                                    "body (a POSTed query)"),
    memory_mb: int = typer.Option(1024, "--memory-mb", help="megabytes of memory a query may "
                                  "use before it is stopped (0: no limit)"),
) -> None:
    """Serve a graph: SPARQL endpoint at /sparql, entity pages at /id/..., viewer at /.

    Read-only; every query is bounded in time, rows, bytes and memory.

    Example: kg serve kg-out/graph.trig --port 8000   (then open http://127.0.0.1:8000/)

             kg serve out/store                       (a store from kg build --store)
    """
    from kg.serve import serve

    try:
        serve(graph, host=host, port=port, base=base, timeout=timeout, max_rows=max_rows,
              workers=workers, max_bytes=int(max_mb * 2**20), max_body=max_body_kb * 1024,
              memory_mb=memory_mb or None,
              announce=lambda line: out.print(line, soft_wrap=True, markup=False))
    except KGError as exc:
        fail(exc)


@app.command("push")
def push_command(
    graph: Path = typer.Argument(..., help="graph file (.trig: one graph per document)"),
    endpoint: str = typer.Option(..., help="Graph Store URL, e.g. http://127.0.0.1:7878/store"),
    user: str = typer.Option(None, help="user name (HTTP Basic)"),
    password: str = typer.Option(None, help="password"),
    ontology: bool = typer.Option(True, help="also push the ontology into its own graph"),
    default_graph: str = typer.Option(None, help="named graph for the default graph (Virtuoso)"),
) -> None:
    """Write a graph to a triplestore (SPARQL 1.1 Graph Store Protocol); PUT replaces.

    Example: kg push kg-out/graph.trig --endpoint http://127.0.0.1:7878/store
    """
    from kg.push import push

    try:
        report = push(graph, endpoint, user=user, password=password, ontology=ontology,
                      default_graph=default_graph)
    except KGError as exc:
        fail(exc)
    out.print(f"pushed {report.triples} triples in {len(report.graphs)} graphs to {endpoint}",
              markup=False, soft_wrap=True)


@app.command("export")
def export_command(
    source: Path = typer.Argument(..., help="a store folder (kg build --store DIR) or a graph "
                                  "file (.ttl, .trig, .nt, .nq, .jsonld, .rdf)"),
    dest: str = typer.Argument(..., help="the file to write (replaced atomically), or - for "
                               "standard output"),
    fmt: str = typer.Option(None, "--format", "-f", help="turtle, trig, nquads, ntriples or "
                            "jsonld (default: from DEST's suffix: .ttl .trig .nq .nt .jsonld)"),
) -> None:
    """Write a store or a graph file as a graph file of another format.

    TriG, N-Quads and JSON-LD keep one named graph per document; Turtle and
    N-Triples get the union of all graphs, each triple once. From a store, the
    files are those kg build wrote (the same bytes for .ttl, .trig, .jsonld).

    Example: kg build --store out/store -o out && kg export out/store copy/graph.trig

             kg export kg-out/graph.trig graph.nq

             kg export out/store - --format ntriples | wc -l
    """
    from kg.convert import convert, export_graph

    try:
        if dest == "-":
            if fmt is None:
                raise KGError("cannot tell the format of standard output",
                              hint="give --format: turtle, trig, nquads, ntriples or jsonld")
            try:
                summary = convert(source, fmt, sys.stdout.buffer)
                sys.stdout.flush()
            except OSError as exc:        # a full disk, a closed pipe (| head)
                raise KGError(f"cannot write to standard output: {exc.strerror or exc}",
                              hint="write to a file instead: kg export SOURCE FILE") from exc
            console.print(summary.line(), markup=False, soft_wrap=True)
            return
        summary = export_graph(source, Path(dest), fmt)
    except KGError as exc:
        fail(exc)
    out.print(summary.line(), markup=False, soft_wrap=True)


@app.command("docs")
def docs_command(
    out: Path = typer.Option(None, "--out", help="folder to write into (default: docs/ontology)"),
    check: bool = typer.Option(False, "--check", help="write nothing; exit 1 if the files "
                               "are not up to date with the ontology"),
) -> None:
    """Generate the ontology's documentation (HTML page and class diagram) from ontology/.

    Example: kg docs              (writes docs/ontology/index.html, diagram.svg, diagram.mmd)

             kg docs --check      (exit 1 when the ontology changed since the last kg docs)
    """
    from kg.ontodoc import main as ontodoc_main

    argv = (["--out", str(out)] if out else []) + (["--check"] if check else [])
    code = ontodoc_main(argv)
    if code:
        raise typer.Exit(code)


@app.command("stats")
def stats_command(
    graph: Path = typer.Argument(..., help="graph file (.ttl, .trig, .jsonld, .nt, .nq) or a "
                                 "store folder (kg build --store)"),
    top: int = typer.Option(10, "--top", min=1, help="entities in each centrality ranking"),
    path: tuple[str, str] | None = typer.Option(
        None, "--path", metavar="FROM TO",
        help="two names (or IRIs) to link by the shortest chain of facts; accents and case "
             "ignored"),
    fmt: str = typer.Option("table", "--format", "-f", help="table or json"),
) -> None:
    """Network analytics of the entities: size, degree and betweenness centrality,
    communities (Louvain), and the chain of facts that links two entities.

    Provenance (documents, sentences, evidence, rules) is left out.

    Example: kg stats kg-out/graph.trig --top 5 --path "Martine Vassal" "Esteban Bovo"

             kg stats kg-out/graph.ttl --format json > stats.json
    """
    import json

    from kg.stats import graph_stats, stats_tables

    if fmt not in ("table", "json"):
        fail(KGError(f"unknown format {fmt!r}", hint="use --format table or --format json"))
    try:
        stats = graph_stats(graph, top=top, path=path if path and all(path) else None)
    except KGError as exc:
        fail(type(exc)(escape(exc.message), hint=escape(exc.hint or "") or None))
    if fmt == "json":
        typer.echo(json.dumps(stats.to_dict(), indent=1, ensure_ascii=False))
        return
    for table in stats_tables(stats):
        out.print(table)


def main() -> None:
    """Entry point of the ``kg`` console script."""
    app()


if __name__ == "__main__":
    main()
