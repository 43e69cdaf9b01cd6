"""Other plans, white papers, bills, laws (and their sections), regulations and conventions named."""

from __future__ import annotations

import re

from graph.gazetteer import lexicon
from graph.model import Document, DocumentMention, Evidence, Measure, Plan
from graph.text import slug

PARLIAMENTARY = re.compile(
    r"(?P<name>(?P<series>Meld\.\s*St\.|Prop\.|Innst\.|Lovvedtak)\s+\d+(?:\s+[A-Z])?\s*\(\d{4}\s*[-–]\s*\d{4}\))"
)
SERIES_KINDS = {"Meld": "white-paper", "Prop": "bill", "Innst": "recommendation", "Lovvedtak": "law-decision"}
PLAN = re.compile(
    r"(?<![\w-])(?P<name>(?:[Hh]andlingsplan|[Tt]iltaksplan|[Oo]pptrappingsplan|[Ss]trategi)(?:en)?\s+"
    r"(?:mot|for|om)\s+[^().;]{3,110}?\s*\(\d{4}\s*[-–]\s*\d{4}\))"
)
# "en handlingsplan mot vold i nære relasjoner – «Sammen mot vold»": a plan named by its title
NAMED_PLAN = re.compile(
    r"\b(?:[Hh]andlingsplan|[Tt]iltaksplan|[Ss]trategi)(?:en)?(?:\s+(?:mot|for|om)\s+[^«».;()–]{3,80}?\s+[–-])?"
    r"\s*«(?P<name>[^«»]{3,80})»"
)
LAW = re.compile(r"(?<![\w-])(?P<name>[A-ZÆØÅa-zæøå][a-zæøå]{2,}(?:-\s+og\s+[a-zæøå]+)?(?:loven|lova))(?!\w)")
REGULATION = re.compile(r"(?<![\w-])(?P<name>[a-zæøå]{4,}forskriften)(?!\w)")
SECTION = re.compile(r"\s*§\s*(?P<section>\d+(?:\s?[a-z])?)(?![\d\w])")


class DocumentFinder:
    """Finds named documents in text, adding those the gazetteer lacks to `documents` as it goes."""

    def __init__(self, documents: dict[str, Document], plan: Plan):
        self.documents = documents
        self.lexicon = lexicon(documents.values())
        self.own = {slug(plan.title)}
        if plan.period:
            self.own.add(slug(f"{plan.title} ({plan.period.start}-{plan.period.end})"))

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, document id) of each document named in the text; this plan is left out."""
        found: list[tuple[int, int, str]] = [(m.start, m.end, m.id) for m in self.lexicon.find(text)]
        for pattern, kind in (
            (PARLIAMENTARY, None),
            (PLAN, "plan"),
            (NAMED_PLAN, "plan"),
            (LAW, "law"),
            (REGULATION, "regulation"),
        ):
            for match in pattern.finditer(text):
                if any(start < match.end() and match.start() < end for start, end, _ in found):
                    continue
                name = " ".join(match["name"].split())
                if kind == "plan":
                    if slug(name) in self.own:
                        continue
                    name = name[0].upper() + name[1:]
                elif kind in ("law", "regulation"):
                    name = name[0].lower() + name[1:]
                document_kind = kind or SERIES_KINDS[match["series"].split(".")[0]]
                found.append((match.start(), match.end(), self._add(name, document_kind)))
        found = [self._with_section(text, start, end, doc) for start, end, doc in found]
        return sorted(found)

    def _add(self, name: str, kind: str, part_of: str = "") -> str:
        identifier = slug(name)
        if identifier not in self.documents:
            self.documents[identifier] = Document(identifier, name, kind, part_of=part_of, known=False)
        return identifier

    def _with_section(self, text: str, start: int, end: int, document: str) -> tuple[int, int, str]:
        """A law followed by "§ 219" is a mention of that section."""
        law = self.documents[document]
        match = SECTION.match(text, end)
        if law.kind != "law" or not match:
            return start, end, document
        section = match["section"].replace(" ", "")
        return start, match.end(), self._add(f"{law.name} § {section}", "law-section", part_of=law.id)

    def mentions(self, measure: Measure, passages) -> list[DocumentMention]:
        return [
            DocumentMention(measure.id, document, Evidence(p.sentence.line_at(start), p.sentence.text))
            for p in passages
            for start, _, document in self.find(p.masked)
        ]
