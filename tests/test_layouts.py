"""Layouts of other reports, each in a small constructed report: the number alone on the heading
line with the title below and fields in columns split by bars; measures numbered within lettered
parts (A1, B2a) with two responsible fields on one line; measures numbered within areas
(Tiltak 2.3) with a two-column table of fields; a status at the end of the heading."""

from __future__ import annotations

import pytest

from graph.parse import parse_report

BARS = """Handlingsplan mot spilleproblemer (2020–2023)
Statusrapport desember 2021


FOREBYGGING
===========

Tiltak 1
Befolkningsundersøkelse om pengespill
Ansvar: KUD | Frist: 2022 | Status: Pågår
Lotteri- og stiftelsestilsynet har gitt Universitetet i Bergen i oppdrag å gjennomføre undersøkelsen.

Tiltak 2
Merking av reklame
Ansvar: KUD, HOD | Frist: 2023 | Status: Ikke startet
Arbeidet starter i 2022.


REGULERING
==========

Tiltak 3
Betalingsformidlingsforbud
Ansvar: KUD | Frist: 2022 | Status: Gjennomført
Forbudet gjelder fra 2021.
"""

PARTS = """Handlingsplan mot vold mot eldre (2021–2024)
Statusrapport juni 2023


Del A: Kunnskap

A1  Nasjonal undersøkelse om vold mot eldre
    Hovedansvar: HOD          Medansvar: JD
    Tidsrom: 2021–2023
    Status juni 2023: Gjennomført

NKVTS har gjennomført undersøkelsen.

A2  Kompetanseprogram for ansatte
    Hovedansvar: HOD
    Tidsrom: 2021–2024
    Status juni 2023: Pågår

Programmet er i gang.


Del B: Hjelp

B1  Kontaktpunkt i kommunene
    Hovedansvar: KDD
    Tidsrom: 2022–2024
    Status juni 2023: Pågår

Arbeidet pågår.

B2  Botilbud for eldre utsatt for vold

B2a Krisesenterplasser for eldre
    Hovedansvar: BFD
    Tidsrom: 2021–2022
    Status juni 2023: Gjennomført

Plassene er etablert.

B2b Midlertidig bolig
    Hovedansvar: KDD
    Tidsrom: 2023–2024
    Status juni 2023: Ikke startet

Arbeidet er ikke startet.
"""

AREAS = """Handlingsplan mot rus blant ungdom (2019–2022)
Sluttrapport 2023


INNSATSOMRÅDE 1 – KUNNSKAP

Tiltak 1.1 Nasjonal kartlegging av rusbruk
Ansvar        HOD
Periode       2019–2021
Status        Gjennomført

Kartlegginga er gjennomført.

Tiltak 1.2 Rettleiar for skulen (Forseinka)
Ansvar        KD, HOD
Periode       2020–2022

Rettleiaren kjem i 2023.


INNSATSOMRÅDE 2 – TIDLEG INNSATS

Tiltak 2.1 Oppfølging av unge lovbrytarar
Ansvar        JD
Periode       2019–2022
Status        Løpande

Arbeidet held fram.
"""


@pytest.fixture
def report(tmp_path, request):
    path = tmp_path / "report.txt"
    path.write_text(request.param, encoding="utf-8")
    return parse_report(path)


def rows(report) -> list[tuple]:
    return [
        (
            m.id,
            m.parent,
            m.title,
            m.chapter,
            m.responsible,
            m.period and (m.period.start, m.period.end),
            m.status and m.status.value,
        )
        for m in report.measures
    ]


@pytest.mark.parametrize("report", [BARS], indirect=True)
def test_the_title_below_the_number_and_fields_split_by_bars(report):
    assert [(c.number, c.title) for c in report.chapters] == [(1, "FOREBYGGING"), (2, "REGULERING")]
    assert rows(report) == [
        ("1", None, "Befolkningsundersøkelse om pengespill", 1, ["KUD"], (2022, 2022), "ongoing"),
        ("2", None, "Merking av reklame", 1, ["KUD", "HOD"], (2023, 2023), "not_started"),
        ("3", None, "Betalingsformidlingsforbud", 2, ["KUD"], (2022, 2022), "done"),
    ]


@pytest.mark.parametrize("report", [PARTS], indirect=True)
def test_measures_numbered_within_lettered_parts(report):
    assert [(c.number, c.title) for c in report.chapters] == [(1, "Kunnskap"), (2, "Hjelp")]
    assert rows(report) == [
        ("A1", None, "Nasjonal undersøkelse om vold mot eldre", 1, ["HOD", "JD"], (2021, 2023), "done"),
        ("A2", None, "Kompetanseprogram for ansatte", 1, ["HOD"], (2021, 2024), "ongoing"),
        ("B1", None, "Kontaktpunkt i kommunene", 2, ["KDD"], (2022, 2024), "ongoing"),
        ("B2", None, "Botilbud for eldre utsatt for vold", 2, [], None, None),
        ("B2a", "B2", "Krisesenterplasser for eldre", 2, ["BFD"], (2021, 2022), "done"),
        ("B2b", "B2", "Midlertidig bolig", 2, ["KDD"], (2023, 2024), "not_started"),
    ]
    assert report.measures[0].status.date == "2023-06"


@pytest.mark.parametrize("report", [AREAS], indirect=True)
def test_measures_numbered_within_areas_with_fields_in_two_columns(report):
    assert [(c.number, c.title) for c in report.chapters] == [(1, "KUNNSKAP"), (2, "TIDLEG INNSATS")]
    assert rows(report) == [
        ("1.1", None, "Nasjonal kartlegging av rusbruk", 1, ["HOD"], (2019, 2021), "done"),
        ("1.2", None, "Rettleiar for skulen", 1, ["KD", "HOD"], (2020, 2022), "delayed"),
        ("2.1", None, "Oppfølging av unge lovbrytarar", 2, ["JD"], (2019, 2022), "continuous"),
    ]
    assert report.measures[1].status.rule == "heading.status"
