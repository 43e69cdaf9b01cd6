"""Score extraction against a hand-checked annotation: precision, recall and F1 per kind of fact.

The annotation format is that of tests/data/gold_sample.json: a list of measure records, each with
actors (name -> roles with evidence lines), refs_internal, refs_external, plans, urls, amounts and
reports. Names of organisations and documents are resolved through the same gazetteers as the
extraction, so "NKVTS" and "Nasjonalt kunnskapssenter om vold og traumatisk stress" are one actor.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.extract.documents import DocumentFinder
from graph.extract.publications import title_stems
from graph.gazetteer import lexicon
from graph.model import Extraction


@dataclass(frozen=True)
class Score:
    true_positives: int
    predicted: int
    expected: int

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.expected if self.expected else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    def __add__(self, other: Score) -> Score:
        return Score(
            self.true_positives + other.true_positives,
            self.predicted + other.predicted,
            self.expected + other.expected,
        )


RECORD_KEYS = {
    "id": str,
    "actors": list,
    "refs_internal": list,
    "refs_external": list,
    "plans": list,
    "urls": list,
    "amounts": list,
    "reports": list,
}


# Annotations of format 2 (tests/data/family/*.json) describe every measure of a report, and also
# its structure and status; these keys are scored where the annotation has them.
STRUCTURE_KEYS = ("title", "parent", "chapter", "responsible", "period", "status", "page")


def check_annotation(gold) -> None:
    """Raise ValueError, saying what is wrong, unless `gold` has the annotation format."""
    if not isinstance(gold, dict) or not isinstance(gold.get("measures"), list):
        raise ValueError("expected an object with a list of 'measures'")
    for index, record in enumerate(gold["measures"]):
        if not isinstance(record, dict):
            raise ValueError(f"measure record {index} is not an object")
        for key, kind in RECORD_KEYS.items():
            if not isinstance(record.get(key), kind):
                raise ValueError(
                    f"measure record {record.get('id', index)}: '{key}' must be a {kind.__name__}"
                )


def merge_annotations(golds: list[dict]) -> dict:
    """One annotation of the records of several (of one report); a record annotated twice is an
    error. What else they annotate (format, chapters, the report) is the first's."""
    measures, seen = [], set()
    for gold in golds:
        for record in gold["measures"]:
            if record["id"] in seen:
                raise ValueError(f"measure record {record['id']} is annotated twice")
            seen.add(record["id"])
            measures.append(record)
    return {**golds[0], "measures": measures}


def evaluate(extraction: Extraction, gold: dict) -> dict[str, Score]:
    """Scores over the measures the annotation covers, one per kind of fact."""
    return {
        kind: _score(predicted, expected) for kind, (predicted, expected) in compare(extraction, gold).items()
    }


def evaluate_corpus(pairs: list[tuple[Extraction, dict]]) -> dict[str, Score]:
    """Scores summed over several reports, each with its annotation (micro-averaged)."""
    totals: dict[str, Score] = {}
    for extraction, gold in pairs:
        for kind, score in evaluate(extraction, gold).items():
            totals[kind] = totals[kind] + score if kind in totals else score
    return totals


def differences(extraction: Extraction, gold: dict) -> list[dict]:
    """The facts extraction and annotation disagree on: `missed` (annotated, not extracted) and
    `extra` (extracted, not annotated), by kind of fact and measure."""
    rows = []
    for kind, (predicted, expected) in compare(extraction, gold).items():
        for verdict, facts in (("missed", expected - predicted), ("extra", predicted - expected)):
            for fact in sorted(facts, key=str):
                measure, *value = fact
                value = [" ".join(sorted(v)) if isinstance(v, frozenset) else v for v in value]
                rows.append({"fact": kind, "measure": measure, "verdict": verdict, "value": value})
    return rows


