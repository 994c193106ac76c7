"""Meeting mode: navigation, figures, notes saved while typing, status, action items, held."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from textual.widgets import DataTable, Static, TextArea

from screens.agenda import AgendaScreen
from screens.meeting_mode import SAVE_DELAY, MeetingModeScreen
from store import meetings as mt
from store import meetings_actions as ma
from store.db import open_store
from tests.screens.helpers import settle, wait_until
from tests.screens.test_meetings import messages, rows, type_into
from tests.screens.test_meetings_agenda import open_agenda
from tui.app import RingvergleichApp
from tui.kit.widgets.forms import ConfirmDialog, FormDialog

SIZES = [(80, 24), (120, 40)]


async def open_mode(app: RingvergleichApp, pilot, meeting_id: int = 4) -> MeetingModeScreen:
    await open_agenda(app, pilot, meeting_id)
    await pilot.press("m")
    await settle(pilot)  # the meeting is read in a worker
    assert isinstance(app.screen, MeetingModeScreen)
    return app.screen


def head(screen: MeetingModeScreen) -> str:
    return str(screen.query_one("#mode-head", Static).render())


def item(db: Path, position: int, meeting_id: int = 4) -> dict:
    (row,) = rows(db, "SELECT id, notes, decisions, status, version, updated_by FROM agenda_items"
                  " WHERE meeting_id = ? AND position = ?", (meeting_id, position))
    return dict(zip(("id", "notes", "decisions", "status", "version", "updated_by"), row,
                    strict=True))


@pytest.mark.parametrize("size", SIZES)
async def test_navigation_shows_one_item_with_its_figures(sample_db: Path, size) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=size) as pilot:
        screen = await open_mode(app, pilot)
        # The meeting's number first: `ringvergleich agenda 4` exports this meeting.
        assert head(screen).startswith("Nr. 4 · Ringtreffen Q2/2026 · TOP 1 von 4")
        figures = screen.query_one("#figures", DataTable)
        assert not figures.display  # the welcome item has no figures
        await pilot.press("pagedown")
        await pilot.pause()
        assert "TOP 2 von 4" in head(screen)
        assert figures.display and figures.row_count == 10  # members as of 2026-Q2
        assert "Integrationsquote" in str(screen.query_one("#mode-title", Static).render()) \
            or "Integrationsquote" in str(screen.query_one("#mode-links", Static).render())
        assert "Median" in str(screen.query_one("#mode-distribution", Static).render())
        await pilot.press("n")
        await pilot.pause()
        assert "TOP 3 von 4" in head(screen)
        # The linked municipality is where the cursor stands.
        key = figures.coordinate_to_cell_key(figures.cursor_coordinate).row_key.value
        assert key == "90306"
        await pilot.press("p", "pageup", "pageup")
        await pilot.pause()
        assert "TOP 1 von 4" in head(screen)
        assert screen.has_class("wide") == (size[0] >= 110)


async def test_notes_are_saved_while_typing(sample_db: Path) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_mode(app, pilot)
        await pilot.press("pagedown", "f2")
        await pilot.pause()
        notes = screen.query_one("#notes", TextArea)
        assert app.focused is notes
        await type_into(pilot, "np ok")
        await wait_until(pilot, lambda: item(sample_db, 2)["notes"] == "np ok")
        saved = item(sample_db, 2)
        assert saved["notes"] == "np ok"
        assert saved["updated_by"] == app.store.user
        assert "TOP 2 von 4" in head(screen)  # n and p were text, not navigation
        await pilot.press("enter")
        await type_into(pilot, "Zeile")
        await pilot.press("f3")
        await type_into(pilot, "AG")
        await pilot.press("pagedown")  # leaving the item saves at once, no waiting
        assert item(sample_db, 2)["decisions"] == "AG"
        assert item(sample_db, 2)["notes"].endswith("\nZeile")
        assert "TOP 3 von 4" in head(screen)
        assert notes.text == ""  # item 3 has no notes yet
        await pilot.press("pageup")
        await pilot.pause()
        assert notes.text.endswith("Zeile")
        await pilot.press("escape")  # leaves the editor, not the screen
        await pilot.pause()
        assert isinstance(app.screen, MeetingModeScreen) and not isinstance(app.focused, TextArea)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, AgendaScreen)


async def test_status_action_item_and_marking_held(sample_db: Path) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_mode(app, pilot)
        await pilot.press("n", "n", "f5")
        await settle(pilot)
        assert item(sample_db, 3)["status"] == "discussed"
        assert "besprochen" in head(screen)
        await pilot.press("v")
        await settle(pilot)
        assert item(sample_db, 3)["status"] == "deferred"
        await pilot.press("f4")
        await settle(pilot)
        assert isinstance(app.screen, FormDialog)
        await type_into(pilot, "Teilen")
        await pilot.press("tab")
        await type_into(pilot, "LK H")
        await pilot.press("tab")
        await type_into(pilot, "31.01.2027")
        await pilot.press("enter")
        await settle(pilot)
        assert rows(sample_db, "SELECT text, owner, due_on, done, agenda_item_id FROM"
                    " action_items WHERE meeting_id = 4") == [
            ("Teilen", "LK H", "2027-01-31", 0,
             item(sample_db, 3)["id"])]
        await pilot.press("f9")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("j")
        await settle(pilot)
        assert rows(sample_db, "SELECT status FROM meetings WHERE id = 4") == [("held",)]
        frozen = rows(sample_db, "SELECT count(*) FROM meeting_figures WHERE meeting_id = 4")
        assert frozen == [(30,)]  # K2, SANQ, K3E2 for the ten members
        assert any("30 Zahlen festgehalten" in m for m in messages(app))
        figures = screen.query_one("#figures", DataTable)
        assert len(figures.columns) == 5  # now with "changed since the meeting"
        assert "Stand des Treffens" in str(screen.query_one("#mode-distribution").render())


async def test_a_concurrent_note_is_detected_not_lost(sample_db: Path) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_mode(app, pilot)
        await pilot.press("pagedown", "f2")
        await type_into(pilot, "Anna")
        await wait_until(pilot, lambda: item(sample_db, 2)["notes"] == "Anna")
        assert item(sample_db, 2)["notes"] == "Anna"
        bernd = open_store(sample_db)
        bernd.user = "[b]bernd"  # shown literally, never as markup
        current = mt.get_item(bernd, item(sample_db, 2)["id"])
        mt.update_item(bernd, current.id, current.version, notes="Anna\nBernd war schneller")
        bernd.close()
        # " +A" reaches the save as one edit (as pasted): typed key by key on a busy machine,
        # " +" alone could be saved and refused first, and "A" would then go on top.
        screen.query_one("#notes", TextArea).insert(" +A")
        await wait_until(pilot, lambda: any("Zwischenablage" in m for m in messages(app)))
        assert item(sample_db, 2)["notes"] == "Anna\nBernd war schneller"  # not overwritten
        assert any(m.startswith("[b]bernd hat diesen Tagesordnungspunkt am ")
                   and "Zwischenablage" in m for m in messages(app))
        assert all(not n.markup for n in app._notifications)
        notes = screen.query_one("#notes", TextArea)
        await wait_until(pilot, lambda: notes.text == "Anna\nBernd war schneller")  # reloaded
        assert app.last_copied == "Anna +A"  # our version is kept for pasting
        notes.move_cursor(notes.document.end)
        await type_into(pilot, " ok")
        await wait_until(pilot, lambda: item(sample_db, 2)["notes"].endswith(" ok"))
        assert item(sample_db, 2)["notes"] == "Anna\nBernd war schneller ok"
        # The refused version also waits in the journal, offered at the next start.
        from tui.kit.journal import Journal

        kept = list(Journal(sample_db).entries().values())
        assert [e.text for e in kept] == ["Anna +A"] and ":refused:" in kept[0].key


async def test_quitting_right_after_typing_saves_the_text(sample_db: Path) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_mode(app, pilot)
        await pilot.press("pagedown", "f2", "Q", "ctrl+q")  # well within the save delay
        await pilot.pause()
    assert item(sample_db, 2)["notes"] == "Q"


async def test_changes_by_others_appear_while_nothing_is_unsaved(sample_db: Path,
                                                                 monkeypatch) -> None:
    monkeypatch.setattr("screens.meeting_mode.POLL_SECONDS", 0.1)
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_mode(app, pilot)
        await pilot.press("pagedown")
        other = open_store(sample_db)
        other.user = "bernd"
        current = mt.get_item(other, item(sample_db, 2)["id"])
        mt.update_item(other, current.id, current.version, notes="Von Bernd", status="discussed")
        mt.add_item(other, 4, "Nachtrag")
        other.close()
        await wait_until(pilot, lambda: "TOP 2 von 5" in head(screen))
        assert screen.query_one("#notes", TextArea).text == "Von Bernd"
        assert "TOP 2 von 5 · besprochen" in head(screen)
        await pilot.press("f2", "end")
        await type_into(pilot, "!")
        await wait_until(pilot, lambda: item(sample_db, 2)["notes"].endswith("!"))
        assert item(sample_db, 2)["notes"] == "Von Bernd!"  # typed on top, nothing lost


async def test_read_only_database_shows_but_does_not_edit(sample_db: Path) -> None:
    app = RingvergleichApp(sample_db, readonly=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_mode(app, pilot)
        await pilot.press("pagedown", "f2")
        await pilot.pause()
        notes = screen.query_one("#notes", TextArea)
        assert notes.disabled and app.focused is not notes
        assert messages(app) == [f"Die Datenbank {sample_db} ist nur lesend geöffnet."]
        await pilot.press("f5")
        await pilot.pause()
        assert item(sample_db, 2)["status"] == "open"
        assert len(messages(app)) == 2 and "TOP 2 von 4 · offen" in head(screen)


@pytest.mark.parametrize("size", SIZES)
async def test_chart_has_each_bar_beside_its_own_name(sample_db: Path, size) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=size) as pilot:
        screen = await open_mode(app, pilot)
        await pilot.press("pagedown", "g")
        await settle(pilot)
        figures = screen.query_one("#figures", DataTable)
        names = [str(figures.get_row_at(i)[0]) for i in range(figures.row_count)]
        values = [float(str(figures.get_row_at(i)[1]).rstrip("p").replace(",", "."))
                  for i in range(figures.row_count)]
        assert len(names) == 10
        chart = screen.query_one("#chart")
        assert chart.display
        lines = str(chart.render()).splitlines()
        bars = [line for line in lines if "┤" in line]
        labels = [line.split("┤")[0].strip() for line in bars]
        assert labels == [n if len(n) <= 18 else n[:17] + "…" for n in names]  # table order
        assert chart.size.height == 10 + 4  # one row per member, title, frame and axis
        # Longer bar, larger value: no bar sits beside another member's name.
        lengths = [line.split("┤")[1].rfind("█") for line in bars]
        ranked = sorted(zip(values, lengths, strict=True))
        assert all(a[1] <= b[1] for a, b in itertools.pairwise(ranked))
        assert not any("█" in line for line in lines if "┤" not in line)
        box = screen.query_one("#chart-box")
        assert box.display
        if size == (80, 24):  # the editors fold to one line: every bar fits, none squeezed
            assert box.max_scroll_y == 0 and app.focused is box
            await pilot.press("g")
            await settle(pilot)
            assert app.focused is figures and not box.display


async def test_holding_warns_of_open_items_and_a_future_date(sample_db: Path) -> None:
    from datetime import date, timedelta

    future = (date.today() + timedelta(days=30)).isoformat()
    with __import__("sqlite3").connect(sample_db) as conn:
        conn.execute("UPDATE meetings SET held_on = ? WHERE id = 4", (future,))
        conn.execute("UPDATE agenda_items SET status = 'discussed' WHERE meeting_id = 4"
                     " AND position IN (1, 2)")
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_mode(app, pilot)
        assert "TOP 1 von 4" in head(screen)  # opens at the first item
        await pilot.press("f9")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert "Noch offen: 2 TOP(s) (3, 4)" in dialog.question
        assert "eingetragen wird heute" in dialog.question
        await pilot.press("j")
        await pilot.pause()
    assert rows(sample_db, "SELECT status, held_on FROM meetings WHERE id = 4") == [
        ("held", date.today().isoformat())]


async def test_overdue_action_items_are_flagged(sample_db: Path) -> None:
    from screens.meeting_actions import ActionsScreen

    store = open_store(sample_db)
    late = ma.add_action(store, 4, "Zahlen prüfen", owner="Kreis Ahrwiesen", due_on="2020-01-31",
                         agenda_item_id=mt.agenda_items(store, 4)[2].id)
    store.close()
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_mode(app, pilot)
        await pilot.press("pagedown", "pagedown")
        await pilot.pause()
        links = str(screen.query_one("#mode-links", Static).render())
        assert "Aufgaben: 1 (1 überfällig)" in links
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, ActionsScreen)
        table = app.screen.query_one("#actions", DataTable)
        row = table.get_row(str(late))
        assert str(row[2]) == "31.01.2020 !"


@pytest.mark.parametrize("answer, position", [("n", 1), ("j", 3)])
async def test_from_the_agenda_it_starts_at_top_1_unless_asked(
        sample_db: Path, answer: str, position: int) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_agenda(app, pilot, 4)
        await pilot.press("down", "down", "m")  # the cursor on TOP 3
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "Bei TOP 3" in app.screen.question
        await pilot.press(answer)
        await pilot.pause()
        assert isinstance(app.screen, MeetingModeScreen)
        assert f"TOP {position} von 4" in head(app.screen)


async def test_a_note_naming_a_member_is_shown_pseudonymised_and_never_saved_so(
        sample_db: Path) -> None:
    store = open_store(sample_db)
    two = next(i for i in mt.agenda_items(store, 4) if i.position == 2)
    mt.update_item(store, two.id, two.version, notes="Kreis Ahrwiesen berichtet")
    store.close()
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_mode(app, pilot)
        await pilot.press("f8")
        await pilot.pause()
        await pilot.press("pagedown")
        await pilot.pause()
        notes = screen.query_one("#notes", TextArea)
        assert notes.text.startswith("Kommune ") and "Ahrwiesen" not in notes.text
        assert notes.read_only
        await pilot.press("f2", *"xyz")
        await pilot.pause(SAVE_DELAY + 0.2)
        assert any("pseudonymisiert angezeigt" in m for m in messages(app))
        assert item(sample_db, 2)["notes"] == "Kreis Ahrwiesen berichtet"  # untouched
        await pilot.press("escape", "f8", "j")  # off again (asks first)
        await pilot.pause()
        assert notes.text == "Kreis Ahrwiesen berichtet" and not notes.read_only
