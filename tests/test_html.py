"""The HTML explorer as a document: escaping, determinism, embedded data, vis-network from pyvis's
files, the layout (no two boxes overlap, chapters apart, ministries in the middle, cached), the
`html` command. The fixtures of the browser tests (test_html_*.py) are here too: Debian's
/usr/bin/chromium driven by Playwright, with every request but the page's own blocked and counted."""

import json
import math
import re
import subprocess
import sys
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from click.testing import CliRunner

from graph.cli import main
from graph.export import labels
from graph.export import layout as layout_module
from graph.export.html import category, explorer_data, explorer_html, statuses
from graph.pipeline import knowledge_graph
from graph.resources import bundled_source
from graph.vocabulary import ORG_KIND, ROLE
from tests.conftest import ROOT, SYNTHETIC

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


def boxes_of(graph) -> dict:
    """The boxes the page draws, as explorer_data computes them."""
    data = explorer_data(graph)
    return {
        n["id"]: (n["x"], n["y"], labels.footprint(n["label"], n["size"], n["font"])) for n in data["nodes"]
    }


def overlapping(placed: dict) -> list[tuple[str, str]]:
    ids = sorted(placed)
    rects = np.array([[x + b[0], y + b[1], x + b[2], y + b[3]] for x, y, b in (placed[i] for i in ids)])
    hit = (
        (rects[:, None, 0] < rects[None, :, 2])
        & (rects[:, None, 2] > rects[None, :, 0])
        & (rects[:, None, 1] < rects[None, :, 3])
        & (rects[:, None, 3] > rects[None, :, 1])
    )
    np.fill_diagonal(hit, False)
    return [(ids[i], ids[j]) for i, j in zip(*np.nonzero(np.triu(hit)), strict=True)]


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
    assert data["edges"][0]["evidence"][0]["text"] == "X </script> gjennomfører <svg onload=alert(5)>"


def test_same_graph_gives_the_same_bytes(bundled, page_html):
    assert explorer_html(bundled) == page_html
    shuffled = nx.MultiDiGraph()
    shuffled.add_nodes_from(reversed(list(bundled.nodes(data=True))))
    shuffled.add_edges_from(reversed(list(bundled.edges(keys=True, data=True))))
    layout_module._MEMORY.clear()  # laid out again, or read from the cache folder: the same
    assert explorer_html(shuffled) == page_html


def test_embedded_data_matches_the_graph(bundled, page_html):
    data = embedded(page_html)
    assert len(data["nodes"]) == bundled.number_of_nodes() == 248
    assert len(data["edges"]) == bundled.number_of_edges() == 634
    assert {node["id"] for node in data["nodes"]} == set(bundled.nodes)
    assert all(isinstance(node["x"], int) and isinstance(node["y"], int) for node in data["nodes"])
    node = {item["id"]: item for item in data["nodes"]}
    assert node["org:nkvts"]["category"] == "knowledge-centre" and node["org:nkvts"]["label"] == "NKVTS"
    assert node["org:nkvts"]["attrs"]["abbreviation"] == "NKVTS"
    assert "NKTS" in node["org:nkvts"]["attrs"]["aliases"]  # the gazetteer's other forms, for search
    assert node[M18A]["label"] == "18a · Det skal etableres en ny…"
    assert node[f"chapter:{PLAN}/3"]["label"].startswith("3 · ")
    assert data["hiddenKinds"] == ["involved:mentioned"]
    roles = {role["key"]: role for role in data["roles"]}
    assert (
        roles["executes"]["nb"] == ROLE["executes"].nb == "utfører" and roles["executes"]["en"] == "executes"
    )
    categories = {item["key"]: item for item in data["categories"]}
    assert categories["police"]["nb"] == ORG_KIND["police"].nb
    assert set(data["i18n"]["en"]) == set(data["i18n"]["nb"])  # every text in both languages
    assert [r["key"] for r in data["reports"]] == [bundled.nodes[f"plan:{PLAN}"]["source"]]


def test_statuses_are_read_in_every_form_a_graph_may_carry():
    assert statuses({"status": None}) == []
    assert statuses({"status": "done"}) == [{"value": "done"}]
    assert statuses({"status": {"value": "ongoing", "label": "pågår", "line": 4}}) == [
        {"value": "ongoing", "label": "pågår", "line": 4}
    ]
    later = {"report": "b.txt", "date": "2019-06", "value": "done"}
    earlier = {"report": "a.txt", "date": "2018-03", "value": "ongoing"}
    assert statuses({"status": [later, earlier, {"value": ""}]}) == [earlier, later]


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


