"""The pipeline from source files to facts, graphs and exports:
read -> parse -> extract -> build -> export."""

from __future__ import annotations

from pathlib import Path

from graph.errors import SourceError, TiltaksgrafError
from graph.model import Extraction, report_order


def extract_report(source: Path, use_cache: bool = True) -> Extraction:
    """Parse a status report and extract its facts (from the cache when nothing has changed)."""
    from graph.cache import cached

    return cached(Path(source), _extract, Extraction, "extraction") if use_cache else _extract(Path(source))


def _extract(source: Path) -> Extraction:
    from graph.extract import extract
    from graph.parse import parse_report

    return extract(parse_report(source))


def extract_reports(sources: list[Path], use_cache: bool = True) -> list[Extraction]:
    """The facts of several reports, ordered by plan and date (so that the order of the sources does
    not change the exports); the first report that cannot be read is an error."""
    from graph.corpus import Entry

    extractions, failures = extract_corpus([Entry(Path(source)) for source in sources], use_cache)
    if failures:
        raise failures[0].error
    return extractions


def extract_corpus(
    entries: list, use_cache: bool = True, progress=None, corrections: Path | None = None
) -> tuple[list[Extraction], list]:
    """The facts of the reports of a corpus (graph.corpus entries, with what the manifest says of
    each put in place), ordered by plan and date, corrected by `corrections` or the corrections.toml
    beside the first report (graph.corrections), and the reports that failed (graph.corpus.Failure:
    the report and the error), among them the same report given twice (the same bytes). `progress`
    is called with each report's path when it is done."""
    from graph.corpus import Failure, apply_entry
    from graph.corrections import corrected

    results = _extract_in_parallel([entry.path for entry in entries], use_cache, progress)
    extractions, failures, seen = [], [], {}
    for entry, result in zip(entries, results, strict=True):
        if isinstance(result, TiltaksgrafError):
            failures.append(Failure(entry.path, result))
            continue
        digest = result.report.checksum  # of the bytes the report was read from
        if digest and digest in seen:
            error = SourceError(f"{entry.path}: the same report as {seen[digest]} is already given")
            failures.append(Failure(entry.path, error))
            continue
        seen[digest] = entry.path
        extractions.append(apply_entry(result, entry))
    ordered = sorted(extractions, key=report_order)
    return corrected(ordered, [entry.path for entry in entries], corrections), failures


def _extract_in_parallel(sources: list[Path], use_cache: bool, progress=None) -> list:
    """The facts of each report, or the error that stopped it, one process per core (where the
    platform can fork); the warnings of the workers are issued here, in the order of the sources."""
    import os
    import warnings
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from multiprocessing import get_all_start_methods, get_context

    workers = min(os.cpu_count() or 1, len(sources))
    if workers == 1 or "fork" not in get_all_start_methods():
        results = []
        for source in sources:
            results.append(_extract_or_error(source, use_cache))
            if progress:
                progress(source)
        return results
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork")) as pool:
        futures = {pool.submit(_extract_recording, source, use_cache): i for i, source in enumerate(sources)}
        recorded: list = [None] * len(sources)
        for future in as_completed(futures):
            recorded[futures[future]] = future.result()
            if progress:
                progress(sources[futures[future]])
    for _, issued in recorded:
        for warning in issued:
            warnings.warn(warning, stacklevel=3)
    return [result for result, _ in recorded]


def _extract_or_error(source: Path, use_cache: bool):
    try:
        return extract_report(source, use_cache)
    except TiltaksgrafError as error:
        return error


def _extract_recording(source: Path, use_cache: bool) -> tuple:
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = _extract_or_error(source, use_cache)
    return result, [item.message for item in caught]


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


def build_exports(sources: list[Path], out: Path, base: str | None = None, use_cache: bool = True) -> dict:
    """The main job: every export of the reports into `out`. Nothing is written unless all of them
    were made. Returns counts of what the graph holds."""
    return write_build(extract_reports(sources, use_cache), out, base)


def write_build(extractions: list[Extraction], out: Path, base: str | None = None, dataset=None) -> dict:
    """Every export of the extracted reports into `out`, all or nothing, the RDF described by
    `dataset` (graph.export.dataset.DatasetOptions); counts of the graph."""
    from collections import Counter
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_all_start_methods, get_context

    from graph.export import FORMATS, write_exports
    from graph.export.contents import Contents
    from graph.namespaces import DEFAULT_BASE

    contents = Contents(extractions, base or DEFAULT_BASE, dataset)
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
        "plans": sorted({e.report.plan.id for e in extractions}),
        "nodes": dict(sorted(nodes.items())),
        "edges": dict(sorted(edges.items())),
        "triples": len(contents.triples),
    }


def _render_explorer(network) -> bytes:
    from graph.export.html import explorer_html

    return explorer_html(network).encode()
