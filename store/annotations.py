"""Notes on single figures (municipality × indicator × period): add, list, mark."""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from store.db import Store, StoreError, current_user, now_iso
from store.safe_text import strip_controls

ANNOTATION_SCHEMA = {
    "id": pl.Int64, "ags": pl.String, "indicator_code": pl.String, "period": pl.String,
    "text": pl.String, "author": pl.String, "created_at": pl.String,
}


def add_annotation(store: Store, ags: str, indicator_code: str, period: str, text: str) -> int:
    """Save a note (control characters stripped) in one transaction; returns its id."""
    cleaned = strip_controls(text).strip()
    if not cleaned:
        raise StoreError("invalid", detail="leere Anmerkung")
    with store.write() as conn:
        cur = conn.execute(
            "INSERT INTO annotations(ags, indicator_code, period, text, author, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (ags, indicator_code, period, cleaned, store.user, now_iso()),
        )
        return int(cur.lastrowid)


def annotations(
    store: Store, ags: Iterable[str] | None = None, period: str | None = None
) -> pl.DataFrame:
    """Notes, newest first, optionally for some municipalities and one period."""
    clauses, params = [], []
    if ags is not None:
        ags = list(ags)
        clauses.append(f"ags IN ({','.join('?' * len(ags))})")
        params += ags
    if period is not None:
        clauses.append("period = ?")
        params.append(period)
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    return store._frame(
        f"SELECT id, ags, indicator_code, period, text, author, created_at FROM annotations"
        f" {where} ORDER BY period DESC, created_at DESC, id DESC",
        params,
        schema=ANNOTATION_SCHEMA,
    )


def noted(store: Store, ags: Iterable[str], period: str) -> set[tuple[str, str]]:
    """(ags, indicator_code) pairs that have at least one note for `period`."""
    frame = annotations(store, ags, period)
    return set(zip(frame["ags"].to_list(), frame["indicator_code"].to_list(), strict=True))


__all__ = ["add_annotation", "annotations", "current_user", "noted"]
