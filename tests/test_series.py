"""Several reports of one plan make one plan: the constructed series in tests/data/series (June 2016,
December 2016, final 2018) built together — one record and one node per measure, the status
series, per-report values, merged facts, and an RDF graph that conforms with a named graph per
report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from pyoxigraph import Quad, RdfFormat, parse
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from graph.cli import main
from graph.export.rdf import TG

SERIES = Path(__file__).parent / "data" / "series"
REPORTS = [SERIES / name for name in ("final-2018.txt", "interim-2016-12.txt", "interim-2016-06.txt")]
PLAN = "https://w3id.org/tiltaksgraf/plan/handlingsplan-mot-vold-i-unge-kjaeresteforhold-2015-2017/"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("series")
    result = CliRunner().invoke(main, ["build", *map(str, REPORTS), "--out", str(out)])
    assert result.exit_code == 0, result.output
    records = {record["id"]: record for record in json.loads((out / "measures.json").read_text())}
    return out, records


def test_each_measure_is_one_record_with_its_status_in_each_report_oldest_first(built):
    _, records = built
    assert sorted(records, key=lambda i: (int(i.rstrip("a")), i)) == [
        *map(str, range(1, 4)),
        "3a",
        *map(str, range(4, 11)),
    ]
    series = records["2"]["status"]
    assert [o["report"] for o in series] == ["interim-2016-06.txt", "interim-2016-12.txt", "final-2018.txt"]
    assert [o["value"] for o in series] == ["ongoing", "delayed", "done"]
    assert [o["date"] for o in series] == ["2016-06", "2016-12", "2018-03"]
    assert [o["value"] for o in records["4"]["status"]] == ["not_started", "not_started", "cancelled"]


def test_a_measure_keeps_what_each_report_printed_and_the_latest_is_current(built):
    _, records = built
    entries = records["3"]["in_reports"]
    assert [e["report"] for e in entries] == ["interim-2016-06.txt", "interim-2016-12.txt", "final-2018.txt"]
    assert entries[0]["title"] != entries[1]["title"] == records["3"]["title"]
    assert entries[0]["responsible"] == ["KD"] and records["3"]["responsible"] == ["KD", "BLD"]
    dropped = records["10"]  # taken out of the plan in December: only the June report prints it
    assert [e["report"] for e in dropped["in_reports"]] == ["interim-2016-06.txt"]
    assert [e["report"] for e in records["3a"]["in_reports"]] == ["final-2018.txt"]


def test_facts_are_the_union_of_the_reports_each_saying_where_it_comes_from(built):
    _, records = built
    actors = {a["abbreviation"] or a["name"]: a for a in records["1"]["actors"]}
    assert actors["NKVTS"]["roles"] == ["executes"]
    assert actors["NKVTS"]["reports"] == ["interim-2016-12.txt", "final-2018.txt"]
    assert {e["report"] for e in actors["NKVTS"]["evidence"]} == {"interim-2016-12.txt", "final-2018.txt"}
    assert actors["NOVA"]["reports"] == ["final-2018.txt"]
    dinamo = next(a for a in records["2"]["actors"] if a["name"] == "Dinamo")  # named in June only
    assert dinamo["reports"] == ["interim-2016-06.txt"]
    restated = [a for a in records["9"]["amounts"] if a["nok"] == 4_000_000]
    assert len(restated) == 1 and restated[0]["reports"] == [
        "interim-2016-06.txt",
        "interim-2016-12.txt",
        "final-2018.txt",
    ]
    assert restated[0]["report"] == "final-2018.txt"


def test_the_merged_rdf_conforms_and_tells_the_status_series(built):
    from graph.validate import validate

    out, _ = built
    rdf = Graph().parse(out / "graph.ttl")
    assert validate(rdf) == []
    measure = URIRef(PLAN + "measure/2")
    assert len(list(rdf.objects(measure, TG.statusObservation))) == 3
    assert rdf.value(measure, TG.currentStatus) == TG.StatusDone
    assert len(list(rdf.objects(URIRef(PLAN + "measure/3"), DCTERMS.title))) == 1
    titles = {
        str(rdf.value(entry, DCTERMS.title)) for entry in rdf.objects(URIRef(PLAN + "measure/3"), TG.inReport)
    }
    assert len(titles) == 2
    assert rdf.value(URIRef(PLAN + "measure/3"), DCTERMS.title) == Literal(
        next(iter(t for t in titles if "sunne" in t)), lang="nb"
    )


def test_each_report_is_a_named_graph_and_the_union_is_the_default_graph(built):
    out, _ = built
    quads: list[Quad] = list(parse((out / "graph.nq").read_bytes(), format=RdfFormat.N_QUADS))
    names = sorted({q.graph_name.value for q in quads})
    assert names == [
        "https://w3id.org/tiltaksgraf/graph/dataset",  # the dataset's description (graph.export.dataset)
        "https://w3id.org/tiltaksgraf/graph/derived",
        PLAN + "report/final-2018-txt",
        PLAN + "report/interim-2016-06-txt",
        PLAN + "report/interim-2016-12-txt",
    ]
    union = {str(q.triple) for q in quads}
    triples = {str(t.triple) for t in parse((out / "graph.nt").read_bytes(), format=RdfFormat.N_TRIPLES)}
    assert union == triples
    june = {str(q.triple) for q in quads if q.graph_name.value.endswith("interim-2016-06-txt")}
    assert any("measure/10>" in triple for triple in june)
    assert not any("measure/3a>" in triple for triple in june)
    trig = list(parse((out / "graph.trig").read_bytes(), format=RdfFormat.TRIG))
    assert len(trig) == len(quads)


def test_measures_filters_by_the_latest_status_or_as_of_a_report():
    runner = CliRunner()
    latest = runner.invoke(
        main, ["measures", *map(str, REPORTS), "--status", "cancelled", "--format", "json"]
    )
    assert [r["id"] for r in json.loads(latest.output)] == ["4"]
    december = runner.invoke(
        main,
        [
            "measures",
            *map(str, REPORTS),
            "--status",
            "delayed",
            "--as-of",
            "interim-2016-12.txt",
            "--format",
            "json",
        ],
    )
    assert [r["id"] for r in json.loads(december.output)] == ["2"]
    wide = CliRunner(env={"COLUMNS": "200"})
    table = wide.invoke(
        main, ["measures", *map(str, REPORTS), "--status", "delayed", "--as-of", "interim-2016-12.txt"]
    )
    assert "│ done (2018-03) ← delayed (2016-12) ← ongoing (2016-06) │" in table.output
    unknown = runner.invoke(main, ["measures", *map(str, REPORTS), "--as-of", "interim-2016-11.txt"])
    assert unknown.exit_code != 0 and "did you mean interim-2016-12.txt?" in unknown.output
    assert "Traceback" not in unknown.output


def test_measure_shows_the_status_series_latest_first_and_the_reports():
    result = CliRunner(env={"COLUMNS": "200"}).invoke(
        main, ["measure", "2", *(arg for report in REPORTS for arg in ("--source", str(report)))]
    )
    assert result.exit_code == 0, result.output
    assert "status: done (2018-03) ← delayed (2016-12) ← ongoing (2016-06)" in result.output
    assert "reports: interim-2016-06.txt, interim-2016-12.txt, final-2018.txt" in result.output
