"""Regenerate docs/screenshot.png: the viewer of the example corpus's graph in headless Chromium.

    python scripts/screenshot.py                       # builds the bundled example corpus
    python scripts/screenshot.py --graph kg-out/graph.trig -o docs/screenshot.png

Needs Debian's chromium (``sh scripts/install-system-deps.sh``) and Playwright's
Python package. The page shows the whole graph with Jean-Claude Gaudin selected:
his neighbours highlighted, the side panel with the sentences he was read from.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--hide-scrollbars"]
FOCUS = "https://w3id.org/coop-kg/id/person/jean-claude-gaudin"


def page_of(graph: Path | None, folder: Path) -> Path:
    """The viewer page of ``graph``, or of a fresh build of the example corpus."""
    from kg.viz import write_html_file

    if graph is None:
        from kg.build import build

        build(out_dir=folder)
        graph = folder / "graph.trig"
    return write_html_file(graph, folder / "screenshot.html",
                           title="kg — exemple : Aix-Marseille-Provence et Miami-Dade")


def shoot(page_path: Path, out: Path, width: int, height: int) -> None:
    """Open ``page_path`` in headless Chromium, select the focus node, save a PNG."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": width, "height": height},
                                device_scale_factor=1)
        page.goto(page_path.as_uri())
        page.wait_for_function("() => document.body.dataset.ready === '1'", timeout=60_000)
        page.evaluate("() => kgViewer.network.fit()")
        x, y = page.evaluate("""iri => {
            const n = kgViewer.network, i = kgViewer.data.nodes.findIndex(d => d.iri === iri);
            if (i < 0) return [null, null];
            const p = n.canvasToDOM(n.getPositions([i])[i]);
            const r = document.querySelector('#mynetwork canvas').getBoundingClientRect();
            return [r.left + p.x, r.top + p.y]; }""", FOCUS)
        if x is not None:
            page.mouse.click(x, y)
        box = page.locator("#mynetwork").bounding_box()
        page.mouse.move(box["x"] + 5, box["y"] + box["height"] - 5)  # no tooltip in the picture
        page.wait_for_timeout(400)
        out.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(out))
        browser.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--graph", type=Path, help="graph file (default: build the example corpus)")
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "docs" / "screenshot.png")
    parser.add_argument("--width", type=int, default=1600)
    parser.add_argument("--height", type=int, default=950)
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print("chromium is missing: run `sh scripts/install-system-deps.sh` as root",
              file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="kg-screenshot-") as tmp:
        shoot(page_of(args.graph, Path(tmp)), args.output, args.width, args.height)
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
