"""Home: the rings in the open database with members, latest data and next meeting."""

from __future__ import annotations

import polars as pl
from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Header, Static

from store import periods
from store.rings import rings_overview
from tui.kit import format as fmt
from tui.kit import keys, texts
from tui.kit.base import DataScreen
from tui.kit.navigation import OpenImport, OpenRing
from tui.kit.texts import commands
from tui.kit.widgets.keybar import KeyBar
from tui.kit.widgets.tables import Table


class HomeScreen(DataScreen):
    COMMAND_LIST = commands.HOME
    BINDINGS = keys.bindings(COMMAND_LIST)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text(texts.HOME_TITLE, style="bold"), id="home-title")
        table = Table(id="rings", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static(Text(keys.hint([commands.Search]), style="dim"), id="home-hint")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#rings", Table).focus()
        self.reload()

    def on_screen_resume(self) -> None:
        # Back from an import or a meeting: rings, latest data and next meeting may differ.
        if self.view is not None:
            self.reload()

    def reload(self) -> None:
        # In a worker: the store's lock may be held by a long import a moment longer.
        self.load(lambda: rings_overview(self.store), self.show)

    def show(self, overview: pl.DataFrame) -> None:
        self.view = overview
        self.redraw()

    def redraw(self) -> None:
        overview = self.view
        if overview is None:
            return
        rows = []
        for row in overview.iter_rows(named=True):
            latest = row["latest_period"]
            rows.append(([
                fmt.plain(row["name"]),
                # The number commands take (compare --ring-id, template, report).
                Text(str(row["id"]), justify="right"),
                Text(str(row["members"]), justify="right"),
                Text(periods.short_label(latest) if latest else "–"),
                Text(fmt.iso_date(row["next_meeting"])),
            ], str(row["id"])))
        table = self.query_one("#rings", Table)
        table.fill([(label, label) for label in texts.HOME_COLUMNS], rows)
        hint = Text(texts.HOME_EMPTY) if overview.is_empty() else Text(keys.hint([commands.Search]), "dim")
        self.query_one("#home-hint", Static).update(hint)

    def export_frame(self) -> tuple[str, pl.DataFrame] | None:
        if self.view is None:
            return None
        return texts.HOME_TITLE, self.view.select(
            pl.col("name").alias("Ring"), pl.col("id").alias("Nr."),
            pl.col("members").alias("Mitglieder"),
            pl.col("latest_period").alias("Daten bis"),
            pl.col("next_meeting").alias("Nächstes Treffen"),
        )

    def selected_ring_id(self) -> int | None:
        key = self.query_one("#rings", Table).selected_key()
        return int(key) if key is not None else None

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_ring()

    def action_open_ring(self) -> None:
        ring_id = self.selected_ring_id()
        if ring_id is not None:
            self.post_message(OpenRing(ring_id))

    def action_open_import(self) -> None:
        self.post_message(OpenImport())

