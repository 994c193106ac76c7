"""Read figures from the store and run the comparison engine on them (what screens and CLI use)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import polars as pl

from store import compare, periods
from store.compare.annual import latest_annual
from store.compare.common import OBS_SCHEMA
from store.coverage import (  # noqa: F401 (read through analysis by the screens too)
    PERIOD_LENGTH,
    default_period,
    known_ring_periods,
    ring_periods,
)
from store.db import Store
from store.memo import remembered
from store.reference import (  # noqa: F401 (read through analysis by the screens too)
    INDICATOR_SCHEMA,
    MUNICIPALITY_SCHEMA,
    indicator,
    indicators,
    municipalities,
    municipality,
    municipality_keys,
)
from store.rings import membership

SERIES_SPAN = 8  # quarters an indicator's series shows at first
# Quarters `YYYY-Qn` and months `YYYY-MM` (PERIOD_LENGTH): the periods figures are compared
# in. Annual figures (`YYYY`, `YYYY-MM-DD`) are only context beside them (annual_context).


def _with_months(wanted: Iterable[str]) -> list[str]:
    """Requested quarters plus their months, so monthly data can be folded into them."""
    out: list[str] = []
    for period in wanted:
        out.append(period)
        if periods.is_quarter(period):
            out.extend(periods.months_of(period))
    return out


def observations(
    store: Store,
    codes: Iterable[str] | None = None,
    wanted: Iterable[str] | None = None,
    between: tuple[str, str] | None = None,
    ags: Iterable[str] | None = None,
) -> pl.DataFrame:
    """Figures as compared: monthly rows folded into quarters by the catalogue rule.
    Annual figures (a year, a reference day) are never compared: see annual_context."""
    clauses, params = [f"length(period) = {PERIOD_LENGTH}"], []
    # Naming every municipality and code lets SQLite seek along the whole primary key
    # (ags, indicator_code, period) instead of scanning every figure.
    if ags is None and (codes is not None or wanted is not None or between is not None):
        ags = [r["ags"] for r in store._rows("SELECT ags FROM municipalities")]
    if codes is None and ags is not None:
        codes = [r["code"] for r in store._rows("SELECT code FROM indicators")]
    if codes is not None:
        codes = list(codes)
        clauses.append(f"indicator_code IN ({','.join('?' * len(codes))})")
        params += codes
    if wanted is not None:
        expanded = _with_months(wanted)
        clauses.append(f"period IN ({','.join('?' * len(expanded))})")
        params += expanded
    if between is not None:
        first, last = between
        # Months sort before quarters of the same year ('2024-01' < '2024-Q1').
        clauses.append("period >= ? AND period <= ?")
        params += [first[:4] + "-01", last[:4] + "-QZ"]
    if ags is not None:
        ags = list(ags)
        clauses.append(f"ags IN ({','.join('?' * len(ags))})")
        params += ags
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    frame = store._frame(
        "SELECT ags, indicator_code, period, value, numerator, denominator, status"
        f" FROM observations {where}",
        params,
        schema=OBS_SCHEMA,
    )
    if frame.is_empty() or not frame["period"].str.contains(r"^\d{4}-\d{2}$").any():
        return frame
    return compare.to_quarterly(frame, indicators(store))


def annual_context(store: Store, ags: Iterable[str], quarter: str) -> pl.DataFrame:
    """The annual figures standing beside `quarter` (see compare.annual.latest_annual)."""
    ags = list(ags)
    if not ags or not periods.is_period(quarter):
        return pl.DataFrame(schema={**OBS_SCHEMA, "start": pl.Date})
    frame = store._frame(
        "SELECT ags, indicator_code, period, value, numerator, denominator, status"
        f" FROM observations WHERE length(period) != {PERIOD_LENGTH}"
        f" AND ags IN ({','.join('?' * len(ags))})",
        ags, schema=OBS_SCHEMA,
    )
    return latest_annual(frame, periods.quarter_of(quarter))


def ring_membership(store: Store, ring_id: int) -> pl.DataFrame:
    """Membership rows of a ring with the municipalities' names and attributes."""
    return membership(store, ring_id).drop("ring_id").join(
        municipalities(store), on="ags", how="left"
    )


def municipality_periods(store: Store, ags: str) -> tuple[list[str], str | None]:
    """(quarters with any figures of the municipality, the quarter its profile opens on:
    the latest with a non-context figure, else the latest of all)."""
    return remembered(store, ("municipality_periods", ags),
                      lambda: _municipality_periods(store, ags))


