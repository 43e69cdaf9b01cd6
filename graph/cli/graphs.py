"""Commands on the knowledge graph: build the exports, query with SPARQL (the bundled example
queries by name), validate with SHACL."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from graph.cli import main
from graph.cli.options import absolute_iri, base_option, format_option, report_sources
from graph.errors import OptionError, SourceError

PARTIAL = 3  # exit code of a build that skipped reports that could not be read


@main.command()
@report_sources(positional=True)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("exports"),
    show_default=True,
    help="Folder to write, created if missing.",
)
@click.option(
    "--corpus",
    "manifest",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A manifest of the reports (corpus.toml: file, plan, date, kind, url, licence of each).",
)
@click.option("--strict", is_flag=True, help="Write nothing (exit 2) if any report cannot be read.")
@base_option
@click.option(
    "--corrections",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Corrections to apply (data/schemas/corrections.md) [default: corrections.toml beside the "
    "manifest, in the first folder or beside the first report, if there is one].",
)
@click.option(
    "--stamp", is_flag=True, help="Put the build date in the dataset's description (dcterms:issued)."
)
@click.option(
    "--sparql-endpoint",
    callback=absolute_iri,
    help="The SPARQL endpoint that will serve the graph, for the dataset's description (void:sparqlEndpoint).",
)
def build(
    sources: list[Path],
    out: Path,
    manifest: Path | None,
    strict: bool,
    base: str | None,
    corrections: Path | None,
    stamp: bool,
    sparql_endpoint: str | None,
) -> None:
    """Build the knowledge graph of SOURCES (reports, or folders of them; default: the bundled
    report) and write every export: graph.ttl, graph.jsonld, graph.nt, graph.rdf, graph.trig,
    graph.nq, graph.graphml, graph.html, measures.json, actors.csv, involvements.csv,
    tiltaksgraf.xlsx. A report that cannot be read is skipped, with its reason, and the others are
    built: exit code 3 (with --strict: nothing is written, exit code 2)."""
    from graph.corpus import corpus_entries
    from graph.corrections import find_corrections
    from graph.export.dataset import DatasetOptions, build_date
    from graph.pipeline import write_build

    if manifest and sources == [_bundled()]:
        sources = []  # --corpus alone: the manifest's reports, not the bundled one as well
    entries = corpus_entries(sources, manifest)
    corrections = find_corrections([manifest] if manifest else sources, corrections)
    extractions, failures = _extract_with_progress(entries, corrections)
    if failures and (strict or not extractions):
        if len(entries) == 1:
            raise failures[0].error
        _print_failures(failures, len(entries))
        reason = "--strict: " if extractions else ""
        raise SourceError(
            f"{len(failures)} of {len(entries)} reports could not be read ({reason}nothing written)"
        )
    dataset = DatasetOptions(stamp=build_date() if stamp else None, endpoint=sparql_endpoint)
    summary = write_build(extractions, out, base, dataset)
    click.echo(f"Wrote the exports to {out}")
    if len(extractions) > 1:
        click.echo(f"Reports: {len(extractions)} ({len(summary['plans'])} plans)")
    click.echo("Nodes:  " + ", ".join(f"{kind} {count}" for kind, count in summary["nodes"].items()))
    click.echo("Edges:  " + ", ".join(f"{kind} {count}" for kind, count in summary["edges"].items()))
    click.echo(f"RDF:    {summary['triples']} triples")
    if failures:
        _print_failures(failures, len(entries))
        sys.exit(PARTIAL)


def _bundled() -> Path:
    from graph.resources import bundled_source

    return bundled_source()


def _extract_with_progress(entries: list, corrections: Path | None = None):
    """The corpus's extractions (corrected: graph.corrections) and failures, with a progress bar on
    a terminal for several reports."""
    from graph.pipeline import extract_corpus

    if len(entries) < 2 or not sys.stderr.isatty():
        return extract_corpus(entries, corrections=corrections)
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task("Reading reports", total=len(entries))
        return extract_corpus(
            entries,
            progress=lambda source: bar.update(task, advance=1, description=source.name),
            corrections=corrections,
        )


def _print_failures(failures: list, total: int) -> None:
    """A table of the reports skipped and why, on stderr."""
    click.echo(f"Skipped {len(failures)} of {total} reports:", err=True)
    for failure in failures:
        message = str(failure.error)
        prefix = f"{failure.source}: "
        click.echo(f"  {failure.source}  {message.removeprefix(prefix)}", err=True)


@main.command()
@click.argument("query_name", metavar="[QUERY]", required=False)
@click.option("-e", "--expression", help="The query text, instead of QUERY.")
@click.option(
    "--bind",
    "bindings",
    multiple=True,
    metavar="NAME=VALUE",
    help='Bind ?NAME to VALUE: <iri>, an integer, "text"@lang or plain text. Repeatable.',
)
@report_sources()
@click.option(
    "--data", type=click.Path(path_type=Path), help="Query this RDF file (.ttl .nt .jsonld .rdf) instead."
)
@click.option(
    "--ontology/--no-ontology",
    default=True,
    show_default=True,
    help="Load the ontology beside the data (its labels and class hierarchy).",
)
@format_option("table", "csv", "tsv", "json")
def query(query_name, expression, bindings, sources, data, ontology, fmt) -> None:
    """Run a SPARQL 1.1 query over the knowledge graph: QUERY is a .rq file or the name of a
    bundled example query (`tiltaksgraf queries` lists them), or give the text with -e."""
    import warnings

    from graph import output
    from graph.errors import QueryWarning
    from graph.pipeline import ntriples
    from graph.sparql import engine

    if bool(query_name) == bool(expression):
        raise click.UsageError("give a query (a .rq file or a bundled query's name) or -e 'QUERY', not both")
    name, text = ("query", expression) if expression else _query_text(query_name)
    values = {}
    for item in bindings:
        key, equals, value = item.partition("=")
        if not equals or not key.strip():
            raise OptionError(f"--bind {item!r} is not NAME=VALUE")
        values[key.strip().lstrip("?$")] = value
    store = (
        engine.store_from_file(Path(data), ontology) if data else engine.store(ntriples(sources), ontology)
    )
    for message in engine.unmatched_bindings(store, text, values):
        warnings.warn(QueryWarning(message), stacklevel=1)
    result = engine.run(store, text, values, name)
    if result.triples is not None:
        click.echo(result.triples, nl=False)
    elif fmt == "json":
        click.echo(output.to_json(result.rows))
    elif fmt in ("csv", "tsv"):
        delimiter = "," if fmt == "csv" else "\t"
        click.echo(output.to_csv(result.rows, delimiter=delimiter, columns=result.columns), nl=False)
    else:
        output.print_table(result.rows, columns=result.columns, title=f"{len(result.rows)} rows")


def _query_text(name: str) -> tuple[str, str]:
    """(name for messages, text) of a query file, or else of the bundled query of that name."""
    from graph.sparql.examples import example

    path = Path(name)
    if path.is_file():
        try:
            return name, path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise SourceError(f"{name}: cannot read ({error.__class__.__name__})") from None
    if path.exists():
        raise SourceError(f"{name}: is a directory, expected a .rq file")
    if path.parent != Path("."):
        raise SourceError(f"{name}: no such file")
    found = example(path.name)
    return found.file, found.text


@main.command()
@format_option("table", "json", "csv", "md")
def queries(fmt: str) -> None:
    """List the bundled example queries with their purpose; run one with `tiltaksgraf query NAME`."""
    from graph import output
    from graph.sparql.examples import examples

    rows = [{"name": e.name, "file": e.file, "purpose": e.purpose} for e in examples()]
    shown = rows if fmt != "table" else [{"name": row["name"], "purpose": row["purpose"]} for row in rows]
    output.emit(shown, fmt, title=f"{len(rows)} example queries")


@main.command()
@report_sources()
@click.option("--data", type=click.Path(path_type=Path), help="Validate this RDF file instead.")
def validate(sources: list[Path], data: Path | None) -> None:
    """Check the RDF graph against the SHACL shapes the package ships (ontology/shapes.ttl)."""
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
        except FileNotFoundError:
            raise SourceError(f"{data}: no such file") from None
        except Exception as error:  # rdflib raises many kinds of parse errors
            raise SourceError(f"{data}: not RDF ({str(error).splitlines()[0][:120]})") from None
    else:
        graph.parse(data=ntriples(sources), format="nt")
    violations = check(graph)
    if not violations:
        click.echo(f"Conforms: {len(graph)} triples satisfy the shapes of ontology/shapes.ttl.")
        return
    for violation in violations:
        click.echo(f"{violation.severity}: {violation}")
    click.echo(f"{len(violations)} violations.", err=True)
    sys.exit(1)
