"""Reports for researchers (graph/analyse/ and its commands), checked against the report's text.

Expected values are read off the source text where the text states them plainly: the `Ansvarlig:`
lines, the lines naming an organisation, the "jf. tiltak N" references.
"""

import csv
import io
import json
import re
from itertools import combinations

import networkx as nx
import pytest
from click.testing import CliRunner

from graph.analyse.actors import actor_profile, actor_table, resolve_actor
from graph.analyse.common import connection_graph
from graph.analyse.matrix import involvement_matrix
from graph.analyse.measures import measure_profile, resolve_measure
from graph.analyse.network import collaboration_network
from graph.analyse.paths import resolve_node, shortest_paths
from graph.analyse.stats import graph_stats
from graph.build import build_graph, org_node
from graph.cli import main
from graph.errors import NoConnection, UnknownName
from graph.gazetteer import load_organisations
from graph.output import blank_repeats
from graph.vocabulary import ROLE_KEYS
from tests.conftest import PLAN, SOURCE, SYNTHETIC

NKVTS = r"NKVTS|NKTS|Nasjonalt kunnskapssenter om vold"
ANSVARLIG = re.compile(r"^\s*Ansvarlig:\s*(.+?)\s*$")


@pytest.fixture(scope="module")
def runner():
    return CliRunner()


def run(runner, *args):
    result = runner.invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def leaves(report):
    """The measure records that carry text of their own (a parent of sub-measures does not)."""
    parents = {m.parent for m in report.measures if m.parent}
    return [m for m in report.measures if m.id not in parents]


def measure_at(report, line):
    return next(m for m in leaves(report) if m.span.start <= line <= m.span.end)


def mentioned_in(report, raw_lines, pattern):
    """Ids of the measures whose lines match `pattern` (a regex), read straight from the text."""
    return {
        measure_at(report, number).id
        for number, text in enumerate(raw_lines, 1)
        if re.search(pattern, text) and any(m.span.start <= number <= m.span.end for m in leaves(report))
    }


def ansvarlig(raw_lines):
    """(line number, [ministry codes]) of every `Ansvarlig:` line of the text."""
    found = []
    for number, text in enumerate(raw_lines, 1):
        if match := ANSVARLIG.match(text):
            found.append((number, [code.strip() for code in match.group(1).split(",")]))
    return found


def by_abbreviation(rows):
    return {row["abbreviation"] or row["name"]: row for row in rows}


# --- actors ---------------------------------------------------------------------------------------


def test_responsible_counts_are_the_ansvarlig_lines(network, raw_lines):
    lines = ansvarlig(raw_lines)
    assert len(lines) == 48  # 50 records, of which 6 and 18 are parents without a line of their own
    rows = by_abbreviation(actor_table(network))
    codes = {code for _, found in lines for code in found}
    for code in codes:
        assert rows[code]["responsible"] == sum(code in found for _, found in lines), code
    assert rows["JD"]["responsible"] == 29
    assert sum(row["responsible"] for row in rows.values()) == sum(len(found) for _, found in lines) == 104


def test_nkvts_measures_chapters_and_roles(network, report, raw_lines):
    expected = mentioned_in(report, raw_lines, NKVTS)
    assert len(expected) == 17
    row = by_abbreviation(actor_table(network))["NKVTS"]
    assert row["measures"] == 17
    assert row["chapters"] == sorted({report.measure(m).chapter for m in expected}) == [1, 2, 3, 4, 5]
    profile = actor_profile(network, "nkvts")
    assert {item["measure"] for item in profile.involvements} == expected
    in_18a = {item["role"]: item["lines"] for item in profile.involvements if item["measure"] == "18a"}
    # 1534: "... (NKVTS) får i oppdrag å utvikle nettportalen"; 1643: "I samarbeid med ... NKVTS, arrangerte"
    assert raw_lines[1533].endswith("Nasjonalt kunnskapssenter om vold og ")
    assert raw_lines[1534].startswith("traumatisk stress (NKVTS) får i oppdrag å utvikle")
    assert raw_lines[1642].startswith("I samarbeid med Nasjonalt kunnskapssenter om vold")
    assert set(in_18a) == {"executes", "partner"}
    assert 1534 in in_18a["executes"] and in_18a["partner"] == [1643]
    order = [(ROLE_KEYS.index(i["role"]), i["chapter"]) for i in profile.involvements]
    assert order == sorted(order)  # grouped by role, then chapter


