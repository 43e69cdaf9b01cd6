"""Corpus builds: folders of reports, a manifest (corpus.toml) that overrides what a document says,
a report that fails without stopping the others (exit 3) or, with --strict, the whole build (exit 2,
old exports intact), and references between the plans of a corpus."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import main
from graph.corpus import Entry, read_manifest
from graph.errors import SourceError
from graph.pipeline import extract_corpus
from tests.conftest import SOURCE

DATA = Path(__file__).parent / "data"
SERIES = sorted((DATA / "series").glob("*.txt"))
RADICALISATION = DATA / "family" / "radikalisering-2016-2019-statusrapport-2017-06.txt"
BUNDLED_PLAN = "handlingsplan-mot-vold-i-naere-relasjoner-2014-2017"


@pytest.fixture
def corpus(tmp_path):
    """A folder of four good reports in two sub-folders, and one that is not a report."""
    folder = tmp_path / "corpus"
    (folder / "kjaeresteforhold").mkdir(parents=True)
    (folder / "radikalisering").mkdir()
    for report in SERIES:
        shutil.copy(report, folder / "kjaeresteforhold")
    shutil.copy(RADICALISATION, folder / "radikalisering")
    (folder / "radikalisering" / "notat.txt").write_text("Bare prosa, ingen tiltak.\n", encoding="utf-8")
    (folder / "README.md").write_text("not a report\n", encoding="utf-8")
    return folder


def test_a_folder_builds_every_report_in_it_and_skips_one_that_fails(corpus, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(corpus), "--out", str(out)])
    assert result.exit_code == 3, result.output
    assert "Reports: 4 (2 plans)" in result.stdout
    assert "Skipped 1 of 5 reports:" in result.stderr
    assert "notat.txt  no measures found" in result.stderr
    records = json.loads((out / "measures.json").read_text())
    assert len(records) == 11 + 9  # the series' measures once each, and the radicalisation plan's
    assert len(next(r for r in records if r["id"] == "2" and "kjaeresteforhold" in r["plan"])["status"]) == 3


def test_strict_writes_nothing_and_leaves_the_old_exports(corpus, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "measures.json").write_text("[]\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(corpus), "--out", str(out), "--strict"])
    assert result.exit_code == 2
    assert "Error: 1 of 5 reports could not be read (--strict: nothing written)" in result.stderr
    assert "Traceback" not in result.output
    assert sorted(p.name for p in out.iterdir()) == ["measures.json"]
    assert (out / "measures.json").read_text() == "[]\n"


def test_a_manifest_overrides_what_the_document_says(tmp_path):
    shutil.copy(SERIES[1], tmp_path / "juni.txt")
    manifest = tmp_path / "corpus.toml"
    manifest.write_text(
        '[[report]]\nfile = "juni.txt"\ndate = "2016-07"\nkind = "status"\n'
        'plan = "Handlingsplan mot vold i unge kjæresteforhold (2015–2018)"\n'
        'url = "https://example.org/juni.pdf"\nlicence = "NLOD-2.0"\n',
        encoding="utf-8",
    )
    [extraction], failures = extract_corpus(read_manifest(manifest))
    assert failures == []
    report = extraction.report
    assert (report.date, report.kind, report.url, report.licence) == (
        "2016-07",
        "status",
        "https://example.org/juni.pdf",
        "NLOD-2.0",
    )
    assert report.plan.id == "handlingsplan-mot-vold-i-unge-kjaeresteforhold-2015-2018"
    assert (report.plan.period.start, report.plan.period.end) == (2015, 2018)
    result = CliRunner().invoke(main, ["build", "--corpus", str(manifest), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    records = json.loads((tmp_path / "out" / "measures.json").read_text())
    assert {r["plan"] for r in records} == {"handlingsplan-mot-vold-i-unge-kjaeresteforhold-2015-2018"}
    assert records[0]["status"][0]["date"] == "2016-07"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[report]]\nfile = "a.txt"\ndat = "2016"\n', "corpus.toml: report 1: unknown key 'dat'"),
        ('[[report]]\nfile = "a.txt"\n[[report]]\ndate = "2016"\n', "corpus.toml: report 2: needs a file"),
        ('[[report]]\nfile = "a.txt"\ndate = "juni 2016"\n', "report 1: date 'juni 2016' is not YYYY"),
        (
            '[[report]]\nfile = "a.txt"\nkind = "midterm"\n',
            "report 1: kind 'midterm' is not one of final, status",
        ),
        ("[[report]\n", "corpus.toml: not a TOML manifest"),
        ('title = "x"\n', "corpus.toml: a manifest lists its reports as [[report]] tables"),
    ],
)
def test_a_bad_manifest_is_a_one_line_error(tmp_path, text, message):
    manifest = tmp_path / "corpus.toml"
    manifest.write_text(text, encoding="utf-8")
    with pytest.raises(SourceError, match=None) as raised:
        read_manifest(manifest)
    assert message in str(raised.value)
    result = CliRunner().invoke(main, ["build", "--corpus", str(manifest), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2 and message in result.stderr and "Traceback" not in result.output


def test_two_reports_of_one_file_name_are_refused(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
    shutil.copy(SERIES[0], tmp_path / "a" / "rapport.txt")
    shutil.copy(SERIES[1], tmp_path / "b" / "rapport.txt")
    result = CliRunner().invoke(main, ["build", str(tmp_path), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "rapport.txt: another report has the same file name" in result.stderr


def test_progress_is_reported_for_each_report():
    done = []
    extractions, failures = extract_corpus([Entry(p) for p in SERIES], progress=done.append)
    assert sorted(done) == SERIES and failures == []
    assert [e.report.source for e in extractions] == [
        "interim-2016-06.txt",
        "interim-2016-12.txt",
        "final-2018.txt",
    ]


def test_a_reference_to_a_plan_of_the_corpus_is_an_edge_to_its_measure(tmp_path):
    """'tiltak 5 i Handlingsplan mot vold i nære relasjoner (2014–2017)': the dash and the spacing
    differ from the plan's own id, the plan is in the corpus, so the reference is its measure 5."""
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(SOURCE), str(RADICALISATION), "--out", str(out)])
    assert result.exit_code == 0, result.output
    nt = (out / "graph.nt").read_text()
    source = "<https://w3id.org/tiltaksgraf/plan/handlingsplan-mot-radikalisering-2016-2019/measure/6>"
    target = f"<https://w3id.org/tiltaksgraf/plan/{BUNDLED_PLAN}/measure/5>"
    assert f"{source} <https://w3id.org/tiltaksgraf/ontology#refersToMeasure> {target} ." in nt
    alone = CliRunner().invoke(main, ["build", str(RADICALISATION), "--out", str(tmp_path / "alone")])
    assert alone.exit_code == 0
    assert target not in (tmp_path / "alone" / "graph.nt").read_text()  # an external reference then
    assert (
        "handlingsplan-mot-vold-i-naere-relasjoner-20142017/measure/5>"
        in (tmp_path / "alone" / "graph.nt").read_text()
    )


