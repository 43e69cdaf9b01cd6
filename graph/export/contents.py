"""What the exports are made of, each part computed once when first asked for: the networkx graph,
the RDF triples, the measure records and the actor and involvement tables of some reports."""

from __future__ import annotations

from functools import cached_property

from graph.model import Extraction
from graph.namespaces import DEFAULT_BASE


class Contents:
    def __init__(self, extractions: list[Extraction], base: str = DEFAULT_BASE, dataset=None):
        self.extractions = extractions
        self.base = base
        self.dataset = dataset  # graph.export.dataset.DatasetOptions of the RDF's self-description

    @cached_property
    def network(self):
        """The networkx MultiDiGraph (graph.build)."""
        from graph.build import build_graph

        return build_graph(self.extractions)

    @cached_property
    def graphs(self) -> dict:
        """The RDF triples of each report and the derived ones, by graph name (graph.export.rdf)."""
        from graph.export.rdf import rdf_graphs

        return rdf_graphs(self.extractions, self.base, self.dataset)

    @cached_property
    def triples(self) -> set:
        """The RDF triples (the union of the graphs), as a plain set of rdflib terms."""
        return set().union(*self.graphs.values())

    @cached_property
    def oxigraph_quads(self) -> list:
        """The quads of the named graphs, in canonical order (what TriG and N-Quads serialise)."""
        from graph.export.nquads import quads

        return quads(self.graphs)

    @cached_property
    def ntriples(self) -> str:
        """Canonical N-Triples: sorted, one triple per line."""
        from graph.export.ntriples import ntriples

        return ntriples(self.triples)

    @cached_property
    def oxigraph_triples(self) -> list:
        """The triples as pyoxigraph terms, in canonical order (what the RDF writers serialise)."""
        import pyoxigraph

        return list(pyoxigraph.parse(self.ntriples.encode(), format=pyoxigraph.RdfFormat.N_TRIPLES))

    @cached_property
    def records(self) -> list[dict]:
        """One record per measure, the reports of a plan merged (graph.series)."""
        from graph.records import measure_records
        from graph.series import merge_records

        return merge_records([record for e in self.extractions for record in measure_records(e)])

    @cached_property
    def involvement_rows(self) -> list[dict]:
        from graph.records import involvement_rows

        return [row for extraction in self.extractions for row in involvement_rows(extraction)]

    @cached_property
    def actor_rows(self) -> list[dict]:
        from graph.analyse.actors import actor_table

        return actor_table(self.network)
