"""Ring distribution, reference groups and each member's position for one indicator and period."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl

from store import periods
from store.compare.common import describe, direction_sign, pooled_scale, select
from store.compare.matrix import MAD_SCALE

REFERENCES = ("ring", "zkT", "gE", "type", "all")


def distribution(
    obs: pl.DataFrame, members: pl.DataFrame, indicator: Mapping[str, Any], period: str
) -> pl.DataFrame:
    """One row: n, missing, min, q1, median, mean, q3, max, pooled, too_few over `members`."""
    values = members.select("ags").join(
        select(obs, indicator["code"], [period]), on="ags", how="left"
    )
    return describe(values, [], pooled_scale(indicator)).with_columns(
        pl.lit(indicator["code"]).alias("indicator_code"), pl.lit(period).alias("period")
    )


def _reference_key(reference: str) -> pl.Expr:
    if reference == "type":
        return pl.col("comparison_type").fill_null("–")
    if reference == "ring":
        return pl.lit("ring")
    return pl.lit(reference)


def reference_distributions(
    obs: pl.DataFrame, municipalities: pl.DataFrame, indicator: Mapping[str, Any], period: str
) -> pl.DataFrame:
    """Distributions for all zkT, all gE, every Vergleichstyp and all municipalities.

    Columns: group (zkT | gE | type | all), key (the carrier, the type or 'all'), statistics."""
    values = municipalities.select("ags", "carrier", "comparison_type").join(
        select(obs, indicator["code"], [period]), on="ags", how="left"
    )
    scale = pooled_scale(indicator)
    carriers = describe(values, ["carrier"], scale).rename({"carrier": "key"}).sort("key")
    types = describe(
        values.with_columns(pl.col("comparison_type").fill_null("–")), ["comparison_type"], scale
    ).rename({"comparison_type": "key"})
    everyone = describe(values, [], scale).with_columns(pl.lit("all").alias("key"))
    return pl.concat(
        [
            carriers.with_columns(pl.col("key").alias("group")),
            types.with_columns(pl.lit("type").alias("group")).sort("key"),
            everyone.with_columns(pl.lit("all").alias("group")),
        ],
        how="diagonal_relaxed",
    ).select("group", "key", pl.exclude("group", "key"))


def member_positions(
    obs: pl.DataFrame,
    members: pl.DataFrame,
    indicator: Mapping[str, Any],
    period: str,
    reference: str = "ring",
    municipalities: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Each member's value, deviation from the reference median, quartile band, outlier flag,
    changes against the previous period and a year earlier, status and assessment.

    Quartile band k (1–4) means q(k−1) < value ≤ q(k) of the reference group, with q0 = −∞,
    q2 = median and q4 = +∞: band 4 holds the highest values whatever the direction. An
    outlier lies more than 1.5 × IQR outside [q1, q3]; with too few values nothing is an
    outlier and the assessment is neutral.

    reference: 'ring' (the members themselves), 'zkT', 'gE', 'all', or 'type' (each member
    against its own Vergleichstyp); the latter need `municipalities` (ags, carrier,
    comparison_type). Members keep their extra columns (name, …). Never a rank."""
    if reference not in REFERENCES:
        raise ValueError(f"unknown reference {reference!r}")
    previous, year_ago = periods.previous(period), periods.year_ago(period)
    figures = select(obs, indicator["code"], [period, previous, year_ago])

    def at(col: str, when: str) -> pl.Expr:
        return pl.col(col).filter(pl.col("period") == when).first()

    # One row per municipality: this period's figure and the two earlier values.
    own = figures.group_by("ags").agg(
        at("value", period), at("numerator", period), at("denominator", period),
        at("status", period), at("value", previous).alias("value_previous"),
        at("value", year_ago).alias("value_year_ago"),
    )
    if reference != "ring" and "comparison_type" not in members.columns:
        if municipalities is None:
            raise ValueError("reference groups need the municipalities frame")
        members = members.join(
            municipalities.select("ags", "comparison_type"), on="ags", how="left",
            maintain_order="left",
        )
    rows = members.join(own, on="ags", how="left", maintain_order="left")
    if reference == "ring":
        stats = describe(rows, [], pooled_scale(indicator)).with_columns(
            pl.lit("ring").alias("key")
        )
    else:
        if municipalities is None:
            raise ValueError("reference groups need the municipalities frame")
        group = "type" if reference == "type" else reference
        stats = reference_distributions(obs, municipalities, indicator, period).filter(
            pl.col("group") == group
        )
    stats = stats.select(
        "key",
        pl.col("median").alias("ref_median"),
        pl.col("q1").alias("ref_q1"),
        pl.col("q3").alias("ref_q3"),
        pl.col("n").alias("ref_n"),
        pl.col("mad").alias("ref_mad"),
        pl.col("too_few"),
    )
    sign = direction_sign(indicator.get("direction"))
    value, median = pl.col("value"), pl.col("ref_median")
    q1, q3 = pl.col("ref_q1"), pl.col("ref_q3")
    iqr = q3 - q1
    deviation = value - median
    out = (
        rows.with_columns(_reference_key(reference).alias("key"))
        .join(stats, on="key", how="left", maintain_order="left")
        .with_columns(
            deviation.alias("deviation"),
            pl.when(median != 0).then(deviation / median.abs() * 100).alias("deviation_pct"),
            pl.when(value.is_null() | median.is_null())
            .then(None)
            .when(value <= q1)
            .then(1)
            .when(value <= median)
            .then(2)
            .when(value <= q3)
            .then(3)
            .otherwise(4)
            .cast(pl.Int8)
            .alias("quartile_band"),
            pl.when(value.is_null() | pl.col("too_few").fill_null(True))
            .then(False)
            .otherwise((value < q1 - 1.5 * iqr) | (value > q3 + 1.5 * iqr))
            .alias("outlier"),
            (value - pl.col("value_previous")).alias("change_previous"),
            (value - pl.col("value_year_ago")).alias("change_year"),
            pl.col("status").fill_null("missing"),
        )
        .with_columns(_assessment(sign).alias("assessment"))
        .drop("key", "ref_mad")
    )
    return out


def _assessment(sign: int) -> pl.Expr:
    """Direction-aware reading of the deviation, by the rule the ring and profile screens
    shade with: favourable or unfavourable from one robust deviation (1.4826 × MAD of the
    comparison group) on, neutral below it. Neutral indicators are always neutral, and with
    too few values (or no spread) nothing is judged."""
    deviation = pl.col("deviation")
    if sign == 0:
        return pl.when(deviation.is_null()).then(None).otherwise(pl.lit("neutral"))
    scale = MAD_SCALE * pl.col("ref_mad")
    return (
        pl.when(deviation.is_null())
        .then(None)
        .when(pl.col("too_few").fill_null(True) | scale.is_null() | (scale <= 0)
              | (deviation.abs() < scale))
        .then(pl.lit("neutral"))
        .when(deviation * sign > 0)
        .then(pl.lit("favourable"))
        .otherwise(pl.lit("unfavourable"))
    )
