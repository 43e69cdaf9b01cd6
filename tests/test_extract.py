"""Extraction on the bundled report: actors and roles, references, documents, publications, links, money."""

import re

from graph.extract.actors import anaphor_pattern, passages
from graph.gazetteer import lexicon


def roles(records, measure, actor):
    return next((a["roles"] for a in records[measure]["actors"] if a["id"] == actor), [])


def test_responsible_ministries_come_from_the_ansvarlig_line(records):
    one = records["1"]["actors"]
    assert [a["id"] for a in one[:5]] == ["jd", "ad", "bld", "hod", "kd"]
    assert all("responsible" in a["roles"] for a in one[:5])
    assert roles(records, "40", "kmd") == ["responsible"]
    assert roles(records, "6", "jd") == []  # a parent of sub-measures has no Ansvarlig line of its own


def evidence_lines(records, measure_id, org_id, role):
    actor = next(a for a in records[measure_id]["actors"] if a["id"] == org_id)
    return [item["line"] for item in actor["evidence"] if item["role"] == role]


def test_roles_named_in_the_issue(records):
    assert "executes" in roles(records, "35", "kripos")  # "Oppdraget ble gitt til Kripos"
    assert "partner" in roles(records, "35", "riksadvokaten")
    assert "executes" in roles(records, "18a", "nkvts")
    assert roles(records, "13", "nova") == ["evaluates"]  # "følgeevalueres av ... NOVA"
    assert roles(records, "4", "hod") == ["responsible", "commissions"]  # "På oppdrag fra Helse- og ..."
    assert "executes" in roles(records, "4", "fhi")
    assert roles(records, "4", "ssb") == ["partner"]  # member of FHI's working group
    assert roles(records, "1", "jd") == ["responsible", "commissions", "executes", "funds"]
    assert roles(records, "1", "fafo") == ["evaluates"]  # "Ordningen er evaluert av FAFO"
    assert roles(records, "1", "dinamo") == ["mentioned"]
    assert roles(records, "17", "bufdir") == ["commissions", "executes"]  # "På oppdrag fra Barne-, ..."
    assert roles(records, "26", "hdir") == ["funds"]  # "Helsedirektoratet gir tilskudd til ..."
    assert roles(records, "27", "afi") == ["evaluates"]  # "Evalueringen gjennomføres av ... (AFI)"
    assert roles(records, "30", "pod") == ["commissions", "executes"]
    assert roles(records, "39", "ramboll") == ["evaluates"]  # "Evalueringen av politirådene (Rambøll 2014)"
    # "Bufdir støttet denne konferansen og arrangerte en pre-konferanse": the subject of both verbs
    assert sorted(roles(records, "45", "bufdir")) == ["executes", "funds"]
    # "inngikk Politidirektoratet samarbeid med ...", "var Politidirektoratet programpartner"
    assert roles(records, "45", "pod") == ["partner"]
    # At the forum: "innleggene omhandlet ... (ved Indre Østfold krisesenter)", "… og Krisesenteret i
    # Vestfold om utviklingen av ..." (the verb "informerte" left out)
    assert roles(records, "41", "indre-ostfold-krisesenter") == ["partner"]
    assert roles(records, "41", "krisesenteret-i-vestfold") == ["partner"]
    # "følgeevalueres prosjektet av forskningsinstituttet NOVA", "RVTSene skal sørge for at ..."
    assert 3032 in evidence_lines(records, "44", "nova", "evaluates")
    assert 2245 in evidence_lines(records, "28", "rvts", "executes")
    # "Helsedirektoratet skal være Donor Program Partner sammen med Folkehelseinstituttet"
    assert 3121 in evidence_lines(records, "45", "hdir", "partner")


def test_old_ministry_name_and_typos_resolve(records):
    bld = next(a for a in records["27"]["actors"] if a["id"] == "bld")
    assert any(e["line"] == 2169 and e["role"] == "commissions" for e in bld["evidence"])
    assert "nkvts" in {a["id"] for a in records["11"]["actors"]}  # "NKTS" on line 977
    jd_lines = {e["line"] for a in records["19"]["actors"] if a["id"] == "jd" for e in a["evidence"]}
    assert 1790 in jd_lines  # "Justis- og berskapsdepartementet har satt av midler"


def test_the_police_in_general_is_not_the_police_directorate(extraction, records):
    pod = {e["line"] for a in records["39"]["actors"] if a["id"] == "pod" for e in a["evidence"]}
    assert 2706 not in pod  # "Politiet har etablert et politirådssamarbeid ..."
    assert 2721 in pod  # "Politidirektoratet har, i dialog med ... KS, utarbeidet en veileder"
    for involvement in extraction.involvements:
        if involvement.actor == "pod":
            for evidence in involvement.evidence:
                assert re.search(r"Politidirektorat|POD|[Dd]irektoratet", evidence.text), evidence


