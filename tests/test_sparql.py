"""The example SPARQL queries in queries/, each with a correct answer on the bundled report."""

import json

import pytest
from click.testing import CliRunner

from graph.cli import main
from graph.export.ntriples import ntriples
from graph.sparql import engine as sparql
from graph.sparql.examples import example, examples
from tests.conftest import ROOT, SOURCE

SERIES = ROOT / "tests" / "data" / "series"
CORPUS = [
    SOURCE,
    *sorted(SERIES.glob("*.txt")),
    ROOT / "tests/data/family/radikalisering-2016-2019-statusrapport-2017-06.txt",
]


@pytest.fixture(scope="module")
def store(rdf):
    return sparql.store(ntriples(rdf))


def ask(store, name, **bindings):
    return sparql.run(store, example(name).text, bindings).rows


def test_there_are_at_least_ten_documented_examples():
    queries = examples()
    assert len(queries) >= 10
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for query in queries:
        assert query.text.startswith("# ") and query.purpose, query.name  # a comment says what it answers
        assert query.name in readme, query.name


def test_every_example_declares_its_prefixes_and_runs_on_the_export_alone(extraction):
    """Each .rq declares every prefix it uses (no predeclared prefixes needed), and answers on the
    data without the ontology: roles and kinds carry their notation and labels in the data."""
    import re

    from graph.export.contents import Contents
    from graph.pipeline import extract_reports

    bare = sparql.store(Contents([extraction]).ntriples, ontology=False)
    corpus = sparql.store(Contents(extract_reports(CORPUS)).ntriples, ontology=False)
    for query in examples():
        declared = set(re.findall(r"(?m)^PREFIX (\w+):", query.text))
        used = set(
            re.findall(r"(?<![\w<])([a-z]+):\w", re.sub(r"(?m)^#.*$|<[^>]*>|\"[^\"]*\"", "", query.text))
        )
        assert used <= declared, (query.name, used - declared)
        answer = (corpus if query.needs_corpus else bare).query(
            query.text
        )  # pyoxigraph, without our prefixes
        assert list(answer), query.name


def test_who_is_involved_where(store):
    rows = ask(store, "01-who-is-involved-where.rq")
    assert len(rows) > 300
    assert {"measure": "35", "organisation": "Kripos", "role": "executes"}.items() <= next(
        r for r in rows if r["measure"] == "35" and r["organisation"] == "Kripos" and r["role"] == "executes"
    ).items()
    assert any(
        r["measure"] == "35" and r["organisation"] == "Riksadvokaten" and r["role"] == "partner" for r in rows
    )


def test_measures_shared_by_ministries(store):
    rows = {r["measure"]: r for r in ask(store, "02-measures-shared-by-ministries.rq")}
    assert rows["1"]["ministries"] == "5"
    assert set(rows["40"]["responsible"].split(", ")) == {"BLD", "KMD"}
    assert "2" not in rows  # JD alone


def test_organisations_across_chapters(store):
    rows = ask(store, "03-organisations-across-chapters.rq")
    assert rows[0]["organisation"] == "Justis- og beredskapsdepartementet" and rows[0]["chapters"] == "5"
    assert {r["organisation"] for r in rows if r["chapters"] == "5"} >= {
        "Nasjonalt kunnskapssenter om vold og traumatisk stress"
    }


def test_reference_chains(store):
    chains = {(r["a"], r["b"], r["c"]) for r in ask(store, "04-reference-chains.rq")}
    assert ("13", "1", "18a") in chains  # 13 -> 1 -> 18a
    assert ("13", "11", "26") in chains  # 11 refers to measure 26 of another plan


def test_reports_by_publisher(store):
    rows = ask(store, "05-reports-by-publisher.rq")
    assert any(
        r["publisher"] == "Velferdsforskningsinstituttet NOVA"
        and r["title"] == "Tjenestetilbudet til voldsutsatte personer med nedsatt funksjonsevne"
        and r["year"] == "2014"
        for r in rows
    )


def test_money_by_funder(store):
    rows = {r["funder"]: r for r in ask(store, "06-money-by-funder.rq")}
    # 7 million stated, and the measure's other 7 million inherited ("Regjeringen ved JD")
    assert rows["Justis- og beredskapsdepartementet"]["total_nok"] == "14000000"
    assert rows["Helse- og omsorgsdepartementet"]["total_nok"] == "2000000"


def test_measures_naming_other_plans(store):
    rows = {
        (r["measure"], r["plan"], r["otherMeasure"]) for r in ask(store, "07-measures-naming-other-plans.rq")
    }
    assert ("11", "Retten til å bestemme over eget liv", "26") in rows
    assert ("14", "En god barndom varer livet ut", "23a") in rows


def test_organisations_by_parent(store):
    rows = {r["parent"]: r for r in ask(store, "08-organisations-by-parent.rq")}
    assert "Kripos" in rows["Politidirektoratet"]["organisations"].split("; ")
    assert (
        "Barne-, ungdoms- og familiedirektoratet"
        in rows["Barne- og likestillingsdepartementet"]["organisations"]
    )


