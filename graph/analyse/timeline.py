"""One measure's history over several reports of its plan, oldest first: per report its status, title,
responsible ministries, organisations with their roles and amounts, each with its evidence (file,
line, page, sentence and, where a rule read it, the rule)."""

from __future__ import annotations

from graph.analyse.diff import amount_text, measure_order, one_plan
from graph.analyse.measures import measure_query
from graph.analyse.merges import report_merges
from graph.errors import UnknownName, did_you_mean, suggestion
from graph.model import Extraction
from graph.records import measure_records


def by_date(extractions: list[Extraction]) -> list[Extraction]:
    """Reports oldest first by their date; undated ones after the dated, in the order given."""
    order = {id(extraction): index for index, extraction in enumerate(extractions)}
    return sorted(extractions, key=lambda e: (e.report.date is None, e.report.date or "", order[id(e)]))


def timeline(text: str, extractions: list[Extraction]) -> dict:
    """The history of the measure a user names ("5", "tiltak 3 a") over reports of one plan."""
    plan = one_plan([(e.report.source, e.report.plan.id) for e in extractions])
    measure = measure_query(text)
    ids = {m.id for e in extractions for m in e.report.measures}
    if measure not in ids:
        names = ", ".join(e.report.source for e in extractions)
        raise UnknownName(f"no measure {text!r} in {names}{_nearest(measure, ids)}")
    return {
        "measure": measure,
        "plan": plan,
        "reports": [_entry(measure, extraction) for extraction in by_date(extractions)],
    }


def _nearest(measure: str, ids: set[str]) -> str:
    """ "; did you mean …" with the measures nearest in number ("9" -> 8 and 10; "3b" -> 3 and 3a),
    or for an id without a number the most alike."""
    if not measure[:1].isdigit():
        return did_you_mean(measure, sorted(ids, key=measure_order))
    number = measure_order(measure)[0]
    distance = {i: abs(measure_order(i)[0] - number) for i in ids}
    nearest = min(distance.values())
    return suggestion(sorted((i for i in ids if distance[i] == nearest), key=measure_order)[:3])


def _entry(measure_id: str, extraction: Extraction) -> dict:
    report = extraction.report
    entry = {"report": report.source, "date": report.date, "kind": report.kind, "present": False}
    if measure_id not in {m.id for m in report.measures}:
        return entry

    def evidence(line: int | None, sentence: str, rule: str = "") -> dict:
        found = {"file": report.source, "line": line, "page": report.page_of(line) if line else None}
        return {**found, "sentence": sentence, **({"rule": rule} if rule else {})}

    measure = report.measure(measure_id)
    record = next(r for r in measure_records(extraction) if r["id"] == measure_id)
    heading = measure.heading[0] if measure.heading else None
    status = measure.status
    merge = report_merges(extraction).get(measure_id)
    organisations = extraction.organisations
    entry["present"] = True
    entry["title"] = {
        "text": measure.title,
        **evidence(
            heading.number if heading else measure.span.start, heading.text if heading else measure.title
        ),
    }
    entry["status"] = (
        {
            "value": status.value,
            "label": status.label,
            **evidence(status.line, status.text or status.label, status.rule),
        }
        if status
        else None
    )
    entry["responsible"] = {
        "codes": list(measure.responsible),
        **evidence(measure.responsible_line, measure.responsible_text),
    }
    entry["organisations"] = [
        {
            "name": actor["abbreviation"] or actor["name"],
            "roles": [
                {"role": item["role"], **evidence(item["line"], item["text"], item["rule"])}
                for item in actor["evidence"]
            ],
        }
        for actor in record["actors"]
    ]
    entry["amounts"] = [
        {
            "nok": amount.nok,
            "text": amount.text,
            "year": amount.year,
            "funder": organisations[amount.funder].label if amount.funder else None,
            "recipient": organisations[amount.recipient].label if amount.recipient else None,
            **evidence(amount.evidence.line, amount.evidence.text, amount.evidence.rule),
        }
        for amount in extraction.amounts
        if amount.measure == measure_id
    ]
    entry["merged_into"] = (
        {"measure": merge.into, **evidence(merge.line, merge.sentence)}
        if merge and merge.measure == measure_id
        else None
    )
    return entry


def timeline_rows(history: dict) -> list[dict]:
    """The history as rows of a table: one per report and fact, with its line, page and sentence."""
    rows = []
    for entry in history["reports"]:
        where = {"report": entry["report"], "date": entry["date"] or ""}
        if not entry["present"]:
            rows.append(
                {
                    **where,
                    "fact": "absent",
                    "value": "not in this report",
                    "line": "",
                    "page": "",
                    "sentence": "",
                }
            )
            continue
        facts = [("title", entry["title"]["text"], entry["title"])]
        status = entry["status"]
        facts.append(
            ("status", f"{status['label']} ({status['value']})" if status else "(none stated)", status or {})
        )
        responsible = entry["responsible"]
        facts.append(("responsible", ", ".join(responsible["codes"]), responsible))
        for organisation in entry["organisations"]:  # the responsible ones have a row of their own
            for role in (r for r in organisation["roles"] if r["role"] != "responsible"):
                facts.append(("organisation", f"{organisation['name']}: {role['role']}", role))
        facts += [("amount", amount_text(amount), amount) for amount in entry["amounts"]]
        if entry["merged_into"]:
            facts.append(("merged", f"into {entry['merged_into']['measure']}", entry["merged_into"]))
        for fact, value, found in facts:
            rows.append(
                {
                    **where,
                    "fact": fact,
                    "value": value,
                    "line": found.get("line") or "",
                    "page": found.get("page") or "",
                    "sentence": found.get("sentence", ""),
                }
            )
    return rows
