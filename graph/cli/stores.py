"""Commands for triple stores: serve the graph as a read-only SPARQL endpoint, push it into a store."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import click

from graph.cli import main
from graph.cli.options import absolute_iri, report_sources
from graph.errors import OptionError

data_option = click.option(
    "--data", type=click.Path(path_type=Path), help="Use this RDF file (.ttl .nt .jsonld .rdf) instead."
)


def _store(sources: list[Path], data: Path | None, ontology: bool = True):
    """The pyoxigraph store that `tiltaksgraf query` queries: the graph and (unless `ontology` is
    false) the ontology."""
    from graph.pipeline import ntriples
    from graph.sparql import engine

    if data:
        return engine.store_from_file(Path(data), ontology)
    return engine.store(ntriples(sources), ontology)


def _http_url(_context, _parameter, value: str | None) -> str | None:
    if value is None:
        return None
    url = urlsplit(value)
    if url.scheme not in ("http", "https") or not url.hostname:
        raise click.BadParameter(f"{value!r} is not an http:// or https:// URL")
    if url.username is not None or url.password is not None:
        raise click.BadParameter("give credentials in an environment variable (--auth-env), not in the URL")
    return value


def _service_iri(_context, _parameter, values: tuple[str, ...]) -> tuple[str, ...]:
    for value in values:
        url = urlsplit(value)
        if url.scheme not in ("http", "https") or not url.hostname:
            raise click.BadParameter(f"{value!r} is not an http:// or https:// endpoint IRI")
    return values


@main.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on (0.0.0.0: every interface; then any Host name is accepted).",
)
@click.option("--port", type=click.IntRange(0, 65535), default=7700, show_default=True)
@report_sources()
@data_option
@click.option(
    "--timeout",
    type=click.FloatRange(0.1, 3600),
    default=10.0,
    show_default=True,
    help="Seconds a query may run (waiting for a free query process included); then it is stopped: 503.",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=2,
    show_default=True,
    help="Query processes, each holding a copy of the store.",
)
@click.option(
    "--memory",
    "memory_mb",
    type=click.IntRange(16, 1 << 20),
    default=512,
    show_default=True,
    help="MiB a query process may use on top of its store (Linux); a query that needs more gets 503.",
)
@click.option(
    "--max-result",
    "max_result_mb",
    type=click.IntRange(1, 1 << 14),
    default=64,
    show_default=True,
    help="MiB of an answer; a larger one gets 503.",
)
@click.option(
    "--read-timeout",
    type=click.FloatRange(0.1, 3600),
    default=10.0,
    show_default=True,
    help="Seconds a client has to send a whole request; idle connections are closed after as long.",
)
@click.option(
    "--allow-service",
    multiple=True,
    callback=_service_iri,
    metavar="IRI",
    help="An endpoint that SERVICE may query (repeatable); SERVICE is refused otherwise.",
)
@click.option(
    "--cors",
    multiple=True,
    metavar="ORIGIN",
    help="A web origin (https://app.example) whose pages may query the endpoint (repeatable; * for any).",
)
@click.option("--access-log", is_flag=True, help="Log each request to stderr (never the query text).")
def serve(
    host,
    port,
    sources,
    data,
    timeout,
    workers,
    memory_mb,
    max_result_mb,
    read_timeout,
    allow_service,
    cors,
    access_log,
):
    """Serve the knowledge graph as a read-only SPARQL 1.1 endpoint with a query page, until Ctrl-C."""
    from graph.sparql import endpoint, pool

    store = _store(sources, data)
    settings = endpoint.Settings(
        timeout=timeout,
        workers=workers,
        memory_mb=memory_mb,
        max_result_mb=max_result_mb,
        read_timeout=read_timeout,
        allow_service=allow_service,
        cors=cors,
        access_log=access_log,
    )
    try:
        server = endpoint.Endpoint(store, host, port, settings)
    except OSError as error:
        reason = os.strerror(error.errno) if error.errno else str(error)
        raise OptionError(f"cannot listen on {host}:{port}: {reason}") from None
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{server.server_port}/"
    click.echo(f"SPARQL endpoint {url}sparql over {len(store)} triples; query page {url}")
    click.echo(f"Read-only; queries stop after {timeout:g} s. Ctrl-C stops.")
    del store  # the query processes hold their own copies
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("Stopped.")
    except pool.StartFailed as error:
        raise OptionError(str(error)) from None
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
@report_sources()
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
@click.option(
    "--update",
    callback=_http_url,
    metavar="URL",
    help="The store's SPARQL Update URL: upload into a temporary graph, then MOVE it in place.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(0.1, 86400),
    default=60.0,
    show_default=True,
    help="Seconds the whole push may take.",
)
def push(endpoint, graph, sources, data, ontology, auth_env, update, timeout) -> None:
    """Upload the knowledge graph into a named graph of a triple store, replacing that graph (SPARQL
    1.1 Graph Store Protocol, HTTP PUT)."""
    from graph.sparql import push as gsp

    graph = graph or gsp.DEFAULT_GRAPH
    login = gsp.credentials(auth_env or gsp.AUTH_VARIABLE, required=auth_env is not None)
    store = _store(sources, data, ontology)
    gsp.push_graph(endpoint, graph, gsp.turtle(store), login, timeout, update)
    click.echo(f"Sent {len(store)} triples into the graph <{graph}> at {endpoint}")
