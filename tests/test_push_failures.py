"""`tiltaksgraf push` against stores that misbehave: one that reflects the credentials, one that
hangs at connect or after the request, one that trickles its answer, one that redirects to another
host, 401, 500, a closed port; and against real Oxigraph, uploads that fail halfway. Each failure
is a one-line error, exit status 2, within the deadline, and shows no credential."""

import base64
import contextlib
import socket
import threading
import time
from urllib.parse import quote

import pytest
from click.testing import CliRunner

from graph.cli import main
from graph.sparql.push import DEFAULT_GRAPH
from tests.sparql_http import free_port, oxigraph_server, select

USER, PASSWORD = "anna", "pa:ss w0rd-secret"
TOKEN = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
TIMEOUT = 1.0
GRAPH = "https://example.org/tiltaksgraf-test/atomic"


def read_request(connection: socket.socket) -> tuple[bytes, bytes]:
    """The head and body of one request (the body as long as its Content-Length)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = connection.recv(65536)
        if not chunk:
            return data, b""
        data += chunk
    head, body = data.split(b"\r\n\r\n", 1)
    length = next(
        int(line.split(b":")[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length:")
    )
    while len(body) < length:
        chunk = connection.recv(65536)
        if not chunk:
            break
        body += chunk
    return head, body


class Fake:
    """A loopback server that runs `behave(connection, head, body)` for each request it gets."""

    def __init__(self, behave, backlog: int = 16, accept: bool = True):
        self.behave = behave
        self.socket = socket.create_server(("127.0.0.1", 0), backlog=backlog)
        self.port = self.socket.getsockname()[1]
        self.requests: list[tuple[bytes, bytes]] = []
        if accept:
            threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            threading.Thread(target=self._handle, args=(connection,), daemon=True).start()

    def _handle(self, connection):
        with connection, contextlib.suppress(OSError):  # OSError: the client hung up
            head, body = read_request(connection)
            self.requests.append((head, body))
            self.behave(connection, head, body)

    def close(self):
        self.socket.close()


def answer(status: str, body: bytes = b"", *fields: str) -> bytes:
    head = f"HTTP/1.1 {status}\r\n" + "".join(f"{field}\r\n" for field in fields)
    return head.encode() + f"Content-Length: {len(body)}\r\n\r\n".encode() + body


def authorization(head: bytes) -> str:
    return next(
        (
            line.split(b":", 1)[1].strip().decode()
            for line in head.split(b"\r\n")
            if line.lower().startswith(b"authorization:")
        ),
        "",
    )


def wait_for_close(connection, _head=b"", _body=b""):
    """Never answer: wait until the client hangs up (bounded)."""
    connection.settimeout(30)
    while connection.recv(1024):
        pass


@pytest.fixture
def small(tmp_path):
    path = tmp_path / "small.nt"
    path.write_text("".join(f"<urn:s{n}> <urn:p> <urn:o> .\n" for n in range(20)), encoding="utf-8")
    return path


def push(url: str, data, *options: str, env: dict | None = None):
    """(result, seconds) of `push` of `data` to `url` with the login in the environment."""
    started = time.monotonic()
    result = CliRunner().invoke(
        main,
        [
            "push",
            "--endpoint",
            url,
            "--data",
            str(data),
            "--no-ontology",
            "--timeout",
            str(TIMEOUT),
            *options,
        ],
        env={"TILTAKSGRAF_AUTH": f"{USER}:{PASSWORD}", **(env or {})},
    )
    return result, time.monotonic() - started


def assert_failed(result, elapsed: float, starts: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.output.startswith(f"Error: {starts}") and result.output.count("\n") == 1, result.output
    for secret in (PASSWORD, TOKEN, "pa:ss", "w0rd-secret", TOKEN[:12]):
        assert secret not in result.output
    assert elapsed < TIMEOUT + 5


def test_a_store_that_reflects_the_credentials_shows_none(small):
    def reflect(connection, head, _body):
        words = f"bad request from {authorization(head)} ({USER}:{PASSWORD}, {quote(PASSWORD, safe='')})\n"
        connection.sendall(
            answer(f"400 Bad {authorization(head)}", words.encode(), "Content-Type: text/plain")
        )

    fake = Fake(reflect)
    result, elapsed = push(f"http://127.0.0.1:{fake.port}/store", small)
    fake.close()
    assert authorization(fake.requests[0][0]) == f"Basic {TOKEN}"  # it was sent, and reflected
    assert_failed(result, elapsed, f"http://127.0.0.1:{fake.port}/store?graph=")
    assert result.output.endswith(
        ": HTTP 400 Bad Request: bad request from Basic [credential] ([credential], [credential])\n"
    )


def test_a_store_that_never_answers_is_left_at_the_deadline(small):
    fake = Fake(wait_for_close)
    result, elapsed = push(f"http://127.0.0.1:{fake.port}/store", small)
    fake.close()
    assert_failed(result, elapsed, f"http://127.0.0.1:{fake.port}/store?graph=")
    assert result.output.endswith(f": no answer within {TIMEOUT:g} s (push --timeout)\n")
    assert elapsed >= TIMEOUT


def test_a_store_that_never_accepts_is_left_at_the_deadline(small):
    fake = Fake(wait_for_close, backlog=0, accept=False)
    filler = socket.create_connection(("127.0.0.1", fake.port))  # the queue is full: SYNs are dropped
    result, elapsed = push(f"http://127.0.0.1:{fake.port}/store", small)
    filler.close()
    fake.close()
    assert_failed(result, elapsed, f"http://127.0.0.1:{fake.port}/store?graph=")
    assert "no answer within 1 s" in result.output


@pytest.mark.parametrize("where", ["status line", "body"])
def test_a_store_that_trickles_is_left_at_the_deadline(small, where):
    def trickle(connection, _head, _body):
        full = answer("200 OK", b"x" * 100)
        prefix = b"" if where == "status line" else full[:-100]
        connection.sendall(prefix)
        for byte in full[len(prefix) :]:  # a byte every 0.2 s: each read within any socket timeout
            connection.sendall(bytes([byte]))
            time.sleep(0.2)

    fake = Fake(trickle)
    result, elapsed = push(f"http://127.0.0.1:{fake.port}/store", small)
    fake.close()
    assert_failed(result, elapsed, f"http://127.0.0.1:{fake.port}/store?graph=")
    assert result.output.endswith(f": no answer within {TIMEOUT:g} s (push --timeout)\n")


def test_a_redirect_to_another_host_is_not_followed(small):
    elsewhere = Fake(lambda connection, _head, _body: connection.sendall(answer("201 Created")))
    moved = f"http://localhost:{elsewhere.port}/store?graph=x"
    fake = Fake(
        lambda connection, _head, _body: connection.sendall(
            answer("307 Temporary Redirect", b"", f"Location: {moved}")
        )
    )
    result, elapsed = push(f"http://127.0.0.1:{fake.port}/store", small)
    fake.close()
    elsewhere.close()
    assert_failed(result, elapsed, f"http://127.0.0.1:{fake.port}/store?graph=")
    assert result.output.endswith(
        f": HTTP 307 Temporary Redirect to {moved}: push follows no redirect (give that URL if you trust it)\n"
    )
    assert elsewhere.requests == []  # neither the graph nor the credentials went there


def test_401_and_500_are_one_line_errors(small):
    refuse = Fake(
        lambda connection, _head, _body: connection.sendall(
            answer(
                "401 Unauthorized", b"who?\n", 'WWW-Authenticate: Basic realm="x"', "Content-Type: text/plain"
            )
        )
    )
    result, elapsed = push(f"http://127.0.0.1:{refuse.port}/store", small)
    refuse.close()
    assert_failed(result, elapsed, "http://127.0.0.1:")
    assert result.output.endswith(": HTTP 401 Unauthorized: who?\n")
    broken = Fake(
        lambda connection, _head, _body: connection.sendall(
            answer("500 Oops", b"\x1b[31mstore on fire\x1b[0m\r\n", "Content-Type: text/plain; charset=utf-8")
        )
    )
    result, elapsed = push(f"http://127.0.0.1:{broken.port}/store", small)
    broken.close()
    assert_failed(result, elapsed, "http://127.0.0.1:")
    assert result.output.endswith(
        ": HTTP 500 Internal Server Error: [31mstore on fire[0m\n"
    )  # no escape codes


def test_a_closed_port_is_a_one_line_error(small):
    url = f"http://127.0.0.1:{free_port()}/store"
    result, elapsed = push(url, small)
    assert_failed(result, elapsed, url)
    assert (
        result.output
        == f"Error: {url}?graph={quote(DEFAULT_GRAPH, safe='')}: cannot connect (Connection refused)\n"
    )


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory):
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as base:
        yield base


def graphs(base: str) -> dict[str, int]:
    rows = select(f"{base}/query", "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {row["g"]: int(row["n"]) for row in rows}


@pytest.fixture
def pushed(oxigraph, tmp_path):
    """Oxigraph with 500 triples in GRAPH, pushed through a temporary graph."""
    first = tmp_path / "first.nt"
    first.write_text("".join(f"<urn:a{n}> <urn:p> <urn:o> .\n" for n in range(500)), encoding="utf-8")
    result, _ = push(f"{oxigraph}/store", first, "--graph", GRAPH, "--update", f"{oxigraph}/update")
    assert result.exit_code == 0, result.output
    assert graphs(oxigraph) == {GRAPH: 500}  # and no temporary graph left
    return oxigraph


def test_a_refused_move_leaves_the_graph_and_no_temporary_graph(pushed, small):
    refuse = Fake(lambda connection, _head, _body: connection.sendall(answer("500 Internal Server Error")))
    result, elapsed = push(
        f"{pushed}/store", small, "--graph", GRAPH, "--update", f"http://127.0.0.1:{refuse.port}/update"
    )
    refuse.close()
    assert_failed(result, elapsed, f"http://127.0.0.1:{refuse.port}/update: HTTP 500 Internal Server Error")
    assert result.output.endswith(f"; the graph <{GRAPH}> is unchanged\n")
    [(_, move)] = refuse.requests
    assert move.startswith(b"MOVE GRAPH <urn:tiltaksgraf:upload:") and move.endswith(
        f"> TO GRAPH <{GRAPH}>".encode()
    )
    assert graphs(pushed) == {GRAPH: 500}  # the temporary graph was dropped again


def test_an_upload_cut_halfway_leaves_oxigraphs_graph_as_it_was(pushed, small):
    """Oxigraph's PUT replaces a graph all or nothing: a body cut off halfway changes nothing."""
    upstream_port = int(pushed.rsplit(":", 1)[1])

    def cut(connection, head, body):
        with socket.create_connection(("127.0.0.1", upstream_port)) as upstream:
            upstream.sendall(head + b"\r\n\r\n" + body[: len(body) // 2])
            wait_for_close(connection)  # until push gives up

    proxy = Fake(cut)
    result, elapsed = push(f"http://127.0.0.1:{proxy.port}/store", small, "--graph", GRAPH)
    proxy.close()
    assert_failed(result, elapsed, f"http://127.0.0.1:{proxy.port}/store?graph=")
    assert "no answer within" in result.output
    time.sleep(0.3)  # Oxigraph notices the cut
    assert graphs(pushed) == {GRAPH: 500}
