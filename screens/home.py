"""Home: the rings in the open database with members, latest data and next meeting."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from store import periods
from store.rings import rings_overview
from tui import format as fmt
from tui import texts
from tui.widgets.keybar import KeyBar


class HomeScreen(Screen[None]):
    BINDINGS = [
        Binding("enter", "open_ring", texts.KEY_OPEN),
        Binding("i", "open_import", texts.KEY_IMPORT),
        Binding("j", "cursor_down", show=False),
        Binding("k", "cursor_up", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text(texts.HOME_TITLE, style="bold"), id="home-title")
        table: DataTable = DataTable(id="rings", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static(Text(texts.HOME_HINT, style="dim"), id="home-hint")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one("#rings", DataTable)
        for label in texts.HOME_COLUMNS:
            table.add_column(label, key=label)
        self.reload()

    def on_screen_resume(self) -> None:
        # Back from an import or a meeting: rings, latest data and next meeting may differ.
        if self.query_one("#rings", DataTable).columns:
            self.reload()

    def reload(self) -> None:
        table = self.query_one("#rings", DataTable)
        cursor = table.cursor_row
        table.clear()
        overview = rings_overview(self.app.store)  # type: ignore[attr-defined]
        for row in overview.iter_rows(named=True):
            latest = row["latest_period"]
            table.add_row(
                fmt.plain(row["name"]),
                Text(str(row["members"]), justify="right"),
                Text(periods.short_label(latest) if latest else "–"),
                Text(fmt.iso_date(row["next_meeting"])),
                key=str(row["id"]),
            )
        if overview.is_empty():
            self.query_one("#home-hint", Static).update(Text(texts.HOME_EMPTY))
        else:
            self.query_one("#home-hint", Static).update(Text(texts.HOME_HINT, style="dim"))
            table.move_cursor(row=min(cursor, table.row_count - 1))
        table.focus()

    def selected_ring_id(self) -> int | None:
        table = self.query_one("#rings", DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return int(key.value) if key.value is not None else None

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_ring()

    def action_open_ring(self) -> None:
        ring_id = self.selected_ring_id()
        if ring_id is not None:
            self.app.open_ring(ring_id)  # type: ignore[attr-defined]

    def action_open_import(self) -> None:
        self.app.open_import()  # type: ignore[attr-defined]

    def action_cursor_down(self) -> None:
        self.query_one("#rings", DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one("#rings", DataTable).action_cursor_up()
