"""One row per measure, organisation and role (`involvements.csv`), with its evidence lines."""

from __future__ import annotations

from graph.output import to_csv

FILE, MEDIA_TYPE = "involvements.csv", "text/csv"


def render(contents) -> bytes:
    return to_csv(contents.involvement_rows).encode()
