"""Shared pieces of the comparison engine: frame schemas, membership, summary statistics."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
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


def pooled_scale(indicator: Mapping[str, Any]) -> float:
    """The multiplier for a pooled rate: percent figures are numerator/denominator × 100."""
    return 100.0 if (indicator.get("unit") or "%") == "%" else 1.0


def direction_sign(direction: str | None) -> int:
    """+1 when higher is favourable, −1 when lower is, 0 for neutral indicators."""
    return {"up": 1, "down": -1}.get(direction or "neutral", 0)


def empty_obs() -> pl.DataFrame:
    """An observation frame without rows (the engine's input schema)."""
    return pl.DataFrame(schema=OBS_SCHEMA)


def obs_frame(rows: Iterable[tuple]) -> pl.DataFrame:
    """Observation frame from tuples (ags, indicator_code, period, value, numerator,
    denominator, status); shorter tuples are padded with None and status 'final'."""
    padded = []
    for row in rows:
        full = list(row) + [None] * (7 - len(row))
        full[6] = full[6] or "final"
        padded.append(tuple(full))
    return pl.DataFrame(padded, schema=OBS_SCHEMA, orient="row")


def members_at(membership: pl.DataFrame, period: str) -> pl.DataFrame:
    """Members (one row per ags, other columns kept) as of the last day of `period`.

    `membership` has ags, since and until (ISO dates, until = last day of membership,
    null = open). Someone who leaves during a quarter is no member for that quarter."""
    end = periods.end_date(period).isoformat()
    return membership.filter(
        (pl.col("since") <= end) & (pl.col("until").is_null() | (pl.col("until") >= end))
    ).unique(subset="ags", keep="first", maintain_order=True)


def clean_value(col: str = "value") -> pl.Expr:
    """A value column with NaN read as missing (SQLite never stores NaN; frames might)."""
    return pl.col(col).fill_nan(None)


def select(obs: pl.DataFrame, code: str, wanted: list[str]) -> pl.DataFrame:
    """The rows of one indicator for the wanted periods, NaN values read as missing."""
    return obs.filter(
        (pl.col("indicator_code") == code) & pl.col("period").is_in(wanted)
    ).with_columns(clean_value())


def stats_exprs(scale: float) -> list[pl.Expr]:
    """Summary statistics over `value` (nulls ignored, never counted as 0).

    Quartiles interpolate linearly between order statistics (like numpy's default).
    The pooled value (Σ numerators ÷ Σ denominators × scale) covers the same members as
    the other statistics, so it is null unless every member with a value also has a
    numerator and a non-zero denominator sum."""
    value = clean_value()
    has_value = value.is_not_null()
    both = has_value & pl.col("numerator").is_not_null() & pl.col("denominator").is_not_null()
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
        (value - value.median()).abs().median().alias("mad"),
        pl.when((n > 0) & (both.sum() == n) & (den != 0))
        .then(num / den * scale)
        .otherwise(None)
        .alias("pooled"),
        (n < MIN_VALUES).alias("too_few"),
    ]


def describe(frame: pl.DataFrame, by: list[str], scale: float) -> pl.DataFrame:
    """Statistics of `frame` (one row per member, value possibly null) per group `by`."""
    if not by:
        return frame.select(stats_exprs(scale))
    return frame.group_by(by, maintain_order=True).agg(stats_exprs(scale))


# The status codes of a figure (observations.status); the German words are in kit.texts.
STATUSES = ("final", "provisional", "revised", "estimated", "missing", "confidential")
STATUS_PRECEDENCE = ["confidential", "missing", "estimated", "provisional", "revised", "final"]


def worst_status(col: str = "status") -> pl.Expr:
    """The most cautionary status of a group (confidential > missing > … > final)."""
    rank = pl.col(col).replace_strict(
        {s: i for i, s in enumerate(STATUS_PRECEDENCE)}, default=len(STATUS_PRECEDENCE) - 1,
        return_dtype=pl.Int8,
    )
    return pl.col(col).sort_by(rank).first()
