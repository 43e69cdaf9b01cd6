"""`tiltaksgraf serve` beside `oxigraph serve-read-only` on the same data, and pyoxigraph beside
rdflib as SPARQL engines in one process.

Every server gets the bundled graph and the ontology; each is asked one simple SELECT (full IRIs)
by C keep-alive clients at once, as fast as it answers, for S seconds after a warm-up, in rounds
that take the servers in turn (so that other work on the machine falls on all of them alike). The
clients are one asyncio process on the same machine: on few cores it takes CPU from the servers, so
its own CPU share is shown, and so is the servers' CPU time per request.
"""

from __future__ import annotations

import asyncio
import os
import socket
import statistics
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

from benchmarks.common import PYTHON, ROOT, Code
from benchmarks.results import Comparison, Table

QUERY = 'SELECT ?m WHERE { ?m <http://purl.org/dc/terms/identifier> "18a" }'
EXPECTED = b"/measure/18a"
OXIGRAPH = "oxigraph serve-read-only"
ENGINE_QUERIES = (
    "01-who-is-involved-where.rq",
    "03-organisations-across-chapters.rq",
    "06-money-by-funder.rq",
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def read_body(reader: asyncio.StreamReader, head: bytes) -> bytes:
    """A response body framed by Content-Length or chunked (Oxigraph streams its answers)."""
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return await reader.readexactly(int(line.split(b":")[1]))
    body = b""
    while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
        body += (await reader.readexactly(size + 2))[:-2]
    await reader.readuntil(b"\r\n")  # the empty trailer
    return body


async def client(port: int, stop: float, latencies: list[float], failures: list[str]) -> None:
    """One keep-alive connection asking QUERY until `stop` (loop time); a request's latency counts
    from the moment its connection is asked for."""
    loop = asyncio.get_running_loop()
    request = (
        f"GET /sparql?query={quote(QUERY)} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        "Accept: application/sparql-results+json\r\n\r\n"
    ).encode()
    started = time.perf_counter()
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
    except OSError as error:
        failures.append(repr(error))
        return
    try:
        while loop.time() < stop:
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            body = await read_body(reader, head)
            latencies.append(time.perf_counter() - started)
            if not head.startswith(b"HTTP/1.1 200") or EXPECTED not in body:
                failures.append(head.split(b"\r\n")[0].decode())
            started = time.perf_counter()
    except (OSError, asyncio.IncompleteReadError) as error:
        failures.append(repr(error))
    finally:
        writer.close()


async def _load(port: int, clients: int, seconds: float) -> tuple[list[float], list[str]]:
    loop = asyncio.get_running_loop()
    latencies: list[float] = []
    failures: list[str] = []
    stop = loop.time() + seconds
    await asyncio.gather(*(client(port, stop, latencies, failures) for _ in range(clients)))
    return latencies, failures


def load(port: int, clients: int, seconds: float) -> tuple[list[float], list[str]]:
    """Latencies and failures of `clients` clients asking for `seconds` (on uvloop if installed)."""
    try:
        import uvloop

        return uvloop.run(_load(port, clients, seconds))
    except ImportError:
        return asyncio.run(_load(port, clients, seconds))


def cpu_seconds(pid: int) -> float:
    """CPU time of a process and its descendants that are alive (Linux; NaN elsewhere)."""
    if not Path(f"/proc/{pid}/stat").exists():
        return float("nan")
    return _tree_cpu(pid)


def _tree_cpu(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()
        children = [
            int(child)
            for task in Path(f"/proc/{pid}/task").glob("*/children")
            for child in task.read_text().split()
        ]
    except OSError:  # it ended meanwhile
        return 0.0
    own = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return own + sum(_tree_cpu(child) for child in children)


def wait_until_up(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server on port {port} stopped ({process.returncode})")
        try:
            url = f"http://127.0.0.1:{port}/sparql?query={quote(QUERY)}"
            with urllib.request.urlopen(url, timeout=5) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"the server on port {port} did not answer within 60 s")


def data_file(folder: Path) -> Path:
    """The bundled graph and the ontology as N-Triples, as `tiltaksgraf serve` holds them."""
    import pyoxigraph

    from graph.pipeline import ntriples
    from graph.resources import bundled_source
    from graph.sparql import engine

    store = engine.store(ntriples([bundled_source()]))
    path = folder / "graph.nt"
    path.write_bytes(store.dump(format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=pyoxigraph.DefaultGraph()))
    return path


def _servers(codes: list[Code], folder: Path, data: Path) -> dict[str, tuple[list[str], Path, dict | None]]:
    """The command (with {port}), folder and environment that start each server."""
    oxigraph = str(Path(PYTHON).parent / "oxigraph")
    database = folder / "oxigraph"
    subprocess.run(
        [oxigraph, "load", "--location", str(database), "--file", str(data)], check=True, capture_output=True
    )
    commands = {
        f"tiltaksgraf serve ({code.label})": (
            code.cli("serve", "--data", data, "--port", "{port}"),
            code.root,
            code.environment(folder / "cache"),
        )
        for code in codes
    }
    commands[OXIGRAPH] = (
        [oxigraph, "serve-read-only", "--location", str(database), "--bind", "127.0.0.1:{port}"],
        ROOT,
        None,
    )
    return commands


def endpoint(
    codes: list[Code], counts: list[int], seconds: float, rounds: int
) -> tuple[list[Comparison], Table]:
    """Throughput and latency of each server under each number of clients."""
    samples: dict[tuple[str, int], list[dict]] = {}
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        processes = {}
        try:
            for name, (command, cwd, env) in _servers(codes, folder, data_file(folder)).items():
                port = free_port()
                process = subprocess.Popen(
                    [part.format(port=port) for part in command],
                    cwd=cwd,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                processes[name] = (port, process)
                wait_until_up(port, process)
            for _ in range(rounds):
                for clients in counts:
                    for name, (port, process) in processes.items():
                        load(port, clients, 1)  # warm-up
                        server_cpu = cpu_seconds(process.pid)
                        cpu, wall = time.process_time(), time.perf_counter()
                        latencies, failures = load(port, clients, seconds)
                        elapsed = time.perf_counter() - wall
                        samples.setdefault((name, clients), []).append(
                            {
                                "latencies": latencies,
                                "failures": len(failures),
                                "rate": len(latencies) / elapsed,
                                "client": (time.process_time() - cpu) / elapsed,
                                "server": (cpu_seconds(process.pid) - server_cpu) / max(len(latencies), 1),
                            }
                        )
        finally:
            for _, process in processes.values():
                process.terminate()
                process.wait(timeout=30)
    return _endpoint_findings(codes, counts, samples, seconds, rounds)


def _endpoint_findings(codes, counts, samples, seconds, rounds) -> tuple[list[Comparison], Table]:
    figures, rows = {}, []
    for (name, clients), runs in samples.items():
        latencies = sorted(latency for run in runs for latency in run["latencies"])
        figure = {
            "rate": statistics.median(run["rate"] for run in runs),
            "p50": latencies[len(latencies) // 2] * 1000,
            "p99": latencies[int(len(latencies) * 0.99)] * 1000,
            "max": latencies[-1] * 1000,
            "failures": sum(run["failures"] for run in runs),
            "client": statistics.median(run["client"] for run in runs),
            "server": statistics.median(run["server"] for run in runs) * 1e6,
        }
        figures[name, clients] = figure
    names = list(dict.fromkeys(name for name, _ in samples))
    for name in names:
        for clients in counts:
            figure = figures[name, clients]
            rows.append(
                (
                    name,
                    clients,
                    figure["rate"],
                    figure["rate"] / figures[OXIGRAPH, clients]["rate"],
                    figure["p50"],
                    figure["p99"],
                    figure["max"],
                    figure["failures"],
                    figure["server"],
                    f"{figure['client']:.0%}",
                )
            )
    this = f"tiltaksgraf serve ({codes[0].label})"
    comparisons = []
    for clients in counts:
        figure = figures[this, clients]
        comparisons += [
            Comparison(
                f"`serve`, {clients} clients: throughput",
                figure["rate"],
                f"`{OXIGRAPH}`",
                figures[OXIGRAPH, clients]["rate"],
                "req/s",
                0.5,
                more_is_better=True,
            ),
            Comparison(f"`serve`, {clients} clients: p99 latency", figure["p99"], "200 ms", 200.0, "ms", 1.0),
            Comparison(
                f"`serve`, {clients} clients: slowest request", figure["max"], "1 s", 1000.0, "ms", 1.0
            ),
        ]
    table = Table(
        "SPARQL endpoint: a simple SELECT by keep-alive clients",
        (
            "server",
            "clients",
            "requests/s",
            "× oxigraph",
            "p50 ms",
            "p99 ms",
            "max ms",
            "failures",
            "server CPU µs/request",
            "client CPU",
        ),
        tuple(rows),
        f"Query: `{QUERY}`. Requests/s: median of {rounds} rounds of {seconds:g} s; latencies: all "
        "requests of the rounds (a request's latency includes its connection's set-up). Server CPU: "
        "the server's processes together, per request answered.",
    )
    return comparisons, table


def engines(runs: int) -> tuple[list[Comparison], Table]:
    """pyoxigraph beside rdflib over the bundled graph and the ontology: the endpoint's SELECT and
    three example queries, answered and serialised as SPARQL JSON, in this process."""
    import pyoxigraph
    import rdflib

    with tempfile.TemporaryDirectory() as folder:
        data = data_file(Path(folder)).read_bytes()
    store = pyoxigraph.Store()
    store.bulk_load(data, format=pyoxigraph.RdfFormat.N_TRIPLES)
    graph = rdflib.Graph()
    graph.parse(data=data.decode(), format="nt")
    queries = {"the endpoint's SELECT": QUERY}
    queries |= {name: (ROOT / "queries" / name).read_text(encoding="utf-8") for name in ENGINE_QUERIES}

    def oxigraph(text: str) -> bytes:
        return store.query(text).serialize(format=pyoxigraph.QueryResultsFormat.JSON)

    def with_rdflib(text: str) -> bytes:
        return graph.query(text).serialize(format="json")

    rows = []
    for name, text in queries.items():
        timed = {}
        for label, function in (("pyoxigraph", oxigraph), ("rdflib", with_rdflib)):
            function(text)  # warm-up
            times = []
            for _ in range(runs):
                started = time.perf_counter()
                function(text)
                times.append(time.perf_counter() - started)
            timed[label] = statistics.median(times) * 1000
        rows.append((name, timed["pyoxigraph"], timed["rdflib"], timed["rdflib"] / timed["pyoxigraph"]))
    table = Table(
        "SPARQL engines in one process (bundled graph and ontology, answers as SPARQL JSON)",
        ("query", "pyoxigraph ms", "rdflib ms", "rdflib ÷ pyoxigraph"),
        tuple(rows),
        f"Median of {runs} runs each, after one warm-up run.",
    )
    _, select_oxigraph, select_rdflib, _ = rows[0]
    return [Comparison(f"rdflib: {rows[0][0]}", select_rdflib, "pyoxigraph", select_oxigraph, "ms")], table
