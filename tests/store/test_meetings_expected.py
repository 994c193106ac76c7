"""Meetings and expected values: "far from expectation" joins the agenda proposals, and the
figures frozen with a held meeting keep the expected value they were discussed with."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from store import candidates, expected
from store import meetings as mt
from store import meetings_draft as md
from store import meetings_figures as mf
from store.db import open_store
from tui.kit.texts.reasons import reason_text


@pytest.fixture
def store(sample_db: Path):
    s = open_store(sample_db)
    yield s
    s.close()


def test_far_from_expectation_is_a_discussion_candidate(store) -> None:
    found = candidates.discussion_candidates(store, 1, "2026-Q1")
    far = found.filter(pl.col("kind") == "expected")
    assert far.height == candidates.EXPECTED_SLOTS
    assert found["score"].to_list() == sorted(found["score"].to_list(), reverse=True)
    for row in far.iter_rows(named=True):
        _m, judged = expected.ring_expected(store, 1, row["indicator_code"], "2026-Q1")
        member = judged.filter(pl.col("ags") == row["ags"]).row(0, named=True)
        assert member["far"] and row["expected"] == pytest.approx(member["expected"])
        assert row["score"] == pytest.approx(abs(member["residual_z"]))
        side = "über" if row["value"] > row["expected"] else "unter"
        assert f"liegt deutlich {side} der Erwartung aus den Rahmenbedingungen" in reason_text(row)
    # No pair twice: a member already proposed for another reason keeps that one.
    assert found.select("ags", "indicator_code").is_unique().all()


def test_far_from_expectation_reaches_the_agenda_draft(store) -> None:
    new = mt.create_meeting(store, 1, "Treffen Q1", period="2026-Q1")
    proposals = md.draft_proposals(store, new)
    far = [p for p in proposals if p.facts and "Erwartung" in reason_text(p.facts)]
    assert far and all(p.kind == "candidate" and p.period == "2026-Q1" for p in far)


def test_frozen_figures_keep_the_expected_value_discussed(store) -> None:
    meeting = mt.get_meeting(store, 4)
    item = next(i for i in mt.agenda_items(store, 4) if i.indicator_code == "K2")
    period = mf.item_period(item, meeting)
    _m, before = expected.ring_expected(store, 1, "K2", period)
    mf.mark_held(store, 4, meeting.version)
    frozen = dict(store.conn.execute(
        "SELECT ags, expected FROM meeting_figures WHERE meeting_id = 4 AND indicator_code ="
        " 'K2' AND period = ?", (period,)).fetchall())
    assert frozen and frozen == pytest.approx(
        dict(before.filter(pl.col("ags").is_in(list(frozen))).select("ags", "expected")
             .iter_rows()))
    # Later the unemployment rates are corrected: today's expectation moves, the frozen stays.
    with store.write() as conn:
        conn.execute("UPDATE observations SET value = value * 1.5 + 1 WHERE"
                     " indicator_code = 'ALQ' AND ags IN (SELECT ags FROM ring_members"
                     " WHERE ring_id = 1)")
    figures = mf.item_figures(store, mt.get_meeting(store, 4), item)
    assert figures is not None and figures.frozen
    table = figures.table.filter(pl.col("expected").is_not_null())
    assert dict(table.select("ags", "expected").iter_rows()) == pytest.approx(frozen)
    moved = table.filter((pl.col("current_expected") - pl.col("expected")).abs() > 1e-6)
    assert moved.height > 0
