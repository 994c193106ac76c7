"""The collection quarter of a ring and the sample's quarter in the middle of the cycle."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import polars as pl

from store.collection import collecting_period, collection, collection_periods, ring_delivery
from store.db import open_store


def test_collecting_period_ignores_early_context_figures(sample_db: Path) -> None:
    with sqlite3.connect(sample_db) as conn:
        conn.execute("INSERT INTO observations(ags, indicator_code, period, value)"
                     " VALUES ('90503', 'ALQ', '2026-11', 4.1)")
    store = open_store(sample_db)
    try:
        assert collecting_period(store, 1) == "2026-Q3"
        assert collecting_period(store, 3) == "2026-Q2"  # everything delivered so far
        assert collection_periods(store, 1)[-2:] == ["2026-Q4", "2027-Q1"]
        with store.write() as conn:
            conn.execute("INSERT INTO rings(id, name) VALUES (9, 'Leer')")
        assert collecting_period(store, 9) is None and collection_periods(store, 9) == []
    finally:
        store.close()


def test_sample_shows_a_quarter_in_the_middle_of_the_cycle(sample_db: Path) -> None:
    store = open_store(sample_db)
    try:
        found, status = ring_delivery(store, 1, "2026-Q3")
        assert found.members.height == 10 and found.indicators.height == 6
        per_member = status.group_by("ags").agg(
            pl.col("state").is_in(["delivered", "provisional"]).all().alias("complete"),
            (pl.col("state") == "missing").all().alias("nothing"))
        assert per_member["complete"].sum() == 2  # Ahrwiesen, Grünmoor (one provisional)
        assert per_member["nothing"].sum() == 6
        implausible = status.filter(pl.col("state") == "implausible")
        assert implausible.select("ags", "indicator_code", "reason").rows() == [
            ("90502", "INTN", "jump")]
        # The template's "last quarter" values are the 2026-Q2 figures.
        assert set(collection(store, 1, "2026-Q3").figures["period"]) == {"2026-Q2", "2026-Q3"}
    finally:
        store.close()
