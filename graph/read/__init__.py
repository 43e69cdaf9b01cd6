"""Read a report: its bytes, as text or through its PDF pages, into lines that keep their numbers.

read (this package: decode, pdf, clean) -> parse (graph.parse) -> extract -> build -> export.
"""

from __future__ import annotations

from pathlib import Path

from graph.errors import SourceError
from graph.read.decode import decode_text, split_lines


def read_bytes(path: Path) -> bytes:
    """The file's content; raises SourceError for missing, unreadable or empty files."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise SourceError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise SourceError(f"{path}: is a directory, expected a report (.txt or .pdf)") from None
    except OSError as error:
        raise SourceError(f"{path}: cannot read ({error.strerror})") from None
    if not data.strip():
        raise SourceError(f"{path}: the file is empty")
    return data


def read_lines(path: Path) -> list[str]:
    """The lines of a report without line ends: of its text, or of the text of its PDF pages."""
    data = read_bytes(path)
    if data.startswith(b"%PDF-"):
        from graph.read.pdf import pdf_lines

        return pdf_lines(path, data)
    return split_lines(decode_text(path, data))
