"""Corrections that survive rebuilds: corrections.toml checked, applied to the bundled report's facts
with evidence of rule "manual", and shown as such in the JSON, the CLI and the RDF."""

import json
import re
import shutil
import warnings
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from rdflib import RDF, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from graph import resources
from graph.cli import main
from graph.corrections import FACTS, apply_corrections, load_corrections
from graph.errors import SourceError, SourceWarning
from graph.export.rdf import OA, TG, rdf_graph
from graph.namespaces import DEFAULT_BASE
from graph.records import involvement_rows, measure_records
from graph.validate import validate
from tests.conftest import PLAN, ROOT, SOURCE

MEASURE = f"{DEFAULT_BASE}plan/{PLAN}/measure/"
ENTRIES = """\
# Corrections of the reading of the 2018 final report.

[[correction]]
fact = "role"
action = "add"
measure = "12"
organisation = "NKVTS"
role = "evaluates"
who = "Kari Nordmann"
when = 2024-05-02
note = "NKVTS evaluerte også prosjektet."

[[correction]]
fact = "role"
action = "suppress"
measure = 12
organisation = "jd"
role = "funds"
who = "Kari Nordmann"
when = "2024-05-02"

[[correction]]
fact = "status"
action = "set"
measure = "30"
status = "done"
who = "Ola Nordmann"
when = 2024-05-03

[[correction]]
fact = "funder"
action = "set"
measure = "12"
nok = 2000000
organisation = "Helsedirektoratet"
who = "Ola Nordmann"
when = 2024-05-03

[[correction]]
fact = "responsible"
action = "suppress"
measure = "18 A"
organisation = "AD"
who = "Ola Nordmann"
when = 2024-05-03

[[correction]]
fact = "responsible"
action = "add"
measure = "30"
organisation = "bld"
who = "Ola Nordmann"
when = 2024-05-03

[[correction]]
fact = "role"
action = "add"
measure = "12"
organisation = "ISTSS"
role = "partner"
who = "Ola Nordmann"
when = 2024-05-04
"""