def compare(extraction: Extraction, gold: dict) -> dict[str, tuple[set, set]]:
    """(extracted, annotated) facts of each kind over the measures the annotation covers; facts are
    tuples starting with the measure id."""
    check_annotation(gold)
    measures = [record["id"] for record in gold["measures"]]
    names = lexicon(extraction.organisations.values())
    finder = DocumentFinder(dict(extraction.documents), extraction.report.plan)

    def actor(name: str) -> str:
        found = [m for m in names.find(name) if m.start == 0]
        return max(found, key=lambda m: m.end).id if found else f"?{name}"

    def document(name: str) -> str:
        found = finder.find(name)
        return found[0][2] if found else f"?{name}"

    expected: dict[str, set] = {kind: set() for kind in KINDS}
    for record in gold["measures"]:
        measure = record["id"]
        for entry in record["actors"]:
            expected["actors"].add((measure, actor(entry["name"])))
            expected["roles"] |= {(measure, actor(entry["name"]), role) for role in entry["roles"]}
            expected["role evidence"] |= {
                (measure, actor(entry["name"]), role, line)
                for role, lines in entry["roles"].items()
                for line in lines
            }
        expected["references"] |= {(measure, target) for target in record["refs_internal"]}
        expected["external references"] |= {
            (measure, document(r["plan"]), r["measure"]) for r in record["refs_external"]
        }
        expected["plans"] |= {(measure, document(p["name"])) for p in record["plans"]}
        expected["urls"] |= {(measure, url) for url in record["urls"]}
        expected["amounts"] |= {(measure, a["nok"], a["line"]) for a in record["amounts"]}
        expected["reports"] |= {(measure, title_stems(r["title"])) for r in record["reports"]}

    predicted: dict[str, set] = {kind: set() for kind in KINDS}
    for involvement in extraction.involvements:
        if involvement.measure in measures:
            predicted["actors"].add((involvement.measure, involvement.actor))
            predicted["roles"].add((involvement.measure, involvement.actor, involvement.role))
            predicted["role evidence"] |= {
                (involvement.measure, involvement.actor, involvement.role, e.line)
                for e in involvement.evidence
            }
    for reference in extraction.references:
        if reference.source in measures:
            if reference.plan:
                predicted["external references"].add((reference.source, reference.plan, reference.target))
            else:
                predicted["references"].add((reference.source, reference.target))
    predicted["plans"] = {(m.measure, m.document) for m in extraction.mentions if m.measure in measures}
    predicted["urls"] = {(link.measure, link.url) for link in extraction.links if link.measure in measures}
    predicted["amounts"] = {
        (a.measure, a.nok, a.evidence.line) for a in extraction.amounts if a.measure in measures
    }
    predicted["reports"] = {
        (p.measure, title_stems(p.title)) for p in extraction.publications if p.measure in measures
    }
    predicted["reports"] = _align_titles(predicted["reports"], expected["reports"])
    predicted["role evidence"] = _align_lines(predicted["role evidence"], expected["role evidence"])
    predicted["amounts"] = _align_lines(predicted["amounts"], expected["amounts"])
    expected["funders"] = {
        (record["id"], a["nok"], actor(a["funder"]) if a["funder"] else None)
        for record in gold["measures"]
        for a in record["amounts"]
        if "funder_basis" in a  # annotations that say how the funder is known (format 2)
    }
    predicted["funders"] = {
        (a.measure, a.nok, a.funder)
        for a in extraction.amounts
        if (a.measure, a.nok) in {(m, nok) for m, nok, _ in expected["funders"]}
    }
    facts = {kind: (predicted[kind], expected[kind]) for kind in KINDS}
    if gold.get("format") == 2:
        facts.update(_structure(extraction, gold))
    return facts


def _annotated_period(value) -> tuple | None:
    """(start, end) of an annotated period: {"start", "end"}, or the period as written ("2021–2023",
    "fra 2016", "Løpende": none), read as a period field is."""
    if isinstance(value, str):
        from graph.parse.fields import period

        found = period(value)
        return (found.start, found.end) if found else None
    return (value["start"], value["end"]) if value else None


def _normal_title(text: str) -> str:
    return " ".join(text.split()).rstrip(".").casefold()


