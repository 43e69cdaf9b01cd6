"""Commands for triple stores: serve the graph as a read-only SPARQL endpoint, push it into a store."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import click

from graph.cli import DEFAULT_SOURCE, absolute_iri, main
from graph.source import SourceError

source_option = click.option(
    "--source", type=click.Path(path_type=Path), default=DEFAULT_SOURCE, show_default="bundled report"
)
data_option = click.option(
    "--data", type=click.Path(path_type=Path), help="Use this RDF file (.ttl .nt .jsonld .rdf) instead."
)


def _store(source: Path, data: Path | None, ontology: bool = True):
    """The pyoxigraph store that `tiltaksgraf query` queries: the graph and (unless `ontology` is
    false) the ontology."""
    from graph import sparql
    from graph.pipeline import ntriples

    try:
        if data:
            return sparql.store_from_file(Path(data), ontology)
        return sparql.store(ntriples([source]), ontology)
    except sparql.QueryError as error:
        raise SourceError(str(error)) from None


def _http_url(_context, _parameter, value: str) -> str:
    url = urlsplit(value)
    if url.scheme not in ("http", "https") or not url.hostname:
        raise click.BadParameter(f"{value!r} is not an http:// or https:// URL")
    if url.username is not None or url.password is not None:
        raise click.BadParameter("give credentials in an environment variable (--auth-env), not in the URL")
    return value


@main.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="IPv4 address to listen on (0.0.0.0: every interface).",
)
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


@main.command()
@click.option(
    "--endpoint",
    required=True,
    callback=_http_url,
    help="Graph Store Protocol URL, e.g. http://localhost:7878/store (Oxigraph).",
)
@click.option(
    "--graph",
    callback=absolute_iri,
    help="IRI of the named graph to replace [default: https://w3id.org/tiltaksgraf/graph].",
)
@source_option
@data_option
@click.option(
    "--ontology/--no-ontology",
    default=True,
    show_default=True,
    help="Send the ontology along in the same graph (the example queries use its labels).",
)
@click.option(
    "--auth-env",
    metavar="NAME",
    help="Environment variable holding user:password [default: TILTAKSGRAF_AUTH, if set].",
)
def push(endpoint, graph, source, data, ontology, auth_env) -> None:
    """Upload the knowledge graph into a named graph of a triple store, replacing that graph (SPARQL
    1.1 Graph Store Protocol, HTTP PUT)."""
    from graph import push as gsp

    graph = graph or gsp.DEFAULT_GRAPH
    try:
        login = gsp.credentials(auth_env or gsp.AUTH_VARIABLE, required=auth_env is not None)
        store = _store(source, data, ontology)
        gsp.put_graph(endpoint, graph, gsp.turtle(store), login)
    except gsp.PushError as error:
        raise SourceError(str(error)) from None
    click.echo(f"Sent {len(store)} triples into the graph <{graph}> at {endpoint}")
