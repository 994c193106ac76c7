"""Which indicators a ring works with, in its order, and which of them it collects itself."""

from __future__ import annotations

import re
from collections.abc import Iterable

import polars as pl

from store.db import Store, StoreError
from store.reference import indicators as catalogue

HEADLINE = re.compile(r"K\d+")  # the §48a Kennzahlen themselves (K1, K2, K3), not K1E1 …


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


def column_order(store: Store, ring_id: int) -> list[str]:
    """The ring screen's indicator columns. A ring that chose its indicators sees them in
    its order; otherwise the three §48a Kennzahlen K1, K2, K3 come first, then their
    Ergänzungsgrößen grouped by goal, then the other indicators. Context figures follow
    (shown beside the outcomes, never judged)."""
    everything = catalogue(store)
    context = everything.filter(pl.col("kind") == "context")["code"].to_list()
    has_own = store._rows("SELECT count(*) AS n FROM ring_indicators WHERE ring_id = ?",
                         (ring_id,))[0]["n"]
    if has_own:
        own = ring_indicators(store, ring_id)["code"].to_list()
        return own + [c for c in context if c not in own]
    return headline_first(everything.filter(pl.col("kind") != "context")["code"].to_list()) \
        + context


def headline_first(codes: list[str]) -> list[str]:
    """K1, K2, K3 first, then the rest in the given (catalogue) order, which keeps the
    Ergänzungsgrößen grouped by goal: K1E1…K1E4, K2E1…, K3E1…, then the others."""
    headline = [c for c in codes if HEADLINE.fullmatch(c)]
    return headline + [c for c in codes if c not in headline]


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


def move_indicator(store: Store, ring_id: int, code: str, steps: int) -> list[str]:
    """Move one indicator of the ring's list `steps` places (negative: to the front) and
    save the list (a ring without one gets the default order first). Returns the new list;
    an indicator not on the list (a context figure) is refused."""
    current = ring_indicators(store, ring_id)
    has_own = store._rows("SELECT count(*) AS n FROM ring_indicators WHERE ring_id = ?",
                         (ring_id,))[0]["n"]
    codes = current["code"].to_list() if has_own else headline_first(current["code"].to_list())
    if code not in codes:
        raise StoreError("invalid", detail=f"nicht in der Liste des Rings: {code}")
    collected = current.filter(pl.col("collected"))["code"].to_list()
    index = codes.index(code)
    target = max(0, min(len(codes) - 1, index + steps))
    codes.insert(target, codes.pop(index))
    set_ring_indicators(store, ring_id, codes, collected)
    return codes
