"""A cache of extracted facts, keyed by the source file, the gazetteers and the code, so that reports
on the command line do not parse the report again. The input's warnings are kept with the facts and
issued again on every run."""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import warnings
from pathlib import Path

from graph import resources
from graph.files import write_atomic


def cache_dir() -> Path:
    """$TILTAKSGRAF_CACHE, else $XDG_CACHE_HOME/tiltaksgraf, else ~/.cache/tiltaksgraf."""
    if folder := os.environ.get("TILTAKSGRAF_CACHE"):
        return Path(folder)
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "tiltaksgraf"


def _fingerprint(name: str, source: bytes) -> str:
    digest = hashlib.sha256(name.encode() + b"\0" + source)
    code = sorted(resources.path().rglob("*.py"))
    for item in [*code, *resources.listing("data", "gazetteer", suffix=".toml")]:
        digest.update(item.name.encode())
        digest.update(item.read_bytes())
    return digest.hexdigest()[:32]


def cached(source: Path, compute, kind: str = "extraction"):
    """`compute(source)`, or its result from the cache when nothing it depends on has changed."""
    from graph.errors import SourceWarning
    from graph.read import read_bytes  # raises one-line errors

    path = cache_dir() / f"{_fingerprint(Path(source).name, read_bytes(source))}-{kind}.pickle"
    try:
        with path.open("rb") as stream:
            result, issued = pickle.load(stream)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", SourceWarning)
            result = compute(source)
        issued = [item.message for item in caught if isinstance(item.message, SourceWarning)]
        with contextlib.suppress(OSError):  # a read-only home: run without the cache
            write_atomic(path, pickle.dumps((result, issued), protocol=pickle.HIGHEST_PROTOCOL))
    for warning in issued:  # the input's warnings, again on every run
        warnings.warn(warning, stacklevel=2)
    return result