def _file(folder: Path, text: str, name: str = "corrections.toml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def corrections(tmp_path_factory):
    return load_corrections(_file(tmp_path_factory.mktemp("corrections"), ENTRIES))


@pytest.fixture(scope="module")
def corrected(extraction, corrections):
    with warnings.catch_warnings():
        warnings.simplefilter("error", SourceWarning)  # every entry matches
        return apply_corrections([extraction], corrections)[0]


def _involvements(extraction, measure: str) -> dict[tuple[str, str], list]:
    return {(i.actor, i.role): i.evidence for i in extraction.involvements if i.measure == measure}


def test_the_entries_are_read_with_their_lines_and_who_and_when(corrections):
    first, second, *_ = corrections.entries
    assert [entry.line for entry in corrections.entries] == [3, 13, 22, 30, 39, 47, 55]
    assert (first.fact, first.action, first.measure, first.organisation, first.role) == (
        "role",
        "add",
        "12",
        "NKVTS",
        "evaluates",
    )
    assert (first.curation.who, first.curation.when, first.curation.entry) == (
        "Kari Nordmann",
        "2024-05-02",
        1,
    )
    assert first.curation.note == "NKVTS evaluerte også prosjektet."
    assert len(first.curation.sha256) == 64
    assert second.measure == "12" and second.curation.when == "2024-05-02"  # an integer id, a date as text
    assert corrections.entries[4].measure == "18a"


def test_a_role_is_added_with_manual_evidence_and_the_original_facts_are_left_alone(extraction, corrected):
    evidence = _involvements(corrected, "12")[("nkvts", "evaluates")]
    assert [(e.line, e.text, e.rule) for e in evidence] == [(3, "NKVTS evaluerte også prosjektet.", "manual")]
    assert evidence[0].curation.who == "Kari Nordmann" and evidence[0].curation.file == "corrections.toml"
    assert ("nkvts", "evaluates") not in _involvements(extraction, "12")
    assert ("jd", "funds") in _involvements(extraction, "12")


def test_a_suppressed_role_disappears(corrected):
    roles = _involvements(corrected, "12")
    assert ("jd", "funds") not in roles
    assert {role for actor, role in roles if actor == "jd"} == set()
    assert ("hod", "funds") in roles  # the other funder stays


def test_an_organisation_with_a_role_is_no_longer_mentioned(extraction, corrected):
    assert ("istss", "mentioned") in _involvements(extraction, "12")
    roles = _involvements(corrected, "12")
    assert ("istss", "partner") in roles and ("istss", "mentioned") not in roles


def test_responsible_ministries_are_fixed_in_the_list_and_the_involvement(extraction, corrected):
    assert extraction.report.measure("18a").responsible == ["JD", "AD", "BLD", "HOD"]
    assert corrected.report.measure("18a").responsible == ["JD", "BLD", "HOD"]
    assert ("ad", "responsible") not in _involvements(corrected, "18a")
    assert corrected.report.measure("30").responsible == ["JD", "BLD"]
    assert _involvements(corrected, "30")[("bld", "responsible")][0].rule == "manual"


def test_a_status_is_set_by_hand(extraction, corrected):
    assert extraction.report.measure("30").status is None  # a final report without status fields
    status = corrected.report.measure("30").status
    assert (status.value, status.label, status.line, status.rule) == ("done", "gjennomført", 22, "manual")
    assert status.curation.who == "Ola Nordmann" and status.curation.entry == 3


def test_a_funder_is_set_by_hand(extraction, corrected):
    (before,) = [a for a in extraction.amounts if a.measure == "12"]
    (after,) = [a for a in corrected.amounts if a.measure == "12"]
    assert (before.funder, before.funder_basis) == ("hod", "stated")
    assert (after.nok, after.funder, after.funder_basis) == (2000000, "hdir", "manual")
    assert _involvements(corrected, "12")[("hdir", "funds")][0].curation.entry == 4


def test_the_json_record_shows_the_manual_facts_and_follows_the_schema(corrected):
    records = {record["id"]: record for record in measure_records(corrected)}
    schema = json.loads(resources.read_text("data", "schemas", "measures.schema.json"))
    jsonschema.validate(list(records.values()), schema, format_checker=jsonschema.FormatChecker())
    nkvts = next(a for a in records["12"]["actors"] if a["id"] == "nkvts")
    assert nkvts["roles"] == ["executes", "evaluates"]
    manual = [e for e in nkvts["evidence"] if e["rule"] == "manual"]
    assert manual == [
        {
            "line": 3,
            "page": None,
            "text": "NKVTS evaluerte også prosjektet.",
            "role": "evaluates",
            "rule": "manual",
            "report": SOURCE.name,
            "curation": {
                "file": "corrections.toml",
                "sha256": manual[0]["curation"]["sha256"],
                "entry": 1,
                "who": "Kari Nordmann",
                "when": "2024-05-02",
                "note": "NKVTS evaluerte også prosjektet.",
            },
        }
    ]
    (status,) = records["30"]["status"]
    assert (status["value"], status["rule"], status["page"], status["curation"]["entry"]) == (
        "done",
        "manual",
        None,
        3,
    )
    assert records["12"]["amounts"][0]["funder"] == "Hdir"


def test_the_involvements_table_names_the_correction_beside_the_lines_of_the_report(corrected):
    rows = {(r["measure"], r["actor"], r["role"]): r for r in involvement_rows(corrected)}
    added = rows[("12", "hdir", "funds")]
    assert (added["lines"], added["line"]) == ("", None)
    assert added["manual"] == "corrections.toml #4 (Ola Nordmann, 2024-05-03)"
    assert (
        added["sentence"]
        == "set funder Helsedirektoratet of 2000000 NOK in measure 12 (Ola Nordmann, 2024-05-03)"
    )
    read = rows[("12", "nkvts", "executes")]
    assert (read["lines"], read["line"], read["manual"]) == ("1109", 1109, "")


def test_the_rdf_carries_the_manual_evidence_and_conforms(corrected):
    rdf = rdf_graph([corrected])
    association = URIRef(MEASURE + "12/involvement/nkvts/evaluates")
    (evidence,) = rdf.objects(association, TG.evidence)
    report = URIRef(f"{DEFAULT_BASE}plan/{PLAN}/report/{SOURCE.name.replace('.', '-')}")
    assert evidence == URIRef(f"{report}/correction/1")
    assert rdf.value(evidence, PROV.wasDerivedFrom) == report
    source = URIRef(DEFAULT_BASE + "source/corrections-toml")
    assert rdf.value(evidence, OA.hasSource) == source
    assert rdf.value(evidence, TG.rule) == Literal("manual")
    assert rdf.value(evidence, TG.line) == Literal(3)
    assert rdf.value(evidence, PROV.wasAttributedTo) == URIRef(DEFAULT_BASE + "curator/kari-nordmann")
    assert str(rdf.value(evidence, DCTERMS.date)) == "2024-05-02"
    assert (evidence, TG.page, None) not in rdf  # a page of the report does not apply
    assert (source, RDF.type, PROV.Entity) in rdf
    assert (URIRef(DEFAULT_BASE + "dataset"), DCTERMS.source, source) in rdf
    assert (URIRef(MEASURE + "12"), TG.evaluatedBy, URIRef(DEFAULT_BASE + "org/nkvts")) in rdf
    assert not list(rdf.triples((URIRef(MEASURE + "12/involvement/jd/funds"), None, None)))
    observation = URIRef(
        f"{MEASURE}30/status/handlingsplan-vold-i-naere-relasjoner-2014-2017-sluttrapport-2018-txt"
    )
    assert rdf.value(observation, TG.status) == TG.StatusDone
    assert rdf.value(rdf.value(observation, TG.evidence), TG.rule) == Literal("manual")
    assert rdf.value(URIRef(MEASURE + "30"), TG.currentStatus) == TG.StatusDone
    assert validate(rdf) == []


def test_manual_evidence_without_its_date_does_not_conform(corrected):
    rdf = rdf_graph([corrected])
    (evidence,) = rdf.objects(URIRef(MEASURE + "12/involvement/nkvts/evaluates"), TG.evidence)
    rdf.remove((evidence, DCTERMS.date, None))
    assert [v.message for v in validate(rdf)] == ["needs exactly one date of the correction (xsd:date)"]


def test_an_entry_that_matches_nothing_is_a_warning_naming_it(extraction, tmp_path):
    path = _file(
        tmp_path,
        '[[correction]]\nfact = "role"\naction = "suppress"\nmeasure = "12"\norganisation = "NKVTS"\n'
        'role = "funds"\nwho = "KN"\nwhen = 2024-05-02\n\n'
        '[[correction]]\nfact = "status"\naction = "set"\nmeasure = "99"\nstatus = "done"\nwho = "KN"\n'
        "when = 2024-05-02\n",
    )
    with pytest.warns(SourceWarning) as caught:
        result = apply_corrections([extraction], load_corrections(path))
    assert [str(w.message) for w in caught] == [
        f"{path}:1: entry 1 matches nothing: NKVTS has no role 'funds' in measure 12",
        f"{path}:10: entry 2 matches nothing: no measure '99' in any report",
    ]
    assert _involvements(result[0], "12") == _involvements(extraction, "12")


BAD = [
    ('fact = "roles"', "fact 'roles' is not one of role, responsible, status, funder"),
    ('fact = ["role"]', "fact ['role'] is not one of role, responsible, status, funder"),
    ('action = "add"', "needs a fact"),
    ('fact = "role"\naction = "set"', "action 'set' is not one of add, suppress for a role correction"),
    (
        'fact = "role"\naction = "add"\nmeasure = "12"\norganisation = "NKVTS"\nwho = "KN"\nwhen = 2024-05-02',
        "a role correction needs 'role'",
    ),
    (
        'fact = "role"\naction = "add"\nmeasure = "12"\norganisation = "NKVTS"\nrole = "evaluated"\nwho = "KN"\n'
        "when = 2024-05-02",
        "role 'evaluated' is not one of responsible, commissions, executes, funds, evaluates, partner, mentioned",
    ),
    (
        'fact = "role"\naction = "add"\nmeasure = "12"\norganisation = "JD"\nrole = "responsible"\nwho = "KN"\n'
        "when = 2024-05-02",
        'a responsible ministry is fact = "responsible"',
    ),
    (
        'fact = "status"\naction = "set"\nmeasure = "12"\nstatus = "finished"\nwho = "KN"\nwhen = 2024-05-02',
        "status 'finished' is not one of done, ongoing, not_started, delayed, continuous, cancelled",
    ),
    (
        'fact = "status"\naction = "set"\nmeasure = "12"\nstatus = "done"\nwho = "KN"\nwhen = "May 2024"',
        "'when' must be a date such as 2024-05-02, not 'May 2024'",
    ),
    (
        'fact = "status"\naction = "set"\nmeasure = "12"\nstatus = "done"\nwho = ""\nwhen = 2024-05-02',
        "'who' must be a text that is not empty",
    ),
    (
        'fact = "status"\naction = "set"\nmeasure = "12"\nstatus = "done"\nwho = "KN"\nwhen = 2024-05-02\nrole = "x"',
        "unknown key 'role' for a status correction",
    ),
    (
        'fact = "funder"\naction = "set"\nmeasure = "12"\nnok = 2000000\nwho = "KN"\nwhen = 2024-05-02',
        "a funder set needs 'organisation'; a funder suppressed takes none",
    ),
    (
        'fact = "funder"\naction = "suppress"\nmeasure = "12"\nnok = "2 mill"\nwho = "KN"\nwhen = 2024-05-02',
        "'nok' must be the amount in whole kroner, e.g. 5000000",
    ),
]


@pytest.mark.parametrize(("entry", "problem"), BAD, ids=[problem[:30] for _, problem in BAD])
def test_a_bad_entry_is_a_one_line_error_naming_file_line_entry_and_problem(tmp_path, entry, problem):
    good = (
        '[[correction]]\nfact = "status"\naction = "suppress"\nmeasure = "1"\nwho = "KN"\nwhen = 2024-05-02\n'
    )
    path = _file(tmp_path, f"{good}\n[[correction]]\n{entry}\n")
    with pytest.raises(SourceError) as raised:
        load_corrections(path)
    message = str(raised.value)
    assert message.startswith(f"{path}:8: entry 2: {problem}"), message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            "[[correction]\n",
            "not TOML (Expected ']]' at the end of an array declaration (at line 1, column 13))",
        ),
        ('correction = [{fact = "status"}]\n', "write each entry as a [[correction]] table of its own"),
        (
            '[[corrections]]\nfact = "status"\n',
            "unknown key 'corrections' (write each entry as a [[correction]] table)",
        ),
    ],
)
def test_a_file_that_is_not_a_list_of_entries_is_refused(tmp_path, text, problem):
    path = _file(tmp_path, text)
    with pytest.raises(SourceError, match=re.escape(f"{path}: {problem}")):
        load_corrections(path)


