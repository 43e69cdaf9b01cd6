"""RDF/XML (`graph.rdf`), with the project's prefixes, written by pyoxigraph."""

from __future__ import annotations

import pyoxigraph

from graph.namespaces import PREFIXES

FILE, MEDIA_TYPE = "graph.rdf", "application/rdf+xml"


def render(contents) -> bytes:
    return pyoxigraph.serialize(
        contents.oxigraph_triples, format=pyoxigraph.RdfFormat.RDF_XML, prefixes=PREFIXES
    )
