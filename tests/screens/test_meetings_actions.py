"""Action items: add, edit, mark done, delete; open ones of earlier meetings carry over; help."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import DataTable

from screens.help import HelpScreen
from screens.meeting_actions import ActionsScreen
from screens.meeting_mode import MeetingModeScreen
from tests.screens.test_meetings import column, rows, type_into
from tests.screens.test_meetings_agenda import open_agenda
from tui.app import RingvergleichApp
from tui.kit.widgets.forms import ConfirmDialog, FormDialog


def actions(db: Path) -> list[tuple]:
    return rows(db, "SELECT id, meeting_id, text, owner, due_on, done, done_on FROM action_items"
                " WHERE meeting_id IN (3, 4) ORDER BY id")


async def test_action_items_of_a_meeting(sample_db: Path) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_agenda(app, pilot, 4)
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, ActionsScreen)
        table = app.screen.query_one("#actions", DataTable)
        # Meeting 3 left one action item open: it carries over to meeting 4.
        assert column(table, 4) == ["Ringtreffen Q1/2026"]
        assert table.virtual_size.width <= 80
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        await type_into(pilot, "Neu")
        await pilot.press("tab")
        await type_into(pilot, "Ring")
        await pilot.press("tab")
        await type_into(pilot, "1.2.2027")
        await pilot.press("enter")
        await pilot.pause()
        new_id = actions(sample_db)[-1][0]
        assert actions(sample_db)[-1][1:] == (4, "Neu", "Ring", "2027-02-01", 0, None)
        assert column(table, 0)[0] == "Neu" and table.row_count == 2
        await pilot.press("space")  # the cursor is on the new item
        await pilot.pause()
        assert actions(sample_db)[-1][5:] == (1, date.today().isoformat())
        assert column(table, 3)[0] == "ja"
        await pilot.press("j", "space")  # the carried-over item of meeting 3 is done too
        await pilot.pause()
        assert actions(sample_db)[0][5] == 1
        assert table.row_count == 1  # done, so it no longer carries over
        await pilot.press("e")
        await pilot.pause()
        await type_into(pilot, "Anders")
        await pilot.press("f2")
        await pilot.pause()
        assert actions(sample_db)[-1][2] == "Anders"
        assert actions(sample_db)[-1][6] == date.today().isoformat()  # done day kept
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("j")
        await pilot.pause()
        assert new_id not in [a[0] for a in actions(sample_db)]


async def test_help_in_meeting_mode_lists_its_keys(sample_db: Path) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_agenda(app, pilot, 4)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, MeetingModeScreen)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        lines = dict((d, k) for k, d in app.screen.keys)
        for description in ("Nächster TOP", "Voriger TOP", "Notizen", "Beschlüsse",
                            "Neue Aufgabe", "Besprochen", "Vertagt", "Abschließen"):
            assert description in lines
        assert lines["Nächster TOP"] == "Bild↓ / n"
        assert "F2" in lines["Notizen"] or "f2" in lines["Notizen"]