def test_an_organisation_the_gazetteer_does_not_know_is_an_error_with_the_closest_names(extraction, tmp_path):
    path = _file(
        tmp_path,
        '[[correction]]\nfact = "role"\naction = "add"\nmeasure = "12"\norganisation = "NKVTSS"\n'
        'role = "evaluates"\nwho = "KN"\nwhen = 2024-05-02\n',
    )
    with pytest.raises(SourceError) as raised:
        apply_corrections([extraction], load_corrections(path))
    assert str(raised.value).startswith(
        f"{path}:1: entry 1: 'NKVTSS' names no organisation of the gazetteer or the report; did you mean NKVTS, NKTS or NKS?"
    )


def test_the_schema_document_lists_every_fact_with_its_actions_and_keys():
    document = resources.read_text("data", "schemas", "corrections.md")
    cell = r"\s*([`\w, ]*?)\s*\|"
    rows = re.findall(rf"^\| `(\w+)` \|{cell}{cell}{cell}", document, re.MULTILINE)
    listed = {
        fact: (
            tuple(actions.split(", ")),
            tuple(re.findall(r"`(\w+)`", needs)),
            tuple(re.findall(r"`(\w+)`", may)),
        )
        for fact, actions, needs, may in rows
    }
    assert listed == FACTS


