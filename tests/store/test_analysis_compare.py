"""store.analysis on real databases: its figures agree with a computation by hand from raw rows."""

from __future__ import annotations

import statistics
from pathlib import Path

import polars as pl
import pytest

from store import analysis, candidates
from store.db import open_store
from tui.kit.texts.reasons import reason_text

RING = 1  # Ländliche Optionskommunen West
PERIOD = "2024-Q3"  # Landkreis Moosbrück (90910) delivered no K2 figure this quarter


def raw_members(store, ring_id: int, period_end: str) -> list[str]:
    rows = store._rows(
        "SELECT ags FROM ring_members WHERE ring_id = ? AND since <= ?"
        " AND (until IS NULL OR until >= ?)", (ring_id, period_end, period_end))
    return sorted(r["ags"] for r in rows)


def raw_figures(store, code: str, period: str) -> dict[str, dict]:
    rows = store._rows(
        "SELECT ags, value, numerator, denominator, status FROM observations"
        " WHERE indicator_code = ? AND period = ?", (code, period))
    return {r["ags"]: r for r in rows}


@pytest.fixture
def store(sample_db: Path):
    s = open_store(sample_db, readonly=True)
    yield s
    s.close()


def test_ring_snapshot_agrees_with_raw_rows(store) -> None:
    members = raw_members(store, RING, "2024-09-30")
    now = raw_figures(store, "K2", PERIOD)
    values = [now[a]["value"] for a in members if a in now and now[a]["value"] is not None]
    q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
    mad = statistics.median(abs(v - statistics.median(values)) for v in values)

    dist, positions = analysis.ring_snapshot(store, RING, "K2", PERIOD)

    assert len(members) == 10 and len(values) == 9
    assert (dist["n"], dist["missing"]) == (9, 1)
    assert dist["median"] == pytest.approx(statistics.median(values))
    assert (dist["q1"], dist["q3"]) == (pytest.approx(q1), pytest.approx(q3))
    assert dist["mean"] == pytest.approx(statistics.fmean(values))
    assert (dist["min"], dist["max"]) == (min(values), max(values))
    with_value = [now[a] for a in members if a in now and now[a]["value"] is not None]
    assert dist["pooled"] == pytest.approx(
        sum(r["numerator"] for r in with_value) / sum(r["denominator"] for r in with_value) * 100)

    previous, year_ago = raw_figures(store, "K2", "2024-Q2"), raw_figures(store, "K2", "2023-Q3")
    assert sorted(positions["ags"]) == members
    for row in positions.iter_rows(named=True):
        raw = now.get(row["ags"])
        if raw is None or raw["value"] is None:
            assert row["value"] is None and row["deviation"] is None
            assert row["status"] == "missing"
            continue
        assert row["value"] == raw["value"] and row["status"] == raw["status"]
        assert row["deviation"] == pytest.approx(raw["value"] - median)
        assert row["change_previous"] == pytest.approx(raw["value"] - previous[row["ags"]]["value"])
        assert row["change_year"] == pytest.approx(raw["value"] - year_ago[row["ags"]]["value"])
        expected = "favourable" if raw["value"] > median else "unfavourable"  # K2: up
        judged = abs(raw["value"] - median) >= 1.4826 * mad  # one robust deviation on
        assert row["assessment"] == (expected if judged else "neutral")


def test_membership_change_shows_in_the_snapshot(store) -> None:
    # Kreis Feldmark (90504) left at the end of 2023; Kreis Nordhalde (90511) joined in 2023.
    before = analysis.ring_snapshot(store, RING, "K2", "2022-Q4")[1]
    last_of_feldmark = analysis.ring_snapshot(store, RING, "K2", "2023-Q4")[1]
    after = analysis.ring_snapshot(store, RING, "K2", "2024-Q1")[1]
    assert "90511" not in before["ags"] and "90504" in before["ags"]
    assert {"90504", "90511"} <= set(last_of_feldmark["ags"])
    assert "90504" not in after["ags"] and "90511" in after["ags"]


def test_reference_group_against_raw_rows(store) -> None:
    carriers = {r["ags"]: r["carrier"] for r in store._rows("SELECT ags, carrier FROM municipalities")}
    now = raw_figures(store, "K2", PERIOD)
    ge_values = [r["value"] for a, r in now.items() if carriers[a] == "gE" and r["value"] is not None]
    _dist, positions = analysis.ring_snapshot(store, RING, "K2", PERIOD, reference="gE")
    assert positions["ref_median"].to_list() == pytest.approx(
        [statistics.median(ge_values)] * positions.height)
    assert set(positions["ref_n"].to_list()) == {len(ge_values)}
    refs = analysis.reference_groups(store, "K2", PERIOD)
    everyone = refs.filter(pl.col("group") == "all").row(0, named=True)
    all_values = [r["value"] for r in now.values() if r["value"] is not None]
    assert (everyone["n"], everyone["median"]) == (len(all_values), statistics.median(all_values))


