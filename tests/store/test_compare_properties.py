"""Invariants of the comparison engine, checked on generated data (hypothesis)."""

from __future__ import annotations

import random

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from store.compare import (
    distribution,
    figures_for,
    indicator_matrix,
    member_positions,
    members_at,
    time_series,
    to_quarterly,
)
from store.compare.common import obs_frame

Q = "2024-Q2"
FAST = settings(max_examples=40, deadline=None)
# Integers as floats keep sums exact, so reordering cannot change a result by rounding.
values = st.lists(st.one_of(st.none(), st.integers(-10_000, 10_000).map(float)), max_size=25)
seeds = st.integers(0, 2**32 - 1)


def ring_of(vals: list[float | None], with_rows: bool = True) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Members m0… and one observation per member (a null value, or no row when not
    `with_rows`, for None)."""
    ags = [f"m{i:02d}" for i in range(len(vals))]
    rows = [(a, "X", Q, v) for a, v in zip(ags, vals, strict=True) if with_rows or v is not None]
    return obs_frame(rows), pl.DataFrame({"ags": ags}, schema={"ags": pl.String})


def shuffled(frame: pl.DataFrame, seed: int) -> pl.DataFrame:
    order = list(range(frame.height))
    random.Random(seed).shuffle(order)
    return frame[order] if order else frame


IND = {"code": "X", "unit": "%", "direction": "up"}


@FAST
@given(values, st.booleans())
def test_distribution_order_statistics(vals: list[float | None], with_rows: bool) -> None:
    obs, ring = ring_of(vals, with_rows)
    row = distribution(obs, ring, IND, Q).row(0, named=True)
    present = [v for v in vals if v is not None]
    assert row["n"] == len(present)
    assert row["missing"] == len(vals) - len(present)
    assert row["too_few"] == (len(present) < 3)
    if present:
        assert row["min"] == min(present) and row["max"] == max(present)
        assert row["min"] <= row["q1"] <= row["median"] <= row["q3"] <= row["max"]
        assert row["min"] <= row["mean"] <= row["max"]
    else:
        assert row["median"] is None


@FAST
@given(values, seeds)
def test_distribution_invariant_under_row_order(vals: list[float | None], seed: int) -> None:
    obs, ring = ring_of(vals)
    first = distribution(obs, ring, IND, Q)
    again = distribution(shuffled(obs, seed), shuffled(ring, seed + 1), IND, Q)
    assert_frame_equal(first, again)


@FAST
@given(values, st.integers(1, 5))
def test_null_members_only_add_to_missing(vals: list[float | None], extra: int) -> None:
    obs, ring = ring_of(vals)
    more = pl.concat([ring, pl.DataFrame({"ags": [f"x{i}" for i in range(extra)]})])
    base = distribution(obs, ring, IND, Q).row(0, named=True)
    grown = distribution(obs, more, IND, Q).row(0, named=True)
    assert grown["n"] == base["n"]
    assert grown["missing"] == base["missing"] + extra
    for key in ("min", "q1", "median", "mean", "q3", "max", "too_few"):
        assert grown[key] == base[key]


@FAST
@given(st.lists(st.tuples(st.integers(0, 500), st.integers(1, 500)), min_size=1, max_size=20))
def test_pooled_lies_between_the_members_rates(pairs: list[tuple[int, int]]) -> None:
    rows = [(f"m{i}", "X", Q, 100 * n / d, float(n), float(d)) for i, (n, d) in enumerate(pairs)]
    ring = pl.DataFrame({"ags": [f"m{i}" for i in range(len(pairs))]})
    row = distribution(obs_frame(rows), ring, IND, Q).row(0, named=True)
    assert row["min"] - 1e-9 <= row["pooled"] <= row["max"] + 1e-9


@FAST
@given(values, seeds)
def test_positions_invariant_under_row_order(vals: list[float | None], seed: int) -> None:
    obs, ring = ring_of(vals)
    first = member_positions(obs, ring, IND, Q).sort("ags")
    again = member_positions(shuffled(obs, seed), shuffled(ring, seed + 1), IND, Q).sort("ags")
    assert_frame_equal(first, again)


@FAST
@given(values)
def test_bands_rise_with_the_value_and_outliers_sit_in_outer_bands(
    vals: list[float | None],
) -> None:
    obs, ring = ring_of(vals)
    out = member_positions(obs, ring, IND, Q).filter(pl.col("value").is_not_null())
    bands = out.sort("value")["quartile_band"].to_list()
    assert bands == sorted(bands)
    assert set(out.filter(pl.col("outlier"))["quartile_band"].to_list()) <= {1, 4}


@FAST
@given(values)
def test_direction_flips_the_assessment(vals: list[float | None]) -> None:
    obs, ring = ring_of(vals)
    up = member_positions(obs, ring, {"code": "X", "direction": "up"}, Q)["assessment"]
    down = member_positions(obs, ring, {"code": "X", "direction": "down"}, Q)["assessment"]
    neutral = member_positions(obs, ring, {"code": "X", "direction": "neutral"}, Q)["assessment"]
    swap = {"favourable": "unfavourable", "unfavourable": "favourable", "neutral": "neutral"}
    assert down.to_list() == [swap.get(a) if a else None for a in up.to_list()]
    assert set(neutral.drop_nulls().to_list()) <= {"neutral"}
    assert neutral.null_count() == up.null_count()


@FAST
@given(values, st.integers(-1000, 1000))
def test_robust_z_ignores_a_shift_and_direction_turns_the_sign(
    vals: list[float | None], shift: int
) -> None:
    obs, ring = ring_of(vals)
    catalogue = pl.DataFrame({"code": ["X"], "direction": ["up"], "kind": ["outcome"]})
    base = indicator_matrix(obs, ring, catalogue, Q).sort("ags")
    moved = indicator_matrix(obs.with_columns(pl.col("value") + shift), ring, catalogue, Q).sort("ags")
    assert_frame_equal(base.select("robust_z", "score"), moved.select("robust_z", "score"))
    flipped = indicator_matrix(obs, ring, catalogue.with_columns(pl.lit("down").alias("direction")),
                               Q).sort("ags")
    assert_frame_equal(flipped.select(-pl.col("score")), base.select("score"))


monthly = st.lists(
    st.tuples(st.sampled_from("abc"), st.sampled_from(["S", "M", "L"]), st.integers(1, 6),
              st.one_of(st.none(), st.integers(0, 100).map(float))),
    max_size=40, unique_by=lambda t: t[:3],
)
CATALOGUE = pl.DataFrame(
    {"code": ["S", "M", "L"], "aggregation": ["sum", "mean", "last"], "unit": ["Anzahl"] * 3}
)


@FAST
@given(monthly, seeds)
def test_quarterly_fold_by_hand_and_order_free(rows: list[tuple], seed: int) -> None:
    obs = obs_frame([(a, c, f"2024-{m:02d}", v) for a, c, m, v in rows])
    out = to_quarterly(obs, CATALOGUE)
    assert_frame_equal(
        out.sort("ags", "indicator_code", "period"),
        to_quarterly(shuffled(obs, seed), CATALOGUE).sort("ags", "indicator_code", "period"),
    )
    got = {(r["ags"], r["indicator_code"], r["period"]): r["value"] for r in out.iter_rows(named=True)}
    for (ags, code, quarter), value in got.items():
        first = 1 if quarter.endswith("Q1") else 4
        months = {m: v for a, c, m, v in rows if (a, c) == (ags, code) and first <= m < first + 3}
        present = [v for v in months.values() if v is not None]
        if code == "L":
            expected = months.get(first + 2)
        elif len(present) < 3:
            expected = None
        else:
            expected = sum(present) if code == "S" else sum(present) / 3
        assert value == expected


@FAST
@given(st.lists(st.one_of(st.none(), st.integers(0, 50).map(float)), min_size=12, max_size=12))
def test_ring_series_matches_the_distribution_of_each_period(vals: list[float | None]) -> None:
    membership = pl.DataFrame(
        {"ags": ["a", "b", "c"], "since": ["2015-01-01", "2024-04-01", "2015-01-01"],
         "until": [None, None, "2024-09-30"]}
    )
    quarters = ["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"]
    rows = [(a, "X", q, vals[i * 4 + j]) for i, a in enumerate("abc") for j, q in enumerate(quarters)]
    obs = obs_frame(rows)
    _series, ring = time_series(obs, membership, IND, quarters[0], quarters[-1])
    for q in quarters:
        expected = distribution(obs, members_at(membership, q), IND, q).drop(
            "indicator_code", "period")
        assert_frame_equal(ring.filter(pl.col("period") == q).drop("period"), expected,
                           check_dtypes=False)


@FAST
@given(monthly, seeds, st.lists(st.sampled_from("abcd"), max_size=3),
       st.sampled_from(["ags", "indicator_code"]))
def test_figures_for_same_on_sorted_and_unsorted_frames(
    rows: list[tuple], seed: int, ags: list[str], key: str
) -> None:
    obs = obs_frame([(a, c, f"2024-{m:02d}", v) for a, c, m, v in rows])
    ordered = obs.sort(key, "period")
    assert ordered[key].flags["SORTED_ASC"]  # the fast path is taken
    args = {"codes": ["S", "L"], "wanted": ["2024-Q2"], "ags": ags}
    fast = figures_for(ordered, CATALOGUE, **args).sort("ags", "indicator_code", "period")
    slow = figures_for(shuffled(obs, seed), CATALOGUE, **args).sort("ags", "indicator_code", "period")
    assert_frame_equal(fast, slow)
    expected = to_quarterly(obs, CATALOGUE).filter(
        pl.col("ags").is_in(ags) & pl.col("indicator_code").is_in(["S", "L"])
        & (pl.col("period") == "2024-Q2")
    ).sort("ags", "indicator_code", "period")
    assert_frame_equal(fast, expected)
