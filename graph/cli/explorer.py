"""The `html` command: the interactive HTML explorer of the graph."""

from __future__ import annotations

from pathlib import Path

import click

from graph.cli import main
from graph.cli.options import report_sources


@main.command()
@report_sources(positional=True)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("exports", "graph.html"),
    show_default=True,
    help="The HTML file to write.",
)
def html(sources: list[Path], out: Path) -> None:
    """Write the interactive explorer of SOURCES (default: the bundled report): one self-contained
    HTML page that opens offline by double-click."""
    from graph.export.html import write_explorer
    from graph.pipeline import knowledge_graph

    graph = knowledge_graph(sources)
    size = write_explorer(graph, out)
    click.echo(
        f"Wrote {out} ({graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges, {size / 1e6:.1f} MB)"
    )
