"""Indicator matrix (members × indicators, robust deviation) and discussion candidates."""

from __future__ import annotations

import polars as pl

from store import periods
from store.compare.common import MIN_VALUES, clean_value

# Scale factor that makes the median absolute deviation comparable to a standard deviation.
MAD_SCALE = 1.4826
DEVIATION_THRESHOLD = 2.0  # robust z beyond which a value "stands out"
CHANGE_THRESHOLD = 2.5  # robust z of a change (across the ring) beyond which it is "sharp"


def _robust_z(col: str, by: str) -> pl.Expr:
    """(x − median) / (1.4826 · MAD) within `by`; null with fewer than 3 values or MAD 0."""
    x = pl.col(col)
    median = x.median().over(by)
    mad = (x - median).abs().median().over(by)
    enough = x.count().over(by) >= MIN_VALUES
    return pl.when(enough & (mad > 0)).then((x - median) / (MAD_SCALE * mad))


def indicator_matrix(
    obs: pl.DataFrame, members: pl.DataFrame, indicators: pl.DataFrame, period: str
) -> pl.DataFrame:
    """Long frame, one row per member × indicator: value, status, ring median, MAD, robust z
    and `score` = robust z × direction (+ favourable, − unfavourable; null for neutral
    indicators, which are never shaded good or bad)."""
    catalogue = indicators.select(
        pl.col("code").alias("indicator_code"), "direction", "kind"
    )
    figures = obs.filter(pl.col("period") == period).select(
        "ags", "indicator_code", clean_value(), "status"
    )
    grid = members.select("ags").join(catalogue, how="cross")
    sign = pl.col("direction").replace_strict(
        {"up": 1.0, "down": -1.0, "neutral": None}, default=None, return_dtype=pl.Float64
    )
    value = pl.col("value")
    return (
        grid.join(figures, on=["ags", "indicator_code"], how="left", maintain_order="left")
        .with_columns(
            pl.col("status").fill_null("missing"),
            value.median().over("indicator_code").alias("median"),
            (value - value.median().over("indicator_code")).abs().median()
            .over("indicator_code").alias("mad"),
            value.count().over("indicator_code").alias("n"),
            _robust_z("value", "indicator_code").alias("robust_z"),
        )
        .with_columns((pl.col("robust_z") * sign).alias("score"))
    )


NOTABLE_NEW_STATUS = ["missing", "confidential", "estimated", "revised"]
NOTABLE_OLD_STATUS = ["missing", "confidential"]

def discussion_candidates(
    obs: pl.DataFrame,
    members: pl.DataFrame,
    indicators: pl.DataFrame,
    period: str,
    limit: int = 10,
) -> pl.DataFrame:
    """The member × indicator pairs that stand out most in `period`: a large robust deviation
    from the ring median, a sharp change against the previous period or a year earlier
    (judged against the ring's typical change), or a status change. Context indicators are
    left out. Columns: ags, indicator_code, period, kind (deviation | change_previous |
    change_year | status), score, value, median, change, old_status, new_status.
    `indicators` needs code, kind and unit.
    Sorted by score for internal use only: the order is never shown as a rank."""
    # Context figures and absolute counts (which only mirror size) are never candidates.
    outcomes = indicators.filter(
        (pl.col("kind").fill_null("outcome") != "context")
        & ~pl.col("unit").fill_null("%").is_in(["Anzahl", "Personen"])
    )
    previous, year_ago = periods.previous(period), periods.year_ago(period)
    codes = outcomes["code"].to_list()
    ring = members.select("ags")
    figures = (
        obs.filter(pl.col("indicator_code").is_in(codes) & pl.col("period").is_in(
            [period, previous, year_ago]))
        .join(ring, on="ags", how="semi")
        .with_columns(clean_value())
    )
    now = figures.filter(pl.col("period") == period).select(
        "ags", "indicator_code", "value", pl.col("status").alias("new_status")
    )

    def earlier(p: str, name: str) -> pl.DataFrame:
        return figures.filter(pl.col("period") == p).select(
            "ags", "indicator_code", pl.col("value").alias(name), pl.col("status").alias(
                f"{name}_status")
        )

    base = (
        ring.join(outcomes.select(pl.col("code").alias("indicator_code")), how="cross")
        .join(now, on=["ags", "indicator_code"], how="left")
        .join(earlier(previous, "prev"), on=["ags", "indicator_code"], how="left")
        .join(earlier(year_ago, "year"), on=["ags", "indicator_code"], how="left")
        .with_columns(
            pl.col("value").median().over("indicator_code").alias("median"),
            (pl.col("value") - pl.col("prev")).alias("change_previous"),
            (pl.col("value") - pl.col("year")).alias("change_year"),
        )
        .with_columns(
            _robust_z("value", "indicator_code").abs().alias("z_deviation"),
            _robust_z("change_previous", "indicator_code").abs().alias("z_previous"),
            _robust_z("change_year", "indicator_code").abs().alias("z_year"),
        )
    )
    # Routine turns (final → provisional for a new quarter, estimated → final) are no news:
    # a status change counts when the figure falls into a gap, becomes an estimate or a
    # revision, or comes back from a gap.
    old, new = pl.col("prev_status"), pl.col("new_status").fill_null("missing")
    status_changed = (
        old.is_not_null()
        & (new != old)
        & (new.is_in(NOTABLE_NEW_STATUS) | old.is_in(NOTABLE_OLD_STATUS))
    )
    kinds = [
        base.filter(pl.col("z_deviation") >= DEVIATION_THRESHOLD).with_columns(
            pl.lit("deviation").alias("kind"), pl.col("z_deviation").alias("score"),
            pl.lit(None, pl.Float64).alias("change"),
        ),
        base.filter(pl.col("z_previous") >= CHANGE_THRESHOLD).with_columns(
            pl.lit("change_previous").alias("kind"), pl.col("z_previous").alias("score"),
            pl.col("change_previous").alias("change"),
        ),
        base.filter(pl.col("z_year") >= CHANGE_THRESHOLD).with_columns(
            pl.lit("change_year").alias("kind"), pl.col("z_year").alias("score"),
            pl.col("change_year").alias("change"),
        ),
        base.filter(status_changed).with_columns(
            pl.lit("status").alias("kind"), pl.lit(CHANGE_THRESHOLD).alias("score"),
            pl.lit(None, pl.Float64).alias("change"),
        ),
    ]
    columns = ["ags", "indicator_code", "kind", "score", "value", "median", "change",
               "prev_status", "new_status"]
    found = pl.concat([k.select(columns) for k in kinds], how="vertical_relaxed")
    # One row per pair: its strongest reason.
    return (
        found.sort(["score", "ags", "indicator_code"], descending=[True, False, False])
        .unique(subset=["ags", "indicator_code"], keep="first", maintain_order=True)
        .head(limit)
        .rename({"prev_status": "old_status"})
        .with_columns(pl.lit(period).alias("period"))
        .with_columns(pl.col("new_status").fill_null("missing"))
    )
