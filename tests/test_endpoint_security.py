"""`tiltaksgraf serve` against abuse: SERVICE (server-side requests) refused unless allowed, the
Host check against DNS rebinding, cross-site requests, CORS only when asked, the page's headers."""

import contextlib
import socket
import threading
import time
from urllib.parse import quote, urlencode

import pyoxigraph
import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.export.ntriples import ntriples
from graph.sparql import engine as sparql
from graph.sparql import guard, page
from graph.sparql.routes import is_loopback
from tests.sparql_http import call, select, serving, url_of

ASK = "ASK { ?m dcterms:identifier '18a' }"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


class Listener:
    """A loopback port that counts the connections made to it (and answers nothing)."""

    def __init__(self):
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        self.connections = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            self.connections += 1
            connection.close()


@pytest.fixture
def listener():
    listening = Listener()
    yield listening
    listening.socket.close()


@pytest.fixture(scope="module")
def store(rdf):
    return sparql.store(ntriples(rdf))


@pytest.fixture(scope="module")
def server(store):
    with serving(store) as running:
        yield running


def service_forms(port: int) -> list[str]:
    """Ways to write a SERVICE call to a loopback port, each of which pyoxigraph runs."""
    iri = f"<http://127.0.0.1:{port}/sparql>"
    prologue = f"PREFIX here: <http://127.0.0.1:{port}/> PREFIX : <http://127.0.0.1:{port}/> "
    return [
        f"SELECT * WHERE {{ SERVICE {iri} {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE SILENT {iri} {{ ?s ?p ?o }} }}",
        f"select * where {{ sErViCe silent {iri} {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?a ?b ?c .SERVICE {iri} {{ ?s ?p ?o }} }}",
        f"{prologue}SELECT * WHERE {{ SERVICE here:sparql {{ ?s ?p ?o }} }}",
        f"{prologue}SELECT * WHERE {{ SERVICE:sparql {{ ?s ?p ?o }} }}",  # SERVICE and :sparql
        f"{prologue}SELECT * WHERE {{ <urn:s> <urn:p> here:.SERVICE {iri} {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ <urn:s> <urn:p> 1SERVICE {iri} {{ ?s ?p ?o }} }}",  # 1 and SERVICE
        f"SELECT * WHERE {{ <urn:s> <urn:p> trueSERVICE {iri} {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/\\u0073parql> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ BIND(<urn:x#> AS ?x) SERVICE {iri} {{ ?s ?p ?o }} }}",
        f'SELECT * WHERE {{ BIND("\\\\" AS ?x) SERVICE {iri} {{ ?s ?p ?o }} }}',
    ]


def test_every_service_form_reaches_out_from_pyoxigraph_and_is_refused_by_the_guard(listener):
    bait = pyoxigraph.Store()
    for term in (
        pyoxigraph.Literal(1),
        pyoxigraph.Literal(True),
        pyoxigraph.NamedNode(f"http://127.0.0.1:{listener.port}/"),
    ):
        bait.add(pyoxigraph.Quad(pyoxigraph.NamedNode("urn:s"), pyoxigraph.NamedNode("urn:p"), term))
    for query in service_forms(listener.port):
        before = listener.connections
        with contextlib.suppress(OSError):  # the listener hangs up (SILENT: no rows instead)
            list(bait.query(query))
        time.sleep(0.05)
        assert listener.connections > before, query  # the form is real: pyoxigraph connects
        with pytest.raises(guard.Refused):
            guard.check(query)
        with pytest.raises(guard.Refused):
            guard.check(query, frozenset({"http://127.0.0.1:1/sparql"}))


def test_the_guard_refuses_a_service_it_cannot_name():
    allowed = frozenset({"http://127.0.0.1:1/sparql"})
    for query in (
        "SELECT * WHERE { VALUES ?e { <http://127.0.0.1:1/sparql> } SERVICE ?e { ?s ?p ?o } }",
        "SELECT * WHERE { SERVICE # a comment\n <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { ?s ?p ?o } # SERVICE in a comment",
        "SELECT * WHERE { SERVICE",
    ):
        with pytest.raises(guard.Refused):
            guard.check(query, allowed)
    guard.check("SELECT * WHERE { SERVICE SILENT <http://127.0.0.1:1/sparql> { ?s ?p ?o } }", allowed)


def test_the_guard_lets_the_word_service_be_where_it_is_no_keyword():
    for query in (
        "SELECT ?t WHERE { ?m dcterms:title ?t FILTER(CONTAINS(?t, 'SERVICE')) }",
        "SELECT ?service WHERE { ?service a <https://example.org/service#Service> }",
        "PREFIX ex: <https://example.org/> SELECT * WHERE { ?s ex:serviceType ?o }",
        'SELECT * WHERE { ?s ?p """a SERVICE <x> { } in a long string""" }',
    ):
        guard.check(query)


PIECES = [
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    "!",
    "-",
    "^",
    " ",
    "?s",
    "<urn:x>",
    "'s{'",
    "#c\n",
    "SERVICE",
    "sErViCe",
]


@given(
    st.integers(0, 90),
    st.integers(0, 90),
    st.lists(st.sampled_from(PIECES), max_size=40),
    st.sampled_from(["", " ", "! ", "{ "]),
)
def test_the_guards_quick_pass_never_lets_through_what_its_scan_refuses(opened, unary, pieces, step):
    query = "SELECT * WHERE " + "{" * opened + step * unary + "".join(pieces) + "}" * opened
    if guard._plainly_harmless(query):
        guard._scan(query, frozenset())  # refuses nothing the quick pass let through


