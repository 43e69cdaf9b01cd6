"""Corpora of N reports: `build` time and peak memory as N grows, and the RDF path (the triples and
the four RDF files) beside the pyoxigraph floor (parse the same N-Triples, write the same four
formats), in time and in bytes per triple at the peak.

The corpus is the bundled report under N distinct plan ids: copy i renames the plan in the running
header, so every copy is a plan of its own, organisations merge across them and references to the
original plan resolve to its measures. Each figure comes from a fresh process with an empty cache
(the RDF path: with the facts cached, so that only the RDF is timed).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

from benchmarks.common import PYTHON, ROOT, THIS, Code, Run, median_run, run
from benchmarks.results import Comparison, Table

HEADER = "Handlingsplan mot vold i nære relasjoner (2014-2017) Sluttrapportering"
RDF_FILES = {
    "graph.ttl": "TURTLE",
    "graph.jsonld": "JSON_LD",
    "graph.nt": "N_TRIPLES",
    "graph.rdf": "RDF_XML",
}


def make_corpus(folder: Path, size: int) -> list[Path]:
    """`size` copies of the bundled report, each under a plan id of its own."""
    from graph.resources import bundled_source

    text = bundled_source().read_text(encoding="utf-8")
    if HEADER not in text:
        raise RuntimeError("the bundled report's running header changed: update benchmarks/bench_scale.py")
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(size):
        path = folder / f"report-{number:03d}.txt"
        renamed = HEADER.replace(" (2014", f" del {number} (2014") if number else HEADER
        path.write_text(text.replace(HEADER, renamed), encoding="utf-8")
        paths.append(path)
    return paths


def corpus(codes: list[Code], sizes: list[int], runs: int) -> tuple[list[Comparison], Table]:
    """`build` of each corpus with an empty cache, by each code."""
    timings: dict[tuple[str, int], Run] = {}
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        for size in sizes:
            sources = make_corpus(folder / f"corpus-{size}", size)
            for code in codes:
                cache, out = folder / "cache", folder / "out"
                command = code.cli("build", *sources, "--out", out)
                empty = partial(shutil.rmtree, cache, ignore_errors=True)
                timed = median_run(command, code.root, code.environment(cache), runs, before=empty)
                timings[code.label, size] = timed
                triples = sum(1 for _ in (out / "graph.nt").open("rb"))
                exports = sum(path.stat().st_size for path in out.iterdir()) / 2**20
                rows.append(
                    (size, code.label, triples, timed.seconds, timed.seconds / size, timed.peak_mib, exports)
                )
                shutil.rmtree(out)
    comparisons = []
    if len(codes) > 1:
        before = codes[1].label
        for size in sizes:
            comparisons.append(
                Comparison(
                    f"`build` of {size} reports, empty cache",
                    timings[THIS.label, size].seconds,
                    f"the same, {before}",
                    timings[before, size].seconds,
                    "s",
                    0.45 if size >= 100 else None,
                )
            )
    largest, smallest = max(sizes), min(sizes)
    comparisons.append(
        Comparison(
            f"peak memory of `build`, {largest} reports",
            timings[THIS.label, largest].peak_mib,
            "1 GiB",
            1024.0,
            "MiB",
            1.0 if largest >= 100 else None,
        )
    )
    if largest > smallest:
        comparisons.append(
            Comparison(
                f"seconds per report, {largest} reports",
                timings[THIS.label, largest].seconds / largest,
                f"the same, {smallest} reports",
                timings[THIS.label, smallest].seconds / smallest,
                "s",
                1.1,
            )
        )
    table = Table(
        "Corpora of N reports: `build`, empty cache",
        ("reports", "code", "triples", "build s", "s per report", "peak MiB", "exports MiB"),
        tuple(rows),
        f"Median of {runs} runs each; peak: the largest resident set of the process or of its workers.",
    )
    return comparisons, table


def rdf_path(size: int, runs: int) -> tuple[list[Comparison], Table]:
    """The RDF path of this tree beside the pyoxigraph floor, over a corpus of `size` reports."""
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        sources = make_corpus(folder / "corpus", size)
        cache = folder / "cache"
        env = THIS.environment(cache)
        run(THIS.cli("build", *sources, "--out", folder / "out"), ROOT, env)  # the facts cached
        measured = {}
        for kind, argument in (("path", folder / "corpus"), ("floor", folder / "out" / "graph.nt")):
            command = [PYTHON, "-m", "benchmarks.bench_scale", f"--{kind}", str(argument), str(folder / kind)]
            results = []
            for _ in range(runs):
                output = folder / kind / "result.json"
                run(command, ROOT, env)
                results.append(json.loads(output.read_text()))
            measured[kind] = {key: statistics.median(result[key] for result in results) for key in results[0]}
    path, floor = measured["path"], measured["floor"]
    path_kib, floor_kib = (item["peak_bytes"] / item["triples"] / 1024 for item in (path, floor))
    comparisons = [
        Comparison(
            f"RDF path, {size} reports", path["seconds"], "pyoxigraph floor", floor["seconds"], "s", 1.5
        ),
        Comparison(f"RDF path, {size} reports, peak per triple", path_kib, "2 KiB", 2.0, "KiB", 1.0),
    ]
    table = Table(
        f"RDF path beside the pyoxigraph floor, {size} reports ({int(path['triples']):,} triples)",
        ("", "s", "peak KiB per triple"),
        (
            (
                "RDF path: triples, then Turtle, JSON-LD, N-Triples, RDF/XML written",
                path["seconds"],
                path_kib,
            ),
            (
                "pyoxigraph floor: parse the N-Triples, write the same four formats",
                floor["seconds"],
                floor_kib,
            ),
        ),
        f"Median of {runs} runs each, a fresh process each; peak: resident set above the one before the step.",
    )
    return comparisons, table


def _resident() -> int:
    """Bytes resident now (Linux), else the peak so far."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _measure_path(corpus_folder: Path, out: Path) -> dict:
    """The triples and the four RDF files of the corpus (facts from the cache), in this process."""
    from graph.export import RDF_FORMATS, render
    from graph.export.contents import Contents
    from graph.pipeline import extract_reports

    extractions = extract_reports(sorted(corpus_folder.glob("*.txt")))
    before, started = _resident(), time.perf_counter()
    contents = Contents(extractions)
    for name, data in render(contents, RDF_FORMATS).items():
        (out / name).write_bytes(data)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "triples": len(contents.triples), "peak_bytes": _peak() - before}


