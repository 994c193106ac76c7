"""The whole meeting cycle through the keyboard: create, draft, edit, reorder, run, hold, export."""

from __future__ import annotations

from pathlib import Path

import pytest

from screens.agenda import AgendaScreen
from screens.meeting_mode import MeetingModeScreen
from screens.meetings import MeetingsScreen
from screens.ring import RingScreen
from tests.screens.helpers import settle, wait_until
from tests.screens.test_meetings import rows, type_into
from tui.app import RingvergleichApp


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_meeting_cycle_end_to_end(sample_db: Path, size) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)  # the rings are loaded in a worker
        await pilot.press("down", "enter")  # home → "Ländliche Optionskommunen West"
        await settle(pilot)
        assert isinstance(app.screen, RingScreen)
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, MeetingsScreen) and app.screen.ring_id == 1

        # Create the meeting; its agenda opens with the draft.
        await pilot.press("n", "tab", "tab")
        await type_into(pilot, "15.01.2027")
        await pilot.press("tab")
        await type_into(pilot, "Nordhalde")
        await pilot.press("enter")
        await settle(pilot)
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert isinstance(app.screen, AgendaScreen)
        meeting_id = app.screen.meeting_id
        assert rows(sample_db, "SELECT title, period, held_on, place FROM meetings WHERE id = ?",
                    (meeting_id,)) == [("Ringtreffen Q2/2026", "2026-Q2", "2027-01-15",
                                        "Nordhalde")]

        # Draft: accept the open action item and the first discussion candidate.
        await pilot.press("enter")
        await settle(pilot)
        await app.workers.wait_for_complete()
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await app.workers.wait_for_complete()
        await settle(pilot)
        # A manual item, moved to the top.
        await pilot.press("a")
        await settle(pilot)
        await type_into(pilot, "Hallo")
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press("K", "K")
        await settle(pilot)
        agenda = rows(sample_db, "SELECT position, title, indicator_code, source FROM"
                      " agenda_items WHERE meeting_id = ? ORDER BY position", (meeting_id,))
        assert [a[1] for a in agenda][0] == "Hallo"
        assert agenda[1][3].startswith("action:") and agenda[2][3].startswith("candidate:")
        assert agenda[2][2] is not None

        # Run the meeting: notes and a decision on the figure, status, then hold it.
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, MeetingModeScreen)
        await pilot.press("pagedown", "pagedown", "f2")
        await type_into(pilot, "Lage")
        await pilot.press("f3")
        await type_into(pilot, "Prüfen")
        await wait_until(pilot, lambda: rows(  # saved as typed
            sample_db, "SELECT notes, decisions FROM agenda_items WHERE id = ?",
            (app.screen.item.id,)) == [("Lage", "Prüfen")])
        await pilot.press("f5", "f9")
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        assert rows(sample_db, "SELECT notes, decisions, status FROM agenda_items WHERE id = ?",
                    (app.screen.item.id,)) == [("Lage", "Prüfen", "discussed")]
        assert rows(sample_db, "SELECT status FROM meetings WHERE id = ?",
                    (meeting_id,)) == [("held",)]
        members = rows(sample_db, "SELECT count(*) FROM ring_members WHERE ring_id = 1 AND"
                       " (until IS NULL OR until >= '2026-06-30')")[0][0]
        frozen = rows(sample_db, "SELECT count(DISTINCT ags), count(DISTINCT indicator_code)"
                      " FROM meeting_figures WHERE meeting_id = ?", (meeting_id,))
        assert frozen == [(members, 1)]

        # Export the minutes as Markdown and HTML from the agenda.
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert isinstance(app.screen, AgendaScreen)
        await pilot.press("x", "p")
        await settle(pilot)
        markdown = app.last_export.read_text(encoding="utf-8")
        await pilot.press("x", "P")
        await settle(pilot)
        html = app.last_export.read_text(encoding="utf-8")
    assert markdown.startswith("# Protokoll: Ringtreffen Q2/2026\n")
    assert "## TOP 1: Hallo" in markdown and "## TOP 3: " in markdown
    top3 = markdown.split("## TOP 3: ")[1]
    assert "### Notizen\n\nLage" in top3 and "### Beschlüsse\n\nPrüfen" in top3
    assert "Zahlen wie besprochen" in top3 and "| Kommune | Wert |" in top3
    assert "<h2>TOP 3: " in html and "<p>Lage</p>" in html and "<p>Prüfen</p>" in html
