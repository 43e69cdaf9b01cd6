"""The pipeline from source files to facts and graph: parse -> extract -> build."""

from __future__ import annotations

from pathlib import Path

from graph.model import Extraction

BUNDLED_SOURCE = (
    Path(__file__).resolve().parent.parent
    / "data"
    / "sources"
    / "handlingsplan-vold-i-naere-relasjoner-2014-2017-sluttrapport-2018.txt"
)


def extract_report(source: Path, use_cache: bool = True) -> Extraction:
    """Parse a status report and extract its facts (from the cache when nothing has changed)."""
    from graph.cache import cached

    return cached(Path(source), _extract) if use_cache else _extract(Path(source))


def _extract(source: Path) -> Extraction:
    from graph.extract import extract
    from graph.parse import parse_report

    return extract(parse_report(source))


def knowledge_graph(sources: list[Path], use_cache: bool = True):
    """The networkx graph of one or more reports."""
    from graph.build import build_graph

    return build_graph([extract_report(source, use_cache) for source in sources])
