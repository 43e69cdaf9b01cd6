"""The explorer's other views (organisations × chapters, money, status by report), its exports (PNG,
CSV, a copied citation), its two languages, its keyboard use and axe-core's accessibility checks,
in Chromium with every request but the page's own blocked."""

# ruff: noqa: F811 (the fixtures of tests/test_html.py are imported by name and used as arguments)

import csv
import io
import struct

import pytest

from graph.export.html import explorer_html
from graph.pipeline import knowledge_graph
from graph.resources import bundled_source
from graph.vocabulary import ORG_KIND, ROLE, STATUS
from tests.test_html import M18A, PLAN, Visit, browser, bundled, page_file, page_html  # noqa: F401

SERIOUS = ("serious", "critical")


def axe_problems(page) -> list[str]:
    """The serious and critical violations axe-core finds on the page as it is."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{item['id']}: {item['help']} ({len(item['nodes'])}: {item['nodes'][0]['target']})"
        for item in results.response["violations"]
        if item["impact"] in SERIOUS
    ]


@pytest.fixture(scope="module")
def two_reports(tmp_path_factory):
    """The bundled plan as if reported on twice: an interim report of 2016 and the final one, each
    measure's status in both (as a graph of several reports of one plan carries them)."""
    graph = knowledge_graph([bundled_source()])
    final = graph.nodes[f"plan:{PLAN}"]["source"]
    measures = sorted(n for n, a in graph.nodes(data=True) if a["type"] == "measure")
    for number, node in enumerate(measures):
        graph.nodes[node]["status"] = [
            {
                "report": "interim-2016.txt",
                "date": "2016-06",
                "value": "ongoing" if number % 3 else "not_started",
            },
            {"report": final, "date": "2018-08", "value": "done" if number % 2 else "ongoing"},
        ]
    path = tmp_path_factory.mktemp("two-reports") / "graph.html"
    path.write_text(explorer_html(graph), encoding="utf-8")
    return graph, path, measures, final


def test_matrix_of_organisations_and_chapters(browser, bundled, page_file):
    visit = Visit(browser, page_file, fragment="#view=matrix")
    page = visit.page
    try:
        assert page.is_visible("#matrix") and not page.is_visible("#graph canvas")
        columns = page.locator("#matrix thead th").all_inner_texts()
        assert columns[1:6] == ["1", "2", "3", "4", "5"]
        row = page.locator("#matrix tr[data-node='org:nkvts'] td").all_inner_texts()
        chapters = {n: a["chapter"] for n, a in bundled.nodes(data=True) if a["type"] == "measure"}
        expected = [0] * 5
        for _, measure, attrs in bundled.out_edges("org:nkvts", data=True):
            if attrs["relation"] == "involved" and attrs["role"] != "mentioned":
                expected[chapters[measure] - 1] += 1
        assert [int(x or 0) for x in row[:5]] == expected and int(row[5]) == sum(expected)
        page.select_option("#matrix-role", "executes")
        executes = sum(
            1 for _, _, a in bundled.out_edges("org:nkvts", data=True) if a.get("role") == "executes"
        )
        assert int(page.locator("#matrix tr[data-node='org:nkvts'] td").last.inner_text()) == executes
        assert ROLE["executes"].en in page.inner_text("#matrix caption")
        # the number is in the cell, not only its colour
        assert page.locator("#matrix td.heat").first.inner_text().strip().isdigit()
        # a click on an organisation shows its details
        page.click("#matrix tr[data-node='org:nkvts'] th button")
        assert page.get_attribute("#details", "data-node") == "org:nkvts"
        assert axe_problems(page) == []
        assert visit.errors == [] and visit.outside() == []
    finally:
        visit.close()


