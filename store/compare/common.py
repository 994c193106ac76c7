"""Shared pieces of the comparison engine: frame schemas, membership, summary statistics."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl

from store import periods

OBS_SCHEMA: dict[str, Any] = {
    "ags": pl.String,
    "indicator_code": pl.String,
    "period": pl.String,
    "value": pl.Float64,
    "numerator": pl.Float64,
    "denominator": pl.Float64,
    "status": pl.String,
}

MIN_VALUES = 3  # fewer values than this: statistics carry the too_few flag

# The multiplier for a pooled rate: percent figures are numerator/denominator × 100.
def pooled_scale(indicator: Mapping[str, Any]) -> float:
    return 100.0 if (indicator.get("unit") or "%") == "%" else 1.0


def direction_sign(direction: str | None) -> int:
    """+1 when higher is favourable, −1 when lower is, 0 for neutral indicators."""
    return {"up": 1, "down": -1}.get(direction or "neutral", 0)


def empty_obs() -> pl.DataFrame:
    return pl.DataFrame(schema=OBS_SCHEMA)


def members_at(membership: pl.DataFrame, period: str) -> pl.DataFrame:
    """Members (one row per ags, other columns kept) as of the end of `period`.

    `membership` has ags, since and until (ISO dates, until = last day, null = open)."""
    end = periods.end_date(period).isoformat()
    return membership.filter(
        (pl.col("since") <= end) & (pl.col("until").is_null() | (pl.col("until") >= end))
    ).unique(subset="ags", keep="first", maintain_order=True)


def select(obs: pl.DataFrame, code: str, wanted: list[str]) -> pl.DataFrame:
    return obs.filter((pl.col("indicator_code") == code) & pl.col("period").is_in(wanted))


def stats_exprs(scale: float) -> list[pl.Expr]:
    """Summary statistics over `value` (nulls ignored, never counted as 0)."""
    value = pl.col("value")
    both = pl.col("numerator").is_not_null() & pl.col("denominator").is_not_null()
    num = pl.col("numerator").filter(both).sum()
    den = pl.col("denominator").filter(both).sum()
    n = value.count()
    return [
        n.alias("n"),
        value.null_count().alias("missing"),
        value.min().alias("min"),
        value.quantile(0.25, interpolation="linear").alias("q1"),
        value.median().alias("median"),
        value.mean().alias("mean"),
        value.quantile(0.75, interpolation="linear").alias("q3"),
        value.max().alias("max"),
        pl.when(both.any() & (den != 0)).then(num / den * scale).otherwise(None).alias("pooled"),
        (n < MIN_VALUES).alias("too_few"),
    ]


def describe(frame: pl.DataFrame, by: list[str], scale: float) -> pl.DataFrame:
    """Statistics of `frame` (one row per member, value possibly null) per group `by`."""
    if not by:
        return frame.select(stats_exprs(scale))
    return frame.group_by(by, maintain_order=True).agg(stats_exprs(scale))


STATUS_PRECEDENCE = ["confidential", "missing", "estimated", "provisional", "revised", "final"]


def worst_status(col: str = "status") -> pl.Expr:
    """The most cautionary status of a group (confidential > missing > … > final)."""
    rank = pl.col(col).replace_strict(
        {s: i for i, s in enumerate(STATUS_PRECEDENCE)}, default=len(STATUS_PRECEDENCE) - 1,
        return_dtype=pl.Int8,
    )
    return pl.col(col).sort_by(rank).first()
