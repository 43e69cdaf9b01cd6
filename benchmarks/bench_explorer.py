"""Benchmark the explorer (exports/graph.html) in headless Chromium, and its layout against ForceAtlas2.

    .venv/bin/pip install fa2_modified    # ForceAtlas2, for the comparison (this benchmark only)
    .venv/bin/python benchmarks/bench_explorer.py [--sizes 1 10 20] [--runs 5] [--no-fa2]

For each corpus (the bundled report, and N copies of it under plans of their own, as
benchmarks/bench_scale.py makes them) it writes the explorer with an empty cache of layouts and
measures, in Debian's /usr/bin/chromium with every request but the page's own blocked:

* build: seconds of `explorer_html` (the layout included), and the page's size;
* ready: from navigation to `data-ready` (the page's performance.now() then), median of the runs;
* search → centred: from Enter in the search field to the frame that shows NKVTS centred;
* click → details: from the pointer going down on measure 18a to the frame that shows its details;
* drag and zoom: frames drawn per second while the view is dragged or zoomed, a pointer move or
  a wheel step each frame (at most 60).

Then it compares the layout with a ForceAtlas2 layout of the same graph, scaled to the same area:
pairs of overlapping boxes (a node's shape with its label, as the page draws them), and how well
the chapters separate (measures nearer the centre of their own chapter than of any other, and the
silhouette of the measures' positions by chapter, from -1 to 1). Prints Markdown tables;
benchmarks/RESULTS-explorer.md keeps them with the machine they ran on.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from bench_build import cpu_model  # this folder is on the path when run as a script
from bench_scale import make_corpus

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
VIEWPORT = {"width": 1280, "height": 800}
PANE = (680, 767)  # the graph pane at 1280 × 800


def corpus(size: int, folder: Path):
    from graph.pipeline import knowledge_graph
    from graph.resources import bundled_source

    folder.mkdir(parents=True, exist_ok=True)
    sources = [bundled_source()] if size == 1 else make_corpus(folder, size)
    return knowledge_graph(sources)


def build(graph, folder: Path) -> tuple[str, float]:
    """The page, and the seconds it takes with no layout cached."""
    from graph.export import layout
    from graph.export.html import explorer_html

    os.environ["TILTAKSGRAF_CACHE"] = str(folder / "layout-cache")
    layout._MEMORY.clear()
    start = time.perf_counter()
    html = explorer_html(graph)
    return html, time.perf_counter() - start


SEARCH = """() => new Promise(resolve => {
  const input = document.getElementById('search');
  const start = performance.now();
  input.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true}));
  requestAnimationFrame(() => setTimeout(() => {
    const n = window.explorer.network, p = n.getPositions(['org:nkvts'])['org:nkvts'], v = n.getViewPosition();
    resolve({ms: performance.now() - start, off: Math.hypot(p.x - v.x, p.y - v.y),
             details: document.getElementById('details').dataset.node});
  }, 0));
})"""

ARM_CLICK = """id => {
  const n = window.explorer.network;
  n.moveTo({position: n.getPositions([id])[id], scale: 1.2, animation: false});
  window.__click = {start: null, ms: null};
  document.getElementById('graph').addEventListener('pointerdown', () => { window.__click.start = performance.now(); },
    {capture: true, once: true});
  new MutationObserver((_, observer) => {
    if (document.getElementById('details').dataset.node !== id) return;
    observer.disconnect();
    requestAnimationFrame(() => setTimeout(() => { window.__click.ms = performance.now() - window.__click.start; }, 0));
  }).observe(document.getElementById('details'), {attributes: true});
  const d = n.canvasToDOM(n.getPositions([id])[id]), box = document.getElementById('graph').getBoundingClientRect();
  return {x: d.x + box.left, y: d.y + box.top, hit: n.getNodeAt(d)};
}"""

# A drag (or zoom) as a hand makes it: one pointer move (or wheel step) each frame for 90 frames,
# from inside the page; frames drawn per second meanwhile (vis-network draws in animation frames).
MOVE = """kind => new Promise(resolve => {
  const net = window.explorer.network, canvas = document.querySelector('#graph canvas');
  const box = canvas.getBoundingClientRect();
  let x = box.left + 30, y = box.top + 30, frames = 0, step = 0;
  const panned = window.explorer.panFrames();  // frames of a drag the page moves by a CSS transform
  net.on('afterDrawing', () => { frames += 1; });
  const pointer = (type) => new PointerEvent(type, {bubbles: true, cancelable: true, clientX: x, clientY: y,
    pointerId: 1, pointerType: 'mouse', isPrimary: true, button: 0, buttons: type === 'pointerup' ? 0 : 1});
  if (kind === 'drag') canvas.dispatchEvent(pointer('pointerdown'));
  const start = performance.now();
  const tick = () => {
    step += 1;
    if (kind === 'drag') { x += 4; y += 2; canvas.dispatchEvent(pointer('pointermove')); }
    else canvas.dispatchEvent(new WheelEvent('wheel', {bubbles: true, cancelable: true, clientX: box.left + box.width / 2,
      clientY: box.top + box.height / 2, deltaY: step < 45 ? -40 : 40}));
    if (step < 90) { requestAnimationFrame(tick); return; }
    const seconds = (performance.now() - start) / 1000;
    if (kind === 'drag') canvas.dispatchEvent(pointer('pointerup'));
    resolve((frames + window.explorer.panFrames() - panned) / seconds);
  };
  requestAnimationFrame(tick);
})"""


def measure_page(browser, path: Path, runs: int, measure: str) -> dict:
    url = path.resolve().as_uri()
    found = {"ready": [], "search": [], "click": [], "drag": [], "zoom": []}
    for _ in range(runs):
        context = browser.new_context(viewport=VIEWPORT)
        outside = []

        def route(request_route, outside=outside):
            if request_route.request.url.split("#")[0] == url:
                request_route.continue_()
            else:
                outside.append(request_route.request.url)
                request_route.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.goto(url)
        page.wait_for_function("document.body.dataset.ready === 'true'", timeout=60_000)
        found["ready"].append(page.evaluate("window.explorer.readyMs"))
        page.fill("#search", "NKVTS")
        result = page.evaluate(SEARCH)
        assert result["off"] < 2 and result["details"] == "org:nkvts", result
        found["search"].append(result["ms"])
        page.keyboard.press("Escape")
        page.keyboard.press("Escape")
        point = page.evaluate(ARM_CLICK, measure)
        assert point["hit"] == measure, point
        page.mouse.click(point["x"], point["y"])
        page.wait_for_function("window.__click.ms !== null")
        found["click"].append(page.evaluate("window.__click.ms"))
        page.keyboard.press("Escape")
        page.evaluate("window.explorer.network.fit({animation: false})")
        for kind in ("drag", "zoom"):
            found[kind].append(min(60.0, page.evaluate(MOVE, kind)))
        context.close()
        assert outside == [], outside
    return {key: statistics.median(values) for key, values in found.items()}


# ---------- the layout compared ----------


def boxes_and_positions(graph):
    from graph.export import labels
    from graph.export.html import explorer_data

    data = explorer_data(graph)
    boxes = {n["id"]: labels.footprint(n["label"], n["size"], n["font"]) for n in data["nodes"]}
    return boxes, {n["id"]: (n["x"], n["y"]) for n in data["nodes"]}


def forceatlas2(graph, positions) -> dict:
    """ForceAtlas2 (fa2_modified) of the graph as undirected and simple, 2,000 iterations from a
    seeded start, scaled to the area of `positions`."""
    import networkx as nx
    from fa2_modified import ForceAtlas2

    simple = nx.Graph()
    simple.add_nodes_from(sorted(graph))
    simple.add_edges_from(sorted((u, v) for u, v in graph.edges() if u != v))
    random.seed(20180801)
    found = ForceAtlas2(verbose=False, scalingRatio=2.0, gravity=1.0).forceatlas2_networkx_layout(
        simple, pos=None, iterations=2000
    )
    ours = np.array(list(positions.values()), dtype=float)
    theirs = np.array([found[n] for n in positions])
    area = np.ptp(ours[:, 0]) * np.ptp(ours[:, 1])
    scale = np.sqrt(area / (np.ptp(theirs[:, 0]) * np.ptp(theirs[:, 1])))
    return {n: tuple((theirs[i] - theirs.mean(axis=0)) * scale) for i, n in enumerate(positions)}


def overlaps(positions, boxes) -> int:
    ids = sorted(positions)
    r = np.array([[positions[i][0] + boxes[i][0], positions[i][1] + boxes[i][1],
                   positions[i][0] + boxes[i][2], positions[i][1] + boxes[i][3]] for i in ids])  # fmt: skip
    count = 0
    for start in range(0, len(ids), 500):  # in slices, for large graphs
        part = r[start : start + 500]
        hit = (part[:, None, 0] < r[None, :, 2]) & (part[:, None, 2] > r[None, :, 0])
        hit &= (part[:, None, 1] < r[None, :, 3]) & (part[:, None, 3] > r[None, :, 1])
        rows = np.arange(start, start + len(part))
        hit[np.arange(len(part)), rows] = False
        count += int(hit.sum())
    return count // 2


def separability(graph, positions) -> tuple[float, float]:
    """(share of measures nearest their own chapter's centre, silhouette by chapter)."""
    measures = sorted(n for n, a in graph.nodes(data=True) if a["type"] == "measure")
    labels = np.array([f"{graph.nodes[n]['plan']}/{graph.nodes[n]['chapter']}" for n in measures])
    points = np.array([positions[n] for n in measures], dtype=float)
    groups = sorted(set(labels))
    centres = np.array([points[labels == g].mean(axis=0) for g in groups])
    nearest = np.array(groups)[np.argmin(((points[:, None, :] - centres[None]) ** 2).sum(axis=2), axis=1)]
    distances = np.sqrt(((points[:, None, :] - points[None]) ** 2).sum(axis=2))
    scores = []
    for i, label in enumerate(labels):
        same = labels == label
        same[i] = False
        if not same.any():
            continue
        a = distances[i, same].mean()
        b = min(distances[i, labels == g].mean() for g in groups if g != label)
        scores.append((b - a) / max(a, b))
    return float((nearest == labels).mean()), float(np.mean(scores))


def fit_scale(positions, boxes) -> float:
    xs = [positions[n][0] + boxes[n][k] for n in positions for k in (0, 2)]
    ys = [positions[n][1] + boxes[n][k] for n in positions for k in (1, 3)]
    return min(PANE[0] / (max(xs) - min(xs)), PANE[1] / (max(ys) - min(ys)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 20])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-fa2", action="store_true", help="leave out the ForceAtlas2 comparison")
    arguments = parser.parse_args()
    from playwright.sync_api import sync_playwright

    print(f"Machine: {os.cpu_count()} cores, {cpu_model()}, Python {platform.python_version()}, "
          f"Chromium at {VIEWPORT['width']}×{VIEWPORT['height']}; medians of {arguments.runs} runs\n")  # fmt: skip
    speed, quality = [], []
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        folder = Path(folder)
        os.environ["TILTAKSGRAF_CACHE"] = str(folder / "cache")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        for size in arguments.sizes:
            graph = corpus(size, folder / f"corpus-{size}")
            html, seconds = build(graph, folder)
            path = folder / f"graph-{size}.html"
            path.write_text(html, encoding="utf-8")
            plan = sorted(a["plan"] for _, a in graph.nodes(data=True) if a["type"] == "plan")[-1]
            found = measure_page(browser, path, arguments.runs, f"measure:{plan}/18a")
            speed.append([size, graph.number_of_nodes(), graph.number_of_edges(), f"{len(html) / 2**20:.1f}",
                          f"{seconds:.1f}", f"{found['ready'] / 1000:.2f}", f"{found['search']:.0f}",
                          f"{found['click']:.0f}", f"{found['drag']:.0f}", f"{found['zoom']:.0f}"])  # fmt: skip
            if not arguments.no_fa2 and size <= 10:
                boxes, ours = boxes_and_positions(graph)
                start = time.perf_counter()
                theirs = forceatlas2(graph, ours)
                fa2_seconds = time.perf_counter() - start
                for name, positions, took in (
                    ("tiltaksgraf", ours, seconds),
                    ("ForceAtlas2", theirs, fa2_seconds),
                ):
                    nearest, silhouette = separability(graph, positions)
                    quality.append([size, graph.number_of_nodes(), name, overlaps(positions, boxes), f"{nearest:.2f}",
                                    f"{silhouette:.2f}", f"{fit_scale(positions, boxes):.2f}", f"{took:.1f}"])  # fmt: skip
            print(f"(size {size} done)", file=sys.stderr, flush=True)
        browser.close()
    print("| reports | nodes | edges | page MiB | build s | ready s | search → centred ms | click → details ms "
          "| drag fps | zoom fps |")  # fmt: skip
    print("|" + "---|" * 10)
    for row in speed:
        print("| " + " | ".join(map(str, row)) + " |")
    if quality:
        print("\n| reports | nodes | layout | overlapping boxes | measures nearest own chapter | silhouette "
              "| fit scale at 1280×800 | s |")  # fmt: skip
        print("|" + "---|" * 8)
        for row in quality:
            print("| " + " | ".join(map(str, row)) + " |")


if __name__ == "__main__":
    main()
