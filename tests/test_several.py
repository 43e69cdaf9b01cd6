"""Several reports in one graph: a plan node each, measures namespaced by plan, organisations
merged, references between the plans resolved; the order of the sources does not matter."""

import json

import pytest
from click.testing import CliRunner

from graph.build import build_graph
from graph.cli import main
from graph.export.ntriples import ntriples
from graph.export.rdf import rdf_graph
from graph.pipeline import extract_reports
from graph.validate import validate
from tests.conftest import PLAN, SOURCE, SYNTHETIC

TRAFFICKING = "handlingsplan-mot-menneskehandel-2019-2022"


@pytest.fixture(scope="module")
def extractions():
    return extract_reports([SOURCE, SYNTHETIC])


@pytest.fixture(scope="module")
def network(extractions):
    return build_graph(extractions)


def test_a_plan_node_per_report_and_measures_namespaced_by_plan(network):
    plans = sorted(node for node, data in network.nodes(data=True) if data["type"] == "plan")
    assert plans == [f"plan:{TRAFFICKING}", f"plan:{PLAN}"]
    measures = [node for node, data in network.nodes(data=True) if data["type"] == "measure"]
    assert len(measures) == 50 + 7
    assert network.nodes[f"measure:{PLAN}/1"]["title"].startswith("Tiltakspakke for forebygging")
    assert (
        network.nodes[f"measure:{TRAFFICKING}/1"]["title"] == "Kartlegging av menneskehandel i arbeidslivet"
    )


def test_organisations_are_merged_across_plans(network):
    measures_of_jd = {
        target
        for _, target, data in network.out_edges("org:jd", data=True)
        if data.get("role") == "responsible"
    }
    assert f"measure:{PLAN}/35" in measures_of_jd and f"measure:{TRAFFICKING}/1" in measures_of_jd
    assert sum(1 for node in network if node == "org:jd") == 1
    nsmh = [node for node, data in network.nodes(data=True) if data.get("abbreviation") == "NSMH"]
    assert len(nsmh) == 1  # defined by the second report only


def test_a_reference_to_a_measure_of_the_other_plan_links_to_it(network):
    source = f"measure:{TRAFFICKING}/1"
    targets = {target for _, target, key in network.out_edges(source, keys=True) if key == "refers_to"}
    assert (
        f"measure:{PLAN}/12" in targets
    )  # "tiltak 12 i Handlingsplan mot vold i nære relasjoner (2014-2017)"
    assert not any(network.nodes[node]["type"] == "external-measure" and PLAN in node for node in network)


def test_the_rdf_of_two_plans(extractions):
    graph = rdf_graph(extractions)
    assert validate(graph) == []
    text = ntriples(graph)
    base = "https://w3id.org/tiltaksgraf/plan/"
    assert (
        f"<{base}{TRAFFICKING}/measure/1> <https://w3id.org/tiltaksgraf/ontology#refersToMeasure> "
        f"<{base}{PLAN}/measure/12> ." in text
    )


def test_build_of_two_reports_in_either_order_gives_the_same_files(tmp_path):
    runner = CliRunner()
    first, second = tmp_path / "ab", tmp_path / "ba"
    assert runner.invoke(main, ["build", str(SOURCE), str(SYNTHETIC), "--out", str(first)]).exit_code == 0
    assert runner.invoke(main, ["build", str(SYNTHETIC), str(SOURCE), "--out", str(second)]).exit_code == 0
    names = sorted(path.name for path in first.iterdir())
    assert names == sorted(path.name for path in second.iterdir()) and len(names) == 12
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    records = json.loads((first / "measures.json").read_text(encoding="utf-8"))
    assert {record["plan"] for record in records} == {PLAN, TRAFFICKING} and len(records) == 57
