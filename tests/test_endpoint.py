"""`tiltaksgraf serve`: the read-only SPARQL 1.1 endpoint, over HTTP on loopback."""

import errno
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
from urllib.parse import quote, urlencode

import pytest
from click.testing import CliRunner

from graph.cli import main
from graph.export.ntriples import ntriples
from graph.sparql import engine as sparql
from graph.sparql import formats, http11
from graph.sparql.examples import examples
from tests.sparql_http import call, canonical, select, serving, url_of

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
INSERT = "INSERT DATA { <https://example.org/s> <https://example.org/p> <https://example.org/o> }"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.fixture(scope="module")
def store(rdf):
    return sparql.store(ntriples(rdf))


@pytest.fixture(scope="module")
def base(store):
    with serving(store) as server:
        yield url_of(server)


def count(base) -> int:
    return int(select(f"{base}/sparql", COUNT)[0]["n"])


def test_example_queries_answer_as_in_process(store, base):
    for name, text in ((query.file, query.text) for query in examples() if not query.needs_corpus):
        expected = sparql.run(store, text).rows
        assert expected, name  # every example has an answer on the bundled report
        assert canonical(select(f"{base}/sparql", text), text) == canonical(expected, text), name


def test_get_form_and_body_give_the_same_answer(base):
    query = "SELECT ?m WHERE { ?m dcterms:identifier '18a' }"
    get = call(f"{base}/sparql?{urlencode({'query': query})}")
    form = call(f"{base}/sparql", urlencode({"query": query}).encode(), FORM)
    body = call(f"{base}/sparql", query.encode(), {"Content-Type": "application/sparql-query"})
    assert get == form == body
    assert get[0] == 200 and b"/measure/18a" in get[2]


def test_content_negotiation(base):
    query = f"{base}/sparql?query=" + quote("SELECT (COUNT(*) AS ?n) WHERE { ?m tg:lastLine ?l }")
    status, media, body = call(query)  # no Accept: JSON
    assert (status, media) == (200, "application/sparql-results+json")
    assert b'"value":"50"' in body
    assert call(query, headers={"Accept": "text/csv"}) == (200, "text/csv; charset=utf-8", b"n\r\n50\r\n")
    assert call(query, headers={"Accept": "text/tab-separated-values"})[2] == b"?n\n50\n"
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert call(query, headers={"Accept": browser})[1] == "application/sparql-results+xml"
    status, media, body = call(query, headers={"Accept": "image/png"})
    assert status == 406 and media.startswith("text/plain")
    ask = f"{base}/sparql?query=" + quote("ASK { ?m dcterms:identifier '18a' }")
    assert b"<boolean>true</boolean>" in call(ask, headers={"Accept": "application/sparql-results+xml"})[2]
    construct = f"{base}/sparql?query=" + quote("CONSTRUCT WHERE { ?m dcterms:identifier '18a' }")
    status, media, body = call(construct, headers={"Accept": "application/n-triples"})
    assert (status, media) == (200, "application/n-triples")
    assert body.decode().endswith('<http://purl.org/dc/terms/identifier> "18a" .\n')
    assert call(construct)[1] == "text/turtle"


def test_query_page_is_offline_and_escapes_text(base):
    status, media, body = call(f"{base}/")
    page = body.decode()
    assert (status, media) == (200, "text/html; charset=utf-8")
    assert '<form method="get" action="/">' in page and "<textarea" in page
    loaded = re.findall(r"(?:src|href)=\"([^\"]*)\"", page)
    assert loaded and all(
        url.startswith("/") and not url.startswith("//") for url in loaded if url != "data:,"
    )
    assert not re.search(r"(href|action)=\"?(https?:)?//", page)
    status, _, body = call(f"{base}/?query=" + quote("SELECT ?x WHERE { BIND('<script>x</script>' AS ?x) }"))
    assert status == 200 and "<td>&lt;script&gt;x&lt;/script&gt;</td>" in body.decode()
    assert "<script>" not in body.decode()
    status, _, body = call(f"{base}/?query=" + quote("SELECT ?m WHERE { ?m dcterms:identifier '18a' }"))
    assert "<p>1 rows</p>" in body.decode() and "/measure/18a</td>" in body.decode()
    status, _, body = call(f"{base}/?query=" + quote("SELECT <b> WHERE {"))
    assert status == 400 and '<p class="error">' in body.decode()


def test_malformed_query_is_400_with_one_line(base):
    status, media, body = call(f"{base}/sparql?query=" + quote("SELECT WHERE {"))
    assert status == 400 and media.startswith("text/plain")
    assert body.decode().startswith("malformed query: ") and body.count(b"\n") == 1
    assert call(f"{base}/sparql", b"", FORM)[0] == 400  # no query
    assert call(f"{base}/sparql?query=ASK{{}}&query=ASK{{}}")[0] == 400  # two
    assert call(f"{base}/sparql?default-graph-uri=urn:x&query=ASK{{}}")[0] == 400
    assert call(f"{base}/sparql", b"ASK {}", {"Content-Type": "text/plain"})[0] == 415
    assert call(f"{base}/nowhere")[0] == 404


def test_updates_are_refused_and_change_nothing(store, base):
    before = count(base)
    assert before == len(store) > 10_000
    form = call(f"{base}/sparql", urlencode({"update": INSERT}).encode(), FORM)
    body = call(f"{base}/sparql", INSERT.encode(), {"Content-Type": "application/sparql-update"})
    assert form[0] == body[0] == 403 and b"read-only" in form[2]
    assert call(f"{base}/sparql?" + urlencode({"query": INSERT}))[0] == 400  # not a query
    put = call(f"{base}/sparql", b"<a> <b> <c> .", {"Content-Type": "text/turtle"}, method="PUT")
    assert put[0] == 405
    assert count(base) == before == len(store)


def test_body_size_is_capped(base):
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    connection.putrequest("POST", "/sparql")
    connection.putheader("Content-Type", "application/sparql-query")
    connection.putheader("Content-Length", str(http11.MAX_BODY + 1))
    connection.endheaders()
    assert connection.getresponse().status == 413
    connection.close()


def test_negotiate():
    offers = formats.RESULT_FORMATS
    assert formats.negotiate(None, offers) == "application/sparql-results+json"
    assert formats.negotiate("text/*", offers) == "text/csv"
    assert (
        formats.negotiate("text/csv;q=0.5, text/tab-separated-values", offers) == "text/tab-separated-values"
    )
    assert formats.negotiate("*/*;q=0.1, text/csv;q=0", offers) == "application/sparql-results+json"
    assert formats.negotiate("text/html", offers) is None


def test_serve_prints_the_url_and_stops_on_ctrl_c():
    command = [sys.executable, "-c", "from graph.cli import main; main()", "serve", "--port", "0"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()
        url = re.search(r"SPARQL endpoint (http://127\.0\.0\.1:\d+/sparql)", line).group(1)
        assert call(f"{url}?query=" + quote("ASK { ?m dcterms:identifier '18a' }"))[0] == 200
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=10)
    finally:
        process.kill()
    assert process.returncode == 0
    assert "Stopped." in out and "Traceback" not in err


def test_port_in_use_is_a_one_line_error():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--port", str(port)])
    assert result.exit_code == 2
    assert result.output == f"Error: cannot listen on 127.0.0.1:{port}: {os.strerror(errno.EADDRINUSE)}\n"
