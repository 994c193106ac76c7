"""The app's table: cells drawn as DataTable draws them, keys and cursor kept across fills."""

from __future__ import annotations

import pytest
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import App, ComposeResult
from textual.coordinate import Coordinate
from textual.widgets import DataTable

from tui.kit import format as fmt
from tui.kit.widgets.tables import Table

COLUMNS = [("Kommune", "name"), ("Typ", "type"), ("K1", "K1"), ("K2", "K2"), ("[b]X[/b]", "X")]


def rows(count: int = 30) -> list[tuple[list[Text], str]]:
    made = []
    for i in range(count):
        symbol, style = fmt.shade(2.5 if i % 3 == 0 else -1.2 if i % 3 == 1 else None, None,
                                  False)
        made.append(([
            Text(f"Kreis [bold]{i:02d}[/] Ähren▲"),
            Text("IIIb  ", justify="right") if i % 2 else Text.assemble(("II", "bold red"), "c"),
            fmt.figure_cell(i * 1.5 - 20, 1, "provisional" if i % 4 == 0 else None, symbol,
                            style, noted=i % 5 == 0),
            fmt.figure_cell(None if i % 7 == 0 else i * 1000.25, 0, None),
            Text("äöü 漢字", justify="center", style="italic"),
        ], f"ags{i:02d}"))
    return made


class TableApp(App[None]):
    def __init__(self, cursor_type: str = "cell", fixed_columns: int = 1) -> None:
        super().__init__()
        self.cursor_type, self.fixed = cursor_type, fixed_columns

    def compose(self) -> ComposeResult:
        yield Table(id="t", cursor_type=self.cursor_type, zebra_stripes=True,
                    fixed_columns=self.fixed)


def as_cells(lines: list[list[Segment]]) -> list[tuple[str, object]]:
    """Each character with its style: equal output whatever the segment boundaries."""
    return [(char, segment.style) for line in lines for segment in line
            for char in segment.text]


@pytest.mark.parametrize("size", [(80, 24), (140, 50)])
@pytest.mark.parametrize("cursor_type", ["cell", "row"])
async def test_cells_look_as_datatable_draws_them(size, cursor_type) -> None:
    app = TableApp(cursor_type)
    async with app.run_test(size=size) as pilot:
        table = app.query_one(Table)
        table.fill(COLUMNS, rows())
        table.cursor_coordinate = Coordinate(3, 2)
        await pilot.pause()
        widths = [column.get_render_width(table) for column in table.ordered_columns]
        styles = [table.rich_style, table.get_component_styles("datatable--header").rich_style,
                  table.get_component_styles("datatable--odd-row").rich_style,
                  table.get_component_styles("datatable--fixed").rich_style
                  + Style.from_meta({"fixed": True})]
        for row in range(-1, table.row_count):
            for column, width in enumerate(widths):
                for style in styles:
                    for cursor, hover in ((False, False), (True, False), (False, True)):
                        ours = table._render_cell(row, column, style, width, cursor, hover)
                        table._cell_render_cache.clear()
                        theirs = DataTable._render_cell(table, row, column, style, width,
                                                        cursor, hover)
                        table._cell_render_cache.clear()
                        assert as_cells(ours) == as_cells(theirs), (row, column, cursor)
        # Narrower than the text: cut the same way.
        for row in range(-1, 3):
            ours = table._render_cell(row, 0, styles[0], 6)
            table._cell_render_cache.clear()
            assert as_cells(ours) == as_cells(DataTable._render_cell(table, row, 0, styles[0], 6))
            table._cell_render_cache.clear()


async def test_data_text_is_never_markup() -> None:
    app = TableApp()
    async with app.run_test(size=(100, 30)) as pilot:
        table = app.query_one(Table)
        table.fill(COLUMNS, rows(3))
        await pilot.pause()
        shown = "\n".join(strip.text for strip in table.render_lines(table.region.reset_offset))
        assert "Kreis [bold]00[/] Ähren▲" in shown
        assert "[b]X[/b]" in shown  # a header label from data is text too


