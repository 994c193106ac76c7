"""Everything a ring's quarterly report shows, read once and computed by the comparison engine."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl

from store import analysis, compare, periods
from store.annotations import annotations
from store.db import Store, StoreError
from store.ring_indicators import ring_indicators
from store.rings import Ring, get_ring

SERIES_QUARTERS = 8  # the small time series: this quarter and the seven before


@dataclass
class IndicatorReport:
    info: dict[str, Any]  # the catalogue row
    distribution: dict[str, Any]  # n, missing, min, q1, median, mean, q3, max, too_few
    positions: pl.DataFrame  # ags, value, change_previous, status (the ring's members)
    series: pl.DataFrame  # period, n, q1, median, q3 over the members of each quarter
    member_series: pl.DataFrame  # ags, period, value


@dataclass
class RingReport:
    ring: Ring
    period: str
    members: pl.DataFrame  # ags, name, comparison_type, population
    indicators: list[IndicatorReport]
    context: pl.DataFrame  # ags × context figures: ags, indicator_code, value, status
    context_info: pl.DataFrame  # catalogue rows of the context indicators
    notes: pl.DataFrame  # ags, indicator_code, text
    # Issue 13 adds expected values from the context figures (a regression over the
    # reference set). They go here, one row per member × indicator (ags, indicator_code,
    # expected, …); None while no such comparison exists, and the report says so.
    expected: pl.DataFrame | None
    synthetic: bool


def expected_values(store: Store, ring_id: int, period: str) -> pl.DataFrame | None:
    """The expected-value comparison for the report, once it exists (issue 13)."""
    return None


def ring_report(store: Store, ring_id: int, period: str) -> RingReport:
    ring = get_ring(store, ring_id)
    if ring is None:
        raise StoreError("not_found", detail=f"ring {ring_id}")
    spans = analysis.ring_membership(store, ring_id)
    members = compare.members_at(spans, period).sort(pl.col("name").str.to_lowercase(), "ags")
    listed = ring_indicators(store, ring_id)
    catalogue = analysis.indicators(store)
    context_info = catalogue.filter(pl.col("kind") == "context")
    first = periods.shift(period, -(SERIES_QUARTERS - 1))
    wanted = sorted({*periods.period_range(first, period), periods.year_ago(period)})
    codes = listed["code"].to_list() + context_info["code"].to_list()
    ags = members["ags"].to_list()
    ever = spans["ags"].unique().to_list()  # the series counts each quarter's members
    obs = analysis.observations(store, codes, wanted, ags=ever) if ever else compare.empty_obs()
    reports = []
    for info in listed.drop("position", "collected").iter_rows(named=True):
        dist = compare.distribution(obs, members, info, period).row(0, named=True)
        positions = compare.member_positions(obs, members.select("ags"), info, period).select(
            "ags", "value", "change_previous", "status")
        member_series, ring_series = compare.time_series(obs, spans, info, first, period)
        reports.append(IndicatorReport(
            info, dist, positions,
            ring_series.select("period", "n", "q1", "median", "q3"),
            member_series.filter(pl.col("ags").is_in(ags)).select("ags", "period", "value"),
        ))
    context = obs.filter(
        pl.col("indicator_code").is_in(context_info["code"].implode())
        & (pl.col("period") == period) & pl.col("ags").is_in(ags)
    ).select("ags", "indicator_code", "value", "status")
    notes = annotations(store, ags, period).select("ags", "indicator_code", "text") if ags else (
        pl.DataFrame(schema={"ags": pl.String, "indicator_code": pl.String, "text": pl.String}))
    return RingReport(
        ring, period, members.select("ags", "name", "comparison_type", "population"),
        reports, context, context_info, notes, expected_values(store, ring_id, period),
        store.is_synthetic,
    )
