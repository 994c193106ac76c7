"""Figures as discussed: freeze an agenda's figures when a meeting is held, compare later."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl

from store import analysis, compare
from store.compare.common import OBS_SCHEMA
from store.db import Store, StoreError
from store.meetings import AgendaItem, Meeting, get_meeting
from store.meetings_checks import check_date
from store.meetings_freeze import (
    expected_of_members,
    figures_of_members,
    freeze_figures,
    members_of_ring,
)
from store.versioned import versioned_update

CHANGE_SCHEMA = {
    "ags": pl.String, "name": pl.String, "indicator_code": pl.String, "period": pl.String,
    "old_value": pl.Float64, "old_status": pl.String, "new_value": pl.Float64,
    "new_status": pl.String,
}
# Values closer than this count as unchanged (floats written by different importers).
TOLERANCE = 1e-9


def item_period(item: AgendaItem, meeting: Meeting) -> str | None:
    """The period an item's figures refer to: its own, else the meeting's."""
    return item.period or meeting.period


def mark_held(store: Store, meeting_id: int, version: int, held_on: str | None = None) -> int:
    """Mark the meeting held (on `held_on`, else its planned date, else today) and freeze
    its figures, in one transaction. Returns the new version."""
    day = check_date(held_on, "held_on")
    with store.write() as conn:
        row = conn.execute("SELECT held_on FROM meetings WHERE id = ?",
                           (meeting_id,)).fetchone()
        if row is None:
            raise StoreError("not_found", detail=f"meetings {meeting_id}")
        day = day or row[0] or date.today().isoformat()
        new_version = versioned_update(store, conn, "meetings", meeting_id, version,
                                       {"status": "held", "held_on": day})
        freeze_figures(store, conn, meeting_id)
        return new_version


def frozen_count(store: Store, meeting_id: int) -> int:
    """How many figures are frozen with the meeting."""
    return store._rows("SELECT count(*) AS n FROM meeting_figures WHERE meeting_id = ?",
                      (meeting_id,))[0]["n"]


def reopen_meeting(store: Store, meeting_id: int, version: int) -> int:
    """Back to planned (a meeting marked held by mistake). Frozen figures are kept, so
    holding it again keeps the figures as first discussed."""
    with store.write() as conn:
        return versioned_update(store, conn, "meetings", meeting_id, version,
                                {"status": "planned"})


@dataclass(frozen=True)
class ItemFigures:
    """What an agenda item's linked figure looks like: the catalogue entry, the period, the
    distribution of the values shown and one row per member (by name, never ranked).
    For a held meeting the values shown are the frozen ones; `current_*` are today's."""

    indicator: dict[str, Any]
    period: str
    frozen: bool
    distribution: dict[str, Any]
    table: pl.DataFrame  # ags, name, value, status, deviation, expected, current_value,
    #                     current_status, current_expected, frozen, changed


def _changed() -> pl.Expr:
    old, new = pl.col("value"), pl.col("current_value")
    value_differs = (old.is_null() != new.is_null()) | ((old - new).abs() > TOLERANCE).fill_null(
        False)
    status_differs = pl.col("status").fill_null("") != pl.col("current_status").fill_null("")
    return value_differs | (pl.col("frozen") & status_differs)


def item_figures(store: Store, meeting: Meeting, item: AgendaItem) -> ItemFigures | None:
    """The ring members' figures for the item's indicator and period (None without a link)."""
    period = item_period(item, meeting)
    info = analysis.indicator(store, item.indicator_code) if item.indicator_code else None
    if info is None or period is None:
        return None
    members = members_of_ring(store, meeting.ring_id, period).select("ags", "name")
    current = figures_of_members(store, meeting.ring_id, info["code"], period)
    frozen = store._frame(
        "SELECT ags, indicator_code, period, value, NULL AS numerator, NULL AS denominator,"
        " status FROM meeting_figures WHERE meeting_id = ? AND indicator_code = ?"
        " AND period = ?", (meeting.id, info["code"], period), schema=OBS_SCHEMA,
    )
    use_frozen = meeting.held and not frozen.is_empty()
    shown = frozen if use_frozen else current
    current_expected = pl.DataFrame(
        list(expected_of_members(store, meeting.ring_id, info["code"], period).items()),
        schema={"ags": pl.String, "current_expected": pl.Float64}, orient="row")
    frozen_expected = store._frame(
        "SELECT ags, expected FROM meeting_figures WHERE meeting_id = ? AND indicator_code = ?"
        " AND period = ?", (meeting.id, info["code"], period),
        schema={"ags": pl.String, "expected": pl.Float64},
    ) if use_frozen else current_expected.rename({"current_expected": "expected"})
    distribution = compare.distribution(shown, members, info, period).row(0, named=True)
    median = distribution["median"]
    table = (
        members.join(shown.select("ags", "value", "status",
                                  pl.lit(True).alias("frozen") if use_frozen
                                  else pl.lit(False).alias("frozen")), on="ags", how="left")
        .join(current.select("ags", pl.col("value").alias("current_value"),
                             pl.col("status").alias("current_status")), on="ags", how="left")
        .join(frozen_expected, on="ags", how="left")
        .join(current_expected, on="ags", how="left")
        .with_columns(pl.col("frozen").fill_null(False))
        .with_columns(
            (pl.col("value") - median if median is not None else pl.lit(None, pl.Float64))
            .alias("deviation"),
            (_changed() if use_frozen else pl.lit(False)).alias("changed"),
        )
        .select("ags", "name", "value", "status", "deviation", "expected", "current_value",
                "current_status", "current_expected", "frozen", "changed")
        .sort("name")
    )
    return ItemFigures(info, period, use_frozen, distribution, table)


def figure_changes(store: Store, meeting_id: int) -> pl.DataFrame:
    """Frozen figures of a meeting whose current value or status differs (old → new)."""
    get_meeting(store, meeting_id)
    frozen = store._frame(
        "SELECT f.ags, coalesce(mu.name, f.ags) AS name, f.indicator_code, f.period,"
        " f.value, f.status FROM meeting_figures f LEFT JOIN municipalities mu ON"
        " mu.ags = f.ags WHERE f.meeting_id = ?", (meeting_id,),
        schema={"ags": pl.String, "name": pl.String, "indicator_code": pl.String,
                "period": pl.String, "value": pl.Float64, "status": pl.String},
    )
    if frozen.is_empty():
        return pl.DataFrame(schema=CHANGE_SCHEMA)
    current = analysis.observations(
        store, frozen["indicator_code"].unique().to_list(), frozen["period"].unique().to_list(),
        ags=frozen["ags"].unique().to_list(),
    ).select("ags", "indicator_code", "period", pl.col("value").alias("current_value"),
             pl.col("status").alias("current_status"))
    return (
        frozen.join(current, on=["ags", "indicator_code", "period"], how="left")
        .with_columns(pl.lit(True).alias("frozen"))
        .filter(_changed())
        .select("ags", "name", "indicator_code", "period",
                pl.col("value").alias("old_value"), pl.col("status").alias("old_status"),
                pl.col("current_value").alias("new_value"),
                pl.col("current_status").alias("new_status"))
        .sort("indicator_code", "period", "name")
    )
