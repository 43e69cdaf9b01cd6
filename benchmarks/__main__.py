"""Run every benchmark side by side with its anchor and write benchmarks/RESULTS.md.

    .venv/bin/python -m benchmarks [--full] [--baseline REF] [--only SECTION ...]

Sections: `startup` (the report commands beside `python -c pass`), `build` (the bundled report,
empty and warm cache, and the first query after it), `corpus` (N = 10 and 20 reports; --full adds
100), `rdf` (the RDF path beside the pyoxigraph floor), `endpoint` (`tiltaksgraf serve` beside
`oxigraph serve-read-only`), `engines` (pyoxigraph beside rdflib). `--baseline REF` also runs the
code of a git commit (default: the one the speed targets were set against; `--baseline none`: no
baseline), so that "faster than before" is a ratio of one run. The default run takes about ten
minutes on two cores; nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import bench_build, bench_endpoint, bench_scale
from benchmarks.common import ROOT, THIS, baseline, machine
from benchmarks.results import markdown

SECTIONS = ("startup", "build", "corpus", "rdf", "endpoint", "engines")
BASELINE = "119815b"  # main when the targets of issue 16 were measured


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="Also the corpus of 100 reports.")
    parser.add_argument(
        "--baseline", default=BASELINE, metavar="REF", help="git commit to compare with, or none"
    )
    parser.add_argument("--only", nargs="+", choices=SECTIONS, default=SECTIONS, metavar="SECTION")
    parser.add_argument("--runs", type=int, default=5, help="Runs of each short command.")
    parser.add_argument("--corpus-runs", type=int, default=3, help="Runs of each corpus build.")
    parser.add_argument("--seconds", type=float, default=5, help="Seconds of each endpoint load.")
    parser.add_argument("--rounds", type=int, default=3, help="Rounds of endpoint loads.")
    parser.add_argument("--clients", type=int, nargs="+", default=[20, 100])
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "RESULTS.md")
    arguments = parser.parse_args()
    started, load = time.monotonic(), os.getloadavg()[0]
    comparisons, tables = [], []
    with tempfile.TemporaryDirectory() as folder:
        codes = [THIS]
        if arguments.baseline != "none":
            codes.append(baseline(arguments.baseline, Path(folder)))
        sizes = [10, 20, 100] if arguments.full else [10, 20]
        steps = {
            "startup": lambda: bench_build.startup(codes, arguments.runs),
            "build": lambda: bench_build.build(codes, arguments.runs),
            "corpus": lambda: bench_scale.corpus(codes, sizes, arguments.corpus_runs),
            "rdf": lambda: bench_scale.rdf_path(max(sizes), arguments.corpus_runs),
            "endpoint": lambda: bench_endpoint.endpoint(
                codes, arguments.clients, arguments.seconds, arguments.rounds
            ),
            "engines": lambda: bench_endpoint.engines(arguments.runs),
        }
        for section in SECTIONS:
            if section not in arguments.only:
                continue
            print(f"{section} ...", file=sys.stderr, flush=True)
            found, table = steps[section]()
            comparisons += found
            tables.append(table)
    command = " ".join(["python -m benchmarks", shlex.join(sys.argv[1:])]).strip()
    shared = (
        f"{load:.1f} at the start, {os.getloadavg()[0]:.1f} at the end (other work on the machine counts)"
    )
    described = machine() | {"load average (1 min)": shared, "run": f"{time.monotonic() - started:.0f} s"}
    arguments.out.write_text(markdown(described, comparisons, tables, command), encoding="utf-8")
    print(f"Wrote {arguments.out} in {time.monotonic() - started:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
