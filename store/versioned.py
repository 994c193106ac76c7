"""Versioned rows, safe for several users: who/when stamps, writes at the version read, conflicts."""

from __future__ import annotations

import sqlite3
from typing import Any

from store import audit
from store.db import Store, StoreError, now_iso


class EditConflict(StoreError):
    """Someone else changed the row since the caller read it; `by`/`at` say who and when."""

    def __init__(self, table: str, row_id: int, by: str | None, at: str | None) -> None:
        super().__init__("conflict", detail=f"{table} {row_id} by {by} at {at}")
        self.table = table
        self.row_id = row_id
        self.by = by
        self.at = at


def stamp(store: Store) -> dict[str, str]:
    """Who and when, for the updated_by/updated_at columns of every write."""
    return {"_by": store.user, "_at": now_iso()}


def versioned_update(
    store: Store, conn: sqlite3.Connection, table: str, row_id: int, version: int,
    changes: dict[str, Any],
) -> int:
    """UPDATE one row only if it still has the version the caller read; returns the new
    version. Zero rows changed means it was changed (conflict) or deleted (not_found)."""
    sets = "".join(f"{col} = :{col}, " for col in changes)
    cur = conn.execute(
        f"UPDATE {table} SET {sets}version = version + 1, updated_by = :_by,"
        " updated_at = :_at WHERE id = :_id AND version = :_version",
        {**changes, **stamp(store), "_id": row_id, "_version": version},
    )
    if cur.rowcount == 0:
        raise lost_race(conn, table, row_id)
    return version + 1


def versioned_delete(store: Store, conn: sqlite3.Connection, table: str, row_id: int,
                     version: int) -> None:
    """DELETE one row at the version the caller read, leaving an audit row with what it held."""
    row = audit.snapshot(conn, table, row_id)
    cur = conn.execute(f"DELETE FROM {table} WHERE id = ? AND version = ?", (row_id, version))
    if cur.rowcount == 0:
        raise lost_race(conn, table, row_id)
    audit.record(conn, store.user, "delete", table, row_id, row or {})


def lost_race(conn: sqlite3.Connection, table: str, row_id: int) -> StoreError:
    row = conn.execute(
        f"SELECT updated_by, updated_at FROM {table} WHERE id = ?", (row_id,)
    ).fetchone()
    if row is None:
        return StoreError("not_found", detail=f"{table} {row_id}")
    return EditConflict(table, row_id, row[0], row[1])