def _structure(extraction: Extraction, gold: dict) -> dict[str, tuple[set, set]]:
    """The structure of a report annotated whole: which measures, their titles, parents,
    chapters, responsible ministries, periods, statuses and pages, and the report's own metadata."""
    expected: dict[str, set] = {kind: set() for kind in STRUCTURE_KINDS}
    for record in gold["measures"]:
        measure = record["id"]
        expected["measures"].add((measure,))
        expected["titles"].add((measure, _normal_title(record["title"])))
        expected["parents"].add((measure, record["parent"]))
        expected["chapters"].add((measure, record["chapter"]))
        expected["responsible"] |= {(measure, code) for code in record["responsible"]}
        if years := _annotated_period(record["period"]):
            expected["period"].add((measure, *years))
        if record["status"]:
            expected["status"].add((measure, record["status"]["value"]))
        if record.get("page") is not None:
            expected["pages"].add((measure, record["page"]))
    expected["report"] = {
        ("plan title", _normal_title(gold["plan"]["title"])),
        ("plan period", *(_annotated_period(gold["plan"]["period"]) or (None, None))),
        ("report kind", gold["report"]["kind"]),
        ("report date", gold["report"]["date"]),
        ("language", gold["language"]),
    } | {("chapter", c["number"], _normal_title(c["title"])) for c in gold["chapters"]}

    report = extraction.report
    predicted: dict[str, set] = {kind: set() for kind in STRUCTURE_KINDS}
    for measure in report.measures:
        predicted["measures"].add((measure.id,))
        predicted["titles"].add((measure.id, _normal_title(measure.title)))
        predicted["parents"].add((measure.id, measure.parent))
        predicted["chapters"].add((measure.id, measure.chapter))
        predicted["responsible"] |= {(measure.id, code) for code in measure.responsible}
        if measure.period:
            predicted["period"].add((measure.id, measure.period.start, measure.period.end))
        if measure.status and measure.status.value:
            predicted["status"].add((measure.id, measure.status.value))
        if measure.page is not None:
            predicted["pages"].add((measure.id, measure.page))
    plan = report.plan
    predicted["report"] = {
        ("plan title", _normal_title(plan.title)),
        ("report kind", report.kind),
        ("report date", report.date),
        ("language", report.language),
    } | {("chapter", c.number, _normal_title(c.title)) for c in report.chapters}
    if plan.period:
        predicted["report"].add(("plan period", plan.period.start, plan.period.end))
    return {kind: (predicted[kind], expected[kind]) for kind in STRUCTURE_KINDS}


STRUCTURE_KINDS = (
    "measures",
    "titles",
    "parents",
    "chapters",
    "responsible",
    "period",
    "status",
    "pages",
    "report",
)


KINDS = (
    "actors",
    "roles",
    "role evidence",
    "references",
    "external references",
    "plans",
    "urls",
    "amounts",
    "funders",  # the funder of each amount the annotation gives one for
    "reports",
)


def _score(predicted: set, expected: set) -> Score:
    return Score(len(predicted & expected), len(predicted), len(expected))


def _align_lines(predicted: set, expected: set) -> set:
    """Count a predicted evidence line as an expected one of the same fact at most one line away (a
    sentence may be cited by the line where it starts or where the name stands); one to one."""
    aligned, used = set(), set()
    for fact in sorted(predicted):
        *key, line = fact
        match = next(
            (
                other
                for other in ((*key, line), (*key, line - 1), (*key, line + 1))
                if other in expected and other not in used
            ),
            None,
        )
        if match:
            used.add(match)
        aligned.add(match or fact)
    return aligned


def _align_titles(predicted: set, expected: set) -> set:
    """Count a predicted title as the expected one it nearly equals (Jaccard of word stems >= 0.6)."""
    aligned = set()
    for measure, key in predicted:
        match = next(
            (
                other
                for m, other in expected
                if m == measure and key and len(key & other) / len(key | other) >= 0.6
            ),
            key,
        )
        aligned.add((measure, match))
    return aligned
