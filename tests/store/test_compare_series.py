"""Monthly → quarterly folding by catalogue rule, and time series per member and for the ring."""

from __future__ import annotations

import math

import polars as pl
import pytest

from store.compare import time_series, to_quarterly
from store.compare.common import obs_frame
from store.compare.series import figures_for

CATALOGUE = pl.DataFrame(
    {
        "code": ["L", "S", "M", "P", "C"],
        "aggregation": ["last", "sum", "mean", "pooled", "pooled"],
        "unit": ["%", "Anzahl", "%", "%", "Anzahl"],
    }
)
JAN, FEB, MAR = "2024-01", "2024-02", "2024-03"


def folded(rows: list[tuple]) -> dict[tuple[str, str, str], dict]:
    out = to_quarterly(obs_frame(rows), CATALOGUE)
    return {(r["ags"], r["indicator_code"], r["period"]): r for r in out.iter_rows(named=True)}


def test_each_rule_on_a_complete_quarter() -> None:
    got = folded([
        ("a", "L", JAN, 10.0, 1.0, 10.0), ("a", "L", FEB, 11.0, 1.1, 10.0),
        ("a", "L", MAR, 12.0, 1.2, 10.0, "provisional"),
        ("a", "S", JAN, 5.0), ("a", "S", FEB, 6.0, None, None, "estimated"),
        ("a", "S", MAR, 7.0, None, None, "provisional"),
        ("a", "M", JAN, 3.0), ("a", "M", FEB, 4.0), ("a", "M", MAR, 8.0),
        ("a", "P", JAN, 10.0, 1.0, 10.0), ("a", "P", FEB, 20.0, 2.0, 10.0),
        ("a", "P", MAR, 30.0, 6.0, 20.0),
        ("a", "C", JAN, 0.1, 1.0, 10.0), ("a", "C", FEB, 0.2, 2.0, 10.0),
        ("a", "C", MAR, 0.3, 6.0, 20.0),
    ])
    assert set(got) == {("a", c, "2024-Q1") for c in "LSMPC"}
    last = got["a", "L", "2024-Q1"]
    assert (last["value"], last["numerator"], last["denominator"], last["status"]) == (
        12.0, 1.2, 10.0, "provisional")
    total = got["a", "S", "2024-Q1"]
    assert (total["value"], total["status"]) == (18.0, "estimated")  # most cautionary month
    assert got["a", "M", "2024-Q1"]["value"] == pytest.approx(5.0)
    pooled = got["a", "P", "2024-Q1"]
    assert pooled["value"] == pytest.approx(9 / 40 * 100)  # not the mean of months (20)
    assert (pooled["numerator"], pooled["denominator"]) == (9.0, 40.0)
    assert got["a", "C", "2024-Q1"]["value"] == pytest.approx(9 / 40)  # no ×100 for counts


def test_incomplete_quarter_is_missing_not_partial() -> None:
    got = folded([
        (c, code, month, 4.0, 1.0, 10.0) for c in ("b",) for code in "LSMP" for month in (JAN, FEB)
    ])
    for code in "LSMP":
        row = got["b", code, "2024-Q1"]
        assert row["value"] is None, code
        assert row["status"] == "missing", code


def test_last_rule_needs_only_the_third_month() -> None:
    got = folded([("a", "L", "2024-06", 7.0)])
    assert got["a", "L", "2024-Q2"]["value"] == 7.0


def test_confidential_month_keeps_its_status() -> None:
    got = folded([
        ("c", "S", JAN, 5.0), ("c", "S", FEB, None, None, None, "confidential"),
        ("c", "S", MAR, 7.0),
        ("c", "L", MAR, None, None, None, "confidential"),
        ("c", "M", JAN, 1.0), ("c", "M", FEB, math.nan), ("c", "M", MAR, 3.0),
    ])
    assert got["c", "S", "2024-Q1"]["value"] is None
    assert got["c", "S", "2024-Q1"]["status"] == "confidential"
    assert got["c", "L", "2024-Q1"]["status"] == "confidential"
    # NaN is a missing month, so the mean is not taken over two months.
    assert got["c", "M", "2024-Q1"]["value"] is None


