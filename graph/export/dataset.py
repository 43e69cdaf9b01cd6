"""The dataset describes itself: a DCAT and VoID description added to the RDF graph.

<base>dataset is a dcat:Dataset and void:Dataset with its title, licence (that of the reports it
quotes: NLOD 2.0 for Norwegian government documents, unless a manifest gives another), one
dcat:distribution per export file with its media type, a dcterms:source per source file (each
report, and the corrections file of a build that has one) with its SHA-256 (spdx:checksum), and a
prov:wasGeneratedBy build that used the sources and the gazetteers (each with its checksum) and was
run by the software (tiltaksgraf and its version; MIT). VoID counts: void:triples is the number of
triples of the whole graph, this description's own included (the lines of graph.nt), void:entities
the number of subjects whose IRI is under the base (void:uriSpace). void:vocabulary names each
vocabulary the graph uses; void:sparqlEndpoint is there only when given. The build date is there
only when asked for (`build --stamp`), so that builds of the same input stay byte-identical. The
description is a named graph of its own, <base>graph/dataset (graph.export.rdf).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import re
from dataclasses import dataclass

from rdflib import RDF, RDFS, XSD, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV

from graph import resources
from graph.errors import SourceError
from graph.model import Extraction
from graph.namespaces import DEFAULT_BASE, PREFIXES
from graph.text import slug

DCAT = Namespace(PREFIXES["dcat"])
VOID = Namespace(PREFIXES["void"])
SPDX = Namespace(PREFIXES["spdx"])
SCHEMA = Namespace(PREFIXES["schema"])
NLOD = "https://data.norge.no/nlod/en/2.0"  # Norwegian Licence for Open Government Data 2.0
SPDX_LICENCES = "http://spdx.org/licenses/"
MIT = URIRef(SPDX_LICENCES + "MIT")
ONTOLOGY = URIRef("https://w3id.org/tiltaksgraf/ontology")
SOFTWARE = "https://w3id.org/tiltaksgraf/software/"  # + version: the same under any base
IANA = "https://www.iana.org/assignments/media-types/"
UNREGISTERED = {"application/graphml+xml"}  # not in IANA's register: dcterms:format only
UNLISTED = {"xsd"}  # namespaces of datatypes, not vocabularies
DESCRIPTION = (
    "A knowledge graph of the measures of Norwegian government action plans and the organisations "
    "involved in them, extracted from the text of the plans' status reports by tiltaksgraf; every "
    "fact has its evidence (the source file, line and sentence, and the rule that read it)."
)


@dataclass(frozen=True)
class DatasetOptions:
    """What a build may add to the description."""

    stamp: str | None = None  # ISO date of the build (dcterms:issued), only when asked for
    endpoint: str | None = None  # IRI of the SPARQL endpoint that serves the graph


def build_date() -> str:
    """Today (UTC) as an ISO date, or the day of $SOURCE_DATE_EPOCH where it is set (reproducible
    builds)."""
    import datetime
    import os

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    moment = (
        datetime.datetime.fromtimestamp(int(epoch), datetime.UTC)
        if epoch.isdigit()
        else datetime.datetime.now(datetime.UTC)
    )
    return moment.date().isoformat()


def tool_version() -> str:
    return importlib.metadata.version("tiltaksgraf")


def dataset_iri(base: str = DEFAULT_BASE) -> URIRef:
    return URIRef(base + "dataset")


def checksum_triples(node: URIRef, sha256: str) -> list[tuple]:
    """node spdx:checksum [an spdx:Checksum: SHA-256, its hex value] (the checksum an IRI of its own,
    so that the graph has no blank nodes)."""
    checksum = URIRef(f"{node}/sha256")
    return [
        (node, SPDX.checksum, checksum),
        (checksum, RDF.type, SPDX.Checksum),
        (checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256),
        (checksum, SPDX.checksumValue, Literal(sha256, datatype=XSD.hexBinary)),
    ]


def describe_dataset(data, extractions: list[Extraction], base: str = DEFAULT_BASE, options=None) -> set:
    """The triples that describe the dataset whose other triples are `data` (a set of triples or an
    rdflib Graph) and which was built from `extractions`."""
    from graph.export import FORMATS

    options = options or DatasetOptions()
    dataset, build = dataset_iri(base), URIRef(base + "dataset/build")
    software = URIRef(SOFTWARE + tool_version())
    titles = sorted({_plan_title(extraction.report.plan) for extraction in extractions})
    about = [
        (dataset, RDF.type, DCAT.Dataset),
        (dataset, RDF.type, VOID.Dataset),
        (dataset, DCTERMS.title, Literal(f"Tiltak og aktører: {'; '.join(titles)}", lang="nb")),
        (dataset, DCTERMS.title, Literal(f"Measures and actors: {'; '.join(titles)}", lang="en")),
        (dataset, RDFS.label, Literal(f"Measures and actors: {'; '.join(titles)}", lang="en")),
        (dataset, DCTERMS.description, Literal(DESCRIPTION, lang="en")),
        (dataset, DCTERMS.conformsTo, ONTOLOGY),
        (dataset, VOID.uriSpace, Literal(base)),
        (dataset, PROV.wasGeneratedBy, build),
        (build, RDF.type, PROV.Activity),
        (build, RDFS.label, Literal("tiltaksgraf build", lang="en")),
        (build, PROV.wasAssociatedWith, software),
        (software, RDF.type, PROV.SoftwareAgent),
        (software, RDF.type, SCHEMA.SoftwareApplication),
        (software, RDFS.label, Literal(f"tiltaksgraf {tool_version()}")),
        (software, SCHEMA.name, Literal("tiltaksgraf")),
        (software, SCHEMA.softwareVersion, Literal(tool_version())),
        (software, DCTERMS.license, MIT),
    ]
    for extraction in extractions:
        report = extraction.report
        source = URIRef(f"{base}source/{slug(report.source)}")
        licence = licence_iri(report)
        about += [(source, DCTERMS.license, licence), (dataset, DCTERMS.license, licence)]
        if report.checksum:
            about += checksum_triples(source, report.checksum)
    files = {s for s, _, _ in data if str.startswith(s, base + "source/")}  # str.startswith: fast
    for source in sorted(s for s in files if (s, RDF.type, PROV.Entity) in data):
        about += [(dataset, DCTERMS.source, source), (build, PROV.used, source)]
    for gazetteer in resources.listing("data", "gazetteer", suffix=".toml"):
        node = URIRef(f"{base}gazetteer/{slug(gazetteer.name.removesuffix('.toml'))}")
        about += [
            (build, PROV.used, node),
            (node, RDF.type, PROV.Entity),
            (node, DCTERMS.title, Literal(f"data/gazetteer/{gazetteer.name}")),
            (node, SCHEMA.version, Literal(tool_version())),  # the gazetteers ship with the software
            *checksum_triples(node, hashlib.sha256(gazetteer.read_bytes()).hexdigest()),
        ]
    for export in FORMATS.values():
        distribution = URIRef(f"{base}dataset/distribution/{slug(export.file)}")
        about += [
            (dataset, DCAT.distribution, distribution),
            (distribution, RDF.type, DCAT.Distribution),
            (distribution, DCTERMS.title, Literal(export.file)),
            (distribution, DCTERMS.description, Literal(export.description, lang="en")),
            (distribution, DCTERMS.format, Literal(export.media_type)),
        ]
        if export.media_type not in UNREGISTERED:
            about.append((distribution, DCAT.mediaType, URIRef(IANA + export.media_type)))
    if options.endpoint:
        about.append((dataset, VOID.sparqlEndpoint, URIRef(options.endpoint)))
    if options.stamp:
        about.append((dataset, DCTERMS.issued, Literal(options.stamp, datatype=XSD.date)))
    description = set(about)
    description |= {(dataset, VOID.vocabulary, URIRef(v)) for v in _vocabularies([data, description])}
    entities = {s for part in (data, description) for s, _, _ in part if str.startswith(s, base)}
    new = sum(1 for triple in description if triple not in data)
    description.add((dataset, VOID.entities, Literal(len(entities))))
    description.add((dataset, VOID.triples, Literal(len(data) + new + 2)))  # the two counts included
    return description


def licence_iri(report) -> URIRef:
    """The licence of a report: a manifest's (an IRI, or an SPDX id such as CC-BY-4.0), else NLOD 2.0,
    the licence of the Norwegian government's documents."""
    text = report.licence.strip()
    if not text or text.upper() == "NLOD-2.0":
        return URIRef(NLOD)
    if re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", text):
        return URIRef(text)
    if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9.+-]*", text):
        return URIRef(SPDX_LICENCES + text)
    raise SourceError(
        f"{report.source}: licence {text!r} is neither an SPDX id (such as CC-BY-4.0) nor an IRI"
    )


def _plan_title(plan) -> str:
    """ "Handlingsplan mot vold i nære relasjoner (2014–2017)"."""
    period = plan.period
    if not period:
        return plan.title
    return (
        f"{plan.title} ({period.start}–{period.end})" if period.end else f"{plan.title} (fra {period.start})"
    )


def _vocabularies(parts) -> list[str]:
    """The namespaces of the project's prefixes whose properties or classes the graph (its `parts`)
    uses."""
    kind = str(RDF.type)
    terms = {p for part in parts for _, p, _ in part} | {
        o for part in parts for _, p, o in part if str.__eq__(p, kind)
    }
    return sorted(
        namespace
        for prefix, namespace in PREFIXES.items()
        if prefix not in UNLISTED and any(term.startswith(namespace) for term in terms)
    )
