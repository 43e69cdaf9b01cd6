"""The explorer in Chromium: ready at every screen size, search (typos, diacritics, a word of a
name, evidence sentences), a neighbourhood isolated and laid out, labels that never overlap, filters
as chips, state in the URL with back and forward; every request but the page's own blocked."""

# ruff: noqa: F811 (the fixtures of tests/test_html.py are imported by name and used as arguments)

import json

import pytest

from graph.export.html import explorer_html
from graph.pipeline import knowledge_graph
from graph.resources import bundled_source
from tests.conftest import SYNTHETIC
from tests.test_html import M18A, PLAN, XSS, Visit, browser, bundled, page_file, page_html, tiny_graph  # noqa: F401

NKVTS = "org:nkvts"


def neighbours(graph, node, hops=1, hidden=("mentioned",)):
    """The nodes within `hops` steps of `node`, along edges of the relations drawn by default."""

    def linked(a):
        found = set()
        for u, v, attrs in [*graph.out_edges(a, data=True), *graph.in_edges(a, data=True)]:
            if attrs.get("role") not in hidden:
                found.add(v if u == a else u)
        return found

    seen, frontier = {node}, {node}
    for _ in range(hops):
        frontier = {n for f in frontier for n in linked(f)} - seen
        seen |= frontier
    return seen


def drawn_label_overlaps(visit) -> dict:
    """The label boxes vis-network computes for the visible nodes, those drawn at the current zoom
    (not smaller than its threshold), and the pairs of them that overlap."""
    return visit.js(
        """() => {
          const E = window.explorer, net = E.network, scale = net.getScale();
          net.redraw();
          const ids = E.visibleNodeIds();
          const boxes = ids.map(id => {
            const node = net.body.nodes[id], size = node.labelModule.size;
            return {id, drawn: node.options.font.size * scale >= E.labelThreshold - 1,
                    l: size.left, t: size.top, r: size.left + size.width, b: size.top + size.height};
          });
          const pairs = [];
          const check = list => {
            for (let i = 0; i < list.length; i++) for (let j = i + 1; j < list.length; j++) {
              const a = list[i], b = list[j];
              if (a.l < b.r && a.r > b.l && a.t < b.b && a.b > b.t) pairs.push([a.id, b.id]);
            }
          };
          check(boxes.filter(b => b.drawn));
          const drawnPairs = pairs.length;
          check(boxes.filter(b => !b.drawn).concat(boxes.filter(b => b.drawn)));
          return {drawn: boxes.filter(b => b.drawn).length, total: boxes.length, drawnPairs, pairs: pairs.slice(drawnPairs)};
        }"""
    )


@pytest.mark.parametrize("viewport", [(390, 844), (768, 1024), (1280, 800)], ids=lambda v: f"{v[0]}x{v[1]}")
def test_ready_at_every_screen_size(browser, bundled, page_file, viewport):
    visit = Visit(browser, page_file, viewport=viewport)
    try:
        sizes = visit.js(
            """() => Object.fromEntries(['graph', 'details', 'search', 'search-results'].map(id => {
                const r = document.getElementById(id).getBoundingClientRect();
                return [id, {top: r.top, bottom: r.bottom, height: r.height, width: r.width}];
            }))"""
        )
        width, height = viewport
        assert sizes["graph"]["height"] >= height / 2, sizes
        assert sizes["graph"]["width"] >= width * 0.5
        assert sizes["search"]["width"] >= 150
        if width < 700:  # a phone: the details are a sheet below the graph
            assert sizes["details"]["top"] >= sizes["graph"]["bottom"] - 1
            assert sizes["details"]["bottom"] <= height + 1
        assert len(visit.visible()) == bundled.number_of_nodes()
        # the whole graph fits the pane: every node is inside it
        inside = visit.js(
            """() => {
              const net = window.explorer.network, box = document.getElementById('graph').getBoundingClientRect();
              return Object.values(net.getPositions()).every(p => {
                const d = net.canvasToDOM(p); return d.x >= -1 && d.y >= -1 && d.x <= box.width + 1 && d.y <= box.height + 1; });
            }"""
        )
        assert inside
        assert visit.errors == [] and visit.outside() == []
    finally:
        visit.close()