def test_every_actor_evidence_names_the_actor(extraction):
    for involvement in extraction.involvements:
        organisation = extraction.organisations[involvement.actor]
        for evidence in involvement.evidence:
            if evidence.text.startswith("Ansvarlig:"):
                assert organisation.abbreviation in evidence.text
                continue
            forms = [" ".join(form.split()) for form in organisation.forms]
            named = any(form.lower() in evidence.text.lower() for form in forms)
            assert named or anaphor_pattern().search(evidence.text), (
                involvement.measure,
                organisation.id,
                evidence,
            )


def back_references(report, extraction, measure):
    names = lexicon(extraction.organisations.values())
    found = passages(report.measure(measure), names, extraction.organisations)
    return {(p.sentence.line_at(m.start), m.surface, m.actor) for p in found for m in p.mentions if m.anaphor}


def test_back_references(report, extraction):
    centre = "kompetansesenter-kriminalitetsforebygging"
    assert back_references(report, extraction, "2") == {
        (384, "Kompetansesenteret", centre),
        (391, "Senteret", centre),
        (392, "Senteret", centre),
        (395, "kompetansesenteret", centre),
        (406, "Kompetansesenteret", centre),
    }
    assert (1731, "Departementet", "jd") in back_references(report, extraction, "18b")  # after "fra JD"
    assert not any(line == 1634 for line, _, _ in back_references(report, extraction, "18a"))  # unclear
    assert (1280, "direktoratet", "bufdir") in back_references(report, extraction, "14")


def test_regional_centres(records):
    assert roles(records, "36", "rvts-nord") == ["partner"]
    assert roles(records, "36", "rvts-vest") == ["executes"]  # "RVTS Vest vil stå for gjennomføringen"
    assert "executes" in roles(records, "10", "rvts")  # "RVTSene jobber ..."


def test_internal_references(records):
    assert records["13"]["refs"]["internal"] == ["44", "11", "1"]
    assert records["30"]["refs"]["internal"] == []
    assert records["6b"]["refs"]["internal"] == ["6a", "4"]  # "tiltak 6 a"
    assert records["40"]["refs"]["internal"] == ["14", "17"]  # "tiltak 14 og 17"
    assert records["33"]["refs"]["internal"] == ["1", "44"]  # "tiltak 1 i handlingsplanen"; not itself
    assert records["1"]["refs"]["internal"] == ["18a"]


BUNDLED = "handlingsplan-vold-i-naere-relasjoner-2014-2017-sluttrapport-2018.txt"


def test_references_to_another_plan_are_not_internal(records):
    fourteen = records["14"]["refs"]
    assert fourteen["external"] == [
        {
            "plan": "En god barndom varer livet ut",
            "measure": "23a",
            "line": 1317,
            "page": None,
            "report": BUNDLED,
        }
    ]
    assert "23" not in fourteen["internal"] and "23a" not in fourteen["internal"]
    assert records["27"]["refs"]["external"][0]["measure"] == "34"
    assert records["11"]["refs"]["external"] == [
        {
            "plan": "Retten til å bestemme over eget liv",
            "measure": "26",
            "line": 877,
            "page": None,
            "report": BUNDLED,
        }
    ]
    assert records["31"]["refs"] == {
        "internal": [],
        "external": [
            {
                "plan": "En god barndom varer livet ut",
                "measure": "19",
                "line": 2391,
                "page": None,
                "report": BUNDLED,
            }
        ],
    }


def test_other_plans_papers_and_laws(records):
    assert records["19"]["plans"] == [
        "Prop. 112 L (2014-2015)",
        "straffeprosessloven",
        "Innst. 347 L (2014-2015)",
        "Lovvedtak 91 (2014-2015)",
        "Forskrift om avhør av barn og andre særlig sårbare fornærmede og vitner",
        "Opptrappingsplan mot vold og overgrep (2017-2021)",
        "Prop. 12 S (2016-2017)",
    ]
    assert records["30"]["plans"] == ["straffeloven § 219"]
    assert records["40"]["plans"] == ["Meld. St. 15 (2012-2013)", "krisesenterlova", "barnevernloven"]
    assert "Istanbulkonvensjonen" in records["45"]["plans"]
    assert "Handlingsplan mot vold i nære relasjoner" not in " ".join(records["10"]["plans"])  # itself
    # "laget en handlingsplan mot vold i nære relasjoner – «Sammen mot vold»": named by its title
    assert records["36"]["plans"] == ["Sammen mot vold"]
    # "i handlingsplanen og kampanjene «Kjernekar» og …": campaigns, not plans
    assert "Kjernekar" not in records["33"]["plans"]


