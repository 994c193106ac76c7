"""Re-imported figures that repeat a stored one at the file's own precision are no correction."""

from __future__ import annotations

import polars as pl

# Columns an import may carry beside its figures: the decimals each value was written with
# (null: compare exactly) and whether the file stated the status itself.
PRECISION = ("_decimals", "_explicit")


def settle_at_precision(classified: pl.DataFrame, fields: list[str]) -> pl.DataFrame:
    """Among rows classified `changed` (stored values in `<field>_old`): where the file's value
    equals the stored one rounded to the file's decimals, the stored value is kept and, unless
    the file gave a status explicitly, the stored status too — a rounded copy of a provisional
    figure does not make it final. A row left with nothing different becomes `unchanged`."""
    tolerance = 0.5 * pl.lit(10.0).pow(-pl.col("_decimals").cast(pl.Float64)) * (1 + 1e-9)
    difference = (pl.col("value") - pl.col("value_old")).abs()
    same = (
        (pl.col("_change") == "changed")
        & pl.col("value_old").is_not_null() & pl.col("value").is_not_null()
        & pl.when(pl.col("_decimals").is_null()).then(difference == 0)
        .otherwise(difference <= tolerance)
    ).fill_null(False)
    settled = classified.with_columns(
        value=pl.when(same).then("value_old").otherwise("value"),
        status=pl.when(same & ~pl.col("_explicit").fill_null(False)).then("status_old")
        .otherwise("status"),
    )
    differs = pl.any_horizontal(pl.col(f).ne_missing(pl.col(f"{f}_old")) for f in fields)
    return settled.with_columns(
        _change=pl.when((pl.col("_change") == "changed") & ~differs).then(pl.lit("unchanged"))
        .otherwise("_change")
    )
