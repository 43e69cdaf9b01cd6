"""`tiltaksgraf serve` under heavy queries and many clients: queries are stopped at the timeout or
when their client leaves, memory goes back to the baseline, the answer size and a query process's
memory are capped, and a query process that crashes is replaced while the endpoint keeps serving."""

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from urllib.parse import quote

import pytest

from graph.export.ntriples import ntriples
from graph.sparql import engine as sparql
from graph.sparql import guard
from tests.sparql_http import call, serving, url_of

ENDLESS_COUNT = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # 10^12 rows, little memory
)
GROWING_CLOSURE = "SELECT * WHERE { ?a (rdfs:label|^rdfs:label|!<x:y>|^!<x:y>)* ?b }"  # memory grows fast
SORTED_PRODUCT = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?f"  # memory grows faster
EVERYTHING = "CONSTRUCT WHERE { ?s ?p ?o }"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def store(rdf):
    return sparql.store(ntriples(rdf))


def rss_mib(pid: int) -> float:
    """Resident memory of a process in MiB (0 once the process is gone: it may end between a check
    and the reading)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            return next((int(line.split()[1]) / 1024 for line in status if line.startswith("VmRSS:")), 0.0)
    except (FileNotFoundError, ProcessLookupError):
        return 0.0


def get(server, query: str, **headers):
    return call(f"{url_of(server)}/sparql?query={quote(query)}", headers=headers)


def replaced(server, old: int, within: float) -> list[int]:
    """The query processes once `old` is gone and the pool is full again (bounded wait)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        pids = server.worker_pids()
        if (
            old not in pids
            and len(pids) == server.settings.workers
            and not os.path.exists(f"/proc/{old}/status")
        ):
            return pids
        time.sleep(0.05)
    raise AssertionError(f"query process {old} still there after {within} s: {server.worker_pids()}")


def test_a_long_query_is_stopped_at_the_timeout_and_memory_goes_back(store):
    with serving(store, timeout=2, workers=1) as server:
        [pid] = server.worker_pids()
        baseline = rss_mib(pid)
        answers, peak = [], baseline
        running = threading.Thread(target=lambda: answers.append(get(server, GROWING_CLOSURE)))
        started = time.monotonic()
        running.start()
        while running.is_alive() and os.path.exists(f"/proc/{pid}/status"):
            peak = max(peak, rss_mib(pid))
            time.sleep(0.1)
        running.join(10)
        elapsed = time.monotonic() - started
        [(status, media, body)] = answers
        assert (status, media) == (503, "text/plain; charset=utf-8")
        assert body == b"the query did not finish within 2 s (serve --timeout), so it was stopped\n"
        assert elapsed < 2 + 5
        assert peak > baseline + 20  # the query did grow its process
        [new] = replaced(server, pid, within=10)
        assert rss_mib(new) < baseline + 10  # back to the baseline
        assert json.loads(get(server, COUNT)[2])["results"]["bindings"][0]["n"]["value"] == str(len(store))


def test_a_query_whose_client_leaves_is_stopped(store):
    with serving(store, timeout=60, workers=1) as server:
        [pid] = server.worker_pids()
        with socket.create_connection(("127.0.0.1", server.server_port)) as client:
            client.sendall(
                f"GET /sparql?query={quote(ENDLESS_COUNT)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()
            )
            time.sleep(0.5)  # the query runs
            assert server.worker_pids() == [pid]
        replaced(server, pid, within=5)  # long before the 60 s timeout
        assert get(server, COUNT)[0] == 200


def test_memory_of_a_query_is_capped(store):
    with serving(store, workers=1, memory_mb=64) as server:
        [pid] = server.worker_pids()
        status, _, body = get(server, SORTED_PRODUCT)
        assert status == 503
        assert body.startswith(b"the query process was stopped (SIGABRT), most likely out of memory")
        assert body.endswith(b"a query may use 64 MiB (serve --memory)\n")
        replaced(server, pid, within=10)
        assert get(server, COUNT)[0] == 200


def test_answer_size_is_capped(store):
    with serving(store, workers=1, max_result_mb=1) as server:
        full = get(server, EVERYTHING, Accept="application/n-triples")
        assert full[0] == 503
        assert full[2] == b"the answer is larger than 1 MiB (serve --max-result): add a LIMIT\n"
        small = get(server, EVERYTHING + " LIMIT 10", Accept="application/n-triples")
        assert small[0] == 200 and small[2].count(b"\n") == 10


def test_a_crashed_query_process_is_replaced(store):
    with serving(store, timeout=60, workers=1) as server:
        [pid] = server.worker_pids()
        answers = []
        running = threading.Thread(target=lambda: answers.append(get(server, ENDLESS_COUNT)))
        running.start()
        time.sleep(0.5)
        os.kill(pid, signal.SIGSEGV)
        running.join(10)
        assert answers == [
            (
                500,
                "text/plain; charset=utf-8",
                b"the query crashed its process (SIGSEGV); a new one is started\n",
            )
        ]
        replaced(server, pid, within=10)
        assert get(server, COUNT)[0] == 200


def test_a_query_nested_five_thousand_deep_is_refused_and_the_endpoint_lives(store):
    nested = "SELECT * WHERE " + "{" * 5000 + "}" * 5000  # it crashes pyoxigraph's parser
    with serving(store, workers=1) as server:
        [pid] = server.worker_pids()
        status, _, body = get(server, nested)
        assert status == 400
        assert body == b"refused: the query nests brackets deeper than 64 levels\n"
        assert call(f"{url_of(server)}/?query={quote(nested)}")[0] == 400
        assert server.worker_pids() == [pid]  # never reached a query process
        assert get(server, COUNT)[0] == 200


CRASHING = [
    "SELECT * WHERE " + "{" * 5000 + "}" * 5000,
    "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }",
    "SELECT * WHERE { FILTER(" + "!" * 30000 + "true) }",
    "SELECT * WHERE { ?s <urn:p> " + "(" * 5000 + "1" + ")" * 5000 + " }",
]


@pytest.mark.parametrize("query", CRASHING, ids=["braces", "parentheses", "negations", "lists"])
def test_queries_that_crash_the_parser_are_refused_before_it(query):
    crash = subprocess.run(
        [sys.executable, "-c", "import sys, pyoxigraph; pyoxigraph.Store().query(sys.stdin.read())"],
        input=query,
        text=True,
        capture_output=True,
        timeout=60,
    )
    assert crash.returncode == -signal.SIGSEGV  # the parser's stack overflows
    with pytest.raises(guard.Refused):
        guard.check(query)
    guard.check("SELECT * WHERE " + "{" * 60 + "}" * 60 + " FILTER(" + "!" * 60 + "true)")


def test_a_hundred_concurrent_clients_are_all_answered(store):
    clients, requests = 100, 3
    start = threading.Barrier(clients)
    results: list[tuple[int, int, bytes]] = []
    failures: list[str] = []

    def client(number: int, port: int) -> None:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            start.wait(30)
            for _ in range(requests):
                query = f"SELECT ?x WHERE {{ BIND({number} AS ?x) }}"
                connection.request("GET", f"/sparql?query={quote(query)}", headers={"Accept": "text/csv"})
                answer = connection.getresponse()
                results.append((number, answer.status, answer.read()))
            connection.close()
        except Exception as error:
            failures.append(f"{number}: {error!r}")

    with serving(store) as server:
        threads = [threading.Thread(target=client, args=(n, server.server_port)) for n in range(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
    assert failures == []
    assert len(results) == clients * requests
    assert all(status == 200 and body == f"x\r\n{number}\r\n".encode() for number, status, body in results)
