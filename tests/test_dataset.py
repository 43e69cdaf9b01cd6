"""The dataset describes itself (DCAT, VoID, checksums of its sources, the software and gazetteer
versions), a build date only when asked for; organisations' former ids stay as owl:sameAs."""

import hashlib
import importlib.metadata
from dataclasses import replace

import pytest
from click.testing import CliRunner
from rdflib import OWL, RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from graph.cli import main
from graph.errors import SourceError
from graph.export import FORMATS
from graph.export.dataset import DCAT, NLOD, SPDX, VOID, DatasetOptions, build_date, describe_dataset
from graph.export.identity import former_iris
from graph.export.rdf import rdf_graph, rdf_graphs, rdf_triples
from graph.gazetteer import id_history
from graph.namespaces import DEFAULT_BASE
from graph.validate import validate
from tests.conftest import PLAN, ROOT

DATASET = URIRef(DEFAULT_BASE + "dataset")
REPORT = URIRef(DEFAULT_BASE + "source/handlingsplan-vold-i-naere-relasjoner-2014-2017-sluttrapport-2018-txt")
REPORT_SHA256 = "d89f6a9c3afbd469c08c5cd00357b4f24f49dd0f2b80bce9d691a340c8f04df7"  # of the bundled report
IANA = "https://www.iana.org/assignments/media-types/"
REPORT_NAME = "handlingsplan-vold-i-naere-relasjoner-2014-2017-sluttrapport-2018.txt"


def _checksum(rdf: Graph, node: URIRef) -> str:
    (checksum,) = rdf.objects(node, SPDX.checksum)
    assert rdf.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
    value = rdf.value(checksum, SPDX.checksumValue)
    assert value.datatype == XSD.hexBinary
    return str(value)


def test_the_dataset_names_itself_its_licence_and_what_it_conforms_to(rdf):
    assert set(rdf.objects(DATASET, RDF.type)) == {DCAT.Dataset, VOID.Dataset}
    assert set(rdf.objects(DATASET, DCTERMS.title)) == {
        Literal("Tiltak og aktører: Handlingsplan mot vold i nære relasjoner (2014–2017)", lang="nb"),
        Literal("Measures and actors: Handlingsplan mot vold i nære relasjoner (2014–2017)", lang="en"),
    }
    assert set(rdf.objects(DATASET, DCTERMS.license)) == {URIRef(NLOD)}
    assert rdf.value(DATASET, DCTERMS.conformsTo) == URIRef("https://w3id.org/tiltaksgraf/ontology")
    assert rdf.value(DATASET, VOID.uriSpace) == Literal(DEFAULT_BASE)


def test_the_source_report_has_its_sha256_and_licence(rdf):
    assert set(rdf.objects(DATASET, DCTERMS.source)) == {REPORT}
    assert _checksum(rdf, REPORT) == REPORT_SHA256
    assert hashlib.sha256((ROOT / "data" / "sources" / REPORT_NAME).read_bytes()).hexdigest() == REPORT_SHA256
    assert rdf.value(REPORT, DCTERMS.license) == URIRef(NLOD)


def test_the_build_names_the_software_version_and_the_gazetteers_with_their_checksums(rdf):
    build = rdf.value(DATASET, PROV.wasGeneratedBy)
    version = importlib.metadata.version("tiltaksgraf")
    software = rdf.value(build, PROV.wasAssociatedWith)
    assert software == URIRef(f"https://w3id.org/tiltaksgraf/software/{version}")
    assert rdf.value(software, URIRef("https://schema.org/softwareVersion")) == Literal(version)
    assert rdf.value(software, DCTERMS.license) == URIRef("http://spdx.org/licenses/MIT")
    used = set(rdf.objects(build, PROV.used))
    organisations = URIRef(DEFAULT_BASE + "gazetteer/organisations")
    assert used == {REPORT, organisations, URIRef(DEFAULT_BASE + "gazetteer/documents")}
    toml = ROOT / "data" / "gazetteer" / "organisations.toml"
    assert _checksum(rdf, organisations) == hashlib.sha256(toml.read_bytes()).hexdigest()
    assert rdf.value(organisations, URIRef("https://schema.org/version")) == Literal(version)


