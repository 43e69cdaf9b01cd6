"""Writing files so that a failure leaves the old ones as they were: every file of a job is written
into a hidden staging folder beside its target and moved into place only when all are complete.

Only regular files are replaced. A device, a FIFO, a socket or a folder at a target is refused, and a
symbolic link is followed to the regular file it points to (or refused when it points elsewhere).
Errors name the target and the reason, never a temporary file.

The window that remains: the files are moved into place one rename after another. A crash between
two renames leaves some targets new and the others old — each of them whole — and the staging folder
of the crashed process, which the next write into that folder removes.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
from pathlib import Path

from graph.errors import OutputError

STAGING_PREFIX = ".tiltaksgraf-staging-"
_KINDS = {
    stat.S_ISDIR: "a directory",
    stat.S_ISCHR: "a character device",
    stat.S_ISBLK: "a block device",
    stat.S_ISFIFO: "a FIFO (named pipe)",
    stat.S_ISSOCK: "a socket",
}


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write `data` to `path` so that readers see the old file or the whole new one, never a part."""
    write_files({Path(path): data})


def write_files(files: dict[Path, bytes | str]) -> None:
    """Write every file, or none: each is staged beside its target, and only when all of them are
    complete are they moved into place. OutputError names the file that could not be written."""
    targets = {Path(path): _regular_target(Path(path)) for path in files}
    stages: dict[Path, Path] = {}  # a target's folder -> its staging folder
    staged: dict[Path, Path] = {}
    current = next(iter(targets), None)
    try:
        for current, target in targets.items():
            if target.parent not in stages:
                stages[target.parent] = _staging_folder(target.parent)
            staged[current] = stages[target.parent] / target.name
            _write(staged[current], files[current], _mode_of(target))
        for current, file in staged.items():
            os.replace(file, targets[current])
    except OSError as error:
        raise OutputError(f"{current}: cannot write ({error.strerror or error})") from None
    finally:
        for stage in stages.values():
            shutil.rmtree(stage, ignore_errors=True)


def _regular_target(path: Path) -> Path:
    """The file to replace for `path`: itself, or the regular file its symbolic link points to;
    OutputError when something other than a regular file is there."""
    try:
        status = path.stat()  # follows symbolic links
    except FileNotFoundError:
        if path.is_symlink():
            raise OutputError(
                f"{path}: is a symbolic link to {os.readlink(path)}, which does not exist; not replaced"
            ) from None
        return path
    except NotADirectoryError:
        return path  # a file stands where a folder should be: _staging_folder names it
    except OSError as error:
        raise OutputError(f"{path}: cannot write ({error.strerror or error})") from None
    if stat.S_ISREG(status.st_mode):
        return Path(os.path.realpath(path)) if path.is_symlink() else path
    kind = next(name for test, name in _KINDS.items() if test(status.st_mode))
    if path.is_symlink():
        kind = f"a symbolic link to {os.path.realpath(path)}, {kind}"
    raise OutputError(f"{path}: is {kind}, not a regular file; not replaced")


def _staging_folder(folder: Path) -> Path:
    """A new staging folder in `folder` (created if missing), after removing those of processes
    that died while writing there."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        blocker = next(parent for parent in (folder, *folder.parents) if parent.exists())
        raise OutputError(f"{blocker}: is a file, not a folder; cannot write into it") from None
    for stale in folder.glob(STAGING_PREFIX + "*") if os.name == "posix" else ():
        pid = stale.name.removeprefix(STAGING_PREFIX).split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(stale, ignore_errors=True)
    return Path(tempfile.mkdtemp(dir=folder, prefix=f"{STAGING_PREFIX}{os.getpid()}-"))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def _mode_of(target: Path) -> int | None:
    """The permissions to keep: those of the file replaced (None for a new file)."""
    with contextlib.suppress(FileNotFoundError, NotADirectoryError):
        return stat.S_IMODE(target.stat().st_mode)
    return None


def _write(path: Path, data: bytes | str, mode: int | None) -> None:
    """Write the whole of `data` to the new file `path` and flush it to the disk."""
    content = memoryview(data.encode("utf-8") if isinstance(data, str) else data)
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the umask applies
    try:
        if mode is not None:
            os.chmod(path, mode)
        while content:
            content = content[os.write(handle, content) :]
        os.fsync(handle)
    finally:
        os.close(handle)