def _measure_floor(ntriples: Path, out: Path) -> dict:
    """pyoxigraph alone: parse the N-Triples, write the four formats, in this process."""
    import pyoxigraph

    from graph.namespaces import PREFIXES

    data = ntriples.read_bytes()
    before, started = _resident(), time.perf_counter()
    triples = list(pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.N_TRIPLES))
    for name, rdf_format in RDF_FILES.items():
        pyoxigraph.serialize(
            triples,
            str(out / name),
            format=getattr(pyoxigraph.RdfFormat, rdf_format),
            prefixes=dict(PREFIXES),
        )
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "triples": len(triples), "peak_bytes": _peak() - before}


def _peak() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def main() -> None:
    """A child process of `rdf_path`: one measurement, written to OUT/result.json."""
    parser = argparse.ArgumentParser()
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--path", type=Path)
    group.add_argument("--floor", type=Path)
    parser.add_argument("out", type=Path)
    arguments = parser.parse_args()
    arguments.out.mkdir(parents=True, exist_ok=True)
    if arguments.path:
        result = _measure_path(arguments.path, arguments.out)
    else:
        result = _measure_floor(arguments.floor, arguments.out)
    (arguments.out / "result.json").write_text(json.dumps(result))


if __name__ == "__main__":
    sys.exit(main())
