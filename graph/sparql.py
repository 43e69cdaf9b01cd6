"""SPARQL 1.1 over the knowledge graph (pyoxigraph), with values bound to variables, never pasted."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph

from graph import paths
from graph.namespaces import PREFIXES

ONTOLOGY = paths.ONTOLOGY / "tiltaksgraf.ttl"


class QueryError(ValueError):
    """A query that cannot be parsed or run; the message is one line."""


@dataclass
class Result:
    """A query's answer: columns and rows of strings (ASK: one row, "answer"), or for CONSTRUCT and
    DESCRIBE the triples."""

    columns: list[str]
    rows: list[dict[str, str | None]]
    triples: str | None = None  # N-Triples of a CONSTRUCT or DESCRIBE


def store(ntriples: str, ontology: bool = True) -> pyoxigraph.Store:
    """An in-memory store of N-Triples and (unless `ontology` is false) the ontology, so that
    queries can use its labels."""
    result = pyoxigraph.Store()
    result.bulk_load(ntriples.encode(), format=pyoxigraph.RdfFormat.N_TRIPLES)
    if ontology:
        result.bulk_load(path=str(ONTOLOGY), format=pyoxigraph.RdfFormat.TURTLE)
    return result


def store_from_file(path: Path, ontology: bool = True) -> pyoxigraph.Store:
    """An in-memory store of an RDF file (.ttl, .nt, .jsonld, .rdf) and, as `store`, the ontology."""
    formats = {
        ".ttl": pyoxigraph.RdfFormat.TURTLE,
        ".nt": pyoxigraph.RdfFormat.N_TRIPLES,
        ".jsonld": pyoxigraph.RdfFormat.JSON_LD,
        ".rdf": pyoxigraph.RdfFormat.RDF_XML,
        ".xml": pyoxigraph.RdfFormat.RDF_XML,
    }
    if path.suffix not in formats:
        raise QueryError(f"{path}: unknown RDF format (use .ttl, .nt, .jsonld or .rdf)")
    result = pyoxigraph.Store()
    try:
        result.bulk_load(path=str(path), format=formats[path.suffix])
    except (OSError, SyntaxError, ValueError) as error:
        raise QueryError(f"{path}: {str(error).splitlines()[0]}") from None
    if ontology:
        result.bulk_load(path=str(ONTOLOGY), format=pyoxigraph.RdfFormat.TURTLE)
    return result


def binding(value: str) -> pyoxigraph.NamedNode | pyoxigraph.Literal:
    """A value given on the command line as an RDF term: <iri>, an integer, "text"@lang, or text."""
    if match := re.fullmatch(r"<(.+)>", value):
        return pyoxigraph.NamedNode(match.group(1))
    if re.fullmatch(r"-?\d+", value):
        return pyoxigraph.Literal(
            value, datatype=pyoxigraph.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
        )
    if match := re.fullmatch(r'"(.*)"@([a-zA-Z-]+)', value):
        return pyoxigraph.Literal(match.group(1), language=match.group(2))
    return pyoxigraph.Literal(value)


def execute(store: pyoxigraph.Store, query: str, bindings: dict[str, str] | None = None):
    """pyoxigraph's answer to a query (QuerySolutions, QueryBoolean or QueryTriples), with the
    project's prefixes predeclared and `bindings` substituted for variables."""
    try:
        substitutions = {
            pyoxigraph.Variable(name): binding(value) for name, value in (bindings or {}).items()
        }
        return store.query(query, prefixes=dict(PREFIXES), substitutions=substitutions)
    except (SyntaxError, ValueError, OSError, RuntimeError) as error:
        raise QueryError(str(error).splitlines()[0]) from None


def run(store: pyoxigraph.Store, query: str, bindings: dict[str, str] | None = None) -> Result:
    """Run a query (see `execute`); the answer as columns and rows of strings, or N-Triples."""
    answer = execute(store, query, bindings)
    if isinstance(answer, pyoxigraph.QueryBoolean):
        return Result(columns=["answer"], rows=[{"answer": str(bool(answer)).lower()}])
    if isinstance(answer, pyoxigraph.QueryTriples):
        text = pyoxigraph.serialize(answer, format=pyoxigraph.RdfFormat.N_TRIPLES).decode()
        return Result(columns=[], rows=[], triples="".join(sorted(text.splitlines(keepends=True))))
    columns = [variable.value for variable in answer.variables]
    rows = [{column: _text(solution[column]) for column in columns} for solution in answer]
    return Result(columns=columns, rows=rows)


def _text(term) -> str | None:
    if term is None:
        return None
    return term.value


def example_queries() -> dict[str, str]:
    """The example queries shipped in queries/, by file name."""
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(paths.QUERIES.glob("*.rq"))}
