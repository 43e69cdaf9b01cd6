"""IRIs that were published and then changed stay valid (docs/iri-policy.md): an organisation
that had another id (the gazetteer's `former_ids`, e.g. a provisional id from the text before the
body was curated) keeps its old IRI as owl:sameAs the current one, marked owl:deprecated."""

from __future__ import annotations

from pathlib import Path

from rdflib import OWL, RDF, Literal, URIRef
from rdflib.namespace import ORG

from graph.gazetteer import former_ids


def former_iris(triples, base: str, gazetteer: Path | None = None) -> None:
    """Add <base>org/<former id> owl:sameAs <base>org/<id> (and owl:deprecated true) to `triples`
    for every organisation of the graph that had a former id."""
    for former, current in former_ids(gazetteer).items():
        node, old = URIRef(f"{base}org/{current}"), URIRef(f"{base}org/{former}")
        if (node, RDF.type, ORG.Organization) in triples:
            triples.add((old, OWL.sameAs, node))
            triples.add((old, OWL.deprecated, Literal(True)))
