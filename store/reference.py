"""Reference data, read in one place: the indicator catalogue and the municipalities."""

from __future__ import annotations

from typing import Any

import polars as pl

from store.catalog import INDICATOR_COLUMNS
from store.db import Store

MUNICIPALITY_COLUMNS = ["ags", "name", "kind", "carrier", "state", "comparison_type",
                        "population", "area_km2", "settlement"]
INDICATOR_SCHEMA: dict[str, Any] = {
    "code": pl.String, "name": pl.String, "short_name": pl.String, "unit": pl.String,
    "direction": pl.String, "kind": pl.String, "goal": pl.String, "description": pl.String,
    "numerator": pl.String, "denominator": pl.String, "reading": pl.String,
    "aggregation": pl.String, "min_value": pl.Float64, "max_value": pl.Float64,
    "decimals": pl.Int64, "sort_order": pl.Int64,
}
MUNICIPALITY_SCHEMA: dict[str, Any] = {
    "ags": pl.String, "name": pl.String, "kind": pl.String, "carrier": pl.String,
    "state": pl.String, "comparison_type": pl.String, "population": pl.Int64,
    "area_km2": pl.Float64, "settlement": pl.String,
}


def indicators(store: Store) -> pl.DataFrame:
    """The catalogue in display order."""
    return store._frame(
        f"SELECT {', '.join(INDICATOR_COLUMNS)} FROM indicators ORDER BY sort_order, code",
        schema=INDICATOR_SCHEMA
    )


def indicator(store: Store, code: str) -> dict[str, Any] | None:
    rows = store._rows("SELECT * FROM indicators WHERE code = ?", (code,))
    return rows[0] if rows else None


def municipalities(store: Store, order_by: str = "name") -> pl.DataFrame:
    """Every municipality's master data, by name (or `order_by="ags"`)."""
    assert order_by in ("name", "ags"), order_by
    return store._frame(
        f"SELECT {', '.join(MUNICIPALITY_COLUMNS)} FROM municipalities ORDER BY {order_by}",
        schema=MUNICIPALITY_SCHEMA)


def municipality(store: Store, ags: str) -> dict[str, Any] | None:
    """One municipality's master data, or None when the key is unknown."""
    rows = store._rows("SELECT * FROM municipalities WHERE ags = ?", (ags,))
    return rows[0] if rows else None


def municipality_keys(store: Store) -> list[str]:
    """Every municipality's key, in key order."""
    return [row["ags"] for row in store._rows("SELECT ags FROM municipalities ORDER BY ags")]
