"""The parser on the bundled report: records, headings, irregular measures, artefacts, line numbers."""

import re

from graph.read.breaks import URL_START, trim_url
from graph.read.clean import LINK_LINE

EXPECTED_IDS = [str(n) for n in range(1, 6)] + ["6", "6a", "6b", "6c"] + [str(n) for n in range(7, 19)]
EXPECTED_IDS += ["18a", "18b"] + [str(n) for n in range(19, 46)]


def test_fifty_records_in_document_order(report):
    assert [m.id for m in report.measures] == EXPECTED_IDS
    assert len(report.measures) == 50


def test_plan_from_running_header(report):
    assert report.plan.title == "Handlingsplan mot vold i nære relasjoner"
    assert (report.plan.period.start, report.plan.period.end) == (2014, 2017)
    assert report.date == "2018-08"
    assert report.plan.id == "handlingsplan-mot-vold-i-naere-relasjoner-2014-2017"


def test_chapters(report):
    assert [(c.number, c.first_measure, c.last_measure) for c in report.chapters] == [
        (1, 1, 8),
        (2, 9, 13),
        (3, 14, 29),
        (4, 30, 35),
        (5, 36, 45),
    ]
    assert report.chapters[0].title == "Bedre føre var. Om forebygging og synliggjøring"
    assert report.chapters[1].title == "Trygghet til å handle. Om kunnskap og kompetanse"
    assert report.chapters[4].title == "Samhandling i praksis. Om samarbeid og samordning"
    assert report.chapters[4].line == 2525


def test_every_measure_lies_in_its_chapter_range(report):
    chapters = {c.number: c for c in report.chapters}
    for measure in report.measures:
        chapter = chapters[measure.chapter]
        assert chapter.first_measure <= measure.number <= chapter.last_measure, measure.id
    assert report.measure("30").chapter == 4


def test_headings_broken_over_two_lines(report):
    assert report.measure("10").title == (
        "Styrking av de regionale ressurssentrene om vold, traumatisk stress og selvmordsforebygging"
    )
    assert report.measure("17").title == (
        "Oppfølging av kartleggingen av hjelpetilbudet for voldsutsatte med funksjonsnedsettelse"
    )
    assert report.measure("27").title == (
        "Videreføring av tilbudet til voldsutøvere gjennom Alternativ til vold og familieverntjenestene"
    )


def test_headings_with_leading_space(report):
    assert report.measure("5").span.start == 483
    assert report.measure("5").title == "Rutinemessige spørsmål for å avdekke vold mot gravide"
    assert report.measure("22").span.start == 1905
    assert report.measure("43").span.start == 2879


def test_no_false_headings(report):
    starts = {m.span.start for m in report.measures}
    assert 661 not in starts  # "20. mars 2015 presenterte NKVTS ..."
    assert 1000 not in starts  # "1. Utviklingstrekk, sårbarhet og beskyttelse"
    assert 1122 not in starts  # "1. Vold, helse og reviktimisering; ..."
    assert 2584 not in starts  # "2016:" (prize winners)
    assert report.measure("7").span.end == 687
    assert report.measure("36").span.end == 2607


def test_responsible_and_period(report):
    assert report.measure("40").responsible == ["BLD", "KMD"]
    assert report.measure("6b").responsible == ["JD", "BLD", "HOD", "KD"]
    assert report.measure("4").responsible == ["HOD", "BLD", "JD"]
    period = report.measure("8").period
    assert (period.start, period.end) == (2016, 2016)
    assert report.measure("11").period.end == 2018


def test_irregular_measures(report):
    assert report.measure("25").period is None
    assert report.measure("25").responsible == ["HOD"]
    ten = report.measure("10")
    assert (ten.responsible_line, ten.period_line) == (823, 827)  # Gjennomføring after a page break
    assert (ten.period.start, ten.period.end) == (2014, 2017)
    assert report.measure("38").status_text.startswith(
        "Web-basert veileder for utvikling av kommunale handlingsplaner"
    )
    assert report.measure("6b").status_text.startswith("Som grunnlag for å arbeide videre med tiltaket")


def test_sub_measures(report):
    assert [m.id for m in report.measures if m.parent == "6"] == ["6a", "6b", "6c"]
    assert [m.id for m in report.measures if m.parent == "18"] == ["18a", "18b"]
    six = report.measure("6")
    assert six.description.startswith("Statistikk er viktig for å synliggjøre voldens omfang")
    assert six.description.endswith("gjennom å")
    assert six.responsible == [] and six.period is None
    assert (six.span.start, six.span.end) == (514, 611)
    assert report.measure("18").description.endswith("herunder:")
    assert report.measure("18a").title == (
        "Det skal etableres en ny nettportal om vold i nære relasjoner for utsatte og hjelpeapparat"
    )
    assert (report.measure("18a").span.start, report.measure("18b").span.start) == (1532, 1679)
    assert report.measure("6c").chapter == 1 and report.measure("18b").chapter == 3


