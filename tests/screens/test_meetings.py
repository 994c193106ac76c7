"""The meetings list: show, create, edit, delete (with confirmation) and export, via Pilot."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Static

from screens.agenda import AgendaScreen
from screens.meetings import MeetingsScreen
from tui.app import RingvergleichApp
from tui.kit.widgets.forms import ConfirmDialog, FormDialog, MeetingExportDialog

SIZES = [(80, 24), (120, 40)]


def rows(db: Path, sql: str, params: tuple = ()) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


def column(table: DataTable, index: int) -> list[str]:
    return [str(table.get_row_at(i)[index]) for i in range(table.row_count)]


def messages(app: RingvergleichApp) -> list[str]:
    return [n.message for n in app._notifications]


async def open_list(app: RingvergleichApp, pilot, ring_id: int = 1) -> DataTable:
    await pilot.pause()
    app.open_meetings(ring_id)
    await pilot.pause()
    assert isinstance(app.screen, MeetingsScreen)
    return app.screen.query_one("#meetings", DataTable)


async def type_into(pilot, text: str) -> None:
    await pilot.press(*[{" ": "space"}.get(ch, ch) for ch in text])


@pytest.mark.parametrize("size", SIZES)
async def test_list_shows_the_rings_meetings_newest_first(sample_db: Path, size) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=size) as pilot:
        table = await open_list(app, pilot)
        # Nr. is what `ringvergleich agenda NR` takes.
        assert column(table, 0) == ["4", "3", "2", "1"]
        assert column(table, 1) == ["Q2/2026", "Q1/2026", "Q4/2025", "Q3/2025"]
        assert column(table, 2) == ["10.12.2026", "18.06.2026", "12.03.2026", "04.12.2025"]
        assert column(table, 5) == ["geplant"] + ["stattgefunden"] * 3
        assert column(table, 4)[0] == "Ringtreffen Q2/2026"
        assert column(table, 3)[0].startswith("Kreishau")
        assert table.virtual_size.width <= size[0]
        title = str(app.screen.query_one("#meetings-title", Static).render())
        assert "Ländliche Optionskommunen West" in title


async def test_create_meeting_then_its_agenda_opens(sample_db: Path) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_list(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FormDialog)
        # Proposed: the newest quarter with data and a title for it.
        assert dialog.query_one("#field-title", Input).value == "Ringtreffen Q2/2026"
        assert dialog.query_one("#field-period", Input).value == "Q2/2026"  # as shown
        await type_into(pilot, "Sondertreffen")  # replaces the selected proposal
        await pilot.press("tab", "tab")
        await type_into(pilot, "31.02.2027")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog  # an impossible date keeps the dialog open
        assert "TT.MM.JJJJ" in str(dialog.query_one("#form-error", Static).render())
        assert app.focused is dialog.query_one("#field-held_on", Input)
        await pilot.press("ctrl+a", "ctrl+k")
        await type_into(pilot, "03.02.2027")
        await pilot.press("tab")
        await type_into(pilot, "Rathaus <Saal> [1]")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AgendaScreen)
        stored = rows(sample_db, "SELECT id, ring_id, title, period, held_on, place, status,"
                      " version, updated_by FROM meetings WHERE title = 'Sondertreffen'")
        assert len(stored) == 1
        meeting_id, *values = stored[0]
        assert values == [1, "Sondertreffen", "2026-Q2", "2027-02-03", "Rathaus <Saal> [1]",
                          "planned", 1, app.store.user]
        assert app.screen.meeting_id == meeting_id
        title = str(app.screen.query_one("#agenda-title", Static).render())
        assert "2. Quartal 2026" in title
        assert title.startswith(f"Tagesordnung · Treffen Nr. {meeting_id} · Sondertreffen")
        assert "Rathaus <Saal> [1]" in title  # data text literally
        await pilot.press("escape")
        await pilot.pause()
        table = app.screen.query_one("#meetings", DataTable)
        assert column(table, 0)[0] == str(meeting_id)
        assert column(table, 4)[0] == "Sondertreffen"
        assert column(table, 3)[0] == "Rathaus …"  # shortened at 80 columns


async def test_edit_meeting_records_the_new_values(sample_db: Path) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_list(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FormDialog)
        assert dialog.query_one("#field-held_on", Input).value == "10.12.2026"
        await pilot.press("tab", "tab", "tab")
        await type_into(pilot, "Kreishaus Feldmark")
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, MeetingsScreen)
        assert rows(sample_db, "SELECT place, held_on, version FROM meetings WHERE id = 4") == [
            ("Kreishaus Feldmark", "2026-12-10", 2)]


async def test_delete_asks_first_and_then_deletes(sample_db: Path) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_list(app, pilot)
        await pilot.press("j", "delete")  # the second row: meeting 3
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "Ringtreffen Q1/2026" in app.screen.question
        await pilot.press("n")
        await pilot.pause()
        assert rows(sample_db, "SELECT count(*) FROM meetings WHERE id = 3") == [(1,)]
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("j")
        await pilot.pause()
        assert rows(sample_db, "SELECT count(*) FROM meetings WHERE id = 3") == [(0,)]
        assert rows(sample_db, "SELECT count(*) FROM agenda_items WHERE meeting_id = 3") == [(0,)]
        assert "Q1/2026" not in column(table, 1)
        assert "Gelöscht." in messages(app)


async def test_delete_of_a_meeting_changed_elsewhere_is_refused(sample_db: Path) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_list(app, pilot)
        with sqlite3.connect(sample_db) as other:  # a colleague renames it meanwhile
            other.execute("UPDATE meetings SET title = 'Neu', version = version + 1,"
                          " updated_by = 'bernd', updated_at = '2026-11-27T10:00:00+00:00'"
                          " WHERE id = 4")
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("j")
        await pilot.pause()
        assert rows(sample_db, "SELECT title FROM meetings WHERE id = 4") == [("Neu",)]
        assert any("bernd" in m and "geändert" in m for m in messages(app))
        table = app.screen.query_one("#meetings", DataTable)
        assert column(table, 4)[0] == "Neu"  # reloaded


@pytest.mark.parametrize("key, suffix, marker", [
    ("p", "protokoll.md", "# Protokoll: Ringtreffen Q1/2026"),
    ("T", "tagesordnung.html", "<h1>Tagesordnung: Ringtreffen Q1/2026</h1>"),
])
async def test_export_from_the_list(sample_db: Path, tmp_path: Path, key: str, suffix: str,
                                    marker: str) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_list(app, pilot)
        await pilot.press("j", "x")
        await pilot.pause()
        assert isinstance(app.screen, MeetingExportDialog)
        await pilot.press(key)
        await pilot.pause()
        path = app.last_export
        assert path.parent == tmp_path / "data" / "export"
        # Ring, title and time in the name: another ring's "Ringtreffen Q1/2026" (or the
        # next export of this one) gets a file of its own.
        stem, kind = suffix.split(".")
        assert re.fullmatch(rf"Ländliche-Optionskommunen-West-Ringtreffen-Q1-2026-{stem}"
                            rf"-\d{{8}}-\d{{6}}\.{kind}", path.name), path.name
        text = path.read_text(encoding="utf-8")
        assert marker in text
        for (title,) in rows(sample_db, "SELECT title FROM agenda_items WHERE meeting_id = 3"):
            assert title in text
        # The number and the command line for the same document, for the next time.
        command = f"ringvergleich agenda 3{' --minutes' if key == 'p' else ''}"
        command += f"{' --format html' if key == 'T' else ''} --db {sample_db}"
        assert any(m.startswith("Treffen Nr. 3 exportiert: ") and str(path) in m
                   and m.endswith(command) for m in messages(app))
        await pilot.press("x", key)  # at once again: a new file, the first one kept
        await pilot.pause()
        assert app.last_export != path and path.read_text(encoding="utf-8") == text
        assert len(list(path.parent.iterdir())) == 2


@pytest.mark.parametrize("typed, stored", [
    ("Q3/2026", "2026-Q3"), ("3. Quartal 2026", "2026-Q3"), ("2026-Q3", "2026-Q3"),
    ("09/2026", "2026-09"),
])
async def test_meeting_form_takes_every_period_form_the_app_shows(
        sample_db: Path, typed: str, stored: str) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_list(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        period = dialog.query_one("#field-period", Input)
        period.value = typed
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, MeetingsScreen)
        assert rows(sample_db, "SELECT period FROM meetings WHERE id = 4") == [(stored,)]


async def test_meeting_form_refuses_no_period_with_the_forms_it_takes(sample_db: Path) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_list(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        dialog.query_one("#field-period", Input).value = "Herbst"
        await pilot.press("f2")
        await pilot.pause()
        assert app.screen is dialog
        assert "Q2/2026" in str(dialog.query_one("#form-error", Static).render())
