"""Cross-references to measures: of this plan ("jf. tiltak 18a") or of another ("tiltak 23 a i En god
barndom varer livet ut")."""

from __future__ import annotations

import re

from graph.extract.actors import Passage
from graph.extract.documents import DocumentFinder
from graph.model import Evidence, Measure, Reference, Report

ITEM = r"\d{1,3}(?!\d)(?:\s?[a-e](?!\w))?"
REFERENCE = re.compile(rf"\b[Tt]iltak(?:ene)?\s+(?P<items>{ITEM}(?:\s*(?:,|og|eller|samt)\s*{ITEM})*)")
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
            for number, letter in re.findall(r"(\d{1,3})(?!\d)(?:\s?([a-e])(?!\w))?", match["items"]):
                target = f"{int(number)}{letter}"
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
