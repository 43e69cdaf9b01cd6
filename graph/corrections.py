"""Corrections that survive rebuilds: a curated TOML file (`corrections.toml`, described in
data/schemas/corrections.md) that adds, suppresses or fixes facts the rules got wrong — an
organisation's role in a measure, a responsible ministry, a measure's status, the funder of an
amount — each entry with who made it and when.

`load_corrections` reads and checks the file (one-line errors naming the file, the entry's line and
number, and the problem); `apply_corrections` returns corrected copies of the extractions, each
corrected fact with evidence of rule "manual" that carries the entry (graph.model.Curation), and a
suppressed fact gone. An entry that matches nothing is a warning naming the entry.

read -> parse -> extract -> (corrections: this module) -> build -> export.
"""

from __future__ import annotations

import copy
import datetime
import functools
import hashlib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from graph.errors import SourceError, did_you_mean, warn
from graph.model import Curation, Evidence, Extraction, Involvement, Measure, Organisation, Status
from graph.vocabulary import ROLE_KEYS, STATUS, STATUS_KEYS

FILE_NAME = "corrections.toml"
MANUAL = "manual"  # the rule of every fact a correction sets

# fact -> (actions, keys each entry of the fact needs beyond the common ones, keys it may have)
FACTS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "role": (("add", "suppress"), ("organisation", "role"), ()),
    "responsible": (("add", "suppress"), ("organisation",), ()),
    "status": (("set", "suppress"), (), ("status", "label")),
    "funder": (("set", "suppress"), ("nok",), ("organisation",)),
}
COMMON_REQUIRED = ("fact", "action", "measure", "who", "when")
COMMON_OPTIONAL = ("plan", "report", "note")
HEADER = re.compile(r"^\s*\[\[\s*correction\s*\]\]\s*(?:#.*)?$")


@dataclass(frozen=True)
class Correction:
    """One entry of a corrections file."""

    fact: str  # role | responsible | status | funder
    action: str  # add | suppress (role, responsible); set | suppress (status, funder)
    measure: str
    curation: Curation
    line: int  # of the entry's [[correction]] header
    path: str  # of the corrections file, as given
    plan: str | None = None
    report: str | None = None  # a report's file name: correct that report only
    organisation: str | None = None  # an id, abbreviation or name
    role: str | None = None
    status: str | None = None
    label: str | None = None  # the status as written (default: its label in the report's language)
    nok: int | None = None  # the amount whose funder is set, in whole kroner

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}: entry {self.curation.entry}"

    def statement(self) -> str:
        """What the entry says, in words (the evidence's text where it has no note)."""
        what = {
            "role": f"{self.organisation} {self.role}",
            "responsible": f"{self.organisation} responsible",
            "status": f"status {self.status}" if self.action == "set" else "status",
            "funder": f"funder {self.organisation} of {self.nok} NOK" if self.organisation else "funder",
        }[self.fact]
        return f"{self.action} {what} in measure {self.measure} ({self.curation.who}, {self.curation.when})"

    def evidence(self) -> Evidence:
        return Evidence(self.line, self.curation.note or self.statement(), MANUAL, self.curation)


@dataclass(frozen=True)
class Corrections:
    path: Path
    entries: tuple[Correction, ...]


def find_corrections(sources: list[Path], given: Path | None = None) -> Path | None:
    """The corrections file of a build: the one given, else `corrections.toml` in the first source
    if it is a folder, or beside it (a report, a corpus manifest), if there is one."""
    if given is not None:
        return Path(given)
    if not sources:
        return None
    first = Path(sources[0])
    beside = (first if first.is_dir() else first.parent) / FILE_NAME
    return beside if beside.is_file() else None


def corrected(extractions: list[Extraction], sources: list[Path], given: Path | None = None):
    """The extractions with the corrections of the build applied (see `find_corrections`)."""
    path = find_corrections(sources, given)
    return apply_corrections(extractions, load_corrections(path)) if path else extractions