def test_one_distribution_per_export_file_with_its_media_type(rdf):
    distributions = {rdf.value(d, DCTERMS.title): d for d in rdf.objects(DATASET, DCAT.distribution)}
    assert (
        {str(title) for title in distributions}
        == {export.file for export in FORMATS.values()}
        >= {
            "graph.ttl",
            "graph.nt",
            "measures.json",
            "tiltaksgraf.xlsx",
        }
    )
    turtle = distributions[Literal("graph.ttl")]
    assert rdf.value(turtle, DCAT.mediaType) == URIRef(IANA + "text/turtle")
    assert rdf.value(turtle, DCTERMS.format) == Literal("text/turtle")
    graphml = distributions[Literal("graph.graphml")]
    assert rdf.value(graphml, DCAT.mediaType) is None  # not in IANA's register
    assert rdf.value(graphml, DCTERMS.format) == Literal("application/graphml+xml")


def test_void_counts_every_triple_the_description_included_and_the_entities_under_the_base(rdf, extraction):
    triples = int(rdf.value(DATASET, VOID.triples))
    assert triples == len(rdf) == len(rdf_triples([extraction]))
    assert triples == 13601  # 13 475 of the report's facts, 126 of this description
    entities = {s for s in rdf.subjects() if isinstance(s, URIRef) and str(s).startswith(DEFAULT_BASE)}
    assert int(rdf.value(DATASET, VOID.entities)) == len(entities) == 2667


def test_the_committed_n_triples_have_as_many_lines_as_void_triples():
    lines = (ROOT / "exports" / "graph.nt").read_text(encoding="utf-8").splitlines()
    stated = next(line for line in lines if line.startswith(f"<{DATASET}> <{VOID.triples}>"))
    assert stated.split('"')[1] == str(len(lines))


def test_void_names_the_vocabularies_the_graph_uses(rdf):
    assert {str(v) for v in rdf.objects(DATASET, VOID.vocabulary)} == {
        "https://w3id.org/tiltaksgraf/ontology#",
        "http://purl.org/dc/terms/",
        "http://www.w3.org/2004/02/skos/core#",
        "http://www.w3.org/ns/prov#",
        "http://www.w3.org/ns/org#",
        "https://schema.org/",
        "http://www.w3.org/ns/oa#",
        "http://www.w3.org/2000/01/rdf-schema#",
        "http://www.w3.org/ns/dcat#",
        "http://rdfs.org/ns/void#",
        "http://spdx.org/rdf/terms#",
    }  # not owl: no organisation of the bundled report has a former id


def test_no_build_date_and_no_endpoint_unless_given(rdf, extraction):
    assert rdf.value(DATASET, DCTERMS.issued) is None
    assert rdf.value(DATASET, VOID.sparqlEndpoint) is None
    options = DatasetOptions(stamp="2024-05-02", endpoint="https://example.org/sparql")
    given = Graph()
    given += rdf_triples([extraction], dataset=options)
    assert given.value(DATASET, DCTERMS.issued) == Literal("2024-05-02", datatype=XSD.date)
    assert given.value(DATASET, VOID.sparqlEndpoint) == URIRef("https://example.org/sparql")
    assert int(given.value(DATASET, VOID.triples)) == len(given) == len(rdf) + 2


@pytest.mark.parametrize(
    ("licence", "iri"),
    [
        ("", NLOD),
        ("NLOD-2.0", NLOD),
        ("CC-BY-4.0", "http://spdx.org/licenses/CC-BY-4.0"),
        ("https://creativecommons.org/licenses/by/4.0/", "https://creativecommons.org/licenses/by/4.0/"),
    ],
)
def test_a_licence_from_a_manifest_replaces_nlod(extraction, licence, iri):
    given = replace(extraction, report=replace(extraction.report, licence=licence))
    description = describe_dataset(set(), [given])
    assert {o for s, p, o in description if p == DCTERMS.license and s == DATASET} == {URIRef(iri)}
    assert (REPORT, DCTERMS.license, URIRef(iri)) in description


def test_a_licence_that_is_no_iri_nor_spdx_id_is_an_error(extraction):
    given = replace(extraction, report=replace(extraction.report, licence="CC BY 4.0"))
    with pytest.raises(SourceError, match=f"^{REPORT_NAME}: licence 'CC BY 4.0' is neither an SPDX id"):
        describe_dataset(set(), [given])


def test_the_description_is_a_named_graph_of_its_own(extraction):
    graphs = rdf_graphs([extraction])
    description = graphs[URIRef(DEFAULT_BASE + "graph/dataset")]
    assert (DATASET, RDF.type, DCAT.Dataset) in description
    assert (REPORT, SPDX.checksum, URIRef(f"{REPORT}/sha256")) in description
    report_graph = graphs[URIRef(f"{DEFAULT_BASE}plan/{PLAN}/report/{REPORT_NAME.replace('.', '-')}")]
    assert not any(s == DATASET for s, _, _ in report_graph)


