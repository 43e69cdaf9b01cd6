"""The measure records of the `measures --format json` contract, as plain dicts."""

from __future__ import annotations

from dataclasses import asdict

from graph.model import Extraction, Measure, Organisation, Report, Status
from graph.urls import href
from graph.vocabulary import ROLE_KEYS

PER_REPORT = (
    "title",
    "chapter",
    "responsible",
    "period",
    "period_text",
    "lines",
    "page",
    "responsible_line",
    "period_line",
)


def measure_record(measure: Measure, report: Report) -> dict:
    """The structural keys of one measure record: as this report prints it, and (in `in_reports`)
    the same with the report it comes from."""
    period = measure.period
    record = {
        "id": measure.id,
        "parent": measure.parent,
        "title": measure.title,
        "chapter": measure.chapter,
        "responsible": list(measure.responsible),
        "period": {"start": period.start, "end": period.end} if period else None,
        "period_text": measure.period_text,
        "status": [status_observation(measure.status, report)],
        "lines": {"start": measure.span.start, "end": measure.span.end},
        "page": measure.page,
        "responsible_line": measure.responsible_line,
        "period_line": measure.period_line,
    }
    record["in_reports"] = [
        {"report": report.source, "date": report.date} | {k: record[k] for k in PER_REPORT}
    ]
    return record


def status_observation(status: Status | None, report: Report) -> dict:
    """What one report says of a measure's status (value null where it states none)."""
    return {
        "report": report.source,
        "date": (status.date if status and status.date else None) or report.date,
        "value": status.value if status else None,
        "label": status.label if status else None,
        "line": status.line if status else None,
        "page": report.page_of(status.line) if status and not status.curation else None,
        "rule": status.rule if status else None,
        **manual(status),
    }


def manual(fact) -> dict:
    """{"curation": {file, sha256, entry, who, when, note}} of a fact set by hand (rule "manual"),
    else nothing."""
    return {"curation": asdict(fact.curation)} if fact is not None and fact.curation else {}


def measure_records(extraction: Extraction) -> list[dict]:
    """Every measure record with the facts extracted from it (see README, "The measure record")."""
    report = extraction.report
    return [
        _with_facts({**measure_record(measure, report), "plan": report.plan.id}, extraction)
        for measure in report.measures
    ]


def _with_facts(record: dict, extraction: Extraction) -> dict:
    measure = record["id"]
    page = extraction.report.page_of
    source = extraction.report.source
    organisations = extraction.organisations
    label = _labeller(organisations)
    references = [r for r in extraction.references if r.source == measure]
    record["actors"] = _actors(measure, extraction, page)
    record["refs"] = {
        "internal": list(dict.fromkeys(r.target for r in references if not r.plan)),
        "external": _unique(
            {
                "plan": extraction.documents[r.plan].name,
                "measure": r.target,
                "line": r.evidence.line,
                "page": page(r.evidence.line),
                "report": source,
            }
            for r in references
            if r.plan
        ),
    }
    record["plans"] = list(
        dict.fromkeys(
            extraction.documents[m.document].name for m in extraction.mentions if m.measure == measure
        )
    )
    record["urls"] = [link.url for link in extraction.links if link.measure == measure]
    record["hrefs"] = [href(url) for url in record["urls"]]
    record["reports"] = [
        {
            "title": p.title,
            "kind": p.kind,
            "publisher": label(p.publisher),
            "publisher_id": p.publisher,
            "year": p.year,
            "url": p.url,
            "href": href(p.url) if p.url else None,
            "line": p.evidence.line,
            "page": page(p.evidence.line),
            "report": source,
        }
        for p in extraction.publications
        if p.measure == measure
    ]
    record["amounts"] = [
        {
            "nok": a.nok,
            "text": a.text,
            "line": a.evidence.line,
            "page": page(a.evidence.line),
            "year": a.year,
            "funder": label(a.funder),
            "funder_basis": a.funder_basis,
            "recipient": label(a.recipient),
            "report": source,
            "reports": [source],
        }
        for a in extraction.amounts
        if a.measure == measure
    ]
    return record


def involvement_rows(extraction: Extraction) -> list[dict]:
    """One row per (measure, organisation, role), with the first line and sentence of its evidence
    and all evidence lines of the report, and the entries of a corrections file that set it by hand
    (`manual`): the long table of who is involved where."""
    plan = extraction.report.plan.id
    rows = []
    for involvement in extraction.involvements:
        organisation = extraction.organisations[involvement.actor]
        read = [e for e in involvement.evidence if not e.curation]
        first = (read or involvement.evidence)[0]
        rows.append(
            {
                "plan": plan,
                "measure": involvement.measure,
                "actor": organisation.id,
                "name": organisation.name,
                "abbreviation": organisation.abbreviation,
                "kind": organisation.kind,
                "role": involvement.role,
                "lines": "; ".join(str(e.line) for e in read),
                "line": None if first.curation else first.line,
                "sentence": first.text,
                "manual": "; ".join(e.curation.label for e in involvement.evidence if e.curation),
            }
        )
    return rows


def _actors(measure: str, extraction: Extraction, page) -> list[dict]:
    """The measure's organisations: responsible ministries first, then in order of first mention."""
    involvements = [i for i in extraction.involvements if i.measure == measure]
    codes = extraction.report.measure(measure).responsible
    order: dict[str, tuple] = {}
    for involvement in involvements:
        written = extraction.organisations[involvement.actor].abbreviation
        if involvement.role == "responsible" and written in codes:
            key = (0, codes.index(written))
        else:
            key = (1, min(e.line for e in involvement.evidence))
        order[involvement.actor] = min(order.get(involvement.actor, key), key)
    actors = []
    for actor in sorted(order, key=lambda a: (order[a], a)):
        organisation = extraction.organisations[actor]
        own = sorted((i for i in involvements if i.actor == actor), key=lambda i: ROLE_KEYS.index(i.role))
        evidence = sorted(
            (
                {
                    "line": e.line,
                    "page": None if e.curation else page(e.line),
                    "text": e.text,
                    "role": i.role,
                    "rule": e.rule,
                    "report": extraction.report.source,
                    **manual(e),
                }
                for i in own
                for e in i.evidence
            ),
            key=lambda e: (e["line"], ROLE_KEYS.index(e["role"])),
        )
        actors.append(
            {
                "id": organisation.id,
                "name": organisation.name,
                "abbreviation": organisation.abbreviation or None,
                "kind": organisation.kind,
                "roles": [i.role for i in own],
                "reports": [extraction.report.source],
                "evidence": evidence,
            }
        )
    return actors


def _labeller(organisations: dict[str, Organisation]):
    return lambda identifier: organisations[identifier].label if identifier else None


def _unique(items) -> list[dict]:
    seen, result = set(), []
    for item in items:
        key = tuple(item.values())
        if key not in seen:
            seen.add(key)
            result.append(item)
    return result


def measure_row(record: dict) -> dict:
    """A measure record as one row of a table (CSV, spreadsheet): lists of facts become counts or joined names."""
    row = {key: record[key] for key in ("id", "parent", "chapter", "title", "responsible", "period", "lines")}
    row["status"] = record["status"][-1]["value"] if record["status"] else None  # the latest report's
    row["actors"] = [f"{a['abbreviation'] or a['name']} ({', '.join(a['roles'])})" for a in record["actors"]]
    row["refs"] = record["refs"]["internal"]
    row["plans"] = record["plans"]
    row["urls"] = len(record["urls"])
    row["reports"] = len(record["reports"])
    row["nok"] = sum(a["nok"] for a in record["amounts"])
    return row
