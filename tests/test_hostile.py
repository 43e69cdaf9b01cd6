"""Hostile input, each case a file the test makes: targets that are not regular files, reports too
large to read, mixed and UTF-16 encodings, NUL bytes, encrypted and damaged PDFs. Each gives the
correct result or one clear line, and nothing else is lost or replaced."""

import json
import os
import re
import socket
import stat
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfWriter

from graph.cli import main
from graph.read import read_lines
from tests.conftest import SOURCE, SYNTHETIC, read_from
from tests.make_pdf import pdf_from_text

TEXT = SOURCE.read_text(encoding="utf-8")
LINES = TEXT.split("\n")
SYNTHETIC_TEXT = SYNTHETIC.read_text(encoding="utf-8")


def run(*arguments: str):
    result = CliRunner().invoke(main, list(arguments))
    assert "Traceback" not in result.output
    return result


def records_of(path: Path, *options: str):
    result = run("measures", "--format", "json", *options, str(path))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout), result.stderr


@pytest.fixture(scope="module")
def bundled_records():
    records, stderr = records_of(SOURCE)
    assert stderr == ""
    return read_from(records, "report.txt")  # as the tests' copies name it


# --- Targets that are not regular files --------------------------------------------------------


def _fifo(path: Path) -> str:
    os.mkfifo(path)
    return "a FIFO (named pipe)"


def _folder(path: Path) -> str:
    path.mkdir()
    (path / "kept.txt").write_text("kept\n")
    return "a directory"


def _socket(path: Path) -> str:
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.close()
    return "a socket"


def _device(path: Path) -> str:
    if os.geteuid() != 0:
        pytest.skip("making a device node needs root")
    os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 7))  # the numbers of /dev/full
    return "a character device"


def _link_to_fifo(path: Path) -> str:
    os.mkfifo(path.with_name("pipe"))
    path.symlink_to("pipe")
    return f"a symbolic link to {path.with_name('pipe')}, a FIFO (named pipe)"


def _snapshot(folder: Path) -> dict[str, tuple[int, bytes | None]]:
    """Each entry's file type and, for a regular file, its bytes."""
    return {
        item.name: (stat.S_IFMT(item.lstat().st_mode), item.read_bytes() if item.is_file() else None)
        for item in sorted(folder.iterdir())
    }


@pytest.mark.parametrize("make", [_fifo, _socket, _device, _link_to_fifo])
def test_the_explorer_never_replaces_what_is_not_a_regular_file(tmp_path, make):
    target = tmp_path / "graph.html"
    kind = make(target)
    before = _snapshot(tmp_path)
    result = run("html", str(SYNTHETIC), "--out", str(target))
    assert result.exit_code == 2
    assert result.stderr == f"Error: {target}: is {kind}, not a regular file; not replaced\n"
    assert _snapshot(tmp_path) == before


@pytest.mark.parametrize("make", [_fifo, _folder])
def test_a_build_with_one_special_target_replaces_none_of_the_exports(tmp_path, make):
    out = tmp_path / "exports"
    assert run("build", str(SYNTHETIC), "--out", str(out)).exit_code == 0
    (out / "graph.nt").unlink()
    kind = make(out / "graph.nt")
    before = _snapshot(out)
    result = run("build", str(SOURCE), "--out", str(out))
    assert result.exit_code == 2
    assert result.stderr == f"Error: {out / 'graph.nt'}: is {kind}, not a regular file; not replaced\n"
    assert _snapshot(out) == before
    if kind == "a directory":
        assert (out / "graph.nt" / "kept.txt").read_text() == "kept\n"


def test_a_symbolic_link_is_followed_to_its_regular_file(tmp_path):
    real = tmp_path / "published" / "explorer.html"
    real.parent.mkdir()
    real.write_text("old\n")
    real.chmod(0o640)
    link = tmp_path / "graph.html"
    link.symlink_to(real)
    result = run("html", str(SYNTHETIC), "--out", str(link))
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_bytes().startswith(b"<!DOCTYPE html>")
    assert stat.S_IMODE(real.stat().st_mode) == 0o640  # the permissions of the file replaced
    assert sorted(p.name for p in real.parent.iterdir()) == ["explorer.html"]  # no staging left


