"""Extract, from each measure record, the facts of the knowledge graph, each with its evidence.

parse (graph.parse) -> extract (this package) -> build (graph.build) -> export / report.
"""

from __future__ import annotations

from graph.extract.actors import passages
from graph.extract.discover import discover
from graph.extract.documents import DocumentFinder
from graph.extract.money import amounts
from graph.extract.publications import consolidate, links, publications
from graph.extract.references import references
from graph.extract.roles import gazetteer_codes, involvements
from graph.extract.status import group_status, prose_status
from graph.gazetteer import lexicon, load_documents, load_organisations
from graph.model import Document, Extraction, Organisation, Report


def extract(
    report: Report,
    organisations: dict[str, Organisation] | None = None,
    documents: dict[str, Document] | None = None,
) -> Extraction:
    """All facts of the report: actors and roles, references, other documents, publications, links,
    money. `organisations` and `documents` default to the curated gazetteers under data/."""
    organisations = dict(organisations if organisations is not None else load_organisations())
    organisations.update(discover(report, organisations))
    documents = dict(documents if documents is not None else load_documents())
    names = lexicon(organisations.values())
    finder = DocumentFinder(documents, report.plan)
    result = Extraction(report=report, organisations=organisations, documents=documents)
    for measure in report.measures:
        if measure.status is None:
            measure.status = prose_status(measure) or group_status(measure, report)
        sentences = passages(measure, names, organisations)
        measure_links = links(measure, sentences, report.hidden_links)
        result.involvements += involvements(measure, sentences, organisations)
        measure.responsible = gazetteer_codes(measure, organisations)
        result.references += references(measure, sentences, report, finder)
        result.mentions += finder.mentions(measure, sentences)
        result.links += measure_links
        result.publications += publications(measure, sentences, measure_links, organisations)
        result.amounts += amounts(measure, sentences)
    result.publications = consolidate(result.publications)
    return result