def test_service_is_refused_and_nothing_is_contacted(server, listener):
    for query in service_forms(listener.port):
        status, media, body = call(f"{url_of(server)}/sparql?query={quote(query)}")
        assert (status, media) == (400, "text/plain; charset=utf-8"), query
        assert body.startswith(b"refused: ") and body.count(b"\n") == 1
    status, _, body = call(f"{url_of(server)}/?query={quote(service_forms(listener.port)[0])}")
    assert status == 400 and b"federated queries are off" in body
    time.sleep(0.1)
    assert listener.connections == 0


def test_allowed_service_is_queried(server, store):
    remote = f"{url_of(server)}/sparql"
    query = f"SELECT ?m WHERE {{ SERVICE <{remote}> {{ ?m dcterms:identifier '18a' }} }}"
    with serving(store, workers=1, allow_service=(remote,)) as federating:
        rows = select(f"{url_of(federating)}/sparql", query)
        assert [row["m"].rsplit("/", 1)[1] for row in rows] == ["18a"]
        other = query.replace(remote, "http://127.0.0.1:1/sparql")
        status, _, body = call(f"{url_of(federating)}/sparql?query={quote(other)}")
        assert status == 400 and f"allows SERVICE to <{remote}> only".encode() in body
        assert b"BasicFederatedQuery" in call(f"{url_of(federating)}/sparql")[2]


def test_only_loopback_host_names_are_served_on_loopback(server):
    url = f"{url_of(server)}/sparql?query={quote(ASK)}"
    port = server.server_port
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", "localhost", f"[::1]:{port}", "app.localhost"):
        assert call(url, headers={"Host": host})[0] == 200, host
    for host in ("attacker.example", f"attacker.example:{port}", "127.0.0.1.nip.io", "10.0.0.1"):
        status, _, body = call(url, headers={"Host": host})
        assert status == 421 and b"not a loopback name" in body, host


def test_is_loopback():
    assert all(
        map(is_loopback, ["127.0.0.1", "127.8.9.10", "::1", "[::1]", "localhost", "LOCALHOST", "a.localhost"])
    )
    assert not any(map(is_loopback, ["0.0.0.0", "192.168.1.2", "localhost.example", "::", "example.org"]))


def test_cross_site_requests_are_refused(server):
    url = f"{url_of(server)}/sparql"
    own = url_of(server)
    form = urlencode({"query": ASK}).encode()
    refusals = [
        call(url, form, {**FORM, "Origin": "https://attacker.example"}),
        call(url, form, {**FORM, "Origin": "null"}),
        call(url, form, {**FORM, "Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate"}),
        call(
            f"{url}?query={quote(ASK)}",
            headers={"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "no-cors", "Sec-Fetch-Dest": "image"},
        ),
        call(
            f"{url}?query={quote(ASK)}",
            headers={"Sec-Fetch-Site": "same-site", "Sec-Fetch-Mode": "cors", "Sec-Fetch-Dest": "empty"},
        ),
        call(f"{url}?query={quote(ASK)}", headers={"Origin": "https://attacker.example"}),
    ]
    for status, _, body in refusals:
        assert status == 403 and body.startswith(b"cross-site request refused")
    link = {"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document"}
    assert call(f"{url}?query={quote(ASK)}", headers=link)[0] == 200  # a link from elsewhere opens
    same = {**FORM, "Origin": own, "Sec-Fetch-Site": "same-origin"}
    assert call(url, form, same)[0] == 200
    assert "Access-Control-Allow-Origin" not in _headers(f"{url}?query={quote(ASK)}", {"Origin": own})


def _headers(url: str, headers: dict) -> dict:
    import urllib.request

    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as response:
        return dict(response.headers)


def test_cors_only_for_the_origins_named(store):
    app = "https://app.example"
    with serving(store, workers=1, cors=(app,)) as allowing:
        url = f"{url_of(allowing)}/sparql"
        answer = _headers(
            f"{url}?query={quote(ASK)}",
            {"Origin": app, "Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "cors"},
        )
        assert answer["Access-Control-Allow-Origin"] == app and answer["Vary"] == "Accept, Origin"
        status, _, body = call(url, urlencode({"query": ASK}).encode(), {**FORM, "Origin": app})
        assert status == 200 and b"true" in body
        preflight = _request("OPTIONS", url, {"Origin": app, "Access-Control-Request-Method": "POST"})
        assert preflight[0] == 204
        assert preflight[1]["Access-Control-Allow-Methods"] == "GET, HEAD, POST"
        assert preflight[1]["Access-Control-Allow-Headers"] == "Accept, Content-Type"
        assert (
            call(url, urlencode({"query": ASK}).encode(), {**FORM, "Origin": "https://other.example"})[0]
            == 403
        )


def _request(method: str, url: str, headers: dict) -> tuple[int, dict]:
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    connection.request(method, parts.path, headers=headers)
    answer = connection.getresponse()
    answer.read()
    return answer.status, dict(answer.headers)


def test_the_query_page_is_locked_down(server):
    headers = _headers(f"{url_of(server)}/", {})
    policy = headers["Content-Security-Policy"]
    assert policy == page.POLICY
    assert (
        "default-src 'none'" in policy
        and "frame-ancestors 'none'" in policy
        and "form-action 'self'" in policy
    )
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["Referrer-Policy"] == "no-referrer"
    data = _headers(f"{url_of(server)}/sparql?query={quote(ASK)}", {})
    assert data["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'"
