"""The measure records (`measures.json`): the JSON contract of `graph.records`, described by the
shipped JSON Schema (data/schemas/measures.schema.json)."""

from __future__ import annotations

from graph.output import to_json

FILE, MEDIA_TYPE = "measures.json", "application/json"


def render(contents) -> bytes:
    return (to_json(contents.records) + "\n").encode()
