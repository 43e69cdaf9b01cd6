"""PDF sources give the same model as their text: a PDF made in the test from each text report."""

import hashlib
import json

import pytest
from click.testing import CliRunner
from fpdf import FPDF

from graph.cli import main
from graph.errors import SourceError
from graph.extract import extract
from graph.parse import parse_report
from graph.read import read_lines
from graph.records import measure_records
from tests.conftest import SOURCE, SYNTHETIC, read_from, supports
from tests.make_pdf import pdf_from_text


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pdf")
    made = {}
    for text in (SOURCE, SYNTHETIC):
        made[text] = folder / f"{text.stem}.pdf"
        pdf_from_text(text.read_text(encoding="utf-8"), made[text])
    return made


@pytest.mark.parametrize("text", [SYNTHETIC, SOURCE], ids=["synthetic", "bundled"])
def test_the_pdf_reads_as_the_text_line_for_line(pdfs, text):
    lines = read_lines(text)
    while not lines[-1]:  # a PDF has no empty line after the last printed line
        lines.pop()
    assert read_lines(pdfs[text]) == lines


def test_a_pdf_gives_the_same_model_as_its_text(pdfs, synthetic):
    report = parse_report(pdfs[SYNTHETIC])
    assert report.source == "synthetic_report.pdf"
    report.source = synthetic.source
    assert report.checksum == hashlib.sha256(pdfs[SYNTHETIC].read_bytes()).hexdigest() != synthetic.checksum
    report.checksum = synthetic.checksum  # of the file's bytes: the PDF's, the text's
    assert report == synthetic
    assert [m.id for m in report.measures] == ["1", "2", "2a", "2b", "3", "4", "5"]


def test_the_bundled_report_as_pdf_gives_the_same_records(pdfs, records):
    from_pdf = measure_records(extract(parse_report(pdfs[SOURCE])))
    assert len(from_pdf) == 50
    assert {record["id"]: record for record in from_pdf} == {
        record["id"]: record for record in read_from(list(records.values()), pdfs[SOURCE].name)
    }
    kripos = next(a for a in records["35"]["actors"] if a["id"] == "kripos")
    assert "executes" in kripos["roles"]


def test_the_command_line_reads_pdf(pdfs):
    runner = CliRunner()
    result = runner.invoke(main, ["measures", "--format", "json", str(pdfs[SYNTHETIC])])
    assert result.exit_code == 0, result.output
    first = json.loads(result.stdout)[0]
    assert first["title"] == "Kartlegging av menneskehandel i arbeidslivet"
    assert first["responsible"] == ["NFD", "JD"]
    # evidence line numbers count the lines that `tiltaksgraf text` prints
    text = runner.invoke(main, ["text", str(pdfs[SYNTHETIC])]).stdout.split("\n")
    evidence = [item for actor in first["actors"] for item in actor["evidence"]]
    assert len(evidence) >= 4
    assert all(supports(text[item["line"] - 1], item["text"]) for item in evidence)


def _pdf(tmp_path, make):
    pdf = FPDF()
    make(pdf)
    path = tmp_path / "report.pdf"
    pdf.output(str(path))
    return path


def test_a_pdf_without_text(tmp_path):
    path = _pdf(tmp_path, lambda pdf: pdf.add_page())
    with pytest.raises(SourceError, match=r"report\.pdf: the PDF has no text \(a scanned image\?\)"):
        read_lines(path)


def test_an_encrypted_pdf(tmp_path):
    def make(pdf):
        pdf.set_encryption(owner_password="eier", user_password="bruker")
        pdf.add_page()
        pdf.set_font("helvetica")
        pdf.text(20, 20, "1. Tiltak")

    with pytest.raises(SourceError, match=r"report\.pdf: the PDF is encrypted"):
        read_lines(_pdf(tmp_path, make))