@pytest.mark.parametrize("size", [(80, 24), (140, 50)])
async def test_scroll_size_is_what_datatable_measures(size) -> None:
    app = TableApp()
    async with app.run_test(size=size) as pilot:
        table = app.query_one(Table)
        table.fill(COLUMNS, rows(60))
        await pilot.pause()
        ours = table.virtual_size
        DataTable._update_dimensions(table, list(table.rows))
        assert table.virtual_size == ours
        assert ours.height == 61  # header and one line a row


@pytest.mark.parametrize("size", [(80, 24), (140, 50)])
async def test_keys_move_the_cursor_and_the_view(size) -> None:
    app = TableApp()
    async with app.run_test(size=size) as pilot:
        table = app.query_one(Table)
        table.fill(COLUMNS, rows(60))
        table.focus()
        await pilot.pause()
        await pilot.press("down", "down", "right")
        assert table.cursor_coordinate == Coordinate(2, 1)
        await pilot.press("end")  # last column, as DataTable has it; ctrl+end: last row
        assert table.cursor_coordinate == Coordinate(2, 4)
        await pilot.press("ctrl+end")
        assert table.selected_key() == "ags59"
        await pilot.pause()
        assert table.scroll_offset.y > 0  # the last row is in view
        await pilot.press("home", "ctrl+home")
        assert table.cursor_coordinate == Coordinate(0, 0)
        await pilot.press("pagedown")
        assert table.cursor_coordinate.row > 10
        await pilot.press("pageup")
        assert table.cursor_coordinate.row == 0
        await pilot.press("right", "left", "up")
        assert table.selected_cell() == ("ags00", "name")


@pytest.mark.parametrize("size", [(80, 24), (140, 50)])
async def test_a_new_fill_keeps_the_row_and_column_under_the_cursor(size) -> None:
    app = TableApp()
    async with app.run_test(size=size) as pilot:
        table = app.query_one(Table)
        made = rows(20)
        table.fill(COLUMNS, made)
        table.select_key("ags07")
        table.select_column("K2")
        await pilot.pause()
        table.fill(COLUMNS, list(reversed(made)))  # re-sorted
        await pilot.pause()
        assert table.selected_cell() == ("ags07", "K2")
        assert table.cursor_coordinate == Coordinate(12, 3)
        shown = table.render_line(table.cursor_coordinate.row + 1 - table.scroll_offset.y)
        assert "Kreis [bold]07[/] Ähren▲" in shown.text


async def test_copy_gives_header_and_cells_as_shown() -> None:
    app = TableApp()
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(Table)
        table.fill(COLUMNS, rows(2))
        await pilot.pause()
        lines = table.as_tsv().splitlines()
        assert lines[0] == "Kommune\tTyp\tK1\tK2\t[b]X[/b]"
        assert lines[1].split("\t")[0] == "Kreis [bold]00[/] Ähren▲"
        assert lines[1].split("\t")[2] == "-20,0p°▲"


async def test_cells_scrolled_to_the_right_look_as_datatable_draws_them() -> None:
    app = TableApp()
    async with app.run_test(size=(40, 12)) as pilot:
        table = app.query_one(Table)
        table.fill(COLUMNS, rows(8))
        table.focus()
        await pilot.press("right", "right", "right", "right")
        await pilot.pause()
        assert table.scroll_offset.x > 0
        ours = [table.render_line(y) for y in range(8)]
        table._line_cache.clear()
        table._row_render_cache.clear()
        table._cell_render_cache.clear()
        table._render_cell = lambda *args, **kwargs: DataTable._render_cell(  # type: ignore
            table, *args, **kwargs)
        theirs = [table.render_line(y) for y in range(8)]
        assert [as_cells([list(s)]) for s in ours] == [as_cells([list(s)]) for s in theirs]
