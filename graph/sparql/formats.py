"""The answer formats of the endpoint, and content negotiation by the Accept header."""

from __future__ import annotations

import functools

import pyoxigraph

RESULT_FORMATS = {  # SELECT and ASK; the first is the default
    "application/sparql-results+json": pyoxigraph.QueryResultsFormat.JSON,
    "application/json": pyoxigraph.QueryResultsFormat.JSON,
    "application/sparql-results+xml": pyoxigraph.QueryResultsFormat.XML,
    "application/xml": pyoxigraph.QueryResultsFormat.XML,
    "text/csv": pyoxigraph.QueryResultsFormat.CSV,
    "text/tab-separated-values": pyoxigraph.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {  # CONSTRUCT, DESCRIBE and the service description; the first is the default
    "text/turtle": pyoxigraph.RdfFormat.TURTLE,
    "application/n-triples": pyoxigraph.RdfFormat.N_TRIPLES,
    "application/rdf+xml": pyoxigraph.RdfFormat.RDF_XML,
    "application/ld+json": pyoxigraph.RdfFormat.JSON_LD,
}


def negotiate(accept: str | None, offers: dict):
    """The offer the Accept header likes best (the first offer on a tie), or None if none is
    acceptable."""
    if accept is not None and len(accept) > 500:
        return _best.__wrapped__(accept, tuple(offers))
    return _best(accept, tuple(offers))  # clients send the same few Accept headers over and over


@functools.lru_cache(maxsize=256)
def _best(accept: str | None, offers: tuple[str, ...]):
    ranges = []
    for item in (accept or "*/*").split(","):
        media, *parameters = (part.strip().lower() for part in item.split(";"))
        weight = 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        if media:
            ranges.append((media, weight))
    best, best_weight = None, 0.0
    for offer in offers:
        kind = offer.split("/")[0]
        specificity, weight = -1, 0.0
        for media, q in ranges:
            level = {offer: 2, f"{kind}/*": 1, "*/*": 0}.get(media, -1)
            if level > specificity:
                specificity, weight = level, q
        if weight > best_weight:
            best, best_weight = offer, weight
    return best
