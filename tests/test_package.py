"""A real package: the wheel carries what it reads and works from any folder; the contracts (JSON
schema, CSV, XLSX) hold; one vocabulary; names that answer to nothing suggest the closest."""

import csv
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import main
from graph.resources import read_text
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    return next(out.glob("tiltaksgraf-*.whl"))


def test_the_wheel_carries_the_package_data_and_nothing_of_the_checkout(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    for shipped in (
        "graph/data/sources/handlingsplan-vold-i-naere-relasjoner-2014-2017-sluttrapport-2018.txt",
        "graph/data/sources/README.md",
        "graph/data/gazetteer/organisations.toml",
        "graph/data/gazetteer/documents.toml",
        "graph/data/profiles/nb.toml",
        "graph/data/schemas/measures.schema.json",
        "graph/ontology/tiltaksgraf.ttl",
        "graph/ontology/shapes.ttl",
        "graph/queries/01-who-is-involved-where.rq",
        "graph/templates/explorer.main.js",
        "graph/templates/explorer.i18n.json",
        "graph/templates/vendor/yasgui/yasgui.min.js",
    ):
        assert shipped in names, shipped
    assert not [name for name in names if name.startswith(("tests/", "exports/", "data/", "graph/exports"))]
    metadata = next(name for name in names if name.endswith(".dist-info/METADATA"))
    text = zipfile.ZipFile(wheel).read(metadata).decode()
    assert "License-Expression: MIT" in text
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in names)
    runtime = [
        line for line in text.splitlines() if line.startswith("Requires-Dist:") and "extra ==" not in line
    ]
    assert not [
        line for line in runtime if any(tool in line for tool in ("pytest", "playwright", "hypothesis"))
    ]


