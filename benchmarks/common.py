"""What the benchmarks share: the code under test (this tree, or a baseline commit beside it), wall
time and peak memory of a command, and the machine they ran on."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import tarfile
import time
from dataclasses import dataclass
from importlib import metadata
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PACKAGES = ("tiltaksgraf", "pyoxigraph", "oxigraph", "rdflib", "networkx", "rich", "click", "uvloop")


@dataclass(frozen=True)
class Code:
    """A tree of tiltaksgraf's code to run: `python -m graph.cli` started in `root`, so that its
    `graph` package is the one imported."""

    label: str
    root: Path

    def cli(self, *arguments: str) -> list[str]:
        return [PYTHON, "-m", "graph.cli", *map(str, arguments)]

    def environment(self, cache: Path, **extra: str) -> dict[str, str]:
        return {**os.environ, "PYTHONPATH": str(self.root), "TILTAKSGRAF_CACHE": str(cache), **extra}


THIS = Code("this tree", ROOT)


def baseline(reference: str, folder: Path) -> Code:
    """The code of a git commit (or branch), unpacked into `folder`."""
    commit = git("rev-parse", "--short", reference)
    archive = subprocess.run(
        ["git", "archive", "--format=tar", commit], cwd=ROOT, check=True, capture_output=True
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(folder, filter="tar")
    return Code(f"baseline {commit}", folder)


def git(*arguments: str) -> str:
    return subprocess.run(
        ["git", *arguments], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mib: float  # the largest resident set of the process or of any child it waited for


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run a command to its end (its output discarded); wall time and peak memory. A failure
    stops the benchmark with the command's own error."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    stderr = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}): {stderr.strip()[-500:]}")
    return Run(seconds, usage.ru_maxrss / 1024)


def median_run(command: list[str], cwd: Path, env: dict[str, str] | None, runs: int, before=None) -> Run:
    """The median wall time and peak memory of `runs` runs; `before()` is called ahead of each
    (to empty a cache, say) and not timed."""
    results = []
    for _ in range(runs):
        if before:
            before()
        results.append(run(command, cwd, env))
    return Run(
        statistics.median(item.seconds for item in results),
        statistics.median(item.peak_mib for item in results),
    )


def machine() -> dict[str, str]:
    """The machine, the system and the versions the figures belong to."""
    versions = []
    for name in PACKAGES:
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} (not installed)")
    return {
        "CPU": _cpu_model(),
        "cores": str(os.cpu_count()),
        "memory": f"{_memory_gib():.1f} GiB",
        "system": f"{platform.system()} {platform.release()} ({_os_name()})",
        "Python": f"{platform.python_implementation()} {platform.python_version()}",
        "packages": ", ".join(versions),
        "code": f"commit {git('rev-parse', '--short', 'HEAD')}"
        + (" with uncommitted changes" if git("status", "--porcelain", "--untracked-files=no") else ""),
    }


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gib() -> float:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    except (ValueError, OSError):
        return float("nan")


def _os_name() -> str:
    try:
        return platform.freedesktop_os_release().get("PRETTY_NAME", "")
    except OSError:
        return platform.platform()
