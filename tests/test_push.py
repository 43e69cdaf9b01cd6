"""`tiltaksgraf push`: the Graph Store Protocol upload, into a real Oxigraph server on loopback and
into a stub server that records what it gets."""

import base64
import hashlib
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote, urlencode

import pyoxigraph
import pytest
from click.testing import CliRunner

from graph.cli import main
from graph.export.ntriples import ntriples
from graph.namespaces import PREFIXES
from graph.sparql import engine as sparql
from graph.sparql.examples import examples
from graph.sparql.push import DEFAULT_GRAPH
from tests.conftest import ROOT
from tests.sparql_http import canonical, free_port, oxigraph_server, select

OTHER_GRAPH = "https://example.org/tiltaksgraf-test/replaced"


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory):
    """The base URL of an Oxigraph server with an empty store of its own."""
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as base:
        yield base


@pytest.fixture(scope="module")
def data(rdf):
    return ntriples(rdf)


@pytest.fixture(scope="module")
def store(data):
    return sparql.store(data)


def push(*arguments):
    return CliRunner().invoke(main, ["push", *arguments])


def triples_in(base: str, graph: str) -> int:
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    return int(select(f"{base}/query", query)[0]["n"])


def test_example_queries_answer_over_http_as_in_process(oxigraph, store):
    result = push("--endpoint", f"{oxigraph}/store")
    assert result.exit_code == 0, result.output
    assert (
        result.output == f"Sent {len(store)} triples into the graph <{DEFAULT_GRAPH}> at {oxigraph}/store\n"
    )
    assert triples_in(oxigraph, DEFAULT_GRAPH) == len(store)
    endpoint = f"{oxigraph}/query?" + urlencode({"default-graph-uri": DEFAULT_GRAPH})
    for name, text in ((query.file, query.text) for query in examples() if not query.needs_corpus):
        expected = sparql.run(store, text).rows
        assert expected, name
        # each query declares its own prefixes: no prologue
        assert canonical(select(endpoint, text), text) == canonical(expected, text), name


def test_push_replaces_the_graph(oxigraph, store, data, tmp_path):
    assert push("--endpoint", f"{oxigraph}/store", "--graph", OTHER_GRAPH).exit_code == 0
    assert push("--endpoint", f"{oxigraph}/store", "--graph", OTHER_GRAPH).exit_code == 0
    assert triples_in(oxigraph, OTHER_GRAPH) == len(store)  # not twice as many
    (tmp_path / "graph.nt").write_text(data, encoding="utf-8")
    result = push(
        "--endpoint",
        f"{oxigraph}/store",
        "--graph",
        OTHER_GRAPH,
        "--data",
        str(tmp_path / "graph.nt"),
        "--no-ontology",
    )
    assert result.exit_code == 0, result.output
    assert triples_in(oxigraph, OTHER_GRAPH) == data.count("\n") < len(store)  # the ontology is gone


def test_store_errors_are_one_line(oxigraph):
    result = push("--endpoint", f"{oxigraph}/nowhere")
    assert result.exit_code == 2
    graph = quote(DEFAULT_GRAPH, safe="")
    assert result.output.startswith(f"Error: {oxigraph}/nowhere?graph={graph}: HTTP 404 Not Found")
    assert len(result.output.splitlines()) == 1


def test_unreachable_endpoint_is_a_one_line_error():
    url = f"http://127.0.0.1:{free_port()}/store"
    result = push("--endpoint", url)
    assert result.exit_code == 2
    assert (
        result.output
        == f"Error: {url}?graph={quote(DEFAULT_GRAPH, safe='')}: cannot connect (Connection refused)\n"
    )


class Recorder(BaseHTTPRequestHandler):
    """Records each PUT; with `digest` set, asks for Digest authentication first; with `refuse`
    set, answers 401 to everything."""

    def do_PUT(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
        authorization = self.headers.get("Authorization", "")
        if self.server.refuse or (self.server.digest and not authorization.startswith("Digest ")):
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Digest realm="stub", nonce="0123456789abcdef", qop="auth"')
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", "13")
            self.end_headers()
            self.wfile.write(b"who are you?\n")
            return
        self.send_response(201)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *_arguments):
        pass


@pytest.fixture
def stub():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    server.requests, server.digest, server.refuse = [], False, False
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def basic(user_password: str) -> str:
    return "Basic " + base64.b64encode(user_password.encode()).decode()


