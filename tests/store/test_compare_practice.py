"""Practice effect: a difference in differences with the municipalities behind each figure."""

from __future__ import annotations

import polars as pl
import pytest

from store.compare import practice_effect
from store.compare.common import obs_frame
from store.compare.practice import adoption_period


@pytest.mark.parametrize(
    ("since", "quarterly", "expected"),
    [
        ("2024-04-01", True, "2024-Q2"),  # first day of a quarter: that quarter
        ("2024-04-02", True, "2024-Q3"),  # later: the next full quarter
        ("2024-12-31", True, "2025-Q1"),
        ("2024-05-01", False, "2024-05"),
        ("2024-05-15", False, "2024-06"),
        ("2024-12-02", False, "2025-01"),
    ],
)
def test_adoption_period(since: str, quarterly: bool, expected: str) -> None:
    assert adoption_period(since, quarterly) == expected


def series(ags: str, values: dict[str, float | None]) -> list[tuple]:
    return [(ags, "K", p, v) for p, v in values.items()]


# Window 2 around an adoption on 2024-04-01: before 2023-Q4, 2024-Q1; after 2024-Q2, 2024-Q3.
BEFORE, AFTER = ("2023-Q4", "2024-Q1"), ("2024-Q2", "2024-Q3")


def frame() -> pl.DataFrame:
    rows = series("A", dict(zip(BEFORE + AFTER, (10.0, 12.0, 15.0, 17.0), strict=True)))
    rows += series("B", dict(zip(BEFORE + AFTER, (20.0, 22.0, 21.0, 23.0), strict=True)))
    rows += series("C", dict(zip(BEFORE + AFTER, (30.0, 30.0, 31.0, 33.0), strict=True)))
    rows += series("D", dict(zip(BEFORE, (1.0, 1.0), strict=True)))  # nothing after: left out
    rows += series("E", {"2024-Q1": 5.0, "2024-Q2": 5.0})  # adopter without figures after
    rows += series("F", dict(zip(BEFORE + AFTER, (0.0, 0.0, 90.0, 90.0), strict=True)))
    rows += [("B", "OTHER", "2024-Q2", 1000.0)]
    return obs_frame(rows)


ADOPTIONS = pl.DataFrame(
    {
        "ags": ["A", "E", "F"],
        "since": ["2024-04-01", "2024-05-15", "2024-04-01"],  # F is no candidate
    }
)
CANDIDATES = pl.DataFrame({"ags": ["A", "B", "C", "D", "E"]})


def test_difference_in_differences_by_hand() -> None:
    out = practice_effect(frame(), ADOPTIONS, CANDIDATES, "K", window=2)
    got = {r["group"]: r for r in out.iter_rows(named=True)}
    # A: before (10 + 12)/2 = 11, after (15 + 17)/2 = 16. E has no figures after 2024-Q3's
    # adoption, so it cannot tell anything.
    assert (got["adopters"]["before"], got["adopters"]["after"]) == (11.0, 16.0)
    assert got["adopters"]["change"] == pytest.approx(5.0)
    assert got["adopters"]["n"] == 1
    # Others over A's windows: B 21 → 22, C 30 → 32; D lacks the after window.
    assert got["others"]["before"] == pytest.approx((21 + 30) / 2)
    assert got["others"]["after"] == pytest.approx((22 + 32) / 2)
    assert got["others"]["change"] == pytest.approx(1.5)
    assert got["others"]["n"] == 2
    assert got["difference"]["change"] == pytest.approx(5.0 - 1.5)
    assert got["difference"]["n"] == 3
    assert got["difference"]["before"] is None


def test_missing_values_are_skipped_not_zero() -> None:
    obs = frame().with_columns(
        pl.when((pl.col("ags") == "A") & (pl.col("period") == "2024-Q3"))
        .then(None).otherwise(pl.col("value")).alias("value")
    )
    out = practice_effect(obs, ADOPTIONS, CANDIDATES, "K", window=2)
    adopters = out.row(0, named=True)
    assert (adopters["before"], adopters["after"]) == (11.0, 15.0)


def test_two_adopters_average_their_own_calendar_windows() -> None:
    # G adopts a year later; the others are averaged over G's windows for G.
    rows = series("A", dict(zip(BEFORE + AFTER, (10.0, 10.0, 14.0, 14.0), strict=True)))
    rows += series("G", {"2024-Q4": 50.0, "2025-Q1": 50.0, "2025-Q2": 52.0, "2025-Q3": 52.0})
    rows += series("B", {"2023-Q4": 1.0, "2024-Q1": 1.0, "2024-Q2": 2.0, "2024-Q3": 2.0,
                         "2024-Q4": 3.0, "2025-Q1": 3.0, "2025-Q2": 7.0, "2025-Q3": 7.0})
    adoptions = pl.DataFrame({"ags": ["A", "G"], "since": ["2024-04-01", "2025-04-01"]})
    candidates = pl.DataFrame({"ags": ["A", "G", "B"]})
    out = practice_effect(obs_frame(rows), adoptions, candidates, "K", window=2)
    got = {r["group"]: r for r in out.iter_rows(named=True)}
    assert (got["adopters"]["before"], got["adopters"]["after"]) == ((10 + 50) / 2, (14 + 52) / 2)
    assert got["adopters"]["change"] == pytest.approx(3.0)  # (4 + 2) / 2
    # B: 1 → 2 for A's windows, 3 → 7 for G's windows.
    assert (got["others"]["before"], got["others"]["after"]) == ((1 + 3) / 2, (2 + 7) / 2)
    assert got["others"]["change"] == pytest.approx(2.5)
    assert got["difference"]["change"] == pytest.approx(0.5)
    assert (got["adopters"]["n"], got["others"]["n"]) == (2, 1)


def test_no_comparison_possible() -> None:
    only_adopters = pl.DataFrame({"ags": ["A"]})
    out = practice_effect(frame(), ADOPTIONS, only_adopters, "K", window=2)
    assert out["n"].to_list() == [0, 0, 0]
    assert out["change"].to_list() == [None, None, None]
    nobody = practice_effect(frame(), ADOPTIONS.clear(), CANDIDATES, "K", window=2)
    assert nobody["group"].to_list() == ["adopters", "others", "difference"]
    assert nobody["n"].to_list() == [0, 0, 0]
