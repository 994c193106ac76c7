"""The indicator catalogue: read the shipped TOML and write it into a database."""

from __future__ import annotations

import sqlite3
import tomllib
from importlib import resources
from typing import Any

from store.lite import lite

INDICATOR_COLUMNS = (
    "code", "name", "short_name", "unit", "direction", "kind", "goal", "description",
    "numerator", "denominator", "reading", "aggregation", "min_value", "max_value",
    "decimals", "sort_order",
)


def shipped_catalogue() -> list[dict[str, Any]]:
    """The indicators shipped with the app, in catalogue order."""
    text = resources.files("store").joinpath("indicators.toml").read_text(encoding="utf-8")
    rows = []
    for order, entry in enumerate(tomllib.loads(text)["indicator"], start=1):
        row = {col: entry.get(col) for col in INDICATOR_COLUMNS}
        row["unit"] = row["unit"] or "%"
        row["aggregation"] = row["aggregation"] or "last"
        row["decimals"] = 1 if row["decimals"] is None else row["decimals"]
        row["sort_order"] = order * 10
        rows.append(row)
    return rows


def upsert_indicators(conn: sqlite3.Connection, rows: list[dict[str, Any]]) -> None:
    """Insert or update indicator definitions, keyed by code, on `conn` (the caller's write
    transaction: sqlite-utils nests its own work in a savepoint)."""
    lite(conn).table("indicators").upsert_all(
        [{c: r.get(c) for c in INDICATOR_COLUMNS} for r in rows], pk="code")


def load_catalogue(conn: sqlite3.Connection) -> None:
    """Write the shipped catalogue on `conn`, inside the caller's transaction."""
    upsert_indicators(conn, shipped_catalogue())