def test_vis_network_is_read_from_pyvis_files_without_importing_pyvis():
    code = (
        "import sys; from graph.export.html import _vis_file; "
        "js = _vis_file('vis-network.min.js'); css = _vis_file('vis-network.css'); "
        "print(len(js) > 100000, '.vis-network' in css, 'pyvis' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.split() == ["True", "True", "False"]


def test_categories():
    assert category({"type": "organisation", "kind": "police"}) == "police"
    assert category({"type": "organisation", "kind": "municipality"}) == "municipality"
    assert category({"type": "document", "kind": "law-section"}) == "law"
    assert category({"type": "document", "kind": "white-paper"}) == "plan-document"
    assert category({"type": "measure"}) == "measure"


def test_labels():
    assert labels.shorten("Det skal etableres en ny nettportal om vold", 26) == "Det skal etableres en ny…"
    assert labels.label({"type": "organisation", "abbreviation": "NKVTS", "label": "NKVTS"}) == "NKVTS"
    assert labels.label({"type": "measure", "measure": "6b", "title": "Statistikk"}) == "6b · Statistikk"
    assert labels.text_width("Wi", 10) == pytest.approx(9.9 + 2.8)


# ---------- the layout ----------


def test_no_two_boxes_overlap_and_the_layout_is_deterministic(bundled):
    placed = boxes_of(bundled)
    assert overlapping(placed) == []
    boxes = {node: box for node, (_, _, box) in placed.items()}
    assert layout_module.layout(bundled, boxes) == layout_module.layout(bundled, boxes)


def test_two_plans_laid_out_without_overlap():
    graph = knowledge_graph([bundled_source(), SYNTHETIC])
    placed = boxes_of(graph)
    assert len(placed) == graph.number_of_nodes() and overlapping(placed) == []


def test_chapters_are_apart_and_ministries_in_the_middle(bundled):
    placed = boxes_of(bundled)
    measures = {n: a["chapter"] for n, a in bundled.nodes(data=True) if a["type"] == "measure"}
    centres = {
        chapter: np.mean([placed[n][:2] for n, c in measures.items() if c == chapter], axis=0)
        for chapter in set(measures.values())
    }

    def nearest(point):
        return min(centres, key=lambda chapter: math.dist(point, centres[chapter]))

    # every measure is nearer to the centre of its own chapter than to any other chapter's
    assert all(nearest(placed[n][:2]) == chapter for n, chapter in measures.items())
    # a body that works in one chapter only sits by that chapter
    single = {}
    for node, attrs in bundled.nodes(data=True):
        if attrs["type"] == "organisation" and attrs["kind"] != "ministry":
            chapters = {measures[m] for m in bundled.successors(node) if m in measures}
            if len(chapters) == 1 and set(bundled.successors(node)) <= set(measures):
                single[node] = chapters.pop()
    assert len(single) > 30
    assert sum(nearest(placed[n][:2]) == chapter for n, chapter in single.items()) >= 0.9 * len(single)
    # the ministries are nearer the middle than every measure
    middle = np.mean([placed[n][:2] for n in measures], axis=0)
    ministries = [n for n, a in bundled.nodes(data=True) if a.get("kind") == "ministry"]
    assert len(ministries) >= 6
    assert max(math.dist(placed[n][:2], middle) for n in ministries) < min(
        math.dist(placed[n][:2], middle) for n in measures
    )


def test_layouts_are_cached_by_the_graph_content(bundled, tmp_path, monkeypatch):
    monkeypatch.setenv("TILTAKSGRAF_CACHE", str(tmp_path))
    monkeypatch.setattr(layout_module, "_MEMORY", {})
    boxes = {node: box for node, (_, _, box) in boxes_of(bundled).items()}
    positions = layout_module.layout_cached(bundled, boxes)
    entries = list(tmp_path.glob("*-layout.json"))
    assert len(entries) == 1 and json.loads(entries[0].read_text())["org:nkvts"] == list(
        positions["org:nkvts"]
    )

    def no_layout(*_args):
        raise AssertionError("laid out again")

    monkeypatch.setattr(layout_module, "layout", no_layout)
    monkeypatch.setattr(layout_module, "_MEMORY", {})
    assert layout_module.layout_cached(bundled, boxes) == positions  # from the cache folder
    entries[0].write_text('{"org:nkvts": "x"}')  # a damaged entry is laid out again
    monkeypatch.setattr(layout_module, "_MEMORY", {})
    with pytest.raises(AssertionError, match="laid out again"):
        layout_module.layout_cached(bundled, boxes)
    other = dict(boxes, **{"org:nkvts": (-99.0, -9.0, 99.0, 30.0)})  # another box: another key
    assert layout_module._digest(bundled, other) != layout_module._digest(bundled, boxes)


# ---------- the command ----------


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


# ---------- the browser, for test_html_*.py ----------


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
    """A page opened from a file with every other request aborted and counted. Files the page
    saves (its exports) are made in the page (blob: addresses) and are not requests."""

    def __init__(self, browser, path: Path, viewport=(1280, 800), fragment: str = ""):
        self.url = path.resolve().as_uri()
        self.context = browser.new_context(
            viewport={"width": viewport[0], "height": viewport[1]}, accept_downloads=True
        )
        self.blocked: list[str] = []
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("dialog", self._dialog)
        self.open(fragment)

    def open(self, fragment: str = ""):
        self.page.goto(self.url + fragment)
        self.wait_ready()

    def wait_ready(self):
        self.page.wait_for_function("document.body.dataset.ready === 'true' && window.explorer.ready")

    def _route(self, route):
        if route.request.url.split("#")[0] == self.url:
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def outside(self) -> list[str]:
        own = (self.url, "blob:")
        return self.blocked + [url for url in self.requests if not url.split("#")[0].startswith(own)]

    def js(self, expression: str, arg=None):
        return self.page.evaluate(expression, arg)

    def visible(self) -> set[str]:
        return set(self.js("window.explorer.visibleNodeIds()"))

    def close(self):
        self.context.close()


@pytest.fixture(scope="module")
def page_file(page_html, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("explorer") / "graph.html"
    path.write_text(page_html, encoding="utf-8")
    return path
