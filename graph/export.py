"""Serialise the knowledge graph: RDF (Turtle, JSON-LD, N-Triples, RDF/XML), GraphML, JSON and CSV.

Every serialisation is deterministic: the same input gives byte-identical files. RDF is written by
pyoxigraph from the graph's triples in sorted order (canonical N-Triples, one triple per line,
sorted); JSON-LD is compacted with a context of the vocabulary prefixes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import networkx as nx
import pyoxigraph
from rdflib import BNode, Literal

from graph.files import write_atomic
from graph.namespaces import PREFIXES
from graph.output import flatten, to_csv, to_graphml, to_json
from graph.rdf import Triple

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def ntriples(triples: Iterable[Triple]) -> str:
    """Canonical N-Triples of triples (a set or an rdflib Graph), as pyoxigraph writes them: one
    triple per line, sorted, no blank lines."""
    text = "".join(f"{_term(s)} {_term(p)} {_term(o)} .\n" for s, p, o in triples)
    parsed = set(pyoxigraph.parse(text.encode(), format=pyoxigraph.RdfFormat.N_TRIPLES))
    return pyoxigraph.serialize(sorted(parsed, key=str), format=pyoxigraph.RdfFormat.N_TRIPLES).decode()


def _term(term) -> str:
    """An rdflib term in N-Triples."""
    if isinstance(term, Literal):
        text = str(term).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        if term.language:
            return f'"{text}"@{term.language}'
        return f'"{text}"^^<{term.datatype}>' if term.datatype else f'"{text}"'
    return f"_:{term}" if isinstance(term, BNode) else f"<{term}>"


def rdf_files(triples: Iterable[Triple], base: str) -> dict[str, bytes]:
    """graph.nt, graph.ttl, graph.rdf and graph.jsonld of RDF triples (a set or an rdflib Graph)."""
    canonical = ntriples(triples)
    triples = list(pyoxigraph.parse(canonical.encode(), format=pyoxigraph.RdfFormat.N_TRIPLES))
    prefixes = dict(PREFIXES)
    expanded = json.loads(pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.JSON_LD))
    return {
        "graph.nt": canonical.encode(),
        "graph.ttl": pyoxigraph.serialize(
            triples, format=pyoxigraph.RdfFormat.TURTLE, prefixes=prefixes, base_iri=base
        ),
        "graph.rdf": pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.RDF_XML, prefixes=prefixes),
        "graph.jsonld": (to_json(compact_jsonld(expanded, prefixes)) + "\n").encode(),
    }


def compact_jsonld(expanded: list[dict], prefixes: dict[str, str]) -> dict:
    """Expanded JSON-LD (a list of node objects) as {"@context": prefixes, "@graph": [...]}, with
    every IRI written as a compact IRI ("dcterms:title") where a prefix fits."""
    ordered = sorted(prefixes.items(), key=lambda item: -len(item[1]))

    def curie(iri: str) -> str:
        for prefix, namespace in ordered:
            local = iri[len(namespace) :]
            if iri.startswith(namespace) and local and ":" not in local and "/" not in local:
                return f"{prefix}:{local}"
        return iri

    def value(item: dict) -> dict:
        if "@id" in item:
            return {"@id": curie(item["@id"])}
        if "@type" in item:
            return {**item, "@type": curie(item["@type"])}
        return item

    nodes = []
    for node in expanded:
        compacted = {"@id": curie(node["@id"])}
        for key, values in node.items():
            if key == "@id":
                continue
            if key in ("@type", RDF_TYPE):
                types = values if key == "@type" else [v["@id"] for v in values]
                compacted["@type"] = sorted(curie(t) for t in types)
            else:
                compacted[curie(key)] = [value(item) for item in values]
        nodes.append(compacted)
    return {"@context": dict(sorted(prefixes.items())), "@graph": nodes}


def graphml(graph: nx.MultiDiGraph) -> bytes:
    """GraphML for Gephi (see graph.output.to_graphml)."""
    return to_graphml(graph).encode()


def table_files(records: list[dict], actors: list[dict], involvements: list[dict]) -> dict[str, bytes]:
    """measures.json (the measure records), actors.csv and involvements.csv."""
    return {
        "measures.json": (to_json(records) + "\n").encode(),
        "actors.csv": to_csv(flatten(actors)).encode(),
        "involvements.csv": to_csv(involvements).encode(),
    }


def write_exports(files: dict[str, bytes], folder: Path) -> None:
    """Write every file atomically; the caller has produced them all before anything is written."""
    for name, data in sorted(files.items()):
        write_atomic(Path(folder) / name, data)
