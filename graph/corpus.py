"""A corpus of reports: files and folders given on the command line (every .txt and .pdf under a
folder, in name order) or a manifest, `corpus.toml`, that lists them with what the documents may
not say themselves or say wrongly:

    [[report]]
    file = "vold/sluttrapport-2018.pdf"          # relative to the manifest
    plan = "Handlingsplan mot vold i nære relasjoner (2014–2017)"   # title (and period) of the plan
    date = "2018-08"                              # the report's date: YYYY, YYYY-MM or YYYY-MM-DD
    kind = "final"                                # final or status (an interim report)
    url = "https://www.regjeringen.no/..."        # where it was published
    licence = "NLOD-2.0"                          # the licence of the document

Only `file` is required; what the manifest gives overrides what is read from the document.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

from graph.errors import SourceError
from graph.model import Extraction, Period, Plan

REPORT_SUFFIXES = (".txt", ".pdf")
MANIFEST_KEYS = {"file", "plan", "date", "kind", "url", "licence"}
REPORT_KINDS = ("final", "status")
DATE = re.compile(r"\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?")


@dataclass(frozen=True)
class Failure:
    """A report that could not be read, and why."""

    source: Path
    error: Exception


@dataclass(frozen=True)
class Entry:
    """A report of the corpus and what the manifest says of it."""

    path: Path
    plan: str | None = None
    date: str | None = None
    kind: str | None = None
    url: str | None = None
    licence: str | None = None


def corpus_entries(paths: list[Path], manifest: Path | None = None) -> list[Entry]:
    """The reports of the corpus: the manifest's, then the files given and those under the folders
    given. Two reports of one file name (in different folders) are refused: evidence names a report
    by its file name."""
    entries = read_manifest(manifest) if manifest else []
    for path in paths:
        if Path(path).is_dir():
            found = sorted(
                p for p in Path(path).rglob("*") if p.suffix.lower() in REPORT_SUFFIXES and p.is_file()
            )
            if not found:
                raise SourceError(f"{path}: no reports (.txt or .pdf) in this folder")
            entries += [Entry(p) for p in found]
        else:
            entries.append(Entry(Path(path)))
    seen: dict[str, Path] = {}
    for entry in entries:
        if entry.path.name in seen and entry.path.resolve() != seen[entry.path.name].resolve():
            raise SourceError(
                f"{entry.path}: another report has the same file name ({seen[entry.path.name]}); rename one"
            )
        seen[entry.path.name] = entry.path
    return list({entry.path.resolve(): entry for entry in entries}.values())


def read_manifest(path: Path) -> list[Entry]:
    """The entries of a corpus.toml; a one-line error naming the entry and the problem otherwise."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SourceError(f"{path}: no such file") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise SourceError(f"{path}: not a TOML manifest ({error})") from None
    reports = data.get("report")
    if not isinstance(reports, list) or not reports or set(data) - {"report"}:
        raise SourceError(f"{path}: a manifest lists its reports as [[report]] tables (and nothing else)")
    return [_entry(path, number, item) for number, item in enumerate(reports, start=1)]


def _entry(manifest: Path, number: int, item) -> Entry:
    where = f"{manifest}: report {number}"
    if not isinstance(item, dict) or "file" not in item:
        raise SourceError(f"{where}: needs a file")
    if unknown := sorted(set(item) - MANIFEST_KEYS):
        raise SourceError(f"{where}: unknown key {unknown[0]!r} (known: {', '.join(sorted(MANIFEST_KEYS))})")
    if bad := [key for key, value in item.items() if not isinstance(value, str)]:
        raise SourceError(f"{where}: {bad[0]} must be a string")
    if "date" in item and not DATE.fullmatch(item["date"]):
        raise SourceError(f"{where}: date {item['date']!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    if "kind" in item and item["kind"] not in REPORT_KINDS:
        raise SourceError(f"{where}: kind {item['kind']!r} is not one of {', '.join(REPORT_KINDS)}")
    file = Path(item["file"])
    return Entry(
        path=file if file.is_absolute() else Path(manifest).parent / file,
        **{key: item.get(key) for key in ("plan", "date", "kind", "url", "licence")},
    )


def apply_entry(extraction: Extraction, entry: Entry) -> Extraction:
    """The extraction with what the manifest says of its report put in place of what was read."""
    report = extraction.report
    changes = {key: getattr(entry, key) for key in ("date", "kind", "url", "licence") if getattr(entry, key)}
    if entry.plan:
        changes["plan"] = _plan(entry.plan, report.plan)
    return replace(extraction, report=replace(report, **changes)) if changes else extraction


def _plan(title: str, read: Plan) -> Plan:
    """The plan a manifest names: its title, and the period in its parentheses or the one read."""
    found = re.search(r"\s*\((\d{4})\s*[-–—]\s*(\d{4})\)\s*$", title)
    period = Period(int(found[1]), int(found[2])) if found else read.period
    name = title[: found.start()] if found else title
    return Plan.named(name, period)
