"""The audit trail: who deleted what and when, and which imports were undone."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

import polars as pl

from store.db import Store, now_iso

AUDIT_SCHEMA = {
    "id": pl.Int64, "action": pl.String, "table_name": pl.String, "row_id": pl.Int64,
    "what": pl.String, "done_by": pl.String, "done_at": pl.String,
}

# Rows that go with a deleted row (by ON DELETE CASCADE) and are recorded with it.
DEPENDENTS = {
    "meetings": (("agenda_items", "meeting_id"), ("action_items", "meeting_id"),
                 ("meeting_figures", "meeting_id")),
}


def _rows(conn: sqlite3.Connection, sql: str, params: Any) -> list[dict[str, Any]]:
    cur = conn.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def snapshot(conn: sqlite3.Connection, table: str, row_id: int) -> dict[str, Any] | None:
    """The row (and its dependent rows) as they are now, for the audit record."""
    found = _rows(conn, f"SELECT * FROM {table} WHERE id = ?", (row_id,))
    if not found:
        return None
    row = found[0]
    for child, column in DEPENDENTS.get(table, ()):
        row[child] = _rows(conn, f"SELECT * FROM {child} WHERE {column} = ?", (row_id,))
    return row


def record(conn: sqlite3.Connection, user: str, action: str, table: str, row_id: int | None,
           what: dict[str, Any]) -> None:
    """One audit row, written inside the caller's transaction."""
    conn.execute(
        "INSERT INTO audit_log(action, table_name, row_id, what, done_by, done_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (action, table, row_id, json.dumps(what, ensure_ascii=False, sort_keys=True), user,
         now_iso()),
    )


def audit_rows(store: Store, table: str | None = None) -> pl.DataFrame:
    where, params = ("WHERE table_name = ?", (table,)) if table else ("", ())
    return store._frame(f"SELECT * FROM audit_log {where} ORDER BY id", params,
                       schema=AUDIT_SCHEMA)
