"""The query page of `tiltaksgraf serve`: the vendored YASGUI is the one its manifest records, the
page's files come from the endpoint under a policy without inline scripts or eval, and in headless
Chromium (every request to another origin blocked and counted) an example runs, IRIs show with
their prefixes and open their triples, answers page and download, and a syntax error shows where."""

import csv
import hashlib
import io
import json
import re
from urllib.parse import quote, urlsplit

import pytest

from graph.namespaces import PREFIXES, TG
from graph.resources import resource
from graph.sparql import page
from graph.sparql.examples import example, examples
from tests.sparql_http import call, serving, url_of
from tests.test_endpoint_browser import browser, store  # noqa: F401 (fixtures)

VENDOR = resource(*page.VENDOR)
NKVTS = "https://w3id.org/tiltaksgraf/org/nkvts"
CODEMIRROR = "document.querySelector('.tabPanel.active .CodeMirror').CodeMirror"
RECORD_VIOLATIONS = """
window.violations = [];
document.addEventListener("securitypolicyviolation", (event) =>
  window.violations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`));
"""


def test_the_vendored_yasgui_is_the_one_its_manifest_records():
    manifest = page.manifest()
    assert (manifest["package"], manifest["version"]) == ("@zazuko/yasgui", "4.6.2")
    assert manifest["integrity"].startswith("sha512-") and manifest["tarball"].endswith("yasgui-4.6.2.tgz")
    files = {item.name for item in VENDOR.iterdir()}
    assert files == {*manifest["sha256"], "MANIFEST.json", "README.md"}
    for name, digest in manifest["sha256"].items():
        assert hashlib.sha256(VENDOR.joinpath(name).read_bytes()).hexdigest() == digest, name
    assert VENDOR.joinpath("LICENSE").read_text().startswith("The MIT License (MIT)")
    notices = VENDOR.joinpath("THIRD-PARTY-LICENSES.txt").read_text()
    for bundled in ("codemirror 5.65.21", "datatables.net 2.3.8", "jquery 3.7.1", "dompurify 3.4.13"):
        assert re.search(rf"^{bundled} — ", notices, re.MULTILINE), bundled


def test_the_policy_allows_no_inline_script_and_only_the_styles_yasgui_puts_in():
    policy = dict(directive.strip().split(" ", 1) for directive in page.POLICY.split(";"))
    assert policy["script-src"] == "'self'" and policy["connect-src"] == "'self'"
    assert "unsafe-inline" not in page.POLICY and "unsafe-eval" not in page.POLICY
    bundle = page.asset("yasgui.min.js").body.decode()
    resizer, cursor = page.INJECTED_STYLES
    assert resizer in bundle  # column-resizer's rules, verbatim
    assert (
        "`*{cursor:`+" in bundle
        and "dragCursor:`col-resize`" in bundle
        and cursor == "*{cursor:col-resize!important}"
    )
    assert "<strong style='text-decoration:underline'>" in bundle  # YASQE's tooltip
    assert page.INJECTED_ATTRIBUTES == ("text-decoration:underline",)
    assert policy["style-src-attr"].startswith("'unsafe-hashes' 'sha256-")


@pytest.fixture(scope="module")
def server(store):  # noqa: F811
    with serving(store, workers=1) as running:
        yield running


