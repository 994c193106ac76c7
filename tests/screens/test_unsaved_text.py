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
from screens.meeting_mode import RETRY_SECONDS, SAVE_DELAY, MeetingModeScreen
from tests.screens.helpers import wait_until
from tests.screens.test_meetings import messages, type_into
from tests.screens.test_meetings_mode import head, item, open_mode
from tests.store.test_safety import FullDisk
from tui.app import RingvergleichApp
from tui.kit.journal import Journal, journal_path
from tui.kit.widgets.forms import ConfirmDialog

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
    from tui.kit.journal import Entry

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
from tui.kit.journal import journal_path

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

    from store import db as store_db
    from tests.screens.test_meetings import open_list
    from tui.kit.widgets.forms import FormDialog

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


async def test_text_typed_in_a_form_survives_a_dropped_connection(sample_db: Path) -> None:
    from textual.widgets import Input

    from tests.screens.test_meetings import open_list
    from tui.kit.widgets.forms import JOURNAL_DELAY, FormDialog

    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_list(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        await pilot.pause(JOURNAL_DELAY + 0.2)
        assert journal_texts(sample_db) == []  # nothing typed yet
        await pilot.press("tab", "tab", "tab")
        await type_into(pilot, "Kreishaus")
        await pilot.pause(JOURNAL_DELAY + 0.2)
        place = app.screen.query_one("#field-place", Input).value
        assert journal_texts(sample_db) == [f"Ort: {place}"]
        await pilot.press("escape")  # closing the dialog takes it out again
        await pilot.pause()
        assert journal_texts(sample_db) == []
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("tab", "tab", "tab")
        await type_into(pilot, "Rathaus")
        await pilot.pause(JOURNAL_DELAY + 0.2)
    # The session ends with the dialog open (as when SSH drops): the next start offers it.
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, JournalDialog)
        await pilot.press("w")
        await pilot.pause()
        assert "Rathaus" in app.last_copied
        assert any("Zwischenablage" in m for m in messages(app))
    assert journal_texts(sample_db) == []


async def test_a_note_on_a_figure_is_journaled_while_typed(sample_db: Path) -> None:
    from textual.widgets import DataTable

    from tests.screens.helpers import move_to_column, settle
    from tests.screens.test_ring import open_rural_ring
    from tui.kit.widgets.dialogs import KEEP_DELAY

    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_rural_ring(pilot)
        move_to_column(screen.query_one("#matrix", DataTable), "SANQ")
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"Halb")
        await pilot.pause(KEEP_DELAY + 0.2)
        assert journal_texts(sample_db) == ["Halb"]
        await pilot.press(*"fertig", "enter")  # saved: out of the journal
        await settle(pilot)
        assert journal_texts(sample_db) == []
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"Abgebrochen")
        await pilot.pause(KEEP_DELAY + 0.2)
        await pilot.press("escape")  # cancelled on purpose: out of the journal too
        await settle(pilot)
        assert journal_texts(sample_db) == []
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"Verbindung weg")
        await pilot.pause(KEEP_DELAY + 0.2)
    app = RingvergleichApp(sample_db)  # next start: w writes the note
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
    with sqlite3.connect(sample_db) as conn:
        texts_ = [r[0] for r in conn.execute("SELECT text FROM annotations WHERE text IN"
                                              " ('Halbfertig', 'Verbindung weg')")]
    conn.close()
    assert sorted(texts_) == ["Halbfertig", "Verbindung weg"]


