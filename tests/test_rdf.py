"""The RDF graph, its exports (deterministic, round trip), its ontology and its SHACL shapes."""

import os
import subprocess
import sys
import textwrap

import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import ORG, PROV

from graph.export import RDF_FORMATS, render
from graph.export.contents import Contents
from graph.export.rdf import OA, TG, rdf_graph
from graph.namespaces import DEFAULT_BASE
from graph.validate import load_ontology, validate
from tests.conftest import PLAN, ROOT

MEASURE = f"{DEFAULT_BASE}plan/{PLAN}/measure/"


@pytest.fixture(scope="module")
def files(extraction):
    return render(Contents([extraction]), RDF_FORMATS)


def test_readable_iris_and_direct_facts(rdf):
    m18a, nkvts = URIRef(MEASURE + "18a"), URIRef(DEFAULT_BASE + "org/nkvts")
    assert (m18a, TG.executedBy, nkvts) in rdf
    assert (m18a, TG.subMeasureOf, URIRef(MEASURE + "18")) in rdf
    assert (URIRef(MEASURE + "13"), TG.refersToMeasure, URIRef(MEASURE + "44")) in rdf
    assert (nkvts, RDF.type, ORG.Organization) in rdf
    assert (
        URIRef(DEFAULT_BASE + "org/kripos"),
        ORG.subOrganizationOf,
        URIRef(DEFAULT_BASE + "org/pod"),
    ) in rdf


def test_involvement_keeps_role_and_evidence(rdf):
    association = URIRef(MEASURE + "18a/involvement/nkvts/executes")
    assert (URIRef(MEASURE + "18a"), PROV.qualifiedAssociation, association) in rdf
    assert (association, PROV.hadRole, TG.Executor) in rdf
    lines = sorted(int(rdf.value(e, TG.line)) for e in rdf.objects(association, TG.evidence))
    assert lines == [1534, 1542, 1547]
    evidence = next(e for e in rdf.objects(association, TG.evidence) if int(rdf.value(e, TG.line)) == 1534)
    selectors = set(rdf.objects(evidence, OA.hasSelector))
    fragment = next(s for s in selectors if (s, RDF.type, OA.FragmentSelector) in rdf)
    quote = next(s for s in selectors if (s, RDF.type, OA.TextQuoteSelector) in rdf)
    assert rdf.value(fragment, RDF.value) == Literal("line=1533,1534")
    assert "får i oppdrag å utvikle nettportalen" in str(rdf.value(quote, OA.exact))


def test_counts_agree_between_networkx_and_rdf(network, rdf):
    def count(kind):
        return sum(1 for _, data in network.nodes(data=True) if data["type"] == kind)

    assert len(set(rdf.subjects(TG.lastLine, None))) == count("measure") == 50
    assert len(set(rdf.subjects(RDF.type, ORG.Organization))) == count("organisation")
    assert len(set(rdf.subjects(TG.reportedIn, None))) == count("report")
    refers = sum(1 for *_, key in network.edges(keys=True) if key == "refers_to")
    assert len(set(rdf.triples((None, TG.refersToMeasure, None)))) == refers


def test_configurable_base(extraction):
    graph = rdf_graph([extraction], base="https://example.org/data")
    assert (URIRef(f"https://example.org/data/plan/{PLAN}/measure/18a"), RDF.type, TG.Measure) in graph


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("graph.ttl", "turtle"), ("graph.nt", "nt"), ("graph.jsonld", "json-ld"), ("graph.rdf", "xml")],
)
def test_round_trip(files, rdf, name, fmt):
    parsed = Graph().parse(data=files[name], format=fmt)
    assert len(parsed) == len(rdf)
    assert isomorphic(parsed, rdf)


def test_jsonld_has_a_context(files):
    import json

    document = json.loads(files["graph.jsonld"])
    assert document["@context"]["tg"] == "https://w3id.org/tiltaksgraf/ontology#"
    node = next(n for n in document["@graph"] if n["@id"].endswith("/measure/18a"))
    assert node["@type"] == ["tg:Measure"] and node["dcterms:identifier"] == [{"@value": "18a"}]


def test_exports_are_byte_identical_across_processes(files):
    script = textwrap.dedent(
        """
        import hashlib, sys
        from graph.export import RDF_FORMATS, render
        from graph.export.contents import Contents
        from graph.extract import extract
        from graph.parse import parse_report
        from tests.conftest import SOURCE
        files = render(Contents([extract(parse_report(SOURCE))]), RDF_FORMATS)
        print(" ".join(f"{n}={hashlib.sha256(files[n]).hexdigest()}" for n in sorted(files)))
        """
    )
    import hashlib

    expected = " ".join(f"{n}={hashlib.sha256(files[n]).hexdigest()}" for n in sorted(files))
    for seed in ("1", "2"):
        output = subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout.strip()
        assert output == expected