def load_corrections(path: Path) -> Corrections:
    """The entries of a corrections file, checked; SourceError names the file, entry and problem."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SourceError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise SourceError(f"{path}: is a directory, expected a corrections file (.toml)") from None
    except OSError as error:
        raise SourceError(f"{path}: cannot read ({error.strerror})") from None
    try:
        text = data.decode("utf-8")
        document = tomllib.loads(text)
    except UnicodeDecodeError:
        raise SourceError(f"{path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as error:
        raise SourceError(f"{path}: not TOML ({error})") from None
    extra = sorted(set(document) - {"correction"})
    if extra:
        raise SourceError(f"{path}: unknown key {extra[0]!r} (write each entry as a [[correction]] table)")
    entries = document.get("correction", [])
    lines = [number for number, line in enumerate(text.splitlines(), start=1) if HEADER.match(line)]
    if not isinstance(entries, list) or len(lines) != len(entries):
        raise SourceError(f"{path}: write each entry as a [[correction]] table of its own")
    digest = hashlib.sha256(data).hexdigest()
    return Corrections(
        path,
        tuple(
            _entry(path, digest, number, line, entry)
            for number, (line, entry) in enumerate(zip(lines, entries, strict=True), start=1)
        ),
    )


def _entry(path: Path, digest: str, number: int, line: int, entry: dict) -> Correction:
    def fail(problem: str):
        raise SourceError(f"{path}:{line}: entry {number}: {problem}")

    fact = entry.get("fact")
    if not isinstance(fact, str) or fact not in FACTS:
        fail(f"fact {fact!r} is not one of {', '.join(FACTS)}" if fact else "needs a fact")
    actions, required, optional = FACTS[fact]
    if entry.get("action") not in actions:
        fail(f"action {entry.get('action')!r} is not one of {', '.join(actions)} for a {fact} correction")
    for key in (*COMMON_REQUIRED, *required):
        if key not in entry:
            fail(f"a {fact} correction needs {key!r}")
    allowed = {*COMMON_REQUIRED, *COMMON_OPTIONAL, *required, *optional}
    for key in entry:
        if key not in allowed:
            fail(f"unknown key {key!r} for a {fact} correction (keys: {', '.join(sorted(allowed))})")
    text_keys = ("who", "plan", "report", "note", "organisation", "role", "status", "label")
    for key in text_keys:
        if key in entry and (not isinstance(entry[key], str) or not entry[key].strip()):
            fail(f"{key!r} must be a text that is not empty")
    measure = entry["measure"]
    if isinstance(measure, bool) or not isinstance(measure, str | int):
        fail("'measure' must be a measure id such as \"18a\" or 12")
    if fact == "role" and entry["role"] not in ROLE_KEYS:
        fail(f"role {entry['role']!r} is not one of {', '.join(ROLE_KEYS)}")
    if fact == "role" and entry["role"] == "responsible":
        fail('a responsible ministry is fact = "responsible" (it also sets the measure\'s responsible list)')
    if fact == "status" and entry["action"] == "set" and entry.get("status") not in STATUS_KEYS:
        fail(f"status {entry.get('status')!r} is not one of {', '.join(STATUS_KEYS)}")
    if fact == "status" and entry["action"] == "suppress" and ({"status", "label"} & entry.keys()):
        fail("a suppressed status takes no 'status' or 'label'")
    if fact == "funder":
        if isinstance(entry["nok"], bool) or not isinstance(entry["nok"], int) or entry["nok"] < 0:
            fail("'nok' must be the amount in whole kroner, e.g. 5000000")
        if (entry["action"] == "set") != ("organisation" in entry):
            fail("a funder set needs 'organisation'; a funder suppressed takes none")
    curation = Curation(
        file=path.name,
        sha256=digest,
        entry=number,
        who=entry["who"].strip(),
        when=_date(entry["when"], fail),
        note=" ".join(entry.get("note", "").split()),
    )
    return Correction(
        fact=fact,
        action=entry["action"],
        measure=re.sub(r"\s+", "", str(measure)).lower(),
        curation=curation,
        line=line,
        path=str(path),
        **{
            key: entry.get(key)
            for key in ("plan", "report", "organisation", "role", "status", "label", "nok")
        },
    )


def _date(value, fail) -> str:
    """An ISO date from a TOML date (when = 2024-05-02) or a text that is one."""
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            pass
    return fail(f"'when' must be a date such as 2024-05-02, not {value!r}")


# --- Applying -----------------------------------------------------------------------------------


def apply_corrections(extractions: list[Extraction], corrections: Corrections) -> list[Extraction]:
    """Corrected copies of the extractions (the given ones are left as they are)."""
    if not corrections.entries:
        return extractions
    result = [copy.deepcopy(extraction) for extraction in extractions]
    for correction in corrections.entries:
        targets = _targets(result, correction)
        applied = [APPLY[correction.fact](extraction, measure, correction) for extraction, measure in targets]
        if not any(applied):
            warn(
                corrections.path,
                f"entry {correction.curation.entry} matches nothing: {_missing(correction, targets)}",
                correction.line,
            )
    return result


def _targets(extractions: list[Extraction], correction: Correction) -> list[tuple[Extraction, Measure]]:
    """The (report, measure) pairs an entry corrects: every report of the plan that prints the
    measure (a status: the latest of them), or the one report it names."""
    found = [
        (extraction, measure)
        for extraction in extractions
        if correction.plan in (None, extraction.report.plan.id)
        and correction.report in (None, extraction.report.source)
        for measure in extraction.report.measures
        if measure.id == correction.measure
    ]
    plans = sorted({extraction.report.plan.id for extraction, _ in found})
    if len(plans) > 1:
        raise SourceError(
            f"{correction.where}: measure {correction.measure!r} is in several plans "
            f"({', '.join(plans)}); give plan"
        )
    if correction.fact == "status" and correction.report is None and found:
        found = [max(found, key=lambda pair: (pair[0].report.date or "", pair[0].report.source))]
    return found


def _missing(correction: Correction, targets: list) -> str:
    if not targets:
        where = " ".join(
            part
            for part in (
                f"of plan {correction.plan!r}" if correction.plan else "",
                f"in report {correction.report!r}" if correction.report else "",
            )
            if part
        )
        return f"no measure {correction.measure!r} {where or 'in any report'}".strip()
    return {
        "role": f"{correction.organisation} has no role {correction.role!r} in measure {correction.measure}",
        "responsible": f"{correction.organisation} is not responsible for measure {correction.measure}",
        "status": f"measure {correction.measure} states no status",
        "funder": f"measure {correction.measure} has no amount of {correction.nok} NOK",
    }[correction.fact]


@functools.cache
def _gazetteer() -> dict[str, Organisation]:
    from graph.gazetteer import load_organisations

    return load_organisations()


def _organisation(extraction: Extraction, correction: Correction) -> str:
    """The id of the organisation an entry names (an id, abbreviation, name or alias), taken into
    the extraction from the gazetteer (with its parent bodies) where the report does not name it."""
    known = {**_gazetteer(), **extraction.organisations}
    wanted = correction.organisation.casefold()
    found = sorted(
        key
        for key, organisation in known.items()
        if wanted == key.casefold() or wanted in (form.casefold() for form in organisation.forms)
    )
    if len(found) != 1:
        forms = sorted({form for organisation in known.values() for form in organisation.forms})
        names = {form.casefold(): form for form in forms}.values()  # one of each, whatever the order
        problem = (
            "names several organisations" if found else "names no organisation of the gazetteer or the report"
        )
        raise SourceError(
            f"{correction.where}: {correction.organisation!r} {problem}"
            + (f" ({', '.join(found)})" if found else did_you_mean(correction.organisation, names))
        )
    key = found[0]
    while key and key not in extraction.organisations:
        extraction.organisations[key] = known[key]
        key = known[key].parent
    return found[0]


def _add(extraction: Extraction, measure: str, actor: str, role: str, evidence: Evidence) -> None:
    """The involvement with the evidence added; an organisation with a role is no longer 'mentioned'."""
    involvements = extraction.involvements
    if role != "mentioned":
        involvements[:] = [
            i
            for i in involvements
            if not (i.measure == measure and i.actor == actor and i.role == "mentioned")
        ]
    for involvement in involvements:
        if (involvement.measure, involvement.actor, involvement.role) == (measure, actor, role):
            if evidence not in involvement.evidence:
                involvement.evidence.append(evidence)
            return
    involvements.append(Involvement(measure, actor, role, [evidence]))


def _remove(extraction: Extraction, measure: str, actor: str, role: str) -> bool:
    before = len(extraction.involvements)
    extraction.involvements[:] = [
        i for i in extraction.involvements if (i.measure, i.actor, i.role) != (measure, actor, role)
    ]
    return len(extraction.involvements) < before


def _role(extraction: Extraction, measure: Measure, correction: Correction) -> bool:
    actor = _organisation(extraction, correction)
    if correction.action == "suppress":
        return _remove(extraction, measure.id, actor, correction.role)
    _add(extraction, measure.id, actor, correction.role, correction.evidence())
    return True


def _responsible(extraction: Extraction, measure: Measure, correction: Correction) -> bool:
    actor = _organisation(extraction, correction)
    organisation = extraction.organisations[actor]
    forms = {form.casefold() for form in (actor, *organisation.forms)}
    if correction.action == "suppress":
        codes = [code for code in measure.responsible if code.casefold() not in forms]
        removed = len(codes) < len(measure.responsible)
        measure.responsible = codes
        return _remove(extraction, measure.id, actor, "responsible") or removed
    if not forms & {code.casefold() for code in measure.responsible}:
        measure.responsible.append(organisation.abbreviation or organisation.name)
    _add(extraction, measure.id, actor, "responsible", correction.evidence())
    return True


def _status(extraction: Extraction, measure: Measure, correction: Correction) -> bool:
    if correction.action == "suppress":
        stated, measure.status = measure.status is not None, None
        return stated
    evidence = correction.evidence()
    measure.status = Status(
        value=correction.status,
        label=correction.label or STATUS[correction.status].label(extraction.report.language),
        line=evidence.line,
        rule=MANUAL,
        date=measure.status.date if measure.status else None,
        text=evidence.text,
        curation=correction.curation,
    )
    return True


def _funder(extraction: Extraction, measure: Measure, correction: Correction) -> bool:
    amounts = [a for a in extraction.amounts if a.measure == measure.id and a.nok == correction.nok]
    actor = _organisation(extraction, correction) if correction.action == "set" else None
    for amount in amounts:
        amount.funder, amount.funder_basis = actor, MANUAL
    if actor and amounts:
        _add(extraction, measure.id, actor, "funds", correction.evidence())
    return bool(amounts)


APPLY = {"role": _role, "responsible": _responsible, "status": _status, "funder": _funder}