def test_labels_never_overlap(browser, page_file):
    visit = Visit(browser, page_file)
    try:
        whole = drawn_label_overlaps(visit)
        assert whole["total"] == 248
        assert whole["drawnPairs"] == 0 and whole["pairs"] == []  # drawn or not, at any zoom
        assert whole["drawn"] >= 5  # the chapters at least are readable at the default zoom
        visit.js("() => window.explorer.network.moveTo({scale: 1.2, animation: false})")
        assert drawn_label_overlaps(visit)["drawn"] == 248
        visit.js("id => window.explorer.select(id, {focus: true, centre: true})", M18A)
        around = drawn_label_overlaps(visit)
        assert around["drawnPairs"] == 0 and around["pairs"] == [] and around["drawn"] == around["total"]
    finally:
        visit.close()


def test_search_forgives_typos_diacritics_and_finds_words_and_sentences(browser, bundled, page_file):
    visit = Visit(browser, page_file)
    try:
        search = lambda q: visit.js("q => window.explorer.search(q)", q)  # noqa: E731
        assert search("NKTVS")[0] == NKVTS  # one swap
        assert search("nkvts")[0] == NKVTS and search("Nasjonalt kunnskapssenter om vold")[0] == NKVTS
        assert search("barnehus")[0] == "org:statens-barnehus"  # a word of the name
        assert search("18a")[0] == M18A and search("tiltak 18 a")[0] == M18A
        assert search("JD")[0] == "org:jd"
        assert search("NKTS")[0] == NKVTS  # a form the gazetteer knows
        naere = search("vold i naere relasjoner")
        assert f"plan:{PLAN}" in naere[:3] and bundled.nodes[naere[0]]["title"].lower().count("nære") == 1
        # a sentence of the evidence, found by words that name no node
        sentences = visit.js("q => window.explorer.sentences(q)", "kampanje-nettsiden")
        assert sentences and all(
            "kampanje-nettsiden"
            in visit.js(
                "id => window.explorer.data.edges.find(e => e.id === id).evidence.map(x => x.text).join(' ')",
                e,
            )
            for e in sentences
        )
        page = visit.page
        page.fill("#search", "kampanje-nettsiden")
        page.wait_for_selector("#search-results li.sentence")
        assert page.get_attribute("#search", "aria-expanded") == "true"
        assert visit.errors == [] and visit.outside() == []
    finally:
        visit.close()


def test_choosing_a_result_isolates_its_neighbourhood(browser, bundled, page_file):
    visit = Visit(browser, page_file)
    page = visit.page
    try:
        page.fill("#search", "NKTVS")
        page.press("#search", "ArrowDown")
        page.press("#search", "Enter")
        page.wait_for_function("document.getElementById('details').dataset.node === 'org:nkvts'")
        assert visit.visible() == neighbours(bundled, NKVTS)
        assert len(visit.visible()) == 30
        centred = visit.js(
            """id => { const n = window.explorer.network, p = n.getPositions([id])[id], v = n.getViewPosition();
                return Math.hypot(p.x - v.x, p.y - v.y); }""",
            NKVTS,
        )
        assert centred < 2
        assert visit.js("window.explorer.network.getSelectedNodes()") == [NKVTS]
        details = page.inner_text("#details")
        assert bundled.nodes[NKVTS]["title"] in details
        relations = page.locator("#details ul.relations li").count()
        assert relations == sum(
            1 for u, v, a in [*bundled.out_edges(NKVTS, data=True), *bundled.in_edges(NKVTS, data=True)]
        )
        # two steps
        page.check("input[name=hops][value='2']")
        assert visit.visible() == neighbours(bundled, NKVTS, hops=2)
        # Esc returns to the whole graph
        page.locator("#graph canvas").focus()
        page.keyboard.press("Escape")
        assert len(visit.visible()) == bundled.number_of_nodes()
        # a click on a node of the canvas isolates it too
        page.check("input[name=hops][value='1']")
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
        assert visit.visible() == neighbours(bundled, M18A)
        details = page.inner_text("#details")
        for code in bundled.nodes[M18A]["responsible"]:
            assert code in details
        assert "NKVTS" in details and bundled.nodes[M18A]["title"] in details
        assert visit.errors == [] and visit.outside() == []
    finally:
        visit.close()


