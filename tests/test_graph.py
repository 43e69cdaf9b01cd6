"""The networkx knowledge graph of the bundled report."""

from collections import Counter

from tests.conftest import PLAN


def node(measure):
    return f"measure:{PLAN}/{measure}"


def test_counts_by_type(network):
    types = Counter(data["type"] for _, data in network.nodes(data=True))
    assert (types["plan"], types["chapter"], types["measure"]) == (1, 5, 50)
    assert types["organisation"] > 80
    assert types["external-measure"] == 5  # 23a, 34, 35 and 19 of En god barndom ..., 26 of Retten til ...
    relations = Counter(data["relation"] for *_, data in network.edges(data=True))
    assert relations["sub_measure_of"] == 5
    assert relations["part_of"] == 55  # 50 measures in chapters, 5 chapters in the plan


def test_structure(network):
    assert network.has_edge(node("18a"), f"chapter:{PLAN}/3", "part_of")
    assert network.has_edge(node("18a"), node("18"), "sub_measure_of")
    assert network.has_edge(f"chapter:{PLAN}/3", f"plan:{PLAN}", "part_of")
    assert network.nodes[node("18a")]["responsible"] == ["JD", "AD", "BLD", "HOD"]
    assert network.nodes[node("25")]["period_start"] is None


def test_involvement_edges_carry_their_evidence(network):
    edge = network.edges["org:nkvts", node("18a"), "involved:executes"]
    assert edge["role"] == "executes"
    assert [e["line"] for e in edge["evidence"]] == [1534, 1542, 1547]
    assert edge["line"] == 1534 and "får i oppdrag å utvikle nettportalen" in edge["text"]
    for source, target, data in network.edges(data=True):
        assert isinstance(data["line"], int) and data["text"], (source, target)
        assert data["evidence"], (source, target)


def test_references(network):
    assert network.has_edge(node("13"), node("44"), "refers_to")
    external = "document:en-god-barndom-varer-livet-ut/measure/23a"
    assert network.has_edge(node("14"), external, "refers_to")
    assert not network.has_edge(node("14"), node("23"), "refers_to")
    assert network.has_edge(external, "document:en-god-barndom-varer-livet-ut", "measure_of")


def test_parent_bodies_from_the_gazetteer(network):
    assert network.has_edge("org:kripos", "org:pod", "sub_organisation_of")
    assert network.has_edge("org:pod", "org:jd", "sub_organisation_of")
    edge = network.edges["org:kripos", "org:pod", "sub_organisation_of"]
    assert edge["line"] == 0 and edge["text"] == "data/gazetteer/organisations.toml"


def test_publications_and_money(network):
    report = next(
        n
        for n, d in network.nodes(data=True)
        if d["type"] == "report" and d["title"].startswith("Vold og voldtekt i Norge")
    )
    assert network.has_edge("org:nkvts", report, "publishes")
    assert network.has_edge(report, node("7"), "reported_in")
    amounts = [
        (
            network.nodes[target]["nok"],
            [t for _, t, k in network.out_edges(target, keys=True) if k == "receives_amount"],
        )
        for _, target, key in network.out_edges(node("11"), keys=True)
        if key == "has_amount"
    ]
    assert amounts == [
        (50_000_000, []),
        (25_000_000, ["org:nkvts"]),
        (25_000_000, ["org:nova"]),
        (6_000_000, []),
    ]
