"""Reads for a ring's quarter cycle: what a collection template holds, the delivery status."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from store import analysis, compare, periods
from store.compare.delivery import delivery_status, history_periods
from store.db import Store, StoreError
from store.ring_indicators import collected_indicators
from store.rings import Ring, get_ring


@dataclass
class Collection:
    """One ring and quarter: its members then (ags, name, …), the indicators it collects
    (catalogue columns), and the members' figures of this and the previous quarter."""

    ring: Ring
    period: str
    members: pl.DataFrame
    indicators: pl.DataFrame
    figures: pl.DataFrame  # ags, indicator_code, period, value, numerator, denominator, status


def collection(store: Store, ring_id: int, period: str, history: bool = False) -> Collection:
    """What templates and the delivery status need. With `history`, the figures reach back
    over the quarters the delivery status's jump rule looks at."""
    ring = get_ring(store, ring_id)
    if ring is None:
        raise StoreError("not_found", detail=f"ring {ring_id}")
    members = compare.members_at(analysis.ring_membership(store, ring_id), period).sort(
        pl.col("name").str.to_lowercase(), "ags"
    )
    indicators = collected_indicators(store, ring_id)
    wanted = history_periods(period) if history else [periods.previous(period), period]
    figures = analysis.observations(
        store, indicators["code"].to_list(), wanted, ags=members["ags"].to_list()
    ) if members.height and indicators.height else compare.empty_obs()
    return Collection(ring, period, members, indicators, figures)


def ring_delivery(store: Store, ring_id: int, period: str) -> tuple[Collection, pl.DataFrame]:
    """(the collection, its delivery status: one row per member × collected indicator)."""
    found = collection(store, ring_id, period, history=True)
    status = delivery_status(found.figures, found.members.select("ags", "name"),
                             found.indicators, period)
    return found, status


def collecting_period(store: Store, ring_id: int) -> str | None:
    """The quarter the ring is collecting: the latest in which any member has a figure of an
    indicator the ring collects (context figures arriving early do not count); without any,
    the quarter after the one the ring opens on."""
    codes = collected_indicators(store, ring_id)["code"].to_list()
    rows = store._rows(
        "SELECT DISTINCT o.period FROM observations o JOIN ring_members m ON m.ags = o.ags"
        f" WHERE m.ring_id = ? AND o.value IS NOT NULL AND o.indicator_code IN"
        f" ({', '.join('?' * len(codes))})", (ring_id, *codes)) if codes else []
    found = [periods.quarter_of(r["period"]) for r in rows if periods.is_period(r["period"])]
    if found:
        return max(found)
    opened = analysis.default_period(store, ring_id)
    return periods.shift(opened, 1) if opened else None


def collection_periods(store: Store, ring_id: int) -> list[str]:
    """Quarters a coordinator may collect: those with figures, and the quarter after the
    latest (the one being collected next)."""
    known = analysis.ring_periods(store, ring_id)
    if not known:
        return []
    return [*known, periods.shift(known[-1], 1)]