def test_stored_quarterly_rows_win_and_unknown_codes_fold_by_last() -> None:
    got = folded([
        ("a", "L", JAN, 1.0), ("a", "L", FEB, 2.0), ("a", "L", MAR, 3.0),
        ("a", "L", "2024-Q1", 99.0),
        ("a", "Z", JAN, 1.0), ("a", "Z", MAR, 3.0),
        ("a", "S", "2023-Q4", 42.0),
    ])
    assert got["a", "L", "2024-Q1"]["value"] == 99.0
    assert got["a", "Z", "2024-Q1"]["value"] == 3.0
    assert got["a", "S", "2023-Q4"]["value"] == 42.0
    assert len(got) == 3


def test_figures_for_picks_before_folding() -> None:
    rows = [("a", code, f"2024-{m:02d}", float(m)) for code in "LS" for m in range(1, 10)]
    rows += [("b", "L", f"2024-{m:02d}", 100.0 + m) for m in range(1, 10)]
    obs = obs_frame(rows)
    got = figures_for(obs, CATALOGUE, codes=["L"], wanted=["2024-Q2"], ags=["a"])
    assert got.select("ags", "indicator_code", "period", "value").rows() == [
        ("a", "L", "2024-Q2", 6.0)]
    spanned = figures_for(obs, CATALOGUE, codes=["S"], between=("2024-Q2", "2024-Q3"))
    assert sorted(spanned.select("period", "value").rows()) == [
        ("2024-Q2", 4.0 + 5 + 6), ("2024-Q3", 7.0 + 8 + 9)]


MEMBERSHIP = pl.DataFrame(
    {
        "ags": ["a", "b", "c", "d"],
        "since": ["2015-01-01", "2015-01-01", "2024-04-01", "2015-01-01"],
        "until": [None, "2024-06-30", None, "2020-12-31"],
    }
)


def test_time_series_per_member_and_ring() -> None:
    obs = obs_frame([
        ("a", "X", "2024-Q1", 1.0), ("b", "X", "2024-Q1", 2.0), ("c", "X", "2024-Q1", 100.0),
        ("d", "X", "2024-Q1", 50.0),
        ("a", "X", "2024-Q2", 2.0, None, None, "provisional"), ("b", "X", "2024-Q2", 4.0),
        ("c", "X", "2024-Q2", 6.0),
        ("b", "X", "2024-Q3", 9.0), ("c", "X", "2024-Q3", 5.0),
        ("a", "X", "2025-Q1", 77.0),  # outside the range
    ])
    series, ring = time_series(obs, MEMBERSHIP, {"code": "X", "unit": "%"}, "2024-Q1", "2024-Q3")
    # d was no member in the range; a, b and c are, each in some of its periods.
    assert series.select("ags", "period", "is_member", "value", "status").rows() == [
        ("a", "2024-Q1", True, 1.0, "final"),
        ("a", "2024-Q2", True, 2.0, "provisional"),
        ("a", "2024-Q3", True, None, "missing"),
        ("b", "2024-Q1", True, 2.0, "final"),
        ("b", "2024-Q2", True, 4.0, "final"),
        ("b", "2024-Q3", False, 9.0, "final"),
        ("c", "2024-Q1", False, 100.0, "final"),
        ("c", "2024-Q2", True, 6.0, "final"),
        ("c", "2024-Q3", True, 5.0, "final"),
    ]
    by_period = {r["period"]: r for r in ring.iter_rows(named=True)}
    assert ring["period"].to_list() == ["2024-Q1", "2024-Q2", "2024-Q3"]
    q1, q2, q3 = (by_period[p] for p in ("2024-Q1", "2024-Q2", "2024-Q3"))
    assert (q1["n"], q1["median"], q1["too_few"]) == (2, 1.5, True)  # a, b (c not yet)
    assert (q2["n"], q2["min"], q2["q1"], q2["median"], q2["q3"], q2["max"]) == (
        3, 2.0, 3.0, 4.0, 5.0, 6.0)
    assert q2["too_few"] is False
    assert (q3["n"], q3["missing"], q3["median"]) == (1, 1, 5.0)  # b left; a delivered nothing


def test_period_without_members() -> None:
    membership = pl.DataFrame({"ags": ["a"], "since": ["2024-04-01"], "until": [None]},
                              schema={"ags": pl.String, "since": pl.String, "until": pl.String})
    obs = obs_frame([("a", "X", "2024-Q1", 1.0), ("a", "X", "2024-Q2", 2.0)])
    _series, ring = time_series(obs, membership, {"code": "X"}, "2024-Q1", "2024-Q2")
    first = ring.row(0, named=True)
    assert (first["n"], first["missing"], first["too_few"], first["median"]) == (0, 0, True, None)
    assert ring.row(1, named=True)["median"] == 2.0
