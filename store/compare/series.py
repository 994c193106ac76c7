"""Time series per member and for the ring, and the monthly → quarterly rule."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl

from store import periods
from store.compare.common import describe, pooled_scale, worst_status

MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"


def quarter_expr(col: str = "period") -> pl.Expr:
    """`YYYY-MM` → `YYYY-Qn` as a polars expression."""
    month = pl.col(col).str.slice(5, 2).cast(pl.Int32)
    return pl.col(col).str.slice(0, 4) + "-Q" + ((month - 1) // 3 + 1).cast(pl.String)


def to_quarterly(obs: pl.DataFrame, indicators: pl.DataFrame) -> pl.DataFrame:
    """Monthly rows folded into quarters by each indicator's `aggregation` rule:
    last (last month of the quarter), sum (flow, all three months needed), mean, pooled
    (sum of numerators ÷ sum of denominators). Quarterly rows pass through and win over
    folded months of the same quarter. Status: the most cautionary of the months."""
    is_month = pl.col("period").str.contains(MONTH_PATTERN)
    monthly = obs.filter(is_month)
    quarterly = obs.filter(~is_month)
    if monthly.is_empty():
        return obs
    rules = indicators.select(
        pl.col("code").alias("indicator_code"),
        pl.col("aggregation").fill_null("last"),
        pl.when(pl.col("unit").fill_null("%") == "%").then(100.0).otherwise(1.0).alias("scale"),
    )
    month_number = pl.col("period").str.slice(5, 2).cast(pl.Int32)
    is_last = (month_number % 3) == 0
    value = pl.col("value")
    both = pl.col("numerator").is_not_null() & pl.col("denominator").is_not_null()
    num = pl.col("numerator").filter(both).sum()
    den = pl.col("denominator").filter(both).sum()
    folded = (
        monthly.join(rules, on="indicator_code", how="left")
        .with_columns(pl.col("aggregation").fill_null("last"), pl.col("scale").fill_null(1.0))
        .with_columns(quarter_expr().alias("quarter"))
        .group_by("ags", "indicator_code", "quarter")
        .agg(
            pl.col("aggregation").first(),
            pl.col("scale").first(),
            value.filter(is_last).first().alias("v_last"),
            pl.col("status").filter(is_last).first().alias("s_last"),
            pl.col("numerator").filter(is_last).first().alias("n_last"),
            pl.col("denominator").filter(is_last).first().alias("d_last"),
            pl.when(value.count() == 3).then(value.sum()).alias("v_sum"),
            value.mean().alias("v_mean"),
            pl.when(den != 0).then(num / den).alias("ratio"),
            pl.when(both.any()).then(num).alias("num"),
            pl.when(both.any()).then(den).alias("den"),
            worst_status().alias("s_worst"),
        )
    )
    rule = pl.col("aggregation")
    result = folded.select(
        "ags",
        "indicator_code",
        pl.col("quarter").alias("period"),
        pl.when(rule == "last").then("v_last")
        .when(rule == "sum").then("v_sum")
        .when(rule == "mean").then("v_mean")
        .otherwise(pl.col("ratio") * pl.col("scale"))
        .alias("value"),
        pl.when(rule == "last").then("n_last").otherwise("num").alias("numerator"),
        pl.when(rule == "last").then("d_last").otherwise("den").alias("denominator"),
        pl.when(rule == "last").then(pl.col("s_last").fill_null("missing"))
        .otherwise("s_worst").alias("status"),
    )
    result = result.join(
        quarterly.select("ags", "indicator_code", "period"),
        on=["ags", "indicator_code", "period"],
        how="anti",
    )
    return pl.concat([quarterly, result.select(obs.columns)], how="vertical_relaxed")


def time_series(
    obs: pl.DataFrame,
    membership: pl.DataFrame,
    indicator: Mapping[str, Any],
    first: str,
    last: str,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(member series, ring series) from `first` to `last`.

    Member series: every ring member of any period in the range × period, with value, status
    and `is_member` (membership as of that period). Ring series: per period the statistics
    (n, quartiles, median, pooled, …) over the members of that period only."""
    wanted = periods.period_range(first, last)
    grid = pl.DataFrame(
        {"period": wanted, "end": [periods.end_date(p).isoformat() for p in wanted]}
    )
    spans = membership.select("ags", "since", "until")
    member_rows = (
        spans.join(grid, how="cross")
        .with_columns(
            ((pl.col("since") <= pl.col("end"))
             & (pl.col("until").is_null() | (pl.col("until") >= pl.col("end"))))
            .alias("is_member")
        )
        .group_by("ags", "period")
        .agg(pl.col("is_member").any())
    )
    figures = obs.filter(
        (pl.col("indicator_code") == indicator["code"])
        & pl.col("period").is_between(pl.lit(first), pl.lit(last))
    ).select("ags", "period", "value", "numerator", "denominator", "status")
    series = member_rows.join(figures, on=["ags", "period"], how="left").sort("ags", "period")
    ring = describe(
        series.filter(pl.col("is_member")), ["period"], pooled_scale(indicator)
    ).sort("period")
    ring = pl.DataFrame({"period": wanted}).join(ring, on="period", how="left")
    return series, ring
