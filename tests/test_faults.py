"""Faults while writing and in the cache: a full disk, read-only targets, a crash in the middle of a
build, damaged and malicious cache entries. The old exports stay as they were, errors name the export
and the reason, and nothing in the cache runs."""

import contextlib
import errno
import json
import os
import pickle
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import pytest
from click.testing import CliRunner

from graph.cache import entry_path
from graph.cli import main
from graph.codec import ShapeError, from_json, to_json
from graph.files import STAGING_PREFIX
from graph.model import Extraction
from tests.conftest import ROOT, SOURCE, SYNTHETIC

EXPORTS = ROOT / "exports"
ORDER = sorted(path.name for path in EXPORTS.iterdir())  # the order the exports are written in


def run(*arguments: str):
    result = CliRunner().invoke(main, list(arguments))
    assert "Traceback" not in result.output
    return result


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (staging folders included) and its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def old_exports(tmp_path) -> Path:
    """A folder with the exports of the synthetic report: what a failed build must leave alone."""
    out = tmp_path / "exports"
    assert run("build", str(SYNTHETIC), "--out", str(out)).exit_code == 0
    return out


def _quota(total: int, inside: Path):
    """An os.write that fails with ENOSPC once `total` bytes have gone to files under `inside`."""
    real_write, written = os.write, [0]

    def write(handle, data):
        if not os.readlink(f"/proc/self/fd/{handle}").startswith(str(inside)):
            return real_write(handle, data)
        if written[0] + len(data) > total:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        written[0] += len(data)
        return real_write(handle, data)

    return write


def _size_of_first(count: int) -> int:
    return sum((EXPORTS / name).stat().st_size for name in ORDER[:count])


def test_a_full_disk_leaves_the_old_exports_and_names_the_export(old_exports, monkeypatch):
    before = snapshot(old_exports)
    monkeypatch.setattr(os, "write", _quota(_size_of_first(3) + 1000, old_exports))
    result = run("build", str(SOURCE), "--out", str(old_exports))
    assert result.exit_code == 2
    assert result.stderr == f"Error: {old_exports / ORDER[3]}: cannot write (No space left on device)\n"
    assert snapshot(old_exports) == before  # and no staging folder left
    assert sorted(p.name for p in old_exports.iterdir()) == ORDER


