"""Annual figures (a year's average or total, a reference day) as context for a quarter."""

from __future__ import annotations

import polars as pl

from store import periods


def latest_annual(obs: pl.DataFrame, quarter: str) -> pl.DataFrame:
    """Per municipality and indicator the newest annual figure that had begun by the end of
    `quarter` (a year from its first day, a reference day on that day): the Jahresdurchschnitt
    2024 stands beside every quarter of 2024, the population on 31.12.2023 beside the
    quarters of 2024 until a newer one exists. Columns of `obs` plus `start` (a date)."""
    annual = obs.filter(pl.col("period").map_elements(periods.is_annual, return_dtype=pl.Boolean))
    if annual.is_empty():
        return annual.with_columns(pl.lit(None, pl.Date).alias("start"))
    end = periods.end_date(quarter)
    starts = {p: periods.start_date(p) for p in annual["period"].unique().to_list()}
    return (
        annual.with_columns(
            pl.col("period").replace_strict(starts, return_dtype=pl.Date).alias("start"))
        .filter(pl.col("start") <= end)
        .sort("start")
        .group_by("ags", "indicator_code", maintain_order=True).last()
    )
