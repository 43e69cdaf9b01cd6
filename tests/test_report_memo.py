"""Reports asked again are printed from the cache: the same output, the input's warnings again,
neither networkx nor the model imported; a changed report is computed anew."""

import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from graph.cli import main
from tests.conftest import ROOT, SOURCE

REPORTS = [
    ["actors"],
    ["actors", "--kind", "ministry", "--format", "csv"],
    ["actor", "NKVTS", "--format", "json"],
    ["actor", "rvts"],
    ["measure", "18a"],
    ["measure", "18a", "--format", "md"],
    ["matrix", "--rows", "ministries"],
    ["network", "--top", "5"],
    ["network", "--format", "graphml"],
    ["path", "NKVTS", "18a"],
    ["stats"],
    ["stats", "--format", "json"],
]


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("TILTAKSGRAF_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("COLUMNS", "100")
    return tmp_path / "cache"


def run(*arguments: str):
    result = CliRunner().invoke(main, list(arguments))
    assert result.exit_code == 0, result.output
    return result.stdout, result.stderr


@pytest.mark.parametrize("arguments", REPORTS, ids=" ".join)
def test_a_report_from_the_cache_is_the_report_computed(cache, arguments):
    first = run(*arguments)
    entries = sorted(path.name for path in cache.glob("*-report.json"))
    assert len(entries) == 1
    assert run(*arguments) == first
    assert sorted(path.name for path in cache.glob("*-report.json")) == entries  # read, not made again


def test_the_options_and_the_reports_are_part_of_the_key(cache, tmp_path):
    assert run("actor", "NKVTS")[0] != run("actor", "RVTS")[0]
    copy = tmp_path / "report.txt"
    copy.write_text(SOURCE.read_text(encoding="utf-8"), encoding="utf-8")
    before = run("actors", "--format", "csv", "--source", str(copy))[0]
    copy.write_text(SOURCE.read_text(encoding="utf-8").replace("NKVTS", "Bufdir"), encoding="utf-8")
    after = run("actors", "--format", "csv", "--source", str(copy))[0]

    def nkvts(csv_text: str) -> str:
        return next(line for line in csv_text.splitlines() if line.startswith("nkvts,"))

    assert nkvts(before) != nkvts(after)  # NKVTS is named in fewer measures now
    assert len(list(cache.glob("*-report.json"))) == 4


def test_a_report_is_computed_anew_when_the_corrections_beside_it_change(cache, tmp_path):
    copy = tmp_path / "report.txt"
    copy.write_text(SOURCE.read_text(encoding="utf-8"), encoding="utf-8")
    before = run("measure", "12", "--format", "json", "--source", str(copy))[0]
    (tmp_path / "corrections.toml").write_text(
        '[[correction]]\nfact = "role"\naction = "add"\nmeasure = "12"\norganisation = "Bufdir"\n'
        'role = "evaluates"\nwho = "test"\nwhen = 2024-05-02\n',
        encoding="utf-8",
    )
    after = run("measure", "12", "--format", "json", "--source", str(copy))[0]
    assert "evaluates" not in before and "evaluates" in after


def test_the_input_warnings_are_given_again_with_a_remembered_report(cache, tmp_path):
    lines = SOURCE.read_text(encoding="utf-8").split("\n")
    eight = next(i for i, line in enumerate(lines) if line.startswith("8. "))
    lines[eight] = "7" + lines[eight][1:]  # the heading of measure 8 says 7 again
    path = tmp_path / "report.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    first = run("stats", "--source", str(path))
    assert f"Warning: {path}:{eight + 1}: measure number 7 is used again" in first[1]
    assert run("stats", "--source", str(path)) == first


def test_a_remembered_report_imports_neither_networkx_nor_rdflib_nor_the_model(cache):
    script = (
        "import sys\n"
        "from graph.cli import main\n"
        "try:\n"
        "    main(sys.argv[1:])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = ('networkx', 'rdflib', 'graph.model', 'graph.build', 'pyoxigraph')\n"
        "print(sorted(name for name in heavy if name in sys.modules), file=sys.stderr)\n"
    )
    environment = {**os.environ, "TILTAKSGRAF_CACHE": str(cache)}

    def imported(*arguments: str) -> str:
        done = subprocess.run(
            [sys.executable, "-c", script, *arguments],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stderr.strip().splitlines()[-1]

    assert imported("stats") == "['graph.build', 'graph.model', 'networkx']"  # computed
    assert imported("stats") == "[]"  # remembered
    assert imported("actor", "NKVTS", "--format", "json") != "[]"
    assert imported("actor", "NKVTS", "--format", "json") == "[]"
