"""Writing output files safely: never over an existing file without --force, never over a
database in use, and never a half-written file (temporary name, fsync, rename)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from tui.kit import texts


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def is_database_file(path: Path) -> bool:
    """An SQLite file (any, ours or not) or one of its -wal/-shm/-journal companions."""
    if path.name.endswith(("-wal", "-shm", "-journal")):
        return True
    try:
        with open(path, "rb") as handle:
            return handle.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def refuse_target(out: str | Path, force: bool, protected: tuple[Path, ...] = (),
                  databases_too: bool = False) -> str | None:
    """Why `out` must not be written, in German; None when it may.

    A file in `protected` (the database the command reads) is never replaced, nor (unless
    `databases_too`, for backups) any other SQLite database, not even with --force; any
    other existing file only with --force."""
    target = Path(out)
    if any(_same_file(target, p) for p in protected) or (
            not databases_too and target.exists() and is_database_file(target)):
        return texts.OUT_IS_DATABASE.format(path=target)
    if target.exists() and not target.is_file():
        return texts.OUT_NOT_FILE.format(path=target)
    if target.exists() and not force:
        return texts.OUT_EXISTS.format(path=target)
    return None


def write_atomic(path: str | Path, data: bytes) -> Path:
    """Write `data` to `path` through a temporary file in the same directory, flushed to disk
    and renamed into place: a full disk or a kill leaves the old file (or none), never half."""
    path = Path(path)
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    try:  # make the rename itself durable
        directory = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
    except OSError:
        pass
    return path


def free_path(directory: Path, stem: str, suffix: str) -> Path:
    """`directory/stem.suffix`, or with -2, -3, … added when that name is taken."""
    path, number = directory / f"{stem}.{suffix}", 2
    while path.exists():
        path = directory / f"{stem}-{number}.{suffix}"
        number += 1
    return path