@contextlib.contextmanager
def _tmpfs(folder: Path, size: str):
    """A tmpfs of `size` mounted at `folder` (skips where it cannot be mounted)."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root; the injected ENOSPC covers this")
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"tmpfs cannot be mounted here: {mounted.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def test_a_real_full_disk_leaves_the_old_exports(tmp_path):
    with _tmpfs(tmp_path / "disk", "4m") as disk:
        out = disk / "exports"
        assert run("build", str(SYNTHETIC), "--out", str(out)).exit_code == 0
        before = snapshot(out)
        result = run("build", str(SOURCE), "--out", str(out))
        assert result.exit_code == 2
        error = result.stderr.removeprefix(f"Error: {out}/").split(": ", 1)
        assert error[0] in ORDER and error[1] == "cannot write (No space left on device)\n"
        assert snapshot(out) == before
        assert sorted(p.name for p in out.iterdir()) == ORDER


def test_an_injected_read_only_target_is_named_not_the_temporary_file(old_exports, monkeypatch):
    before = snapshot(old_exports)
    real_mkdtemp = __import__("tempfile").mkdtemp

    def read_only(*args, **kwargs):
        if Path(kwargs["dir"]) == old_exports:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(old_exports / ".tiltaksgraf-x"))
        return real_mkdtemp(*args, **kwargs)

    monkeypatch.setattr("tempfile.mkdtemp", read_only)
    result = run("build", str(SOURCE), "--out", str(old_exports))
    assert result.exit_code == 2
    assert result.stderr == f"Error: {old_exports / ORDER[0]}: cannot write (Read-only file system)\n"
    assert snapshot(old_exports) == before


def test_a_read_only_folder_is_named(tmp_path):
    if os.geteuid() == 0:  # root writes into any folder: a read-only file system stops it
        with _tmpfs(tmp_path / "disk", "4m") as disk:
            out = disk / "exports"
            assert run("build", str(SYNTHETIC), "--out", str(out)).exit_code == 0
            before = snapshot(out)
            subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
            result = run("html", str(SOURCE), "--out", str(out / "graph.html"))
            assert result.stderr == f"Error: {out / 'graph.html'}: cannot write (Read-only file system)\n"
            assert snapshot(out) == before and result.exit_code == 2
        return
    out = tmp_path / "exports"
    assert run("build", str(SYNTHETIC), "--out", str(out)).exit_code == 0
    before = snapshot(out)
    out.chmod(0o555)
    try:
        result = run("html", str(SOURCE), "--out", str(out / "graph.html"))
    finally:
        out.chmod(0o755)
    assert result.stderr == f"Error: {out / 'graph.html'}: cannot write (Permission denied)\n"
    assert snapshot(out) == before and result.exit_code == 2


CRASH = """
import os, sys
from graph.cli import main
from graph.codec import ShapeError, from_json, to_json
real_write, written = os.write, [0]
def write(handle, data):
    if os.readlink(f"/proc/self/fd/{handle}").startswith(sys.argv[2]):
        written[0] += len(data)
        if written[0] > int(sys.argv[3]):
            real_write(handle, data[: len(data) // 2])
            os._exit(9)  # the process dies in the middle of a file: no clean-up runs
    return real_write(handle, data)
os.write = write
main(["build", sys.argv[1], "--out", sys.argv[2]])
"""


def test_a_crash_in_the_middle_of_a_build(old_exports):
    before = snapshot(old_exports)
    arguments = [str(SOURCE), str(old_exports), str(_size_of_first(5) + 1000)]
    crashed = subprocess.run([sys.executable, "-c", CRASH, *arguments], cwd=ROOT, capture_output=True)
    assert crashed.returncode == 9
    staging = [p for p in old_exports.iterdir() if p.name.startswith(STAGING_PREFIX)]
    assert len(staging) == 1 and sorted(p.name for p in staging[0].iterdir()) == ORDER[:6]
    assert {name: data for name, data in snapshot(old_exports).items() if "/" not in name} == before
    assert run("build", str(SOURCE), "--out", str(old_exports)).exit_code == 0  # the next build
    assert sorted(p.name for p in old_exports.iterdir()) == ORDER  # removed the crashed one's folder
    assert snapshot(old_exports) == snapshot(EXPORTS)


# --- The cache -------------------------------------------------------------------------------------


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("TILTAKSGRAF_CACHE", str(folder))
    return folder


@pytest.fixture(scope="module")
def synthetic_records():
    result = run("measures", "--format", "json", str(SYNTHETIC))
    assert result.exit_code == 0 and result.stderr == ""
    return json.loads(result.stdout)


def _records_and_warnings(path: Path = SYNTHETIC):
    result = run("measures", "--format", "json", str(path))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout), result.stderr


class Payload:
    """Unpickling this runs a shell command that makes a marker file."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return os.system, (f"touch {self.marker}",)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b'{"kind": "extraction", "warn', "Unterminated string starting at: line 1 column 24 (char 23)"),
        (b"\xff\xfe binary", "'utf-8' codec can't decode byte 0xff in position 0: invalid start byte"),
        (
            b'{"kind": "extraction", "warnings": [], "value": {"report": 5}}',
            "not the fields of Extraction (missing amounts, documents, involvements, links, mentions, "
            "organisations, publications, references)",
        ),
        (
            b'{"kind": "extraction", "warnings": [], "value": null}',
            "expected an object (Extraction), found null",
        ),
        (b'{"kind": "ntriples", "warnings": [], "value": ""}', "not a cache entry of extraction"),
        (b"[]", "not a cache entry of extraction"),
        (None, "Is a directory"),
    ],
    ids=["truncated", "not-utf8", "other-fields", "null", "other-kind", "a-list", "a-folder"],
)
def test_an_unusable_cache_entry_is_made_again_with_one_warning(cache, synthetic_records, content, reason):
    path = entry_path(SYNTHETIC, "extraction")
    path.parent.mkdir(parents=True)
    if content is None:
        path.mkdir()
    else:
        path.write_bytes(content)
    records, stderr = _records_and_warnings()
    assert records == synthetic_records
    assert stderr == f"Warning: {path}: cache entry not usable ({reason}); made again\n"
    if content is not None:  # replaced by a sound entry: the next run reads it without a word
        assert json.loads(path.read_bytes())["kind"] == "extraction"
        assert _records_and_warnings() == (synthetic_records, "")


def test_a_malicious_cache_entry_runs_nothing(cache, tmp_path, synthetic_records):
    marker = tmp_path / "marker"
    payload = pickle.dumps(Payload(marker))
    path = entry_path(SYNTHETIC, "extraction")
    path.parent.mkdir(parents=True)
    path.write_bytes(payload)
    path.with_suffix(".pickle").write_bytes(payload)  # where the pickle cache kept the entry
    records, stderr = _records_and_warnings()
    assert not marker.exists()
    assert records == synthetic_records
    assert stderr == (
        f"Warning: {path}: cache entry not usable "
        "('utf-8' codec can't decode byte 0x80 in position 0: invalid start byte); made again\n"
    )
    assert path.with_suffix(".pickle").read_bytes() == payload  # never read, left alone
    pickle.loads(payload)  # the payload does run when unpickled: the test would see it
    assert marker.exists()


def _set(entry: dict, where: str, value) -> None:
    *keys, last = [int(key) if key.isdigit() else key for key in where.split(".")]
    for key in keys:
        entry = entry[key]
    entry[last] = value


