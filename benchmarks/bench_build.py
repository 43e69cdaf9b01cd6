"""Benchmark the main job and the CLI reports on the bundled report.

    .venv/bin/python benchmarks/bench_build.py [--runs N]

Prints a Markdown table: wall time of `tiltaksgraf build` with an empty cache (the full pipeline:
parse, extract, graph, RDF, every export) and with a warm cache, of a few report commands, and the
time of each library stage. The README quotes its figures with the machine they ran on.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "graph.cli"]


def wall(command: list[str], env: dict[str, str], runs: int) -> tuple[float, float]:
    """Median and best wall time in seconds of a command over `runs` runs."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def stages() -> list[tuple[str, float]]:
    """Seconds spent in each library stage, in one process, without the cache."""
    sys.path.insert(0, str(ROOT))
    from graph.export import FORMATS, RDF_FORMATS, render
    from graph.export.contents import Contents
    from graph.extract import extract
    from graph.parse import parse_report
    from graph.resources import bundled_source

    timings = []

    def timed(name, function, *args):
        start = time.perf_counter()
        result = function(*args)
        timings.append((name, time.perf_counter() - start))
        return result

    report = timed("parse (clean PDF text, structure)", parse_report, bundled_source())
    extraction = timed("extract (actors, roles, references, money ...)", extract, report)
    contents = Contents([extraction])
    timed("networkx graph", lambda: contents.network)
    timed("RDF triples", lambda: contents.triples)
    timed("RDF exports (N-Triples, Turtle, JSON-LD, RDF/XML)", render, contents, RDF_FORMATS)
    timed("GraphML", FORMATS["graphml"].render, contents)
    timed("HTML explorer", FORMATS["html"].render, contents)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    print(
        f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"{cpu_model()}, Python {platform.python_version()}; median (best) of {runs} runs\n"
    )
    print("| command | seconds |\n|---|---|")
    with tempfile.TemporaryDirectory() as out, tempfile.TemporaryDirectory() as cache_root:
        cold = []
        for run in range(runs):
            env = {**os.environ, "TILTAKSGRAF_CACHE": str(Path(cache_root) / f"cold-{run}")}
            cold.append(wall([*CLI, "build", "--out", out], env, 1)[0])
        print(f"| `tiltaksgraf build` (empty cache) | {statistics.median(cold):.2f} ({min(cold):.2f}) |")
        env = {**os.environ, "TILTAKSGRAF_CACHE": str(Path(cache_root) / "warm")}
        wall([*CLI, "build", "--out", out], env, 1)
        commands = [
            ("`tiltaksgraf build` (warm cache)", ["build", "--out", out]),
            ("`tiltaksgraf measures --format json`", ["measures", "--format", "json"]),
            ("`tiltaksgraf actors`", ["actors"]),
            ("`tiltaksgraf actor nkvts`", ["actor", "nkvts"]),
            ("`tiltaksgraf stats`", ["stats"]),
            (
                "`tiltaksgraf query queries/01-who-is-involved-where.rq`",
                ["query", "queries/01-who-is-involved-where.rq"],
            ),
            ("`tiltaksgraf --help`", ["--help"]),
        ]
        for label, arguments in commands:
            median, best = wall([*CLI, *arguments], env, runs)
            print(f"| {label} | {median:.2f} ({best:.2f}) |")
    print("\n| stage (one process, no cache) | seconds |\n|---|---|")
    for name, seconds in stages():
        print(f"| {name} | {seconds:.3f} |")


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


if __name__ == "__main__":
    main()
