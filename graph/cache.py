"""A cache of extracted facts, keyed by the source file, the gazetteers and the code, so that reports
on the command line do not parse the report again. The input's warnings are kept with the facts and
issued again on every run.

An entry is JSON (graph.codec), checked against the type it is read as: an entry that cannot be read
— damaged, of another shape, or not JSON at all — is a miss, told in one warning, made again and
replaced. Nothing in the cache can run code. A change of the code changes every key, so the entries of
an older version are never read.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from graph import resources
from graph.codec import ShapeError, from_json, to_json
from graph.errors import SourceWarning, TiltaksgrafError, TiltaksgrafWarning
from graph.files import write_atomic

FORMAT = "tiltaksgraf-cache/2"  # the layout of an entry; part of every key
T = TypeVar("T")


def cache_dir() -> Path:
    """$TILTAKSGRAF_CACHE, else $XDG_CACHE_HOME/tiltaksgraf, else ~/.cache/tiltaksgraf."""
    if folder := os.environ.get("TILTAKSGRAF_CACHE"):
        return Path(folder)
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "tiltaksgraf"


@functools.cache
def _code_digest() -> bytes:
    """A digest of the package's code and the data its rules read: the gazetteers and the layout
    and language profiles (a rule edited as data must not be answered from the cache)."""
    digest = hashlib.sha256(FORMAT.encode())
    code = sorted(resources.path().rglob("*.py"))
    data = [
        *resources.listing("data", "gazetteer", suffix=".toml"),
        *resources.listing("data", "profiles", suffix=".toml"),
    ]
    for item in [*code, *data]:
        digest.update(item.name.encode() + b"\0")
        digest.update(item.read_bytes())
    return digest.digest()


def entry_path(source: Path, kind: str) -> Path:
    """Where the cache keeps the `kind` of facts of `source` (raises SourceError if it is unreadable)."""
    from graph.read import read_bytes  # raises one-line errors

    digest = hashlib.sha256(_code_digest() + Path(source).name.encode() + b"\0" + read_bytes(source))
    return cache_dir() / f"{digest.hexdigest()[:32]}-{kind}.json"


def cached(source: Path, compute: Callable[[Path], T], shape: type[T], kind: str) -> T:
    """`compute(source)`, or its result from the cache when nothing it depends on has changed."""
    return cached_at(entry_path(source, kind), lambda: compute(source), shape, kind)


def cached_at(path: Path, compute: Callable[[], T], shape: type[T] | None, kind: str) -> T:
    """`compute()`, or its result from the entry at `path` (shape None: the JSON value as read)."""
    found = _read(path, shape, kind)
    if found is None:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", SourceWarning)
            result = compute()
        issued = [str(item.message) for item in caught if isinstance(item.message, SourceWarning)]
        entry = {"kind": kind, "warnings": issued, "value": to_json(result)}
        with contextlib.suppress(OSError, TiltaksgrafError):  # a read-only home: run without the cache
            write_atomic(path, json.dumps(entry, ensure_ascii=False, separators=(",", ":")))
    else:
        result, issued = found
    for warning in issued:  # the input's warnings, again on every run
        warnings.warn(SourceWarning(warning), stacklevel=2)
    return result


def _read(path: Path, shape: type | None, kind: str) -> tuple | None:
    """(value, warnings) of the entry at `path`; None for a miss, with a warning when an entry is
    there but cannot be used."""
    try:
        entry = json.loads(path.read_bytes().decode("utf-8"))
        if type(entry) is not dict or entry.keys() != {"kind", "warnings", "value"} or entry["kind"] != kind:
            raise ShapeError(f"not a cache entry of {kind}")
        value = entry["value"] if shape is None else from_json(entry["value"], shape)
        return value, from_json(entry["warnings"], list[str])
    except FileNotFoundError:
        return None
    except (OSError, ValueError, RecursionError) as error:  # ShapeError and JSON errors are ValueErrors
        reason = error.strerror if isinstance(error, OSError) else str(error).splitlines()[0][:160]
        warnings.warn(
            TiltaksgrafWarning(f"{path}: cache entry not usable ({reason}); made again"), stacklevel=3
        )
        return None
