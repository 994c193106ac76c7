"""Which indicators a ring works with, in its order, and which of them it collects itself."""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from store.db import Store, StoreError
from store.reference import indicators as catalogue


def ring_indicators(store: Store, ring_id: int) -> pl.DataFrame:
    """The ring's indicators in its order: the catalogue columns plus `position` and
    `collected` (bool). A ring that chose none works with the catalogue's non-context
    indicators, in catalogue order, all collected."""
    chosen = store._frame(
        "SELECT indicator_code AS code, position, collected FROM ring_indicators"
        " WHERE ring_id = ? ORDER BY position, indicator_code",
        (ring_id,),
        schema={"code": pl.String, "position": pl.Int64, "collected": pl.Int64},
    )
    everything = catalogue(store)
    if chosen.is_empty():
        return everything.filter(pl.col("kind") != "context").with_columns(
            pl.int_range(pl.len()).alias("position"), pl.lit(True).alias("collected")
        )
    return chosen.with_columns(pl.col("collected") == 1).join(
        everything, on="code", how="inner", maintain_order="left"
    ).select(everything.columns + ["position", "collected"])


def collected_indicators(store: Store, ring_id: int) -> pl.DataFrame:
    """The indicators the ring collects from its members (templates, delivery status)."""
    return ring_indicators(store, ring_id).filter(pl.col("collected"))


def set_ring_indicators(
    store: Store, ring_id: int, codes: Iterable[str], collected: Iterable[str] | None = None
) -> None:
    """Replace the ring's list by `codes` in this order; `collected` names those it collects
    (default: all of them). One transaction; unknown codes are refused."""
    codes = list(dict.fromkeys(codes))
    wanted = set(codes if collected is None else collected)
    known = set(catalogue(store)["code"].to_list())
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise StoreError("invalid", detail="unbekannte Kennzahl: " + ", ".join(unknown))
    with store.write() as conn:
        conn.execute("DELETE FROM ring_indicators WHERE ring_id = ?", (ring_id,))
        conn.executemany(
            "INSERT INTO ring_indicators(ring_id, indicator_code, position, collected)"
            " VALUES (?, ?, ?, ?)",
            [(ring_id, code, index, int(code in wanted)) for index, code in enumerate(codes)],
        )
