"""Typed text is never lost: a held lock, a full disk, quitting and a killed app keep it
(in the editor and the local journal) until it is written, and the next start offers it."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from textual.widgets import TextArea

from screens.journal import JournalDialog
from screens.meeting_dialogs import ConfirmDialog
from screens.meeting_mode import MeetingModeScreen
from tests.screens.helpers import wait_until
from tests.screens.test_meetings import messages, type_into
from tests.screens.test_meetings_mode import head, item, open_mode
from tests.store.test_safety import FullDisk
from tui.app import RingvergleichApp
from tui.journal import Journal, journal_path

REPO = Path(__file__).resolve().parents[2]


def hold_lock(db: Path) -> sqlite3.Connection:
    """Another process's long write (a colleague's import): the write lock is held."""
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    return holder


def journal_texts(db: Path) -> list[str]:
    return [e.text for e in Journal(db).entries().values()]


async def test_note_typed_while_the_lock_is_held_survives(sample_db: Path, monkeypatch) -> None:
    monkeypatch.setattr("screens.meeting_mode.RETRY_SECONDS", 0.5)  # the real 3 s add nothing here
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_mode(app, pilot)
        await pilot.press("pagedown")
        await pilot.pause()
        before = item(sample_db, 2)
        holder = hold_lock(sample_db)
        try:
            await pilot.press("f2")
            await type_into(pilot, "Wichtig")
            await pilot.press("pagedown")  # would have dropped the note before
            await pilot.pause()
            assert "TOP 2 von 4" in head(screen)  # stays with the unsaved text
            assert screen.query_one("#notes", TextArea).text.endswith("Wichtig")
            assert any("nicht gespeichert" in m and "gesperrt" in m for m in messages(app))
            assert journal_texts(sample_db) == [before["notes"] + "Wichtig"]
            await pilot.press("ctrl+q")  # quitting asks
            await pilot.pause()
            assert isinstance(app.screen, ConfirmDialog)
            await pilot.press("n")
            await pilot.pause()
            assert app.is_running
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        # retried on its own once the lock is gone
        await wait_until(pilot, lambda: item(sample_db, 2)["notes"] == before["notes"] + "Wichtig")
        assert journal_texts(sample_db) == []
        assert "Text jetzt gespeichert." in messages(app)
        await pilot.press("pagedown")
        await pilot.pause()
        assert "TOP 3 von 4" in head(screen)


async def test_disk_full_during_autosave_keeps_the_text(sample_db: Path) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_mode(app, pilot)
        await pilot.press("pagedown")
        await pilot.pause()
        before = item(sample_db, 2)
        real = app.store.conn
        app.store.conn = FullDisk(real)  # type: ignore[assignment]
        try:
            await pilot.press("f2")
            await type_into(pilot, "Voll")
            # Typing may outlast the save delay: wait until the journal holds all of it.
            await wait_until(pilot, lambda: journal_texts(sample_db) == [before["notes"] + "Voll"])
            assert isinstance(app.screen, MeetingModeScreen)  # no crash
            assert any("Speicherplatz" in m and "voll" in m for m in messages(app))
            assert screen.query_one("#notes", TextArea).text.endswith("Voll")
            assert journal_texts(sample_db) == [before["notes"] + "Voll"]
            assert item(sample_db, 2)["notes"] == before["notes"]
        finally:
            app.store.conn = real
        await pilot.press("pagedown")  # space again: saved, then on
        await pilot.pause()
        assert item(sample_db, 2)["notes"] == before["notes"] + "Voll"
        assert "TOP 3 von 4" in head(screen)
        assert journal_texts(sample_db) == []


async def test_next_start_offers_the_journal_and_restores_it(sample_db: Path) -> None:
    before = item(sample_db, 2)
    app = RingvergleichApp(sample_db)
    holder = None
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await open_mode(app, pilot)
            await pilot.press("pagedown")
            await pilot.pause()
            holder = hold_lock(sample_db)  # held until the app is gone
            await pilot.press("f2")
            await type_into(pilot, "Gerettet")
            await wait_until(pilot,
                             lambda: journal_texts(sample_db) == [before["notes"] + "Gerettet"])
            await pilot.press("ctrl+q", "j")  # quit anyway: the journal keeps it
            await pilot.pause()
    finally:
        if holder is not None:
            holder.execute("ROLLBACK")
            holder.close()
    assert item(sample_db, 2)["notes"] == before["notes"]
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, JournalDialog)
        shown = " ".join(str(s.render()) for s in app.screen.query("Static"))
        assert "Gerettet" in shown and "TOP 2" in shown
        await pilot.press("w")
        await pilot.pause()
    assert item(sample_db, 2)["notes"] == before["notes"] + "Gerettet"
    assert journal_texts(sample_db) == []


async def test_restoring_appends_when_someone_wrote_meanwhile(sample_db: Path) -> None:
    from store import meetings as mt
    from store.db import open_store
    from tui.journal import Entry

    before = item(sample_db, 2)
    Journal(sample_db).keep(Entry(key=f"item:{before['id']}:notes", kind="item", label="TOP 2",
                                  text=before["notes"] + " meins", base=before["notes"],
                                  target={"id": before["id"], "field": "notes"}))
    store = open_store(sample_db)
    mt.update_item(store, before["id"], before["version"], notes="Kollegin schrieb das")
    store.close()
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
    assert item(sample_db, 2)["notes"] == f"Kollegin schrieb das\n\n{before['notes']} meins"


# The app runs in its own process and types into meeting mode while another process holds
# the write lock; it is then killed (SIGKILL, as when an SSH link drops).
CHILD = """
import asyncio, sys
from screens.meeting_mode import MeetingModeScreen
from tui.app import RingvergleichApp
from tui.journal import journal_path

