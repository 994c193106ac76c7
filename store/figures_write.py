"""Figures into `observations`: one transaction per file, written at once or part by part
while the rest of the file is still being checked (FigureWriter)."""

from __future__ import annotations

import queue
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import chain

import polars as pl

from store import rounding
from store.compare.common import STATUSES
from store.db import Store, StoreError, now_iso
from store.imports import (
    ImportCounts,
    ImportSource,
    begin_import,
    classify,
    count_changes,
    finish_import,
    tuples,
    verify,
)

Progress = Callable[[int, int], None]

OBSERVATION_KEY = ["ags", "indicator_code", "period"]
OBSERVATION_FIELDS = ["value", "numerator", "denominator", "status"]
NUMBER_FIELDS = ["value", "numerator", "denominator"]
OBSERVATION_SCHEMA = {
    "ags": pl.String, "indicator_code": pl.String, "period": pl.String, "value": pl.Float64,
    "numerator": pl.Float64, "denominator": pl.Float64, "status": pl.String,
    "import_id": pl.Int64,
}
# Quarters, months, years and reference days (store.schema.FIGURE_PERIOD_CHECK).
PERIOD_PATTERN = r"^[12]\d{3}(-(Q[1-4]|0[1-9]|1[0-2])|-[01]\d-[0-3]\d)?$"
CHUNK = 25_000
# 7 parameters a row: 500 rows stay far below SQLite's limit of 32,766 bound parameters.
ROWS_PER_STATEMENT = 500


def write_figures(store: Store, source: ImportSource, records: pl.DataFrame,
                  progress: Progress | None = None,
                  before: Callable[[sqlite3.Connection], None] | None = None,
                  notes: pl.DataFrame | None = None) -> ImportCounts:
    """Insert new figures, update corrected ones (their previous version goes into
    observation_history), add `notes` (ags, indicator_code, period, text; a note already
    there is not repeated) and record the import: all in one transaction. `before` runs
    first inside it (an official table's new indicators and remembered mappings). Nothing
    at all (an untouched collection template) writes nothing."""
    counts = ImportCounts(rows=records.height)
    if records.is_empty() and (notes is None or notes.is_empty()):
        return counts
    with _bulk_mode(store), store.write() as conn:
        if not begin_import(conn, store, source, counts):
            return counts
        if before is not None:
            before(conn)
        counts.rows = 0
        _write_part(conn, store, records, counts, progress, records.height)
        if notes is not None:
            counts.notes = _insert_notes(conn, store.user, notes)
        finish_import(conn, counts)
    return counts


class FigureWriter:
    """Writes one file's figures part by part on a thread of its own, in one transaction,
    while the caller goes on checking the rest of the file: SQLite inserting and polars
    checking then use both cores. Nothing is committed before `finish`; `abort` (a file
    with problems) rolls everything back.

    The transaction holds the store's lock from the first part on, so the caller must not
    use the store between `add` and `finish`/`abort`. A part that fails to write (a held
    lock, a full disk, a key repeated in the file) ends the writing; later parts are
    dropped and `finish` raises the error."""

    _END, _ABORT = object(), object()

    def __init__(self, store: Store, source: ImportSource, progress: Progress | None = None,
                 expected: int = 0) -> None:
        self.store, self.source, self.progress = store, source, progress
        self.expected = expected  # rows the caller expects to send, for progress only
        self.counts = ImportCounts()
        self._parts: queue.Queue = queue.Queue(maxsize=1)  # bounds what waits in memory
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None

    def add(self, records: pl.DataFrame) -> None:
        """Queue checked records (columns as for write_figures) for writing."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="figure-writer", daemon=True)
            self._thread.start()
        self._parts.put(records)

    def finish(self) -> ImportCounts:
        """Commit what was added; the counts (with `previous` for a file imported before).
        Raises StoreError when writing failed; then nothing was written."""
        if self._thread is None:
            return self.counts
        self._parts.put(self._END)
        self._thread.join()
        if self._error is not None:
            if isinstance(self._error, StoreError):
                raise self._error
            raise StoreError("invalid", self.store.path, str(self._error)) from self._error
        return self.counts

    def abort(self) -> None:
        """Roll back whatever was written."""
        if self._thread is not None:
            self._parts.put(self._ABORT)
            self._thread.join()

    def _run(self) -> None:
        try:
            with _bulk_mode(self.store), self.store.write() as conn:
                if not begin_import(conn, self.store, self.source, self.counts):
                    self._drain()
                    return
                while (part := self._parts.get()) is not self._END:
                    if part is self._ABORT:
                        raise _Aborted
                    _write_part(conn, self.store, part, self.counts, self.progress,
                                max(self.expected, self.counts.rows + part.height))
                if self.counts.rows == 0:  # nothing at all: no import to record
                    raise _Aborted
                finish_import(conn, self.counts)
        except _Aborted:
            pass
        except BaseException as exc:  # handed to the caller by finish()
            self._error = exc
            self._drain()

    def _drain(self) -> None:
        """Take parts until the caller says it is done, so that `add` never blocks."""
        while True:
            part = self._parts.get()
            if part is self._END or part is self._ABORT:
                return


class _Aborted(Exception):
    """Rolls the writer's transaction back."""