def test_dragging_the_view_and_clicking_an_edge(browser, bundled, page_file):
    visit = Visit(browser, page_file)
    page = visit.page
    try:
        visit.js("id => window.explorer.select(id, {focus: true, centre: true})", M18A)
        # an edge: a click on the middle of the line from NKVTS shows its evidence
        point = visit.js(
            """id => { const n = window.explorer.network, p = n.getPositions(['org:nkvts', id]);
                const d = n.canvasToDOM({x: (p['org:nkvts'].x + p[id].x) / 2, y: (p['org:nkvts'].y + p[id].y) / 2});
                const box = document.getElementById('graph').getBoundingClientRect();
                return {x: d.x + box.left, y: d.y + box.top, node: n.getNodeAt(d)}; }""",
            M18A,
        )
        assert point["node"] is None
        page.mouse.click(point["x"], point["y"])
        edge = page.get_attribute("#details", "data-edge")
        assert (
            edge
            and visit.js("id => window.explorer.data.edges.find(e => e.id === id).from", edge) == "org:nkvts"
        )
        evidence = bundled.edges["org:nkvts", M18A, "involved:executes"]["evidence"][0]["text"]
        assert evidence in page.inner_text("#details")
        # a drag from empty space moves the view by as much, and draws it once when let go
        before = visit.js("[window.explorer.network.getViewPosition(), window.explorer.network.getScale()]")
        box = page.locator("#graph").bounding_box()
        start = (box["x"] + 8, box["y"] + box["height"] - 8)
        assert visit.js("p => window.explorer.network.getNodeAt(p)", {"x": 8, "y": box["height"] - 8}) is None
        page.mouse.move(*start)
        page.mouse.down()
        page.mouse.move(start[0] + 60, start[1] - 40, steps=6)
        page.mouse.up()
        (view, scale) = visit.js(
            "[window.explorer.network.getViewPosition(), window.explorer.network.getScale()]"
        )
        assert scale == before[1]
        assert view["x"] == pytest.approx(before[0]["x"] - 60 / scale, abs=0.5)
        assert view["y"] == pytest.approx(before[0]["y"] + 40 / scale, abs=0.5)
        assert visit.js("document.querySelector('#graph canvas').style.transform") == ""
        assert page.get_attribute("#details", "data-edge") == edge  # a drag is not a click
        assert visit.errors == [] and visit.outside() == []
    finally:
        visit.close()


def test_filters_combine_as_chips(browser, bundled, page_file):
    visit = Visit(browser, page_file)
    page = visit.page
    try:
        chapter3 = {n for n, a in bundled.nodes(data=True) if a["type"] == "measure" and a["chapter"] == 3}
        page.select_option("#filter-chapter", f"chapter:{PLAN}/3")
        visible = visit.visible()
        assert {n for n in visible if bundled.nodes[n]["type"] == "measure"} == chapter3
        assert page.locator("#chips li[data-dim=chapter]").count() == 1
        # and funded by someone: the measures of chapter 3 with a funder
        page.select_option("#filter-role", "funds")
        funded = {
            m for m in chapter3 if any(a.get("role") == "funds" for _, _, a in bundled.in_edges(m, data=True))
        }
        assert funded
        visible = visit.visible()
        assert {n for n in visible if bundled.nodes[n]["type"] == "measure"} == funded
        orgs = {n for n in visible if bundled.nodes[n]["type"] == "organisation"}
        assert orgs == {
            u for m in funded for u, _, a in bundled.in_edges(m, data=True) if a.get("role") == "funds"
        }
        # laid out again: the view is not left in its global positions, and nothing overlaps
        moved = visit.js(
            """() => { const E = window.explorer, p = E.network.getPositions(E.visibleNodeIds());
                 return E.visibleNodeIds().filter(id => { const n = E.data.nodes.find(x => x.id === id);
                   return p[id].x !== n.x || p[id].y !== n.y; }).length; }"""
        )
        assert moved > 0
        assert drawn_label_overlaps(visit)["pairs"] == []
        # a ministry and a kind of node
        page.click("#chips li[data-dim=role] button")
        page.select_option("#filter-ministry", "org:bld")
        by_bld = {m for m in chapter3 if bundled.has_edge("org:bld", m, "involved:responsible")}
        assert {n for n in visit.visible() if bundled.nodes[n]["type"] == "measure"} == by_bld
        page.select_option("#filter-kind", "knowledge-centre")
        kinds = {bundled.nodes[n].get("kind") or bundled.nodes[n]["type"] for n in visit.visible()}
        assert kinds <= {"knowledge-centre", "measure"} and "knowledge-centre" in kinds
        page.click("#reset-filters")
        assert len(visit.visible()) == bundled.number_of_nodes()
        assert visit.errors == [] and visit.outside() == []
    finally:
        visit.close()


