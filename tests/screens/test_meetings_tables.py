"""Meeting tables show whole values on their first frame, before Textual measures on idle."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.widgets import DataTable

from screens.meeting_actions import ActionsScreen
from tests.screens.test_meetings import open_list
from tests.screens.test_meetings_agenda import new_meeting_after_a_held_one, open_agenda
from tests.screens.test_meetings_mode import open_mode
from tui.app import RingvergleichApp


async def _never_idle(self, event) -> None:
    """A DataTable that never gets to its idle pass: what a frame drawn before it shows."""


@pytest.fixture
def no_idle_measuring(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(DataTable, "_on_idle", _never_idle)


def cut_cells(table: DataTable) -> list[str]:
    """Cells wider than the room their column gives them now."""
    assert table.row_count, table.id
    cut = []
    for column in table.ordered_columns:
        room = column.get_render_width(table) - 2 * table.cell_padding
        cut += [str(cell) for cell in table.get_column(column.key)
                if cell_len(str(cell)) > room]
    return cut


@pytest.mark.usefixtures("no_idle_measuring")
async def test_meetings_list_agenda_and_actions_fit_their_values(sample_db: Path) -> None:
    new, _ = new_meeting_after_a_held_one(sample_db)
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        assert cut_cells(await open_list(app, pilot)) == []
        screen = await open_agenda(app, pilot, 4)
        assert cut_cells(screen.query_one("#items", DataTable)) == []
        screen = await open_agenda(app, pilot, new)  # a new meeting: the draft shows
        assert cut_cells(screen.query_one("#proposals", DataTable)) == []
        app.push_screen(ActionsScreen(4))
        await pilot.pause()
        assert cut_cells(app.screen.query_one("#actions", DataTable)) == []


@pytest.mark.usefixtures("no_idle_measuring")
@pytest.mark.parametrize("frozen", [False, True])
async def test_meeting_mode_figures_fit_their_values(sample_db: Path, frozen: bool) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        # Meeting 3 was held: its figures carry the "changed since the meeting" column.
        screen = await open_mode(app, pilot, 3 if frozen else 4)
        await pilot.press("pagedown")
        await pilot.pause()
        figures = screen.query_one("#figures", DataTable)
        assert len(figures.columns) == (5 if frozen else 4)  # name, value, deviation, expected (, changed)
        assert cut_cells(figures) == []
