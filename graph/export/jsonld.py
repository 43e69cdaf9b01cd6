"""JSON-LD (`graph.jsonld`): pyoxigraph's expanded JSON-LD compacted with a context of the prefixes."""

from __future__ import annotations

import json

import pyoxigraph

from graph.namespaces import PREFIXES
from graph.output import to_json

FILE, MEDIA_TYPE = "graph.jsonld", "application/ld+json"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def render(contents) -> bytes:
    expanded = json.loads(
        pyoxigraph.serialize(contents.oxigraph_triples, format=pyoxigraph.RdfFormat.JSON_LD)
    )
    return (to_json(compact_jsonld(expanded, dict(PREFIXES))) + "\n").encode()


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