def test_ontology_labels_every_term_in_both_languages():
    ontology, _ = load_ontology()
    from rdflib import OWL, RDFS

    terms = set(ontology.subjects(RDF.type, OWL.Class)) | set(ontology.subjects(RDF.type, OWL.ObjectProperty))
    terms |= set(ontology.subjects(RDF.type, OWL.DatatypeProperty)) | set(
        ontology.subjects(RDF.type, TG.InvolvementRole)
    )
    terms = {term for term in terms if term.startswith(str(TG))}  # not the other vocabularies' terms
    assert len(terms) > 40
    for term in terms:
        for predicate in (RDFS.label, RDFS.comment):
            languages = {value.language for value in ontology.objects(term, predicate)}
            assert {"nb", "en"} <= languages, (term, predicate)


def test_every_term_used_in_the_data_is_defined(rdf):
    ontology, _ = load_ontology()
    used = {p for p in rdf.predicates() if str(p).startswith(str(TG))}
    used |= {o for o in rdf.objects(None, RDF.type) if str(o).startswith(str(TG))}
    assert used
    for term in used:
        assert (term, None, None) in ontology, term


def test_bundled_graph_conforms_to_the_shapes(rdf):
    assert validate(rdf) == []


def test_violations_are_reported_in_words(rdf):
    broken = Graph()
    for triple in rdf:
        broken.add(triple)
    measure = URIRef(MEASURE + "18a")
    broken.add((measure, URIRef("http://purl.org/dc/terms/title"), Literal("En tittel til", lang="nb")))
    broken.remove((URIRef(DEFAULT_BASE + "org/nkvts"), ORG.classification, None))
    messages = [str(v) for v in validate(broken)]
    assert any("18a" in m and "dcterms:title needs exactly one title" in m for m in messages), messages
    assert any("nkvts" in m and "needs exactly one kind" in m for m in messages), messages


def test_web_addresses_are_iris_with_their_scheme(rdf, records):
    from rdflib import XSD

    from graph.export.rdf import SCHEMA

    urls = list(rdf.objects(None, SCHEMA.url))
    assert len(urls) == 181 and all(isinstance(url, URIRef) for url in urls)
    assert all(str(url).startswith(("https://", "http://")) for url in urls)
    assert not list(rdf.subjects(None, Literal("www.udi.no/vold", datatype=XSD.anyURI)))
    written = [url for record in records.values() for url in record["urls"]]
    written += [report["url"] for record in records.values() for report in record["reports"] if report["url"]]
    assert len([url for url in written if url.startswith("www.")]) == 7  # 13 schema:url values before
    link = URIRef(MEASURE + "1")
    assert (link, SCHEMA.url, URIRef("https://www.udi.no/vold")) in rdf


def test_the_json_keeps_the_address_as_written_beside_its_href(records):
    one = records["1"]
    assert len(one["hrefs"]) == len(one["urls"]) == 11
    written = dict(zip(one["urls"], one["hrefs"], strict=True))
    assert written["www.udi.no/vold"] == "https://www.udi.no/vold"
    assert written["https://dinutvei.no/"] == "https://dinutvei.no/"
    reports = [report for record in records.values() for report in record["reports"] if report["url"]]
    assert reports and all(report["href"].startswith(("https://", "http://")) for report in reports)
    assert all(report["href"] == report["url"] for report in reports if "://" in report["url"])


def test_each_report_observes_a_status_and_the_latest_is_current():
    from graph.export.rdf import rdf_triples
    from graph.extract import extract
    from graph.parse import parse_report

    series = ROOT / "tests" / "data" / "series"
    reports = [
        extract(parse_report(series / name)) for name in ("interim-2016-12.txt", "interim-2016-06.txt")
    ]
    graph = Graph()
    for triple in rdf_triples(reports):
        graph.add(triple)
    rows = graph.query(
        """SELECT ?report ?status ?date WHERE {
             ?measure tg:statusObservation ?o . ?o tg:status ?status ; dcterms:date ?date ;
                prov:wasDerivedFrom ?report . ?report a tg:InterimReport }
           ORDER BY ?date""",
        initNs={"tg": TG, "prov": PROV, "dcterms": "http://purl.org/dc/terms/"},
        initBindings={
            "measure": URIRef(
                f"{DEFAULT_BASE}plan/handlingsplan-mot-vold-i-unge-kjaeresteforhold-2015-2017/measure/1"
            )
        },
    )
    assert [(str(r).rsplit("/", 1)[1], str(s).rsplit("#", 1)[1], str(d)) for r, s, d in rows] == [
        ("interim-2016-06-txt", "StatusNotStarted", "2016-06"),
        ("interim-2016-12-txt", "StatusOngoing", "2016-12"),
    ]
    measure = URIRef(f"{DEFAULT_BASE}plan/handlingsplan-mot-vold-i-unge-kjaeresteforhold-2015-2017/measure/1")
    assert list(graph.objects(measure, TG.currentStatus)) == [TG.StatusOngoing]