def _municipality_periods(store: Store, ags: str) -> tuple[list[str], str | None]:
    rows = store._rows(
        "SELECT o.period, max(i.kind != 'context' AND o.value IS NOT NULL) AS outcome"
        " FROM observations o JOIN indicators i ON i.code = o.indicator_code"
        f" WHERE o.ags = ? AND length(o.period) = {PERIOD_LENGTH} GROUP BY o.period",
        (ags,),
    )
    choices = sorted({periods.quarter_of(r["period"]) for r in rows})
    outcome = [periods.quarter_of(r["period"]) for r in rows if r["outcome"]]
    return choices, (max(outcome) if outcome else (choices[-1] if choices else None))


def ring_snapshot(
    store: Store, ring_id: int, code: str, period: str, reference: str = "ring"
) -> tuple[dict[str, Any], pl.DataFrame]:
    """(ring distribution as a dict, member positions) for one indicator and period.

    With a reference group other than 'ring', positions are measured against that group's
    distribution (all zkT, all gE, the member's Vergleichstyp, all municipalities).
    Kept until the database changes (the ring screen reads it ahead, warm_indicator)."""
    dist, positions = remembered(store, ("ring_snapshot", ring_id, code, period, reference),
                                 lambda: _ring_snapshot(store, ring_id, code, period, reference))
    return dict(dist), positions


def _ring_snapshot(store: Store, ring_id: int, code: str, period: str, reference: str
                   ) -> tuple[dict[str, Any], pl.DataFrame]:
    info = indicator(store, code)
    if info is None:
        raise KeyError(code)
    members = compare.members_at(ring_membership(store, ring_id), period)
    wanted = [period, periods.previous(period), periods.year_ago(period)]
    munis = None
    if reference == "ring":
        obs = observations(store, [code], wanted, ags=members["ags"].to_list())
    else:
        obs = observations(store, [code], wanted)
        munis = municipalities(store)
    dist = compare.distribution(obs, members, info, period).row(0, named=True)
    positions = compare.member_positions(obs, members, info, period, reference, munis)
    return dist, positions


def reference_groups(store: Store, code: str, period: str) -> pl.DataFrame:
    info = indicator(store, code)
    if info is None:
        raise KeyError(code)
    obs = observations(store, [code], [period])
    return compare.reference_distributions(obs, municipalities(store), info, period)


def ring_matrix(store: Store, ring_id: int, period: str) -> pl.DataFrame:
    members = compare.members_at(ring_membership(store, ring_id), period)
    obs = observations(store, None, [period], ags=members["ags"].to_list())
    return compare.indicator_matrix(obs, members, indicators(store), period)


