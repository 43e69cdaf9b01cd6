"""Bytes to text: UTF-8 line by line, the lines that are not UTF-8 as Windows-1252 (Latin-1) with one
warning naming them; UTF-16, with or without a byte order mark; binary data refused."""

from __future__ import annotations

import codecs
from pathlib import Path

from graph.errors import SourceError, warn

FALLBACK = "windows-1252"
BINARY = "binary data{}, expected a report as UTF-8 text or PDF"


def decode_text(path: Path, data: bytes) -> str:
    """The text of a report's bytes; SourceError for binary data or damaged UTF-16."""
    utf16 = _utf16(data)
    if utf16:
        return _decode_utf16(path, data, utf16)
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise SourceError(f"{path}: " + BINARY.format(f" (a NUL byte in line {line})"))
    if sum(byte < 32 and byte not in b"\t\n\r\f" for byte in data[:4096]) > 8:
        raise SourceError(f"{path}: " + BINARY.format(""))
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return _decode_lines(path, data)


def _decode_lines(path: Path, data: bytes) -> str:
    """Each line as UTF-8 where it is valid, else as Windows-1252 (Latin-1 for the bytes that
    Windows-1252 leaves undefined); one warning names the runs of lines read so. Lines of ASCII read
    the same either way: they neither start nor end a run."""
    parts: list[str] = []
    runs: list[list[int]] = []  # [first, last] of each run of lines that are not UTF-8
    in_run, encodings = False, set()
    for number, line in enumerate(data.splitlines(keepends=True), start=1):
        try:
            parts.append(line.decode("utf-8"))
            in_run = in_run and line.isascii()
            continue
        except UnicodeDecodeError:
            encoding = FALLBACK if _decodes(line, FALLBACK) else "latin-1"
        parts.append(line.decode(encoding))
        encodings.add(encoding)
        if in_run:
            runs[-1][1] = number
        else:
            runs.append([number, number])
            in_run = True
    shown = ", ".join(f"{first}-{last}" if first != last else f"{first}" for first, last in runs[:3])
    more = f" and {len(runs) - 3} more" if len(runs) > 3 else ""
    lines = "line" if runs == [[runs[0][0]] * 2] else "lines"
    warn(path, f"{lines} {shown}{more} not UTF-8; read as {' and '.join(sorted(encodings))}", runs[0][0])
    return "".join(parts)


def _decodes(line: bytes, encoding: str) -> bool:
    try:
        line.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _utf16(data: bytes) -> str | None:
    """ "utf-16" for a byte order mark, "utf-16-le"/"utf-16-be" for text whose every other byte is
    mostly zero, else None."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and not data.startswith(
        codecs.BOM_UTF32_LE
    ):
        return "utf-16"
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.3 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.3 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _decode_utf16(path: Path, data: bytes, encoding: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise SourceError(f"{path}: UTF-16 text that cannot be decoded (at byte {error.start})") from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise SourceError(f"{path}: " + BINARY.format(f" (a NUL character in line {line} of UTF-16 text)"))
    return text


def split_lines(text: str) -> list[str]:
    """Lines of a text whose lines end in LF, CRLF or CR."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