def test_money_table_sorts(browser, bundled, page_file):
    visit = Visit(browser, page_file, fragment="#view=money")
    page = visit.page
    try:
        amounts = sorted(
            (a["nok"] for _, a in bundled.nodes(data=True) if a["type"] == "amount"), reverse=True
        )
        rows = page.locator("#money tbody tr")
        assert rows.count() == len(amounts) == 21
        shown = [
            int(t.replace("\u00a0", "").replace(" ", ""))
            for t in page.locator("#money tbody td:nth-child(5)").all_inner_texts()
        ]
        assert shown == amounts
        total = page.inner_text("#money tfoot td").replace("\u00a0", "").replace(" ", "")
        assert int(total) == sum(amounts)
        page.click("#money th button[data-sort=amount]")  # ascending
        shown = [
            int(t.replace("\u00a0", "").replace(" ", ""))
            for t in page.locator("#money tbody td:nth-child(5)").all_inner_texts()
        ]
        assert shown == sorted(amounts)
        assert page.get_attribute("#money th:nth-child(5)", "aria-sort") == "ascending"
        page.click("#money th button[data-sort=funder]")
        funders = page.locator("#money tbody td:nth-child(1)").all_inner_texts()
        known = [f for f in funders if f != "not stated"]
        assert known == sorted(known, key=str.lower) and funders[len(known) :] == ["not stated"] * (
            len(funders) - len(known)
        )
        # a filter narrows the table too
        page.select_option("#filter-chapter", f"chapter:{PLAN}/1")
        in_chapter1 = {
            a
            for m, a2 in [
                (n, d) for n, d in bundled.nodes(data=True) if d["type"] == "measure" and d["chapter"] == 1
            ]
            for _, a, _ in bundled.out_edges(m, data=True)
            if bundled.nodes[a]["type"] == "amount"
        }
        assert page.locator("#money tbody tr").count() == len(in_chapter1) > 0
        assert axe_problems(page) == []
        assert visit.errors == [] and visit.outside() == []
    finally:
        visit.close()


def test_status_by_report_when_a_plan_has_several_reports(browser, page_file, two_reports):
    graph, path, measures, final = two_reports
    single = Visit(browser, page_file)
    try:  # one report: no such view, no report filter
        assert single.page.locator("#views button[data-view=status]").count() == 0
        assert single.page.locator("#filter-report").count() == 0
    finally:
        single.close()
    visit = Visit(browser, path)
    page = visit.page
    try:
        page.click("#views button[data-view=status]")
        rows = page.locator(".status-table tbody tr")
        assert rows.count() == len(measures) == 50
        head = page.locator(".status-table thead th").all_inner_texts()
        assert head[1:] == ["2016-06 · interim-2016.txt", f"2018-08 · {final}"]
        first = page.locator(f".status-table tr[data-node='{measures[0]}'] td").all_inner_texts()
        assert first == [STATUS["not_started"].en, STATUS["ongoing"].en]  # words, not only colours
        # the status and report filters: done in the final report
        page.click("#views button[data-view=graph]")
        page.select_option("#filter-status", "done")
        done = {m for i, m in enumerate(measures) if i % 2}
        assert {n for n in visit.visible() if graph.nodes[n]["type"] == "measure"} == done
        page.select_option("#filter-report", "interim-2016.txt")  # status as that report gives it: none done
        assert not {n for n in visit.visible() if graph.nodes[n]["type"] == "measure"}
        assert visit.errors == [] and visit.outside() == []
    finally:
        visit.close()


def test_exports_png_csv_and_citation(browser, bundled, page_file, tmp_path):
    visit = Visit(
        browser,
        page_file,
        fragment=f"#sel={M18A.replace(':', '%3A').replace('/', '%2F')}&focus={M18A.replace(':', '%3A').replace('/', '%2F')}",
    )
    page = visit.page
    try:
        with page.expect_download() as download:
            page.click("#export-png")
        png = tmp_path / "view.png"
        download.value.save_as(png)
        data = png.read_bytes()
        assert download.value.suggested_filename == "tiltaksgraf-graph.png"
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = struct.unpack(">II", data[16:24])
        assert width >= 600 and height >= 700
        visible = visit.visible()
        with page.expect_download() as download:
            page.click("#export-nodes")
        rows = list(csv.DictReader(io.StringIO(download.value.path().read_text(encoding="utf-8"))))
        assert {row["id"] for row in rows} == visible
        row = next(r for r in rows if r["id"] == M18A)
        assert row["label"] == "18a · Det skal etableres en ny…" and row["type"] == "measure"
        with page.expect_download() as download:
            page.click("#export-edges")
        edges = list(csv.DictReader(io.StringIO(download.value.path().read_text(encoding="utf-8"))))
        assert len(edges) == len(visit.js("window.explorer.visibleEdgeIds()")) > 10
        assert all(M18A in (e["from"], e["to"]) for e in edges)
        nkvts = next(e for e in edges if e["from"] == "org:nkvts" and e["role"] == "executes")
        evidence = bundled.edges["org:nkvts", M18A, "involved:executes"]["evidence"]
        assert nkvts["sentence"] == evidence[0]["text"] and nkvts["lines"].split()[0] == str(
            evidence[0]["line"]
        )
        # the citation of an evidence sentence, copied
        visit.context.grant_permissions(["clipboard-read", "clipboard-write"])
        button = page.locator("#details .evidence", has_text=evidence[0]["text"]).first.locator("button.cite")
        button.click()
        page.wait_for_function("window.explorer.exported.citation !== null")
        citation = visit.js("window.explorer.exported.citation")
        plan = bundled.nodes[f"plan:{PLAN}"]
        assert citation.startswith(
            f"{plan['title']} (2014–2017), {plan['source']}, {plan['report_date']}, measure 18a, line {evidence[0]['line']}: “"
        )
        assert citation.endswith(f"{evidence[0]['text']}”")
        page.wait_for_function("document.getElementById('status').textContent === 'Citation copied'")
        assert visit.js("navigator.clipboard.readText()") == citation
        # a PNG of a table view
        page.click("#views button[data-view=money]")
        with page.expect_download() as download:
            page.click("#export-png")
        assert download.value.suggested_filename == "tiltaksgraf-money.png"
        assert download.value.path().read_bytes()[:4] == b"\x89PNG"
        assert visit.errors == [] and visit.outside() == []
    finally:
        visit.close()


