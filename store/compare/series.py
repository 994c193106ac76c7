"""Time series per member and for the ring, and the monthly → quarterly rule."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import polars as pl

from store import periods
from store.compare.common import clean_value, describe, pooled_scale, worst_status

MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"
GAP_STATUSES = ("confidential", "missing")


def quarter_expr(col: str = "period") -> pl.Expr:
    """`YYYY-MM` → `YYYY-Qn` as a polars expression."""
    month = pl.col(col).str.slice(5, 2).cast(pl.Int32)
    return pl.col(col).str.slice(0, 4) + "-Q" + ((month - 1) // 3 + 1).cast(pl.String)


def to_quarterly(obs: pl.DataFrame, indicators: pl.DataFrame) -> pl.DataFrame:
    """Monthly rows folded into quarters by each indicator's `aggregation` rule.

    - last: the value of the quarter's third month (stocks and rates);
    - sum: the sum of the three months (flows);
    - mean: the mean of the three months;
    - pooled: Σ numerators ÷ Σ denominators of the three months (× 100 for % units).
    A quarter is only complete with all three months (for 'last': with its third month);
    otherwise its value is null, never a partial sum or mean. Status: that of the third
    month ('last') or the most cautionary of the months; a null value is at least
    'missing'. Quarterly rows pass through and win over folded months of the same quarter.
    Indicators not in `indicators` (code, aggregation, unit) fold by 'last'."""
    is_month = pl.col("period").str.contains(MONTH_PATTERN)
    monthly = obs.filter(is_month)
    if monthly.is_empty():
        return obs
    quarterly = obs.filter(~is_month)
    rules = indicators.select(
        pl.col("code").alias("indicator_code"),
        pl.col("aggregation").fill_null("last"),
        pl.when(pl.col("unit").fill_null("%") == "%").then(100.0).otherwise(1.0).alias("scale"),
    )
    is_last = (pl.col("period").str.slice(5, 2).cast(pl.Int32) % 3) == 0
    value = clean_value()
    both = pl.col("numerator").is_not_null() & pl.col("denominator").is_not_null()
    complete = both.sum() == 3
    num = pl.col("numerator").filter(both).sum()
    den = pl.col("denominator").filter(both).sum()
    folded = (
        monthly.join(rules, on="indicator_code", how="left")
        .with_columns(
            pl.col("aggregation").fill_null("last"),
            pl.col("scale").fill_null(1.0),
            quarter_expr().alias("quarter"),
        )
        .group_by("ags", "indicator_code", "quarter")
        .agg(
            pl.col("aggregation").first(),
            pl.col("scale").first(),
            value.filter(is_last).first().alias("v_last"),
            pl.col("status").filter(is_last).first().alias("s_last"),
            pl.col("numerator").filter(is_last).first().alias("n_last"),
            pl.col("denominator").filter(is_last).first().alias("d_last"),
            pl.when(value.count() == 3).then(value.sum()).alias("v_sum"),
            pl.when(value.count() == 3).then(value.mean()).alias("v_mean"),
            pl.when(complete & (den != 0)).then(num / den).alias("ratio"),
            pl.when(complete).then(num).alias("num"),
            pl.when(complete).then(den).alias("den"),
            worst_status().alias("s_worst"),
        )
    )
    rule = pl.col("aggregation")
    status = pl.when(rule == "last").then(pl.col("s_last")).otherwise("s_worst").fill_null("missing")
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
        status.alias("status"),
    ).with_columns(
        pl.when(pl.col("value").is_null() & ~pl.col("status").is_in(GAP_STATUSES))
        .then(pl.lit("missing"))
        .otherwise("status")
        .alias("status")
    )
    result = result.join(
        quarterly.select("ags", "indicator_code", "period"),
        on=["ags", "indicator_code", "period"],
        how="anti",
    )
    return pl.concat([quarterly, result.select(obs.columns)], how="vertical_relaxed")


def _pick(frame: pl.DataFrame, col: str, keys: list[str]) -> pl.DataFrame:
    """Rows whose `col` is one of `keys`: by binary search when the frame is sorted by `col`
    (e.g. held in the store's primary-key order, ags first), otherwise by a filter."""
    series = frame[col]
    if series.flags["SORTED_ASC"] and series.null_count() == 0:
        wanted = pl.Series(sorted(set(keys)), dtype=series.dtype)
        starts = series.search_sorted(wanted, side="left").to_list()
        ends = series.search_sorted(wanted, side="right").to_list()
        parts = [frame.slice(a, b - a) for a, b in zip(starts, ends, strict=True) if b > a]
        return pl.concat(parts) if parts else frame.clear()
    if len(keys) == 1:  # equality scans faster than a one-element is_in
        return frame.filter(pl.col(col) == keys[0])
    return frame.filter(pl.col(col).is_in(keys))


def figures_for(
    obs: pl.DataFrame,
    indicators: pl.DataFrame,
    codes: Iterable[str] | None = None,
    wanted: Iterable[str] | None = None,
    between: tuple[str, str] | None = None,
    ags: Iterable[str] | None = None,
) -> pl.DataFrame:
    """Quarterly figures as compared, from a frame that may hold months: the rows of
    `codes`, of the quarters `wanted` or `between` (first, last) and of the municipalities
    `ags` are picked first (with the months they fold from), then folded by to_quarterly.

    Picking first is what keeps a national frame fast: the most selective condition runs
    first, and a frame sorted by ags or indicator_code is cut by binary search."""
    quarters: list[str] | None = None
    if wanted is not None:
        quarters = list(wanted)
    if between is not None:
        span = periods.period_range(*between)
        quarters = span if quarters is None else [q for q in quarters if q in set(span)]
    # Cheapest scan of a whole frame first: one indicator (an equality), then the ring's
    # members, then the periods, which by then are picked from a few rows only.
    picks: list[tuple[str, list[str]]] = []
    if codes is not None:
        picks.append(("indicator_code", list(codes)))
    if ags is not None:
        picks.append(("ags", list(ags)))
    if quarters is not None:
        picks.append(("period", quarters + [m for q in quarters for m in periods.months_of(q)]))
    # A column the frame is sorted by goes first: cutting it costs next to nothing.
    picks.sort(key=lambda pick: not obs[pick[0]].flags["SORTED_ASC"])
    picked = obs
    for col, keys in picks:
        picked = _pick(picked, col, keys)
    return to_quarterly(picked, indicators)


def time_series(
    obs: pl.DataFrame,
    membership: pl.DataFrame,
    indicator: Mapping[str, Any],
    first: str,
    last: str,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(member series, ring series) from `first` to `last`.

    Member series: every municipality that was a ring member in at least one period of the
    range × period, with value, numerator, denominator, status ('missing' without a figure)
    and `is_member` (membership as of that period). Ring series: per period the statistics
    (n, quartiles, median, pooled, …) over the members of that period only; a period
    without members has n = 0 and too_few."""
    wanted = periods.period_range(first, last)
    grid = pl.DataFrame(
        {"period": wanted, "end": [periods.end_date(p).isoformat() for p in wanted]}
    )
    member_rows = (
        membership.select("ags", "since", "until")
        .join(grid, how="cross")
        .with_columns(
            ((pl.col("since") <= pl.col("end"))
             & (pl.col("until").is_null() | (pl.col("until") >= pl.col("end"))))
            .alias("is_member")
        )
        .group_by("ags", "period")
        .agg(pl.col("is_member").any())
        .filter(pl.col("is_member").any().over("ags"))
    )
    figures = obs.filter(
        (pl.col("indicator_code") == indicator["code"]) & pl.col("period").is_in(wanted)
    ).select("ags", "period", clean_value(), "numerator", "denominator", "status")
    series = (
        member_rows.join(figures, on=["ags", "period"], how="left")
        .with_columns(pl.col("status").fill_null("missing"))
        .sort("ags", "period")
    )
    ring = describe(
        series.filter(pl.col("is_member")), ["period"], pooled_scale(indicator)
    )
    ring = (
        pl.DataFrame({"period": wanted})
        .join(ring, on="period", how="left", maintain_order="left")
        .with_columns(
            pl.col("n", "missing").fill_null(0),
            pl.col("too_few").fill_null(True),
        )
    )
    return series, ring
