"""Cross-references to measures: of this plan ("jf. tiltak 18a") or of another ("tiltak 23 a i En god
barndom varer livet ut")."""

from __future__ import annotations

import re

from graph.extract.actors import Passage
from graph.extract.documents import DocumentFinder
from graph.model import Evidence, Measure, Reference, Report

# "tiltak 18a", "18 a", "12.1" (a decimal sub-measure), "B2b" (a measure of part B), after "tiltak", "tiltakene", "tiltaka" (nn)
# and "tiltak nr."; several joined by commas, "og", "eller", "samt".
ITEM = r"(?:[A-H](?=\d))?\d{1,3}(?!\d)(?:\.\d{1,2}(?!\d)|\s?[a-e](?!\w))?"
PARTS = re.compile(r"(?:([A-H])(?=\d))?(\d{1,3})(?!\d)(?:\.(\d{1,2})(?!\d)|\s?([a-e])(?!\w))?")
REFERENCE = re.compile(
    rf"\b[Tt]iltak(?:ene|a)?\s+(?:nr\.\s*)?(?P<items>{ITEM}(?:\s*(?:,|og|eller|samt)\s*{ITEM})*)"
)
IN_PLAN = re.compile(r"\s+i\s+(?P<rest>.*)", re.S)
THIS_PLAN = re.compile(r"(?:denne\s+)?(?:handlingsplanen|planen)\b", re.I)


def references(
    measure: Measure, passages: list[Passage], report: Report, finder: DocumentFinder
) -> list[Reference]:
    """References in document order, without the measure's mentions of itself."""
    ids = {m.id for m in report.measures}
    found: list[Reference] = []
    for passage in passages:
        text = passage.masked
        for match in REFERENCE.finditer(text):
            plan = _other_plan(text[match.end() :], finder)
            evidence = Evidence(passage.sentence.line_at(match.start()), passage.sentence.text)
            for part, number, decimal, letter in PARTS.findall(match["items"]):
                target = f"{part}{int(number)}.{int(decimal)}" if decimal else f"{part}{int(number)}{letter}"
                if decimal and target not in ids and not plan:
                    target = str(int(number))  # "tiltak 12.5 millioner": no sub-measure 12.5
                if plan:
                    found.append(Reference(measure.id, target, plan, evidence))
                elif target in ids and target not in (measure.id, measure.parent):
                    found.append(Reference(measure.id, target, "", evidence))
    return found


def _other_plan(after: str, finder: DocumentFinder) -> str:
    """The document id of the other plan named right after "tiltak N i", or "" for this plan."""
    match = IN_PLAN.match(after)
    if not match or THIS_PLAN.match(match["rest"]):
        return ""
    found = finder.find(match["rest"][:300])
    return found[0][2] if found and found[0][0] <= 15 else ""
