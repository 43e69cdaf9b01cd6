"""Canonical N-Triples (`graph.nt`): one triple per line, sorted, as pyoxigraph writes them."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph
from rdflib import BNode, Literal

from graph.export.rdf import Triple

FILE, MEDIA_TYPE = "graph.nt", "application/n-triples"


def render(contents) -> bytes:
    return contents.ntriples.encode()


def ntriples(triples: Iterable[Triple]) -> str:
    """Canonical N-Triples of triples (a set or an rdflib Graph), as pyoxigraph writes them: one
    triple per line, sorted, no blank lines."""
    text = "".join(f"{term(s)} {term(p)} {term(o)} .\n" for s, p, o in triples)
    parsed = set(pyoxigraph.parse(text.encode(), format=pyoxigraph.RdfFormat.N_TRIPLES))
    return pyoxigraph.serialize(sorted(parsed, key=str), format=pyoxigraph.RdfFormat.N_TRIPLES).decode()


def term(value) -> str:
    """An rdflib term in N-Triples."""
    if isinstance(value, Literal):
        text = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        if value.language:
            return f'"{text}"@{value.language}'
        return f'"{text}"^^<{value.datatype}>' if value.datatype else f'"{text}"'
    return f"_:{value}" if isinstance(value, BNode) else f"<{value}>"