def test_the_page_names_its_files_by_hash_and_the_endpoint_serves_them(server):
    status, media, body = call(f"{url_of(server)}/")
    html = body.decode()
    assert (status, media) == (200, "text/html; charset=utf-8")
    tags = re.findall(r'(?:src|href)="(/assets/[^"?]+)\?v=([0-9a-f]{16})" integrity="(sha256-[^"]+)"', html)
    assert sorted(name for name, _, _ in tags) == [
        "/assets/query.css",
        "/assets/query.js",
        "/assets/yasgui.min.css",
        "/assets/yasgui.min.js",
    ]
    for path, version, integrity in tags:
        status, media, served = call(f"{url_of(server)}{path}?v={version}")
        assert status == 200 and media.startswith(("text/javascript", "text/css"))
        assert served == page.asset(path.removeprefix("/assets/")).body
        assert hashlib.sha256(served).hexdigest().startswith(version)
        assert integrity == page.asset(path.removeprefix("/assets/")).integrity
    config = json.loads(
        re.search(r'<script type="application/json" id="query-config">(.*?)</script>', html, re.S)[1]
    )
    assert config["prefixes"] == page.PAGE_PREFIXES and PREFIXES.items() <= config["prefixes"].items()
    assert [example["file"] for example in config["examples"]][:2] == [
        "01-who-is-involved-where.rq",
        "02-measures-shared-by-ministries.rq",
    ]
    assert "<script>" not in html  # no inline script: the configuration is a JSON data block
    assert call(f"{url_of(server)}/assets/nothing.js")[0] == 404
    assert call(f"{url_of(server)}/assets/..%2f..%2fpyproject.toml")[0] == 404
    assert call(f"{url_of(server)}/assets/query.js", b"x", {"Content-Type": "text/plain"})[0] == 405


class Visit:
    """The query page in Chromium, requests to other origins aborted and counted, CSP violations
    and script errors recorded."""

    def __init__(self, browser, server, fragment: str = ""):  # noqa: F811
        self.origin = url_of(server)
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
        self.requests: list[str] = []
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)
        self.context.add_init_script(RECORD_VIOLATIONS)
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.page.on("request", lambda request: self.requests.append(f"{request.method} {request.url}"))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.goto(f"{self.origin}/{fragment}")
        self.page.wait_for_selector("body[data-ready='true']")

    def _route(self, route):
        if urlsplit(route.request.url)._replace(path="", query="", fragment="").geturl() == self.origin:
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def example(self, file: str):
        self.page.select_option("#examples", file)
        self.run()

    def run(self):
        self.page.click(".tabPanel.active .yasqe_queryButton")

    def rows(self) -> list[list[str]]:
        """The cells of the active tab's table as shown (the row numbers first)."""
        self.page.wait_for_selector(".tabPanel.active .yasr table.dataTable tbody tr td")
        return self.page.eval_on_selector_all(
            ".tabPanel.active .yasr table.dataTable tbody tr",
            "rows => rows.map(row => [...row.cells].map(cell => cell.innerText.trim()))",
        )

    def check_clean(self):
        assert self.blocked == [] and self.errors == []
        assert all(request.split(" ", 1)[1].startswith(self.origin + "/") for request in self.requests)
        assert self.page.evaluate("window.violations") == []

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser, server):  # noqa: F811
    opened = Visit(browser, server)
    yield opened
    opened.close()


def test_the_page_loads_from_its_own_origin_only(visit):
    assert visit.page.inner_text("#endpoint") == f"{visit.origin}/sparql"
    options = visit.page.eval_on_selector_all("#examples option", "options => options.map(o => o.value)")
    assert options == ["", *(example.file for example in examples())] and len(options) == 1 + 16
    visit.check_clean()
    loaded = sorted(urlsplit(request.split(" ", 1)[1]).path for request in visit.requests)
    assert loaded == [
        "/",
        "/assets/query.css",
        "/assets/query.js",
        "/assets/yasgui.min.css",
        "/assets/yasgui.min.js",
    ]


def test_an_example_runs_and_shows_prefixed_iris_a_page_at_a_time(visit, store):  # noqa: F811
    visit.example("16-involvements-as-resources.rq")
    rows = visit.rows()
    total = len(list(store.query(page_query("16"))))
    assert total == 361 and len(rows) == 50  # YASR's pages have 50 rows
    assert visit.page.inner_text(".tabPanel.active .dt-info") == f"Showing 1 to 50 of {total} entries"
    first = rows[0]
    assert first[0] == "1" and first[1].endswith("/measure/1>") and first[3] == "tg:Responsible"
    roles = {row[3] for row in rows}
    assert roles <= {
        f"tg:{name}"
        for name in ("Responsible", "Commissioner", "Executor", "Funder", "Evaluator", "Partner", "Mentioned")
    }
    assert (
        visit.page.get_attribute(".tabPanel.active .yasr td a.iri >> text=tg:Responsible", "href")
        == TG + "Responsible"
    )
    visit.page.click(".tabPanel.active .dt-paging button:has-text('2')")
    second = visit.rows()
    assert [second[0][0], second[-1][0]] == ["51", "100"]
    visit.check_clean()