def test_what_is_sent(stub, store, monkeypatch):
    monkeypatch.delenv("TILTAKSGRAF_AUTH", raising=False)
    result = push("--endpoint", f"http://127.0.0.1:{stub.server_port}/ds/data")
    assert result.exit_code == 0, result.output
    [request] = stub.requests
    assert request["path"] == f"/ds/data?graph={quote(DEFAULT_GRAPH, safe='')}"
    assert request["headers"]["Content-Type"] == "text/turtle; charset=utf-8"
    assert "Authorization" not in request["headers"]
    sent = list(pyoxigraph.parse(request["body"], format=pyoxigraph.RdfFormat.TURTLE))
    assert len(sent) == len(store)


def test_credentials_come_from_the_environment(stub, monkeypatch):
    url = f"http://127.0.0.1:{stub.server_port}/repositories/r/rdf-graphs/service"
    monkeypatch.setenv("TILTAKSGRAF_AUTH", "anna:pa:ss word")
    monkeypatch.setenv("OTHER_STORE_LOGIN", "bob:hemmelig")
    first = push("--endpoint", url, "--graph", "https://example.org/g")
    second = push("--endpoint", url, "--graph", "https://example.org/g", "--auth-env", "OTHER_STORE_LOGIN")
    assert first.exit_code == second.exit_code == 0
    assert [request["headers"]["Authorization"] for request in stub.requests] == [
        basic("anna:pa:ss word"),
        basic("bob:hemmelig"),
    ]
    assert "pa:ss" not in first.output + second.output and "hemmelig" not in second.output


def test_digest_authentication_when_the_store_asks_for_it(stub, monkeypatch):
    stub.digest = True
    monkeypatch.setenv("TILTAKSGRAF_AUTH", "dba:dba-secret")
    result = push("--endpoint", f"http://127.0.0.1:{stub.server_port}/sparql-graph-crud-auth")
    assert result.exit_code == 0, result.output
    first, second = stub.requests
    assert first["headers"]["Authorization"] == basic("dba:dba-secret")
    assert second["headers"]["Authorization"].startswith('Digest username="dba", realm="stub"')
    assert "dba-secret" not in second["headers"]["Authorization"]
    assert second["body"] == first["body"] and len(second["body"]) > 100_000
    fields = dict(
        re.findall(r'(\w+)="?([^",]*)"?', second["headers"]["Authorization"].removeprefix("Digest "))
    )
    assert fields["uri"] == second["path"] and fields["qop"] == "auth" and fields["nc"] == "00000001"
    secret = md5("dba:stub:dba-secret")
    expected = md5(
        f"{secret}:0123456789abcdef:00000001:{fields['cnonce']}:auth:{md5('PUT:' + second['path'])}"
    )
    assert fields["response"] == expected  # RFC 7616, as the store computes it


def md5(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()


def test_refused_credentials_are_a_one_line_error(stub, monkeypatch):
    stub.refuse = True
    monkeypatch.setenv("TILTAKSGRAF_AUTH", "anna:wrong-secret")
    result = push("--endpoint", f"http://127.0.0.1:{stub.server_port}/store")
    assert result.exit_code == 2
    assert len(result.output.splitlines()) == 1 and "HTTP 401" in result.output
    assert "wrong-secret" not in result.output


def test_bad_credentials_settings_are_one_line_errors(stub, monkeypatch):
    url = f"http://127.0.0.1:{stub.server_port}/store"
    monkeypatch.setenv("TILTAKSGRAF_AUTH", "no-colon-secret")
    result = push("--endpoint", url)
    assert result.exit_code == 2
    assert result.output == "Error: the environment variable TILTAKSGRAF_AUTH should hold user:password\n"
    monkeypatch.delenv("NOT_SET_ANYWHERE", raising=False)
    result = push("--endpoint", url, "--auth-env", "NOT_SET_ANYWHERE")
    assert result.exit_code == 2 and "NOT_SET_ANYWHERE is not set" in result.output
    result = push("--endpoint", f"http://anna:secret@127.0.0.1:{stub.server_port}/store")
    assert result.exit_code == 2 and "not in the URL" in result.output and "secret@" not in result.output
    assert stub.requests == []  # nothing was sent


def test_readme_tells_how_to_query_a_store():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert all(f"  PREFIX {prefix}: <{namespace}>\n" in readme for prefix, namespace in PREFIXES.items())
    assert f"default-graph-uri={DEFAULT_GRAPH}" in readme
    assert "tiltaksgraf push --endpoint http://localhost:7878/store" in readme
