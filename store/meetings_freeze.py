"""Freezing a meeting's figures: the members' values of every linked indicator as discussed."""

from __future__ import annotations

import sqlite3

import polars as pl

from store import analysis, compare, expected
from store.db import Store


def members_of_ring(store: Store, ring_id: int, period: str) -> pl.DataFrame:
    """Members (ags, name, …) as of the end of the period."""
    return compare.members_at(analysis.ring_membership(store, ring_id), period)


def figures_of_members(store: Store, ring_id: int, code: str, period: str) -> pl.DataFrame:
    """The members' figures as compared (monthly data folded into the quarter)."""
    members = members_of_ring(store, ring_id, period)
    obs = analysis.observations(store, [code], [period], ags=members["ags"].to_list())
    return obs.filter(pl.col("period") == period)


def expected_of_members(store: Store, ring_id: int, code: str, period: str
                        ) -> dict[str, float | None]:
    """ags → the value the members' context figures lead one to expect (None: no model)."""
    _found, judged = expected.ring_expected(store, ring_id, code, period)
    return dict(judged.select("ags", "expected").iter_rows())


def freeze_figures(store: Store, conn: sqlite3.Connection, meeting_id: int) -> int:
    """Copy the current figures of every linked (indicator, period) for the ring's members
    as of that period into meeting_figures, with the expected value from the context figures
    they were discussed with. Figures frozen earlier stay as they were.
    Runs on `conn`, the caller's write transaction; returns the number of rows added."""
    ring_id, meeting_period = conn.execute(
        "SELECT ring_id, period FROM meetings WHERE id = ?", (meeting_id,)).fetchone()
    links = conn.execute(
        "SELECT DISTINCT indicator_code, coalesce(period, ?) FROM agenda_items"
        " WHERE meeting_id = ? AND indicator_code IS NOT NULL", (meeting_period, meeting_id),
    ).fetchall()
    added = 0
    for code, period in links:
        if period is None:
            continue
        figures = figures_of_members(store, ring_id, code, period)
        expected_values = expected_of_members(store, ring_id, code, period)
        cur = conn.executemany(
            "INSERT OR IGNORE INTO meeting_figures(meeting_id, ags, indicator_code, period,"
            " value, status, expected) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(meeting_id, r["ags"], code, period, r["value"], r["status"],
              expected_values.get(r["ags"]))
             for r in figures.iter_rows(named=True)],
        )
        added += max(cur.rowcount, 0)
    return added
