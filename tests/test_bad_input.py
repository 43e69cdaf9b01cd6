"""Bad input: one-line errors naming the file, warnings for what can be recovered, exit codes, and no
partial exports."""

import json
import re

import pytest
from click.testing import CliRunner

from graph.cli import main
from tests.conftest import SOURCE, SYNTHETIC, read_from

TEXT = SOURCE.read_text(encoding="utf-8")


@pytest.fixture
def runner():
    return CliRunner()


def measures(runner, path):
    result = runner.invoke(main, ["measures", "--format", "json", str(path)])
    assert "Traceback" not in result.output
    return result


def warnings_of(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("Warning: ")]


@pytest.fixture(scope="module")
def bundled_records():
    result = measures(CliRunner(), SOURCE)
    assert result.exit_code == 0 and result.stderr == ""  # the bundled report is sound
    return read_from(json.loads(result.stdout), "report.txt")  # as the tests' copies name it


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.txt", None, "no such file"),
        ("no/such/folder/report.txt", None, "no such file"),
        ("empty.txt", b"", "the file is empty"),
        ("blank.txt", b" \n\n  \r\n", "the file is empty"),
        ("binary.txt", bytes(range(256)) * 8, "binary data"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "binary data"),
        ("prose.txt", b"Bare prosa, ingen tiltak.\n", "no measures found"),
        ("damaged.pdf", b"%PDF-1.7\n%broken", "not a readable PDF"),
    ],
)
@pytest.mark.parametrize("command", ["measures", "build"])
def test_unusable_input_is_one_line_and_exit_2_and_writes_nothing(
    runner, tmp_path, name, content, message, command
):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    out = tmp_path / "exports"
    arguments = [command, str(path)] + (["--out", str(out)] if command == "build" else [])
    result = runner.invoke(main, arguments)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith(f"Error: {path}: ") and message in result.stderr
    assert "Traceback" not in result.output
    assert not out.exists()


def test_a_folder_is_not_a_report(runner, tmp_path):
    result = measures(runner, tmp_path)
    assert result.exit_code == 2
    assert result.stderr == f"Error: {tmp_path}: is a directory, expected a report (.txt or .pdf)\n"


@pytest.mark.parametrize("encoding", ["windows-1252", "latin-1"])
def test_a_latin_text_is_read_with_a_warning(runner, tmp_path, bundled_records, encoding):
    path = tmp_path / "report.txt"
    text = TEXT if encoding == "windows-1252" else re.sub(r"[^\x00-\xff]", "-", TEXT)
    path.write_bytes(text.encode(encoding))
    result = measures(runner, path)
    assert result.exit_code == 0
    last = max(number for number, line in enumerate(text.split("\n"), start=1) if not line.isascii())
    assert last == 3184
    assert warnings_of(result) == [
        f"Warning: {path}:1: lines 1-{last} not UTF-8; read as windows-1252"
    ]  # from the "ø" of "Bedre føre var" on; Latin-1 letters have the same bytes
    records = json.loads(result.stdout)
    assert [r["title"] for r in records] == [r["title"] for r in bundled_records]
    if encoding == "windows-1252":
        assert records == bundled_records


def test_crlf_line_ends_give_the_same_records(runner, tmp_path, bundled_records):
    path = tmp_path / "report.txt"
    path.write_bytes(TEXT.replace("\n", "\r\n").encode())
    result = measures(runner, path)
    assert result.exit_code == 0 and result.stderr == ""
    assert json.loads(result.stdout) == bundled_records


def test_a_repeated_measure_number_is_left_out_with_a_warning(runner, tmp_path, bundled_records):
    lines = TEXT.split("\n")
    eight = next(i for i, line in enumerate(lines) if line.startswith("8. "))
    lines[eight] = "7" + lines[eight][1:]  # the heading of measure 8 says 7 again
    path = tmp_path / "report.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    result = measures(runner, path)
    assert result.exit_code == 0
    seven = next(r for r in bundled_records if r["id"] == "7")
    assert warnings_of(result) == [
        f"Warning: {path}:{eight + 1}: measure number 7 is used again (first at line "
        f"{seven['lines']['start']}); this second measure is left out",
        f"Warning: {path}:1: chapter 1 announces measures 1-8; not found: 8",
    ]
    records = {r["id"]: r for r in json.loads(result.stdout)}
    assert "8" not in records and len(records) == 49
    assert records["7"] == seven  # measure 8's text did not run into measure 7


def test_a_report_cut_inside_a_measure_is_kept_with_warnings(runner, tmp_path, bundled_records):
    lines = TEXT.split("\n")
    thirty = next(i for i, line in enumerate(lines) if line.startswith("30. Evaluering"))
    chapter = next(i for i, line in enumerate(lines) if "(tiltak 30-35)" in line)
    path = tmp_path / "report.txt"
    path.write_text("\n".join(lines[: thirty + 2]), encoding="utf-8")  # ends "... i tildelingsbrev til"
    result = measures(runner, path)
    assert result.exit_code == 0
    assert warnings_of(result) == [
        f"Warning: {path}:{chapter + 1}: chapter 4 announces measures 30-35; not found: 31-35",
        f"Warning: {path}:{thirty + 1}: measure 30 has no responsible field ('Ansvarlig:')",
        f"Warning: {path}:{thirty + 2}: the text ends inside a sentence in measure 30: "
        "is the report cut short?",
    ]
    records = json.loads(result.stdout)
    assert [r["id"] for r in records] == [r["id"] for r in bundled_records][: len(records)]
    assert records[-1]["id"] == "30" and records[-1]["responsible"] == []
    for record, whole in zip(records[:-1], bundled_records, strict=False):
        kept = [ref for ref in whole["refs"]["internal"] if int(ref.rstrip("abc")) <= 30]
        assert record == {**whole, "refs": {**whole["refs"], "internal": kept}}


def test_warnings_come_again_from_the_cache(runner, tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(TEXT.replace("\n8. ", "\n7. ", 1), encoding="utf-8")
    first, second = measures(runner, path), measures(runner, path)
    assert len(warnings_of(first)) == 2 and warnings_of(second) == warnings_of(first)


def test_an_output_folder_that_cannot_be_written(runner, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = runner.invoke(main, ["build", str(SYNTHETIC), "--out", str(blocker / "exports")])
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1 and str(blocker) in result.stderr
    assert "Traceback" not in result.output
