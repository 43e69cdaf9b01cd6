"""`tiltaksgraf serve` in headless Chromium (Debian's, driven by Playwright): the query page works
under its Content-Security-Policy, and a page of another site cannot make the browser run queries."""

import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from graph.export.ntriples import ntriples
from graph.sparql import engine as sparql
from tests.sparql_http import serving, url_of

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
]

ATTACK = """<!doctype html><html><body>
<img src="{endpoint}/sparql?query=ASK%7B%7D&from=img">
<script>
fetch("{endpoint}/sparql?from=fetch", {{method: "POST", mode: "no-cors",
  headers: {{"Content-Type": "application/x-www-form-urlencoded"}}, body: "query=ASK%7B%7D"}});
setTimeout(() => document.getElementById("form").submit(), 500);
</script>
<form id="form" method="post" action="{endpoint}/sparql?from=form"><input name="query" value="ASK {{}}"></form>
</body></html>"""


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: `make test` installs Debian's chromium"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def store(rdf):
    return sparql.store(ntriples(rdf))


def test_the_query_page_runs_a_query_under_its_policy(browser, store):
    with serving(store, workers=1) as server:
        context = browser.new_context(
            java_script_enabled=False
        )  # the plain form; the editor: test_query_page
        tab = context.new_page()
        messages = []
        tab.on("console", lambda message: messages.append(message.text))
        tab.goto(f"{url_of(server)}/")
        tab.fill("textarea", "SELECT ?id WHERE { ?m dcterms:identifier ?id FILTER(?id = '18a') }")
        with tab.expect_navigation():
            tab.click("button")
        assert tab.inner_text("p:has-text('rows')") == "1 rows"
        assert tab.inner_text("td") == "18a"
        header_colour = tab.eval_on_selector("th", "cell => getComputedStyle(cell).backgroundColor")
        assert header_colour == "rgb(238, 238, 238)"  # the inline style passed the policy
        assert not [text for text in messages if "Content Security Policy" in text]
        context.close()


class AttackPage(BaseHTTPRequestHandler):
    def do_GET(self):
        body = ATTACK.format(endpoint=self.server.endpoint).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_arguments):
        pass


def test_a_page_of_another_site_cannot_query_the_endpoint(browser, store, capfd):
    with serving(store, workers=1, access_log=True) as server:
        attacker = ThreadingHTTPServer(("127.0.0.1", 0), AttackPage)
        attacker.endpoint = url_of(server)
        threading.Thread(target=attacker.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        try:
            context = browser.new_context()
            tab = context.new_page()
            tab.goto(f"http://localhost:{attacker.server_port}/")  # another site than 127.0.0.1
            tab.wait_for_url(re.compile(r".*from=form"), timeout=10_000)
            assert tab.inner_text("body").startswith("cross-site request refused")
            context.close()
        finally:
            attacker.shutdown()
            attacker.server_close()
    log = capfd.readouterr().err
    answers = re.findall(r'"(GET|POST) /sparql" (\d{3})', log)
    assert sorted(answers) == [("GET", "403"), ("POST", "403"), ("POST", "403")]