def test_lettered_items_sharing_one_responsible_line_stay_inside(report):
    ids = {m.id for m in report.measures}
    assert not ids & {"25a", "25e", "33a", "33e"}
    assert "e) Etablere et kompetansenettverk i klinisk rettsmedisin" in report.measure("25").description
    assert "e) Eventuell tidsfrist som virkemiddel" in report.measure("33").description
    assert report.measure("25").status_text.startswith("a) Tjenestene til volds- og overgrepsutsatte")


def test_running_header_page_number_and_link_lists_removed(report):
    kept = [line for m in report.measures for line in m.text_lines]
    texts = " ".join(line.text for line in kept)
    assert "Sluttrapportering august 2018" not in texts
    numbers = {line.number for line in kept}
    assert not numbers & {92, 93, 94, 1562, 1564, 3151, 3152}  # link lists, header, page number
    assert 1563 not in numbers


def test_urls_repaired_across_line_breaks(report, raw_lines):
    listed = {line.rstrip("/") for line in raw_lines if LINK_LINE.match(line)}
    kept_urls = [
        trim_url(token)
        for m in report.measures
        for line in m.text_lines
        for token in line.text.split()
        if URL_START.match(token)
    ]
    assert len(kept_urls) > 60
    for url in kept_urls:
        if url.rstrip("/") in listed:
            continue
        assert not any(full.startswith(url) and len(full) - len(url) > 2 for full in listed), url
    status = report.measure("6a").status_text
    assert (
        "https://www.bufdir.no/Statistikk_og_analyse/Vold_og_overgrep_tall_og_statistikk/Krisesentertilbudet/"
        in status
    )
    assert (
        "http://www.hioa.no/Om-HiOA/Senter-for-velferds-og-arbeidslivsforskning/NOVA/Publikasjonar/"
        "Rapporter/2016/Vold-og-overgrep-mot-barn-og-unge" in report.measure("11").status_text
    )
    assert (
        "https://www.nkvts.no/content/uploads/2018/06/Rapport_2-18_Forebyggende-tiltak.pdf"
        in report.measure("1").status_text
    )


def test_words_split_at_line_end_rejoined_and_real_hyphens_kept(report):
    one = report.measure("1").status_text
    assert "planlegging og gjennomføring, eventuelt" in one
    assert "gjennom-" not in one
    assert "Barne-, ungdoms- og familiedirektoratet (Bufdir) har gjennomført" in one
    assert "e-læringskurs for fastleger" in report.measure("22").status_text
    assert "i utvalgte pilotkommuner/-krisesentre" in report.measure("14").status_text
    assert "(2015-2017)" in report.measure("11").status_text
    assert (
        "Helse- og omsorgsdepartementet og Justis- og beredskapsdepartementet"
        in report.measure("25").status_text
    )


def test_sentences_continue_across_page_breaks(report):
    one = report.measure("1").status_text
    assert "bidra til bevisstgjøring og forebygging. Hovedelementene" in one
    assert "som driftes av Nasjonalt kunnskapssenter om vold og traumatisk stress (NKVTS)" in one


def test_line_numbers_are_those_of_the_source_file(report, raw_lines):
    for measure in report.measures:
        assert 1 <= measure.span.start <= measure.span.end <= len(raw_lines)
        for line in measure.text_lines:
            words = [w for w in re.findall(r"\w{4,}", line.text) if not w.startswith("http")][:2]
            for word in words:
                assert word in raw_lines[line.number - 1], (measure.id, line.number, word)
    assert report.measure("1").span.start == 4 and report.measure("1").span.end == 370
    assert report.measure("45").span.end == 3184


def test_footnote_kept_with_its_measure_and_marker_removed(report):
    fourteen = report.measure("14")
    assert len(fourteen.footnotes) == 1
    note = fourteen.footnotes[0]
    assert note.number == 1 and note.lines[0].number == 1317
    assert note.lines[0].text.startswith("jf. tiltak 23 a i En god barndom varer livet ut")
    line = next(line for line in fourteen.status_lines if line.number == 1287)
    assert line.text.endswith("ved krisesentrene i 2016.")


def test_hidden_links_found_and_anchored(report):
    hidden = {link.url: link for link in report.hidden_links}
    link = hidden[
        "https://helsedirektoratet.no/horinger/nasjonal-faglig-retningslinje-for-svangerskapsomsorgen"
    ]
    assert link.line == 526 and link.anchor == 512  # listed under 6a's page, belongs to measure 5
    assert hidden["https://www.bufdir.no/vold/TryggEst/"].anchor in range(1515, 1525)
    assert "http://www.hvorlite.no/" not in hidden  # shown in the text as www.hvorlite.no
    assert not any(url.startswith("file:") for url in hidden)