async def test_quitting_with_text_in_an_open_form_asks(sample_db: Path) -> None:
    from tests.screens.test_meetings import open_list
    from tui.kit.widgets.forms import FormDialog

    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_list(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        await pilot.press("tab", "tab", "tab")
        await type_into(pilot, "Eilig")
        await pilot.press("ctrl+q")  # at once, before the journal timer
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert any("Eilig" in t for t in journal_texts(sample_db))
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is form and isinstance(form, FormDialog)


async def test_journal_text_for_a_deleted_item_goes_to_the_clipboard(sample_db: Path) -> None:
    from tui.kit.journal import Entry

    Journal(sample_db).keep(Entry(key="item:999999:notes", kind="item", label="TOP weg",
                                  text="Noch gebraucht", target={"id": 999999, "field": "notes"}))
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        assert "Noch gebraucht" in app.last_copied
    assert journal_texts(sample_db) == []


@pytest.fixture
def tiny_disk(tmp_path: Path):  # noqa: ANN201
    """A real, tiny file system (tmpfs, 4 MB) holding a copy of the sample; needs root."""
    import shutil

    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount_point)],
                          capture_output=True)
    if made.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        shutil.copyfile(REPO / "sample.db", mount_point / "sample.db")
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], capture_output=True)


def fill(folder: Path) -> Path:
    """Write a filler file until the file system is full."""
    filler = folder / "filler"
    descriptor = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(descriptor, b"\0" * 4096)
    except OSError:
        pass
    finally:
        os.close(descriptor)
    return filler


async def test_a_really_full_disk_keeps_the_note_until_there_is_room(tiny_disk: Path) -> None:
    db = tiny_disk / "sample.db"
    app = RingvergleichApp(db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_mode(app, pilot)
        await pilot.press("pagedown")
        await pilot.pause()
        before = item(db, 2)
        filler = fill(tiny_disk)
        await pilot.press("f2")
        await type_into(pilot, "Platzmangel")
        await pilot.pause(SAVE_DELAY + 0.3)
        assert any("Speicherplatz" in m for m in messages(app)), messages(app)
        assert journal_texts(db) == [before["notes"] + "Platzmangel"]
        assert screen.query_one("#notes", TextArea).text.endswith("Platzmangel")
        filler.unlink()  # room again: the retry saves it
        await pilot.pause(RETRY_SECONDS + 0.5)
        assert item(db, 2)["notes"] == before["notes"] + "Platzmangel"
        assert journal_texts(db) == []


async def test_starting_on_a_really_full_disk_is_not_called_corrupt(tiny_disk: Path) -> None:
    from store.db import StoreError, open_store

    db = tiny_disk / "sample.db"
    fill(tiny_disk)
    with pytest.raises(StoreError) as info:  # switching to WAL needs room
        open_store(db)
    assert info.value.reason == "full"
    app = RingvergleichApp(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.open_error and "Speicherplatz" in app.open_error
        assert "beschädigt" not in app.open_error


async def test_killed_while_typing_on_a_really_full_disk(tiny_disk: Path) -> None:
    db = tiny_disk / "sample.db"
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(db)], cwd=REPO,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True)
    filler = None
    try:
        assert child.stdout is not None and child.stdin is not None
        assert child.stdout.readline().strip() == "ready"
        filler = fill(tiny_disk)
        child.stdin.write("go\n")
        child.stdin.flush()
        assert child.stdout.readline().strip() == "typed"
        time.sleep(0.5)
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
    assert "Abgesprochen" not in item(db, 2)["notes"]
    assert any("Abgesprochen" in t for t in journal_texts(db))
    assert filler is not None
    filler.unlink()
    app = RingvergleichApp(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, JournalDialog)
        await pilot.press("w")
        await pilot.pause()
    assert "Abgesprochen" in item(db, 2)["notes"]


async def test_text_held_by_another_running_window_is_not_offered(sample_db: Path) -> None:
    from tui.kit.journal import Entry

    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        Journal(sample_db).keep(Entry(key="item:1:notes:x", kind="item", label="TOP 1",
                                      text="Fenster B tippt noch", pid=other.pid,
                                      target={"id": 1, "field": "notes"}))
        app = RingvergleichApp(sample_db)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert not isinstance(app.screen, JournalDialog)
    finally:
        other.kill()
        other.wait(timeout=10)
    app = RingvergleichApp(sample_db)  # that window is gone: now it is offered
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, JournalDialog)
