"""TriG (`graph.trig`): the named graphs of N-Quads (one per report, and the derived graph), with
the project's prefixes, written by pyoxigraph."""

from __future__ import annotations

import pyoxigraph

from graph.namespaces import PREFIXES

FILE, MEDIA_TYPE = "graph.trig", "application/trig"


def render(contents) -> bytes:
    return pyoxigraph.serialize(
        contents.oxigraph_quads, format=pyoxigraph.RdfFormat.TRIG, prefixes=PREFIXES, base_iri=contents.base
    )
