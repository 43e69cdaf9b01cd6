"""`tiltaksgraf serve` at the HTTP level: strict framing (RFC 9112), slow clients, keep-alive and
pipelining, the service description, JSON-LD, and the access log."""

import http.client
import json
import select
import socket
import time
from urllib.parse import quote

import pyoxigraph
import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.export.ntriples import ntriples
from graph.sparql import engine as sparql
from graph.sparql.http11 import HttpError, parse_head
from tests.sparql_http import call, exchange, serving, status_of, url_of

ASK = "ASK { ?m dcterms:identifier '18a' }"
SD = "http://www.w3.org/ns/sparql-service-description#"


@pytest.fixture(scope="module")
def store(rdf):
    return sparql.store(ntriples(rdf))


@pytest.fixture(scope="module")
def server(store):
    with serving(store, read_timeout=1) as running:
        yield running


def post(body: bytes, *fields: str) -> bytes:
    """A raw POST of an application/sparql-query body with the given header lines."""
    head = "POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
    return (head + "".join(f"{line}\r\n" for line in fields) + "\r\n").encode() + body


def alive(server) -> bool:
    return call(f"{url_of(server)}/sparql?query={quote(ASK)}")[0] == 200


@pytest.mark.parametrize(
    ("request_bytes", "status"),
    [
        (post(b"ASK {}", "Content-Length: ²"), 400),  # not ASCII digits
        (post(b"ASK {}", "Content-Length: +6"), 400),
        (post(b"ASK {}", "Content-Length: 6", "Content-Length: 6"), 400),  # twice
        (post(b"ASK {}", "Content-Length: 6, 6"), 400),
        (post(b"1\r\nA\r\n0\r\n\r\n", "Content-Length: 11", "Transfer-Encoding: chunked"), 400),
        (post(b"ASK {}", "Transfer-Encoding: gzip"), 501),
        (post(b"ASK {}", "Content-Length : 6"), 400),  # whitespace before the colon
        (post(b"ASK {}", "Content-Length: 6", " folded"), 400),  # obs-fold
        (post(b"ASK {}", "Content-Length: 6", "X: a\x00b"), 400),
        (post(b"ASK {}", "Content-Length: 6", "Host: other"), 400),  # two Host fields
        (b"GET /sparql HTTP/1.1\r\n\r\n", 400),  # no Host
        (b"GET  /sparql HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        (b"GET /sparql HTTP/2.0\r\nHost: x\r\n\r\n", 505),
        (b"GET /sparql HTTP/1.1\nHost: x\n\n", 400),  # bare LF
        (b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414),
        (b"GET / HTTP/1.1\r\nHost: x\r\n" + b"X-A: b\r\n" * 101 + b"\r\n", 431),
        (post(b"", f"Content-Length: {2**20 + 1}"), 413),
        (post(b"ASK {}", "Content-Length: 6", "Expect: 200-ok"), 417),
    ],
)
def test_malformed_framing_is_refused_and_the_connection_closed(server, request_bytes, status):
    answer = exchange(server.server_port, request_bytes)
    assert status_of(answer) == status, answer[:200]
    assert b"\r\nConnection: close\r\n" in answer
    assert answer.count(b"\r\nServer: tiltaksgraf\r\n") == 1  # one answer: nothing else was read
    assert alive(server)


def test_a_valid_body_in_every_framing_gets_the_same_answer(server):
    plain = exchange(server.server_port, post(b"ASK {}", "Content-Length: 6", "Connection: close"))
    chunked = exchange(
        server.server_port,
        post(
            b"3\r\nASK\r\n3;x=y\r\n {}\r\n0\r\nTrailer: t\r\n\r\n",
            "Transfer-Encoding: chunked",
            "Connection: close",
        ),
    )
    assert status_of(plain) == status_of(chunked) == 200
    assert plain.split(b"\r\n\r\n", 1)[1] == chunked.split(b"\r\n\r\n", 1)[1] == b'{"head":{},"boolean":true}'


def test_expect_100_continue_gets_an_interim_answer(server):
    with socket.create_connection(("127.0.0.1", server.server_port), timeout=5) as client:
        client.sendall(post(b"", "Content-Length: 6", "Expect: 100-continue"))
        assert client.recv(100) == b"HTTP/1.1 100 Continue\r\n\r\n"
        client.sendall(b"ASK {}")
        assert status_of(client.recv(4096)) == 200


def test_keep_alive_and_pipelined_requests_are_answered_in_order(server):
    one = f"GET /sparql?query={quote('SELECT ?x WHERE { BIND(1 AS ?x) }')} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/csv\r\n\r\n"
    two = one.replace("BIND%281", "BIND%282").replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n")
    answer = exchange(server.server_port, (one + two).encode())
    assert answer.count(b"HTTP/1.1 200 OK") == 2
    assert answer.index(b"x\r\n1\r\n") < answer.index(b"x\r\n2\r\n")


def test_http_1_0_closes_unless_asked_to_keep_alive(server):
    request = f"GET /sparql?query={quote(ASK)} HTTP/1.0\r\n"
    closing = exchange(server.server_port, (request + "\r\n").encode())
    assert status_of(closing) == 200 and b"\r\nConnection: close\r\n" in closing
    with socket.create_connection(("127.0.0.1", server.server_port), timeout=5) as client:
        for _ in range(2):  # the connection stays open for the second request
            client.sendall((request + "Connection: keep-alive\r\n\r\n").encode())
            answer = client.recv(4096)
            assert status_of(answer) == 200 and b"\r\nConnection: keep-alive\r\n" in answer


def test_a_slow_client_is_cut_off_at_the_read_timeout(server):
    started = time.monotonic()
    partial_head = exchange(
        server.server_port, b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    )
    partial_body = exchange(server.server_port, post(b"ASK", "Content-Length: 6"))
    assert status_of(partial_head) == status_of(partial_body) == 408
    assert time.monotonic() - started < 2 * 1 + 5
    with socket.create_connection(("127.0.0.1", server.server_port), timeout=10) as idle:
        assert idle.recv(100) == b""  # an idle connection is closed quietly
    assert alive(server)


def test_a_trickling_client_is_cut_off_at_the_deadline_not_per_byte(server):
    request = b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + b"a" * 100
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", server.server_port), timeout=10) as client:
        for byte in request:  # a byte every 0.1 s: each within any per-read timeout
            if select.select([client], [], [], 0)[0]:
                break  # the server answered
            client.sendall(bytes([byte]))
            time.sleep(0.1)
        answer = client.recv(4096)
    assert status_of(answer) == 408
    assert time.monotonic() - started < 1 + 5


def test_head_and_options(server):
    connection = http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=10)
    connection.request("HEAD", f"/sparql?query={quote(ASK)}")
    head = connection.getresponse()
    assert head.status == 200 and head.read() == b"" and int(head.headers["Content-Length"]) > 0
    connection.request("OPTIONS", "/sparql")
    options = connection.getresponse()
    assert (options.status, options.headers["Allow"], options.read()) == (204, "GET, HEAD, POST", b"")
    connection.request("BREW", "/sparql")
    assert connection.getresponse().status == 501