def test_actor_table_keys_order_and_filters(network, extraction):
    rows = actor_table(network)
    assert list(rows[0]) == [
        "id",
        "name",
        "abbreviation",
        "kind",
        "parent",
        "known",
        "measures",
        "chapters",
        "responsible",
        "commissions",
        "executes",
        "funds",
        "evaluates",
        "partner",
        "mentioned",
    ]
    assert [row["measures"] for row in rows] == sorted((row["measures"] for row in rows), reverse=True)
    assert rows[0]["abbreviation"] == "JD"
    research = actor_table(network, kind="research")
    assert research and {row["kind"] for row in research} == {"research"}
    assert "NOVA" in by_abbreviation(research)
    # an extraction is the same input as its graph
    assert actor_table(extraction) == rows


def test_unknown_organisations_of_the_synthetic_report(runner, raw_lines):
    rows = json.loads(run(runner, "actors", "--unknown", "--format", "json", "--source", str(SYNTHETIC)))
    text = SYNTHETIC.read_text(encoding="utf-8").split("\n")
    known = {org.abbreviation for org in load_organisations().values()}
    codes = {code for _, found in ansvarlig(text) for code in found}
    # NSMH defines itself: "Nasjonalt senter mot menneskehandel (NSMH)"; the gazetteer knows the
    # rest (the ministries of the Ansvarlig lines, Arbeidstilsynet, Skatteetaten)
    assert "Nasjonalt senter mot menneskehandel (NSMH)" in text[6]
    assert {row["abbreviation"] for row in rows} == (codes - known) | {"NSMH"} == {"NSMH"}
    assert all(row["known"] is False and row["kind"] == "unknown" for row in rows)
    nsmh = by_abbreviation(rows)["NSMH"]
    # "NSMH har gjennomført kartleggingen" (1), "utredet av Nasjonalt senter mot menneskehandel" (2b)
    assert nsmh["executes"] == nsmh["measures"] == 2
    csv_text = run(runner, "actors", "--unknown", "--format", "csv", "--source", str(SYNTHETIC))
    assert len(list(csv.DictReader(io.StringIO(csv_text)))) == 1


def test_actors_formats(runner):
    header = run(runner, "actors", "--format", "csv").splitlines()[0]
    assert header == (
        "id,name,abbreviation,kind,parent,known,measures,chapters,"
        "responsible,commissions,executes,funds,evaluates,partner,mentioned"
    )
    rows = list(csv.DictReader(io.StringIO(run(runner, "actors", "--format", "csv"))))
    assert rows[0]["chapters"] == "1; 2; 3; 4; 5"
    assert run(runner, "actors", "--format", "md").startswith("| id | name | abbreviation |")
    table = run(runner, "actors", "--kind", "ministry")
    assert "ministry organisations" in table and "HOD" in table


# --- resolving names ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("nkvts", "nkvts"),
        ("Bufdir", "bufdir"),
        ("Barne-, ungdoms- og familiedirektoratet", "bufdir"),
        ("barne-,  ungdoms- og FAMILIEDIREKTORATET", "bufdir"),
        ("RVTSene", "rvts"),
        ("NKTS", "nkvts"),  # an alias: the report's typo
        ("Helsedir", "hdir"),  # the start of one name only
        ("statens-barnehus", "statens-barnehus"),  # an id
    ],
)
def test_resolve_actor(extraction, name, expected):
    assert resolve_actor(name, extraction.organisations).id == expected


