"""The main job: `build` writes every export, atomically, identical to the committed exports/."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import graph.export.html
from graph.cli import main
from graph.errors import OutputError
from graph.files import write_atomic
from graph.pipeline import build_exports
from graph.resources import bundled_source
from tests.conftest import ROOT

EXPORTS = ROOT / "exports"
FILES = [
    "actors.csv",
    "graph.graphml",
    "graph.html",
    "graph.jsonld",
    "graph.nq",
    "graph.nt",
    "graph.rdf",
    "graph.trig",
    "graph.ttl",
    "involvements.csv",
    "measures.json",
    "tiltaksgraf.xlsx",
]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("exports")
    summary = build_exports([bundled_source()], out)
    return out, summary


def test_build_writes_every_export(built):
    out, summary = built
    assert sorted(path.name for path in out.iterdir()) == FILES
    assert summary["nodes"]["measure"] == 50 and summary["nodes"]["chapter"] == 5
    rows = (out / "involvements.csv").read_text(encoding="utf-8").splitlines()
    assert summary["edges"]["involved"] == len(rows) - 1
    records = json.loads((out / "measures.json").read_text(encoding="utf-8"))
    assert len(records) == 50 and records[0]["plan"] == "handlingsplan-mot-vold-i-naere-relasjoner-2014-2017"
    header = (out / "actors.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("id,name,abbreviation,kind,parent,known,measures")


@pytest.mark.parametrize("name", FILES)
def test_committed_exports_are_in_sync_with_the_code(built, name):
    out, _ = built
    assert (EXPORTS / name).read_bytes() == (out / name).read_bytes(), (
        f"exports/{name} is out of date: run `make run` (tiltaksgraf build) and commit exports/"
    )


def test_a_failed_run_leaves_the_exports_as_they_were(tmp_path, monkeypatch):
    (tmp_path / "graph.ttl").write_text("old\n", encoding="utf-8")

    def broken(_graph):
        raise RuntimeError("the explorer failed")

    monkeypatch.setattr(graph.export.html, "explorer_html", broken)
    with pytest.raises(RuntimeError):
        build_exports([bundled_source()], tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]
    assert (tmp_path / "graph.ttl").read_text(encoding="utf-8") == "old\n"


def test_write_atomic_never_leaves_a_partial_file(tmp_path, monkeypatch):
    import os

    umask = os.umask(0o022)
    os.umask(umask)
    target = tmp_path / "measures.json"
    write_atomic(target, "[1]\n")
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask  # as an ordinary new file, not mkstemp's 0600

    def fail(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.replace", fail)
    with pytest.raises(OutputError, match=f"^{target}: cannot write \\(No space left on device\\)$"):
        write_atomic(target, "[1, 2]\n")
    assert target.read_text(encoding="utf-8") == "[1]\n"
    assert [p.name for p in tmp_path.iterdir()] == ["measures.json"]


def test_build_command(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["build", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "Nodes:  amount" in result.output and "measure 50" in result.output
    assert (tmp_path / "graph.html").exists()
    missing = runner.invoke(main, ["build", str(tmp_path / "nope.txt"), "--out", str(tmp_path / "x")])
    assert missing.exit_code == 2 and "nope.txt: no such file" in missing.output
    assert not (tmp_path / "x").exists()


def test_the_same_report_twice_is_built_once_and_the_copy_skipped(tmp_path):
    copy = Path(tmp_path / "copy.txt")
    copy.write_bytes(bundled_source().read_bytes())
    result = CliRunner().invoke(
        main, ["build", str(bundled_source()), str(copy), "--out", str(tmp_path / "x")]
    )
    assert result.exit_code == 3  # partial: one of the two skipped
    assert "copy.txt  the same report as" in result.stderr and "is already given" in result.stderr
    assert len(json.loads((tmp_path / "x" / "measures.json").read_text())) == 50


def test_two_builds_give_byte_identical_exports(tmp_path):
    """Reproducibility: two builds in fresh processes, with other hash seeds and empty caches."""
    import os
    import subprocess
    import sys

    outputs = []
    for seed in ("1", "2"):
        out, cache = tmp_path / f"out-{seed}", tmp_path / f"cache-{seed}"
        environment = {**os.environ, "PYTHONHASHSEED": seed, "TILTAKSGRAF_CACHE": str(cache)}
        command = [sys.executable, "-m", "graph.cli", "build", "--out", str(out)]
        subprocess.run(command, check=True, env=environment, capture_output=True, cwd=ROOT)
        outputs.append(out)
    for name in FILES:
        assert (outputs[0] / name).read_bytes() == (outputs[1] / name).read_bytes(), name
