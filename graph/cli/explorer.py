"""The `html` command: the interactive HTML explorer of the graph."""

from __future__ import annotations

from pathlib import Path

import click

from graph import paths
from graph.cli import main, output_for, source_argument

DEFAULT_OUT = paths.EXPORTS / "graph.html"


@main.command()
@source_argument
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The HTML file to write [default: exports/graph.html, for the bundled report].",
)
def html(source: Path, out: Path | None) -> None:
    """Write the interactive explorer of SOURCE (default: the bundled report): one self-contained
    HTML page that opens offline by double-click."""
    from graph.html import write_explorer
    from graph.pipeline import knowledge_graph

    out = output_for(out, [source], DEFAULT_OUT)
    graph = knowledge_graph([source])
    size = write_explorer(graph, out)
    click.echo(
        f"Wrote {out} ({graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges, {size / 1e6:.1f} MB)"
    )
