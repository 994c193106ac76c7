"""Start-up, the rings list, help, quit and the error path, driven through Pilot."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

from screens.error import ErrorScreen
from screens.help import HelpScreen
from screens.home import HomeScreen
from tests.screens.helpers import settle
from tui.app import RingvergleichApp

SIZES = [(80, 24), (120, 40)]


def cell_texts(table: DataTable, column: int) -> list[str]:
    return [str(table.get_row_at(i)[column]) for i in range(table.row_count)]


@pytest.mark.parametrize("size", SIZES)
async def test_start_up_shows_rings_of_the_sample(sample_db: Path, size) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)  # the rings load in a worker
        assert isinstance(app.screen, HomeScreen)
        table = app.screen.query_one("#rings", DataTable)
        assert cell_texts(table, 0) == ["Großstädte", "Ländliche Optionskommunen West",
                                        "Ring Mitte"]
        assert cell_texts(table, 1) == ["2", "1", "3"]  # the numbers commands take
        assert cell_texts(table, 2) == ["8", "10", "10"]
        # Ring 1 is collecting Q3/2026 (some members answered); it still opens on Q2.
        assert cell_texts(table, 3) == ["Q2/2026", "Q3/2026", "Q2/2026"]
        assert "sample.db" in app.sub_title
        assert "SYNTHETISCHE DEMODATEN" in app.sub_title
        # The table fits the screen: every column is visible at this width.
        assert table.virtual_size.width <= size[0]


async def test_rings_list_follows_the_database(sample_db: Path) -> None:
    with sqlite3.connect(sample_db) as conn:
        conn.execute("INSERT INTO rings(name) VALUES ('Neuer Ring [bold]x[/]')")
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#rings", DataTable)
        names = cell_texts(table, 0)
        # Names from data are shown literally, never as markup.
        assert "Neuer Ring [bold]x[/]" in names
        assert table.get_row_at(names.index("Neuer Ring [bold]x[/]"))[2].plain == "0"


@pytest.mark.parametrize("key", ["question_mark", "f1"])
async def test_help_lists_keys_and_closes(sample_db: Path, key: str) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        descriptions = [d for _k, d in app.screen.keys]
        assert "Beenden" in descriptions and "Hilfe" in descriptions
        assert "Öffnen" in descriptions
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_escape_on_home_stays_home(sample_db: Path) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_ctrl_q_quits(sample_db: Path) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running
    assert app.open_error is None


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"garbage" * 200, "beschädigt"),
        (None, "gibt es nicht"),
    ],
)
async def test_bad_database_shows_message_not_traceback(
    tmp_path: Path, content: bytes | None, expected: str
) -> None:
    path = tmp_path / "bad.db"
    if content is not None:
        path.write_bytes(content)
    app = RingvergleichApp(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ErrorScreen)
        message = str(app.screen.query_one("#error-box", Static).render())
        assert expected in message
        assert str(path) in app.open_error
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
    if content is not None:
        assert path.read_bytes() == content


async def test_foreign_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE invoices(id INTEGER)")
    app = RingvergleichApp(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ErrorScreen)
        assert "keine Ringvergleich-Datenbank" in app.open_error


async def test_home_shows_rings_added_meanwhile(sample_db: Path) -> None:
    """Back from another screen (an import, another user's change), the list is fresh."""
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)  # rings and ring load in workers
        await pilot.press("down", "enter")
        await settle(pilot)
        with sqlite3.connect(sample_db) as conn:
            conn.execute("INSERT INTO rings(name) VALUES ('Ring Nord')")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        table = app.screen.query_one("#rings", DataTable)
        assert "Ring Nord" in cell_texts(table, 0)
        assert table.cursor_row == 1  # the user's place is kept
