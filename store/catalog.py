"""The indicator catalogue: read the shipped TOML and write it into a database."""

from __future__ import annotations

import tomllib
from importlib import resources
from typing import Any

from store.db import Store

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


def upsert_indicators(store: Store, rows: list[dict[str, Any]]) -> None:
    """Insert or replace indicator definitions in one transaction."""
    cols = ", ".join(INDICATOR_COLUMNS)
    marks = ", ".join("?" for _ in INDICATOR_COLUMNS)
    with store.write() as conn:
        conn.executemany(
            f"INSERT OR REPLACE INTO indicators ({cols}) VALUES ({marks})",
            [tuple(r.get(c) for c in INDICATOR_COLUMNS) for r in rows],
        )


def load_catalogue(store: Store) -> None:
    upsert_indicators(store, shipped_catalogue())
