"""The parser on another report of the same family (tests/data/synthetic_report.txt)."""


def test_plan_and_chapters(synthetic):
    assert synthetic.plan.title == "Handlingsplan mot menneskehandel"
    assert (synthetic.plan.period.start, synthetic.plan.period.end) == (2019, 2022)
    assert synthetic.date == "2021-03"
    assert [(c.title, c.first_measure, c.last_measure) for c in synthetic.chapters] == [
        ("Styrket innsats. Om forebygging og kunnskap", 1, 3),
        ("Bedre hjelp. Om oppfølging av ofre", 4, 5),
    ]


def test_records(synthetic):
    assert [m.id for m in synthetic.measures] == ["1", "2", "2a", "2b", "3", "4", "5"]
    one = synthetic.measure("1")
    assert one.title == "Kartlegging av menneskehandel i arbeidslivet"
    assert one.responsible == ["NFD", "JD"]
    assert (one.period.start, one.period.end) == (2019, 2021)
    assert (one.span.start, one.span.end) == (4, 25)
    assert synthetic.measure("2a").responsible == ["JD", "KUD"]
    assert synthetic.measure("2a").parent == "2"
    assert synthetic.measure("2b").status_text.startswith(
        "Telefontjenesten er utredet"
    )  # "STATUS" without colon
    assert synthetic.measure("3").responsible == ["AD", "FIN"]
    assert "c) en felles e-læringsmodul" in synthetic.measure("3").description  # items stay inside
    assert synthetic.measure("4").chapter == 2
    assert synthetic.measure("5").period is None


def test_artefacts_cleaned(synthetic):
    one = synthetic.measure("1")
    assert "https://www.nsmh.example/rapporter/utnyttelse-i-arbeidslivet.pdf" in one.status_text
    assert "1. Utnyttelse skjer oftest i små virksomheter" in one.status_text  # a list, not a heading
    two_b = synthetic.measure("2b")
    assert "Statusrapport" not in two_b.status_text and two_b.span.end == 45
    assert "Opplæringsopplegget evalueres i 2022." in synthetic.measure("3").status_text
    assert synthetic.measure("4").status_text.startswith("2020:")  # a year, not a heading
