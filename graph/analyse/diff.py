"""What changed between two reports of one plan: per measure the status, the responsible ministries,
the organisations and their roles, the amounts added and the title; measures added, dropped and
merged into another.

Each side is a `Snapshot`: the measure records (the `measures.json` contract, graph.records) of a
report file, or those of a build folder's `measures.json`, with the merges the report states. The
result has the shape of tests/data/series/changes.json ("pairs"); its annotator_notes define the
fields: roles are those other than 'responsible'; a ministry that only enters or leaves the
responsible field is in responsible_added/removed only; organisations are named by their
abbreviation where they have one, else by their name; amounts added are a multiset difference on
the value in kroner.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from graph.analyse.merges import Merge, merges, report_merges
from graph.errors import SourceError, warn

# What the diff reads of a measure record of measures.json, and of the items of its lists.
RECORD_KEYS = {
    "id": str,
    "title": str,
    "plan": str,
    "responsible": list,
    "status": list,
    "actors": list,
    "amounts": list,
}
ITEM_KEYS = {
    "status": ("value",),
    "actors": ("name", "abbreviation", "roles"),
    "amounts": ("nok", "year", "funder", "recipient"),
}


@dataclass
class Snapshot:
    """The measures of a plan as one report (or one build) gives them."""

    name: str  # the report's file name, or the build folder as given
    plan: str  # the plan's id
    date: str | None  # the report's date (of a build: its latest status observation)
    records: dict[str, dict]  # measure records by id, in document order
    merges: dict[str, Merge] = field(default_factory=dict)  # by the measure merged


def read_snapshot(path: Path, use_cache: bool = True) -> Snapshot:
    """The snapshot of a report file (text or PDF), or of a build folder (its measures.json, and
    its graph.nt for the sentences that state merges)."""
    path = Path(path)
    return _build_snapshot(path) if path.is_dir() else report_snapshot(path, use_cache)


def report_snapshot(path: Path, use_cache: bool = True) -> Snapshot:
    from graph.pipeline import extract_report
    from graph.records import measure_records

    extraction = extract_report(path, use_cache)
    report = extraction.report
    return Snapshot(
        name=report.source,
        plan=report.plan.id,
        date=report.date,
        records={record["id"]: record for record in measure_records(extraction)},
        merges={**merges(_outside_measures(path, extraction)), **report_merges(extraction)},
    )


def _outside_measures(path: Path, extraction) -> list[tuple[str, int, str]]:
    """(measure "", line, sentence) of the text outside every measure: an introduction or a list at
    the end may say "Tiltak 9 … ble i 2020 slått sammen med tiltak 4"."""
    from graph.model import Line
    from graph.read import read_lines
    from graph.text import sentences

    spans = [(m.span.start, m.span.end) for m in extraction.report.measures]
    lines = [
        Line(number, text)
        for number, text in enumerate(read_lines(path), start=1)
        if not any(start <= number <= end for start, end in spans)
    ]
    return [("", s.line_at(0), s.text) for s in sentences(lines)]


def _build_snapshot(folder: Path) -> Snapshot:
    file = folder / "measures.json"
    if not file.is_file():
        raise SourceError(f"{folder}: a folder without measures.json; expected a report or a build folder")
    try:
        records = json.loads(file.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise SourceError(f"{file}: not JSON ({str(error).splitlines()[0]})") from None
    if not isinstance(records, list) or not records:
        raise SourceError(f"{file}: expected a list of measure records")
    for index, record in enumerate(records, start=1):
        if problem := _problem(record):
            raise SourceError(f"{file}: record {index} {problem}")
    plans = sorted({record["plan"] for record in records})
    if len(plans) > 1:
        raise SourceError(
            f"{file}: measures of {len(plans)} plans ({', '.join(plans)}); diff compares one plan"
        )
    dates = [s["date"] for record in records for s in record["status"] if s.get("date")]
    return Snapshot(
        name=str(folder),
        plan=plans[0],
        date=max(dates, default=None),
        records={record["id"]: record for record in records},
        merges=merges(_reference_statements(folder)),
    )


def _problem(record) -> str | None:
    """What keeps a record of measures.json from being read, or None."""
    if not isinstance(record, dict):
        return "is not an object"
    missing = [key for key in RECORD_KEYS if key not in record]
    if missing:
        return f"has no {', '.join(map(repr, missing))}"
    for key, kind in RECORD_KEYS.items():
        if not isinstance(record[key], kind):
            return f"has {key!r} that is not a {kind.__name__}"
    for key, keys in ITEM_KEYS.items():
        if any(not isinstance(item, dict) or any(k not in item for k in keys) for item in record[key]):
            return f"has {key!r} whose items lack one of {', '.join(map(repr, keys))}"
    return None


REFERENCE_SENTENCES = """
SELECT DISTINCT ?measure ?line ?sentence WHERE {
  ?source tg:qualifiedReference ?reference ; dcterms:identifier ?measure ; dcterms:isPartOf ?plan .
  ?reference tg:referenceTarget ?target ; tg:evidence ?evidence .
  ?target dcterms:isPartOf ?plan .
  ?evidence tg:line ?line ; oa:hasSelector ?quote .
  ?quote a oa:TextQuoteSelector ; oa:exact ?sentence .
} ORDER BY ?measure ?line ?sentence
"""


def _reference_statements(folder: Path) -> list[tuple[str, int, str]]:
    """(measure, line, sentence) of each reference to a measure of the same plan, from the build's
    graph.nt: measures.json names the measures a record refers to, not the sentence."""
    from graph.sparql.engine import execute, store_from_file

    file = folder / "graph.nt"
    if not file.is_file():
        warn(folder, "no graph.nt beside measures.json; measures merged into others are not read")
        return []
    rows = execute(store_from_file(file, ontology=False), REFERENCE_SENTENCES, name=str(file))
    return [(row["measure"].value, int(row["line"].value), row["sentence"].value) for row in rows]


def one_plan(reports: list[tuple[str, str]]) -> str:
    """The plan of (name, plan) reports; SourceError naming the first report of another plan."""
    (first, plan), *others = reports
    for name, other in others:
        if other != plan:
            raise SourceError(
                f"{name}: a report of plan {other!r}, but {first} is of plan {plan!r}; expected reports of one plan"
            )
    return plan


def measure_order(measure: str) -> tuple:
    """Measure ids in numeric order: 3, 3a, 10."""
    number, rest = re.fullmatch(r"(\d*)(.*)", measure).groups()
    return (int(number) if number else 0, rest)


def diff(old: Snapshot, new: Snapshot) -> dict:
    """The changes from `old` to `new`, as a "pairs" entry of tests/data/series/changes.json."""
    one_plan([(old.name, old.plan), (new.name, new.plan)])
    if old.date and new.date and old.date > new.date:
        warn(
            new.name,
            f"dated {new.date}, before {old.name} ({old.date}); the changes are read from the first to the second",
        )
    merged = {
        measure: merge
        for measure, merge in new.merges.items()
        if measure in old.records and merge.into in new.records and measure not in old.merges
    }
    changed, unchanged = {}, []
    for measure in sorted(set(old.records) & set(new.records), key=measure_order):
        change = measure_change(old.records[measure], new.records[measure])
        if any(change.values()):
            changed[measure] = change
        elif measure not in merged:
            unchanged.append(measure)
    return {
        "old": old.name,
        "new": new.name,
        "measures_added": sorted(set(new.records) - set(old.records), key=measure_order),
        "measures_dropped": sorted(set(old.records) - set(new.records) - set(merged), key=measure_order),
        "measures_merged": [{"id": m, "into": merged[m].into} for m in sorted(merged, key=measure_order)],
        "measures": changed,
        "unchanged": unchanged,
    }


def measure_change(old: dict, new: dict) -> dict:
    """How one measure's record changed (every value empty or null when it did not)."""
    old_roles, new_roles = _roles(old), _roles(new)
    return {
        "status": _changed(status_value(old), status_value(new)),
        "responsible_added": [code for code in new["responsible"] if code not in old["responsible"]],
        "responsible_removed": [code for code in old["responsible"] if code not in new["responsible"]],
        "organisations_added": [
            {"name": name, "roles": roles}
            for name, roles in new_roles.items()
            if roles and name not in old_roles
        ],
        "organisations_removed": [
            {"name": name, "roles": roles}
            for name, roles in old_roles.items()
            if roles and name not in new_roles
        ],
        "roles_changed": _roles_changed(old_roles, new_roles),
        "amounts_added": _amounts_added(old["amounts"], new["amounts"]),
        "title": _changed(" ".join(old["title"].split()), " ".join(new["title"].split())),
    }


