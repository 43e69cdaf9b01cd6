"""The ontology checked with independent tools: its terms hold the labels of graph/vocabulary.py, HermiT
(Protégé's reasoner, through owlready2) loads and classifies it alone and with the bundled data, and
the data conforms to the shapes with and without RDFS inference."""

import io
import shutil
import time

import pytest
from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from graph import vocabulary
from graph.export.rdf import TG
from graph.namespaces import DEFAULT_BASE
from graph.validate import load_ontology, validate
from tests.conftest import PLAN

SCHEMES = {
    TG.InvolvementRoles: vocabulary.ROLES,
    TG.OrganisationKinds: vocabulary.ORG_KINDS,
    TG.MeasureStatuses: vocabulary.STATUSES,
}
CLASSES = (*vocabulary.DOCUMENT_KINDS, *vocabulary.PUBLICATION_KINDS)  # kinds that are classes
MEASURE = URIRef(f"{DEFAULT_BASE}plan/{PLAN}/measure/")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology()[0]


def _labels(term) -> set[Literal]:
    return {Literal(term.label(language), lang=language) for language in ("nb", "nn", "en")}


@pytest.mark.parametrize("scheme", SCHEMES, ids=lambda scheme: scheme.fragment)
def test_each_concept_scheme_holds_exactly_the_vocabulary_with_its_labels(ontology, scheme):
    terms = SCHEMES[scheme]
    assert set(ontology.subjects(SKOS.inScheme, scheme)) == {URIRef(term.iri) for term in terms}
    for term in terms:
        concept = URIRef(term.iri)
        assert set(ontology.objects(concept, RDFS.label)) == _labels(term), term.key
        assert set(ontology.objects(concept, SKOS.prefLabel)) == _labels(term), term.key
        assert list(ontology.objects(concept, SKOS.notation)) == [Literal(term.key)]
        assert {comment.language for comment in ontology.objects(concept, RDFS.comment)} == {"nb", "en"}
    assert {label.language for label in ontology.objects(scheme, SKOS.prefLabel)} == {"nb", "nn", "en"}


def test_each_kind_of_document_and_publication_is_a_class_with_the_vocabulary_labels(ontology):
    ours = [term for term in CLASSES if term.iri.startswith(str(TG))]
    others = sorted({term.iri for term in CLASSES} - {term.iri for term in ours})
    assert others == ["https://schema.org/Article", "https://schema.org/Report"]  # schema.org's own labels
    for term in ours:
        assert (URIRef(term.iri), RDF.type, OWL.Class) in ontology, term.iri
        assert set(ontology.objects(URIRef(term.iri), RDFS.label)) == _labels(term), term.iri


# --- HermiT ----------------------------------------------------------------------------------------


def _hermit(*graphs: Graph) -> tuple:
    """Load the graphs into owlready2 and classify them with HermiT; the world and the seconds the
    reasoner took."""
    if shutil.which("java") is None:
        pytest.skip("HermiT needs a Java runtime: `make test` installs default-jre-headless")
    from owlready2 import World, sync_reasoner

    union = Graph()
    for graph in graphs:
        union += graph
    world = World()
    world.get_ontology("https://w3id.org/tiltaksgraf/ontology").load(
        fileobj=io.BytesIO(union.serialize(format="nt", encoding="utf-8")), format="ntriples"
    )
    start = time.perf_counter()
    sync_reasoner(world, infer_property_values=False, debug=0)
    return world, time.perf_counter() - start


def test_hermit_classifies_the_ontology(ontology):
    world, seconds = _hermit(ontology)
    print(f"HermiT classified the ontology in {seconds:.1f} s")
    assert list(world.inconsistent_classes()) == []
    law_section = world[str(TG.LawSection)]
    assert {str(c.iri) for c in law_section.ancestors()} >= {
        str(TG.PolicyDocument),
        "http://data.europa.eu/eli/ontology#LegalResourceSubdivision",
    }


def test_hermit_classifies_the_ontology_with_the_bundled_data(ontology, rdf):
    world, seconds = _hermit(ontology, rdf)
    print(f"HermiT classified the ontology and {len(rdf)} triples in {seconds:.1f} s")
    assert list(world.inconsistent_classes()) == []
    measures = world[str(TG.Measure)].instances()
    assert len(measures) == 55  # the plan's 50 and 5 measures of other plans it refers to


def test_hermit_refuses_a_datatype_outside_owl_2(ontology):
    """The check above would have caught the old range of tg:year."""
    from owlready2 import OwlReadyJavaError

    old = Graph() + ontology
    old.set((TG.year, RDFS.range, URIRef("http://www.w3.org/2001/XMLSchema#gYear")))
    with pytest.raises(OwlReadyJavaError, match="UnsupportedDatatypeException"):
        _hermit(old)


# --- SHACL with and without RDFS inference ---------------------------------------------------------


@pytest.mark.parametrize("inference", ["none", "rdfs"])
def test_the_bundled_data_conforms_with_and_without_inference(rdf, inference):
    assert validate(rdf, inference) == []


@pytest.mark.parametrize("inference", ["none", "rdfs"])
def test_a_sub_measure_must_still_be_part_of_exactly_one_plan(rdf, inference):
    broken = Graph() + rdf
    sub_measure, plan = MEASURE + "18a", URIRef(f"{DEFAULT_BASE}plan/{PLAN}")
    assert (sub_measure, TG.subMeasureOf, MEASURE + "18") in broken
    broken.remove((sub_measure, DCTERMS.isPartOf, plan))
    other = URIRef(f"{DEFAULT_BASE}plan/other")
    broken += [(other, RDF.type, TG.ActionPlan), (other, DCTERMS.title, Literal("En annen plan", lang="nb"))]
    broken.add((MEASURE + "2", DCTERMS.isPartOf, other))  # measure 2 in two plans
    found = {(v.focus.rsplit("<", 1)[-1].rstrip(">"), v.message) for v in validate(broken, inference)}
    assert found == {
        (str(sub_measure), "must be part of exactly one plan"),
        (str(MEASURE + "2"), "must be part of exactly one plan"),
    }