# --- On the command line: found beside the report, applied on every build --------------------------


@pytest.fixture()
def folder(tmp_path):
    shutil.copy(SOURCE, tmp_path / SOURCE.name)
    _file(tmp_path, ENTRIES)
    return tmp_path


def test_commands_apply_the_corrections_beside_the_report_on_every_run(folder):
    runner = CliRunner()
    report = str(folder / SOURCE.name)
    for _ in range(2):  # the second run reads the report's facts from the cache
        result = runner.invoke(main, ["measure", "12", "--source", report, "--format", "md"])
        assert result.exit_code == 0, result.output
        rows = [line for line in result.stdout.splitlines() if line.startswith("| NKVTS")]
        assert rows == [
            "| NKVTS | knowledge-centre | executes; evaluates | 1109 | corrections.toml #1 (Kari Nordmann, 2024-05-02) |"
        ]
    result = runner.invoke(main, ["actor", "Hdir", "--source", report, "--format", "md"])
    assert "| funds | 2 | 12 |  | corrections.toml #4 (Ola Nordmann, 2024-05-03) |" in result.stdout


def test_a_query_sees_a_changed_corrections_file_at_once(folder):
    runner = CliRunner()
    query = [
        "query", "-e", "SELECT ?role WHERE { ?m dcterms:identifier '12' ; prov:qualifiedAssociation ?a . "
        "?a prov:agent/dcterms:identifier 'nkvts' ; prov:hadRole/skos:notation ?role } ORDER BY ?role",
        "--source", str(folder / SOURCE.name), "--format", "csv",
    ]  # fmt: skip
    assert runner.invoke(main, query).stdout.split() == ["role", "evaluates", "executes"]
    (folder / "corrections.toml").write_text(ENTRIES.replace('role = "evaluates"', 'role = "partner"'))
    assert runner.invoke(main, query).stdout.split() == ["role", "executes", "partner"]


