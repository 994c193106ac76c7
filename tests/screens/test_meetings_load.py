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
