"""Re-imported figures that repeat a stored one at the file's own precision are no correction."""

from __future__ import annotations

import polars as pl

from store.db import Store

KEY = ["ags", "indicator_code", "period"]
STORED = {"ags": pl.String, "indicator_code": pl.String, "period": pl.String,
          "_stored_value": pl.Float64, "_stored_status": pl.String}


def stored_for(store: Store, records: pl.DataFrame) -> pl.DataFrame:
    """The stored value and status of every key in `records` that has one."""
    codes = records["indicator_code"].unique().to_list()
    periods = records["period"].unique().to_list()
    if not codes or not periods:
        return pl.DataFrame(schema=STORED)
    found = store._frame(
        "SELECT ags, indicator_code, period, value AS _stored_value, status AS _stored_status"
        f" FROM observations WHERE indicator_code IN ({', '.join('?' * len(codes))})"
        f" AND period IN ({', '.join('?' * len(periods))})",
        [*codes, *periods], schema=STORED)
    return found.join(records.select(KEY), on=KEY, how="semi")


def keep_stored_at_precision(records: pl.DataFrame, stored: pl.DataFrame) -> pl.DataFrame:
    """Where the file's value equals the stored one rounded to the file's decimals
    (`_decimals`; null means exact comparison), the stored value is kept, and, unless the
    file gave a status explicitly (`_explicit`), the stored status too: a rounded copy of a
    provisional figure does not make it final. Other rows pass unchanged."""
    joined = records.join(stored, on=KEY, how="left")
    tolerance = 0.5 * pl.lit(10.0).pow(-pl.col("_decimals").cast(pl.Float64)) * (1 + 1e-9)
    difference = (pl.col("value") - pl.col("_stored_value")).abs()
    same = (
        pl.col("_stored_value").is_not_null() & pl.col("value").is_not_null()
        & pl.when(pl.col("_decimals").is_null()).then(difference == 0)
        .otherwise(difference <= tolerance)
    ).fill_null(False)
    return joined.with_columns(
        value=pl.when(same).then("_stored_value").otherwise("value"),
        status=pl.when(same & ~pl.col("_explicit")).then("_stored_status").otherwise("status"),
    ).drop("_stored_value", "_stored_status")
