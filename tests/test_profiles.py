"""Every rule of the profiles (data/profiles/) runs on its own examples: adding a convention or a
phrase is adding data with its example, and this test holds the rule to it."""

import tomllib

import pytest

from graph.extract import extract
from graph.gazetteer import lexicon, load_organisations
from graph.model import Line, Measure, Plan, Report, Span
from graph.parse.fields import field_line, status_value
from graph.profiles import LANGUAGES, detect_language, layout
from graph.profiles.roles import role_rules
from graph.resources import read_text

ORGANISATIONS = load_organisations()
NAMES = lexicon(ORGANISATIONS.values())


def profile(code: str) -> dict:
    return tomllib.loads(read_text("data", "profiles", f"{code}.toml"))


def extracted(text: str, title: str = "Tiltak"):
    """The facts of one sentence, as the status text of a measure of a report."""
    measure = Measure(
        id="1",
        number=1,
        parent=None,
        title=title,
        chapter=None,
        description="",
        responsible=[],
        period=None,
        status_text=text,
        span=Span(1, 1),
        status_lines=[Line(1, text)],
    )
    report = Report(source="example.txt", plan=Plan("plan", "Plan", None), chapters=[], measures=[measure])
    return extract(report)


def organisation(name: str, extraction) -> str:
    """The id of an organisation named as the gazetteer (or the text) names it."""
    found = [m for m in lexicon(extraction.organisations.values()).find(name) if m.start == 0]
    assert found, f"{name!r} is no organisation of the example"
    return max(found, key=lambda m: m.end).id


def cases(kind: str) -> list:
    return [
        pytest.param(rule, example, id=f"{rule.id}:{index}")
        for rule in getattr(layout(), kind)
        for index, example in enumerate(rule.examples)
    ]


@pytest.mark.parametrize(("rule", "example"), cases("chapters") + cases("measures") + cases("sub_measures"))
def test_heading_conventions_match_their_examples(rule, example):
    assert rule.pattern.match(example), (rule.id, example)


@pytest.mark.parametrize("field", layout().fields, ids=lambda field: field.name)
def test_field_labels_read_their_examples(field):
    for example in field.examples:
        found = field_line(example)
        assert found is not None and found.name == field.name, example


@pytest.mark.parametrize(
    ("value", "examples"), [(value, examples) for value, _, examples in layout().statuses]
)
def test_status_words_read_their_examples(value, examples):
    for example in examples:
        written = field_line(example).value if field_line(example) else None
        assert status_value(written or example)[0] == value, example


LAYOUT = tomllib.loads(read_text("data", "profiles", "layout.toml"))


def test_heading_responsible_reads_its_examples():
    for example in LAYOUT["heading"]["examples"]:
        match = next(filter(None, (rule.pattern.match(example) for rule in layout().measures)))
        assert match["responsible"] == "BLD, HOD" and match["title"] == "Krisesentertilbud tilpasset eldre"


def test_partner_cues_read_their_examples():
    for example in LAYOUT["responsible"]["examples"]:
        value = field_line(example).value
        ministry, partner = layout().partner_cues.split(value, maxsplit=1)
        assert (ministry, partner) in (("KD", "HOD"), ("KD", "KUD")), example


@pytest.mark.parametrize("example", LAYOUT["status_group"]["examples"])
def test_status_groups_read_their_examples(example):
    group = layout().status_group.match(example)
    assert status_value(group["status"]) is not None, example


ROLE_CASES = [
    pytest.param(rule, example, id=f"{rule.id}:{index}")
    for rule in role_rules()
    for index, example in enumerate(rule.examples)
]


@pytest.mark.parametrize(("rule", "example"), ROLE_CASES)
def test_role_templates_read_their_examples(rule, example):
    """The template matches its example sentence, and the sentence gives the expected roles."""
    from graph.extract.actors import passages

    extraction = extracted(example["text"])
    sentence = passages(
        extraction.report.measures[0], lexicon(extraction.organisations.values()), extraction.organisations
    )
    assert rule.pattern.search(sentence[0].placeholder), (rule.id, example["text"])
    found = {(i.actor, i.role) for i in extraction.involvements}
    for name, role in example["expect"]:
        assert (organisation(name, extraction), role) in found, (rule.id, name, role, sorted(found))


@pytest.mark.parametrize("code", LANGUAGES)
def test_money_examples(code):
    for example in profile(code)["money"]["examples"]:
        extraction = extracted(example["text"])
        amounts = [(a.nok, a.funder) for a in extraction.amounts]
        funder = organisation(example["funder"], extraction) if "funder" in example else None
        assert amounts == [(example["nok"], funder)], example["text"]


@pytest.mark.parametrize("code", LANGUAGES)
def test_status_phrases_read_their_examples(code):
    for example in profile(code)["status"]["examples"]:
        status = extracted(example["text"]).report.measures[0].status
        assert status is not None and status.value == example["status"], example["text"]
        assert status.rule == f"status.prose.{example['status']}"


@pytest.mark.parametrize("code", LANGUAGES)
def test_new_organisations_are_found_by_the_shape_of_their_names(code):
    for example in profile(code)["organisations"]["examples"]:
        extraction = extracted(example["text"])
        assert not [m for m in NAMES.find(example["text"]) if m.surface == example["name"]]  # no gazetteer's
        new = {o.name for o in extraction.organisations.values() if not o.known}
        assert example["name"] in new, example["text"]
        assert example["name"] in {extraction.organisations[i.actor].name for i in extraction.involvements}


@pytest.mark.parametrize("code", LANGUAGES)
def test_generic_nouns_are_no_organisation(code):
    for entry in profile(code)["generic"]:
        extraction = extracted(entry["example"])
        named = {extraction.organisations[i.actor].name.casefold() for i in extraction.involvements}
        assert not named & {form.casefold() for form in entry["forms"]}, entry["example"]


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_written_standard_is_detected(code):
    assert detect_language(profile(code)["detect"]["example"]) == code


def test_a_status_at_the_end_of_a_heading_reads_its_examples():
    from graph.parse.fields import status_value

    for example in LAYOUT["heading"]["status_examples"]:
        match = layout().heading_status.search(example)
        assert match and status_value(match["bracketed"] or match["dashed"])[0] == "ongoing", example


def test_closing_sections_read_their_examples():
    for example in LAYOUT["closing"]["examples"]:
        assert layout().closing.match(example), example
    assert not layout().closing.match("Oppsummeringen viser at tiltaket er gjennomført.")