def test_resolve_actor_errors(extraction):
    with pytest.raises(UnknownName) as error:
        resolve_actor("nkvst", extraction.organisations)
    message = str(error.value)
    assert message == "no organisation 'nkvst'; did you mean NKVTS or NKS?"
    with pytest.raises(UnknownName, match=r"^'NK' matches several organisations: .*NKS, NKVTS"):
        resolve_actor("NK", extraction.organisations)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("nkvts", "nkvts"),
        ("Bufdir", "bufdir"),
        ("Barne-, ungdoms- og familiedirektoratet", "bufdir"),
        ("RVTSene", "rvts"),
    ],
)
def test_actor_command_resolves(runner, name, expected):
    profile = json.loads(run(runner, "actor", name, "--format", "json"))
    assert profile["organisation"]["id"] == expected
    assert profile["involvements"] and all(item["lines"] for item in profile["involvements"])


def test_actor_command_table_and_csv(runner):
    table = run(runner, "actor", "nkvts")
    assert "NKVTS — Nasjonalt kunnskapssenter om vold og traumatisk stress" in table
    assert "Ministries it works with most" in table and "Organisations it works with most" in table
    rows = list(csv.DictReader(io.StringIO(run(runner, "actor", "nkvts", "--format", "csv"))))
    assert {"executes", "partner"} == {row["role"] for row in rows if row["measure"] == "18a"}
    assert len({row["measure"] for row in rows}) == 17


def test_actor_works_with(network, report, raw_lines):
    profile = actor_profile(network, "nkvts")
    hod = next(row for row in profile.ministries if row["organisation"] == "HOD")
    # HOD is on the Ansvarlig line of every one of these NKVTS measures, and NKVTS in no other measure
    nkvts = mentioned_in(report, raw_lines, NKVTS)
    with_hod = {measure_at(report, line).id for line, codes in ansvarlig(raw_lines) if "HOD" in codes}
    assert set(hod["measures"]) >= nkvts & with_hod
    assert all(row["organisation"] != "NKVTS" for row in profile.ministries + profile.organisations)
    assert {row["organisation"] for row in profile.ministries} <= {"JD", "HOD", "BLD", "AD", "KD", "KMD"}
    shared = [row["shared"] for row in profile.organisations]
    assert shared == sorted(shared, reverse=True)


def test_unknown_actor_is_a_one_line_error(runner):
    result = runner.invoke(main, ["actor", "nkvst"])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0] == "Error: no organisation 'nkvst'; did you mean NKVTS or NKS?"
    assert "Traceback" not in result.output


# --- measures -------------------------------------------------------------------------------------


def test_measure_profile_18a(network, raw_lines):
    profile = measure_profile(network, "18a")
    assert raw_lines[1536].split() == ["Ansvarlig:", "JD,", "AD,", "BLD,", "HOD"]
    assert raw_lines[1537].split() == ["Gjennomføring:", "2014-2015"]
    assert profile.responsible == ["JD", "AD", "BLD", "HOD"]
    assert profile.period == {"start": 2014, "end": 2015}
    assert (profile.chapter, profile.parent) == (3, "18")
    assert [row["organisation"] for row in profile.organisations[:4]] == ["JD", "AD", "BLD", "HOD"]
    assert all(row["lines"] == [1537] for row in profile.organisations[:4])
    nkvts = next(row for row in profile.organisations if row["organisation"] == "NKVTS")
    assert nkvts["roles"] == ["executes", "partner"]
    assert all(item["text"] for item in nkvts["evidence"])
    # "jf. tiltak 18a" in 1 and 41, "jf. tiltak 18 a" in 18b
    referenced_by = {row["measure"]: row["line"] for row in profile.references_in}
    assert referenced_by == {"1": 241, "18b": 1711, "41": 2824}
    assert all(re.search(r"tiltak 18 ?a", raw_lines[line - 1]) for line in referenced_by.values())