@pytest.mark.parametrize(
    ("where", "value", "reason"),
    [
        (
            "value.report.measures.2.span.start",
            "12",
            "at report.measures.2.span.start: expected int, found a string",
        ),
        (
            "value.report.measures.0.number",
            True,
            "at report.measures.0.number: expected int, found true/false",
        ),
        (
            "value.report.plan.period",
            [2014, 2017],
            "at report.plan.period: expected an object (Period), found an array",
        ),
        (
            "value.organisations.jd.aliases",
            "JD",
            "at organisations.jd.aliases: expected an array, found a string",
        ),
        ("value.report.plan.shell", "rm -rf /", "at report.plan: not the fields of Plan (unknown shell)"),
        ("warnings", [3], "at 0: expected str, found a number"),
    ],
)
def test_a_well_formed_entry_of_another_shape_is_checked_field_by_field(
    cache, synthetic_records, where, value, reason
):
    run("measures", str(SYNTHETIC))
    path = entry_path(SYNTHETIC, "extraction")
    entry = json.loads(path.read_bytes())
    _set(entry, where, value)
    path.write_text(json.dumps(entry))
    records, stderr = _records_and_warnings()
    assert records == synthetic_records
    assert stderr == f"Warning: {path}: cache entry not usable ({reason}); made again\n"


def test_warnings_are_kept_in_the_cache_and_issued_once_after_a_bad_entry(cache, tmp_path):
    report = tmp_path / "report.txt"
    report.write_text(SYNTHETIC.read_text(encoding="utf-8").replace("\n3. ", "\n2. ", 1), encoding="utf-8")
    first = _records_and_warnings(report)
    source_warnings = first[1].splitlines()
    assert len(source_warnings) == 2 and all(
        line.startswith(f"Warning: {report}:") for line in source_warnings
    )
    path = entry_path(report, "extraction")
    assert json.loads(path.read_bytes())["warnings"] == [
        line.removeprefix("Warning: ") for line in source_warnings
    ]
    path.write_bytes(b"[]")
    records, stderr = _records_and_warnings(report)
    assert records == first[0]
    assert stderr.splitlines() == [
        f"Warning: {path}: cache entry not usable (not a cache entry of extraction); made again",
        *source_warnings,
    ]
    assert _records_and_warnings(report) == first


def test_the_key_changes_with_the_code(cache, monkeypatch):
    from graph import cache as cache_module

    key = entry_path(SYNTHETIC, "extraction")
    assert key.parent == cache and key.name.endswith("-extraction.json")
    try:
        with monkeypatch.context() as patch:
            patch.setattr(cache_module, "FORMAT", "tiltaksgraf-cache/another")
            cache_module._code_digest.cache_clear()
            assert entry_path(SYNTHETIC, "extraction") != key
    finally:
        cache_module._code_digest.cache_clear()
    assert entry_path(SYNTHETIC, "extraction") == key


@dataclass(frozen=True)
class _Page:
    number: int
    language: str | None = None


@dataclass
class _Observation:
    """Fields of kinds the model does not have yet: the codec reads them with no change."""

    status: str
    pages: tuple[_Page, ...]
    by_year: dict[int, list[_Page | None]]
    share: float
    checked: bool
    note: Optional[str] = None  # noqa: UP045 - the older spelling of a union with None
    parent: "_Observation | None" = None  # a forward reference, as get_type_hints resolves it
    tags: dict[str, tuple[str, ...]] = field(default_factory=dict)


def test_the_codec_reads_fields_it_has_not_seen_before(extraction):
    value = _Observation(
        status="ongoing",
        pages=(_Page(1, "nb"), _Page(2)),
        by_year={2016: [_Page(3, "nn"), None], 2017: []},
        share=0.5,
        checked=True,
        parent=_Observation("done", (), {}, 1, False),
        tags={"a": ("x", "y")},
    )
    data = json.loads(json.dumps(to_json(value)))
    assert data["by_year"] == {"2016": [{"number": 3, "language": "nn"}, None], "2017": []}
    assert from_json(data, _Observation) == value
    assert from_json(json.loads(json.dumps(to_json(extraction))), Extraction) == extraction
    with pytest.raises(ShapeError, match=r"^at by_year: expected an integer key, found 'x'$"):
        from_json({**data, "by_year": {"x": []}}, _Observation)
    with pytest.raises(
        ShapeError, match=r"^at parent.pages.0: expected an object \(_Page\), found a number$"
    ):
        from_json({**data, "parent": {**data["parent"], "pages": [7]}}, _Observation)


def test_the_key_changes_with_the_rules_written_as_data(monkeypatch):
    """A layout or language profile edited (a rule is data) makes a new key: no stale facts."""
    from graph import cache as cache_module
    from graph import resources

    cache_module._code_digest.cache_clear()
    before = cache_module._code_digest()
    real = resources.listing

    class Edited:
        name = "layout.toml"

        def read_bytes(self):
            return b"# edited\n"

    def listing(*parts, suffix=""):
        found = list(real(*parts, suffix=suffix))
        return [Edited() if item.name == "layout.toml" else item for item in found]

    try:
        monkeypatch.setattr(cache_module.resources, "listing", listing)
        cache_module._code_digest.cache_clear()
        assert cache_module._code_digest() != before
    finally:
        monkeypatch.undo()
        cache_module._code_digest.cache_clear()
    assert cache_module._code_digest() == before
