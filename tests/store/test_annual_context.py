"""Annual figures (Jahresdurchschnitt `YYYY`, Stichtag `YYYY-MM-DD`): never compared as a
quarter's figure, shown as context beside the quarters they belong to."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest

from store import analysis
from store.compare.annual import latest_annual
from store.compare.common import OBS_SCHEMA
from store.db import Store, open_store

AHR = "90501"


@pytest.fixture
def store(sample_db: Path) -> Iterator[Store]:
    opened = open_store(sample_db)
    with opened.write() as conn:
        conn.execute("DELETE FROM observations WHERE indicator_code = 'EW' AND period LIKE '2024-%'")
        conn.executemany(
            "INSERT INTO observations(ags, indicator_code, period, value, status)"
            " VALUES (?, ?, ?, ?, 'final')",
            [(AHR, "EW", "2023-12-31", 262417.0), ("90502", "EW", "2023-12-31", 198211.0),
             (AHR, "EW", "2024-12-31", 263000.0), (AHR, "ALQ", "2024", 5.4)],
        )
    yield opened
    opened.close()


def obs(rows: list[tuple]) -> pl.DataFrame:
    return pl.DataFrame(
        [(a, c, p, v, None, None, "final") for a, c, p, v in rows], schema=OBS_SCHEMA,
        orient="row")


def test_latest_annual_takes_the_newest_figure_begun_by_the_quarters_end() -> None:
    frame = obs([(AHR, "EW", "2023-12-31", 1.0), (AHR, "EW", "2024-12-31", 2.0),
                 (AHR, "ALQ", "2024", 5.4), (AHR, "ALQ", "2025", 6.0), (AHR, "K2", "2024-Q1", 9.0)])
    found = {(r["indicator_code"], r["period"]) for r in
             latest_annual(frame, "2024-Q2").iter_rows(named=True)}
    assert found == {("EW", "2023-12-31"), ("ALQ", "2024")}
    found = {(r["indicator_code"], r["period"]) for r in
             latest_annual(frame, "2024-Q4").iter_rows(named=True)}
    assert found == {("EW", "2024-12-31"), ("ALQ", "2024")}


def test_readers_never_take_annual_figures_for_quarters(store: Store) -> None:
    ring_id = store._rows("SELECT ring_id FROM ring_members WHERE ags = ? LIMIT 1", (AHR,))[0][
        "ring_id"]
    assert all(len(p) == 7 for p in analysis.ring_periods(store, ring_id))
    choices, _opened = analysis.municipality_periods(store, AHR)
    assert all(len(p) == 7 for p in choices)
    series = analysis.observations(store, ["EW", "ALQ"], between=("2020-Q1", "2026-Q4"),
                                   ags=[AHR])
    assert not series["period"].is_in(["2023-12-31", "2024-12-31", "2024"]).any()


def test_profile_shows_the_annual_figure_beside_the_quarter(store: Store) -> None:
    profile = analysis.municipality_profile(store, AHR, None, "2024-Q2")
    row = profile.filter(indicator_code="EW").row(0, named=True)
    assert (row["value"], row["annual_period"]) == (262417.0, "2023-12-31")
    # The median runs over the annual figures of the others (here all municipalities).
    assert row["median"] == pytest.approx((262417.0 + 198211.0) / 2)
    # A context figure the quarter has keeps it and is not marked annual.
    alq = profile.filter(indicator_code="ALQ").row(0, named=True)
    assert alq["annual_period"] is None and alq["value"] is not None
