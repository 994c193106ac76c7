"""Import screen: type or pick a path, see the preview and problems, confirm, check the database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import polars as pl
import pytest
from textual.widgets import DataTable, Input, Select, Static

from screens.home import HomeScreen
from screens.import_ import ImportScreen, PathSuggester, PickFileScreen
from store.db import open_store
from store.sample import MUNICIPALITIES, ags_for
from tests.screens.helpers import SIZES, column_texts, row_texts, settle, wait_until
from tui.app import RingvergleichApp
from tui.kit.widgets.keybar import KeyBar

AHR = ags_for(0)
GOOD = f"Kennzahlen Q1/2027\nAGS;Kommune;Quartal;K2;ALQ\n{AHR};{MUNICIPALITIES[0][0]};2027-Q1;20,5;4,5\n"


def figures_2027(db: Path) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT ags, indicator_code, value FROM observations"
                            " WHERE period = '2027-Q1' ORDER BY indicator_code").fetchall()


def info(app) -> str:
    return str(app.screen.query_one("#import-info", Static).render())


def messages(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def open_screen(pilot) -> ImportScreen:
    await settle(pilot)
    await pilot.press("i")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ImportScreen)
    return pilot.app.screen


async def check_path(pilot, path: Path | str) -> None:
    """Type the path as a user would (relative to the working directory, to keep it short)
    and press Enter."""
    await pilot.press(*str(path))
    await pilot.press("enter")
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES)
async def test_type_a_path_preview_confirm_and_import(
    sample_db: Path, tmp_path: Path, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "q1.csv").write_text(GOOD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=size) as pilot:
        screen = await open_screen(pilot)
        assert screen.query_one("#import-path", Input).has_focus
        await check_path(pilot, "q1.csv")
        text = info(app)
        assert "Kennzahlen" in text and "breit nach Kennzahl" in text and "Zeile 2" in text
        assert "Würde schreiben: 2 neu, 0 geändert, 0 unverändert" in text
        preview = screen.query_one("#import-preview", DataTable)
        assert preview.display and preview.row_count == 1
        assert row_texts(preview, 0) == ["3", AHR, MUNICIPALITIES[0][0], "2027-Q1", "20,5", "4,5"]
        assert not screen.query_one("#import-problems", DataTable).display
        assert figures_2027(sample_db) == []  # the preview wrote nothing
        assert "Importieren" in str(screen.query_one(KeyBar).render())
        await pilot.press("f2")
        await settle(pilot)
        assert figures_2027(sample_db) == [(AHR, "ALQ", 4.5), (AHR, "K2", 20.5)]
        assert "Importiert: q1.csv: Kennzahlen, 2 Zeilen – 2 neu" in info(app)
        assert any("Importiert" in m for m in messages(app))
        await pilot.press("f2")  # a second F2 imports nothing more
        await settle(pilot)
        assert any("Nichts zu importieren" in m for m in messages(app))
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


@pytest.mark.parametrize("size", SIZES)
async def test_problems_are_listed_and_nothing_is_written(
    sample_db: Path, tmp_path: Path, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "fehler.csv").write_text(
        f"AGS;Quartal;K2\n{AHR};2027-Q1;zwölf\n99999;2027-Q1;1\n{AHR};2027-Q9;1\n")
    monkeypatch.chdir(tmp_path)
    open_store(sample_db).close()  # the first writable open switches the journal to WAL
    before = sample_db.read_bytes()
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=size) as pilot:
        screen = await open_screen(pilot)
        await check_path(pilot, "fehler.csv")
        assert "3 Problem(e)" in info(app)
        problems = screen.query_one("#import-problems", DataTable)
        assert problems.display
        assert column_texts(problems, 0) == ["2", "3", "4"]
        assert column_texts(problems, 1) == ["K2", "AGS", "Quartal"]
        assert column_texts(problems, 2) == ["zwölf", "99999", "2027-Q9"]
        assert column_texts(problems, 3)[0] == "keine Zahl"
        detail = str(screen.query_one("#import-problem", Static).render())
        assert "fehler.csv, Zeile 2, Spalte „K2“: „zwölf“ – keine Zahl" in detail
        problems.focus()
        await pilot.press("down")
        await pilot.pause()
        detail = str(screen.query_one("#import-problem", Static).render())
        assert "Zeile 3" in detail and "Kommune unbekannt" in detail
        await pilot.press("f2")
        await settle(pilot)
        assert any("Nichts zu importieren" in m for m in messages(app))
    assert figures_2027(sample_db) == []
    assert sample_db.read_bytes() == before


async def test_file_text_is_never_markup(sample_db: Path, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "m.csv").write_text("AGS;Quartal;K2\n[bold]x[/bold];2027-Q1;[red]1\n")
    monkeypatch.chdir(tmp_path)
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_screen(pilot)
        await check_path(pilot, "m.csv")
        preview = screen.query_one("#import-preview", DataTable)
        assert row_texts(preview, 0)[1:] == ["[bold]x[/bold]", "2027-Q1", "[red]1"]
        problems = screen.query_one("#import-problems", DataTable)
        assert column_texts(problems, 2) == ["[bold]x[/bold]", "[red]1"]
        assert all(not n.markup for n in app._notifications)


async def test_already_imported_missing_file_and_empty_path(
    sample_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "q1.csv"
    path.write_text(GOOD)
    monkeypatch.chdir(tmp_path)
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_screen(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert any("Bitte zuerst einen Dateipfad" in m for m in messages(app))
        await check_path(pilot, "fehlt.csv")
        assert any("Datei nicht gefunden" in m for m in messages(app))
        screen.query_one("#import-path", Input).value = str(path)
        await pilot.press("f5")
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        assert "bereits am" in info(app) and "nichts geändert" in info(app)
        await pilot.press("f2")
        await settle(pilot)
        assert any("Nichts zu importieren" in m for m in messages(app))
    with sqlite3.connect(sample_db) as conn:
        assert conn.execute("SELECT count(*) FROM imports WHERE file_name LIKE '%q1.csv'"
                            ).fetchone()[0] == 1


async def test_excel_sheet_and_forced_layout(sample_db: Path, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "m.xlsx"
    monkeypatch.chdir(tmp_path)
    pl.DataFrame({"AGS": [AHR], "Quartal": ["2027-Q1"], "K2": [20.5]}).write_excel(
        path, worksheet="Zahlen")
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_screen(pilot)
        screen.query_one("#import-sheet", Input).value = "Zahlen"
        screen.query_one("#import-layout", Select).value = "wide-period"
        await check_path(pilot, "m.xlsx")
        assert "für diesen Aufbau fehlt" in str(
            screen.query_one("#import-problems", DataTable).get_row_at(0)[3])
        screen.query_one("#import-layout", Select).value = "wide-indicator"
        await pilot.press("f5")
        await settle(pilot)
        assert "Tabellenblatt „Zahlen“" in info(app) and "1 neu" in info(app)
        await pilot.press("f2")
        await settle(pilot)
    assert figures_2027(sample_db) == [(AHR, "K2", 20.5)]


async def test_pick_a_file_from_the_folder(sample_db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "daten"
    folder.mkdir()
    (folder / "q1.csv").write_text(GOOD)
    (folder / "notizen.pdf").write_bytes(b"%PDF")
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_screen(pilot)
        screen.query_one("#import-path", Input).value = str(folder) + "/"
        await pilot.press("f3")
        await wait_until(pilot, lambda: isinstance(app.screen, PickFileScreen))
        tree = app.screen.query_one("#pick-tree")
        await wait_until(pilot, lambda: bool(tree.root.children))
        labels = [str(node.label) for node in tree.root.children]
        assert labels == ["q1.csv"]  # only files the importer reads
        await pilot.press("down", "enter")
        await wait_until(pilot, lambda: app.screen is screen)
        await settle(pilot)
        assert app.screen is screen
        assert screen.query_one("#import-path", Input).value == str(folder / "q1.csv")
        assert "2 neu" in info(app)
        await pilot.press("f3")
        await wait_until(pilot, lambda: isinstance(app.screen, PickFileScreen))
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)


async def test_read_only_database_refuses_to_import(sample_db: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "q1.csv").write_text(GOOD)
    monkeypatch.chdir(tmp_path)
    app = RingvergleichApp(sample_db, readonly=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot)
        await check_path(pilot, "q1.csv")
        assert "2 neu" in info(app)
        await pilot.press("f2")
        await settle(pilot)
        assert any("nur lesend" in m for m in messages(app))
    assert figures_2027(sample_db) == []


async def test_an_unexpected_error_is_a_message_not_a_traceback(
    sample_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "q1.csv").write_text(GOOD)
    monkeypatch.chdir(tmp_path)

    def broken(*args, **kwargs):
        raise RuntimeError("Festplatte [voll]")

    monkeypatch.setattr("screens.import_.prepare", broken)
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot)
        await check_path(pilot, "q1.csv")
        assert "Unerwarteter Fehler beim Import: Festplatte [voll]" in info(app)
        assert any("Festplatte [voll]" in m for m in messages(app))
        assert app.is_running


async def test_path_suggestions(tmp_path: Path) -> None:
    (tmp_path / "kennzahlen.csv").write_text("x")
    (tmp_path / "kommunen").mkdir()
    suggester = PathSuggester()
    assert await suggester.get_suggestion(str(tmp_path / "ke")) == str(tmp_path / "kennzahlen.csv")
    assert await suggester.get_suggestion(str(tmp_path / "kom")) == str(tmp_path / "kommunen") + "/"
    assert await suggester.get_suggestion(str(tmp_path / "x")) is None
    assert await suggester.get_suggestion("/gibt/es/nicht/a") is None
