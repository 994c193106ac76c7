"""Insert parameters of figures: what is bound, and what SQLite stores from it."""

from __future__ import annotations

import math
import sqlite3

import polars as pl

from store.figures_insert import as_rows, insert


def frame(numerator: list[float | None]) -> pl.DataFrame:
    return pl.DataFrame({
        "ags": ["05358", "05358", "05362"], "indicator_code": ["K2", "K2", "K2"],
        "period": ["2026-Q1", "2026-Q2", "2026-Q1"], "value": [1.5, None, 2.0],
        "numerator": numerator, "denominator": [None, None, None],
        "status": ["final", "missing", "final"],
    }, schema_overrides={"numerator": pl.Float64, "denominator": pl.Float64})


def test_number_columns_without_any_value_are_left_out() -> None:
    rows = as_rows(frame([None, None, None]))
    assert rows.columns == ["ags", "indicator_code", "period", "value", "status"]
    assert rows.height == 3 and len(rows.flat) == 15
    assert rows.flat[:5] == ["05358", "K2", "2026-Q1", 1.5, "final"]
    assert math.isnan(rows.flat[8])  # a missing value among others is NaN
    assert rows.flat[0] is rows.flat[5]  # repeated texts share one object


def test_sqlite_stores_nan_as_null_and_leaves_left_out_columns_null() -> None:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.execute("CREATE TABLE observations(ags, indicator_code, period, value, numerator,"
                 " denominator, status, import_id)")
    insert(conn, as_rows(frame([3.0, None, None])), 7, None)
    stored = conn.execute("SELECT value, numerator, denominator, import_id FROM observations"
                          " ORDER BY ags, period").fetchall()
    assert stored == [(1.5, 3.0, None, 7), (None, None, None, 7), (2.0, None, None, 7)]


def test_an_older_sqlite_with_999_parameters_gets_smaller_statements() -> None:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 999)
    conn.execute("CREATE TABLE observations(ags, indicator_code, period, value, numerator,"
                 " denominator, status, import_id)")
    rows = 2_500
    big = pl.concat([frame([1.0, 2.0, None])] * (rows // 3 + 1)).head(rows)
    big = big.with_columns(period=pl.format("{}-{}", pl.int_range(pl.len()), pl.col("period")))
    insert(conn, as_rows(big), 1, None)
    assert conn.execute("SELECT count(*) FROM observations").fetchone()[0] == rows