def test_build_takes_a_corrections_file_and_refuses_a_bad_one(folder, tmp_path_factory):
    runner = CliRunner()
    other = tmp_path_factory.mktemp("elsewhere")
    shutil.copy(SOURCE, other / SOURCE.name)
    given = _file(other, ENTRIES.replace("Kari Nordmann", "K. N."), "fixes.toml")
    result = runner.invoke(
        main, ["build", str(other / SOURCE.name), "--out", str(other / "out"), "--corrections", str(given)]
    )
    assert result.exit_code == 0, result.output
    records = {r["id"]: r for r in json.loads((other / "out" / "measures.json").read_text())}
    nkvts = next(a for a in records["12"]["actors"] if a["id"] == "nkvts")
    assert [e["curation"]["who"] for e in nkvts["evidence"] if "curation" in e] == ["K. N."]
    assert "curator/k-n>" in (other / "out" / "graph.nt").read_text()
    bad = _file(other, ENTRIES.replace('role = "evaluates"', 'role = "evaluated"'), "bad.toml")
    result = runner.invoke(
        main, ["build", str(other / SOURCE.name), "--out", str(other / "bad"), "--corrections", str(bad)]
    )
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"Error: {bad}:3: entry 1: role 'evaluated' is not one of responsible, commissions, executes, funds, evaluates, partner, mentioned\n"
    )
    assert not (other / "bad").exists()