def ring_time_series(
    store: Store, ring_id: int, code: str, first: str, last: str
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(each member's series, the ring's median series) from `first` to `last`; kept until
    the database changes."""
    return remembered(store, ("ring_time_series", ring_id, code, first, last),
                      lambda: _ring_time_series(store, ring_id, code, first, last))


def series_start(choices: list[str], period: str, span: int) -> str:
    """The first quarter of a series of `span` quarters ending with `period` (0: all)."""
    return choices[0] if span == 0 else max(choices[0], periods.shift(period, -(span - 1)))


def warm_indicator(store: Store, ring_id: int, code: str, period: str) -> None:
    """Read ahead what an indicator screen opened on `period` needs most time for."""
    choices = ring_periods(store, ring_id)
    if period in choices:
        ring_snapshot(store, ring_id, code, period)
        ring_time_series(store, ring_id, code, series_start(choices, period, SERIES_SPAN), period)


def _ring_time_series(store: Store, ring_id: int, code: str, first: str, last: str
                      ) -> tuple[pl.DataFrame, pl.DataFrame]:
    info = indicator(store, code)
    if info is None:
        raise KeyError(code)
    spans = ring_membership(store, ring_id)
    obs = observations(store, [code], between=(first, last), ags=spans["ags"].unique().to_list())
    return compare.time_series(obs, spans, info, first, last)


def practice_effect(
    store: Store, practice_id: int, code: str, ring_id: int | None = None, window: int = 4
) -> pl.DataFrame:
    """Difference in differences for a practice; the comparison set is the ring's members
    (ever) or, without a ring, all municipalities."""
    adoptions = store._frame(
        "SELECT ags, since FROM practice_adoptions WHERE practice_id = ?", (practice_id,),
        schema={"ags": pl.String, "since": pl.String},
    )
    if ring_id is None:
        candidates = municipalities(store).select("ags")
    else:
        candidates = ring_membership(store, ring_id).select("ags").unique()
    obs = observations(store, [code], ags=candidates["ags"].to_list())
    return compare.practice_effect(obs, adoptions, candidates, code, window)


def municipality_profile(
    store: Store, ags: str, ring_id: int | None, period: str
) -> pl.DataFrame:
    """Every indicator of one municipality against the median of its ring (or of all
    municipalities without a ring): value, status, median, deviation (abs, %), change against
    a year earlier, robust z and direction-aware score. One row per catalogue indicator.
    Kept until the database changes: the indicator screen reads ahead the profile that
    Enter would open (warm_profile)."""
    return remembered(store, ("municipality_profile", ags, ring_id, period),
                      lambda: _municipality_profile(store, ags, ring_id, period))


def warm_profile(store: Store, ags: str, ring_id: int | None, period: str) -> None:
    """Read ahead what a municipality's profile opened on `period` needs most time for."""
    choices, _default = municipality_periods(store, ags)
    if period in choices:
        municipality_profile(store, ags, ring_id, period)


def _municipality_profile(store: Store, ags: str, ring_id: int | None, period: str
                          ) -> pl.DataFrame:
    catalogue = indicators(store)
    if ring_id is not None:
        members = compare.members_at(ring_membership(store, ring_id), period)
        if ags not in members["ags"].to_list():
            members = pl.concat([members.select("ags"), pl.DataFrame({"ags": [ags]})])
    else:
        members = municipalities(store).select("ags")
    obs = observations(store, None, [period], ags=members["ags"].to_list())
    matrix = compare.indicator_matrix(obs, members.select("ags"), catalogue, period)
    year = observations(store, None, [periods.year_ago(period)], ags=[ags]).select(
        "indicator_code", pl.col("value").alias("value_year_ago")
    )
    profile = (
        catalogue.select(
            pl.col("code").alias("indicator_code"), "name", "short_name", "unit", "decimals",
            "kind", pl.col("direction").alias("indicator_direction"), "sort_order",
        )
        .join(matrix.filter(pl.col("ags") == ags).drop("direction", "kind"),
              on="indicator_code", how="left")
        .join(year, on="indicator_code", how="left")
        .rename({"indicator_direction": "direction"})
        .with_columns(
            (pl.col("value") - pl.col("median")).alias("deviation"),
            pl.when(pl.col("median") != 0)
            .then((pl.col("value") - pl.col("median")) / pl.col("median").abs() * 100)
            .alias("deviation_pct"),
            (pl.col("value") - pl.col("value_year_ago")).alias("change_year"),
        )
        .sort("sort_order")
    )
    return _with_annual_context(store, profile, ags, members["ags"].to_list(), period)


def _with_annual_context(store: Store, profile: pl.DataFrame, ags: str, members: list[str],
                         period: str) -> pl.DataFrame:
    """Context rows without a figure for the quarter show the annual figure that stands
    beside it (median over the members' annual figures); `annual_period` names it."""
    annual = annual_context(store, members, period)
    profile = profile.with_columns(pl.lit(None, pl.String).alias("annual_period"))
    if annual.is_empty():
        return profile
    medians = annual.group_by("indicator_code").agg(pl.col("value").median().alias("a_median"))
    own = annual.filter(pl.col("ags") == ags).select(
        "indicator_code", pl.col("value").alias("a_value"), pl.col("status").alias("a_status"),
        pl.col("period").alias("a_period"))
    use = (pl.col("kind") == "context") & pl.col("value").is_null() & pl.col("a_period").is_not_null()
    return (
        profile.join(own, on="indicator_code", how="left")
        .join(medians, on="indicator_code", how="left")
        .with_columns(
            pl.when(use).then("a_value").otherwise("value").alias("value"),
            pl.when(use).then("a_status").otherwise("status").alias("status"),
            pl.when(use).then("a_median").otherwise("median").alias("median"),
            pl.when(use).then("a_period").otherwise("annual_period").alias("annual_period"),
        )
        .with_columns(
            pl.when(use).then(pl.col("value") - pl.col("median")).otherwise("deviation")
            .alias("deviation"),
        )
        .drop("a_value", "a_status", "a_period", "a_median")
    )
