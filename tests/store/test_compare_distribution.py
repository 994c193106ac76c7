"""Ring distribution, membership as of a period and reference groups, against hand-computed figures."""

from __future__ import annotations

import math

import polars as pl
import pytest

from store.compare import distribution, member_positions, members_at, reference_distributions
from store.compare.common import obs_frame

Q = "2024-Q2"
PCT = {"code": "X", "unit": "%", "direction": "up"}


def members(*ags: str) -> pl.DataFrame:
    return pl.DataFrame({"ags": list(ags)})


def ring_obs() -> pl.DataFrame:
    # Sorted values 1, 2, 4, 6, 7, 10 (n = 6); numerators/denominators give the same values
    # with unequal weights so that the pooled rate differs from the mean.
    return obs_frame([
        ("a", "X", Q, 10.0, 1.0, 10.0),
        ("b", "X", Q, 2.0, 2.0, 100.0),
        ("c", "X", Q, 7.0, 7.0, 100.0),
        ("d", "X", Q, 4.0, 4.0, 100.0),
        ("e", "X", Q, 1.0, 1.0, 100.0),
        ("f", "X", Q, 6.0, 12.0, 200.0),
        ("g", "X", Q, None, None, None, "missing"),  # delivered as missing
        # h: no row at all
        ("x", "X", Q, 1000.0, 1.0, 1.0),  # not a member
        ("a", "X", "2024-Q1", 500.0),  # another period
        ("a", "Y", Q, 500.0),  # another indicator
    ])


def test_distribution_hand_computed() -> None:
    row = distribution(ring_obs(), members(*"abcdefgh"), PCT, Q).row(0, named=True)
    assert row["n"] == 6
    assert row["missing"] == 2  # g (missing row) and h (no row): never counted as 0
    assert row["min"] == 1.0 and row["max"] == 10.0
    # Linear interpolation on sorted 1, 2, 4, 6, 7, 10: positions (n−1)·p = 1.25, 2.5, 3.75.
    assert row["q1"] == pytest.approx(2 + 0.25 * (4 - 2))  # 2.5
    assert row["median"] == pytest.approx(4 + 0.5 * (6 - 4))  # 5.0
    assert row["q3"] == pytest.approx(6 + 0.75 * (7 - 6))  # 6.75
    assert row["mean"] == pytest.approx(30 / 6)
    assert row["pooled"] == pytest.approx((1 + 2 + 7 + 4 + 1 + 12) / (10 + 100 * 4 + 200) * 100)
    assert row["too_few"] is False
    assert row["indicator_code"] == "X" and row["period"] == Q


def test_pooled_scale_depends_on_unit() -> None:
    count = {"code": "X", "unit": "Anzahl", "direction": "up"}
    row = distribution(ring_obs(), members(*"abcdef"), count, Q).row(0, named=True)
    assert row["pooled"] == pytest.approx(27 / 610)


def test_pooled_needs_numerators_of_every_member_with_a_value() -> None:
    obs = ring_obs().with_columns(
        pl.when(pl.col("ags") == "b").then(None).otherwise(pl.col("numerator")).alias("numerator")
    )
    row = distribution(obs, members(*"abcdef"), PCT, Q).row(0, named=True)
    assert row["n"] == 6 and row["pooled"] is None
    no_ratios = obs_frame([(a, "X", Q, v) for a, v in zip("abc", (1.0, 2.0, 3.0), strict=True)])
    assert distribution(no_ratios, members(*"abc"), PCT, Q)["pooled"][0] is None


def test_pooled_ignores_ratio_of_a_member_without_value_and_zero_denominators() -> None:
    obs = obs_frame([
        ("a", "X", Q, 10.0, 1.0, 10.0),
        ("b", "X", Q, 20.0, 4.0, 20.0),
        ("c", "X", Q, None, 50.0, 50.0, "confidential"),  # counts known, value withheld
    ])
    row = distribution(obs, members("a", "b", "c"), PCT, Q).row(0, named=True)
    assert (row["n"], row["missing"]) == (2, 1)
    assert row["pooled"] == pytest.approx(5 / 30 * 100)
    zero = obs_frame([("a", "X", Q, 0.0, 0.0, 0.0), ("b", "X", Q, 0.0, 0.0, 0.0)])
    assert distribution(zero, members("a", "b"), PCT, Q)["pooled"][0] is None


@pytest.mark.parametrize(
    ("values", "too_few", "median", "q1", "q3"),
    [
        ([3.0], True, 3.0, 3.0, 3.0),
        ([3.0, 5.0], True, 4.0, 3.5, 4.5),
        ([3.0, 5.0, 9.0], False, 5.0, 4.0, 7.0),
    ],
)
def test_too_few_flag_keeps_the_statistics(values, too_few, median, q1, q3) -> None:
    obs = obs_frame([(f"m{i}", "X", Q, v) for i, v in enumerate(values)])
    row = distribution(obs, members(*(f"m{i}" for i in range(len(values)))), PCT, Q).row(
        0, named=True
    )
    assert row["n"] == len(values)
    assert row["too_few"] is too_few
    assert (row["median"], row["q1"], row["q3"]) == (median, q1, q3)


def test_no_values_at_all() -> None:
    row = distribution(obs_frame([]), members("a", "b"), PCT, Q).row(0, named=True)
    assert (row["n"], row["missing"], row["too_few"]) == (0, 2, True)
    assert row["median"] is None and row["mean"] is None and row["pooled"] is None


def test_nan_is_missing_not_a_value() -> None:
    obs = obs_frame([("a", "X", Q, 1.0), ("b", "X", Q, math.nan), ("c", "X", Q, 3.0)])
    row = distribution(obs, members("a", "b", "c"), PCT, Q).row(0, named=True)
    assert (row["n"], row["missing"], row["median"], row["max"]) == (2, 1, 2.0, 3.0)


