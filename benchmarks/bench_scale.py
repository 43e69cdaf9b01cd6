"""Benchmark how the main job grows with the corpus: N = 1, 10, 100 reports.

    .venv/bin/python benchmarks/bench_scale.py [--sizes 1 10 100]

The corpus is the bundled report under N distinct plan ids (copy i renames the plan in the running
header, so every copy is a plan of its own; organisations merge across them, and references to the
original plan resolve to its measures). For each N, a fresh process runs `build` with an empty cache
and reports wall time, peak memory (resident set of the process and its explorer worker), the size
of each export, and the time of three of the example SPARQL queries over the built graph in an
in-memory pyoxigraph store. Prints a Markdown table; the README quotes it with the machine it ran on.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_build import cpu_model  # this folder is on the path when run as a script

ROOT = Path(__file__).resolve().parent.parent
HEADER = "Handlingsplan mot vold i nære relasjoner (2014-2017) Sluttrapportering"
QUERIES = ["01-who-is-involved-where.rq", "03-organisations-across-chapters.rq", "06-money-by-funder.rq"]


def make_corpus(folder: Path, size: int) -> list[Path]:
    """`size` copies of the bundled report, each under a plan id of its own."""
    sys.path.insert(0, str(ROOT))
    from graph.resources import bundled_source

    text = bundled_source().read_text(encoding="utf-8")
    assert HEADER in text
    paths = []
    for number in range(size):
        path = folder / f"report-{number:03d}.txt"
        renamed = HEADER.replace(" (2014", f" del {number} (2014") if number else HEADER
        path.write_text(text.replace(HEADER, renamed), encoding="utf-8")
        paths.append(path)
    return paths


def measure(size: int) -> dict:
    """Build a corpus of `size` reports in this process and measure it (run in a fresh process)."""
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        os.environ["TILTAKSGRAF_CACHE"] = str(folder / "cache")  # an empty cache: the whole pipeline
        sources = make_corpus(folder, size)
        from graph.pipeline import build_exports
        from graph.sparql import engine as sparql

        start = time.perf_counter()
        summary = build_exports(sources, folder / "out")
        seconds = time.perf_counter() - start
        sizes = {path.name: path.stat().st_size for path in sorted((folder / "out").iterdir())}
        start = time.perf_counter()
        store = sparql.store((folder / "out" / "graph.nt").read_text(encoding="utf-8"))
        load = time.perf_counter() - start
        queries = {}
        for name in QUERIES:
            text = sparql.example_queries()[name]
            start = time.perf_counter()
            rows = sparql.run(store, text).rows
            queries[name] = (time.perf_counter() - start, len(rows))
    peak = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    )
    return {
        "size": size,
        "seconds": seconds,
        "peak_mib": peak / 1024,
        "triples": summary["triples"],
        "nodes": sum(summary["nodes"].values()),
        "edges": sum(summary["edges"].values()),
        "sizes": sizes,
        "load": load,
        "queries": queries,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        print(json.dumps(measure(arguments.child)))
        return
    print(
        f"Machine: {os.cpu_count()} cores, {cpu_model()}, Python {platform.python_version()}; "
        "one run each, empty cache\n"
    )
    print(
        "| reports | nodes | edges | triples | build s | s per report | peak MiB | exports MiB "
        "| graph.nt MiB | graph.html MiB | store load s | "
        + " | ".join(f"{name.split('-', 1)[0]} s (rows)" for name in QUERIES)
        + " |"
    )
    print("|" + "---|" * (11 + len(QUERIES)))
    for size in arguments.sizes:
        command = [sys.executable, __file__, "--child", str(size)]
        result = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
        mib = 1024 * 1024
        cells = [
            result["size"],
            result["nodes"],
            result["edges"],
            result["triples"],
            f"{result['seconds']:.1f}",
            f"{result['seconds'] / size:.2f}",
            f"{result['peak_mib']:.0f}",
            f"{sum(result['sizes'].values()) / mib:.1f}",
            f"{result['sizes']['graph.nt'] / mib:.1f}",
            f"{result['sizes']['graph.html'] / mib:.1f}",
            f"{result['load']:.2f}",
            *(f"{seconds:.2f} ({rows})" for seconds, rows in result["queries"].values()),
        ]
        print("| " + " | ".join(map(str, cells)) + " |", flush=True)


if __name__ == "__main__":
    main()
