"""Agenda candidates: the comparison engine's findings and the members far from their
expected value, with names and the facts a reason is worded from (above both the reads and
the model; the kit words them)."""

from __future__ import annotations

import polars as pl

from store import analysis, compare, periods
from store.db import Store
from store.expected import COUNT_UNITS, expected_candidates

EXPECTED_SLOTS = 2  # agenda candidates kept for members far from their expected value


def discussion_candidates(
    store: Store, ring_id: int, period: str, limit: int = 8
) -> pl.DataFrame:
    """Raw material for an agenda: the pairs that stand out, with names and the facts a
    reason is worded from (kit.texts.reasons).

    Besides the comparison engine's findings (deviation from the ring median, sharp change,
    status change), a member far from what its context figures lead one to expect (kind
    'expected', column `expected`) is a candidate; each pair keeps its strongest reason."""
    catalogue = analysis.indicators(store)
    members = compare.members_at(analysis.ring_membership(store, ring_id), period)
    wanted = [period, periods.previous(period), periods.year_ago(period)]
    obs = analysis.observations(store, None, wanted, ags=members["ags"].to_list())
    found = compare.discussion_candidates(obs, members, catalogue, period, limit)
    modelled = catalogue.filter(
        (pl.col("kind") != "context") & ~pl.col("unit").fill_null("%").is_in(COUNT_UNITS))
    # The strongest few "far from expectation" keep a place beside the engine's findings
    # (whose robust scores run higher), unless the pair is already there for another reason.
    far = expected_candidates(store, ring_id, period, modelled["code"].to_list())
    far = far.join(found, on=["ags", "indicator_code"], how="anti").head(
        min(EXPECTED_SLOTS, limit))
    order = (["score", "ags", "indicator_code"], [True, False, False])
    found = pl.concat([found.head(limit - far.height), far], how="diagonal_relaxed").sort(
        order[0], descending=order[1])
    # maintain_order: the engine's order (strongest first) is what agenda drafts follow.
    found = found.join(
        members.select("ags", "name"), on="ags", how="left", maintain_order="left"
    ).join(
        catalogue.select(
            pl.col("code").alias("indicator_code"), pl.col("name").alias("indicator_name"),
            "unit", "decimals", "short_name",
        ),
        on="indicator_code",
        how="left",
        maintain_order="left",
    )
    return found.select(
        "ags", "name", "indicator_code", "indicator_name", "period", "score", "kind",
        "value", "median", "change", "old_status", "new_status", "expected", "unit", "decimals",
    )
