"""Figures made ready for `observations`: checked, in a good order, and turned into the
parameters of multi-row INSERT statements (the part of a bulk import Python spends most on)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import polars as pl

from store import rounding
from store.compare.common import STATUSES
from store.db import Store, StoreError

Progress = Callable[[int, int], None]

OBSERVATION_KEY = ["ags", "indicator_code", "period"]
OBSERVATION_FIELDS = ["value", "numerator", "denominator", "status"]
NUMBER_FIELDS = ["value", "numerator", "denominator"]
# Quarters, months, years and reference days (store.schema.FIGURE_PERIOD_CHECK).
PERIOD_PATTERN = r"^[12]\d{3}(-(Q[1-4]|0[1-9]|1[0-2])|-[01]\d-[0-3]\d)?$"
CHUNK = 25_000  # rows between two progress reports
# Rows a statement carries, as far as the connection's limit of bound parameters allows
# (32,766 since SQLite 3.32, 999 before): measured 4 % faster than 500.
ROWS_PER_STATEMENT = 2000


@dataclass
class Rows:
    """Rows as statement parameters: the columns bound, and their values row after row."""

    columns: list[str]
    flat: list
    height: int


@dataclass
class Part:
    """Checked records in key order (key, fields and precision columns) and, made ready
    before anyone knows whether they are new, the parameters to insert all of them."""

    records: pl.DataFrame
    rows: Rows


def prepare(records: pl.DataFrame) -> Part:
    """Check records against the table's rules and make their insert parameters. Pure
    work without the database: it can run beside a transaction that is writing."""
    extra = [c for c in rounding.PRECISION if c in records.columns]
    records = _in_key_order(records.select(*OBSERVATION_KEY, *OBSERVATION_FIELDS, *extra))
    _check(records)
    return Part(records, as_rows(records))


def as_rows(frame: pl.DataFrame) -> Rows:
    """Insert parameters of `frame`'s rows. A number column without any value is left out
    (the table's default NULL); other missing numbers are bound as NaN, which SQLite stores
    as NULL (Python's sqlite3 binds None through its adapter lookup, which took a third of
    the whole insert). Repeated texts share one string object; numpy interleaves the
    columns."""
    columns = [c for c in [*OBSERVATION_KEY, *OBSERVATION_FIELDS]
               if c not in NUMBER_FIELDS or frame[c].null_count() < frame.height]
    table = np.empty((frame.height, len(columns)), dtype=object)
    for index, name in enumerate(columns):
        series = frame[name]
        if series.dtype == pl.String:
            distinct = series.unique().to_list()
            codes = series.cast(pl.Enum(distinct)).to_physical().to_numpy()
            table[:, index] = np.array(distinct, dtype=object)[codes]
        else:
            table[:, index] = series.fill_null(float("nan")).to_numpy()
    return Rows(columns, table.ravel().tolist(), frame.height)


def insert(conn: sqlite3.Connection, rows: Rows, import_id: int | None,
           progress: Progress | None) -> None:
    """Insert rows, up to ROWS_PER_STATEMENT to a statement: binding row by row through
    `executemany` costs twice the time. Period and status were checked for all rows
    (prepare), so SQLite's per-row CHECKs are skipped here."""
    total = rows.height
    if progress:
        progress(0, total)
    if not total:
        return
    width = len(rows.columns)
    per_statement = min(ROWS_PER_STATEMENT,
                        conn.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) // width)
    import_ref = str(int(import_id)) if import_id is not None else "NULL"
    row = f"({', '.join('?' * width)}, {import_ref})"
    head = f"INSERT INTO observations({', '.join(rows.columns)}, import_id) VALUES "
    full_sql = head + ", ".join([row] * per_statement)
    step = width * per_statement
    whole = total // per_statement * step
    flat = rows.flat
    conn.execute("PRAGMA ignore_check_constraints = ON")
    try:
        for start in range(0, whole, step):
            conn.execute(full_sql, flat[start:start + step])
            done = start // width + per_statement
            if progress and done % CHUNK < per_statement:
                progress(done, total)
        if whole < len(flat):
            rest = flat[whole:]
            conn.execute(head + ", ".join([row] * (len(rest) // width)), rest)
        if progress:
            progress(total, total)
    finally:
        conn.execute("PRAGMA ignore_check_constraints = OFF")


def _check(records: pl.DataFrame) -> None:
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


@contextmanager
def bulk_mode(store: Store) -> Iterator[None]:
    """A page cache of its own size and no per-row foreign-key lookups for one bulk write.
    The keys are verified inside the transaction (store.imports.verify) and written by us
    only. foreign_keys can only change outside a transaction, so this wraps store.write()."""
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
