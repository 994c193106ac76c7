"""Agenda draft: deferred and undiscussed items, open action items, discussion candidates."""

from __future__ import annotations

from pathlib import Path

import pytest

from store import candidates
from store import meetings as mt
from store import meetings_actions as ma
from store import meetings_draft as md
from store import meetings_figures as mf
from store.db import open_store
from tui.kit.texts.reasons import reason_text


@pytest.fixture
def store(sample_db: Path):
    s = open_store(sample_db)
    yield s
    s.close()


def hold_meeting_4(store) -> dict[str, mt.AgendaItem]:
    """Hold the planned meeting: welcome and K3E2 discussed, K2 deferred, SANQ left open."""
    items = {i.indicator_code or "-": i for i in mt.agenda_items(store, 4)}
    for code, status in (("-", "discussed"), ("K3E2", "discussed"), ("K2", "deferred")):
        mt.update_item(store, items[code].id, items[code].version, status=status)
    ma.add_action(store, 4, "Zahlen prüfen", owner="Kreis Ahrwiesen")
    mf.mark_held(store, 4, mt.get_meeting(store, 4).version)
    return items


def test_draft_proposes_unfinished_business_then_candidates(store) -> None:
    items = hold_meeting_4(store)
    new = mt.create_meeting(store, 1, "Sondertreffen", period="2026-Q2", held_on="2027-01-20")
    proposals = md.draft_proposals(store, new)
    kinds = [p.kind for p in proposals]
    assert kinds[:4] == ["deferred", "undiscussed", "action", "action"]
    assert set(kinds[4:]) == {"candidate"}
    deferred, undiscussed = proposals[0], proposals[1]
    assert (deferred.source, deferred.indicator_code, deferred.period, deferred.from_meeting) == (
        f"deferred:{items['K2'].id}", "K2", "2026-Q2", "Ringtreffen Q2/2026")
    assert (undiscussed.indicator_code, undiscussed.ags) == ("SANQ", "90306")
    open_actions = {a.text for a in ma.carried_over(store, mt.get_meeting(store, new))}
    assert {p.text for p in proposals if p.kind == "action"} == open_actions
    # Candidates are the engine's, minus figures already proposed (SANQ of Hollerbach).
    engine = candidates.discussion_candidates(store, 1, "2026-Q2")
    expected = [r for r in engine.iter_rows(named=True)
                if (r["indicator_code"], r["ags"]) != ("SANQ", "90306")]
    proposed = [p for p in proposals if p.kind == "candidate"]
    assert [(p.indicator_code, p.ags, reason_text(p.facts)) for p in proposed] == [
        (r["indicator_code"], r["ags"], reason_text(r)) for r in expected]
    assert len(proposed) == engine.height - 1


def test_accepted_proposals_leave_the_draft(store) -> None:
    hold_meeting_4(store)
    new = mt.create_meeting(store, 1, "Treffen Q3/2026", period="2026-Q3")
    first, *rest = md.draft_proposals(store, new)
    item_id = md.accept_proposal(store, new, first, "Integrationsquote (vertagt)")
    item = mt.get_item(store, item_id)
    assert (item.title, item.indicator_code, item.period, item.source, item.position) == (
        "Integrationsquote (vertagt)", "K2", "2026-Q3", first.source, 1)
    again = md.draft_proposals(store, new)
    assert [p.source for p in again] == [p.source for p in rest]
    action = next(p for p in again if p.kind == "action")
    md.accept_proposal(store, new, action, f"Offene Aufgabe: {action.text}")
    assert action.source not in {p.source for p in md.draft_proposals(store, new)}


def test_first_meeting_of_a_ring_gets_only_candidates(store) -> None:
    with store.write() as conn:
        conn.execute("INSERT INTO rings(id, name) VALUES (9, 'Neu')")
        conn.execute("INSERT INTO ring_members(ring_id, ags, since) SELECT 9, ags, since"
                     " FROM ring_members WHERE ring_id = 1")
    new = mt.create_meeting(store, 9, "Auftakt")  # no period: the latest with data
    proposals = md.draft_proposals(store, new)
    assert proposals and {p.kind for p in proposals} == {"candidate"}
    assert {p.period for p in proposals} == {md.latest_period(store, 9)} == {"2026-Q2"}


def test_a_proposal_is_accepted_once_even_by_two_users(sample_db: Path) -> None:
    anna, bernd = open_store(sample_db), open_store(sample_db)
    anna.user, bernd.user = "anna", "bernd"
    try:
        hold_meeting_4(anna)
        new = mt.create_meeting(anna, 1, "Treffen Q3/2026", period="2026-Q3")
        seen_by_anna = md.draft_proposals(anna, new)[0]
        seen_by_bernd = md.draft_proposals(bernd, new)[0]
        assert seen_by_anna == seen_by_bernd
        md.accept_proposal(anna, new, seen_by_anna, "TOP von Anna")
        with pytest.raises(mt.EditConflict) as info:
            md.accept_proposal(bernd, new, seen_by_bernd, "TOP von Bernd")
        assert (info.value.table, info.value.by) == ("meetings", "anna")
        with pytest.raises(mt.EditConflict):  # twice by the same user: refused as well
            md.accept_proposal(anna, new, seen_by_anna, "TOP von Anna")
        assert [(i.title, i.source) for i in mt.agenda_items(anna, new)] == [
            ("TOP von Anna", seen_by_anna.source)]
        # Items typed by hand all share the source "manual": never refused.
        mt.add_item(bernd, new, "Verschiedenes")
        mt.add_item(bernd, new, "Verschiedenes")
        assert len(mt.agenda_items(anna, new)) == 3
    finally:
        anna.close()
        bernd.close()


def test_racing_accepts_in_two_threads_add_one_item(sample_db: Path) -> None:
    import threading

    setup = open_store(sample_db)
    hold_meeting_4(setup)
    new = mt.create_meeting(setup, 1, "Treffen Q3/2026", period="2026-Q3")
    proposal = md.draft_proposals(setup, new)[0]
    setup.close()
    start = threading.Barrier(4)
    outcomes: list[str] = []

    def accept() -> None:
        store = open_store(sample_db)
        try:
            start.wait()
            md.accept_proposal(store, new, proposal, "Doppelt?")
            outcomes.append("added")
        except mt.EditConflict:
            outcomes.append("conflict")
        finally:
            store.close()

    threads = [threading.Thread(target=accept) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["added", "conflict", "conflict", "conflict"]
    reader = open_store(sample_db, readonly=True)
    assert [i.source for i in mt.agenda_items(reader, new)] == [proposal.source]
    reader.close()
