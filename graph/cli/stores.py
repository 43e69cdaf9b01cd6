"""Commands for triple stores: serve the graph as a read-only SPARQL endpoint."""

from __future__ import annotations

from pathlib import Path

import click

from graph.cli import DEFAULT_SOURCE, main
from graph.source import SourceError

source_option = click.option(
    "--source", type=click.Path(path_type=Path), default=DEFAULT_SOURCE, show_default="bundled report"
)
data_option = click.option(
    "--data", type=click.Path(path_type=Path), help="Use this RDF file (.ttl .nt .jsonld .rdf) instead."
)


def _store(source: Path, data: Path | None):
    """The pyoxigraph store that `tiltaksgraf query` queries: the graph and the ontology."""
    from graph import sparql
    from graph.pipeline import ntriples

    try:
        return sparql.store_from_file(Path(data)) if data else sparql.store(ntriples([source]))
    except sparql.QueryError as error:
        raise SourceError(str(error)) from None


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=7700, show_default=True)
@source_option
@data_option
def serve(host: str, port: int, source: Path, data: Path | None) -> None:
    """Serve the knowledge graph as a read-only SPARQL 1.1 endpoint with a query page, until Ctrl-C."""
    from graph import endpoint

    store = _store(source, data)
    try:
        server = endpoint.Endpoint(store, host, port)
    except OSError as error:
        raise SourceError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
    url = f"http://{host}:{server.server_port}/"
    click.echo(f"SPARQL endpoint {url}sparql over {len(store)} triples; query page {url}")
    click.echo("Read-only. Ctrl-C stops.")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("Stopped.")
    finally:
        server.server_close()