def test_urls_whole_and_deduplicated(records):
    urls = records["1"]["urls"]
    assert "https://dinutvei.no/" in urls and "www.dinutvei.no" in urls
    assert "https://www.nkvts.no/content/uploads/2018/06/Rapport_2-18_Forebyggende-tiltak.pdf" in urls
    assert "www.udi.no/vold" in urls  # a bare www. address
    assert urls.count("www.hvorlite.no") == 1
    assert len(urls) == 11
    assert records["45"]["urls"][-1] == (
        "http://eeagrants.org/Partnerships/Donor-programme-partners/Norwegian-Police-Directorate"
    )
    assert "https://www.bufdir.no/vold/TryggEst/" in records["17"]["urls"]  # a hyperlink of measure 17


def test_publications(records):
    report = next(r for r in records["1"]["reports"] if r["title"].startswith("Forebyggende tiltak"))
    assert (
        report["url"] == "https://www.nkvts.no/content/uploads/2018/06/Rapport_2-18_Forebyggende-tiltak.pdf"
    )
    assert report["publisher_id"] == "nkvts"
    seven = records["7"]["reports"]
    assert [(r["title"], r["publisher"], r["year"]) for r in seven] == [
        ("Vold og voldtekt i Norge. En nasjonal forekomststudie om vold og voldtekt", "NKVTS", 2014),
        (
            "Vold og voldtekt i oppveksten: En nasjonal intervjuundersøkelse av 16- og 17-åringer",
            "NKVTS",
            None,
        ),
    ]
    assert seven[1]["url"] == "http://www.nkvts.no/publikasjoner/Sider/PublikasjonsInfo.aspx?publID=1611"
    fifteen = records["15"]["reports"][0]
    assert (fifteen["title"], fifteen["kind"], fifteen["year"]) == (
        "Veileder til krisesenterloven",
        "guideline",
        2015,
    )
    assert records["43"]["reports"][0]["publisher"] == "NOVA" and records["43"]["reports"][0]["year"] == 2013
    # Unquoted titles: one that opens its sentence, one after the noun it names ("veilederen for …")
    assert [(r["title"], r["kind"], r["year"]) for r in records["24"]["reports"]] == [
        ("Veileder for psykososiale tiltak ved kriser, ulykker og katastrofer", "guideline", 2011),
        ("Mestring, samhørighet og håp", "guideline", 2016),
    ]


def test_money_normalised_to_kroner(records):
    def amounts(measure):
        return [(a["nok"], a["year"], a["funder"], a["recipient"]) for a in records[measure]["amounts"]]

    assert amounts("11") == [
        (50_000_000, None, None, None),
        (25_000_000, None, None, "NKVTS"),
        (25_000_000, None, None, "NOVA"),
        (6_000_000, None, None, None),
    ]
    # "Regjeringen ved Justis- og beredskapsdepartementet har avsatt 7 millioner kroner årlig"
    assert amounts("1")[0] == (7_000_000, None, "JD", None)
    assert records["1"]["amounts"][0]["funder_basis"] == "stated"
    # the measure's other money comes from the same ministry: "1,3 millioner kroner i 2016"
    assert (1_300_000, 2016, "JD", None) in amounts("1")
    assert {a["funder_basis"] for a in records["1"]["amounts"][1:]} == {"inherited"}
    assert amounts("27")[:2] == [(370_000_000, 2013, None, None), (534_000_000, 2017, None, None)]
    assert amounts("42") == [
        (2_500_000, 2015, None, None),  # "2,5 millioner fra 2015" (no "kroner")
        (11_600_000, 2016, None, None),
        (11_790_000, 2017, None, None),
    ]
    assert all(a["nok"] != 11_600_000 for a in records["1"]["amounts"])  # "11,6 millioner" views


def test_every_fact_has_evidence_inside_its_measure(extraction, report):
    spans = {m.id: m.span for m in report.measures}
    facts = [
        *((i.measure, e) for i in extraction.involvements for e in i.evidence),
        *((r.source, r.evidence) for r in extraction.references),
        *((m.measure, m.evidence) for m in extraction.mentions),
        *((p.measure, p.evidence) for p in extraction.publications),
        *((a.measure, a.evidence) for a in extraction.amounts),
        *((link.measure, link.evidence) for link in extraction.links),
    ]
    assert len(facts) > 650
    for measure, evidence in facts:
        assert spans[measure].start <= evidence.line <= spans[measure].end, (measure, evidence)
        assert evidence.text.strip()
