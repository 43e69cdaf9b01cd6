"""Benchmark `tiltaksgraf serve` side by side with `oxigraph serve-read-only` on the same data.

    .venv/bin/python benchmarks/bench_endpoint.py [--seconds S] [--clients 20,100]

Both servers get the bundled graph and the ontology; each is asked one simple SELECT (full IRIs, no
predeclared prefixes needed) by C keep-alive clients at once, as fast as they answer, for S seconds
after a warm-up. Prints a Markdown table of requests per second and latency percentiles. The client
(one asyncio process) runs on the same machine, so on few cores it takes CPU from the server; its
own CPU share is printed too. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
QUERY = 'SELECT ?m WHERE { ?m <http://purl.org/dc/terms/identifier> "18a" }'
EXPECTED = b"/measure/18a"


def free_port() -> int:
    import socket

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
    """One keep-alive connection asking QUERY until `stop` (loop time)."""
    loop = asyncio.get_running_loop()
    request = (
        f"GET /sparql?query={quote(QUERY)} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        "Accept: application/sparql-results+json\r\n\r\n"
    ).encode()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while loop.time() < stop:
            started = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            body = await read_body(reader, head)
            latencies.append(time.perf_counter() - started)
            if not head.startswith(b"HTTP/1.1 200") or EXPECTED not in body:
                failures.append(head.split(b"\r\n")[0].decode())
    except (OSError, asyncio.IncompleteReadError) as error:
        failures.append(repr(error))
    finally:
        writer.close()


async def load(port: int, clients: int, seconds: float) -> tuple[list[float], list[str]]:
    loop = asyncio.get_running_loop()
    warm: list[float] = []
    await asyncio.gather(*(client(port, loop.time() + 1, warm, []) for _ in range(clients)))
    latencies: list[float] = []
    failures: list[str] = []
    stop = loop.time() + seconds
    await asyncio.gather(*(client(port, stop, latencies, failures) for _ in range(clients)))
    return latencies, failures


def wait_until_up(port: int, process: subprocess.Popen) -> None:
    import urllib.request

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, f"the server stopped ({process.returncode})"
        try:
            with urllib.request.urlopen(
                f"http://127.0.0.1:{port}/sparql?query={quote(QUERY)}", timeout=5
            ) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("the server did not answer within 60 s")


def data_file(folder: Path) -> Path:
    """The bundled graph and the ontology as N-Triples, as `tiltaksgraf serve` holds them."""
    sys.path.insert(0, str(ROOT))
    import pyoxigraph

    from graph.pipeline import ntriples
    from graph.resources import bundled_source
    from graph.sparql import engine

    store = engine.store(ntriples([bundled_source()]))
    path = folder / "graph.nt"
    path.write_bytes(store.dump(format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=pyoxigraph.DefaultGraph()))
    return path


def servers(folder: Path, data: Path) -> dict[str, list[str]]:
    """The command that starts each server on a port given as {port}."""
    oxigraph = str(Path(sys.executable).parent / "oxigraph")
    subprocess.run(
        [oxigraph, "load", "--location", str(folder / "db"), "--file", str(data)],
        check=True,
        capture_output=True,
    )
    tiltaksgraf = [sys.executable, "-m", "graph.cli", "serve", "--data", str(data), "--port", "{port}"]
    return {
        "tiltaksgraf serve": tiltaksgraf,
        "oxigraph serve-read-only": [
            oxigraph,
            "serve-read-only",
            "--location",
            str(folder / "db"),
            "--bind",
            "127.0.0.1:{port}",
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--clients", default="20,100")
    arguments = parser.parse_args()
    counts = [int(number) for number in arguments.clients.split(",")]
    print(
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"query: {QUERY}\n")
    print("| server | clients | requests/s | p50 ms | p99 ms | max ms | failures | client CPU |")
    print("|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        commands = servers(folder, data_file(folder))
        for name, command in commands.items():
            port = free_port()
            process = subprocess.Popen(
                [part.format(port=port) for part in command],
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            try:
                wait_until_up(port, process)
                for clients in counts:
                    cpu, wall = time.process_time(), time.perf_counter()
                    latencies, failures = asyncio.run(load(port, clients, arguments.seconds))
                    share = (time.process_time() - cpu) / (time.perf_counter() - wall)
                    latencies.sort()
                    rate = len(latencies) / arguments.seconds
                    p50 = statistics.median(latencies) * 1000
                    p99 = latencies[int(len(latencies) * 0.99)] * 1000
                    print(
                        f"| {name} | {clients} | {rate:.0f} | {p50:.1f} | {p99:.1f} | {latencies[-1] * 1000:.0f} | "
                        f"{len(failures)} | {share:.0%} |"
                    )
            finally:
                process.terminate()
                process.wait(timeout=30)


if __name__ == "__main__":
    main()