def test_measure_profile_money_and_external_references(network, raw_lines):
    profile = measure_profile(network, "27")
    amounts = {(row["line"], row["nok"]) for row in profile.amounts}
    assert "fra 370 mill. kroner i 2013 til 534 mill. kroner i 2017" in raw_lines[2188]
    assert {(2189, 370_000_000), (2189, 534_000_000)} <= amounts
    assert [(row["measure"], row["plan"]) for row in profile.references_out] == [
        ("34", "En god barndom varer livet ut")
    ]
    assert "jf. tiltak" in raw_lines[profile.references_out[0]["line"] - 1]


def test_measure_command(runner):
    table = run(runner, "measure", "18a")
    assert "Measure 18a: Det skal etableres en ny nettportal" in table and "JD; AD; BLD; HOD" in table
    profile = json.loads(run(runner, "measure", "18 A", "--format", "json"))
    assert profile["id"] == "18a" and profile["lines"] == {"start": 1532, "end": 1675}
    result = runner.invoke(main, ["measure", "99"])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == ["Error: no measure '99'; did you mean 9, 39 or 29?"]


def test_measures_of_several_plans(extraction, synthetic_extraction):
    graph = build_graph([extraction, synthetic_extraction])
    other = synthetic_extraction.report.plan.id
    with pytest.raises(UnknownName, match=r"^'1' is a measure of several plans: "):
        resolve_measure(graph, "1")
    assert resolve_measure(graph, f"{other}/2b") == f"measure:{other}/2b"
    assert resolve_measure(graph, "18a") == f"measure:{PLAN}/18a"  # only one plan has an 18a
    assert measure_profile(graph, "18a").id == f"{PLAN}/18a"
    jd = by_abbreviation(actor_table(graph))["JD"]
    assert f"{other}/1" in jd["chapters"] and f"{PLAN}/5" in jd["chapters"]


# --- matrix ---------------------------------------------------------------------------------------


def test_matrix_cell_is_counted_from_the_ansvarlig_lines(network, report, raw_lines):
    rows = {row["organisation"]: row for row in involvement_matrix(network, "ministries", role="responsible")}
    in_chapter_3 = [codes for line, codes in ansvarlig(raw_lines) if measure_at(report, line).chapter == 3]
    assert rows["HOD"]["chapter 3"] == sum("HOD" in codes for codes in in_chapter_3) == 13
    assert rows["JD"]["total"] == 29
    assert set(rows) == {"JD", "HOD", "BLD", "AD", "KD", "KMD"}
    any_role = involvement_matrix(network, "ministries")
    assert {row["organisation"] for row in any_role} == set(rows)
    # JD also gives the commission of 25 and funds 12, measures of HOD
    assert "Justis- og beredskapsdepartementet har gitt oppdrag" in raw_lines[2038]
    assert raw_lines[1115].rstrip().endswith("midler fra")
    assert raw_lines[1116].startswith("Justis- og beredskapsdepartementet")
    assert {row["organisation"]: row["total"] for row in any_role}["JD"] == 29 + 2


def test_matrix_of_measures(network, report, raw_lines):
    rows = {row["organisation"]: row for row in involvement_matrix(network, cols="measures")}
    nkvts = rows["NKVTS"]
    mentioned = mentioned_in(report, raw_lines, NKVTS)
    assert {key for key, value in nkvts.items() if value == 1 and key not in ("total",)} == mentioned
    assert nkvts["5"] == 0 and nkvts["total"] == 17
    with pytest.raises(ValueError):
        involvement_matrix(network, rows="people")


def test_matrix_command_csv(runner):
    lines = run(
        runner, "matrix", "--rows", "ministries", "--role", "responsible", "--format", "csv"
    ).splitlines()
    assert lines[0] == "id,organisation,chapter 1,chapter 2,chapter 3,chapter 4,chapter 5,total"
    assert "hod,HOD,6,3,13,0,8,30" in lines
    header = run(runner, "matrix", "--cols", "measures", "--format", "csv").splitlines()[0].split(",")
    assert header[:4] == ["id", "organisation", "1", "2"] and "18a" in header and header[-1] == "total"


