"""The agenda editor: draft proposals, add, edit, reorder, status, delete, conflicts."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from textual.widgets import DataTable, Input, Select

from screens.agenda import AgendaScreen
from store import meetings as mt
from store import meetings_actions as ma
from store import meetings_draft as md
from store import meetings_figures as mf
from store.db import open_store
from tests.screens.helpers import settle
from tests.screens.test_meetings import column, messages, rows, type_into
from tui.app import RingvergleichApp
from tui.kit.widgets.forms import ConfirmDialog, FormDialog


async def open_agenda(app: RingvergleichApp, pilot, meeting_id: int) -> AgendaScreen:
    await pilot.pause()
    app.push_screen(AgendaScreen(meeting_id))
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert isinstance(app.screen, AgendaScreen)
    return app.screen


def agenda(db: Path, meeting_id: int) -> list[tuple]:
    return rows(db, "SELECT position, title, indicator_code, ags, period, status, source"
                " FROM agenda_items WHERE meeting_id = ? ORDER BY position", (meeting_id,))


def new_meeting_after_a_held_one(db: Path) -> tuple[int, int]:
    """Hold meeting 4 with K2 deferred, then plan the next one; returns (new id, K2 item)."""
    store = open_store(db)
    k2 = next(i for i in mt.agenda_items(store, 4) if i.indicator_code == "K2")
    mt.update_item(store, k2.id, k2.version, status="deferred")
    for item in mt.agenda_items(store, 4):
        if item.status == "open":
            mt.update_item(store, item.id, item.version, status="discussed")
    ma.add_action(store, 4, "Zahlen prüfen", owner="Kreis Ahrwiesen")
    mf.mark_held(store, 4, mt.get_meeting(store, 4).version)
    new = mt.create_meeting(store, 1, "Ringtreffen Q3/2026", period="2026-Q3",
                            held_on="2027-03-10")
    store.close()
    return new, k2.id


async def test_new_meeting_drafts_from_proposals(sample_db: Path) -> None:
    new, k2 = new_meeting_after_a_held_one(sample_db)
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_agenda(app, pilot, new)
        proposals = screen.query_one("#proposals", DataTable)
        assert screen.query_one("#proposals-box").display and app.focused is proposals
        kinds = column(proposals, 0)
        assert kinds[:3] == ["vertagt", "offene Aufgabe", "offene Aufgabe"]
        assert set(kinds[3:]) == {"auffällige Zahl"}
        await pilot.press("enter")  # accept the deferred K2 topic
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert agenda(sample_db, new) == [
            (1, "Integrationsquote: Entwicklung im Ring", "K2", None, "2026-Q3", "open",
             f"deferred:{k2}")]
        dropped = str(proposals.get_row_at(0)[1])
        await pilot.press("delete")  # drop the first open action item
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert dropped not in column(proposals, 1)
        with sqlite3.connect(sample_db) as conn:  # dropped for everyone, not just this session
            drops = conn.execute("SELECT source FROM agenda_proposal_drops WHERE meeting_id = ?",
                                 (new,)).fetchall()
        assert len(drops) == 1 and drops[0][0].startswith("action:")
        await pilot.press("plus")  # accept the other one
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        items = agenda(sample_db, new)
        assert len(items) == 2 and items[1][1].startswith("Offene Aufgabe: ")
        assert items[1][6].startswith("action:")
        candidates = column(proposals, 0)
        assert candidates and set(candidates) == {"auffällige Zahl"}
        await pilot.press("enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        third = agenda(sample_db, new)[2]
        assert third[6].startswith("candidate:") and third[2] is not None
        assert "Als TOP 3 übernommen." in messages(app)
        items_table = screen.query_one("#items", DataTable)
        assert column(items_table, 0) == ["1", "2", "3"]


async def test_add_edit_move_status_and_delete_items(sample_db: Path) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_agenda(app, pilot, 4)
        table = screen.query_one("#items", DataTable)
        await pilot.press("a")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, FormDialog)
        await type_into(pilot, "Zugang")
        await pilot.press("tab", "enter")  # open the indicator list, search, choose
        await settle(pilot)
        await type_into(pilot, "K1E3")
        await pilot.press("enter")
        await settle(pilot)
        assert dialog.query_one("#field-indicator_code", Select).value == "K1E3"
        await pilot.press("tab", "tab")
        await type_into(pilot, "2026-Q1")
        await pilot.press("f2")
        await settle(pilot)
        assert agenda(sample_db, 4)[-1][:6] == (
            5, "Zugang", "K1E3", None, "2026-Q1", "open")
        assert table.cursor_row == 4
        await pilot.press("K", "K")  # move it up twice
        await settle(pilot)
        assert [r[1] for r in agenda(sample_db, 4)][2] == "Zugang"
        assert table.cursor_row == 2 and column(table, 1)[2] == "Zugang"
        await pilot.press("shift+down")
        await settle(pilot)
        assert [r[1] for r in agenda(sample_db, 4)][3] == "Zugang"
        await pilot.press("s")  # open → discussed
        await settle(pilot)
        assert agenda(sample_db, 4)[3][5] == "discussed"
        await pilot.press("e")
        await settle(pilot)
        assert app.screen.query_one("#field-title", Input).value == "Zugang"
        await type_into(pilot, "Neu")
        await pilot.press("enter")
        await settle(pilot)
        assert agenda(sample_db, 4)[3][1] == "Neu"
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("j")
        await settle(pilot)
        assert [r[0] for r in agenda(sample_db, 4)] == [1, 2, 3, 4]
        assert "Neu" not in [r[1] for r in agenda(sample_db, 4)]
        assert column(table, 0) == ["1", "2", "3", "4"]


async def test_reorder_after_someone_changed_the_agenda_is_refused(sample_db: Path) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_agenda(app, pilot, 4)
        before = agenda(sample_db, 4)
        other = open_store(sample_db)
        other.user = "bernd"
        mt.add_item(other, 4, "Nachtrag von Bernd")
        other.close()
        await pilot.press("J")
        await pilot.pause()
        assert agenda(sample_db, 4)[:4] == before  # nothing moved
        assert any("bernd" in m and "Tagesordnung" in m for m in messages(app))
        table = screen.query_one("#items", DataTable)
        assert column(table, 1)[-1] == "Nachtrag von Bernd"  # reloaded
        await pilot.press("J")  # now on the fresh agenda it works
        await pilot.pause()
        assert agenda(sample_db, 4)[1][1] == before[0][1]


async def test_editing_an_item_changed_elsewhere_keeps_the_other_version(sample_db: Path) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_agenda(app, pilot, 4)
        await pilot.press("e")
        await pilot.pause()
        with sqlite3.connect(sample_db) as other:
            other.execute("UPDATE agenda_items SET title = 'Bernds Titel', version = version + 1,"
                          " updated_by = 'bernd' WHERE meeting_id = 4 AND position = 1")
        await type_into(pilot, "Meiner")
        await pilot.press("enter")
        await pilot.pause()
        assert agenda(sample_db, 4)[0][1] == "Bernds Titel"
        assert any("bernd" in m and "Tagesordnungspunkt" in m for m in messages(app))


async def test_enter_twice_on_a_proposal_adds_it_once(sample_db: Path, monkeypatch) -> None:
    new, k2 = new_meeting_after_a_held_one(sample_db)
    draft = md.draft_proposals

    def slow_draft(*args, **kwargs):
        time.sleep(0.5)  # a busy server: the second Enter comes before the draft reloads
        return draft(*args, **kwargs)

    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_agenda(app, pilot, new)
        assert app.focused is screen.query_one("#proposals", DataTable)
        monkeypatch.setattr(md, "draft_proposals", slow_draft)
        await pilot.press("enter", "enter")
        assert screen.selected_proposal().source == f"deferred:{k2}"  # still drawn, stale
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [item[6] for item in agenda(sample_db, new)] == [f"deferred:{k2}"]
        assert f"deferred:{k2}" not in screen.proposals
        # The stale row is ignored on the screen, not refused by the store as a conflict.
        assert messages(app) == ["Als TOP 1 übernommen."]


async def test_a_proposal_someone_else_accepted_is_not_added_again(sample_db: Path) -> None:
    new, k2 = new_meeting_after_a_held_one(sample_db)
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_agenda(app, pilot, new)
        proposal = screen.selected_proposal()
        assert proposal is not None and proposal.source == f"deferred:{k2}"
        other = open_store(sample_db)
        other.user = "bernd"
        md.accept_proposal(other, new, proposal, "Von Bernd übernommen")
        other.close()
        await pilot.press("enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [item[1] for item in agenda(sample_db, new)] == ["Von Bernd übernommen"]
        assert any(m.startswith("bernd hat das Treffen (oder seine Tagesordnung)")
                   for m in messages(app))
        assert column(screen.query_one("#items", DataTable), 1) == ["Von Bernd übernommen"]
        assert proposal.source not in screen.proposals
