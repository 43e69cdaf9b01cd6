"""Canonical N-Quads (`graph.nq`): the triples of each report in a named graph of its own (the
report's IRI) and those derived over all reports in <base>graph/derived, so that a store can
replace one report; one quad per line, sorted."""

from __future__ import annotations

import pyoxigraph
from rdflib import URIRef

from graph.export.ntriples import term
from graph.export.rdf import Triple

FILE, MEDIA_TYPE = "graph.nq", "application/n-quads"


def render(contents) -> bytes:
    return pyoxigraph.serialize(contents.oxigraph_quads, format=pyoxigraph.RdfFormat.N_QUADS)


def quads(graphs: dict[URIRef, set[Triple]]) -> list:
    """The triples of the named graphs as pyoxigraph quads, in canonical order."""
    text = "".join(
        f"{term(s)} {term(p)} {term(o)} <{name}> .\n"
        for name, triples in graphs.items()
        for s, p, o in triples
    )
    parsed = set(pyoxigraph.parse(text.encode(), format=pyoxigraph.RdfFormat.N_QUADS))
    return sorted(parsed, key=lambda quad: (str(quad.graph_name), str(quad.triple)))