def test_server_header_names_no_python(server):
    connection = http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=10)
    connection.request("GET", "/nowhere")
    answer = connection.getresponse()
    assert answer.status == 404 and answer.headers["Server"] == "tiltaksgraf"
    assert answer.headers["X-Content-Type-Options"] == "nosniff"


def test_get_without_a_query_is_the_service_description(server, store):
    url = f"{url_of(server)}/sparql"
    status, media, body = call(url)
    assert (status, media) == (200, "text/turtle")
    described = pyoxigraph.Store()
    described.load(body, format=pyoxigraph.RdfFormat.TURTLE)
    service = pyoxigraph.NamedNode(url)
    objects = {
        quad.predicate.value.removeprefix(SD): quad.object
        for quad in described.quads_for_pattern(service, None, None)
    }
    assert objects["endpoint"] == service
    assert objects["supportedLanguage"] == pyoxigraph.NamedNode(SD + "SPARQL11Query")
    triples = described.query("SELECT ?n WHERE { ?g <http://rdfs.org/ns/void#triples> ?n }")
    assert [int(row["n"].value) for row in triples] == [len(store)]
    formats = {
        quad.object.value
        for quad in described.quads_for_pattern(service, pyoxigraph.NamedNode(SD + "resultFormat"), None)
    }
    assert "http://www.w3.org/ns/formats/SPARQL_Results_JSON" in formats and len(formats) == 8
    assert "BasicFederatedQuery" not in body.decode()  # SERVICE is off
    status, media, body = call(url, headers={"Accept": "application/ld+json"})
    assert (status, media) == (200, "application/ld+json")
    assert any(node.get("@id") == url for node in json.loads(body))


def test_construct_answers_json_ld(server):
    query = "CONSTRUCT WHERE { ?m dcterms:identifier '18a' }"
    status, media, body = call(
        f"{url_of(server)}/sparql?query={quote(query)}", headers={"Accept": "application/ld+json"}
    )
    assert (status, media) == (200, "application/ld+json")
    [node] = json.loads(body)
    assert node["@id"].endswith("/measure/18a")
    assert node["http://purl.org/dc/terms/identifier"] == [{"@value": "18a"}]


def test_access_log_is_off_by_default_and_never_shows_the_query(store, capfd):
    secret = "SELECT ?x WHERE { BIND('top-secret-text' AS ?x) }"
    with serving(store, workers=1) as quiet:
        assert call(f"{url_of(quiet)}/sparql?query={quote(secret)}")[0] == 200
    assert capfd.readouterr().err == ""
    with serving(store, workers=1, access_log=True) as logged:
        assert call(f"{url_of(logged)}/sparql?query={quote(secret)}")[0] == 200
        assert call(f"{url_of(logged)}/nowhere")[0] == 404
    lines = capfd.readouterr().err.splitlines()
    assert [line.split(" ", 1)[1].rsplit(" ", 1)[0] for line in lines] == [
        '"GET /sparql" 200 99',
        '"GET /nowhere" 404 60',
    ]
    assert all(line.startswith("127.0.0.1 ") and "secret" not in line for line in lines)


@given(st.binary(max_size=30).map(lambda value: value.replace(b"\r\n", b"")))
def test_a_header_value_is_read_as_written_without_the_spaces_around_it(value):
    head = b"GET /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Value:" + value + b"\r\n\r\n"
    stripped = value.strip(b" \t")
    if b"\r" in value or b"\n" in value or any((byte < 32 and byte != 9) or byte == 127 for byte in stripped):
        with pytest.raises(HttpError) as refused:
            parse_head(head)
        assert refused.value.status == 400
    else:
        assert parse_head(head).headers["x-value"] == stripped.decode("latin-1")
