"""Figures into `observations`: one transaction per file, written at once or part by part
while the rest of the file is still being checked (FigureWriter)."""

from __future__ import annotations

import queue
import sqlite3
import threading
from collections.abc import Callable

import polars as pl

from store import figures_insert, rounding
from store.compare.common import OBS_SCHEMA
from store.db import Store, StoreError, now_iso
from store.figures_insert import OBSERVATION_FIELDS, OBSERVATION_KEY, Part, Progress, bulk_mode
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

OBSERVATION_SCHEMA = {**OBS_SCHEMA, "import_id": pl.Int64}


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
    part = figures_insert.prepare(records)
    with bulk_mode(store), store.write() as conn:
        if not begin_import(conn, store, source, counts):
            return counts
        if before is not None:
            before(conn)
        counts.rows = 0
        _write_part(conn, store, part, counts, progress, records.height, (set(), set()))
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
    use the store between `add` and `finish`/`abort` (nor start it while holding the lock:
    importers.run checks first then). A problem found by the caller ends it at once
    (`abort`), so other writers wait no longer than needed. A part that fails to write (a held
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
        self._closed = False  # the writer took the caller's last word (_END or _ABORT)
        self._aborted = False

    def add(self, records: pl.DataFrame) -> None:
        """Queue checked records (columns as for write_figures) for writing. They are made
        ready for SQLite here, on the caller's thread, while the writer inserts."""
        if self._aborted:
            return
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="figure-writer", daemon=True)
            self._thread.start()
        try:
            part: Part | StoreError = figures_insert.prepare(records)
        except StoreError as error:  # the writer rolls back and finish() raises it
            part = error
        self._parts.put(part)

    def finish(self) -> ImportCounts:
        """Commit what was added; the counts (with `previous` for a file imported before).
        Raises StoreError when writing failed; then nothing was written."""
        if self._thread is None or self._aborted:
            return self.counts
        self._parts.put(self._END)
        self._thread.join()
        if self._error is not None:
            if isinstance(self._error, StoreError):
                raise self._error
            raise StoreError("invalid", self.store.path, str(self._error)) from self._error
        return self.counts

    def abort(self) -> None:
        """Roll back whatever was written, at once (a problem was found); again is nothing."""
        if self._thread is None or self._aborted:
            self._aborted = True
            return
        self._aborted = True
        self._parts.put(self._ABORT)
        self._thread.join()

    def _run(self) -> None:
        try:
            with bulk_mode(self.store), self.store.write() as conn:
                if not begin_import(conn, self.store, self.source, self.counts):
                    return
                verified: tuple[set[str], set[str]] = (set(), set())
                while (part := self._next()) is not self._END:
                    if part is self._ABORT:
                        raise _Aborted
                    if isinstance(part, StoreError):
                        raise part
                    _write_part(conn, self.store, part, self.counts, self.progress,
                                max(self.expected, self.counts.rows + part.rows.height),
                                verified)
                if self.counts.rows == 0:  # nothing at all: no import to record
                    raise _Aborted
                finish_import(conn, self.counts)
        except _Aborted:
            pass
        except BaseException as exc:  # handed to the caller by finish(); also at COMMIT
            self._error = exc
        finally:
            while not self._closed:  # the caller may still be adding: never let it block
                self._next()

    def _next(self) -> object:
        part = self._parts.get()
        if part is self._END or part is self._ABORT:
            self._closed = True
        return part


class _Aborted(Exception):
    """Rolls the writer's transaction back."""


def _write_part(conn: sqlite3.Connection, store: Store, part: Part, counts: ImportCounts,
                progress: Progress | None, expected: int,
                verified: tuple[set[str], set[str]]) -> None:
    """Classify some records against the stored figures, keep the history of corrected ones
    and insert the new ones; adds to `counts`. `verified`: municipalities and indicators
    found by earlier parts in the same transaction."""
    records = part.records
    verify(conn, "municipalities", "ags", records["ags"], verified[0])
    verify(conn, "indicators", "code", records["indicator_code"], verified[1])
    existing = _existing_observations(store, records, counts.import_id)
    classified = classify(records, existing, OBSERVATION_KEY, OBSERVATION_FIELDS,
                          carry=("import_id",))
    tally = ImportCounts()
    count_changes(tally, classified)
    # Only rows that differ from a stored figure can be rounded copies of it.
    if tally.changed and any(c in records.columns for c in rounding.PRECISION):
        classified = rounding.settle_at_precision(classified, OBSERVATION_FIELDS)
        count_changes(tally, classified)
    if tally.changed:
        changed = classified.filter(pl.col("_change") == "changed")
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
        del changed
    # Most imports bring only new figures: then the parameters made ready are used as they are.
    rows = part.rows if tally.new == records.height else figures_insert.as_rows(
        classified.filter(pl.col("_change") == "new"))
    del classified, existing
    done = counts.rows

    def step(written: int, _total: int) -> None:
        if progress:
            progress(done + written, expected)

    figures_insert.insert(conn, rows, counts.import_id, step)
    counts.rows += records.height
    counts.new += tally.new
    counts.changed += tally.changed
    counts.unchanged += tally.unchanged


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


def _existing_observations(store: Store, records: pl.DataFrame, import_id: int | None
                           ) -> pl.DataFrame:
    """The stored figures under the records' keys. Figures this import wrote itself (an
    earlier part of the file) are left out: a key repeated in one file is refused anyway."""
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
        " AND period BETWEEN ? AND ? AND import_id IS NOT ?",
        [*ags, *codes, first, last, import_id], schema=OBSERVATION_SCHEMA,
    )
    if found.is_empty():  # new periods: no hash table over every incoming key is needed
        return found
    return found.join(records.select(OBSERVATION_KEY), on=OBSERVATION_KEY, how="semi")
