"""IRIs that were published stay valid when what they name changes (docs/iri-policy.md): an
organisation that had another id (the gazetteer's `former_ids`, e.g. a provisional id from the text
before the body was curated) keeps its old IRI as owl:sameAs the current one, marked owl:deprecated;
a body merged into another (`replaced_by`) keeps its IRI, dcterms:isReplacedBy its successor."""

from __future__ import annotations

from pathlib import Path

from rdflib import OWL, RDF, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG

from graph.gazetteer import id_history


def former_iris(data, base: str, gazetteer: Path | None = None) -> set:
    """For the organisations of the graph `data` (triples): <base>org/<former id> owl:sameAs
    <base>org/<id> (and owl:deprecated true), and <base>org/<id> dcterms:isReplacedBy its successor."""
    history = id_history(gazetteer)
    triples: set = set()

    def organisation(key: str) -> URIRef | None:
        node = URIRef(f"{base}org/{key}")
        return node if (node, RDF.type, ORG.Organization) in data else None

    for former, current in history.former.items():
        if node := organisation(current):
            triples.add((URIRef(f"{base}org/{former}"), OWL.sameAs, node))
            triples.add((URIRef(f"{base}org/{former}"), OWL.deprecated, Literal(True)))
    for old, successor in history.replaced_by.items():
        if node := organisation(old):
            triples.add((node, DCTERMS.isReplacedBy, URIRef(f"{base}org/{successor}")))
    return triples