def test_the_url_keeps_the_state(browser, bundled, page_file):
    visit = Visit(browser, page_file)
    page = visit.page
    try:
        page.fill("#search", "NKVTS")
        page.press("#search", "Enter")
        page.wait_for_function("document.getElementById('details').dataset.node === 'org:nkvts'")
        page.select_option("#filter-role", "executes")
        page.click("#language button[data-lang=nb]")
        url = page.url
        assert "sel=org%3Ankvts" in url and "f=role%3Aexecutes" in url and "lang=nb" in url
        visible = visit.visible()
        fresh = visit.context.new_page()  # the link opened anew
        fresh.goto(url)
        fresh.wait_for_function("document.body.dataset.ready === 'true'")
        assert fresh.get_attribute("#details", "data-node") == NKVTS
        assert set(fresh.evaluate("window.explorer.visibleNodeIds()")) == visible
        assert fresh.evaluate("document.documentElement.lang") == "nb"
        assert fresh.inner_text("#search-label") == "Søk"
        assert fresh.locator("#chips li[data-dim=role]").count() == 1
        fresh.close()
        # back: English, then no role filter, then nothing selected
        page.go_back()
        page.wait_for_function("document.documentElement.lang === 'en'")
        page.go_back()
        page.wait_for_function("!document.querySelector('#chips li[data-dim=role]')")
        assert visit.visible() == neighbours(bundled, NKVTS)
        page.go_back()
        page.wait_for_function("!document.getElementById('details').dataset.node")
        assert len(visit.visible()) == bundled.number_of_nodes()
        page.go_forward()
        page.wait_for_function("document.getElementById('details').dataset.node === 'org:nkvts'")
        assert visit.errors == [] and visit.outside() == []
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


def test_a_graph_of_two_plans_can_be_narrowed_to_one(browser, tmp_path):
    graph = knowledge_graph([bundled_source(), SYNTHETIC])
    path = tmp_path / "two.html"
    path.write_text(explorer_html(graph), encoding="utf-8")
    visit = Visit(browser, path)
    page = visit.page
    try:
        options = visit.js(
            "Array.from(document.querySelectorAll('#filter-chapter option')).map(o => o.value)"
        )
        assert "plan:handlingsplan-mot-menneskehandel-2019-2022" in options and f"plan:{PLAN}" in options
        page.select_option("#filter-chapter", "plan:handlingsplan-mot-menneskehandel-2019-2022")
        visible = visit.visible()
        measures = {n for n in visible if graph.nodes[n]["type"] == "measure"}
        assert measures == {
            n for n, d in graph.nodes(data=True) if d["type"] == "measure" and "menneskehandel" in n
        }
        assert len(measures) == 7
        assert "org:jd" in visible and "org:nkvts" not in visible  # JD works in both plans, NKVTS not here
        assert f"measure:{PLAN}/12" not in visible  # the measure of the other plan that 1 here refers to
        assert visit.errors == [] and visit.outside() == []
    finally:
        visit.close()