def test_a_measure_id_of_several_plans_needs_the_plan(extraction, synthetic_extraction, tmp_path):
    entry = (
        '[[correction]]\nfact = "status"\naction = "set"\nmeasure = "1"\nstatus = "delayed"\nwho = "KN"\n'
        "when = 2024-05-02\n"
    )
    both = [extraction, synthetic_extraction]
    with pytest.raises(SourceError) as raised:
        apply_corrections(both, load_corrections(_file(tmp_path, entry, "a.toml")))
    assert str(raised.value) == (
        f"{tmp_path / 'a.toml'}:1: entry 1: measure '1' is in several plans "
        f"(handlingsplan-mot-menneskehandel-2019-2022, {PLAN}); give plan"
    )
    given = _file(tmp_path, entry + 'plan = "handlingsplan-mot-menneskehandel-2019-2022"\n', "b.toml")
    bundled, synthetic = apply_corrections(both, load_corrections(given))
    assert synthetic.report.measure("1").status.value == "delayed"
    assert bundled.report.measure("1").status is None


def test_a_folder_of_reports_of_one_plan_is_corrected_report_by_report(tmp_path):
    series = ROOT / "tests" / "data" / "series"
    folder = tmp_path / "series"
    folder.mkdir()
    for name in ("interim-2016-06.txt", "interim-2016-12.txt", "final-2018.txt"):
        shutil.copy(series / name, folder / name)
    _file(
        folder,
        '[[correction]]\nfact = "status"\naction = "set"\nmeasure = "2"\nstatus = "delayed"\nwho = "KN"\n'
        'when = 2024-05-02\nnote = "Ikke ferdig i 2018."\n\n'
        '[[correction]]\nfact = "role"\naction = "add"\nmeasure = "1"\norganisation = "Bufdir"\n'
        'role = "partner"\nwho = "KN"\nwhen = 2024-05-02\nreport = "interim-2016-12.txt"\n',
    )
    result = CliRunner().invoke(main, ["build", str(folder), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    records = {r["id"]: r for r in json.loads((tmp_path / "out" / "measures.json").read_text())}
    statuses = [(s["report"], s["value"], s["rule"]) for s in records["2"]["status"]]
    assert statuses == [
        ("interim-2016-06.txt", "ongoing", "field.status"),
        ("interim-2016-12.txt", "delayed", "field.status"),
        ("final-2018.txt", "delayed", "manual"),  # a status without `report`: the latest report's
    ]
    bufdir = next(a for a in records["1"]["actors"] if a["id"] == "bufdir")
    assert [(e["report"], e["rule"]) for e in bufdir["evidence"]] == [("interim-2016-12.txt", "manual")]
    quads = (tmp_path / "out" / "graph.nq").read_text()
    final = "report/final-2018-txt"
    assert re.search(
        rf"<[^>]*{final}/correction/1> <{PROV.wasDerivedFrom}> <[^>]*{final}> <[^>]*{final}> \.", quads
    )


def test_the_corrections_file_is_found_in_a_folder_beside_a_report_or_a_manifest(tmp_path):
    from graph.corrections import find_corrections

    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "corpus.toml").write_text("")
    assert find_corrections([tmp_path / "a.txt"]) is None
    corrections = _file(tmp_path, "")
    assert find_corrections([tmp_path]) == corrections
    assert find_corrections([tmp_path / "a.txt"]) == corrections
    assert find_corrections([tmp_path / "corpus.toml"]) == corrections
    assert find_corrections([tmp_path], tmp_path / "other.toml") == tmp_path / "other.toml"
    assert find_corrections([]) is None
