"""Check the RDF graph against the SHACL shapes of ontology/shapes.ttl, and say what is wrong in words."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import RDFS, SKOS, Graph, Namespace

from graph import resources

SH = Namespace("http://www.w3.org/ns/shacl#")


@dataclass(frozen=True)
class Violation:
    focus: str  # the node's label, or its IRI
    path: str  # the property, as a compact IRI
    message: str
    severity: str

    def __str__(self) -> str:
        return f"{self.focus}: {self.path} {self.message}".replace("  ", " ")


def load_ontology() -> tuple[Graph, Graph]:
    """The ontology and the shapes graph."""
    ontology = Graph().parse(data=resources.read_text("ontology", "tiltaksgraf.ttl"), format="turtle")
    shapes = Graph().parse(data=resources.read_text("ontology", "shapes.ttl"), format="turtle")
    return ontology, shapes


def validate(data: Graph, inference: str = "none") -> list[Violation]:
    """The shapes' violations in the data, in a stable order; empty when the data conforms.
    `inference` as pyshacl's: "none", or "rdfs" to check the data with what the ontology entails."""
    from pyshacl import validate as shacl

    ontology, shapes = load_ontology()
    conforms, results, _ = shacl(data, shacl_graph=shapes, ont_graph=ontology, inference=inference)
    if conforms:
        return []
    violations = []
    for result in results.subjects(SH.resultSeverity, None):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        violations.append(
            Violation(
                focus=_label(data, focus),
                path=data.namespace_manager.normalizeUri(path) if path is not None else "",
                message=str(results.value(result, SH.resultMessage) or "does not conform"),
                severity=str(results.value(result, SH.resultSeverity)).rsplit("#", 1)[-1],
            )
        )
    return sorted(violations, key=str)


def _label(data: Graph, node) -> str:
    label = data.value(node, RDFS.label) or data.value(node, SKOS.prefLabel)
    return f"{label} <{node}>" if label else f"<{node}>"