MEMBERSHIP = pl.DataFrame(
    {
        "ags": ["a", "b", "c", "d", "e", "f", "f"],
        "since": ["2015-01-01", "2023-01-01", "2015-01-01", "2015-01-01", "2023-03-31",
                  "2015-01-01", "2023-04-01"],
        "until": [None, None, "2023-12-31", "2023-11-15", None, "2020-12-31", None],
        "name": ["A", "B", "C", "D", "E", "F", "F"],
    }
)


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("2022-Q4", {"a", "c", "d"}),
        ("2023-Q1", {"a", "b", "c", "d", "e"}),  # e joined on the quarter's last day
        ("2023-Q2", {"a", "b", "c", "d", "e", "f"}),  # f came back
        ("2023-Q4", {"a", "b", "c", "e", "f"}),  # c's last day is 31 Dec; d left in November
        ("2024-Q1", {"a", "b", "e", "f"}),
        ("2023-11", {"a", "b", "c", "e", "f"}),  # monthly: d left before 30 Nov
        ("2023-10", {"a", "b", "c", "d", "e", "f"}),
    ],
)
def test_members_as_of_the_end_of_a_period(period: str, expected: set[str]) -> None:
    found = members_at(MEMBERSHIP, period)
    assert set(found["ags"]) == expected
    assert found["ags"].is_unique().all()
    assert "name" in found.columns


def test_distribution_follows_membership_changes() -> None:
    obs = obs_frame(
        [(a, "X", p, v) for p in ("2023-Q4", "2024-Q1") for a, v in
         zip("abcdef", (1.0, 2.0, 3.0, 4.0, 5.0, 6.0), strict=True)]
    )
    before = distribution(obs, members_at(MEMBERSHIP, "2023-Q4"), PCT, "2023-Q4").row(0, named=True)
    after = distribution(obs, members_at(MEMBERSHIP, "2024-Q1"), PCT, "2024-Q1").row(0, named=True)
    assert (before["n"], before["median"], before["mean"]) == (5, 3.0, (1 + 2 + 3 + 5 + 6) / 5)
    assert (after["n"], after["median"], after["mean"]) == (4, 3.5, (1 + 2 + 5 + 6) / 4)


MUNICIPALITIES = pl.DataFrame(
    {
        "ags": ["m1", "m2", "m3", "m4", "m5", "m6"],
        "carrier": ["zkT", "zkT", "zkT", "gE", "gE", "gE"],
        "comparison_type": ["T1", "T1", "T2", "T1", "T2", None],
    }
)
REF_OBS = obs_frame(
    [(a, "X", Q, v) for a, v in zip(MUNICIPALITIES["ags"], (1.0, 2.0, 3.0, 10.0, 20.0, 30.0),
                                     strict=True)]
)


def test_reference_distributions_by_carrier_type_and_all() -> None:
    refs = reference_distributions(REF_OBS, MUNICIPALITIES, PCT, Q)
    got = {(r["group"], r["key"]): r for r in refs.iter_rows(named=True)}
    assert set(got) == {("zkT", "zkT"), ("gE", "gE"), ("type", "T1"), ("type", "T2"),
                        ("type", "–"), ("all", "all")}
    assert (got["zkT", "zkT"]["n"], got["zkT", "zkT"]["median"]) == (3, 2.0)
    assert (got["gE", "gE"]["n"], got["gE", "gE"]["median"]) == (3, 20.0)
    assert got["type", "T1"]["median"] == 2.0  # 1, 2, 10
    t2 = got["type", "T2"]
    assert (t2["n"], t2["median"], t2["too_few"]) == (2, 11.5, True)  # 3, 20
    assert got["type", "–"]["n"] == 1  # no Vergleichstyp recorded
    everyone = got["all", "all"]  # 1, 2, 3, 10, 20, 30
    assert (everyone["n"], everyone["median"]) == (6, 6.5)
    assert everyone["q1"] == pytest.approx(2 + 0.25 * 1)
    assert everyone["q3"] == pytest.approx(10 + 0.75 * 10)


@pytest.mark.parametrize(
    ("reference", "expected"),
    [
        # m1 is a zkT of type T1, m3 a zkT of type T2, m5 a gE of type T2.
        ("ring", {"m1": 1 - 3.0, "m3": 0.0, "m5": 20 - 3.0}),
        ("zkT", {"m1": 1 - 2.0, "m3": 3 - 2.0, "m5": 20 - 2.0}),
        ("gE", {"m1": 1 - 20.0, "m3": 3 - 20.0, "m5": 0.0}),
        ("type", {"m1": 1 - 2.0, "m3": 3 - 11.5, "m5": 20 - 11.5}),  # each against its own type
        ("all", {"m1": 1 - 6.5, "m3": 3 - 6.5, "m5": 20 - 6.5}),
    ],
)
def test_positions_against_reference_groups(reference: str, expected: dict[str, float]) -> None:
    ring = members("m1", "m3", "m5")
    out = member_positions(REF_OBS, ring, PCT, Q, reference, MUNICIPALITIES)
    assert dict(zip(out["ags"], out["deviation"], strict=True)) == pytest.approx(expected)


def test_reference_groups_need_the_municipalities() -> None:
    with pytest.raises(ValueError, match="municipalities"):
        member_positions(REF_OBS, members("m1"), PCT, Q, "zkT")
    with pytest.raises(ValueError, match="unknown reference"):
        member_positions(REF_OBS, members("m1"), PCT, Q, "rank")
