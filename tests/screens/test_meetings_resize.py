"""Resizing a meeting list reads the database only when the text columns change their cut."""

from __future__ import annotations

from pathlib import Path

import pytest

from screens import meetings as meetings_screen
from tests.screens.helpers import wait_until
from tests.screens.test_meetings import column, open_list
from tui.app import RingvergleichApp


async def test_resize_rereads_only_when_crossing_the_wide_width(
        sample_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reads: list[int] = []
    list_meetings = meetings_screen.mt.list_meetings

    def counted(store, ring_id):
        reads.append(ring_id)
        return list_meetings(store, ring_id)

    monkeypatch.setattr(meetings_screen.mt, "list_meetings", counted)
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_list(app, pilot)
        narrow_title = column(table, 4)[0]
        before = len(reads)
        await pilot.resize_terminal(90, 30)  # still narrow: nothing to read or redraw
        await wait_until(pilot, lambda: app.screen.size.width == 90)  # the resize arrived
        await pilot.pause()
        assert len(reads) == before
        await pilot.resize_terminal(130, 40)  # wide now: whole titles
        await wait_until(pilot, lambda: len(reads) > before)
        await pilot.pause()
        assert len(reads) == before + 1
        assert len(column(table, 4)[0]) >= len(narrow_title)
        assert column(table, 4)[0] == "Ringtreffen Q2/2026"
