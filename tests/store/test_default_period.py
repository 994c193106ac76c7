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
