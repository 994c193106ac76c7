"""A minute-taker's app killed mid-edit (SIGKILL, as when an SSH link drops): nothing saved is lost."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# The app runs headless in its own process and types into meeting mode until it is killed.
CHILD = """
import asyncio, sys
from screens.meeting_mode import MeetingModeScreen
from tui.app import RingvergleichApp

async def main():
    app = RingvergleichApp(sys.argv[1])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(MeetingModeScreen(4))
        await pilot.pause()
        await pilot.press("pagedown", "f2", *"Gesichert")
        while app.screen.saved.get("notes") != "Gesichert":  # the autosave has committed
            await pilot.pause(0.05)
        print("saved", flush=True)
        while True:
            await pilot.press("x")

asyncio.run(main())
"""


def test_app_killed_while_typing_keeps_the_last_saved_note(sample_db: Path) -> None:
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(sample_db)], cwd=REPO,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "saved"
        time.sleep(1.0)  # let it type and save more: the kill lands amid the writes
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
    assert child.returncode == -signal.SIGKILL
    with sqlite3.connect(sample_db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        notes, version = conn.execute(
            "SELECT notes, version FROM agenda_items WHERE meeting_id = 4 AND position = 2"
        ).fetchone()
    # The text saved before the kill is there, plus whatever later saves committed:
    # never a half-written or a lost note.
    assert re.fullmatch(r"Gesichertx+", notes), notes
    assert version >= 3  # saves went on while the typing did
