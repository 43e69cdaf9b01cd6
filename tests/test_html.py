"""The HTML explorer: escaping, determinism, embedded data, the `html` command, and the page itself
in headless Chromium (Debian's /usr/bin/chromium driven by Playwright) with every request blocked."""

import itertools
import json
import math
import re
import statistics
import time
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from graph.cli import main
from graph.export.html import category, explorer_html, layout
from graph.pipeline import knowledge_graph
from graph.resources import bundled_source
from graph.vocabulary import ORG_KIND

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DATA_BLOCK = re.compile(r'<script type="application/json" id="explorer-data">(.*?)</script>', re.S)
XSS = "<script>alert(1)</script>"
PLAN = "handlingsplan-mot-vold-i-naere-relasjoner-2014-2017"
M18A = f"measure:{PLAN}/18a"


@pytest.fixture(scope="module")
def bundled():
    return knowledge_graph([bundled_source()])


@pytest.fixture(scope="module")
def page_html(bundled):
    return explorer_html(bundled)


def embedded(html: str) -> dict:
    blocks = DATA_BLOCK.findall(html)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def tiny_graph() -> nx.MultiDiGraph:
    """A measure and an organisation whose texts try to break out of the page."""
    graph = nx.MultiDiGraph()
    graph.add_node(
        "measure:p/1",
        type="measure",
        label="1",
        title=f"{XSS} & <b>bold</b>",
        plan="p",
        measure="1",
        chapter=1,
        parent=None,
        responsible=["JD"],
        period_start=2014,
        period_end=2015,
        line_start=3,
        line_end=9,
        description="</script><script>alert(2)</script>",
        urls=["javascript:alert(3)", "https://example.org/?a=1&b=<2>"],
    )
    graph.add_node(
        "org:x",
        type="organisation",
        label="<img src=x onerror=alert(4)>",
        title="Org <!-- & -->",
        org="x",
        abbreviation="X",
        name_en="",
        kind="ngo",
        parent="",
        known=False,
    )
    evidence = [{"line": 5, "text": "X </script> gjennomfører <svg onload=alert(5)>"}]
    graph.add_edge(
        "org:x",
        "measure:p/1",
        "involved:executes",
        relation="involved",
        role="executes",
        line=5,
        text=evidence[0]["text"],
        evidence=evidence,
    )
    return graph


# ---------- the document ----------


def test_document_text_is_escaped():
    graph = tiny_graph()
    html = explorer_html(graph, title="<b>Title</b>")
    lowered = html.lower()
    for raw in ("<script>alert", "<img src=x", "<svg onload", "<!-- &", "<b>bold", "<b>title"):
        assert raw not in lowered, raw
    assert "&lt;b&gt;Title&lt;/b&gt;" in html
    data = embedded(html)
    block = DATA_BLOCK.search(html).group(1)
    assert "<" not in block and ">" not in block and "&" not in block
    attrs = {node["id"]: node["attrs"] for node in data["nodes"]}
    assert attrs["measure:p/1"]["title"] == f"{XSS} & <b>bold</b>"
    assert data["edges"][0]["evidence"][0]["text"] == evidence_text(graph)


def evidence_text(graph):
    return next(iter(graph.edges(data=True)))[2]["evidence"][0]["text"]


def test_same_graph_gives_the_same_bytes(bundled, page_html):
    assert explorer_html(bundled) == page_html
    shuffled = nx.MultiDiGraph()
    shuffled.add_nodes_from(reversed(list(bundled.nodes(data=True))))
    shuffled.add_edges_from(reversed(list(bundled.edges(keys=True, data=True))))
    assert explorer_html(shuffled) == page_html


def test_embedded_data_matches_the_graph(bundled, page_html):
    data = embedded(page_html)
    assert len(data["nodes"]) == bundled.number_of_nodes() == len(data["vis"]["nodes"])
    assert len(data["edges"]) == bundled.number_of_edges() == len(data["vis"]["edges"])
    assert {node["id"] for node in data["nodes"]} == set(bundled.nodes)
    assert data["vis"]["options"]["physics"]["enabled"] is False
    assert all(isinstance(node["x"], int) and isinstance(node["y"], int) for node in data["vis"]["nodes"])
    nkvts = next(node for node in data["nodes"] if node["id"] == "org:nkvts")
    assert nkvts["category"] == "knowledge-centre" and nkvts["attrs"]["abbreviation"] == "NKVTS"
    categories = {node["category"] for node in data["nodes"]}
    assert {"measure", "ministry", "agency", "knowledge-centre", "police", "ngo", "research"} <= categories
    assert {"report", "plan-document", "law"} <= categories


def test_page_is_self_contained(page_html):
    # No element fetches anything: the only link is the empty data: icon, no src= at all.
    assert re.findall(r"<link\b[^>]*>", page_html) == ['<link rel="icon" href="data:,">']
    assert not re.search(
        r"<(script|img|iframe|audio|video|source|embed|object)\b[^>]*\bsrc=", page_html, re.I
    )
    assert "@import" not in page_html and not re.search(r"url\(\s*['\"]?(https?:)?//", page_html)
    assert "vis-network" in page_html and "new vis.Network" in page_html
    # Inlined code cannot end its element early, nor start an HTML comment that would.
    assert page_html.count("</script>") == len(re.findall(r"^<script\b", page_html, re.M)) == 3
    assert page_html.count("</style>") == len(re.findall(r"^<style\b", page_html, re.M)) == 2
    assert "<!--" not in page_html


