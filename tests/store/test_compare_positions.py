"""Member positions: deviation, quartile band, outliers, changes, status and assessment by hand."""

from __future__ import annotations

import polars as pl
import pytest

from store.compare import member_positions
from store.compare.common import obs_frame

Q, PREV, YEAR = "2024-Q2", "2024-Q1", "2023-Q2"
RING = pl.DataFrame({"ags": list("abcdefghi"), "name": [f"Kommune {c.upper()}" for c in "abcdefghi"]})


def ring_obs() -> pl.DataFrame:
    # Sorted values 1, 2, 4, 5, 6, 8, 40 (n = 7): q1 = 3 (position 1.5), median = 5,
    # q3 = 7 (position 4.5), IQR = 4, fences −3 and 13 → only 40 is an outlier.
    return obs_frame([
        ("a", "X", Q, 1.0, None, None, "provisional"),
        ("b", "X", Q, 2.0, None, None, "estimated"),
        ("c", "X", Q, 4.0, None, None, "revised"),
        ("d", "X", Q, 5.0),
        ("e", "X", Q, 6.0),
        ("f", "X", Q, 8.0),
        ("g", "X", Q, 40.0),
        ("h", "X", Q, None, None, None, "confidential"),
        # i: nothing delivered
        ("a", "X", PREV, 2.0), ("b", "X", PREV, 2.0), ("g", "X", PREV, 30.0),
        ("a", "X", YEAR, 0.5), ("e", "X", YEAR, 5.0),
        ("c", "X", "2023-Q1", 100.0),  # neither previous quarter nor a year earlier
    ])


def positions(direction: str) -> dict[str, dict]:
    out = member_positions(ring_obs(), RING, {"code": "X", "unit": "%", "direction": direction}, Q)
    return {r["ags"]: r for r in out.iter_rows(named=True)}


def test_reference_statistics_and_deviation() -> None:
    got = positions("down")
    assert all(r["ref_median"] == 5.0 and r["ref_q1"] == 3.0 and r["ref_q3"] == 7.0
               for r in got.values())
    assert {r["ref_n"] for r in got.values()} == {7}
    expected = {"a": -4.0, "b": -3.0, "c": -1.0, "d": 0.0, "e": 1.0, "f": 3.0, "g": 35.0}
    for ags, deviation in expected.items():
        assert got[ags]["deviation"] == pytest.approx(deviation)
        assert got[ags]["deviation_pct"] == pytest.approx(deviation / 5.0 * 100)
    for ags in "hi":
        assert got[ags]["value"] is None and got[ags]["deviation"] is None


def test_quartile_bands_and_outlier() -> None:
    got = positions("up")
    bands = {ags: r["quartile_band"] for ags, r in got.items()}
    # ≤ q1 = 3 → 1; ≤ median 5 → 2; ≤ q3 = 7 → 3; above → 4.
    assert bands == {"a": 1, "b": 1, "c": 2, "d": 2, "e": 3, "f": 4, "g": 4, "h": None, "i": None}
    assert {ags for ags, r in got.items() if r["outlier"]} == {"g"}


def test_changes_against_previous_quarter_and_year() -> None:
    got = positions("up")
    assert got["a"]["change_previous"] == pytest.approx(-1.0)
    assert got["b"]["change_previous"] == pytest.approx(0.0)
    assert got["g"]["change_previous"] == pytest.approx(10.0)
    assert got["c"]["change_previous"] is None  # no figure a quarter earlier
    assert got["a"]["change_year"] == pytest.approx(0.5)
    assert got["e"]["change_year"] == pytest.approx(1.0)
    assert got["c"]["change_year"] is None
    assert got["a"]["value_previous"] == 2.0 and got["e"]["value_year_ago"] == 5.0


def test_status_is_carried_through() -> None:
    got = positions("up")
    assert {ags: r["status"] for ags, r in got.items()} == {
        "a": "provisional", "b": "estimated", "c": "revised", "d": "final", "e": "final",
        "f": "final", "g": "final", "h": "confidential", "i": "missing",
    }


