"""SPARQL 1.1 over the knowledge graph (pyoxigraph), with values bound to variables, never pasted."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph

from graph.errors import QueryError, SourceError, did_you_mean
from graph.namespaces import PREFIXES
from graph.resources import read_bytes


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
        result.bulk_load(read_bytes("ontology", "tiltaksgraf.ttl"), format=pyoxigraph.RdfFormat.TURTLE)
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
        raise SourceError(f"{path}: unknown RDF format (use .ttl, .nt, .jsonld or .rdf)")
    result = pyoxigraph.Store()
    try:
        result.bulk_load(path=str(path), format=formats[path.suffix])
    except (OSError, SyntaxError, ValueError) as error:
        raise SourceError(f"{path}: {str(error).splitlines()[0]}") from None
    if ontology:
        result.bulk_load(read_bytes("ontology", "tiltaksgraf.ttl"), format=pyoxigraph.RdfFormat.TURTLE)
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


def execute(store: pyoxigraph.Store, query: str, bindings: dict[str, str] | None = None, name: str = "query"):
    """pyoxigraph's answer to a query (QuerySolutions, QueryBoolean or QueryTriples), with the
    project's prefixes predeclared and `bindings` substituted for variables (never pasted into
    the text). QueryError names `name` and, for a syntax error, its line and column with a caret."""
    substitutions = {pyoxigraph.Variable(key): binding(value) for key, value in (bindings or {}).items()}
    try:
        return store.query(query, prefixes=dict(PREFIXES), substitutions=substitutions)
    except SyntaxError as error:
        raise QueryError(syntax_error(name, query, str(error))) from None
    except (ValueError, OSError, RuntimeError) as error:
        raise QueryError(f"{name}: {str(error).splitlines()[0]}") from None


SYNTAX_AT = re.compile(r"error at (?P<line>\d+):(?P<column>\d+): (?P<reason>.*)", re.S)


def syntax_error(name: str, query: str, message: str) -> str:
    """pyoxigraph's syntax error in words: "name:LINE:COLUMN: reason", then the line of the query
    and a caret under the column."""
    match = SYNTAX_AT.match(message)
    if not match:
        return f"{name}: SPARQL syntax error ({message.splitlines()[0]})"
    # pyoxigraph gives the position after the character where parsing failed
    line, column = int(match["line"]), max(1, int(match["column"]) - 1)
    lines = query.split("\n")
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    prefix = re.match(r"([A-Za-z][\w.-]*):", text[column - 1 :])
    declared = set(PREFIXES) | set(re.findall(r"(?im)^\s*PREFIX\s+([\w.-]*):", query))
    if prefix and prefix.group(1) not in declared:
        reason = f"unknown prefix {prefix.group(1)}: (declare it with PREFIX)"
    else:
        reason = _reason(match["reason"])
    return f"{name}:{line}:{column}: {reason}\n  {text}\n  {' ' * (column - 1)}^"


def _reason(reason: str) -> str:
    """The parser's "expected one of ..." as a reader wants it: a rule the query breaks (pyoxigraph
    lists such sentences among the tokens it expected), else the few keywords it expected."""
    items = [item.strip() for item in re.split(r",\s(?![^\[]*\])", reason.removeprefix("expected one of "))]
    sentences = [item for item in items if " " in item and re.search(r"[a-z]{3}", item) and "[" not in item]
    if sentences:
        return sentences[0].replace("The SELECT contains", "SELECT names") + " (SPARQL syntax error)"
    words = [item for item in items if re.fullmatch(r'[A-Za-z]+|"[^"]+"', item)]
    if words:
        shown = ", ".join(words[:8]) + (" …" if len(words) > 8 else "")
        return f"SPARQL syntax error: expected {shown}"
    return "SPARQL syntax error"


def unmatched_bindings(store: pyoxigraph.Store, query: str, bindings: dict[str, str]) -> list[str]:
    """A sentence for each bound value that the graph does not hold, with the closest values it
    does hold (of the property the query uses with the variable, where it names one), so that a
    typo never passes as a silent empty answer."""
    messages = []
    for name, value in bindings.items():
        term = binding(value)
        predicate, label = _property_of(query, name)
        if next(store.quads_for_pattern(None, predicate, term), None) is not None:
            continue
        as_subject = predicate is None and isinstance(term, pyoxigraph.NamedNode)
        if as_subject and next(store.quads_for_pattern(term, None, None), None) is not None:
            continue
        kind = type(term)
        held = {
            quad.object.value
            for quad in store.quads_for_pattern(None, predicate, None)
            if isinstance(quad.object, kind)
        }
        show = (lambda text: f"<{text}>") if kind is pyoxigraph.NamedNode else repr
        written = show(term.value)
        messages.append(
            f"?{name}: no {label + ' ' if label else ''}{written} in the graph{did_you_mean(term.value, held, show=show)}"
        )
    return messages


def _property_of(query: str, variable: str) -> tuple[pyoxigraph.NamedNode | None, str]:
    """The property the query uses with ?variable as object ("dcterms:identifier ?orgId"), as a
    node and as written; (None, "") when it names none."""
    match = re.search(rf"(<[^>\s]+>|[A-Za-z][\w.-]*:[\w.-]*)\s+[?$]{re.escape(variable)}\b", query)
    if not match:
        return None, ""
    written = match.group(1)
    if written.startswith("<"):
        return pyoxigraph.NamedNode(written[1:-1]), written
    prefix, _, local = written.partition(":")
    declared = dict(PREFIXES) | dict(re.findall(r"(?im)^\s*PREFIX\s+([\w.-]*):\s*<([^>]*)>", query))
    if prefix not in declared:
        return None, ""
    return pyoxigraph.NamedNode(declared[prefix] + local), written


def run(
    store: pyoxigraph.Store, query: str, bindings: dict[str, str] | None = None, name: str = "query"
) -> Result:
    """Run a query (see `execute`); the answer as columns and rows of strings, or N-Triples."""
    answer = execute(store, query, bindings, name)
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
