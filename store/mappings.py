"""Remembered measure→indicator mappings of official tables, and indicators defined on the spot."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from store.db import Store, now_iso


@dataclass(frozen=True)
class Mapping:
    statistic: str   # "13211"; "" for every table
    measure: str     # folded label
    label: str       # as the table writes it
    indicator_code: str


@dataclass(frozen=True)
class NewIndicator:
    """A context indicator a user named while mapping a measure."""

    code: str
    name: str
    unit: str
    decimals: int


def remembered(store: Store) -> dict[tuple[str, str], str]:
    """{(statistic, folded measure): indicator code} of every stored mapping."""
    if not _has_table(store):
        return {}
    return {(r["statistic"], r["measure"]): r["indicator_code"] for r in store._rows(
        "SELECT statistic, measure, indicator_code FROM measure_mappings")}


def all_mappings(store: Store) -> list[Mapping]:
    if not _has_table(store):
        return []
    return [Mapping(**r) for r in store._rows(
        "SELECT statistic, measure, label, indicator_code FROM measure_mappings"
        " ORDER BY statistic, label")]


def save(conn: sqlite3.Connection, user: str | None, mappings: list[Mapping],
         new: list[NewIndicator]) -> None:
    """Inside an import's transaction: create the new indicators, then remember the mappings
    (a later mapping of the same measure replaces the earlier one)."""
    if new:
        last = conn.execute("SELECT coalesce(max(sort_order), 0) FROM indicators").fetchone()[0]
        conn.executemany(
            "INSERT OR IGNORE INTO indicators(code, name, short_name, unit, direction, kind,"
            " goal, aggregation, decimals, sort_order)"
            " VALUES (?, ?, ?, ?, 'neutral', 'context', 'Rahmenbedingungen', 'last', ?, ?)",
            [(n.code, n.name, n.name[:30], n.unit, n.decimals, last + 10 * (i + 1))
             for i, n in enumerate(new)],
        )
    conn.executemany(
        "INSERT OR REPLACE INTO measure_mappings(statistic, measure, label, indicator_code,"
        " created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)",
        [(m.statistic, m.measure, m.label, m.indicator_code, user, now_iso()) for m in mappings],
    )


def _has_table(store: Store) -> bool:
    return bool(store._rows(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'measure_mappings'"))
