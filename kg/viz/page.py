"""The page: one self-contained HTML file, inlined, escaped, written atomically.

The page inlines vis-network (from pyvis), ``kg/static/viewer.js`` and ``viewer.css``:
it works from ``file://`` with no request leaving it, and a Content-Security-Policy
lists the hashes of its two scripts. Every text from a document reaches the page as JSON
with ``<``, ``>`` and ``&`` escaped, and the page builds its DOM with ``textContent``:
a document holding ``<script>`` shows it as text.

Example:
    >>> remote_references(render_html(Graph()))
    []
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

import pyvis
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from rdflib import Dataset, Graph

from kg.errors import VizError
from kg.gcpause import paused_gc
from kg.viz.network import PROVENANCE_LIMIT, to_network
from kg.viz.payload import payload
from kg.viz.vocab import STATIC

__all__ = ["VIS_LIB", "render_html", "remote_references", "write_html", "write_html_file"]

VIS_LIB = Path(pyvis.__file__).resolve().parent / "templates" / "lib" / "vis-9.1.2"

_REMOTE = (
    re.compile(r"<[a-z]+\b[^>]*\b(?:src|href|data|poster|srcset)\s*=\s*[\"']?\s*(?:https?:)?//[^\"'\s>]*",
               re.I),
    re.compile(r"url\(\s*[\"']?\s*(?:https?:)?//[^)\"']*", re.I),
    re.compile(r"@import\s+(?:url\()?\s*[\"']?\s*(?:https?:)?//[^\"')\s;]*", re.I),
)


def _json(value: Any) -> Markup:
    """JSON safe inside ``<script>``: no ``<``, ``>`` or ``&`` survives, so no ``</script>``."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False,
                      check_circular=False)  # built here as trees: nothing to check, 15 % faster
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        if char in text:  # a scan, where replace() would also copy 20 MB
            text = text.replace(char, escape)
    return Markup(text)


def _asset(path: Path, closing: str) -> str:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise VizError(f"cannot read the viewer asset {path}: {exc}",
                       hint="reinstall kg and pyvis: pip install --force-reinstall kg pyvis"
                       ) from exc
    text = re.sub(r"^//# sourceMappingURL=.*$", "", text, flags=re.M)  # no .map to look for
    if closing in text.lower():
        raise VizError(f"{path} contains {closing!r} and cannot be inlined",
                       hint="escape it in the asset (e.g. '<\\/script')")
    return text


def _sha256(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode() + "'"


def render_html(graph: Graph | Dataset, *, title: str = "Graphe de connaissances",
                max_initial_nodes: int = 500,
                provenance_limit: int | None = PROVENANCE_LIMIT) -> str:
    """The viewer page of ``graph`` as one HTML string (see :func:`write_html`).

    Example:
        >>> "vis.Network" in render_html(Graph())
        True
    """
    with paused_gc():
        return _render(graph, title, max_initial_nodes, provenance_limit)


def _render(graph: Graph | Dataset, title: str, max_initial_nodes: int,
            provenance_limit: int | None) -> str:
    net = to_network(graph, provenance_limit=provenance_limit)
    pyvis_net, data = payload(net, title, max_initial_nodes)
    net.clear()  # a networkx graph is a reference cycle: emptied, its 100,000s of objects go now,
    # one by one, instead of in a full scan of the collector once it is back on
    nodes, edges, _, _, _, options = pyvis_net.get_network_data()
    scripts = [_asset(VIS_LIB / "vis-network.min.js", "</script"),
               _asset(STATIC / "viewer.js", "</script")]
    env = Environment(loader=FileSystemLoader(STATIC), autoescape=select_autoescape(["html"]))
    html = env.get_template("viewer.html").render(
        title=title,
        csp_scripts=" ".join(_sha256(s) for s in scripts),
        vis_css=Markup(_asset(VIS_LIB / "vis-network.css", "</style")),
        viewer_css=Markup(_asset(STATIC / "viewer.css", "</style")),
        vis_js=Markup(scripts[0]), viewer_js=Markup(scripts[1]),
        vis_json=_json({"nodes": nodes, "edges": edges, "options": json.loads(options)}),
        data_json=_json(data),
    )
    remote = remote_references(html)
    if remote:
        raise VizError(f"the viewer page would fetch {remote[0]!r} from the network",
                       hint="inline that resource; the page must work offline")
    return html


def remote_references(html: str) -> list[str]:
    """Every place where ``html`` would make the browser fetch something over the network.

    Example:
        >>> remote_references('<script src="https://cdn.example/x.js"></script>')
        ['<script src="https://cdn.example/x.js']
        >>> remote_references('<a href="#top">top</a>')
        []
    """
    return [m.group(0) for pattern in _REMOTE for m in pattern.finditer(html)]


def write_html(graph: Graph | Dataset, path: Path, *, title: str = "Graphe de connaissances",
               max_initial_nodes: int = 500,
               provenance_limit: int | None = PROVENANCE_LIMIT) -> Path:
    """Write the interactive, offline viewer of ``graph`` to ``path`` (atomically).

    Args:
        graph: the graph or dataset to show (a dataset is shown as the union of its graphs);
            a ``pyoxigraph.Store`` (what ``kg build`` holds) is read without rdflib's layer.
        path: the HTML file to write; its folder must exist.
        title: the page title.
        max_initial_nodes: above this many entities, the page starts from the most central
            ones and a double-click on a node brings its neighbours.
        provenance_limit: above this many provenance nodes (documents, sentences, mentions,
            evidence, rules) they are left out of the page, whose side panel still shows the
            sentences and rule of each fact; None keeps them all.

    Returns:
        ``path``.

    Raises:
        VizError: the page could not be written.

    Example:
        >>> write_html(Graph(), Path("/tmp/empty.html")).name
        'empty.html'
    """
    path = Path(path)
    html = render_html(graph, title=title, max_initial_nodes=max_initial_nodes,
                       provenance_limit=provenance_limit)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(html)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        if "tmp" in locals() and os.path.exists(tmp):
            os.unlink(tmp)
        raise VizError(f"cannot write {path}: {exc}",
                       hint="check that the folder exists and is writable") from exc
    return path


def write_html_file(graph_path: Path, out: Path, *, title: str | None = None,
                    max_initial_nodes: int = 500,
                    provenance_limit: int | None = PROVENANCE_LIMIT) -> Path:
    """Read a graph file (``.ttl``, ``.trig``, ``.jsonld``, ...) and write its viewer to ``out``.

    Raises:
        QueryError: the graph file is missing or not RDF.
        VizError: the page could not be written.

    Example:
        >>> write_html_file(Path("kg-out/graph.trig"), Path("graph.html"))  # doctest: +SKIP
        PosixPath('graph.html')
    """
    from kg.query import load

    folder = Path(out).parent        # checked before the graph is read, which takes a while
    if folder.exists() and not folder.is_dir():
        raise VizError(f"cannot write {out}: {folder} is a file, not a folder",
                       hint="choose another path")
    if not folder.is_dir():
        raise VizError(f"the folder of {out} does not exist",
                       hint="create it or choose another path")
    graph = load(graph_path)
    title = title or f"Graphe de connaissances — {Path(graph_path).name}"
    return write_html(graph, Path(out), title=title, max_initial_nodes=max_initial_nodes,
                      provenance_limit=provenance_limit)
