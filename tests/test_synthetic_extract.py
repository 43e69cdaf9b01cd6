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
    nfd = organisations["nfd"]  # named in full in the text, and by its code on the Ansvarlig line
    assert (nfd.name, nfd.abbreviation, nfd.known) == ("Nærings- og fiskeridepartementet", "NFD", True)
    assert [o.id for o in organisations.values() if not o.known] == ["nsmh"]


def test_a_ministry_the_gazetteer_lacks_is_known_by_its_initials():
    """A ministry named in full gets the code of a responsible field that its initials make."""
    from graph.extract.discover import discover
    from graph.gazetteer import load_organisations
    from graph.model import Line, Measure, Plan, Report, Span

    text = "Tiltaket følges opp av Sjø- og havdepartementet."
    measure = Measure("1", 1, None, "Tiltak", None, "", ["SHD"], None, text, Span(1, 2))
    measure.status_lines, measure.responsible_line = [Line(2, text)], 1
    report = Report("r.txt", Plan("p", "Plan", None), [], [measure])
    found = discover(report, load_organisations())
    assert [(o.name, o.abbreviation, o.known) for o in found.values()] == [
        ("Sjø- og havdepartementet", "SHD", False)
    ]


def test_roles_and_facts(synthetic_extraction):
    records = {r["id"]: r for r in measure_records(synthetic_extraction)}
    one = {a["id"]: a["roles"] for a in records["1"]["actors"]}
    assert one["nfd"] == ["responsible", "commissions", "funds"]
    assert one["nsmh"] == ["executes"]
    assert records["1"]["refs"]["internal"] == ["3"]
    assert records["1"]["refs"]["external"] == [
        {
            "plan": "Handlingsplan mot vold i nære relasjoner (2014-2017)",
            "measure": "12",
            "line": 24,
            "page": None,
            "report": "synthetic_report.txt",
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