# --- network --------------------------------------------------------------------------------------


def test_network_of_responsible_ministries_is_the_ansvarlig_lines(network, raw_lines):
    result = collaboration_network(network, roles=["responsible"])
    weights = {frozenset((row["a"], row["b"])): row["weight"] for row in result.pairs}
    lines = [codes for _, codes in ansvarlig(raw_lines)]
    codes = sorted({code for found in lines for code in found})
    for a, b in combinations(codes, 2):
        assert weights.get(frozenset((a, b)), 0) == sum(a in found and b in found for found in lines), (a, b)
    assert result.pairs[0]["weight"] >= result.pairs[-1]["weight"]


def test_network_command_and_graphml(runner, network):
    rows = list(csv.DictReader(io.StringIO(run(runner, "network", "--format", "csv", "--top", "3"))))
    assert len(rows) == 3 and list(rows[0]) == ["a", "b", "weight", "measures", "a_id", "b_id"]
    gephi = nx.parse_graphml(run(runner, "network", "--format", "graphml"))
    assert not gephi.is_directed()
    assert gephi.nodes["nkvts"]["measures"] == 17 and gephi.nodes["nkvts"]["label"] == "NKVTS"
    pairs = collaboration_network(network).pairs
    assert gephi.number_of_edges() == len(pairs)
    first = pairs[0]
    assert gephi.edges[first["a_id"], first["b_id"]]["weight"] == first["weight"]


# --- paths ----------------------------------------------------------------------------------------


def test_path_nkvts_kripos_runs_through_their_shared_measures(network, extraction, report, raw_lines):
    source = resolve_node(network, "NKVTS", extraction.organisations)
    target = resolve_node(network, "kripos", extraction.organisations)
    assert (source, target) == (org_node("nkvts"), org_node("kripos"))
    paths = shortest_paths(network, source, target)
    shared = mentioned_in(report, raw_lines, NKVTS) & mentioned_in(report, raw_lines, r"Kripos")
    assert shared == {"1", "41"}
    assert {path.nodes[1]["label"] for path in paths} == shared
    for path in paths:
        assert [node["label"] for node in (path.nodes[0], path.nodes[-1])] == ["NKVTS", "Kripos"]
        assert all(hop["lines"] and "(line" in hop["words"] for hop in path.hops)


def test_path_atv_to_18a_is_explained_in_words(runner, raw_lines):
    output = json.loads(run(runner, "path", "ATV", "18a", "--format", "json"))
    assert len(output) == 1
    assert [node["label"] for node in output[0]["nodes"]] == ["ATV", "41", "18a"]
    first, second = (hop["words"] for hop in output[0]["hops"])
    # 2831: "..., mens Alternativ til / vold presenterte ..." at the forum of measure 41
    assert raw_lines[2830].rstrip().endswith("mens Alternativ til")
    assert first == "ATV is a partner in measure 41 (line 2831)"
    assert "(jf. tiltak 18a)" in raw_lines[2823]
    assert second == "measure 41 refers to measure 18a (line 2824)"
    table = run(runner, "path", "ATV", "18a")
    assert "1. ATV → 41 → 18a" in table


def test_paths_do_not_pass_through_chapters(network, report, raw_lines):
    five, eight = (f"measure:{PLAN}/{m}" for m in ("5", "8"))
    assert report.measure("5").chapter == report.measure("8").chapter == 1  # two steps through chapter 1
    assert raw_lines[491].split() == ["Ansvarlig:", "HOD"] and raw_lines[694].split() == ["Ansvarlig:", "JD"]
    paths = shortest_paths(network, five, eight, limit=20)
    assert {node["type"] for path in paths for node in path.nodes} <= {
        "measure",
        "organisation",
        "document",
        "report",
    }
    assert all(len(path.hops) == 4 for path in paths)
    assert paths[0].hops[0]["words"] == "HOD is responsible for measure 5 (line 492)"


