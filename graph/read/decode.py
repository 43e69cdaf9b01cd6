"""Bytes to text: UTF-8, or Windows-1252 (Latin-1) with a warning; binary data refused."""

from __future__ import annotations

from pathlib import Path

from graph.errors import SourceError, warn


def decode_text(path: Path, data: bytes) -> str:
    """UTF-8 text, or Windows-1252 (Latin-1) text with a warning; SourceError for binary data."""
    if b"\x00" in data or sum(byte < 32 and byte not in b"\t\n\r\f" for byte in data[:4096]) > 8:
        raise SourceError(f"{path}: binary data, expected a report as UTF-8 text or PDF")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        encoding = "windows-1252"
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:  # bytes Windows-1252 leaves undefined
            encoding, text = "latin-1", data.decode("latin-1")
        warn(path, f"not UTF-8 (byte 0x{data[error.start]:02x}); read as {encoding}", line)
        return text


def split_lines(text: str) -> list[str]:
    """Lines of a text whose lines end in LF, CRLF or CR."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
