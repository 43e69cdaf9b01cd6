"""One row per organisation (`actors.csv`): kind, parent body, measures, count per role, chapters."""

from __future__ import annotations

from graph.output import flatten, to_csv

FILE, MEDIA_TYPE = "actors.csv", "text/csv"


def render(contents) -> bytes:
    return to_csv(flatten(contents.actor_rows)).encode()