def test_matrix_cell_by_hand(store) -> None:
    members = raw_members(store, RING, "2024-09-30")
    now = raw_figures(store, "K3E2", PERIOD)
    values = {a: now[a]["value"] for a in members}
    median = statistics.median(values.values())
    mad = statistics.median(abs(v - median) for v in values.values())
    matrix = analysis.ring_matrix(store, RING, PERIOD).filter(pl.col("indicator_code") == "K3E2")
    for row in matrix.iter_rows(named=True):
        assert row["robust_z"] == pytest.approx((values[row["ags"]] - median) / (1.4826 * mad))
        assert row["score"] is None  # K3E2 is neutral


def test_time_series_matches_snapshots(store) -> None:
    _series, ring = analysis.ring_time_series(store, RING, "K2", "2023-Q1", "2024-Q4")
    for period in ("2023-Q4", "2024-Q1", PERIOD):
        dist, _ = analysis.ring_snapshot(store, RING, "K2", period)
        row = ring.filter(pl.col("period") == period).row(0, named=True)
        assert (row["n"], row["median"]) == (dist["n"], dist["median"])


def test_routine_status_turns_are_no_candidates(store) -> None:
    # 2026-Q2 is provisional everywhere: "final → provisional" is no news.
    found = candidates.discussion_candidates(store, RING, "2026-Q2", limit=500)
    turns = found.filter(pl.col("kind") == "status").select("old_status", "new_status").rows()
    assert ("final", "provisional") not in turns
    assert found.height > 0
    assert min(len(reason_text(row)) for row in found.iter_rows(named=True)) > 10
    # Strongest first: agenda drafts take them in this order (never shown as a rank).
    assert found["score"].to_list() == sorted(found["score"].to_list(), reverse=True)
    assert found["name"].null_count() == 0


def test_monthly_figures_are_folded_by_the_catalogue_rule(empty_db: Path) -> None:
    store = open_store(empty_db)
    months = ("2024-04", "2024-05", "2024-06")
    with store.write() as conn:
        conn.executemany(
            "INSERT INTO municipalities(ags, name, carrier) VALUES (?, ?, 'zkT')",
            [(f"0{i}", f"Kommune {i}") for i in range(1, 4)])
        conn.execute("INSERT INTO rings(id, name) VALUES (1, 'Testring')")
        conn.executemany(
            "INSERT INTO ring_members(ring_id, ags, since) VALUES (1, ?, '2020-01-01')",
            [(f"0{i}",) for i in range(1, 4)])
        rows = []
        for i in range(1, 4):
            for k, month in enumerate(months, start=1):
                rows.append((f"0{i}", "K2", month, 10.0 * i + k, None, None))  # last
                rows.append((f"0{i}", "INTN", month, float(i * k), None, None))  # sum
                rows.append((f"0{i}", "ALQ", month, float(i + k), None, None))  # mean
                rows.append((f"0{i}", "SANQ", month, None, float(k), 100.0 * i))  # pooled
        conn.executemany(
            "INSERT INTO observations(ags, indicator_code, period, value, numerator, denominator)"
            " VALUES (?, ?, ?, ?, ?, ?)", rows)
    try:
        q = "2024-Q2"
        assert analysis.ring_periods(store, 1) == [q]
        expected = {
            "K2": {"01": 13.0, "02": 23.0, "03": 33.0},  # June
            "INTN": {"01": 6.0, "02": 12.0, "03": 18.0},  # i·(1 + 2 + 3)
            "ALQ": {"01": 3.0, "02": 4.0, "03": 5.0},  # i + 2
            "SANQ": {"01": 2.0, "02": 1.0, "03": 2 / 3},  # 6 / (300·i) × 100
        }
        for code, by_ags in expected.items():
            dist, positions = analysis.ring_snapshot(store, 1, code, q)
            assert dict(zip(positions["ags"], positions["value"], strict=True)) == pytest.approx(
                by_ags), code
            assert dist["n"] == 3
        sanq, _ = analysis.ring_snapshot(store, 1, "SANQ", q)
        assert sanq["pooled"] == pytest.approx(18 / 1800 * 100)  # all numerators ÷ denominators
    finally:
        store.close()
