"""How the endpoint's pool hands queries to its processes (with stand-in processes that answer when
the test says): a busy process is sent the next queries at once, queries behind a slow one go to
another process, deadlines are kept, and queries a lost or stopped process had not started are
answered elsewhere."""

import asyncio
import http.client
import itertools
import json
import socket
from urllib.parse import quote

import pytest

from graph.export.ntriples import ntriples
from graph.sparql import engine as sparql
from graph.sparql import pool as pool_module
from graph.sparql.pool import Pool, Unanswered
from graph.sparql.worker import FRAME
from tests.sparql_http import serving

PIDS = itertools.count(1000)


class StandIn:
    """A query process that records the queries it is sent and answers when told to."""

    def __init__(self, on_answer, on_lost):
        self.on_answer, self.on_lost = on_answer, on_lost
        self.pid = next(PIDS)
        self.sent, self.head_since = pool_module.collections.deque(), 0.0
        self.received: list[str] = []
        self.killed = False

    def send(self, data: bytes) -> None:
        header_length, _ = FRAME.unpack_from(data)
        self.received.append(json.loads(data[FRAME.size : FRAME.size + header_length])["query"])

    def answer(self, text: str, **header) -> None:
        self.on_answer(self, {"status": 200, "media": "text/plain", **header}, text.encode())

    def kill(self) -> None:
        self.killed = True

    async def wait(self) -> None:
        return None

    async def ended_by(self) -> str:
        return "SIGSEGV"


class Started(list):
    """The stand-ins the pool started, in order; a new one takes `delay` seconds to start."""

    delay = 0.0


@pytest.fixture
def processes(monkeypatch) -> Started:
    """The pool's processes are stand-ins, and its clock runs in hundredths of a second."""
    made = Started()

    async def start(dataset, limits, on_answer, on_lost):
        await asyncio.sleep(made.delay)
        made.append(StandIn(on_answer, on_lost))
        return made[-1]

    monkeypatch.setattr(pool_module, "start", start)
    monkeypatch.setattr(pool_module, "SLOW", 0.05)
    monkeypatch.setattr(pool_module, "TICK", 0.01)
    monkeypatch.setattr(pool_module, "GRACE", 0.3)
    return made


def run(scenario):
    return asyncio.run(scenario())


def ask(pool: Pool, query: str) -> asyncio.Task:
    return asyncio.get_running_loop().create_task(pool.ask({"kind": "query", "query": query}))


async def settle(seconds: float = 0.0) -> None:
    await asyncio.sleep(seconds)


def test_a_busy_process_is_sent_the_next_queries_before_it_answers(processes):
    async def scenario():
        pool = Pool(b"", 1, 0, 0, timeout=10)
        await pool.start()
        [process] = processes
        asks = [ask(pool, name) for name in ("a", "b", "c")]
        await settle()
        assert process.received == ["a", "b", "c"]
        for name in ("a", "b", "c"):
            process.answer(f"answer {name}")
        return [(await item)[1] for item in asks]

    assert run(scenario) == [b"answer a", b"answer b", b"answer c"]


def test_a_query_behind_a_slow_one_goes_to_another_process_and_the_first_answer_counts(processes):
    async def scenario():
        pool = Pool(b"", 2, 0, 0, timeout=10)
        await pool.start()
        first, second = processes
        slow, quick, behind = ask(pool, "slow"), ask(pool, "quick"), ask(pool, "behind")
        await settle()
        assert (first.received, second.received) == (["slow", "behind"], ["quick"])
        second.answer("quick answer")
        await settle(0.15)  # the slow query has taken longer than SLOW
        assert second.received == ["quick", "behind"]
        second.answer("behind, answered by the second")
        first.answer("slow answer")
        first.answer("behind, answered late by the first")  # nobody waits for it: dropped
        return [(await item)[1] for item in (slow, quick, behind)], first.killed

    answers, killed = run(scenario)
    assert answers == [b"slow answer", b"quick answer", b"behind, answered by the second"]
    assert not killed


def test_a_query_past_its_deadline_is_stopped_and_the_one_behind_it_is_answered_by_the_new_process(
    processes,
):
    async def scenario():
        pool = Pool(b"", 1, 0, 0, timeout=1.0)
        await pool.start()
        slow = ask(pool, "slow")
        await settle(0.5)
        later = ask(pool, "later")  # waits: the only process works on a slow query
        await settle(0.6)
        first, replacement = processes
        assert first.killed and replacement.received == ["later"]
        replacement.answer("later answer")
        with pytest.raises(Unanswered) as stopped:
            await slow
        return stopped.value, (await later)[1], pool.pids()

    stopped, answer, pids = run(scenario)
    assert (stopped.status, str(stopped)) == (
        503,
        "the query did not finish within 1 s (serve --timeout), so it was stopped",
    )
    assert answer == b"later answer"
    assert pids == [processes[1].pid]


