"""The pipeline from source files to facts, graphs and exports:
read -> parse -> extract -> build -> export."""

from __future__ import annotations

from pathlib import Path

from graph.errors import SourceError
from graph.model import Extraction


def extract_report(source: Path, use_cache: bool = True) -> Extraction:
    """Parse a status report and extract its facts (from the cache when nothing has changed)."""
    from graph.cache import cached

    return cached(Path(source), _extract, Extraction, "extraction") if use_cache else _extract(Path(source))


def _extract(source: Path) -> Extraction:
    from graph.extract import extract
    from graph.parse import parse_report

    return extract(parse_report(source))


def extract_reports(
    sources: list[Path], use_cache: bool = True, corrections: Path | None = None
) -> list[Extraction]:
    """The facts of several reports, ordered by plan (so that the order of the sources does not
    change the exports), corrected by `corrections` or the corrections.toml beside the first source
    (graph.corrections); two reports of the same plan are an error."""
    from graph.corrections import corrected

    extractions = _extract_in_parallel(sources, use_cache)
    seen: dict[str, Path] = {}
    for source, extraction in zip(sources, extractions, strict=True):
        plan = extraction.report.plan.id
        if plan in seen:
            raise SourceError(f"{source}: a report of plan {plan!r} is already given ({seen[plan]})")
        seen[plan] = source
    return corrected(
        sorted(extractions, key=lambda extraction: extraction.report.plan.id), sources, corrections
    )


def _extract_in_parallel(sources: list[Path], use_cache: bool) -> list[Extraction]:
    """The facts of each report, one process per core (where the platform can fork); the warnings
    of the workers are issued here, in the order of the sources."""
    import os
    import warnings
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_all_start_methods, get_context

    workers = min(os.cpu_count() or 1, len(sources))
    if workers == 1 or "fork" not in get_all_start_methods():
        return [extract_report(source, use_cache) for source in sources]
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork")) as pool:
        results = list(pool.map(_extract_recording, sources, [use_cache] * len(sources)))
    for _, issued in results:
        for warning in issued:
            warnings.warn(warning, stacklevel=3)
    return [extraction for extraction, _ in results]


def _extract_recording(source: Path, use_cache: bool) -> tuple[Extraction, list[Warning]]:
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        extraction = extract_report(source, use_cache)
    return extraction, [item.message for item in caught]


def knowledge_graph(sources: list[Path], use_cache: bool = True):
    """The networkx graph of one or more reports."""
    from graph.build import build_graph

    return build_graph(extract_reports(sources, use_cache))


def ntriples(sources: list[Path], base: str | None = None, use_cache: bool = True) -> str:
    """Canonical N-Triples of the RDF graph of the reports (cached for a single report)."""
    from graph.namespaces import DEFAULT_BASE

    base = base or DEFAULT_BASE
    from graph.corrections import find_corrections

    if len(sources) == 1 and base == DEFAULT_BASE and use_cache and not find_corrections(sources):
        from graph.cache import cached

        return cached(Path(sources[0]), lambda source: _ntriples([source], base, True), str, "ntriples")
    return _ntriples(sources, base, use_cache)


def _ntriples(sources: list[Path], base: str, use_cache: bool) -> str:
    from graph.export.contents import Contents

    return Contents(extract_reports(sources, use_cache), base).ntriples


def build_exports(
    sources: list[Path],
    out: Path,
    base: str | None = None,
    use_cache: bool = True,
    corrections: Path | None = None,
    dataset=None,
) -> dict:
    """The main job: every export of the reports into `out`, corrected by `corrections` (see
    `extract_reports`) and described by `dataset` (graph.export.dataset.DatasetOptions). Nothing is
    written unless all of them were made. Returns counts of what the graph holds."""
    from collections import Counter
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_all_start_methods, get_context

    from graph.export import FORMATS, write_exports
    from graph.export.contents import Contents
    from graph.namespaces import DEFAULT_BASE

    contents = Contents(extract_reports(sources, use_cache, corrections), base or DEFAULT_BASE, dataset)
    network = contents.network
    explorer = FORMATS["html"]
    # The explorer's layout is the slowest step: make it on another core meanwhile (where the
    # platform can fork; elsewhere the pool starts fresh interpreters, which is no faster).
    start = "fork" if "fork" in get_all_start_methods() else "spawn"
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context(start)) as pool:
        html = pool.submit(_render_explorer, network)
        files = {
            export.file: export.render(contents) for export in FORMATS.values() if export is not explorer
        }
        files[explorer.file] = html.result()
    write_exports(files, out)
    nodes = Counter(data["type"] for _, data in network.nodes(data=True))
    edges = Counter(data["relation"] for *_, data in network.edges(data=True))
    return {
        "nodes": dict(sorted(nodes.items())),
        "edges": dict(sorted(edges.items())),
        "triples": len(contents.triples),
    }


def _render_explorer(network) -> bytes:
    from graph.export.html import explorer_html

    return explorer_html(network).encode()
