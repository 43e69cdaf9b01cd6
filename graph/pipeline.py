"""The pipeline from a source file to extracted facts: parse -> extract."""

from __future__ import annotations

from pathlib import Path

from graph.extract import extract
from graph.model import Extraction
from graph.parse import parse_report


def extract_report(source: Path) -> Extraction:
    """Parse a status report and extract its facts."""
    return extract(parse_report(source))