def test_two_languages(browser, bundled, page_file):
    visit = Visit(browser, page_file, fragment="#lang=nb")
    page = visit.page
    try:
        assert visit.js("document.documentElement.lang") == "nb"
        assert ORG_KIND["police"].nb in page.inner_text("#legend")
        assert ROLE["executes"].nb in page.inner_text("#edge-filters")
        assert page.inner_text("#views button[data-view=money]") == "Penger"
        visit.js("id => window.explorer.select(id, {focus: true})", "org:nkvts")
        details = page.inner_text("#details")
        assert "Tiltak, etter rolle" in details and f"{ROLE['executes'].nb} (" in details
        page.click("#language button[data-lang=en]")
        assert visit.js("document.documentElement.lang") == "en"
        assert ORG_KIND["police"].en in page.inner_text("#legend")
        assert "Measures, by role" in page.inner_text("#details")
        assert "lang=" not in page.url
        assert visit.errors == [] and visit.outside() == []
    finally:
        visit.close()


def test_keyboard_reaches_search_results_filters_and_details(browser, bundled, page_file):
    visit = Visit(browser, page_file)
    page = visit.page
    try:
        order = []
        for _ in range(12):
            page.keyboard.press("Tab")
            order.append(
                visit.js(
                    "document.activeElement.id || document.activeElement.getAttribute('data-lang') || document.activeElement.tagName"
                )
            )
        assert order.index("search") < order.index("fit") < order.index("filter-chapter"), order
        page.focus("#search")
        page.keyboard.type("barnehus")
        page.wait_for_selector("#result-0")  # the results are drawn after the input event
        page.keyboard.press("ArrowDown")
        assert page.get_attribute("#search", "aria-activedescendant") == "result-0"
        page.keyboard.press("Enter")
        page.wait_for_selector("#details[data-node='org:statens-barnehus']", timeout=10_000)
        assert page.get_attribute("#details", "data-node") == "org:statens-barnehus"
        # the details and their relations are reachable by keyboard, as text and links
        links = page.locator("#details button.link")
        assert links.count() >= 1
        relations = page.locator("#details ul.relations li").all_inner_texts()
        assert relations and all("→" in r or "←" in r for r in relations)
        links.first.focus()
        target = links.first.get_attribute("data-node")
        page.keyboard.press("Enter")
        page.wait_for_selector(f"#details[data-node='{target}']", timeout=10_000)
        assert page.get_attribute("#details", "data-node") == target
        # Esc from the page returns to the whole graph
        page.keyboard.press("Escape")
        assert len(visit.visible()) == bundled.number_of_nodes()
        # the graph itself takes the keyboard: arrow keys move the view
        page.focus("#graph .vis-network")
        before = visit.js("window.explorer.network.getViewPosition()")
        page.keyboard.down("ArrowRight")
        page.wait_for_timeout(200)
        page.keyboard.up("ArrowRight")
        assert visit.js("window.explorer.network.getViewPosition()") != before
        assert visit.errors == [] and visit.outside() == []
    finally:
        visit.close()


@pytest.mark.parametrize("viewport", [(390, 844), (1280, 800)], ids=lambda v: f"{v[0]}x{v[1]}")
def test_axe_finds_no_serious_violation(browser, page_file, viewport):
    visit = Visit(browser, page_file, viewport=viewport)
    page = visit.page
    try:
        assert axe_problems(page) == []
        page.fill("#search", "NKVTS")
        assert axe_problems(page) == []  # the open list of results
        page.press("#search", "Enter")
        assert axe_problems(page) == []  # the details
        if viewport[0] < 1000:
            page.click("#controls-toggle")
            assert page.is_visible("#filter-chapter")
            assert axe_problems(page) == []
        assert visit.errors == [] and visit.outside() == []
    finally:
        visit.close()