def status_value(record: dict) -> str | None:
    """The status of a record: that of its latest observation (null where the report states none)."""
    return record["status"][-1]["value"] if record["status"] else None


def actor_name(actor: dict) -> str:
    """An organisation as the changes name it: its abbreviation where it has one, else its name."""
    return actor["abbreviation"] or actor["name"]


def _roles(record: dict) -> dict[str, list[str]]:
    """Each organisation of the record by name, with its roles other than 'responsible'."""
    return {actor_name(a): [role for role in a["roles"] if role != "responsible"] for a in record["actors"]}


def _roles_changed(old: dict[str, list[str]], new: dict[str, list[str]]) -> list[dict]:
    """The organisations of both whose roles differ, with the roles added and removed."""
    changes = []
    for name, roles in new.items():
        if name in old:
            added = [role for role in roles if role not in old[name]]
            removed = [role for role in old[name] if role not in roles]
            if added or removed:
                changes.append({"name": name, "added": added, "removed": removed})
    return changes


def _amounts_added(old: list[dict], new: list[dict]) -> list[dict]:
    """The amounts of `new` whose value is not among those of `old` (as often as it is there)."""
    left = Counter(amount["nok"] for amount in old)
    added = []
    for amount in new:
        if left[amount["nok"]]:
            left[amount["nok"]] -= 1
        else:
            added.append({key: amount[key] for key in ("nok", "year", "funder", "recipient")})
    return added