def test_installed_from_the_wheel_it_works_from_any_folder(wheel, tmp_path):
    """pip install the wheel into a fresh venv, then run the main commands from an empty folder."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([venv / "bin" / "pip", "install", "--quiet", str(wheel)], check=True, capture_output=True)
    folder = tmp_path / "research"
    folder.mkdir()

    def run(*arguments: str) -> str:
        done = subprocess.run(
            [venv / "bin" / "tiltaksgraf", *arguments], cwd=folder, capture_output=True, text=True, check=True
        )
        return done.stdout

    assert "RDF:" in run("build")
    assert len(list((folder / "exports").iterdir())) == 12  # every export, the named graphs (trig, nq) too
    assert json.loads((folder / "exports" / "measures.json").read_text(encoding="utf-8"))[0]["id"] == "1"
    assert run("actor", "NKVTS", "--format", "json").count('"measure": "18a"') >= 1
    rows = list(csv.DictReader(io.StringIO(run("query", "who-is-involved-where", "--format", "csv"))))
    assert len(rows) == 361
    assert any(
        row["measure"] == "35" and row["organisation"] == "Kripos" and row["role"] == "executes"
        for row in rows
    )
    assert run("validate").startswith("Conforms:")


def test_measure_records_follow_the_shipped_json_schema(records):
    from jsonschema import Draft202012Validator

    schema = json.loads(read_text("data", "schemas", "measures.schema.json"))
    Draft202012Validator.check_schema(schema)
    errors = list(Draft202012Validator(schema).iter_errors(list(records.values())))
    assert errors == []
    broken = [{**records["1"], "chapter": "one"}]
    assert [error.json_path for error in Draft202012Validator(schema).iter_errors(broken)] == ["$[0].chapter"]


def test_csv_is_plain_utf8_with_true_and_false(tmp_path):
    result = CliRunner().invoke(main, ["actors", "--format", "csv"])
    assert result.exit_code == 0
    assert not result.output.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert {row["known"] for row in rows} == {"true"}


def test_the_spreadsheet_has_typed_sheets(tmp_path):
    from openpyxl import load_workbook

    from graph.export import FORMATS
    from graph.export.contents import Contents
    from graph.pipeline import extract_reports
    from graph.resources import bundled_source

    data = FORMATS["xlsx"].render(Contents(extract_reports([bundled_source()])))
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["measures", "actors", "involvements"]
    measures, actors = book["measures"], book["actors"]
    assert measures.freeze_panes == "A2" and [cell.value for cell in measures[1]][:4] == [
        "id",
        "parent",
        "chapter",
        "title",
    ]
    assert measures.max_row == 51 and measures["D2"].value == "Tiltakspakke for forebygging"
    header = [cell.value for cell in actors[1]]
    nkvts = next(row for row in actors.iter_rows(min_row=2, values_only=True) if row[0] == "nkvts")
    assert nkvts[header.index("known")] is True and nkvts[header.index("measures")] == 17


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["actor", "NKTVS"], "Error: no organisation 'NKTVS'; did you mean NKVTS?"),
        (["measure", "99"], "Error: no measure '99'; did you mean 9, 39 or 29?"),
        (
            ["query", "who-is-involved"],
            "Error: no bundled query 'who-is-involved'; did you mean who-is-involved-where? (tiltaksgraf queries lists them)",
        ),
    ],
)
def test_unknown_names_suggest_the_closest(arguments, message):
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 2 and result.output.splitlines() == [message]


def test_the_police_in_general_is_not_one_body():
    result = CliRunner().invoke(main, ["actor", "politiet"])
    assert result.exit_code == 2
    line = result.output.strip()
    assert line.startswith("Error: 'politiet' means police and prosecution in general, not one body; ")
    assert {"Kripos", "POD", "PU"} <= set(line.split(": ")[-1].split(", "))


@pytest.mark.parametrize("written", ["18a", "18A", "18 a", "tiltak 18a", "Tiltak 18 a"])
def test_a_measure_is_named_as_users_write_it(written):
    result = CliRunner().invoke(main, ["measure", written, "--format", "json"])
    assert result.exit_code == 0 and json.loads(result.output)["id"] == "18a"


def test_bundled_queries_by_name():
    runner = CliRunner()
    listing = runner.invoke(main, ["queries", "--format", "json"])
    rows = json.loads(listing.output)
    assert rows[0] == {
        "name": "who-is-involved-where",
        "file": "01-who-is-involved-where.rq",
        "purpose": "Who is involved in which measure, and in what role.",
    }
    by_name = runner.invoke(main, ["query", "who-is-involved-where", "--format", "csv"]).output
    assert by_name == runner.invoke(main, ["query", "01-who-is-involved-where", "--format", "csv"]).output
    assert (
        by_name
        == runner.invoke(
            main, ["query", str(ROOT / "queries" / "01-who-is-involved-where.rq"), "--format", "csv"]
        ).output
    )
    assert len(by_name.splitlines()) == 362


def test_a_bound_value_the_graph_lacks_is_warned_about():
    result = CliRunner().invoke(
        main,
        [
            "query",
            "evidence-for-a-relation",
            "--bind",
            "measureId=18a",
            "--bind",
            "orgId=NKVTS",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0
    assert (
        "Warning: ?orgId: no dcterms:identifier 'NKVTS' in the graph; did you mean 'nkvts'?" in result.output
    )
    assert json.loads(result.output[result.output.index("[") :]) == []


def test_one_vocabulary_everywhere(extraction):
    """The roles and kinds of the RDF, the explorer and the reports are those of graph.vocabulary."""
    from graph.export.html import CATEGORIES, EDGE_KINDS
    from graph.export.rdf_report import KINDS, ROLES
    from graph.gazetteer import load_organisations
    from graph.vocabulary import ORG_KIND_KEYS, ROLE, ROLE_KEYS

    assert list(ROLES) == list(ROLE_KEYS) and list(KINDS) == list(ORG_KIND_KEYS)
    assert str(ROLES["executes"][0]) == ROLE["executes"].iri
    assert [kind["key"] for kind in EDGE_KINDS][: len(ROLE_KEYS)] == [f"involved:{r}" for r in ROLE_KEYS]
    assert set(ORG_KIND_KEYS) <= {category["key"] for category in CATEGORIES}
    assert {organisation.kind for organisation in load_organisations().values()} <= set(ORG_KIND_KEYS)