def test_measures_without_executor(store):
    measures = [r["measure"] for r in ask(store, "09-measures-without-executor.rq")]
    assert "5" in measures and "18a" not in measures and "18" not in measures  # 18 has sub-measures


def test_evidence_for_a_relation_with_bound_values(store):
    rows = ask(store, "10-evidence-for-a-relation.rq", measureId="18a", orgId="nkvts")
    assert [(r["role"], r["line"]) for r in rows] == [
        ("executes", "1534"),
        ("executes", "1542"),
        ("executes", "1547"),
        ("partner", "1643"),
    ]
    hostile = '18a" } UNION { ?m ?p ?o } #'
    assert (
        ask(store, "10-evidence-for-a-relation.rq", measureId=hostile, orgId="nkvts") == []
    )  # bound, not pasted


def test_laws_named(store):
    rows = {r["law"]: r for r in ask(store, "11-laws-named.rq")}
    assert {"14", "40"} <= set(rows["krisesenterlova"]["measures"].split(", "))
    assert rows["straffeloven § 219"]["kind"] == "section"


def test_collaborating_pairs(store):
    rows = {(r["first"], r["second"]): int(r["shared"]) for r in ask(store, "12-collaborating-pairs.rq")}
    assert rows[("BLD", "HOD")] >= 10


def test_involvements_as_resources(store):
    """The involvements of 01 again, as IRIs: one row for each (measure, organisation, role)."""
    rows = ask(store, "16-involvements-as-resources.rq")
    named = ask(store, "01-who-is-involved-where.rq")
    assert len(rows) == len(named) > 300
    measure = (
        "https://w3id.org/tiltaksgraf/plan/handlingsplan-mot-vold-i-naere-relasjoner-2014-2017/measure/18a"
    )
    nkvts = {r["role"] for r in rows if r["measure"] == measure and r["organisation"].endswith("/org/nkvts")}
    assert nkvts == {
        "https://w3id.org/tiltaksgraf/ontology#Executor",
        "https://w3id.org/tiltaksgraf/ontology#Partner",
    }
    assert {
        r["role"]
        for r in named
        if r["measure"] == "18a" and r["organisation"].startswith("Nasjonalt kunnskapssenter om vold")
    } == {"executes", "partner"}


def test_query_command(tmp_path):
    runner = CliRunner()
    result = runner.invoke(
        main,
        [
            "query",
            str(ROOT / "queries" / "10-evidence-for-a-relation.rq"),
            "--bind",
            "measureId=18a",
            "--bind",
            "orgId=kripos",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == []  # Kripos is not in 18a
    result = runner.invoke(
        main, ["query", "-e", "SELECT (COUNT(*) AS ?n) WHERE { ?m tg:lastLine ?l }", "--format", "csv"]
    )
    assert result.output == "n\n50\n"
    result = runner.invoke(main, ["query", "-e", "ASK { ?m dcterms:identifier '18a' }", "--format", "tsv"])
    assert result.output == "answer\ntrue\n"
    bad = runner.invoke(main, ["query", "-e", "SELECT ?x WHERE {\n  ?x ?p\n}"])
    assert bad.exit_code == 2 and "Traceback" not in bad.output
    assert bad.output.splitlines() == [
        "Error: query:3:1: SPARQL syntax error: expected LATERAL, SERVICE",
        "  }",
        "  ^",
    ]


def test_status_changes_not_done_and_bodies_across_plans_over_a_corpus():
    from graph.export.contents import Contents
    from graph.pipeline import extract_reports

    store = sparql.store(Contents(extract_reports(CORPUS)).ntriples)
    changes = {
        (r["measure"], r["before"], r["after"], r["afterDate"])
        for r in ask(store, "status-changes-between-reports")
    }
    assert ("2", "ongoing", "delayed", "2016-12") in changes and (
        "2",
        "delayed",
        "done",
        "2018-03",
    ) in changes
    assert ("4", "not_started", "cancelled", "2018-03") in changes
    assert not any(measure == "7" for measure, *_ in changes)  # done in every report
    pending = {
        (r["ministry"], r["plan"], r["measure"], r["status"])
        for r in ask(store, "not-done-in-the-latest-report")
    }
    assert ("JD", "handlingsplan-mot-radikalisering-2016-2019", "2", "delayed") in pending
    assert not any(m == "2" and p.startswith("handlingsplan-mot-vold-i-unge") for _, p, m, _ in pending)
    assert [q.name for q in examples() if q.needs_corpus] == [
        "status-changes-between-reports",
        "bodies-in-several-plans",
    ]
    bodies = {r["organisation"]: int(r["plans"]) for r in ask(store, "bodies-in-several-plans")}
    assert bodies["Justis- og beredskapsdepartementet"] == 3
    assert "Kors på halsen" not in bodies and len(bodies) == 28  # named in the series only
