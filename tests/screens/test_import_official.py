"""Import screen with an official table: a measure without indicator is mapped on the spot."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from textual.widgets import Input

from tests.screens.helpers import settle
from tests.screens.test_import import check_path, info, open_screen
from tui.app import RingvergleichApp

BA_TABLE = """Statistik der Bundesagentur für Arbeit;;
Arbeitslose nach Rechtskreisen;;
Berichtsmonat:;Februar 2026;
;;
Regionalschlüssel;Region;Arbeitslose SGB II;
D;Deutschland;1.975.404;
90501;Ahrwiesen, Kreis;5.101;
05358;Düren, Kreis;8.512;
"""


async def test_unmapped_measure_is_mapped_in_the_screen_and_remembered(
    sample_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "ba.csv").write_text(BA_TABLE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_screen(pilot)
        await check_path(pilot, "ba.csv")
        assert "1 Problem(e)" in info(app)
        field = screen.query_one("#import-map", Input)
        # The field offers the first measure and waits for its code.
        assert field.display and field.has_focus and field.value == "Arbeitslose SGB II="
        await pilot.press(*"+ALO2", "enter")
        await settle(pilot)
        text = info(app)
        assert "Würde schreiben: 1 neu" in text and "Zuordnung: Arbeitslose SGB II → ALO2" in text
        assert "1 Kreis nicht in der Datenbank" in text
        await pilot.press("f2")
        await settle(pilot)
    with sqlite3.connect(sample_db) as conn:
        assert conn.execute("SELECT ags, period, value FROM observations"
                            " WHERE indicator_code = 'ALO2'").fetchall() == [
            ("90501", "2026-02", 5101.0)]
        assert conn.execute("SELECT statistic, label, indicator_code FROM measure_mappings"
                            ).fetchall() == [("BA", "Arbeitslose SGB II", "ALO2")]