def test_a_query_that_finds_no_free_process_in_time_is_refused(processes):
    async def scenario():
        pool = Pool(b"", 1, 0, 0, timeout=0.2)
        await pool.start()
        processes.delay = 1.0  # the process that replaces the stopped one is slow to start
        slow, waiting = ask(pool, "slow"), ask(pool, "waiting")
        results = await asyncio.gather(slow, waiting, return_exceptions=True)
        return [(error.status, str(error)) for error in results]

    assert run(scenario) == [
        (503, "the query did not finish within 0.2 s (serve --timeout), so it was stopped"),
        (503, "all 1 query processes stayed busy for 0.2 s; try again later"),
    ]


def test_the_queries_a_crashed_process_had_not_started_are_answered_by_its_replacement(processes):
    async def scenario():
        pool = Pool(b"", 1, 0, 0, timeout=10)
        await pool.start()
        crashing, behind = ask(pool, "crashing"), ask(pool, "behind")
        await settle()
        first = processes[0]
        first.on_lost(first)  # the process ended under the first query
        await settle(0.02)
        processes[1].answer("behind answer")
        with pytest.raises(Unanswered) as crashed:
            await crashing
        return crashed.value, processes[1].received, (await behind)[1]

    crashed, received, answer = run(scenario)
    assert (crashed.status, str(crashed)) == (
        500,
        "the query crashed its process (SIGSEGV); a new one is started",
    )
    assert received == ["behind"]
    assert answer == b"behind answer"


def test_a_process_that_ends_after_an_answer_passes_on_what_it_had_not_started(processes):
    async def scenario():
        pool = Pool(b"", 1, 0, 0, timeout=10)
        await pool.start()
        big, behind = ask(pool, "big"), ask(pool, "behind")
        await settle()
        processes[0].answer("out of memory", status=503, restart=True)
        await settle(0.02)
        processes[1].answer("behind answer")
        return (await big)[1], (await behind)[1], processes[0].killed, processes[1].received

    assert run(scenario) == (b"out of memory", b"behind answer", True, ["behind"])


def test_a_query_whose_client_leaves_is_stopped_at_once_or_once_it_is_started(processes):
    async def scenario():
        pool = Pool(b"", 1, 0, 0, timeout=10)
        await pool.start()
        running, behind, kept = ask(pool, "running"), ask(pool, "behind"), ask(pool, "kept")
        await settle()
        behind.cancel()  # not started yet: nothing to stop
        await settle()
        assert not processes[0].killed
        running.cancel()  # started: its process is stopped
        await settle(0.02)
        assert processes[0].killed
        second = processes[1]
        assert second.received == ["kept"]  # what the stopped process had not started
        second.answer("kept answer")
        return (await kept)[1]

    assert run(scenario) == b"kept answer"


def test_a_process_busy_with_a_query_nobody_waits_for_is_stopped_after_a_grace(processes):
    async def scenario():
        pool = Pool(b"", 1, 0, 0, timeout=10)
        await pool.start()
        first_query, left = ask(pool, "first"), ask(pool, "left")
        await settle()
        left.cancel()
        await settle()
        first = processes[0]
        first.answer("first answer")  # now it works on the query whose client left
        await settle(0.05)
        assert not first.killed
        await settle(0.5)
        return (await first_query)[1], first.killed, len(processes)

    assert run(scenario) == (b"first answer", True, 2)


def test_quick_queries_sent_with_a_slow_one_are_all_answered_while_it_runs(rdf):
    endless = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    with serving(sparql.store(ntriples(rdf)), timeout=60, workers=2) as server:
        port = server.server_port
        with socket.create_connection(("127.0.0.1", port)) as slow:
            slow.sendall(f"GET /sparql?query={quote(endless)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
            clients = [http.client.HTTPConnection("127.0.0.1", port, timeout=60) for _ in range(12)]
            for number, client in enumerate(clients):  # every request out before any answer is read
                query = f"SELECT ?x WHERE {{ BIND({number} AS ?x) }}"
                client.request("GET", f"/sparql?query={quote(query)}", headers={"Accept": "text/csv"})
            answers = []
            for client in clients:
                response = client.getresponse()
                answers.append((response.status, response.read()))
                client.close()
            slow.setblocking(False)
            with pytest.raises(BlockingIOError):
                slow.recv(1)  # the slow query still runs
    assert answers == [(200, f"x\r\n{number}\r\n".encode()) for number in range(12)]
