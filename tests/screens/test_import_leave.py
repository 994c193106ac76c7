"""Leaving the import screen while a large import is writing must not freeze the app."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from screens.home import HomeScreen
from screens.import_ import ImportScreen
from store import periods
from store.sample import MUNICIPALITIES, ags_for
from tests.screens.helpers import settle
from tui.app import RingvergleichApp

CODES = ["K1", "K1E1", "K1E2", "K1E3", "K1E4", "K2", "K2E1", "K2E2", "K2E3", "K2E4"]


def big_file(path: Path) -> int:
    months = periods.period_range("2000-01", "2019-12")
    lines = ["AGS;Kennzahl;Monat;Wert"]
    for index in range(len(MUNICIPALITIES)):
        for code in CODES:
            lines += [f"{ags_for(index)};{code};{m};{(index + len(code)) % 17},5" for m in months]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines) - 1


async def test_escape_during_a_large_import_keeps_the_app_alive(
    sample_db: Path, tmp_path: Path, monkeypatch
) -> None:
    # Small chunks: many progress reports while the write transaction holds the store.
    monkeypatch.setattr("store.figures_insert.CHUNK", 200)
    source = tmp_path / "gross.csv"
    rows = big_file(source)
    monkeypatch.chdir(tmp_path)
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(app.screen, ImportScreen)
        await pilot.press(*source.name, "enter")
        await settle(pilot)
        await pilot.press("f2")
        await pilot.pause()
        await pilot.press("escape")
        # The interface answers at once; the home screen reloads while the import writes.
        await asyncio.wait_for(settle(pilot), timeout=60)
        assert isinstance(app.screen, HomeScreen)
        await asyncio.wait_for(app.workers.wait_for_complete(), timeout=60)
    with sqlite3.connect(sample_db) as conn:
        written = conn.execute(
            "SELECT count(*) FROM observations WHERE period < '2020'").fetchone()[0]
    assert written == rows  # the import finished in its own transaction
