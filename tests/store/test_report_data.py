"""The ring report's data: the ring's indicators, distributions, series over each quarter's members."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from store import analysis, expected
from store.db import open_store
from store.report import SERIES_QUARTERS, ring_report
from store.ring_indicators import ring_indicators


def test_report_data_follows_the_ring_and_the_engine(sample_db: Path) -> None:
    store = open_store(sample_db, readonly=True)
    try:
        report = ring_report(store, 1, "2024-Q1")
        assert [p.info["code"] for p in report.indicators] == ring_indicators(store, 1)["code"].to_list()
        k2 = next(p for p in report.indicators if p.info["code"] == "K2")
        dist, positions = analysis.ring_snapshot(store, 1, "K2", "2024-Q1")
        assert (k2.distribution["n"], k2.distribution["median"]) == (dist["n"], dist["median"])
        assert sorted(k2.positions["ags"]) == sorted(positions["ags"])
        series = dict(k2.series.select("period", "n").iter_rows())
        assert len(series) == SERIES_QUARTERS and max(series) == "2024-Q1"
        # Kreis Feldmark was a member until the end of 2023, Kreis Nordhalde since 2023.
        assert series["2023-Q4"] == 11 and series["2024-Q1"] == 10
        assert report.members.height == 10
        assert set(report.context["ags"]) == set(report.members["ags"])
        assert set(report.context["indicator_code"]) <= set(
            report.context_info["code"].to_list())
        assert report.notes.filter(pl.col("indicator_code") == "SANQ").height == 1
        # Expected values for every listed indicator but absolute counts, with the ring's
        # model variables, judged for exactly the members of the quarter.
        assert report.variables == ("ALQ", "SGB2Q", "ln(DICHTE)")
        assert list(report.expected) == [p.info["code"] for p in report.indicators
                                         if p.info["unit"] not in ("Anzahl", "Personen")]
        found, judged = expected.ring_expected(store, 1, "K2", "2024-Q1")
        part = report.expected["K2"]
        assert part.model == found.model
        assert sorted(part.members["ags"]) == sorted(report.members["ags"])
        assert part.members.sort("ags").select(judged.drop("name").columns).equals(
            judged.drop("name").sort("ags"))
    finally:
        store.close()