def _write_part(conn: sqlite3.Connection, store: Store, records: pl.DataFrame,
                counts: ImportCounts, progress: Progress | None, expected: int) -> None:
    """Classify some records against the stored figures, keep the history of corrected ones
    and insert the new ones; adds to `counts`."""
    extra = [c for c in rounding.PRECISION if c in records.columns]
    records = _in_key_order(records.select(*OBSERVATION_KEY, *OBSERVATION_FIELDS, *extra))
    _check_observations(records)
    verify(conn, "municipalities", "ags", records["ags"])
    verify(conn, "indicators", "code", records["indicator_code"])
    existing = _existing_observations(store, records)
    classified = classify(records, existing, OBSERVATION_KEY, OBSERVATION_FIELDS,
                          carry=("import_id",))
    if extra:  # only rows that differ from a stored figure can be rounded copies of it
        classified = rounding.settle_at_precision(classified, OBSERVATION_FIELDS)
    part = ImportCounts()
    count_changes(part, classified)
    changed = classified.filter(pl.col("_change") == "changed")
    if changed.height:
        conn.executemany(
            "INSERT INTO observation_history(ags, indicator_code, period, value, numerator,"
            " denominator, status, import_id, replaced_at, replaced_by_import)"
            f" VALUES (?, ?, ?, ?, ?, ?, ?, ?, '{now_iso()}', {counts.import_id})",
            tuples(changed.select(*OBSERVATION_KEY, *(f"{f}_old" for f in OBSERVATION_FIELDS),
                                  "import_id_old")),
        )
        conn.executemany(
            "UPDATE observations SET value = ?, numerator = ?, denominator = ?, status = ?,"
            f" import_id = {counts.import_id}"
            " WHERE ags = ? AND indicator_code = ? AND period = ?",
            tuples(changed.select(*OBSERVATION_FIELDS, *OBSERVATION_KEY)),
        )
    # Most imports bring only new figures: then the records themselves are inserted,
    # without a filtered copy of them.
    new = records if part.new == records.height else classified.filter(
        pl.col("_change") == "new").select(*OBSERVATION_KEY, *OBSERVATION_FIELDS)
    del classified, changed, existing
    done = counts.rows

    def step(written: int, _total: int) -> None:
        if progress:
            progress(done + written, expected)

    _insert_observations(conn, new, counts.import_id, step)
    counts.rows += records.height
    counts.new += part.new
    counts.changed += part.changed
    counts.unchanged += part.unchanged


def _check_observations(records: pl.DataFrame) -> None:
    """Keys present, periods and statuses well-formed; looked at once per distinct value."""
    missing = next((k for k in OBSERVATION_KEY if records[k].null_count()), None)
    if missing is not None:
        first = records.filter(pl.col(missing).is_null()).row(0)
        raise StoreError("invalid", detail=f"observation {first}")
    for column, bad in (("period", ~pl.col("period").str.contains(PERIOD_PATTERN)),
                        ("status", ~pl.col("status").is_in(STATUSES)
                         | pl.col("status").is_null())):
        wrong = records.select(pl.col(column).unique()).filter(bad)
        if wrong.height:
            first = records.filter(pl.col(column).is_in(wrong[column].implode())
                                   | pl.col(column).is_null()).row(0)
            raise StoreError("invalid", detail=f"observation {first}")


def _in_key_order(records: pl.DataFrame) -> pl.DataFrame:
    """The rows grouped by municipality, which lets SQLite insert them page after page
    into the part of the table that municipality's figures take up. Downloads usually
    come grouped already (measured: a million rows in file order insert as fast as in
    full key order); only a file mixing municipalities is sorted."""
    if records["ags"].is_sorted():
        return records
    return records.sort(OBSERVATION_KEY)


