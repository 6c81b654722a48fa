"""Benchmarks on graphs: SPARQL (rdflib vs Oxigraph), export, SHACL, the HTML viewer.

The large graph is made by :func:`synthetic.records` and :func:`kg.graph.to_dataset`,
so it has kg's exact shape (documents, sentences, mentions, facts, evidence).

Example:
    >>> ds, section = large_dataset(5)                       # doctest: +SKIP
    >>> len(ds) > 1000                                        # doctest: +SKIP
    True
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from cases_build import Section
from rdflib import Dataset, Graph
from synthetic import records
from timing import TimeLimit, fmt_int, fmt_ratio, fmt_s, time_limit, timed

__all__ = ["large_dataset", "write_files", "sparql", "export", "shacl", "viewer", "QUERIES"]

#: competency questions of queries/*.rq: a text filter over labels, a sub-query with
#: GROUP BY/HAVING and UNIONs, the provenance (evidence) pattern; and ``agreements``
#: (GROUP_CONCAT DISTINCT over OPTIONALs), which rdflib 7.6 cannot answer when a
#: variable is unbound (NotBoundError), shown as an error row
QUERIES = ("agreements-with", "both-sides", "evidence", "agreements")


def large_dataset(n_docs: int) -> tuple[Dataset, Section]:
    """kg's records for ``n_docs`` made-up documents, turned into RDF by ``kg.graph``."""
    from kg.graph import to_dataset

    make_s, recs = timed(lambda: records(n_docs))
    graph_s, ds = timed(lambda: to_dataset(*recs))
    n = len(ds)
    return ds, Section(
        f"Synthetic graph ({n_docs} documents, {fmt_int(n)} quads)", ["step", "time", "quads/s"],
        [["make kg records (Document, Entity, Fact)", fmt_s(make_s), ""],
         ["`kg.graph.to_dataset` (records → rdflib Dataset)", fmt_s(graph_s),
          fmt_int(n / graph_s)]])


def write_files(ds: Dataset, folder: Path) -> tuple[Path, Path]:
    """Write ``ds`` as N-Quads and its union as N-Triples (pyoxigraph); return both paths."""
    from kg.export import to_oxigraph_quads

    quads = to_oxigraph_quads(ds)
    folder.mkdir(parents=True, exist_ok=True)
    nq, nt = folder / "large.nq", folder / "large.nt"
    ox.serialize(quads, str(nq), format=ox.RdfFormat.N_QUADS)
    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
    ox.serialize(triples, str(nt), format=ox.RdfFormat.N_TRIPLES)
    return nq, nt


def _limited(fn, limit: float) -> tuple[float | None, object]:  # type: ignore[no-untyped-def]
    """(seconds, value); (None, None) past ``limit``; (None, the exception) on an error."""
    try:
        with time_limit(limit):
            return timed(fn)
    except TimeLimit:
        return None, None
    except Exception as exc:  # noqa: BLE001 - a failing library call is a result to show
        return None, exc


def _best(fn, repeat: int, limit: float) -> tuple[float | None, object]:  # type: ignore[no-untyped-def]
    best, value = None, None
    for _ in range(max(1, repeat)):
        seconds, value = _limited(fn, limit)
        if seconds is None:
            return None, value
        best = seconds if best is None else min(best, seconds)
    return best, value


def _outcome(seconds: float | None, value: object, limit: float) -> str:
    if seconds is not None:
        return fmt_s(seconds)
    if isinstance(value, Exception):
        cause = value.__cause__ or value
        return f"error: {type(cause).__name__}"
    return f"> {limit:g} s"


def _graph_rows(name: str, path: Path, texts: dict[str, str], repeat: int,
                limit: float) -> list[list[str]]:
    from kg.query import load, query

    rd_s, rd = timed(lambda: Graph().parse(str(path)))
    ox_s, og = timed(lambda: load(path))
    rows = [[name, f"load ({fmt_int(len(og))} triples)", "", fmt_s(rd_s), fmt_s(ox_s),
             fmt_ratio(rd_s, ox_s)]]
    for q, text in texts.items():
        o_s, o_rows = _best(lambda text=text: query(og, text), repeat, limit)
        r_s, r_rows = _best(lambda text=text: query(rd, text), repeat, limit)
        count = str(len(o_rows)) if isinstance(o_rows, list) else "?"
        if isinstance(r_rows, list) and len(r_rows) != len(o_rows or []):
            count += f" (rdflib: {len(r_rows)})"
        rows.append([name, f"`{q}.rq`", count, _outcome(r_s, r_rows, limit),
                     _outcome(o_s, o_rows, limit), _ratio(r_s, r_rows, o_s, limit)])
    return rows