def page_query(number: str) -> str:
    return example(number).text


def test_clicking_an_iri_shows_its_triples(visit, store):  # noqa: F811
    visit.example("16-involvements-as-resources.rq")
    visit.page.fill(".tabPanel.active .tableFilter", "nkvts")  # YASR's filter, to bring one to the first page
    link = visit.page.locator(f".tabPanel.active .yasr td a.iri[href='{NKVTS}']").first
    link.click()
    visit.page.wait_for_function("document.querySelectorAll('.tabsList .tab').length === 3")
    assert visit.page.inner_text(".tabsList .tab.active").split("\n")[0] == "nkvts"
    rows = visit.rows()
    expected = len(
        list(store.query(f"SELECT * WHERE {{ {{ <{NKVTS}> ?p ?o }} UNION {{ ?s ?p <{NKVTS}> }} }}"))
    )
    assert (
        visit.page.inner_text(".tabPanel.active .dt-info")
        == f"Showing 1 to {min(expected, 50)} of {expected} entries"
    )
    cells = {(row[1], row[2], row[3]) for row in rows}
    assert (f"<{NKVTS}>", "tg:abbreviation", "NKVTS") in cells
    assert (f"<{NKVTS}>", "rdf:type", "org:Organization") in cells
    assert (
        f"<{NKVTS}>",
        "skos:prefLabel",
        '"Nasjonalt kunnskapssenter om vold og traumatisk stress"@nb',
    ) in cells
    query = visit.page.evaluate(f"{CODEMIRROR}.getValue()")
    assert f"VALUES ?subject {{ <{NKVTS}> }}" in query and f"VALUES ?object {{ <{NKVTS}> }}" in query
    visit.check_clean()


