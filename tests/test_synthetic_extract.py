"""Extraction on another report of the same family: organisations the gazetteer lacks are found."""

from graph.records import measure_records


def test_text_defined_and_unknown_organisations(synthetic_extraction):
    organisations = synthetic_extraction.organisations
    nsmh = organisations["nsmh"]
    assert (nsmh.name, nsmh.abbreviation, nsmh.kind, nsmh.known) == (
        "Nasjonalt senter mot menneskehandel",
        "NSMH",
        "unknown",
        False,
    )
    nfd = organisations["naerings-og-fiskeridepartementet"]
    assert nfd.abbreviation == "NFD" and not nfd.known  # the code of the Ansvarlig line, by its initials
    assert not organisations["kud"].known and organisations["kud"].name == "KUD"


def test_roles_and_facts(synthetic_extraction):
    records = {r["id"]: r for r in measure_records(synthetic_extraction)}
    one = {a["id"]: a["roles"] for a in records["1"]["actors"]}
    assert one["naerings-og-fiskeridepartementet"] == ["responsible", "commissions", "funds"]
    assert one["nsmh"] == ["executes"]
    assert records["1"]["refs"]["internal"] == ["3"]
    assert records["1"]["refs"]["external"] == [
        {
            "plan": "Handlingsplan mot vold i nære relasjoner (2014-2017)",
            "measure": "12",
            "line": 24,
            "page": None,
        }
    ]
    assert records["1"]["amounts"][0]["nok"] == 2_500_000
    assert records["1"]["amounts"][0]["funder"] == "NFD"
    assert records["1"]["reports"][0]["title"] == "Utnyttelse i arbeidslivet"
    assert (
        records["1"]["reports"][0]["url"]
        == "https://www.nsmh.example/rapporter/utnyttelse-i-arbeidslivet.pdf"
    )
    assert records["1"]["reports"][0]["year"] == 2020
    assert records["2b"]["refs"]["internal"] == ["2a"]
    assert {a["id"]: a["roles"] for a in records["2a"]["actors"]}["kirkens-bymisjon"] == ["partner"]
    assert records["4"]["refs"]["internal"] == ["1"] and records["5"]["refs"]["internal"] == ["4"]
