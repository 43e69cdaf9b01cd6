"""Report results kept in the cache: a report asked again of the same reports, by the same code,
with the same options, is read from one small JSON file instead of being computed from the
knowledge graph again, so that it imports neither networkx nor the model. The key is the report's
name, its options, each source's cache key (its name and content, the gazetteers, the profiles, the
code) and the corrections file the reports are read with; the entry is plain JSON, with the input's
warnings (graph.cache)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from graph.cache import cache_dir, cached_at, entry_path

KIND = "report"


def remembered(name: str, options: dict, sources: list[Path], compute: Callable[[], object]):
    """The JSON value (graph.codec.to_json) of `compute()`, from the cache when it holds it."""
    from graph.codec import to_json

    keys = [entry_path(source, KIND).name for source in sources]
    key = json.dumps([name, options, keys, _corrections(sources)], sort_keys=True)
    path = cache_dir() / f"{hashlib.sha256(key.encode()).hexdigest()[:32]}-{KIND}.json"
    return cached_at(path, lambda: to_json(compute()), None, KIND)


def _corrections(sources: list[Path]) -> str | None:
    """A digest of the corrections file that reading `sources` applies: corrections.toml beside
    the first report (graph.corrections.find_corrections, which is not imported here: it brings
    the model)."""
    beside = Path(sources[0]).parent / "corrections.toml"
    return hashlib.sha256(beside.read_bytes()).hexdigest() if beside.is_file() else None
