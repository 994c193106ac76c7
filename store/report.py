"""Everything a ring's quarterly report shows, read once and computed by the comparison engine."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl

from store import analysis, compare, periods
from store import expected as expected_store
from store.annotations import annotations
from store.compare.expected import Model
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
class ExpectedPart:
    """One indicator's expected values: the model and the members judged against it, the
    same figures as `ringvergleich compare --expected`."""

    model: Model  # n, r2, variables, coefficients, or why there is none
    ages: pl.DataFrame  # indicator_code, period, oldest, age_months: how old the context is
    members: pl.DataFrame  # ags, value, expected, residual, residual_z, far,
    #                        residual_assessment, context_age


@dataclass
class RingReport:
    ring: Ring
    period: str
    members: pl.DataFrame  # ags, name, comparison_type, population
    indicators: list[IndicatorReport]
    context: pl.DataFrame  # ags × context figures: ags, indicator_code, value, status
    context_info: pl.DataFrame  # catalogue rows of the context indicators
    notes: pl.DataFrame  # ags, indicator_code, text
    # Expected values from the context figures, per indicator code in report order; only
    # for indicators that get one (no context figures, no absolute counts).
    expected: dict[str, ExpectedPart]
    variables: tuple[str, ...]  # the ring's model variables
    synthetic: bool


def expected_values(
    store: Store, ring_id: int, period: str, members: pl.DataFrame, listed: pl.DataFrame
) -> tuple[tuple[str, ...], dict[str, ExpectedPart]]:
    """The ring's model variables and, per listed indicator that gets an expected value, its
    model and the members judged in its direction. One fit per indicator over every
    municipality (context figures read once), judged for all members at once."""
    variables = expected_store.ring_variables(store, ring_id)
    wanted = expected_store.modelled(listed)
    models = expected_store.expected_many(store, wanted["code"].to_list(), period, variables)
    parts = {}
    oldest = None  # every model uses the same context figures: their ages are read once
    for code, direction in wanted.select("code", "direction").iter_rows():
        found = models[code]
        if oldest is None:
            oldest = expected_store.context_age(found.context)
        parts[code] = ExpectedPart(found.model, found.ages, expected_store.judge_members(
            found, members, direction, oldest))
    return variables, parts


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
    variables, expected = expected_values(store, ring_id, period, members.select("ags"),
                                          listed)
    return RingReport(
        ring, period, members.select("ags", "name", "comparison_type", "population"),
        reports, context, context_info, notes, expected, variables, store.is_synthetic,
    )
