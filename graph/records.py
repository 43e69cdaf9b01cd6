"""The measure records of the `measures --format json` contract, as plain dicts."""

from __future__ import annotations

from graph.model import Measure, Report


def measure_record(measure: Measure) -> dict:
    """The contract keys of one measure record."""
    period = measure.period
    return {
        "id": measure.id,
        "parent": measure.parent,
        "title": measure.title,
        "chapter": measure.chapter,
        "responsible": list(measure.responsible),
        "period": {"start": period.start, "end": period.end} if period else None,
        "lines": {"start": measure.span.start, "end": measure.span.end},
    }


def measure_records(report: Report) -> list[dict]:
    return [measure_record(measure) for measure in report.measures]
