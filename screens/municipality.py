"""Municipality profile: every indicator against the ring median, context, practices, notes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Header, Static
from textual_plotext import PlotextPlot

from store import analysis, periods
from store.annotations import annotations
from store.practices import adoptions_of
from store.rings import rings_of
from tui import format as fmt
from tui import keys, texts
from tui.base import DataScreen
from tui.settings import save_setting
from tui.texts import commands
from tui.widgets.charts import german_ticks
from tui.widgets.keybar import KeyBar
from tui.widgets.tables import fill_table
from tui.widgets.views import Views

CONTEXT_ROW = "__context__"


def annual_note(period: str | None) -> str:
    """" (31.12.2023)" after a context figure taken from an annual figure, else ""."""
    return f" ({periods.short_label(period)})" if period else ""


@dataclass
class ProfileView:
    municipality: dict[str, Any]
    ring_id: int | None
    ring_name: str | None
    period: str | None
    choices: list[str]
    profile: pl.DataFrame
    practices: pl.DataFrame
    notes: pl.DataFrame


class DeviationChart(PlotextPlot):
    """One dot per indicator at its robust deviation from the median; the median is the
    red zero line (bars would suggest a baseline that does not exist)."""

    def show(self, labels: list[str], values: list[float], title: str) -> None:
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        # One terminal row per indicator keeps every dot level with its label; the chart
        # scrolls when the screen is lower than that.
        self.styles.height = max(len(labels), 1) + 5
        if labels:
            rows = list(range(len(labels), 0, -1))  # first indicator on top
            plt.scatter(values, rows, marker="●")
            plt.vline(0, "red")
            plt.yticks(rows, labels)
            plt.xticks(*german_ticks(min(min(values), -1.0), max(max(values), 1.0)))
        plt.title(title)
        self.refresh()


class MunicipalityScreen(DataScreen):
    HELP_TEXT = (
        "Alle Kennzahlen einer Kommune gegen den Ringmedian; darunter die Rahmenbedingungen "
        "(nie bewertet), übernommene gute Praxis und alle Anmerkungen."
    )
    COMMAND_LIST = commands.MUNICIPALITY
    BINDINGS = keys.bindings(COMMAND_LIST)

    def __init__(self, ags: str, ring_id: int | None = None, period: str | None = None) -> None:
        super().__init__()
        self.ags = ags
        self.ring_id = ring_id
        self.period = period
        self.view: ProfileView | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="profile-title")
        yield Views(
            ("figures", texts.TAB_FIGURES,
             DataTable(id="profile", cursor_type="row", zebra_stripes=True)),
            ("chart", texts.TAB_CHART,
             VerticalScroll(DeviationChart(id="profile-chart"), id="chart")),
            ("more", texts.TAB_MORE, VerticalScroll(Static(id="profile-more"), id="more")),
        )
        yield Static(Text(texts.LEGEND_SHORT, style="dim"))
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#profile", DataTable).focus()
        self.reload()

    def fetch(self) -> ProfileView:
        store = self.store
        rows = store.rows("SELECT * FROM municipalities WHERE ags = ?", (self.ags,))
        if not rows:
            raise LookupError(self.ags)
        ring_id, ring_name = self.ring_id, None
        if ring_id is None:
            mine = rings_of(store, self.ags)
            if mine.height:
                ring_id = mine["id"][0]
        if ring_id is not None:
            found = store.rows("SELECT name FROM rings WHERE id = ?", (ring_id,))
            ring_name = found[0]["name"] if found else None
        choices, default = analysis.municipality_periods(store, self.ags)
        period = self.period if self.period in choices else default
        profile = (analysis.municipality_profile(store, self.ags, ring_id, period)
                   if period else pl.DataFrame())
        return ProfileView(rows[0], ring_id, ring_name, period, choices, profile,
                           adoptions_of(store, self.ags), annotations(store, [self.ags]))

    def reload(self) -> None:
        self.load(self.fetch, self.show)

    def show(self, view: ProfileView) -> None:
        self.view = view
        self.period = view.period
        self.ring_id = view.ring_id
        self.redraw()

    def redraw(self) -> None:
        view = self.view
        if view is None:
            return
        m = view.municipality
        title = Text.assemble(
            (self.name_of(m["ags"], m["name"]), "bold"),
            f" · {m['carrier']} · Typ {fmt.clean(m['comparison_type'] or '–')}",
            f" · {fmt.number(m['population'], 0)} Einw.",
            f" · {fmt.clean(view.ring_name) if view.ring_name else texts.NO_RING}",
        )
        if view.period:
            title.append(f" · {periods.short_label(view.period)}")
        self.query_one("#profile-title", Static).update(title)
        self.draw_table()
        self.draw_chart()
        self.draw_more()

    def draw_table(self) -> None:
        view = self.view
        assert view is not None
        table = self.query_one("#profile", DataTable)
        if view.profile.is_empty():
            table.clear()
            return
        noted = set()
        if view.period:
            noted = set(view.notes.filter(pl.col("period") == view.period)["indicator_code"])
        outcomes = view.profile.filter(pl.col("kind") != "context")
        context = view.profile.filter(pl.col("kind") == "context")
        rows = []
        for part, judged in ((outcomes, True), (context, False)):
            if not judged:
                rows.append(([Text(""), Text(texts.CONTEXT_HEADING, style="bold"),
                              *[Text("") for _ in range(5)]], CONTEXT_ROW))
            for row in part.iter_rows(named=True):
                neutral = row["direction"] == "neutral" or not judged
                symbol, style = fmt.shade(row["score"], row["robust_z"], neutral)
                decimals = row["decimals"]
                mark = fmt.status_mark(row["status"]) + ("°" if row["indicator_code"] in noted
                                                          else "")
                rows.append(([
                    Text(row["indicator_code"]),
                    Text(fmt.clean(row["short_name"] or row["name"])
                         + annual_note(row.get("annual_period"))),
                    fmt.figure_cell(row["value"], decimals, None),
                    Text(fmt.number(row["median"], decimals), justify="right"),
                    Text(fmt.signed(row["deviation"], decimals) + (f" {symbol}" if symbol else ""),
                         style=style, justify="right"),
                    Text(fmt.signed(row["change_year"], decimals), justify="right"),
                    Text(mark),
                ], row["indicator_code"]))
        fill_table(table, [(label, label) for label in texts.PROFILE_COLUMNS], rows)

    def draw_chart(self) -> None:
        view = self.view
        assert view is not None
        chart = self.query_one(DeviationChart)
        if view.profile.is_empty():
            chart.show([], [], texts.NO_DATA)
            return
        # Robust z, not percent: for rates of change near zero a percentage means nothing.
        rows = view.profile.filter(
            (pl.col("kind") != "context") & pl.col("robust_z").is_not_null()
        )
        chart.show(rows["indicator_code"].to_list(), rows["robust_z"].to_list(),
                   texts.PROFILE_CHART_TITLE)

    def draw_more(self) -> None:
        view = self.view
        assert view is not None
        text = Text(texts.PRACTICES_HEADING + "\n", style="bold")
        if view.practices.is_empty():
            text.append(f"  {texts.NO_PRACTICES}\n")
        for row in view.practices.iter_rows(named=True):
            text.append(f"  seit {fmt.iso_date(row['since'])}: {fmt.clean(row['name'])}\n")
        text.append("\n" + texts.NOTES_HEADING + "\n", style="bold")
        if view.notes.is_empty():
            text.append(f"  {texts.NO_NOTES}\n")
        for row in view.notes.iter_rows(named=True):
            text.append(f"  {row['indicator_code']} · {periods.short_label(row['period'])} · "
                        f"{fmt.clean(row['author'])} · {fmt.iso_date(row['created_at'])}\n",
                        style="dim")
            text.append(f"    {fmt.clean(row['text'])}\n")
        self.query_one("#profile-more", Static).update(text)

    # --- actions ----------------------------------------------------------------------
    def current_code(self) -> str | None:
        table = self.query_one("#profile", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return None if key == CONTEXT_ROW else key

    def action_open_indicator(self) -> None:
        code = self.current_code()
        if code is not None and self.ring_id is not None:
            self.app.open_indicator(self.ring_id, code, self.period)  # type: ignore[attr-defined]

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_indicator()

    def action_tab(self, tab: str) -> None:
        self.query_one(Views).active = tab
        if tab == "figures":
            self.query_one("#profile", DataTable).focus()

    def action_next_tab(self) -> None:
        self.action_tab(self.query_one(Views).cycle())

    def action_note(self) -> None:
        code = self.current_code()
        if code is None or self.period is None or self.view is None:
            self.notify(texts.NOTE_NO_CELL, severity="warning")
            return
        period, ags = self.period, self.ags
        about = (f"{self.name_of(ags, self.view.municipality['name'])} · {code} · "
                 f"{periods.label(period)}")
        self.ask_note(ags, code, period, about)

    def action_own(self) -> None:
        self.app.own_ags = self.ags  # type: ignore[attr-defined]
        save_setting("own_ags", self.ags)
        name = self.view.municipality["name"] if self.view else self.ags
        self.notify(texts.OWN_SET.format(name=fmt.clean(name)))

    def export_frame(self) -> tuple[str, pl.DataFrame] | None:
        view = self.view
        if view is None or view.profile.is_empty():
            return None
        frame = view.profile.select(
            pl.col("indicator_code").alias("Kennzahl"),
            pl.col("name").alias("Bezeichnung"),
            pl.col("value").alias("Wert"),
            pl.col("median").alias("Median"),
            pl.col("deviation").alias("Abweichung"),
            pl.col("deviation_pct").alias("Abweichung %"),
            pl.col("change_year").alias("ggü. Vorjahr"),
            pl.col("status").alias("Status"),
        )
        name = self.name_of(self.ags, view.municipality["name"])
        return f"{name} {view.period}", frame
