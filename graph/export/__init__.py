"""The exports of a build, one module per file, registered here by name (as rdflib registers its
serialisers): each module has FILE, MEDIA_TYPE and `render(contents) -> bytes`, and is imported only
when its file is made. Every export is deterministic: the same input gives byte-identical files.

build (graph.build, graph.export.rdf) -> export (this package) -> analyse / sparql.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from pathlib import Path


@dataclass(frozen=True)
class Format:
    name: str
    module: str  # graph.export.<module>
    description: str

    @property
    def _module(self):
        return import_module(f"graph.export.{self.module}")

    @property
    def file(self) -> str:
        return self._module.FILE

    @property
    def media_type(self) -> str:
        return self._module.MEDIA_TYPE

    def render(self, contents) -> bytes:
        """The file's bytes, from a `graph.export.contents.Contents`."""
        return self._module.render(contents)


FORMATS: dict[str, Format] = {
    format.name: format
    for format in (
        Format("turtle", "turtle", "the RDF graph in Turtle"),
        Format("jsonld", "jsonld", "the RDF graph in JSON-LD, compacted with a context of the prefixes"),
        Format("ntriples", "ntriples", "the RDF graph in canonical N-Triples (sorted)"),
        Format("rdfxml", "rdfxml", "the RDF graph in RDF/XML"),
        Format("trig", "trig", "each report's triples as a named graph of its own, in TriG"),
        Format("nquads", "nquads", "each report's triples as a named graph of its own, in N-Quads (sorted)"),
        Format("graphml", "graphml", "the networkx graph for Gephi (lists joined with '; ')"),
        Format("html", "html", "the interactive explorer, one offline page"),
        Format("measures", "measures", "the measure records (the JSON contract)"),
        Format("actors", "actors", "one row per organisation"),
        Format("involvements", "involvements", "one row per measure, organisation and role"),
        Format("xlsx", "xlsx", "the three tables as sheets of one spreadsheet"),
    )
}


RDF_FORMATS = ("turtle", "jsonld", "ntriples", "rdfxml")


def render(contents, names=None) -> dict[str, bytes]:
    """{file name: bytes} of the formats named (default: all)."""
    return {FORMATS[name].file: FORMATS[name].render(contents) for name in names or FORMATS}


def write_exports(files: dict[str, bytes], folder: Path) -> None:
    """Write every export into `folder`, all or none (see graph.files); the caller has produced them
    all before anything is written."""
    from graph.files import write_files

    write_files({Path(folder) / name: data for name, data in sorted(files.items())})