async def main():
    app = RingvergleichApp(sys.argv[1])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(MeetingModeScreen(4))
        await pilot.pause()
        await pilot.press("pagedown", "f2")
        print("ready", flush=True)
        if sys.stdin.readline().strip() == "full":
            from tests.store.test_safety import FullDisk
            app.store.conn = FullDisk(app.store.conn)  # every write: disk full
        await pilot.press(*"Abgesprochen")
        journal = journal_path(sys.argv[1])
        while not (journal.exists() and "Abgesprochen" in journal.read_text(encoding="utf-8")):
            await pilot.pause(0.05)  # the save was tried: the text is in the journal
        print("typed", flush=True)
        while True:
            await pilot.press("x")

asyncio.run(main())
"""


@pytest.mark.parametrize("disk_full", [False, True])
async def test_killed_while_the_lock_is_held_or_the_disk_is_full(sample_db: Path,
                                                                 disk_full: bool) -> None:
    env = dict(os.environ)
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(sample_db)], cwd=REPO, env=env,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True)
    holder = None
    try:
        assert child.stdout is not None and child.stdin is not None
        assert child.stdout.readline().strip() == "ready"
        if not disk_full:
            holder = hold_lock(sample_db)
        child.stdin.write("full\n" if disk_full else "go\n")
        child.stdin.flush()
        assert child.stdout.readline().strip() == "typed"
        time.sleep(0.5)
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
        if holder is not None:
            holder.execute("ROLLBACK")
            holder.close()
    assert child.returncode == -signal.SIGKILL
    data = json.loads(journal_path(sample_db).read_text(encoding="utf-8"))
    (entry,) = data["entries"]
    assert "Abgesprochen" in entry["text"]
    before = item(sample_db, 2)
    assert "Abgesprochen" not in before["notes"]
    app = RingvergleichApp(sample_db)  # the next start offers it; w writes it
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, JournalDialog)
        await pilot.press("w")
        await pilot.pause()
    assert "Abgesprochen" in item(sample_db, 2)["notes"]


async def test_a_note_on_a_figure_refused_by_a_full_disk_is_kept(sample_db: Path) -> None:
    from textual.widgets import DataTable

    from tests.screens.helpers import move_to_column, settle
    from tests.screens.test_ring import open_rural_ring

    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_rural_ring(pilot)
        move_to_column(screen.query_one("#matrix", DataTable), "SANQ")
        real = app.store.conn
        app.store.conn = FullDisk(real)  # type: ignore[assignment]
        try:
            await pilot.press("n")
            await settle(pilot)
            await pilot.press(*"Wegen Umzug")
            await pilot.press("enter")
            await settle(pilot)
        finally:
            app.store.conn = real
        assert any("voll" in m and "lokal gesichert" in m for m in messages(app))
    assert journal_texts(sample_db) == ["Wegen Umzug"]
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
    with sqlite3.connect(sample_db) as conn:
        assert conn.execute("SELECT count(*) FROM annotations WHERE text = 'Wegen Umzug'"
                            ).fetchone()[0] == 1
    conn.close()


async def test_a_form_stays_open_with_its_text_when_the_lock_is_held(sample_db: Path,
                                                                     monkeypatch) -> None:
    from textual.widgets import Input, Static

    from screens.meeting_dialogs import FormDialog
    from store import db as store_db
    from tests.screens.test_meetings import open_list

    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_list(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FormDialog)
        await pilot.press("tab", "tab", "tab")
        await type_into(pilot, "Kreishaus")
        monkeypatch.setattr(store_db, "BUSY_TIMEOUT_MS", 100)
        app.store.conn.execute("PRAGMA busy_timeout = 100")
        holder = hold_lock(sample_db)
        try:
            await pilot.press("f2")
            await pilot.pause()
            assert app.screen is dialog
            assert "gesperrt" in str(dialog.query_one("#form-error", Static).render())
            assert dialog.query_one("#field-place", Input).value.endswith("Kreishaus")
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        await pilot.press("f2")
        await pilot.pause()
        assert app.screen is not dialog
    with sqlite3.connect(sample_db) as conn:
        assert conn.execute("SELECT place FROM meetings WHERE id = 4").fetchone()[0].endswith(
            "Kreishaus")
    conn.close()