def test_actor_shows_the_plans_it_takes_part_in():
    result = CliRunner().invoke(
        main, ["actor", "BLD", "--source", str(SOURCE), "--source", str(RADICALISATION), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    plans = json.loads(result.stdout)["plans"]
    assert [(p["plan"], p["measures"]) for p in plans] == [
        (BUNDLED_PLAN, 24),
        ("handlingsplan-mot-radikalisering-2016-2019", 1),
    ]


def test_a_former_code_of_a_ministry_is_given_as_the_gazetteer_writes_it(tmp_path):
    """ "Ansvar: BFD" (Barne- og familiedepartementet, BLD's name from 2019): responsible BLD,
    the field as written kept as its evidence."""
    text = SERIES[1].read_text(encoding="utf-8").replace("Ansvar: BLD", "Ansvar: BFD")
    source = tmp_path / "bfd.txt"
    source.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["measures", str(source), "--format", "json"])
    assert result.exit_code == 0, result.output
    record = next(r for r in json.loads(result.stdout) if r["id"] == "2")
    assert record["responsible"] == ["BLD"]
    bld = next(a for a in record["actors"] if a["id"] == "bld")
    assert any(e["text"].strip() == "Ansvar: BFD" and e["role"] == "responsible" for e in bld["evidence"])


@pytest.mark.parametrize(
    ("sentence", "items"),
    [
        ("Tiltaket føreset at regelverket er vedteke, jf. tiltak nr. 2.", [("", "2", "", "")]),
        ("Opplæringen ses i sammenheng med tiltak 12.1.", [("", "12", "1", "")]),
        ("Sjå òg tiltaka 4 og 5.", [("", "4", "", ""), ("", "5", "", "")]),
        ("jf. tiltak 6 a og 18b", [("", "6", "", "a"), ("", "18", "", "b")]),
        ("Se også tiltak B2b og C2.", [("B", "2", "", "b"), ("C", "2", "", "")]),
    ],
)
def test_references_by_number_nr_decimal_and_nynorsk_plural(sentence, items):
    from graph.extract.references import PARTS, REFERENCE

    match = REFERENCE.search(sentence)
    assert match and PARTS.findall(match["items"]) == items
