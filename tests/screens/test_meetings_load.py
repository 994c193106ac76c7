"""The meeting screens read the database in a worker: a slow or locked database never
freezes the keys."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from textual.widgets import DataTable

from screens.agenda import AgendaScreen
from store import meetings as mt
from tests.screens.helpers import settle, wait_until
from tests.screens.test_meetings_mode import item, open_mode
from tui.app import RingvergleichApp


async def test_agenda_keys_work_while_its_load_is_blocked(
        sample_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    released = threading.Event()
    started = threading.Event()
    agenda_items = mt.agenda_items

    def blocked(store, meeting_id):  # a database held by someone else's long write
        started.set()
        released.wait(timeout=10)
        return agenda_items(store, meeting_id)

    monkeypatch.setattr(mt, "agenda_items", blocked)
    app = RingvergleichApp(sample_db)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            app.push_screen(AgendaScreen(4))
            await wait_until(pilot, started.is_set)
            screen = app.screen
            assert isinstance(screen, AgendaScreen)
            items = screen.query_one("#items", DataTable)
            box = screen.query_one("#proposals-box")
            shown = box.has_class("shown")
            await pilot.press("v")  # handled although the agenda is still being read
            await wait_until(pilot, lambda: box.has_class("shown") != shown)
            assert items.row_count == 0 and not released.is_set()
            released.set()
            await wait_until(pilot, lambda: items.row_count == 4)
            assert screen.meeting is not None and screen.meeting.id == 4
    finally:
        released.set()


async def test_meeting_mode_takes_notes_while_the_item_is_still_being_read(
        sample_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = RingvergleichApp(sample_db)
    released = threading.Event()
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_mode(app, pilot)
            get_item = mt.get_item

            def blocked(store, item_id):
                released.wait(timeout=10)
                return get_item(store, item_id)

            monkeypatch.setattr(mt, "get_item", blocked)
            await pilot.press("pagedown", "f2")  # TOP 2 at once, from the agenda as read
            await pilot.press(*"Anna")
            await wait_until(pilot, lambda: item(sample_db, 2)["notes"] == "Anna")
            assert not released.is_set()  # saved while the item's own read still waits
            released.set()
            await settle(pilot)
            notes = screen.query_one("#notes")
            assert notes.text == "Anna" and item(sample_db, 1)["notes"] != "Anna"
    finally:
        released.set()