def test_a_dangling_symbolic_link_is_refused(tmp_path):
    link = tmp_path / "graph.html"
    link.symlink_to(tmp_path / "missing" / "graph.html")
    result = run("html", str(SYNTHETIC), "--out", str(link))
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {link}: is a symbolic link to {tmp_path / 'missing' / 'graph.html'}, "
        "which does not exist; not replaced\n"
    )
    assert not (tmp_path / "missing").exists()


# --- Size limits ---------------------------------------------------------------------------------


def test_a_text_over_the_default_limit_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as stream:  # sparse: 60 MB that take no disk space
        stream.write(TEXT.encode())
        stream.truncate(60_000_000)
    result = run("measures", str(path))
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {path}: 60.0 MB, larger than the limit of 50 MB for a text report (see --max-size)\n"
    )


def test_a_pdf_over_the_default_limit_is_refused(tmp_path):
    path = tmp_path / "huge.pdf"
    with path.open("wb") as stream:
        stream.write(b"%PDF-1.7\n")
        stream.truncate(210_000_000)
    result = run("text", str(path))
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {path}: 210.0 MB, larger than the limit of 200 MB for a PDF report (see --max-size)\n"
    )


def test_max_size_sets_the_limit_for_one_command_only(tmp_path, bundled_records):
    path = tmp_path / "report.txt"
    path.write_bytes(SOURCE.read_bytes())
    size = path.stat().st_size
    assert 150_000 < size < 250_000
    result = run("measures", "--max-size", "150kB", str(path))
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {path}: {size / 1e6:.1f} MB, larger than the limit of 0.15 MB for a text report "
        "(see --max-size)\n"
    )
    assert records_of(path, "--max-size", "1MB") == (bundled_records, "")
    assert records_of(path) == (bundled_records, "")  # the default again


def test_a_pipe_is_read_only_up_to_the_limit(tmp_path):
    pipe = tmp_path / "report.txt"
    os.mkfifo(pipe)
    written = []

    def feed():
        with pipe.open("wb") as stream:
            try:
                for _ in range(40):  # 40 × 100 kB, more than the limit
                    stream.write(b"x" * 100_000)
                    written.append(100_000)
            except BrokenPipeError:  # the reader stopped at the limit
                pass

    writer = threading.Thread(target=feed)
    writer.start()
    result = run("text", "--max-size", "1MB", str(pipe))
    os.close(os.open(pipe, os.O_RDONLY | os.O_NONBLOCK))  # frees the writer if the command never read
    writer.join()
    assert result.exit_code == 2
    assert (
        result.stderr == f"Error: {pipe}: larger than the limit of 1 MB for a text report (see --max-size)\n"
    )
    assert sum(written) < 4_000_000


@pytest.mark.parametrize("value", ["lots", "0", "12XB", "-5MB"])
def test_a_max_size_that_is_not_a_size(value):
    result = run("measures", "--max-size", value)
    assert result.exit_code == 2
    assert (
        f"Invalid value for '--max-size': {value!r} is not a size such as 50MB, 1GB or 800kB" in result.stderr
    )


# --- Encodings -----------------------------------------------------------------------------------


def _non_ascii(first: int, last: int) -> list[int]:
    """Numbers of the lines from `first` to `last` that hold letters beyond ASCII."""
    return [number for number in range(first, last + 1) if not LINES[number - 1].isascii()]


def _mixed(tmp_path: Path, first: int, last: int) -> Path:
    """The bundled report with lines `first` to `last` in Windows-1252, the others in UTF-8."""
    parts = [
        line.encode("windows-1252" if first <= number <= last else "utf-8")
        for number, line in enumerate(LINES, start=1)
    ]
    path = tmp_path / "report.txt"  # as bundled_records names the copies
    path.write_bytes(b"\n".join(parts))
    return path


