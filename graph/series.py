"""Several reports of one plan as one plan: the measure records of a plan's reports merged into one
record per measure (matched by plan and number).

The top-level values of a merged record are those of the latest report that prints the measure
(what is current); `in_reports` keeps each report's own values (title as written, lines, period,
responsible), `status` the dated series, oldest first. Facts are the union over the reports, each
saying which report states it: an actor's roles in any report, its evidence from every report; an
amount stated again in a later report is one amount with the `reports` that state it.
"""

from __future__ import annotations

from graph.vocabulary import ROLE_KEYS

AMOUNT_IDENTITY = ("nok", "year", "funder", "recipient")
PUBLICATION_IDENTITY = ("title", "kind", "publisher_id")


def merge_records(records: list[dict]) -> list[dict]:
    """One record per (plan, measure), from records given in report order (oldest first); the order
    of the result is that of each measure's first appearance."""
    merged: dict[tuple[str, str], dict] = {}
    for record in records:
        key = (record["plan"], record["id"])
        merged[key] = _merge(merged[key], record) if key in merged else record
    return list(merged.values())


def _merge(old: dict, new: dict) -> dict:
    """`new` (of a later report) with the facts of `old` (the earlier reports) added."""
    record = dict(new)
    record["status"] = old["status"] + new["status"]
    record["in_reports"] = old["in_reports"] + new["in_reports"]
    record["actors"] = _merge_actors(old["actors"], new["actors"])
    record["refs"] = {
        "internal": _union(new["refs"]["internal"], old["refs"]["internal"]),
        "external": _union(old["refs"]["external"], new["refs"]["external"]),
    }
    for key in ("plans", "urls", "hrefs"):
        record[key] = _union(new[key], old[key])
    record["reports"] = _unique_by(old["reports"] + new["reports"], PUBLICATION_IDENTITY)
    record["amounts"] = _merge_amounts(old["amounts"], new["amounts"])
    return record


def _merge_actors(old: list[dict], new: list[dict]) -> list[dict]:
    """The actors of the latest report in its order, then those only the earlier reports name."""
    earlier = {actor["id"]: actor for actor in old}
    actors = []
    for actor in new:
        if actor["id"] in earlier:
            before = earlier.pop(actor["id"])
            roles = set(before["roles"]) | set(actor["roles"])
            actor = {
                **actor,
                "roles": [role for role in ROLE_KEYS if role in roles],
                "reports": _union(before["reports"], actor["reports"]),
                "evidence": before["evidence"] + actor["evidence"],
            }
        actors.append(actor)
    return actors + list(earlier.values())


def _merge_amounts(old: list[dict], new: list[dict]) -> list[dict]:
    """Amounts of all reports; one stated again (the k-th statement of the same sum, year, funder
    and recipient) is cited from the latest report that states it."""
    amounts = dict(_keyed(old))
    for key, amount in _keyed(new):
        if key in amounts:
            amount = {**amount, "reports": _union(amounts[key]["reports"], amount["reports"])}
        amounts[key] = amount
    return list(amounts.values())


def _keyed(amounts: list[dict]):
    return restatements(amounts, lambda amount: tuple(amount[k] for k in AMOUNT_IDENTITY))


def restatements(facts, identity):
    """(key, fact) for the facts of one report: the key is the fact's identity and its occurrence
    in the report, so that the k-th statement of the same fact in a later report is the same fact,
    and a fact stated twice in one report stays two."""
    seen: dict[tuple, int] = {}
    for fact in facts:
        key = identity(fact)
        seen[key] = seen.get(key, 0) + 1
        yield (*key, seen[key]), fact


def _union(first: list, second: list) -> list:
    """The items of both lists, each once, in order of first appearance."""
    result = list(first)
    result += [item for item in second if item not in result]
    return result


def _unique_by(items: list[dict], keys: tuple[str, ...]) -> list[dict]:
    seen: dict[tuple, dict] = {}
    for item in items:
        seen.setdefault(tuple(item[k] for k in keys), item)
    return list(seen.values())


def status_as_of(record: dict, report: str | None = None) -> str | None:
    """The measure's status in `report` (a source file name; default: the latest report that prints
    the measure), or None where that report states none or does not print the measure."""
    observations = record["status"]
    if report is None:
        return observations[-1]["value"] if observations else None
    return next((o["value"] for o in observations if o["report"] == report), None)


def status_series_text(observations: list[dict]) -> str:
    """A measure's status as the command line shows it: the one report's, or the series with its
    dates, latest first ("done (2018-03) ← delayed (2016-12)"); "" where none is stated."""
    if len(observations) == 1:
        return observations[0]["value"] or ""
    return " ← ".join(f"{o['value'] or '–'} ({o['date'] or o['report']})" for o in reversed(observations))