def _changed(old, new) -> list | None:
    return None if old == new else [old, new]


def change_rows(changes: dict, old: Snapshot, new: Snapshot) -> list[dict]:
    """The changes as rows of a table: measure, change, old value, new value (a merge with the
    sentence and line that state it)."""
    rows = []

    def row(measure: str, change: str, before="", after="") -> None:
        rows.append({"measure": measure, "change": change, "old": before, "new": after})

    for measure in changes["measures_added"]:
        row(measure, "added", after=new.records[measure]["title"])
    for measure in changes["measures_dropped"]:
        row(measure, "dropped", before=old.records[measure]["title"])
    for item in changes["measures_merged"]:
        merge = new.merges[item["id"]]
        row(item["id"], "merged", after=f"into {merge.into}: {merge.sentence} (line {merge.line})")
    for measure, change in changes["measures"].items():
        if change["status"]:
            row(measure, "status", *(value or "(none stated)" for value in change["status"]))
        if change["title"]:
            row(measure, "title", *change["title"])
        for code in change["responsible_added"]:
            row(measure, "responsible added", after=code)
        for code in change["responsible_removed"]:
            row(measure, "responsible removed", before=code)
        for item in change["organisations_added"]:
            row(measure, "organisation added", after=f"{item['name']} ({', '.join(item['roles'])})")
        for item in change["organisations_removed"]:
            row(measure, "organisation removed", before=f"{item['name']} ({', '.join(item['roles'])})")
        for item in change["roles_changed"]:
            row(measure, f"roles of {item['name']}", ", ".join(item["removed"]), ", ".join(item["added"]))
        for amount in change["amounts_added"]:
            row(measure, "amount added", after=amount_text(amount))
    return rows


def change_counts(changes: dict) -> dict:
    """How many measures were added, dropped, merged, changed and left unchanged."""
    return {
        "added": len(changes["measures_added"]),
        "dropped": len(changes["measures_dropped"]),
        "merged": len(changes["measures_merged"]),
        "changed": len(changes["measures"]),
        "unchanged": len(changes["unchanged"]),
    }


def amount_text(amount: dict) -> str:
    """An amount for reading: "1 200 000 kr (BLD, 2016)"."""
    who = ", ".join(str(value) for value in (amount["funder"], amount["year"]) if value)
    return f"{amount['nok']:,} kr".replace(",", " ") + (f" ({who})" if who else "")
