"""Imports in the database: reference data for checking files, and one write transaction per file."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import polars as pl

from store.catalog import INDICATOR_COLUMNS
from store.db import Store, StoreError, now_iso
from store.reference import MUNICIPALITY_COLUMNS, indicators, municipalities


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


def begin_import(conn: sqlite3.Connection, store: Store, source: ImportSource,
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


def finish_import(conn: sqlite3.Connection, counts: ImportCounts) -> None:
    conn.execute(
        "UPDATE imports SET rows = ?, new_rows = ?, changed_rows = ?, unchanged_rows = ?"
        " WHERE id = ?", (counts.rows, counts.new, counts.changed, counts.unchanged,
                          counts.import_id),
    )


def tuples(frame: pl.DataFrame) -> Iterator[tuple]:
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


def count_changes(counts: ImportCounts, classified: pl.DataFrame) -> None:
    tally = dict(classified.group_by("_change").len().iter_rows())
    counts.new, counts.changed = tally.get("new", 0), tally.get("changed", 0)
    counts.unchanged = tally.get("unchanged", 0)


def verify(conn: sqlite3.Connection, table: str, column: str, wanted: pl.Series,
           verified: set[str] | None = None) -> None:
    """Keys checked when the file was read must still exist now, inside the transaction.
    `verified` holds keys found earlier in the same transaction (not looked up again) and
    receives those found now."""
    asked = set(wanted.unique().to_list()) - (verified or set())
    if not asked:
        return
    known = {r[0] for r in conn.execute(f"SELECT {column} FROM {table}")}
    missing = asked - known
    if missing:
        raise StoreError("conflict", detail=f"{table}: {', '.join(sorted(missing)[:5])}")
    if verified is not None:
        verified |= asked


def write_municipalities(store: Store, source: ImportSource, records: pl.DataFrame) -> ImportCounts:
    """Insert new municipalities and update known ones; an empty cell keeps the stored value."""
    records = records.select(MUNICIPALITY_COLUMNS)
    fields = MUNICIPALITY_COLUMNS[1:]
    counts = ImportCounts(rows=records.height)
    with store.write() as conn:
        if not begin_import(conn, store, source, counts):
            return counts
        existing = municipalities(store, order_by="ags")
        classified = classify(records, existing, ["ags"], fields, keep_missing=True)
        count_changes(counts, classified)
        _upsert(conn, "municipalities", ["ags"], fields, classified)
        finish_import(conn, counts)
    return counts


def write_indicators(store: Store, source: ImportSource, records: pl.DataFrame) -> ImportCounts:
    """Insert new indicator definitions (sorted after the catalogue) and update known ones."""
    fields = [c for c in INDICATOR_COLUMNS if c not in ("code", "sort_order")]
    records = records.select("code", *fields)
    counts = ImportCounts(rows=records.height)
    with store.write() as conn:
        if not begin_import(conn, store, source, counts):
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
        count_changes(counts, classified)
        _upsert(conn, "indicators", ["code"], fields, classified, insert_extra=["sort_order"])
        finish_import(conn, counts)
    return counts


def write_rings(store: Store, source: ImportSource, records: pl.DataFrame) -> ImportCounts:
    """Create rings named for the first time and insert or update their memberships
    (keyed by ring, municipality and start date; a later end date updates `until`)."""
    records = records.select("ring", "description", "ags", "since", "until")
    counts = ImportCounts(rows=records.height)
    with store.write() as conn:
        if not begin_import(conn, store, source, counts):
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
        count_changes(counts, classified)
        _upsert(conn, "ring_members", ["ring_id", "ags", "since"], ["until"], classified)
        finish_import(conn, counts)
    return counts


def _upsert(conn: sqlite3.Connection, table: str, key: list[str], fields: list[str],
            classified: pl.DataFrame, insert_extra: list[str] | None = None) -> None:
    """INSERT the rows classified new, UPDATE those classified changed."""
    columns = [*key, *fields, *(insert_extra or [])]
    new = classified.filter(pl.col("_change") == "new").select(columns)
    if new.height:
        conn.executemany(
            f"INSERT INTO {table}({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            tuples(new),
        )
    changed = classified.filter(pl.col("_change") == "changed").select(*fields, *key)
    if changed.height:
        conn.executemany(
            f"UPDATE {table} SET {', '.join(f'{f} = ?' for f in fields)}"
            f" WHERE {' AND '.join(f'{k} = ?' for k in key)}",
            tuples(changed),
        )
