"""Reads about rings and their members (membership as of a period or a day)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from store import periods
from store.db import Store

MEMBER_SCHEMA = {
    "ags": pl.String, "name": pl.String, "kind": pl.String, "carrier": pl.String,
    "state": pl.String, "comparison_type": pl.String, "population": pl.Int64,
    "settlement": pl.String, "since": pl.String, "until": pl.String,
}


@dataclass(frozen=True)
class Ring:
    id: int
    name: str
    description: str


def rings_overview(store: Store, today: date | None = None) -> pl.DataFrame:
    """One row per ring: members today, latest period with outcome figures (context figures
    often arrive earlier and say little), next planned meeting."""
    day = (today or date.today()).isoformat()
    return store._frame(
        """
        SELECT r.id, r.name, coalesce(r.description, '') AS description,
          (SELECT count(*) FROM ring_members m WHERE m.ring_id = r.id
             AND m.since <= :day AND (m.until IS NULL OR m.until >= :day)) AS members,
          -- Per member and indicator, walk the primary key backwards to the newest
          -- figure: thousands of index seeks instead of a scan of every figure.
          (SELECT max((SELECT o.period FROM observations o
                        WHERE o.ags = m.ags AND o.indicator_code = i.code
                          AND o.value IS NOT NULL
                        ORDER BY o.period DESC LIMIT 1))
             FROM ring_members m, indicators i
             WHERE m.ring_id = r.id AND i.kind != 'context') AS latest_period,
          (SELECT min(mt.held_on) FROM meetings mt WHERE mt.ring_id = r.id
             AND mt.status = 'planned' AND mt.held_on >= :day) AS next_meeting
        FROM rings r ORDER BY r.name
        """,
        {"day": day},
        schema={
            "id": pl.Int64, "name": pl.String, "description": pl.String, "members": pl.Int64,
            "latest_period": pl.String, "next_meeting": pl.String,
        },
    )


def list_rings(store: Store) -> list[Ring]:
    """Every ring, by name."""
    return [Ring(**row) for row in store._rows(
        "SELECT id, name, coalesce(description, '') AS description FROM rings ORDER BY name")]


def get_ring(store: Store, ring_id: int) -> Ring | None:
    rows = store._rows("SELECT id, name, coalesce(description, '') AS description FROM rings"
                      " WHERE id = ?", (ring_id,))
    return Ring(**rows[0]) if rows else None


def ring_members(store: Store, ring_id: int, period: str | None = None) -> pl.DataFrame:
    """Members of a ring as of the end of `period` (all who were ever members when None)."""
    where = ""
    params: dict[str, object] = {"ring": ring_id}
    if period is not None:
        where = "AND m.since <= :end AND (m.until IS NULL OR m.until >= :end)"
        params["end"] = periods.end_date(period).isoformat()
    return store._frame(
        f"""
        SELECT mu.ags, mu.name, mu.kind, mu.carrier, mu.state, mu.comparison_type,
               mu.population, mu.settlement, m.since, m.until
        FROM ring_members m JOIN municipalities mu ON mu.ags = m.ags
        WHERE m.ring_id = :ring {where}
        ORDER BY mu.name
        """,
        params,
        schema=MEMBER_SCHEMA,
    )


def membership(store: Store, ring_id: int | None = None) -> pl.DataFrame:
    """Raw membership rows (ring_id, ags, since, until) for the comparison engine."""
    sql = "SELECT ring_id, ags, since, until FROM ring_members"
    params: tuple = ()
    if ring_id is not None:
        sql += " WHERE ring_id = ?"
        params = (ring_id,)
    return store._frame(
        sql + " ORDER BY ring_id, ags, since",
        params,
        schema={"ring_id": pl.Int64, "ags": pl.String, "since": pl.String, "until": pl.String},
    )


def rings_of(store: Store, ags: str, day: date | None = None) -> pl.DataFrame:
    """Rings a municipality belongs to (as of `day`, default today), by name."""
    when = (day or date.today()).isoformat()
    return store._frame(
        "SELECT r.id, r.name FROM rings r JOIN ring_members m ON m.ring_id = r.id"
        " WHERE m.ags = ? AND m.since <= ? AND (m.until IS NULL OR m.until >= ?)"
        " ORDER BY r.name",
        (ags, when, when),
        schema={"id": pl.Int64, "name": pl.String},
    )
