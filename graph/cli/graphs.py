"""Commands on the knowledge graph: build the exports, query with SPARQL, validate with SHACL."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from graph import paths
from graph.cli import DEFAULT_SOURCE, absolute_iri, main, output_for
from graph.source import SourceError

base_option = click.option(
    "--base",
    default=None,
    callback=absolute_iri,
    help="Base of the data IRIs [default: https://w3id.org/tiltaksgraf/]",
)


@main.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write [default: exports/, for the bundled report].",
)
@base_option
def build(sources: tuple[Path, ...], out: Path | None, base: str | None) -> None:
    """Build the knowledge graph of SOURCES (default: the bundled report) and write every export:
    graph.ttl, graph.jsonld, graph.nt, graph.rdf, graph.graphml, graph.html, measures.json,
    actors.csv, involvements.csv."""
    from graph.pipeline import build_exports

    sources = list(sources) or [DEFAULT_SOURCE]
    out = output_for(out, sources, paths.EXPORTS)
    summary = build_exports(sources, out, base)
    click.echo(f"Wrote the exports to {out}")
    click.echo("Nodes:  " + ", ".join(f"{kind} {count}" for kind, count in summary["nodes"].items()))
    click.echo("Edges:  " + ", ".join(f"{kind} {count}" for kind, count in summary["edges"].items()))
    click.echo(f"RDF:    {summary['triples']} triples")


@main.command()
@click.argument("query_file", required=False, type=click.Path(path_type=Path))
@click.option("-e", "--expression", help="The query text, instead of a .rq file.")
@click.option(
    "--bind",
    "bindings",
    multiple=True,
    metavar="NAME=VALUE",
    help='Bind ?NAME to VALUE: <iri>, an integer, "text"@lang or plain text. Repeatable.',
)
@click.option(
    "--source", type=click.Path(path_type=Path), default=DEFAULT_SOURCE, show_default="bundled report"
)
@click.option(
    "--data", type=click.Path(path_type=Path), help="Query this RDF file (.ttl .nt .jsonld .rdf) instead."
)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table", show_default=True
)
def query(query_file, expression, bindings, source, data, fmt) -> None:
    """Run a SPARQL 1.1 query (QUERY_FILE or -e) over the knowledge graph."""
    from graph import output, sparql
    from graph.pipeline import ntriples

    if bool(query_file) == bool(expression):
        raise click.UsageError("give a query file or -e 'QUERY', not both or neither")
    if query_file:
        try:
            text = Path(query_file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise SourceError(f"{query_file}: cannot read ({error.__class__.__name__})") from None
    else:
        text = expression
    values = {}
    for item in bindings:
        name, equals, value = item.partition("=")
        if not equals or not name.strip():
            raise click.BadParameter(f"{item!r} is not NAME=VALUE", param_hint="--bind")
        values[name.strip().lstrip("?$")] = value
    try:
        store = sparql.store_from_file(Path(data)) if data else sparql.store(ntriples([source]))
        result = sparql.run(store, text, values)
    except sparql.QueryError as error:
        raise SourceError(f"{query_file or 'query'}: {error}") from None
    if result.triples is not None:
        click.echo(result.triples, nl=False)
    elif fmt == "json":
        click.echo(output.to_json(result.rows))
    elif fmt in ("csv", "tsv"):
        delimiter = "," if fmt == "csv" else "\t"
        click.echo(output.to_csv(result.rows, delimiter=delimiter, columns=result.columns), nl=False)
    else:
        output.print_table(result.rows, columns=result.columns, title=f"{len(result.rows)} rows")


@main.command()
@click.option(
    "--source", type=click.Path(path_type=Path), default=DEFAULT_SOURCE, show_default="bundled report"
)
@click.option("--data", type=click.Path(path_type=Path), help="Validate this Turtle file instead.")
def validate(source: Path, data: Path | None) -> None:
    """Check the RDF graph against the SHACL shapes of ontology/shapes.ttl."""
    from rdflib import Graph

    from graph.namespaces import PREFIXES
    from graph.pipeline import ntriples
    from graph.validate import validate as check

    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    if data:
        try:
            graph.parse(data)
        except Exception as error:  # rdflib raises many kinds of parse errors
            raise SourceError(f"{data}: not RDF ({str(error).splitlines()[0][:120]})") from None
    else:
        graph.parse(data=ntriples([source]), format="nt")
    violations = check(graph)
    if not violations:
        click.echo(f"Conforms: {len(graph)} triples satisfy the shapes of ontology/shapes.ttl.")
        return
    for violation in violations:
        click.echo(f"{violation.severity}: {violation}")
    click.echo(f"{len(violations)} violations.", err=True)
    sys.exit(1)
