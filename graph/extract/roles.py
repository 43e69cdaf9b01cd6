"""Typed roles of organisations in a measure, read from the wording of each sentence.

Each organisation mention is replaced by a mark (graph.text.MARKS) and the sentence is matched
against the templates of data/profiles/roles.toml, such as "på oppdrag fra {commissions}" or
"evaluert av {evaluates}"; every fact keeps the id of the template that found it.
"""

from __future__ import annotations

import re

from graph.extract.actors import Passage
from graph.model import Evidence, Involvement, Measure, Organisation
from graph.profiles.roles import cues, role_rules
from graph.text import FIRST_MARK, MARKS

Spans = dict[int, dict[str, list[tuple[int, int, str]]]]  # mention index -> role -> (start, end, rule)


def sentence_roles(passage: Passage) -> dict[int, dict[str, str]]:
    """Roles found in one sentence: mention index -> role -> the rule that found it (computed
    once per sentence)."""
    if passage.roles is None:
        passage.roles = _roles(passage) if passage.mentions else {}
    return passage.roles


def _roles(passage: Passage) -> dict[int, dict[str, str]]:
    placeholder = passage.placeholder
    spans: Spans = {}
    for rule in role_rules():
        for match in rule.pattern.finditer(placeholder):
            for group, value in match.groupdict().items():
                if value is None or group == "at":
                    continue
                role = group.rsplit("_", 1)[0]
                start, end = match.span("at") if "at" in rule.pattern.groupindex else match.span()
                for mark in re.findall(f"[{MARKS}]", value):
                    found = spans.setdefault(ord(mark) - FIRST_MARK, {})
                    found.setdefault(role, []).append((start, end, rule.id))
    words = cues()
    if words.event.search(passage.context) and words.presenting.search(placeholder):
        _presenters_are_partners(placeholder, spans, passage)
    cue = words.collaboration.search(placeholder)
    if cue:
        reach = placeholder[cue.start() : cue.start() + words.collaboration_reach]
        end = cue.start() + min(
            (reach.find(stop) % (len(reach) + 1) for stop in (", og ", ";")), default=len(reach)
        )
        for index, mention in enumerate(passage.mentions):
            if cue.start() < mention.start < end and not spans.get(index):
                spans[index] = {"partner": [(cue.start(), end, "partner.collaboration-cue")]}
    for found in spans.values():
        for stronger, weaker in words.overrides:
            if stronger in found and weaker in found and _overlap(found[stronger], found[weaker]):
                del found[weaker]
    return {index: {role: found[role][0][2] for role in found} for index, found in spans.items()}


def _presenters_are_partners(placeholder: str, spans: Spans, passage: Passage) -> None:
    """At a meeting or conference, those who present or introduce a topic take part in it: the
    subjects of "presenterte", "innledet", "holdt et innlegg" ... (also where the verb is left out:
    "X informerte om A og Y om B"), the listed "innledere", and those a talk is given by
    ("innleggene omhandlet … (ved X)")."""
    words = cues()
    rule = "partner.presenter-at-event"
    for index, mention in enumerate(passage.mentions):
        found = spans.setdefault(index, {})
        executes = found.get("executes", [])
        if executes and all(
            words.presenting.search(placeholder[start : end + 20]) for start, end, _ in executes
        ):
            found["partner"] = [(start, end, rule) for start, end, _ in found.pop("executes")]
        if found:
            continue
        after = placeholder[mention.end : mention.end + 80]
        verb = words.presenting.search(after)
        presents = verb is not None and not words.clause_break.search(after[: verb.start()])
        before = placeholder[: mention.start]
        gapped = words.gapped_topic.match(after) and words.presenting.search(before)
        if presents or gapped or words.introducers.search(before) or words.presented_by.search(before):
            found["partner"] = [(mention.start, mention.end, rule)]


def _overlap(first: list[tuple[int, int, str]], second: list[tuple[int, int, str]]) -> bool:
    return any(a < d and c < b for a, b, _ in first for c, d, _ in second)


def involvements(
    measure: Measure, passages: list[Passage], organisations: dict[str, Organisation]
) -> list[Involvement]:
    """Every (organisation, role) of the measure with its evidence; "mentioned" only where the measure
    gives the organisation no other role."""
    found: dict[tuple[str, str], list[Evidence]] = {}
    for actor in responsible_bodies(measure, organisations):
        evidence = Evidence(measure.responsible_line, measure.responsible_text, "field.responsible")
        found.setdefault((actor, "responsible"), []).append(evidence)
    named: dict[str, list[Evidence]] = {}
    for passage in passages:
        roles = sentence_roles(passage)
        if _in_involved_field(passage, measure):
            role, rule = (
                ("executes", "field.executes")
                if passage.sentence.starts[0][1] in measure.executor_lines
                else ("partner", "field.involved")
            )
            roles = {index: {role: rule} for index in range(len(passage.mentions))}
        for index, mention in enumerate(passage.mentions):
            line, text = passage.sentence.line_at(mention.start), passage.sentence.text
            named.setdefault(mention.actor, []).append(Evidence(line, text, "mention"))
            for role, rule in sorted(roles.get(index, {}).items()):
                rule = rule if rule.startswith("field.") else f"role.{rule}"
                found.setdefault((mention.actor, role), []).append(Evidence(line, text, rule))
    with_role = {actor for actor, _ in found}
    for actor, evidence in named.items():
        if actor not in with_role:
            found[(actor, "mentioned")] = evidence
    return [
        Involvement(measure.id, actor, role, _unique(evidence)) for (actor, role), evidence in found.items()
    ]


def _in_involved_field(passage: Passage, measure: Measure) -> bool:
    """Whether the sentence is (part of) the value of a field of involved bodies."""
    first_line = passage.sentence.starts[0][1]
    return any(
        line.number == first_line and passage.sentence.text in line.text for line in measure.involved_lines
    )


def responsible_bodies(measure: Measure, organisations: dict[str, Organisation]) -> list[str]:
    """The organisations of the measure's responsible field: by code ("JD") or by name."""
    if measure.responsible_line is None:
        return []
    by_form = _by_form(organisations)
    return [by_form[code.casefold()] for code in measure.responsible if code.casefold() in by_form]


def gazetteer_codes(measure: Measure, organisations: dict[str, Organisation]) -> list[str]:
    """The measure's responsible codes as the gazetteer writes them: a former or other code of a
    known ministry becomes its code ("BFD", Barne- og familiedepartementet, is "BLD"); the field as
    written stays in `responsible_text`."""
    by_form = _by_form(organisations)
    codes = []
    for code in measure.responsible:
        found = organisations.get(by_form.get(code.casefold(), ""))
        codes.append(found.abbreviation if found and found.known and found.abbreviation else code)
    return list(dict.fromkeys(codes))


def _by_form(organisations: dict[str, Organisation]) -> dict[str, str]:
    """Organisation id by each way of writing it (abbreviation, name, alias), case-folded."""
    by_form: dict[str, str] = {}
    for organisation in organisations.values():
        for form in (organisation.abbreviation, organisation.name, *organisation.aliases):
            if form:
                by_form.setdefault(form.casefold(), organisation.id)
    return by_form


def _unique(evidence: list[Evidence]) -> list[Evidence]:
    """Each line and sentence once, with the first rule that read it."""
    seen: dict[tuple[int, str], Evidence] = {}
    for item in evidence:
        seen.setdefault((item.line, item.text), item)
    return list(seen.values())
