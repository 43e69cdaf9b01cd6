"""The command line: the JSON contract of `measures`, other formats, and errors on bad input."""

import csv
import io
import json

import pytest
from click.testing import CliRunner

from graph.cli import main

CONTRACT = {"id": str, "parent": (str, type(None)), "title": str, "chapter": int, "responsible": list}


@pytest.fixture(scope="module")
def runner():
    return CliRunner()


def test_measures_json_follows_the_contract(runner):
    result = runner.invoke(main, ["measures", "--format", "json"])
    assert result.exit_code == 0, result.output
    records = json.loads(result.output)
    assert len(records) == 50
    for record in records:
        for key, kind in CONTRACT.items():
            assert isinstance(record[key], kind), (record["id"], key)
        assert all(isinstance(code, str) for code in record["responsible"])
        period = record["period"]
        assert period is None or (set(period) == {"start", "end"} and period["start"] <= period["end"])
        assert set(record["lines"]) == {"start", "end"} and record["lines"]["start"] <= record["lines"]["end"]
        assert "  " not in record["title"] and "\n" not in record["title"]
    by_id = {record["id"]: record for record in records}
    assert by_id["18a"]["parent"] == "18" and by_id["18"]["parent"] is None
    assert by_id["40"]["responsible"] == ["BLD", "KMD"]
    assert by_id["8"]["period"] == {"start": 2016, "end": 2016}
    assert by_id["25"]["period"] is None
    assert by_id["30"]["chapter"] == 4
    assert by_id["1"]["lines"] == {"start": 4, "end": 370}


def test_measures_csv_and_table(runner):
    result = runner.invoke(main, ["measures", "--format", "csv"])
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert len(rows) == 50
    assert rows[0]["responsible"] == "JD; AD; BLD; HOD; KD" and rows[0]["period"] == "2014-2017"
    table = runner.invoke(main, ["measures"])
    assert table.exit_code == 0 and "50 measure records" in table.output


def test_measures_on_another_report(runner, tmp_path):
    from tests.conftest import SYNTHETIC

    result = runner.invoke(main, ["measures", "--format", "json", str(SYNTHETIC)])
    assert result.exit_code == 0
    assert [r["id"] for r in json.loads(result.output)] == ["1", "2", "2a", "2b", "3", "4", "5"]
