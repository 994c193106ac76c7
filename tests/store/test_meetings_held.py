"""Marking a meeting held freezes its figures; revised figures show as changed; action items."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from store import meetings as mt
from store import meetings_actions as ma
from store import meetings_figures as mf
from store.db import StoreError, open_store
from store.rings import ring_members


@pytest.fixture
def store(sample_db: Path):
    s = open_store(sample_db)
    s.user = "anna"
    yield s
    s.close()


def frozen(store, meeting_id: int) -> dict[tuple[str, str, str], float | None]:
    return {(r["ags"], r["indicator_code"], r["period"]): r["value"] for r in store._rows(
        "SELECT * FROM meeting_figures WHERE meeting_id = ?", (meeting_id,))}


def test_mark_held_freezes_linked_figures_of_members_as_of_the_period(store) -> None:
    meeting = mt.get_meeting(store, 4)
    assert frozen(store, 4) == {}
    version = mf.mark_held(store, 4, meeting.version)
    held = mt.get_meeting(store, 4)
    assert (held.status, held.held_on, held.version, held.updated_by) == (
        "held", "2026-12-10", version, "anna")
    members = set(ring_members(store, 1, "2026-Q2")["ags"])
    assert "90504" not in members  # Kreis Feldmark left the ring at the end of 2023
    figures = frozen(store, 4)
    assert {key[0] for key in figures} == members
    assert {(key[1], key[2]) for key in figures} == {
        ("K2", "2026-Q2"), ("SANQ", "2026-Q2"), ("K3E2", "2026-Q2")}
    current = {(r["ags"], r["indicator_code"], r["period"]): r["value"] for r in store._rows(
        "SELECT ags, indicator_code, period, value FROM observations WHERE period = '2026-Q2'"
        " AND indicator_code IN ('K2', 'SANQ', 'K3E2')")}
    assert all(figures[key] == current[key] for key in figures)
    assert mf.figure_changes(store, 4).is_empty()


def test_revised_figure_shows_old_and_new_value(store) -> None:
    mf.mark_held(store, 4, 1, held_on="2026-12-11")
    item = next(i for i in mt.agenda_items(store, 4) if i.indicator_code == "K2")
    old = store._rows("SELECT value FROM observations WHERE ags = '90501' AND"
                     " indicator_code = 'K2' AND period = '2026-Q2'")[0]["value"]
    with store.write() as conn:
        conn.execute("UPDATE observations SET value = value + 2, status = 'revised' WHERE"
                     " ags = '90501' AND indicator_code = 'K2' AND period = '2026-Q2'")
    changes = mf.figure_changes(store, 4)
    assert changes.select("ags", "indicator_code").rows() == [("90501", "K2")]
    row = changes.row(0, named=True)
    assert row["old_value"] == old and row["new_value"] == pytest.approx(old + 2)
    assert (row["old_status"], row["new_status"]) == ("provisional", "revised")
    figures = mf.item_figures(store, mt.get_meeting(store, 4), item)
    assert figures.frozen
    table = figures.table
    assert table.filter("changed")["ags"].to_list() == ["90501"]
    assert table["frozen"].all()
    changed = table.filter("changed").row(0, named=True)
    assert (changed["value"], changed["status"]) == (old, "provisional")
    assert changed["current_value"] == pytest.approx(old + 2)
    # The distribution is the one discussed: built from the frozen values.
    assert figures.distribution["max"] >= old and figures.distribution["n"] == table.height
    assert mt.get_meeting(store, 4).held_on == "2026-12-11"


def test_planned_meeting_shows_current_figures_without_changes(store) -> None:
    meeting = mt.get_meeting(store, 4)
    item = next(i for i in mt.agenda_items(store, 4) if i.indicator_code == "SANQ")
    figures = mf.item_figures(store, meeting, item)
    assert not figures.frozen and figures.period == "2026-Q2"
    assert figures.indicator["name"] == "Sanktionsquote"
    table = figures.table
    assert table["name"].to_list() == sorted(table["name"].to_list())
    assert set(table["ags"]) == set(ring_members(store, 1, "2026-Q2")["ags"])
    assert not table["changed"].any() and not table["frozen"].any()
    assert (table["value"] == table["current_value"]).all()
    median = figures.distribution["median"]
    assert table["deviation"].to_list() == pytest.approx(
        [v - median for v in table["value"].to_list()])
    no_link = mt.agenda_items(store, 4)[0]
    assert mf.item_figures(store, meeting, no_link) is None


def test_item_linked_after_holding_is_frozen_and_reopen_keeps_figures(store) -> None:
    version = mf.mark_held(store, 4, 1)
    mt.add_item(store, 4, "Nachtrag Arbeitslosenquote", indicator_code="ALQ")
    assert any(key[1] == "ALQ" for key in frozen(store, 4))
    before = frozen(store, 4)
    version = mf.reopen_meeting(store, 4, mt.get_meeting(store, 4).version)
    assert mt.get_meeting(store, 4).status == "planned"
    with store.write() as conn:
        conn.execute("UPDATE observations SET value = 1.0 WHERE indicator_code = 'K2'"
                     " AND period = '2026-Q2'")
    mf.mark_held(store, 4, version)
    assert frozen(store, 4) == before  # still the figures as first discussed
    with pytest.raises(StoreError) as info:
        mf.mark_held(store, 4, version)
    assert info.value.reason == "conflict"


def test_action_items_carry_over_until_done(store) -> None:
    meeting = mt.get_meeting(store, 4)
    carried = ma.carried_over(store, meeting)
    assert [a.id for a in carried] == [3]  # meetings 1 and 2 finished theirs
    action_id = ma.add_action(store, 4, "Daten nachliefern", owner="Landkreis Moosbrück",
                              due_on="2027-01-15", agenda_item_id=mt.agenda_items(store, 4)[1].id)
    action = ma.get_action(store, action_id)
    assert (action.owner, action.due_on, action.done, action.updated_by) == (
        "Landkreis Moosbrück", "2027-01-15", False, "anna")
    assert [a.id for a in ma.meeting_actions(store, 4)] == [action_id]
    later = mt.create_meeting(store, 1, "Treffen 2027", held_on="2027-03-01")
    assert [a.id for a in ma.carried_over(store, mt.get_meeting(store, later))] == [3, action_id]

    version = ma.update_action(store, 3, carried[0].version, done=True)
    done = ma.get_action(store, 3)
    assert done.done and done.done_on == date.today().isoformat() and done.version == version
    assert [a.id for a in ma.carried_over(store, mt.get_meeting(store, later))] == [action_id]
    with pytest.raises(StoreError) as info:
        ma.update_action(store, 3, carried[0].version, done=False)
    assert info.value.reason == "conflict"
    for bad, field in [({"text": " "}, "text"), ({"due_on": "morgen"}, "due_on"),
                       ({"agenda_item_id": 1}, "agenda_item_id")]:
        with pytest.raises(StoreError) as info:
            ma.update_action(store, action_id, 1, **bad)
        assert info.value.detail == field
    ma.delete_action(store, action_id, 1)
    assert ma.meeting_actions(store, 4) == []


def test_done_since_the_last_meeting_and_overdue(store) -> None:
    """Meeting 4 (planned 2026-12-10) follows meeting 3 (held 2026-06-18): what was done
    between them is listed for its minutes; an open item past its date is overdue."""
    meeting = mt.get_meeting(store, 4)
    (open_action,) = ma.carried_over(store, meeting)
    assert ma.overdue(open_action, today="2099-01-01") == (open_action.due_on is not None)
    late = ma.add_action(store, 3, "Zahlen prüfen", due_on="2026-07-01")
    assert ma.overdue(ma.get_action(store, late), today="2026-07-02")
    assert not ma.overdue(ma.get_action(store, late), today="2026-07-01")
    assert ma.done_since_last(store, meeting) == []
    ma.update_action(store, late, 1, done=True)
    done = ma.get_action(store, late)
    assert not ma.overdue(done, today="2099-01-01")  # done is never overdue
    today = date.today().isoformat()
    expected = [late] if "2026-06-18" < today <= meeting.held_on else []
    assert [a.id for a in ma.done_since_last(store, meeting)] == expected
    with store.write() as conn:  # done before meeting 3: reported there, not again
        conn.execute("UPDATE action_items SET done_on = '2026-06-01' WHERE id = ?", (late,))
    assert ma.done_since_last(store, meeting) == []
    with store.write() as conn:
        conn.execute("UPDATE action_items SET done_on = '2026-09-01' WHERE id = ?", (late,))
    assert [a.id for a in ma.done_since_last(store, meeting)] == [late]
    own = ma.add_action(store, 4, "eigene Aufgabe")  # this meeting's own items: not listed
    ma.update_action(store, own, 1, done=True)
    assert [a.id for a in ma.done_since_last(store, meeting)] == [late]