@pytest.mark.parametrize(
    ("direction", "expected"),
    [
        # One rule with the ring screen: judged from one robust deviation on. Absolute
        # deviations 4 3 1 0 1 3 35 → MAD 3, scale 1.4826 × 3 = 4.45: only g (+35) is judged.
        ("down", {"a": "neutral", "b": "neutral", "c": "neutral", "d": "neutral",
                  "e": "neutral", "f": "neutral", "g": "unfavourable"}),
        ("up", {"a": "neutral", "b": "neutral", "c": "neutral", "d": "neutral",
                "e": "neutral", "f": "neutral", "g": "favourable"}),
        ("neutral", dict.fromkeys("abcdefg", "neutral")),
    ],
)
def test_direction_aware_assessment(direction: str, expected: dict[str, str]) -> None:
    got = positions(direction)
    assert {ags: got[ags]["assessment"] for ags in expected} == expected
    assert got["h"]["assessment"] is None and got["i"]["assessment"] is None


def test_members_keep_their_columns_and_order() -> None:
    out = member_positions(ring_obs(), RING, {"code": "X", "direction": "up"}, Q)
    assert out["ags"].to_list() == list("abcdefghi")
    assert out["name"].to_list() == RING["name"].to_list()
    assert "rank" not in " ".join(out.columns)


def test_negative_and_zero_median() -> None:
    obs = obs_frame([("a", "X", Q, -4.0), ("b", "X", Q, -2.0), ("c", "X", Q, -1.0)])
    ring = pl.DataFrame({"ags": ["a", "b", "c"]})
    out = member_positions(obs, ring, {"code": "X", "direction": "up"}, Q)
    pct = dict(zip(out["ags"], out["deviation_pct"], strict=True))
    # Relative to the size of the median (2): −2 → −100 %, +1 → +50 %.
    assert pct == pytest.approx({"a": -100.0, "b": 0.0, "c": 50.0})
    zero = obs_frame([("a", "X", Q, -1.0), ("b", "X", Q, 0.0), ("c", "X", Q, 1.0)])
    out = member_positions(zero, ring, {"code": "X", "direction": "up"}, Q)
    assert out["deviation_pct"].to_list() == [None, None, None]
    assert out["deviation"].to_list() == [-1.0, 0.0, 1.0]


def test_too_few_values_judge_nothing() -> None:
    obs = obs_frame([("a", "X", Q, 1.0), ("b", "X", Q, 100.0)])
    ring = pl.DataFrame({"ags": ["a", "b", "c"]})
    out = member_positions(obs, ring, {"code": "X", "direction": "up"}, Q)
    assert out["too_few"].to_list() == [True, True, True]
    assert out["deviation"].to_list() == [-49.5, 49.5, None]
    assert out["assessment"].to_list() == ["neutral", "neutral", None]
    assert out["outlier"].to_list() == [False, False, False]


def test_empty_reference_group_gives_no_band() -> None:
    municipalities = pl.DataFrame(
        {"ags": ["a", "b"], "carrier": ["gE", "gE"], "comparison_type": ["T", "T"]}
    )
    obs = obs_frame([("a", "X", Q, 1.0), ("b", "X", Q, 2.0)])
    out = member_positions(obs, pl.DataFrame({"ags": ["a"]}), {"code": "X", "direction": "up"},
                           Q, "zkT", municipalities)
    row = out.row(0, named=True)
    assert row["value"] == 1.0
    assert row["ref_median"] is None and row["quartile_band"] is None
    assert row["assessment"] is None and row["outlier"] is False


def test_monthly_periods_compare_with_previous_month_and_twelve_months_earlier() -> None:
    obs = obs_frame([
        ("a", "X", "2024-03", 5.0), ("a", "X", "2024-02", 4.0), ("a", "X", "2023-03", 1.0),
        ("b", "X", "2024-03", 6.0), ("c", "X", "2024-03", 7.0),
    ])
    out = member_positions(obs, pl.DataFrame({"ags": ["a", "b", "c"]}),
                           {"code": "X", "direction": "up"}, "2024-03")
    row = out.row(0, named=True)
    assert (row["change_previous"], row["change_year"], row["deviation"]) == (1.0, 4.0, -1.0)


def test_assessment_starts_at_one_robust_deviation() -> None:
    # 0 4 5 6 10: median 5, MAD 1, scale 1.4826: 4 and 6 stay neutral, 0 and 10 are judged.
    obs = obs_frame([(a, "X", Q, v) for a, v in zip("abcde", (0.0, 4.0, 5.0, 6.0, 10.0),
                                                      strict=True)])
    members = pl.DataFrame({"ags": list("abcde")})
    out = member_positions(obs, members, {"code": "X", "direction": "up"}, Q)
    assert out["assessment"].to_list() == [
        "unfavourable", "neutral", "neutral", "neutral", "favourable"]
