"""Read a report: its bytes, as text or through its PDF pages, into lines that keep their numbers.

read (this package: decode, pdf, clean) -> parse (graph.parse) -> extract -> build -> export.

A report larger than the size limit is refused before it is read into memory: by default 50 MB of
text and 200 MB of PDF; `size_limit` (the `--max-size` option) sets one limit for both.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

from graph.errors import SourceError
from graph.read.decode import decode_text, split_lines

MB = 1_000_000
DEFAULT_LIMITS = {"text": 50 * MB, "PDF": 200 * MB}
_limits = dict(DEFAULT_LIMITS)


@contextlib.contextmanager
def size_limit(max_bytes: int | None):
    """Within the block, refuse reports (text or PDF) larger than `max_bytes` (None: the defaults)."""
    saved = dict(_limits)
    if max_bytes is not None:
        _limits.update(dict.fromkeys(_limits, max_bytes))
    try:
        yield
    finally:
        _limits.update(saved)


def read_bytes(path: Path) -> bytes:
    """The file's content; raises SourceError for missing, unreadable, empty or too large files."""
    try:
        with open(path, "rb") as stream:
            status = os.fstat(stream.fileno())
            size = status.st_size if stat.S_ISREG(status.st_mode) else None  # None: a pipe, a device
            head = stream.read(5)
            kind = "PDF" if head == b"%PDF-" else "text"
            limit = _limits[kind]
            if size is not None and size > limit:
                raise SourceError(_too_large(path, kind, limit, f"{size / MB:.1f} MB, "))
            data = head + (stream.read() if size is not None else _read_at_most(stream, limit + 1))
    except FileNotFoundError:
        raise SourceError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise SourceError(f"{path}: is a directory, expected a report (.txt or .pdf)") from None
    except OSError as error:
        raise SourceError(f"{path}: cannot read ({error.strerror})") from None
    if len(data) > limit:  # a pipe or a device, whose size is known only by reading it
        raise SourceError(_too_large(path, kind, limit))
    if not data.strip():
        raise SourceError(f"{path}: the file is empty")
    return data


def _read_at_most(stream, count: int) -> bytes:
    """Up to `count` bytes of a stream whose size is not known beforehand."""
    chunks, left = [], count
    while left > 0 and (chunk := stream.read(min(left, MB))):
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _too_large(path: Path, kind: str, limit: int, size: str = "") -> str:
    return f"{path}: {size}larger than the limit of {limit / MB:g} MB for a {kind} report (see --max-size)"


def read_lines(path: Path, data: bytes | None = None) -> list[str]:
    """The lines of a report without line ends: of its text, or of the text of its PDF pages
    (`data`: the file's bytes, where they are read already)."""
    data = read_bytes(path) if data is None else data
    if data.startswith(b"%PDF-"):
        from graph.read.pdf import pdf_lines

        return pdf_lines(path, data)
    return split_lines(decode_text(path, data))
