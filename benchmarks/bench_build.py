"""The bundled report: start-up of the report commands beside a bare `python -c pass`, `build`
with an empty and a warm cache, and the first `query` after a build beside a query of the built
N-Triples file."""

from __future__ import annotations

import shutil
import tempfile
from functools import partial
from pathlib import Path

from benchmarks.common import PYTHON, ROOT, THIS, Code, Run, median_run
from benchmarks.results import Comparison, Table

REPORTS = (("actor", "NKVTS"), ("stats",), ("measure", "18a"), ("matrix",))
QUERY = ROOT / "queries" / "01-who-is-involved-where.rq"


def startup(codes: list[Code], runs: int) -> tuple[list[Comparison], Table]:
    """Each report command with a warm cache, beside `python -c pass`."""
    with tempfile.TemporaryDirectory() as folder:
        bare = median_run([PYTHON, "-c", "pass"], ROOT, None, runs)
        comparisons, rows = [], [("`python -c pass`", "", bare.seconds * 1000, 1.0)]
        for code in codes:
            env = code.environment(Path(folder) / code.label)
            for arguments in REPORTS:
                median_run(code.cli(*arguments), code.root, env, 1)  # fills the cache
                timed = median_run(code.cli(*arguments), code.root, env, runs)
                what = f"`{' '.join(arguments)}`"
                rows.append((what, code.label, timed.seconds * 1000, timed.seconds / bare.seconds))
                if code is THIS:
                    comparisons.append(
                        Comparison(
                            f"{what} (warm cache)",
                            timed.seconds * 1000,
                            "`python -c pass`",
                            bare.seconds * 1000,
                            "ms",
                            3,
                        )
                    )
    order = [f"`{' '.join(arguments)}`" for arguments in REPORTS]
    rows[1:] = sorted(rows[1:], key=lambda row: order.index(row[0]))
    table = Table(
        "Start-up of the report commands (warm cache)",
        ("command", "code", "ms", "× bare Python"),
        tuple(rows),
        f"Median of {runs} runs each.",
    )
    return comparisons, table


def build(codes: list[Code], runs: int) -> tuple[list[Comparison], Table]:
    """`build` of the bundled report with an empty cache (the whole pipeline) and a warm one, and
    the first `query` after it, beside `query --data graph.nt` (nothing recomputed)."""
    timings: dict[tuple[str, str], Run] = {}
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        for code in codes:
            cache, out = folder / f"cache-{code.label}", folder / f"out-{code.label}"
            env = code.environment(cache)
            command = code.cli("build", "--out", out)
            empty = partial(shutil.rmtree, cache, ignore_errors=True)
            timings[code.label, "cold"] = median_run(command, code.root, env, runs, before=empty)
            timings[code.label, "warm"] = median_run(command, code.root, env, runs)
            rebuild = partial(median_run, command, code.root, env, 1)
            query = code.cli("query", QUERY)
            timings[code.label, "query"] = median_run(query, code.root, env, runs, before=rebuild)
            data = code.cli("query", QUERY, "--data", out / "graph.nt")
            timings[code.label, "data"] = median_run(data, code.root, env, runs)
    names = {
        "cold": "`build`, empty cache",
        "warm": "`build`, warm cache",
        "query": "first `query` after `build`",
        "data": "`query --data graph.nt`",
    }
    rows = tuple(
        (names[kind], code.label, timings[code.label, kind].seconds, timings[code.label, kind].peak_mib)
        for kind in names
        for code in codes
    )
    this = {kind: timings[THIS.label, kind].seconds for kind in names}
    comparisons = [
        Comparison(names["query"], this["query"], names["data"], this["data"], "s", 1.2),
    ]
    if len(codes) > 1:
        before = codes[1].label
        for kind, target in (("cold", 0.4), ("warm", 0.3)):
            comparisons.insert(
                len(comparisons) - 1,
                Comparison(
                    names[kind], this[kind], f"the same, {before}", timings[before, kind].seconds, "s", target
                ),
            )
    table = Table(
        "The bundled report: build and first query",
        ("step", "code", "s", "peak MiB"),
        rows,
        f"Median of {runs} runs each; the first query runs after a fresh `build` each time.",
    )
    return comparisons, table