def _ratio(slow: float | None, slow_value: object, fast: float | None, limit: float) -> str:
    """``slow / fast``; a lower bound when the slow call hit the time limit."""
    if slow is None and slow_value is None and fast:
        return f"> {fmt_ratio(limit, fast)}"
    return fmt_ratio(slow, fast)


def sparql(graphs: dict[str, Path], repeat: int, limit: float) -> Section:
    """Load each graph file into rdflib's default store and into Oxigraph; run :data:`QUERIES`."""
    from kg.config import queries_dir

    texts = {q: (queries_dir() / f"{q}.rq").read_text(encoding="utf-8") for q in QUERIES}
    rows = [row for name, path in graphs.items()
            for row in _graph_rows(name, path, texts, repeat, limit)]
    return Section("SPARQL: rdflib default store vs Oxigraph (`kg.query`)",
                   ["graph", "query", "rows", "rdflib", "Oxigraph", "rdflib / Oxigraph"], rows,
                   f"Best of {repeat} runs; both through `kg.query.query` (rdflib's engine on a "
                   "plain `Graph`, Oxigraph's on the graph from `kg.query.load`).")


def export(ds: Dataset, folder: Path, limit: float) -> Section:
    """``kg.export.export`` (three files) against rdflib's serialisers for the same formats."""
    from kg.export import export as kg_export
    from kg.export import to_oxigraph_quads
    from kg.graph import union

    kg_s, _ = timed(lambda: kg_export(ds, folder / "kg"))
    sort_s, _ = timed(lambda: to_oxigraph_quads(ds))
    graph = union(ds)
    jobs = {"graph.ttl": lambda: graph.serialize(format="turtle"),
            "graph.trig": lambda: ds.serialize(format="trig"),
            "graph.jsonld": lambda: ds.serialize(format="json-ld")}
    rows: list[list[str]] = []
    total, capped = 0.0, False
    for name, job in jobs.items():
        seconds, outcome = _limited(job, limit)
        capped = capped or seconds is None
        total += limit if seconds is None else seconds
        rows.append([name, "", _outcome(seconds, outcome, limit), ""])
    at_least = "> " if capped else ""
    rows.insert(0, ["all three", fmt_s(kg_s), at_least + fmt_s(total),
                    at_least + fmt_ratio(total, kg_s)])
    rows.append(["(of kg's time: convert and sort the quads)", fmt_s(sort_s), "", ""])
    return Section(f"Export of the synthetic graph ({fmt_int(len(ds))} quads)",
                   ["file", "`kg.export.export`", "rdflib `serialize`", "rdflib / kg"], rows,
                   "kg writes sorted, deterministic files through pyoxigraph; rdflib's times are "
                   "the serialisation only (no file write).")


def shacl(graphs: dict[str, Graph], limit: float) -> Section:
    """Time ``kg.validate.validate`` on each graph with both engines: the shapes compiled
    to SPARQL on Oxigraph (kg's default) and pySHACL (the reference, no inference)."""
    from kg.validate import validate

    rows = []
    for name, graph in graphs.items():
        fast, report = _limited(lambda graph=graph: validate(graph, engine="oxigraph"), limit)
        slow, reference = _limited(lambda graph=graph: validate(graph, engine="pyshacl"), limit)
        verdict = "–" if fast is None else ("conforms" if report.conforms
                                            else f"{len(report.violations)} violations")
        same = "–" if fast is None or slow is None else \
            ("same" if report.violations == reference.violations else "DIFFERENT")
        ratio = f"{slow / fast:.1f}x" if fast and slow else "–"
        rows.append([name, fmt_int(len(graph)), _outcome(fast, report, limit),
                     _outcome(slow, reference, limit), ratio, verdict, same])
    return Section("SHACL validation (`kg.validate.validate`, both engines)",
                   ["graph", "triples", "oxigraph (SPARQL)", "pyshacl", "pyshacl / oxigraph",
                    "result", "violations"], rows)


def viewer(ds: Dataset, folder: Path) -> Section:
    """Time ``kg.viz.to_network`` and ``kg.viz.write_html`` on ``ds``."""
    from kg.viz import knowledge_nodes, to_network, write_html

    net_s, net = timed(lambda: to_network(ds))
    html_s, path = timed(lambda: write_html(ds, folder / "large.html"))
    shown = len(knowledge_nodes(net))
    return Section(f"HTML viewer ({fmt_int(shown)} entity nodes, {fmt_int(len(net))} nodes "
                   "with provenance)", ["step", "time"],
                   [["`kg.viz.to_network` (RDF → networkx)", fmt_s(net_s)],
                    ["`kg.viz.write_html` (network, layout, page)", fmt_s(html_s)],
                    ["page size", f"{Path(path).stat().st_size / 2**20:.1f} MiB"]],
                   "`write_html` builds its own network, so it includes the first row's work.")
