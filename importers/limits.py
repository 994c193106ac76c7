"""Bounds on what an import reads: regular files only, a size limit checked before reading,
declared unpacked sizes of workbooks, and the length of a single cell."""

from __future__ import annotations

import csv
import io
import os
import stat
import zipfile
from pathlib import Path

import numpy as np
import polars as pl

from importers.problems import Problem, SourceError

# A national data set of 20 years of monthly figures is ~40 MB as CSV: room to spare, yet
# far below what would exhaust the memory of a small server.
MAX_FILE_BYTES = 256 * 1024 * 1024
# What the parts of an .xlsx (a zip) may unpack to, together; a "zip bomb" sheet declares
# gigabytes in a few kilobytes.
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024
MAX_RATIO = 200  # unpacked ÷ packed of one part; XML of real sheets compresses ~10–30×
MAX_CELL_CHARS = 10_000  # longer than any name, code or number; a note is not imported
# 50 years of monthly columns are 600; a line with 2 million separators would make the CSV
# parser build as many columns and never finish.
MAX_COLUMNS = 2_000
# Five times the national data set of 20 years of monthly figures in the long layout.
MAX_LINES = 5_000_000

# The csv module (used to count the lines of quoted multi-line cells) stops at 128 KiB per
# field with a traceback; the cell check below names the cell instead.
csv.field_size_limit(MAX_FILE_BYTES)


def read_bytes(path: Path) -> bytes:
    """The file's bytes, refusing FIFOs, devices and directories before opening them (a
    FIFO would block, /dev/zero never ends) and files above MAX_FILE_BYTES before reading."""
    try:
        info = os.stat(path)
    except OSError:
        return path.read_bytes()  # raises the OSError with its usual wording
    if not stat.S_ISREG(info.st_mode):
        raise SourceError("not_regular")
    if info.st_size > MAX_FILE_BYTES:
        raise SourceError("too_large", _megabytes(MAX_FILE_BYTES))
    # O_NONBLOCK: should the path be swapped for a FIFO meanwhile, open() does not hang.
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise SourceError("not_regular")
        data = handle.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:  # grew while being read
        raise SourceError("too_large", _megabytes(MAX_FILE_BYTES))
    check_workbook(data)
    check_columns(data)
    return data


def check_columns(data: bytes) -> None:
    """Refuse a text file of more than MAX_LINES lines, or with a line of more than
    MAX_COLUMNS fields (by any separator).
    Only lines at least MAX_COLUMNS bytes long can have that many: the lines' lengths come
    from the newline positions (numpy, a few milliseconds for a million lines), and only
    such long lines are counted through."""
    if data.startswith(b"PK\x03\x04"):
        return
    newlines = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == 0x0A)
    if newlines.size > MAX_LINES:
        raise SourceError("too_many_rows", f"{MAX_LINES:,}".replace(",", "."))
    starts = np.concatenate(([0], newlines + 1))
    ends = np.concatenate((newlines, [len(data)]))
    for row in np.flatnonzero(ends - starts >= MAX_COLUMNS).tolist():
        line = data[starts[row]:ends[row]]
        if max(line.count(b";"), line.count(b","), line.count(b"\t")) >= MAX_COLUMNS:
            raise SourceError("too_many_columns", str(MAX_COLUMNS), row=row + 1)


def check_workbook(data: bytes) -> None:
    """Refuse a zip (xlsx) whose parts declare more than MAX_UNPACKED_BYTES together, or
    one part packed far tighter than any real sheet."""
    if not data.startswith(b"PK\x03\x04"):
        return
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise SourceError("unreadable", str(exc)) from exc
    total = sum(part.file_size for part in parts)
    squeezed = any(part.file_size > 1024 * 1024
                   and part.file_size > MAX_RATIO * max(part.compress_size, 1) for part in parts)
    if total > MAX_UNPACKED_BYTES or squeezed:
        raise SourceError("too_large_unpacked", _megabytes(MAX_UNPACKED_BYTES))


def long_cells(name: str, cells: pl.DataFrame, headers: list[str]) -> list[Problem]:
    """A problem for every cell longer than MAX_CELL_CHARS (at most 20 listed)."""
    columns = [c for c in cells.columns if c.startswith("c") and c[1:].isdigit()]
    if not columns:
        return []
    # A cell has at least as many bytes as characters: most files end the check here.
    longest = cells.select(pl.col(columns).str.len_bytes().max()).row(0)
    problems: list[Problem] = []
    for column, size in zip(columns, longest, strict=True):
        if size is None or size <= MAX_CELL_CHARS:
            continue
        too_long = cells.filter(pl.col(column).str.len_chars() > MAX_CELL_CHARS)
        for row, value in too_long.select("_row", column).head(20).iter_rows():
            index = int(column[1:])
            header = headers[index] if index < len(headers) else None
            problems.append(Problem(name, row, header, value[:40] + "…", "cell_too_large",
                                    str(MAX_CELL_CHARS)))
    return problems[:20]


def _megabytes(size: int) -> str:
    return f"{size // (1024 * 1024)} MB"