def test_path_errors(runner, network):
    same = runner.invoke(main, ["path", "18a", "18 a"])
    assert (
        same.exit_code == 2 and same.output.strip() == "Error: measure 18a and measure 18a are the same node"
    )
    unknown = runner.invoke(main, ["path", "nkvts", "Ingen slik etat"])
    assert unknown.exit_code == 2 and unknown.output == "Error: no organisation 'Ingen slik etat'\n"
    lonely = nx.MultiDiGraph()
    for org in ("a", "b"):
        lonely.add_node(org_node(org), type="organisation", label=org.upper(), org=org)
    with pytest.raises(NoConnection, match=r"^no connection between A and B$"):
        shortest_paths(lonely, org_node("a"), org_node("b"))


# --- stats ----------------------------------------------------------------------------------------


def test_stats(network, report, raw_lines):
    stats = graph_stats(network)
    nodes = {row["type"]: row["count"] for row in stats.nodes}
    assert nodes["measure"] == len(report.measures) == 50 and nodes["chapter"] == 5
    edges = {(row["relation"], row["role"]): row["count"] for row in stats.edges}
    assert edges["involved", "responsible"] == sum(len(codes) for _, codes in ansvarlig(raw_lines))
    # "jf. tiltak 11" in 7, 12, 13 and 44: no measure is referred to more often
    assert stats.referenced[0]["measure"] == "11"
    assert (
        set(stats.referenced[0]["by"])
        == mentioned_in(report, raw_lines, r"tiltak 11(?!\d)")
        == {"7", "12", "13", "44"}
    )
    assert all(row["referenced_by"] < 4 for row in stats.referenced[1:])
    unexecuted = {row["measure"] for row in stats.unexecuted}
    assert not unexecuted & {"6", "18"}  # parents: their facts are in their sub-measures
    assert "18a" not in unexecuted  # "NKVTS får i oppdrag å utvikle nettportalen"
    connections = connection_graph(network)
    central = stats.central
    assert len(central) == 10
    assert [row["betweenness"] for row in central] == sorted(
        (row["betweenness"] for row in central), reverse=True
    )
    assert all(row["degree"] == connections.degree(org_node(row["id"])) for row in central)
    assert {central[0]["organisation"], central[1]["organisation"]} <= {"JD", "HOD", "BLD"}


def test_stats_command(runner):
    output = json.loads(run(runner, "stats", "--format", "json", "--top", "3"))
    assert set(output) == {"nodes", "edges", "central", "referenced", "unexecuted"}
    assert len(output["central"]) == 3 and output["referenced"][0]["measure"] == "11"
    table = run(runner, "stats")
    assert "Most referenced measures" in table and "Measures without an executing organisation" in table
    md = run(runner, "stats", "--format", "md")
    assert md.startswith("## Knowledge graph: ") and "### Nodes by type" in md


def test_several_sources_on_the_command_line(runner):
    output = run(runner, "actors", "--format", "json", "--source", str(SOURCE), "--source", str(SYNTHETIC))
    nsmh = next(row for row in json.loads(output) if row["id"] == "nsmh")
    assert nsmh["chapters"] == ["handlingsplan-mot-menneskehandel-2019-2022/1"]
    result = runner.invoke(main, ["measure", "1", "--source", str(SOURCE), "--source", str(SYNTHETIC)])
    assert result.exit_code == 2 and "is a measure of several plans" in result.output


# --- output ---------------------------------------------------------------------------------------


def test_blank_repeats():
    rows = [
        {"role": "executes", "chapter": 1, "measure": "1"},
        {"role": "executes", "chapter": 1, "measure": "3"},
        {"role": "executes", "chapter": 2, "measure": "11"},
        {"role": "partner", "chapter": 2, "measure": "12"},
    ]
    shown = blank_repeats(rows, ["role", "chapter"])
    assert [(row["role"], row["chapter"]) for row in shown] == [
        ("executes", 1),
        ("", ""),
        ("", 2),
        ("partner", 2),
    ]
    assert [row["measure"] for row in shown] == ["1", "3", "11", "12"]
