"""The RDF of a fact set by hand (graph.corrections): its evidence is a line of the corrections file.

The evidence is an oa:SpecificResource like any other (tg:line, an RFC 5147 line fragment, the
quote: the entry's note, or what it says), with oa:hasSource the corrections file (a prov:Entity
with its checksum), tg:rule "manual", prov:wasAttributedTo the person who made the entry
(<base>curator/<who>), dcterms:date the day it was made and rdfs:comment its note. It is
prov:wasDerivedFrom the report whose fact it corrects, and named after it:
<report>/correction/<entry>, so that each report's named graph holds its own corrections.
"""

from __future__ import annotations

from rdflib import RDF, RDFS, XSD, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from graph.export.dataset import checksum_triples
from graph.model import Evidence
from graph.text import slug


def manual_evidence(writer, subject: URIRef, evidence: Evidence) -> None:
    """subject tg:evidence <the entry of the corrections file>, written by a
    graph.export.rdf_report.ReportWriter."""
    from graph.export.rdf import OA, TG, selector_triples

    curation = evidence.curation
    node = URIRef(f"{writer.status_report}/correction/{curation.entry}")
    writer.add(subject, TG.evidence, node)
    if (node, RDF.type, OA.SpecificResource) in writer.triples:
        return
    source, curator = writer.iris("source", slug(curation.file)), writer.iris("curator", slug(curation.who))
    for triple in (
        (node, RDF.type, OA.SpecificResource),
        (node, OA.hasSource, source),
        (node, PROV.wasDerivedFrom, writer.status_report),
        (node, TG.line, Literal(evidence.line)),
        (node, TG.rule, Literal(evidence.rule)),
        (node, PROV.wasAttributedTo, curator),
        (node, DCTERMS.date, Literal(curation.when, datatype=XSD.date)),
        *(((node, RDFS.comment, Literal(curation.note)),) if curation.note else ()),
        *selector_triples(node, evidence),
        (curator, RDF.type, PROV.Agent),
        (curator, RDFS.label, Literal(curation.who)),
        (source, RDF.type, PROV.Entity),
        (source, DCTERMS.title, Literal(curation.file)),
        (source, DCTERMS.format, Literal("application/toml")),
        *checksum_triples(source, curation.sha256),
    ):
        writer.triples.add(triple)
