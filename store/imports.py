"""Imports in the database: reference data for checking files, and one write transaction per file."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain
from typing import Any

import polars as pl

from store import rounding
from store.catalog import INDICATOR_COLUMNS
from store.compare.common import STATUSES
from store.db import Store, StoreError, now_iso
from store.reference import MUNICIPALITY_COLUMNS, indicators, municipalities

Progress = Callable[[int, int], None]

OBSERVATION_KEY = ["ags", "indicator_code", "period"]
OBSERVATION_FIELDS = ["value", "numerator", "denominator", "status"]
OBSERVATION_SCHEMA = {
    "ags": pl.String, "indicator_code": pl.String, "period": pl.String, "value": pl.Float64,
    "numerator": pl.Float64, "denominator": pl.Float64, "status": pl.String,
    "import_id": pl.Int64,
}
# Quarters, months, years and reference days (store.schema.FIGURE_PERIOD_CHECK).
PERIOD_PATTERN = r"^[12]\d{3}(-(Q[1-4]|0[1-9]|1[0-2])|-[01]\d-[0-3]\d)?$"
CHUNK = 50_000
# 8 parameters a row: 500 rows stay far below SQLite's limit of 32,766 bound parameters.
ROWS_PER_STATEMENT = 500


@dataclass(frozen=True)
class ImportSource:
    """What the `imports` row records about the file."""

    file_name: str
    sha256: str
    kind: str  # figures, municipalities, rings or indicators


@dataclass
class ImportCounts:
    rows: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    rings_new: int = 0
    import_id: int | None = None
    notes: int = 0  # notes on figures added (a template's Anmerkung column)
    # The earlier import of the same file: then nothing was written.
    previous: dict[str, Any] | None = None


def previous_import(store: Store, sha256: str) -> dict[str, Any] | None:
    """The first import of a file with this hash, or None."""
    rows = store._rows(
        "SELECT id, file_name, imported_at, imported_by, kind FROM imports WHERE sha256 = ?"
        " ORDER BY id LIMIT 1", (sha256,),
    )
    return rows[0] if rows else None


def scratch_copy(store: Store) -> Store:
    """An in-memory copy of the database, for a dry run that really writes."""
    target = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    with store.lock:
        store.conn.backup(target)
    target.execute("PRAGMA foreign_keys = ON")
    return Store(store.path, target, readonly=False)


def _begin_import(conn: sqlite3.Connection, store: Store, source: ImportSource,
                  counts: ImportCounts) -> bool:
    """Inside the transaction: refuse a file imported before, else record this import."""
    row = conn.execute(
        "SELECT id, file_name, imported_at, imported_by, kind FROM imports WHERE sha256 = ?"
        " ORDER BY id LIMIT 1", (source.sha256,),
    ).fetchone()
    if row is not None:
        counts.previous = dict(zip(("id", "file_name", "imported_at", "imported_by", "kind"),
                                   row, strict=True))
        return False
    cur = conn.execute(
        "INSERT INTO imports(file_name, sha256, imported_at, imported_by, kind, rows)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (source.file_name, source.sha256, now_iso(), store.user, source.kind, counts.rows),
    )
    counts.import_id = cur.lastrowid
    return True


def _finish_import(conn: sqlite3.Connection, counts: ImportCounts) -> None:
    conn.execute(
        "UPDATE imports SET new_rows = ?, changed_rows = ?, unchanged_rows = ? WHERE id = ?",
        (counts.new, counts.changed, counts.unchanged, counts.import_id),
    )


def _tuples(frame: pl.DataFrame) -> Iterator[tuple]:
    return zip(*(frame.get_column(c).to_list() for c in frame.columns), strict=True)


def classify(incoming: pl.DataFrame, existing: pl.DataFrame, key: list[str],
             fields: list[str], keep_missing: bool = False, carry: tuple[str, ...] = ()
             ) -> pl.DataFrame:
    """`incoming` with `_change` (new / changed / unchanged) and the old values of
    `fields` and `carry` as `<name>_old`. With keep_missing an empty incoming field keeps
    the stored value."""
    old = existing.select(*key, *(pl.col(f).alias(f"{f}_old") for f in [*fields, *carry]),
                          pl.lit(True).alias("_exists"))
    if old.height == 0:  # nothing stored yet: spare the join of a large first import
        return incoming.with_columns(
            *(pl.lit(None, old.schema[c]).alias(c) for c in old.columns if c not in key),
            _change=pl.lit("new"),
        )
    joined = incoming.join(old, on=key, how="left")
    if keep_missing:
        joined = joined.with_columns(pl.coalesce(f, f"{f}_old").alias(f) for f in fields)
    differs = pl.any_horizontal(pl.col(f).ne_missing(pl.col(f"{f}_old")) for f in fields)
    return joined.with_columns(
        _change=pl.when(pl.col("_exists").is_null()).then(pl.lit("new"))
        .when(differs).then(pl.lit("changed")).otherwise(pl.lit("unchanged"))
    )


def _count(counts: ImportCounts, classified: pl.DataFrame) -> None:
    tally = dict(classified.group_by("_change").len().iter_rows())
    counts.new, counts.changed = tally.get("new", 0), tally.get("changed", 0)
    counts.unchanged = tally.get("unchanged", 0)


def _verify(conn: sqlite3.Connection, table: str, column: str, wanted: pl.Series) -> None:
    """Keys checked when the file was read must still exist now, inside the transaction."""
    known = {r[0] for r in conn.execute(f"SELECT {column} FROM {table}")}
    missing = set(wanted.unique().to_list()) - known
    if missing:
        raise StoreError("conflict", detail=f"{table}: {', '.join(sorted(missing)[:5])}")


def _check_observations(records: pl.DataFrame) -> None:
    bad = records.filter(
        ~pl.col("period").str.contains(PERIOD_PATTERN) | ~pl.col("status").is_in(STATUSES)
        | pl.any_horizontal(pl.col(k).is_null() for k in OBSERVATION_KEY)
    )
    if bad.height:
        raise StoreError("invalid", detail=f"observation {bad.row(0)}")


def write_figures(store: Store, source: ImportSource, records: pl.DataFrame,
                  progress: Progress | None = None,
                  before: Callable[[sqlite3.Connection], None] | None = None,
                  notes: pl.DataFrame | None = None) -> ImportCounts:
    """Insert new figures, update corrected ones (their previous version goes into
    observation_history), add `notes` (ags, indicator_code, period, text; a note already
    there is not repeated) and record the import: all in one transaction. `before` runs
    first inside it (an official table's new indicators and remembered mappings). Nothing
    at all (an untouched collection template) writes nothing."""
    extra = [c for c in rounding.PRECISION if c in records.columns]
    records = _in_key_order(records.select(*OBSERVATION_KEY, *OBSERVATION_FIELDS, *extra))
    _check_observations(records)
    counts = ImportCounts(rows=records.height)
    if records.is_empty() and (notes is None or notes.is_empty()):
        return counts
    with _bulk_mode(store), store.write() as conn:
        if not _begin_import(conn, store, source, counts):
            return counts
        if before is not None:
            before(conn)
        _verify(conn, "municipalities", "ags", records["ags"])
        _verify(conn, "indicators", "code", records["indicator_code"])
        existing = _existing_observations(store, records)
        classified = classify(records, existing, OBSERVATION_KEY, OBSERVATION_FIELDS,
                              carry=("import_id",))
        if extra:  # only rows that differ from a stored figure can be rounded copies of it
            classified = rounding.settle_at_precision(classified, OBSERVATION_FIELDS)
        _count(counts, classified)
        changed = classified.filter(pl.col("_change") == "changed")
        if changed.height:
            conn.executemany(
                "INSERT INTO observation_history(ags, indicator_code, period, value, numerator,"
                " denominator, status, import_id, replaced_at, replaced_by_import)"
                f" VALUES (?, ?, ?, ?, ?, ?, ?, ?, '{now_iso()}', {counts.import_id})",
                _tuples(changed.select(*OBSERVATION_KEY, *(f"{f}_old" for f in OBSERVATION_FIELDS),
                                       "import_id_old")),
            )
            conn.executemany(
                "UPDATE observations SET value = ?, numerator = ?, denominator = ?, status = ?,"
                f" import_id = {counts.import_id}"
                " WHERE ags = ? AND indicator_code = ? AND period = ?",
                _tuples(changed.select(*OBSERVATION_FIELDS, *OBSERVATION_KEY)),
            )
        # Most imports bring only new figures: then the records themselves are inserted,
        # without a filtered copy of a million rows.
        new = records if counts.new == records.height else classified.filter(
            pl.col("_change") == "new").select(*OBSERVATION_KEY, *OBSERVATION_FIELDS)
        del classified, changed, existing
        _insert_observations(conn, new, counts.import_id, progress)
        if notes is not None:
            counts.notes = _insert_notes(conn, store.user, notes)
        _finish_import(conn, counts)
    return counts


def _in_key_order(records: pl.DataFrame) -> pl.DataFrame:
    """The rows in primary-key order, which lets SQLite insert them page after page.
    Downloads usually come sorted already; checking that costs a tenth of sorting."""
    joined = pl.concat_str(OBSERVATION_KEY, separator="\x1f")
    if records.select(joined.is_sorted().alias("sorted")).item():
        return records
    return records.sort(OBSERVATION_KEY)


def _insert_notes(conn: sqlite3.Connection, user: str, notes: pl.DataFrame) -> int:
    added = 0
    for ags, code, period, text in _tuples(notes.select("ags", "indicator_code", "period",
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
    """A bigger page cache and no per-row foreign-key lookups for one bulk write.
    The keys were verified inside the transaction (_verify) and are written by us only.
    foreign_keys can only change outside a transaction, so this wraps store.write()."""
    with store.lock:
        conn = store.conn
        cache = conn.execute("PRAGMA cache_size").fetchone()[0]
        conn.execute("PRAGMA cache_size = -65536")  # 64 MiB
        conn.execute("PRAGMA foreign_keys = OFF")
        try:
            yield
        finally:
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute(f"PRAGMA cache_size = {int(cache)}")


def _insert_observations(conn: sqlite3.Connection, new: pl.DataFrame, import_id: int | None,
                         progress: Progress | None) -> None:
    """Insert rows sorted by the table's key, many rows per statement.

    Period and status were checked for the whole frame with polars (_check_observations),
    so SQLite's per-row CHECKs are skipped here. Binding parameters row by row through
    `executemany` costs twice the time of statements that carry ROWS_PER_STATEMENT rows each."""
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
            chunk = new.slice(offset, CHUNK).select(columns)
            flat = list(chain.from_iterable(_tuples(chunk)))
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


def write_municipalities(store: Store, source: ImportSource, records: pl.DataFrame) -> ImportCounts:
    """Insert new municipalities and update known ones; an empty cell keeps the stored value."""
    records = records.select(MUNICIPALITY_COLUMNS)
    fields = MUNICIPALITY_COLUMNS[1:]
    counts = ImportCounts(rows=records.height)
    with store.write() as conn:
        if not _begin_import(conn, store, source, counts):
            return counts
        existing = municipalities(store, order_by="ags")
        classified = classify(records, existing, ["ags"], fields, keep_missing=True)
        _count(counts, classified)
        _upsert(conn, "municipalities", ["ags"], fields, classified)
        _finish_import(conn, counts)
    return counts


def write_indicators(store: Store, source: ImportSource, records: pl.DataFrame) -> ImportCounts:
    """Insert new indicator definitions (sorted after the catalogue) and update known ones."""
    fields = [c for c in INDICATOR_COLUMNS if c not in ("code", "sort_order")]
    records = records.select("code", *fields)
    counts = ImportCounts(rows=records.height)
    with store.write() as conn:
        if not _begin_import(conn, store, source, counts):
            return counts
        existing = indicators(store)
        classified = classify(records, existing, ["code"], fields, keep_missing=True)
        last = int(existing["sort_order"].max() or 0)  # type: ignore[arg-type]
        is_new = pl.col("_change") == "new"
        classified = classified.with_columns(
            unit=pl.col("unit").fill_null("%"), aggregation=pl.col("aggregation").fill_null("last"),
            decimals=pl.col("decimals").fill_null(1),
            sort_order=pl.when(is_new).then(last + 10 * is_new.cast(pl.Int64).cum_sum()),
        )
        _count(counts, classified)
        _upsert(conn, "indicators", ["code"], fields, classified, insert_extra=["sort_order"])
        _finish_import(conn, counts)
    return counts


def write_rings(store: Store, source: ImportSource, records: pl.DataFrame) -> ImportCounts:
    """Create rings named for the first time and insert or update their memberships
    (keyed by ring, municipality and start date; a later end date updates `until`)."""
    records = records.select("ring", "description", "ags", "since", "until")
    counts = ImportCounts(rows=records.height)
    with store.write() as conn:
        if not _begin_import(conn, store, source, counts):
            return counts
        known = {name: id_ for id_, name in conn.execute("SELECT id, name FROM rings")}
        described = records.filter(pl.col("description").is_not_null()).unique("ring", keep="first")
        descriptions = dict(described.select("ring", "description").iter_rows())
        for ring in records["ring"].unique(maintain_order=True).to_list():
            if ring not in known:
                cur = conn.execute("INSERT INTO rings(name, description) VALUES (?, ?)",
                                   (ring, descriptions.get(ring)))
                known[ring] = cur.lastrowid
                counts.rings_new += 1
            elif ring in descriptions:
                conn.execute("UPDATE rings SET description = ? WHERE id = ?",
                             (descriptions[ring], known[ring]))
        members = records.select(
            pl.col("ring").replace_strict(known, return_dtype=pl.Int64).alias("ring_id"),
            "ags", "since", "until",
        )
        existing = store._frame("SELECT ring_id, ags, since, until FROM ring_members",
                               schema={"ring_id": pl.Int64, "ags": pl.String, "since": pl.String,
                                       "until": pl.String})
        # An empty "bis" keeps a stored end date (as every empty cell keeps its value): a
        # list re-sent without end dates must not put departed members back into medians.
        classified = classify(members, existing, ["ring_id", "ags", "since"], ["until"],
                              keep_missing=True)
        _count(counts, classified)
        _upsert(conn, "ring_members", ["ring_id", "ags", "since"], ["until"], classified)
        _finish_import(conn, counts)
    return counts


def _upsert(conn: sqlite3.Connection, table: str, key: list[str], fields: list[str],
            classified: pl.DataFrame, insert_extra: list[str] | None = None) -> None:
    """INSERT the rows classified new, UPDATE those classified changed."""
    columns = [*key, *fields, *(insert_extra or [])]
    new = classified.filter(pl.col("_change") == "new").select(columns)
    if new.height:
        conn.executemany(
            f"INSERT INTO {table}({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            _tuples(new),
        )
    changed = classified.filter(pl.col("_change") == "changed").select(*fields, *key)
    if changed.height:
        conn.executemany(
            f"UPDATE {table} SET {', '.join(f'{f} = ?' for f in fields)}"
            f" WHERE {' AND '.join(f'{k} = ?' for k in key)}",
            _tuples(changed),
        )
