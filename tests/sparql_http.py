"""HTTP helpers of the endpoint and push tests: requests, SPARQL over HTTP, free loopback ports."""

import contextlib
import json
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.error import HTTPError, URLError

from graph.sparql import endpoint


def free_port() -> int:
    """A loopback port that nothing listens on (the kernel's pick for port 0)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def serving(store, **settings):
    """A running endpoint over `store` on a free loopback port, with `settings` (endpoint.Settings),
    once its query processes hold the store."""
    server = endpoint.Endpoint(store, "127.0.0.1", 0, endpoint.Settings(**settings))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        assert server.ready.wait(60), "the query processes did not start"
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


def url_of(server) -> str:
    return f"http://127.0.0.1:{server.server_port}"


def exchange(port: int, data: bytes, timeout: float = 10) -> bytes:
    """Send raw bytes to a loopback port and read until the server closes the connection (or
    `timeout` seconds pass: then what came so far)."""
    received = b""
    deadline = time.monotonic() + timeout
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as connection:
        connection.sendall(data)
        while time.monotonic() < deadline:
            try:
                chunk = connection.recv(65536)
            except TimeoutError:
                break
            if not chunk:
                break
            received += chunk
    return received


def status_of(answer: bytes) -> int:
    """The status code of the first response in raw bytes (0 if none)."""
    match = re.match(rb"HTTP/1\.1 (\d{3}) ", answer)
    return int(match[1]) if match else 0


def call(url: str, data: bytes | None = None, headers: dict | None = None, method: str | None = None):
    """(status, content type, body) of a request; HTTP errors are answers too."""
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read()


def select(url: str, query: str) -> list[dict]:
    """The rows of a SELECT query POSTed as application/sparql-query, as `sparql.run` gives them:
    {variable: value}, None where unbound."""
    status, media, body = call(
        url,
        query.encode(),
        {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
    )
    assert status == 200, body
    assert media.startswith("application/sparql-results+json"), media
    answer = json.loads(body)
    columns = answer["head"]["vars"]
    return [
        {column: binding[column]["value"] if column in binding else None for column in columns}
        for binding in answer["results"]["bindings"]
    ]


GROUP_CONCAT = re.compile(
    r'GROUP_CONCAT\s*\(\s*(?:DISTINCT\s+)?\?\w+\s*;\s*separator\s*=\s*"([^"]*)"\s*\)\s*AS\s+\?(\w+)', re.I
)


def canonical(rows: list[dict], query: str = "") -> list[str]:
    """Rows in an order-free form, for comparing answers: neither the order of the rows nor that of
    the items of a GROUP_CONCAT of `query` (which SPARQL leaves to the store) counts."""
    lists = {column: separator for separator, column in GROUP_CONCAT.findall(query)}
    assert len(lists) == query.upper().count("GROUP_CONCAT"), "a GROUP_CONCAT the pattern misses"

    def items(column, value):
        if column in lists and value:
            return lists[column].join(sorted(value.split(lists[column])))
        return value

    return sorted(
        json.dumps({column: items(column, value) for column, value in row.items()}, sort_keys=True)
        for row in rows
    )


def oxigraph_binary() -> str:
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    assert found, "the oxigraph server is missing: pip install -e '.[dev]' installs it"
    return found


@contextlib.contextmanager
def oxigraph_server(folder: Path):
    """The base URL of an Oxigraph server (`oxigraph serve`) with an empty store in `folder`."""
    port = free_port()
    with (folder / "server.log").open("wb") as log:
        process = subprocess.Popen(
            [oxigraph_binary(), "serve", "--location", str(folder / "db"), "--bind", f"127.0.0.1:{port}"],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    try:
        while True:
            try:
                call(f"{base}/")
                break
            except URLError:
                server_log = (folder / "server.log").read_text(errors="replace")
                assert process.poll() is None, f"oxigraph stopped: {server_log}"
                assert time.monotonic() < deadline, f"oxigraph does not answer: {server_log}"
                time.sleep(0.05)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