def test_a_file_half_utf8_half_windows_1252_is_read_without_mojibake(tmp_path, bundled_records):
    half = len(LINES) // 2
    path = _mixed(tmp_path, half, len(LINES))
    first, last = _non_ascii(half, len(LINES))[0], _non_ascii(half, len(LINES))[-1]
    records, stderr = records_of(path)
    assert stderr == f"Warning: {path}:{first}: lines {first}-{last} not UTF-8; read as windows-1252\n"
    assert records == bundled_records
    assert "Ã" not in json.dumps(records, ensure_ascii=False)


def test_a_block_of_windows_1252_lines_is_named(tmp_path, bundled_records):
    block = _non_ascii(40, 400)
    first, last = block[0], block[5]
    path = _mixed(tmp_path, first, last)
    records, stderr = records_of(path)
    assert stderr == f"Warning: {path}:{first}: lines {first}-{last} not UTF-8; read as windows-1252\n"
    assert records == bundled_records


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_is_read_with_or_without_a_byte_order_mark(tmp_path, bundled_records, encoding):
    path = tmp_path / "report.txt"
    path.write_bytes(TEXT.encode(encoding))  # "utf-16" writes a byte order mark, the others none
    assert path.read_bytes().startswith((b"\xff\xfe", b"\xfe\xff")) == (encoding == "utf-16")
    assert records_of(path) == (bundled_records, "")


def test_damaged_utf16_is_named(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes("\ufeffTiltak\n".encode("utf-16-le") + b"\x00\xd8A\x00")  # a lone surrogate
    result = run("measures", str(path))
    assert result.exit_code == 2
    assert result.stderr == f"Error: {path}: UTF-16 text that cannot be decoded (at byte 16)\n"


def test_a_nul_byte_names_its_line(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes("\n".join([*LINES[:6], "Ansvarlig: JD\x00", *LINES[7:]]).encode())
    result = run("measures", str(path))
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {path}: binary data (a NUL byte in line 7), expected a report as UTF-8 text or PDF\n"
    )


# --- PDFs ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def synthetic_pdf(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    pdf_from_text(SYNTHETIC_TEXT, path)
    return path


def _encrypted(source: Path, path: Path, user_password: str, algorithm: str) -> Path:
    writer = PdfWriter(clone_from=source)
    writer.encrypt(user_password=user_password, owner_password="eier", algorithm=algorithm)
    writer.write(path)
    return path


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-128", "AES-256"])
def test_a_pdf_with_an_empty_user_password_opens(tmp_path, synthetic_pdf, algorithm):
    path = _encrypted(synthetic_pdf, tmp_path / "locked.pdf", "", algorithm)
    assert b"/Encrypt" in path.read_bytes()
    assert read_lines(path) == read_lines(synthetic_pdf)
    result = run("measures", str(path))
    assert result.exit_code == 0 and result.stderr == ""


def test_a_pdf_with_a_user_password_is_refused(tmp_path, synthetic_pdf):
    path = _encrypted(synthetic_pdf, tmp_path / "locked.pdf", "hemmelig", "AES-128")
    result = run("measures", str(path))
    assert result.exit_code == 2
    assert result.stderr == f"Error: {path}: the PDF is encrypted with a password\n"


def test_what_pypdf_says_about_a_damaged_pdf_is_one_warning(tmp_path, synthetic_pdf):
    data = synthetic_pdf.read_bytes()
    pointer = re.search(rb"startxref\s+(\d+)", data)
    path = tmp_path / "damaged.pdf"
    path.write_bytes(data[: pointer.start(1)] + str(int(pointer[1]) + 7).encode() + data[pointer.end(1) :])
    result = run("text", str(path))
    assert result.exit_code == 0
    assert result.stderr == (
        f"Warning: {path}: a damaged PDF: pypdf worked around 2 problems (incorrect startxref "
        "pointer(3)); the text may be incomplete\n"
    )
    assert result.stdout.split("\n")[:-1] == read_lines(synthetic_pdf)