def test_an_iri_that_is_no_sparql_term_is_not_put_into_a_query(visit):
    """pyoxigraph gives no such IRI; an answer that holds one (here made up in the browser) is refused."""
    hostile = "urn:a> } ?s ?p ?o {"
    answer = {"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "uri", "value": hostile}}]}}
    visit.page.route(
        f"{visit.origin}/sparql",
        lambda route: route.fulfill(content_type="application/sparql-results+json", body=json.dumps(answer)),
    )
    visit.page.evaluate(f"{CODEMIRROR}.setValue('SELECT ?x WHERE {{ }}')")
    visit.run()
    visit.page.locator(".tabPanel.active .yasr td a.iri").first.click()
    assert visit.page.inner_text("#query-error").startswith("not an IRI that SPARQL can name: urn:a> }")
    assert visit.page.eval_on_selector_all(".tabsList .tab", "tabs => tabs.length") == 1
    visit.check_clean()


def test_a_broken_query_shows_where_its_error_is(visit):
    visit.page.evaluate(f"{CODEMIRROR}.setValue('SELECT ?x WHERE {{\\n  ?x ?y\\n}}')")
    visit.run()
    visit.page.wait_for_selector("#query-error:not([hidden])")
    message = visit.page.inner_text("#query-error")
    assert message.startswith("Syntax error at line 3, column 1: expected ")
    assert "a variable" in message and "an IRI" in message
    assert visit.page.inner_text(".tabPanel.active .query-error-at") == "}"
    assert visit.page.locator(".tabPanel.active .parseErrorIcon").count() == 1  # YASQE's mark in the gutter
    assert "malformed query: query:3:1:" in visit.page.inner_text(".tabPanel.active .yasr .errorResult")
    visit.page.evaluate(f"{CODEMIRROR}.replaceRange(' ', {{line: 2, ch: 0}})")  # an edit clears the mark
    assert visit.page.is_hidden("#query-error") and visit.page.locator(".query-error-at").count() == 0
    # A predeclared prefix is no error here (YASQE's editor marks it), so the next error is found.
    visit.page.evaluate(f"{CODEMIRROR}.setValue('SELECT * WHERE {{ ?m tg:title ?t . ?m }}')")
    visit.run()
    visit.page.wait_for_selector("#query-error:not([hidden])")
    assert visit.page.inner_text("#query-error").startswith("Syntax error at line 1, column 38: expected ")
    assert "a prefixed name" in visit.page.inner_text("#query-error")
    # A query refused for another reason is no syntax error: YASR shows the message, nothing is marked.
    visit.page.evaluate(
        f"{CODEMIRROR}.setValue('SELECT * WHERE {{ SERVICE <http://example.org/sparql> {{ ?s ?p ?o }} }}')"
    )
    visit.run()
    visit.page.wait_for_selector(".tabPanel.active .yasr .errorResult >> text=federated queries are off")
    assert visit.page.is_hidden("#query-error") and visit.page.locator(".query-error-at").count() == 0
    visit.check_clean()


def test_answers_download_as_csv_tsv_and_json(visit):
    visit.example("01-who-is-involved-where.rq")
    visit.rows()
    files = {}
    for label in ("csv", "tsv", "json"):
        with visit.page.expect_download() as download:
            visit.page.click(f"#downloads button[data-format={label}]")
        files[label] = (download.value.suggested_filename, download.value.path().read_text(encoding="utf-8"))
    name, text = files["csv"]
    table = list(csv.reader(io.StringIO(text)))
    assert name == "01-who-is-involved-where.csv"
    assert table[0] == ["measure", "title", "organisation", "role"] and len(table) == 1 + 361
    assert files["tsv"][0].endswith(".tsv") and files["tsv"][1].startswith(
        "?measure\t?title\t?organisation\t?role\n"
    )
    answer = json.loads(files["json"][1])
    assert answer["head"]["vars"] == ["measure", "title", "organisation", "role"]
    assert len(answer["results"]["bindings"]) == 361
    assert visit.page.is_hidden("#downloads button[data-format=ttl]")
    visit.page.evaluate(f"{CODEMIRROR}.setValue('DESCRIBE <{NKVTS}>')")
    visit.run()
    visit.page.wait_for_selector("#downloads button[data-format=ttl]:visible")
    with visit.page.expect_download() as download:
        visit.page.click("#downloads button[data-format=nt]")
    lines = download.value.path().read_text(encoding="utf-8").splitlines()
    assert lines and all(line.startswith(f"<{NKVTS}> ") for line in lines)
    visit.check_clean()


def test_the_ontology_prefixes_are_completed(visit):
    visit.page.evaluate(f"{CODEMIRROR}.setValue('')")
    visit.page.click(".tabPanel.active .CodeMirror")
    visit.page.keyboard.type("PREFIX ")
    visit.page.keyboard.press("Control+Space")
    visit.page.wait_for_selector(".CodeMirror-hints li")
    hints = visit.page.locator(".CodeMirror-hints li").all_inner_texts()
    assert hints == sorted(f"{prefix}: <{namespace}>" for prefix, namespace in page.PAGE_PREFIXES.items())
    visit.page.keyboard.press("Escape")
    visit.page.evaluate(f"{CODEMIRROR}.setValue('')")
    visit.page.keyboard.type("SELECT * WHERE { ?m prov:")
    visit.page.wait_for_function(f"{CODEMIRROR}.getValue().startsWith('PREFIX')")
    assert (
        visit.page.evaluate(f"{CODEMIRROR}.getValue()")
        == f"PREFIX prov: <{PREFIXES['prov']}>\nSELECT * WHERE {{ ?m prov:"
    )
    visit.check_clean()


def test_a_shared_link_runs_its_query_here_and_nowhere_else(browser, server):  # noqa: F811
    link = "#" + "&".join(
        f"{name}={quote(value, safe='')}"
        for name, value in (("query", "ASK { ?m a tg:Measure }"), ("endpoint", "http://example.org/sparql"))
    )
    visit = Visit(browser, server, link)
    try:
        visit.page.wait_for_selector(".tabPanel.active .yasr .booleanResult")
        assert "true" in visit.page.inner_text(".tabPanel.active .yasr .booleanResult").lower()
        assert [request for request in visit.requests if request.startswith("POST")] == [
            f"POST {visit.origin}/sparql"
        ]
        visit.check_clean()
    finally:
        visit.close()
