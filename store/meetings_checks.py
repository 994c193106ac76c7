"""What the fields of a meeting and of an agenda item may hold: checks run before every write."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date
from typing import Any

from store import periods
from store.db import StoreError

ITEM_STATUSES = ("open", "discussed", "deferred")


def check_date(value: str | None, field: str) -> str | None:
    """An ISO date (YYYY-MM-DD) or None; anything else is refused with the field's name."""
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise StoreError("invalid", detail=field) from None


def _check_period(value: str | None) -> str | None:
    if value is None or value == "":
        return None
    if not periods.is_period(value):
        raise StoreError("invalid", detail="period")
    return value


def _check_title(value: str | None) -> str:
    if value is None or not value.strip():
        raise StoreError("invalid", detail="title")
    return value.strip()


def _check_reference(conn: sqlite3.Connection, table: str, key: str, value: str | None,
                     field: str) -> str | None:
    if value is None or value == "":
        return None
    if conn.execute(f"SELECT 1 FROM {table} WHERE {key} = ?", (value,)).fetchone() is None:
        raise StoreError("invalid", detail=field)
    return value


def _check_status(value: str) -> str:
    if value not in ITEM_STATUSES:
        raise StoreError("invalid", detail="status")
    return value


Check = Callable[[sqlite3.Connection, Any], Any]
MEETING_CHECKS: dict[str, Check] = {
    "title": lambda _c, v: _check_title(v),
    "period": lambda _c, v: _check_period(v),
    "held_on": lambda _c, v: check_date(v, "held_on"),
    "place": lambda _c, v: (v or "").strip() or None,
}
ITEM_CHECKS: dict[str, Check] = {
    "title": lambda _c, v: _check_title(v),
    "period": lambda _c, v: _check_period(v),
    "status": lambda _c, v: _check_status(v),
    "indicator_code": lambda c, v: _check_reference(c, "indicators", "code", v,
                                                    "indicator_code"),
    "ags": lambda c, v: _check_reference(c, "municipalities", "ags", v, "ags"),
    # Notes and decisions are kept exactly as typed.
    "notes": lambda _c, v: v or "",
    "decisions": lambda _c, v: v or "",
}


def checked(conn: sqlite3.Connection, checks: dict[str, Check],
            values: dict[str, Any]) -> dict[str, Any]:
    """Values made safe for their columns; an unknown field or a bad value is refused
    with StoreError('invalid', detail=<field>)."""
    out = {}
    for field, value in values.items():
        if field not in checks:
            raise StoreError("invalid", detail=field)
        out[field] = checks[field](conn, value)
    return out