def test_layout_is_spread_and_deterministic(bundled):
    positions = layout(bundled)
    assert positions == layout(bundled)
    assert all(isinstance(x, int) and isinstance(y, int) for x, y in positions.values())
    # No two nodes on top of each other (nodes are drawn 10 to 40 pixels wide).
    closest = min(math.dist(a, b) for a, b in itertools.combinations(positions.values(), 2))
    assert closest > 20


def test_categories():
    assert category({"type": "organisation", "kind": "police"}) == "police"
    assert category({"type": "organisation", "kind": "municipality"}) == "municipality"
    assert category({"type": "document", "kind": "law-section"}) == "law"
    assert category({"type": "document", "kind": "white-paper"}) == "plan-document"
    assert category({"type": "measure"}) == "measure"


def test_html_command(tmp_path, bundled, page_html):
    out = tmp_path / "sub" / "graph.html"
    result = CliRunner().invoke(main, ["html", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == page_html
    assert f"{bundled.number_of_nodes()} nodes, {bundled.number_of_edges()} edges" in result.output


def test_html_command_on_bad_input(tmp_path):
    result = CliRunner().invoke(
        main, ["html", str(tmp_path / "missing.txt"), "--out", str(tmp_path / "x.html")]
    )
    assert result.exit_code == 2
    assert result.output.startswith("Error: ") and result.output.count("\n") == 1
    assert not (tmp_path / "x.html").exists()


# ---------- the page in Chromium ----------


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), (
        f"{CHROMIUM} is missing: `make test` installs Debian's chromium (its debian-packages step)"
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


class Visit:
    """A page opened from a file with every other request aborted and counted."""

    def __init__(self, browser, path: Path):
        self.url = path.resolve().as_uri()
        self.context = browser.new_context(viewport={"width": 1600, "height": 1000})
        self.blocked: list[str] = []
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.set_default_timeout(10_000)
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("dialog", self._dialog)
        started = time.perf_counter()
        self.page.goto(self.url)
        self.page.wait_for_function("window.explorer && window.explorer.ready", timeout=10_000)
        self.seconds = time.perf_counter() - started

    def _route(self, route):
        if route.request.url == self.url:
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def outside(self) -> list[str]:
        return self.blocked + [url for url in self.requests if url != self.url]

    def js(self, expression: str, arg=None):
        return self.page.evaluate(expression, arg)

    def close(self):
        self.context.close()


def test_explorer_in_chromium(browser, bundled, page_html, tmp_path):
    path = tmp_path / "graph.html"
    path.write_text(page_html, encoding="utf-8")
    visit = Visit(browser, path)
    page = visit.page
    try:
        # Interactive fast: from navigation to the first drawing with handlers attached.
        print(
            f"time to interactive: {visit.seconds:.2f} s (in page {visit.js('window.explorer.readyMs'):.0f} ms)"
        )
        assert visit.seconds < 3.0
        assert visit.js("window.explorer.readyMs") < 3000

        # Every node of the graph is there and shown.
        assert visit.js("window.explorer.nodes.length") == bundled.number_of_nodes()
        assert visit.js("window.explorer.edges.length") == bundled.number_of_edges()
        assert len(visit.js("window.explorer.visibleNodeIds()")) == bundled.number_of_nodes()
        assert f"Showing {bundled.number_of_nodes()} of {bundled.number_of_nodes()} nodes" in page.inner_text(
            "#status"
        )

        # Search focuses and highlights the node.
        page.fill("#search", "NKVTS")
        page.press("#search", "Enter")
        page.wait_for_function(
            """id => {
                const n = window.explorer.network, p = n.getPositions([id])[id], v = n.getViewPosition();
                return Math.hypot(p.x - v.x, p.y - v.y) < 2;
            }""",
            arg="org:nkvts",
        )
        assert visit.js("window.explorer.network.getSelectedNodes()") == ["org:nkvts"]
        assert page.get_attribute("#details", "data-node") == "org:nkvts"
        assert bundled.nodes["org:nkvts"]["title"] in page.inner_text("#details")

        # A click on measure 18a shows its neighbourhood and its details.
        point = visit.js(
            """id => {
                const n = window.explorer.network;
                n.moveTo({position: n.getPositions([id])[id], scale: 1.5, animation: false});
                const d = n.canvasToDOM(n.getPositions([id])[id]);
                const box = document.getElementById("graph").getBoundingClientRect();
                return {x: d.x + box.left, y: d.y + box.top, hit: n.getNodeAt(d)};
            }""",
            M18A,
        )
        assert point["hit"] == M18A
        page.mouse.click(point["x"], point["y"])
        page.wait_for_function(f"document.getElementById('details').dataset.node === {json.dumps(M18A)}")
        details = page.inner_text("#details")
        responsible = bundled.nodes[M18A]["responsible"]
        assert responsible
        ministries = {
            data["abbreviation"]: data["title"]
            for _, data in bundled.nodes(data=True)
            if data["type"] == "organisation" and data["kind"] == "ministry"
        }
        for code in responsible:
            assert code in details and ministries[code] in details
        assert "NKVTS" in details and bundled.nodes[M18A]["title"] in details
        around = {M18A} | set(bundled.predecessors(M18A)) | set(bundled.successors(M18A))
        assert set(visit.js("window.explorer.visibleNodeIds()")) == around

        # Reset, then a filter hides the type it names (and only that).
        page.click("#reset-focus")
        police = {n for n, data in bundled.nodes(data=True) if category(data) == "police"}
        assert police
        page.get_by_label(ORG_KIND["police"].en, exact=True).uncheck()
        visible = set(visit.js("window.explorer.visibleNodeIds()"))
        assert visible == set(bundled.nodes) - police
        hidden = visit.js("window.explorer.nodes.get({filter: n => n.hidden}).map(n => n.id)")
        assert set(hidden) == police

        assert visit.errors == []
        assert visit.outside() == []
    finally:
        visit.close()


def test_document_text_shows_as_text_in_chromium(browser, tmp_path):
    path = tmp_path / "tiny.html"
    path.write_text(explorer_html(tiny_graph()), encoding="utf-8")
    visit = Visit(browser, path)
    try:
        visit.js("id => window.explorer.select(id, {focus: true})", "measure:p/1")
        details = visit.page.inner_text("#details")
        assert XSS in details
        assert "X </script> gjennomfører <svg onload=alert(5)>" in details
        assert (
            visit.js(
                "document.querySelectorAll('#details script, #details img, #details svg, #details b').length"
            )
            == 0
        )
        hrefs = visit.js(
            "Array.from(document.querySelectorAll('#details a')).map(a => a.getAttribute('href'))"
        )
        assert hrefs == ["https://example.org/?a=1&b=<2>"]  # javascript: is shown as text, not a link
        assert visit.dialogs == [] and visit.errors == [] and visit.outside() == []
    finally:
        visit.close()


def test_large_graphs_get_the_grid_variant_of_the_layout(bundled, monkeypatch):
    from graph.export import layout as layout_module

    # Nodes closer than 2k feel the same repulsion from the grid variant as from every pair.
    xs, ys, weight, k = [0.50, 0.51, 0.52, 0.505], [0.50, 0.52, 0.49, 0.50], [1.0, 2.0, 1.5, 1.0], 0.05
    exact, grid = (
        layout_module._repulsion(xs, ys, weight, k),
        layout_module._repulsion_by_grid(xs, ys, weight, k),
    )
    assert all(
        math.isclose(a, b, rel_tol=1e-9) for a, b in zip(exact[0] + exact[1], grid[0] + grid[1], strict=True)
    )
    # Nodes farther apart do not repel at all in the grid variant.
    assert layout_module._repulsion_by_grid([0.0, 0.5], [0.0, 0.5], [1.0, 1.0], k) == ([0.0, 0.0], [0.0, 0.0])
    exact = layout(bundled)
    monkeypatch.setattr(layout_module, "EXACT_LAYOUT_LIMIT", 100)  # the bundled graph counts as large
    positions = layout(bundled)
    assert positions == layout(bundled) and positions != exact
    points = list(positions.values())
    nearest = [min(math.dist(a, b) for b in points if b is not a) for a in points]
    assert min(nearest) > 4 and statistics.median(nearest) > 25  # spread, none on top of another


def test_a_graph_of_two_plans_can_be_narrowed_to_one(browser, tmp_path):
    from tests.conftest import SYNTHETIC

    graph = knowledge_graph([bundled_source(), SYNTHETIC])
    path = tmp_path / "two.html"
    path.write_text(explorer_html(graph), encoding="utf-8")
    visit = Visit(browser, path)
    page = visit.page
    try:
        groups = visit.js("Array.from(document.querySelectorAll('#chapter optgroup')).map(g => g.label)")
        assert groups == [
            "Handlingsplan mot menneskehandel (2019-2022)",
            "Handlingsplan mot vold i nære relasjoner (2014-2017)",
        ]
        page.select_option("#chapter", "plan:handlingsplan-mot-menneskehandel-2019-2022")
        visible = set(visit.js("window.explorer.visibleNodeIds()"))
        measures = {n for n in visible if graph.nodes[n]["type"] == "measure"}
        assert measures == {
            n for n, d in graph.nodes(data=True) if d["type"] == "measure" and "menneskehandel" in n
        }
        assert len(measures) == 7
        assert "org:jd" in visible and "org:nkvts" not in visible  # JD works in both plans, NKVTS not here
        # a measure of the other plan stays hidden, even the one that measure 1 here refers to
        assert f"measure:{PLAN}/12" not in visible
        assert visit.errors == [] and visit.outside() == []
    finally:
        visit.close()
