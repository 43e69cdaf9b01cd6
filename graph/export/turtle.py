"""Turtle (`graph.ttl`), with the project's prefixes, written by pyoxigraph."""

from __future__ import annotations

import pyoxigraph

from graph.namespaces import PREFIXES

FILE, MEDIA_TYPE = "graph.ttl", "text/turtle"


def render(contents) -> bytes:
    return pyoxigraph.serialize(
        contents.oxigraph_triples,
        format=pyoxigraph.RdfFormat.TURTLE,
        prefixes=PREFIXES,
        base_iri=contents.base,
    )