def test_build_stamps_the_date_only_when_asked(tmp_path, monkeypatch):
    runner = CliRunner()
    assert runner.invoke(main, ["build", "--out", str(tmp_path / "plain")]).exit_code == 0
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1714608000")  # 2024-05-02 00:00 UTC
    result = runner.invoke(main, ["build", "--stamp", "--out", str(tmp_path / "stamped")])
    assert result.exit_code == 0, result.output
    plain = (tmp_path / "plain" / "graph.nt").read_text()
    stamped = (tmp_path / "stamped" / "graph.nt").read_text()
    assert plain == (ROOT / "exports" / "graph.nt").read_text()  # byte-identical without --stamp
    issued = f'<{DATASET}> <{DCTERMS.issued}> "2024-05-02"^^<{XSD.date}> .'
    assert issued not in plain and issued in stamped
    assert len(stamped.splitlines()) == len(plain.splitlines()) + 1


def test_the_build_date_is_today_without_source_date_epoch(monkeypatch):
    import datetime

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert build_date() == datetime.datetime.now(datetime.UTC).date().isoformat()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    assert build_date() == "1970-01-01"


def test_the_description_conforms_and_a_bad_checksum_does_not(rdf):
    assert validate(rdf) == []
    broken = Graph() + rdf
    (checksum,) = broken.objects(REPORT, SPDX.checksum)
    broken.set((checksum, SPDX.checksumValue, Literal("d89f", datatype=XSD.hexBinary)))
    broken.remove((DATASET, VOID.triples, None))
    assert sorted(v.message for v in validate(broken)) == [
        "needs exactly one SHA-256 in hex",
        "needs exactly one number of triples",
    ]


# --- IRIs that changed stay (docs/iri-policy.md) ---------------------------------------------------


def test_a_former_id_of_an_organisation_stays_as_owl_same_as(extraction, tmp_path):
    shipped = (ROOT / "data" / "gazetteer" / "organisations.toml").read_text(encoding="utf-8")
    entry = '[[org]]\nid = "nkvts"\n'
    assert entry in shipped
    gazetteer = tmp_path / "organisations.toml"
    gazetteer.write_text(shipped.replace(entry, entry + 'former_ids = ["nasjonalt-kunnskapssenter"]\n'))
    assert id_history(gazetteer).former == {"nasjonalt-kunnskapssenter": "nkvts"}
    triples = set(rdf_triples([extraction]))
    triples |= former_iris(triples, DEFAULT_BASE, gazetteer)
    old, new = URIRef(DEFAULT_BASE + "org/nasjonalt-kunnskapssenter"), URIRef(DEFAULT_BASE + "org/nkvts")
    assert (old, OWL.sameAs, new) in triples and (old, OWL.deprecated, Literal(True)) in triples
    assert id_history().former == {}  # the shipped gazetteer has renamed no published id yet


def test_a_former_id_that_is_a_current_id_is_refused(tmp_path):
    gazetteer = tmp_path / "organisations.toml"
    gazetteer.write_text(
        '[[org]]\nid = "a"\nname = "A"\nkind = "agency"\nformer_ids = ["b"]\n\n'
        '[[org]]\nid = "b"\nname = "B"\nkind = "agency"\n'
    )
    with pytest.raises(ValueError, match="a: former id 'b' is a current id"):
        id_history(gazetteer)


def test_a_merged_body_keeps_its_iri_and_names_its_successor():
    successors = id_history().replaced_by
    assert (
        successors["fylkesmannen-hordaland"]
        == successors["fylkesmannen-sogn-og-fjordane"]
        == ("statsforvalteren-vestland")
    )
    assert len(successors) == 15  # the county governors' offices merged in 2016-2019
    old = URIRef(DEFAULT_BASE + "org/fylkesmannen-hordaland")
    triples = {(old, RDF.type, URIRef("http://www.w3.org/ns/org#Organization"))}
    triples |= former_iris(triples, DEFAULT_BASE)
    assert (old, DCTERMS.isReplacedBy, URIRef(DEFAULT_BASE + "org/statsforvalteren-vestland")) in triples
    assert (old, OWL.deprecated, Literal(True)) not in triples  # a body of its time, not a mistake


def test_rdf_graph_keeps_the_description_under_another_base(extraction):
    graph = rdf_graph([extraction], base="https://example.org/data/")
    dataset = URIRef("https://example.org/data/dataset")
    assert int(graph.value(dataset, VOID.triples)) == len(graph)
    sources = list(graph.objects(dataset, DCTERMS.source))
    assert sources and all(str(source).startswith("https://example.org/data/source/") for source in sources)
