"""Which quarter a ring or profile opens on when early figures of the next quarter arrive."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from store import analysis
from store.db import open_store
from store.rings import rings_overview

RURAL_RING = 1


def add(db: Path, rows: list[tuple[str, str, str, float]]) -> None:
    with sqlite3.connect(db) as conn:
        conn.executemany(
            "INSERT INTO observations(ags, indicator_code, period, value) VALUES (?, ?, ?, ?)",
            rows)


def test_context_figures_alone_do_not_move_the_default(sample_db: Path) -> None:
    # The sample's ring 1 is collecting 2026-Q3 (four members answered); 90503 has not.
    add(sample_db, [("90503", "ALQ", "2026-10", 4.2), ("90502", "ALQ", "2026-11", 3.9)])
    store = open_store(sample_db, readonly=True)
    try:
        assert analysis.ring_periods(store, RURAL_RING)[-1] == "2026-Q4"  # can be stepped to
        assert analysis.default_period(store, RURAL_RING) == "2026-Q2"
        overview = rings_overview(store).filter(rings_overview(store)["id"] == RURAL_RING)
        assert overview["latest_period"][0] == "2026-Q3"
        choices, default = analysis.municipality_periods(store, "90503")
        assert choices[-1] == "2026-Q4" and default == "2026-Q2"
    finally:
        store.close()


def test_one_members_outcome_figure_is_not_yet_the_rings_quarter(sample_db: Path) -> None:
    add(sample_db, [("90503", "K2", "2026-Q4", 25.0)])
    store = open_store(sample_db, readonly=True)
    try:
        assert analysis.default_period(store, RURAL_RING) == "2026-Q2"
        assert analysis.municipality_periods(store, "90503")[1] == "2026-Q4"
    finally:
        store.close()
    # Once half of the ten members have delivered, the ring opens on the new quarter.
    add(sample_db, [(ags, "K2", "2026-Q4", 25.0)
                    for ags in ("90502", "90501", "90305", "90306")])
    store = open_store(sample_db, readonly=True)
    try:
        assert analysis.default_period(store, RURAL_RING) == "2026-Q4"
    finally:
        store.close()


def test_a_lone_figure_years_ahead_still_opens_on_the_last_full_quarter(sample_db: Path) -> None:
    # The opening quarter is first looked for in the last two years of figures; with
    # nothing substantial there, every quarter is read, as before.
    add(sample_db, [("90503", "ALQ", "2030-01", 4.2), ("90503", "K2", "2030-Q1", 20.0)])
    store = open_store(sample_db, readonly=True)
    try:
        assert analysis.known_ring_periods(store, RURAL_RING) is None
        assert analysis.default_period(store, RURAL_RING) == "2026-Q2"
        periods = analysis.ring_periods(store, RURAL_RING)
        assert periods[-1] == "2030-Q1" and "2026-Q2" in periods
        assert analysis.known_ring_periods(store, RURAL_RING) == periods
        assert analysis.default_period(store, RURAL_RING) == "2026-Q2"  # from the cache
    finally:
        store.close()


def test_the_list_of_quarters_is_read_again_after_a_change(sample_db: Path) -> None:
    store = open_store(sample_db)
    try:
        before = analysis.ring_periods(store, RURAL_RING)
        with store.write() as conn:
            conn.execute("INSERT INTO observations(ags, indicator_code, period, value)"
                         " VALUES ('90503', 'K2', '2031-Q2', 1.0)")
        assert analysis.known_ring_periods(store, RURAL_RING) is None
        assert analysis.ring_periods(store, RURAL_RING) == [*before, "2031-Q2"]
    finally:
        store.close()
