"""The `html` command: the interactive HTML explorer of the graph."""

from __future__ import annotations

from pathlib import Path

import click

from graph import paths
from graph.cli import main, source_argument

DEFAULT_OUT = paths.EXPORTS / "graph.html"


@main.command()
@source_argument
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_OUT,
    show_default="exports/graph.html",
    help="The HTML file to write.",
)
def html(source: Path, out: Path) -> None:
    """Write the interactive explorer of SOURCE (default: the bundled report): one self-contained
    HTML page that opens offline by double-click."""
    from graph.html import write_explorer
    from graph.pipeline import knowledge_graph

    graph = knowledge_graph([source])
    size = write_explorer(graph, out)
    click.echo(
        f"Wrote {out} ({graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges, {size / 1e6:.1f} MB)"
    )