def _insert_notes(conn: sqlite3.Connection, user: str, notes: pl.DataFrame) -> int:
    added = 0
    for ags, code, period, text in tuples(notes.select("ags", "indicator_code", "period",
                                                       "text")):
        seen = conn.execute("SELECT 1 FROM annotations WHERE ags = ? AND indicator_code = ?"
                            " AND period = ? AND text = ?", (ags, code, period, text)).fetchone()
        if seen is None:
            conn.execute("INSERT INTO annotations(ags, indicator_code, period, text, author,"
                         " created_at) VALUES (?, ?, ?, ?, ?, ?)",
                         (ags, code, period, text, user, now_iso()))
            added += 1
    return added


def _existing_observations(store: Store, records: pl.DataFrame) -> pl.DataFrame:
    ags = records["ags"].unique().sort().to_list()
    codes = records["indicator_code"].unique().sort().to_list()
    first, last = records.select(pl.col("period").min().alias("first"),
                                 pl.col("period").max().alias("last")).row(0)
    # Municipalities and codes named, periods as a range: SQLite seeks once per pair along
    # the primary key (ags, indicator_code, period) instead of once per figure.
    found = store._frame(
        "SELECT ags, indicator_code, period, value, numerator, denominator, status, import_id"
        f" FROM observations WHERE ags IN ({', '.join('?' * len(ags))})"
        f" AND indicator_code IN ({', '.join('?' * len(codes))})"
        " AND period BETWEEN ? AND ?",
        [*ags, *codes, first, last], schema=OBSERVATION_SCHEMA,
    )
    if found.is_empty():  # new periods: no hash table over every incoming key is needed
        return found
    return found.join(records.select(OBSERVATION_KEY), on=OBSERVATION_KEY, how="semi")


@contextmanager
def _bulk_mode(store: Store) -> Iterator[None]:
    """A page cache of its own size and no per-row foreign-key lookups for one bulk write.
    The keys were verified inside the transaction (verify) and are written by us only.
    foreign_keys can only change outside a transaction, so this wraps store.write()."""
    with store.lock:
        conn = store.conn
        cache = conn.execute("PRAGMA cache_size").fetchone()[0]
        conn.execute("PRAGMA cache_size = -16384")  # 16 MiB: rows come grouped by municipality
        conn.execute("PRAGMA foreign_keys = OFF")
        try:
            yield
        finally:
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute(f"PRAGMA cache_size = {int(cache)}")


def _insert_observations(conn: sqlite3.Connection, new: pl.DataFrame, import_id: int | None,
                         progress: Progress | None) -> None:
    """Insert rows, many rows per statement.

    Period and status were checked for the whole frame with polars (_check_observations),
    so SQLite's per-row CHECKs are skipped here. Binding parameters row by row through
    `executemany` costs twice the time of statements that carry ROWS_PER_STATEMENT rows each.
    Missing numbers are bound as NaN, which SQLite stores as NULL: Python's sqlite3 binds
    None through its adapter lookup, which took a third of the whole insert."""
    total = new.height
    if progress:
        progress(0, total)
    if not total:
        return
    import_ref = str(int(import_id)) if import_id is not None else "NULL"
    columns = [*OBSERVATION_KEY, *OBSERVATION_FIELDS]
    row = f"({', '.join('?' * len(columns))}, {import_ref})"
    head = f"INSERT INTO observations({', '.join(columns)}, import_id) VALUES "
    full_sql = head + ", ".join([row] * ROWS_PER_STATEMENT)
    conn.execute("PRAGMA ignore_check_constraints = ON")
    try:
        done = 0
        for offset in range(0, total, CHUNK):
            chunk = new.slice(offset, CHUNK).select(columns).with_columns(
                pl.col(NUMBER_FIELDS).fill_null(float("nan")))
            flat = list(chain.from_iterable(tuples(chunk)))
            width = len(columns) * ROWS_PER_STATEMENT
            whole = len(flat) // width * width
            for start in range(0, whole, width):
                conn.execute(full_sql, flat[start:start + width])
            if whole < len(flat):
                rest = flat[whole:]
                conn.execute(head + ", ".join([row] * (len(rest) // len(columns))), rest)
            done += chunk.height
            if progress:
                progress(done, total)
    finally:
        conn.execute("PRAGMA ignore_check_constraints = OFF")
