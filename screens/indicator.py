"""Indicator in a ring: member values as table, bar chart and time series for one quarter."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Header, Static

from store import analysis, compare, periods
from store.annotations import noted
from store.rings import Ring, get_ring
from tui import format as fmt
from tui import keys, texts
from tui.base import DataScreen
from tui.texts import commands
from tui.widgets.charts import RingBarChart, SeriesChart
from tui.widgets.dialogs import TextDialog
from tui.widgets.keybar import KeyBar
from tui.widgets.tables import fill_table
from tui.widgets.views import Views

REFERENCE_CYCLE = compare.REFERENCES  # ring, zkT, gE, type, all
RANGES = (8, 12, 20, 0)
SORTS = ("name", "value", "deviation")


@dataclass
class IndicatorView:
    ring: Ring
    info: dict[str, Any]
    period: str | None
    choices: list[str]
    distribution: dict[str, Any]
    reference: dict[str, Any] | None  # the group's distribution when not 'ring'
    positions: pl.DataFrame
    series: pl.DataFrame
    ring_series: pl.DataFrame
    notes: set[tuple[str, str]]


def fact_sheet(info: dict[str, Any]) -> Text:
    """The indicator's definition as a readable text (all data shown literally)."""
    def line(label: str, value: object) -> Text:
        return Text.assemble((f"{label}: ", "bold"), fmt.clean(value or "–"), "\n")

    return Text.assemble(
        line("Kennzahl", f"{info['code']} – {info['name']}"),
        line("Art", texts.KIND_WORDS.get(info["kind"], info["kind"])),
        line("Ziel", info.get("goal")),
        line("Einheit", info.get("unit")),
        line("Richtung", texts.DIRECTION_WORDS.get(info["direction"], info["direction"])),
        line("Zähler", info.get("numerator")),
        line("Nenner", info.get("denominator")),
        line("Definition", info.get("description")),
        line("So lesen", info.get("reading")),
        line("Monat → Quartal", texts.AGGREGATION_WORDS.get(info.get("aggregation") or "last")),
    )


class IndicatorScreen(DataScreen):
    HELP_TEXT = (
        "Eine Kennzahl im Ring: Tabelle, Balken (Median rot, Quartile grau) und Verlauf "
        "(Ringmedian hervorgehoben), verglichen mit der gewählten Vergleichsgruppe."
    )
    COMMAND_LIST = commands.INDICATOR
    BINDINGS = keys.bindings(COMMAND_LIST)

    def __init__(self, ring_id: int, code: str, period: str | None = None) -> None:
        super().__init__()
        self.ring_id = ring_id
        self.code = code
        self.period = period
        self.reference = "ring"
        self.range = RANGES[0]
        self.sort = "name"
        self.view: IndicatorView | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="indicator-title")
        yield Static(id="indicator-summary")
        yield Views(
            ("table", texts.TAB_TABLE,
             DataTable(id="positions", cursor_type="row", zebra_stripes=True)),
            # One terminal row per member keeps every bar beside its own name; the box
            # scrolls where the screen is lower than that.
            ("bars", texts.TAB_BARS,
             VerticalScroll(RingBarChart(id="bar-chart", row_per_bar=True), id="bars")),
            ("series", texts.TAB_SERIES, SeriesChart(id="series-chart")),
        )
        yield Static(Text(texts.INDICATOR_LEGEND, style="dim"), id="indicator-legend")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#positions", DataTable).focus()
        self.reload()

    # --- data ----------------------------------------------------------------------
    def fetch(self) -> IndicatorView:
        store = self.store
        ring = get_ring(store, self.ring_id)
        info = analysis.indicator(store, self.code)
        if ring is None or info is None:
            raise LookupError(texts.RING_GONE)
        choices = analysis.ring_periods(store, self.ring_id)
        period = (self.period if self.period in choices
                  else analysis.default_period(store, self.ring_id))
        if period is None:
            empty = pl.DataFrame()
            return IndicatorView(ring, info, None, choices, {}, None, empty, empty, empty, set())
        dist, positions = analysis.ring_snapshot(store, self.ring_id, self.code, period,
                                                 self.reference)
        reference = None
        if self.reference not in ("ring", "type"):
            groups = analysis.reference_groups(store, self.code, period)
            reference = groups.filter(pl.col("key") == self.reference).row(0, named=True)
        first = choices[0] if self.range == 0 else max(
            choices[0], periods.shift(period, -(self.range - 1)))
        series, ring_series = analysis.ring_time_series(store, self.ring_id, self.code, first,
                                                        period)
        notes = noted(store, positions["ags"].to_list(), period)
        return IndicatorView(ring, info, period, choices, dist, reference, positions, series,
                             ring_series, notes)

    def reload(self) -> None:
        self.load(self.fetch, self.show)

    def show(self, view: IndicatorView) -> None:
        self.view = view
        self.period = view.period
        self.redraw()

    # --- rendering --------------------------------------------------------------------
    def redraw(self) -> None:
        view = self.view
        if view is None:
            return
        info = view.info
        title = Text.assemble(
            (f"{info['code']} ", "bold"), (fmt.clean(info["name"]), "bold"),
            f" · {fmt.clean(view.ring.name)}",
        )
        if view.period:
            title.append(f" · {periods.label(view.period)}")
        self.query_one("#indicator-title", Static).update(title)
        if view.period is None:
            self.query_one("#indicator-summary", Static).update(Text(texts.NO_DATA))
            return
        self.query_one("#indicator-summary", Static).update(self.summary())
        self.draw_table()
        self.draw_charts()

    def summary(self) -> Text:
        view = self.view
        assert view is not None
        unit, decimals = view.info["unit"], view.info["decimals"]
        stats = view.reference or view.distribution
        word = texts.REFERENCE_WORDS[self.reference]
        text = Text.assemble(("Vergleich: ", "dim"), (word, "bold"),
                             f" · n={stats['n']}", f" · Median {fmt.value(stats['median'], unit, decimals)}")
        text.append(f" · Q1–Q3 {fmt.number(stats['q1'], decimals)}–{fmt.number(stats['q3'], decimals)}")
        if stats.get("pooled") is not None:
            text.append(f" · gepoolt {fmt.value(stats['pooled'], unit, decimals)}")
        if stats.get("missing"):
            text.append(f" · {stats['missing']} ohne Wert")
        if stats.get("too_few"):
            text.append(f" · {texts.TOO_FEW}", style="bold")
        if self.reference == "type":
            text.append(" (jede Kommune gegen ihren Typ)", style="dim")
        return text

    def ordered(self) -> pl.DataFrame:
        view = self.view
        assert view is not None
        if self.sort == "value":
            return view.positions.sort("value", descending=True, nulls_last=True)
        if self.sort == "deviation":
            return view.positions.sort("deviation", descending=True, nulls_last=True)
        shown = [self.name_of(a, n) for a, n in view.positions.select("ags", "name").iter_rows()]
        return view.positions.with_columns(pl.Series("_shown", shown)).sort("_shown").drop(
            "_shown")

    def draw_table(self) -> None:
        view = self.view
        assert view is not None
        decimals = view.info["decimals"]
        rows = []
        for row in self.ordered().iter_rows(named=True):
            symbol = {"favourable": " ▲", "unfavourable": " ▼"}.get(row["assessment"] or "", "")
            value = fmt.figure_cell(row["value"], decimals, row["status"],
                                    " ●" if row["outlier"] else "")
            status = texts.STATUS_SHORT.get(row["status"], row["status"])
            if (row["ags"], self.code) in view.notes:
                status = (status + " °").strip()
            rows.append(([
                Text(self.name_of(row["ags"], row["name"])),
                value,
                Text(fmt.signed(row["deviation"], decimals) + symbol, justify="right"),
                Text(fmt.signed(row["deviation_pct"], 1), justify="right"),
                Text(fmt.signed(row["change_previous"], decimals), justify="right"),
                Text(fmt.signed(row["change_year"], decimals), justify="right"),
                Text(status),
            ], row["ags"]))
        fill_table(self.query_one("#positions", DataTable),
                   [(label, label) for label in texts.INDICATOR_COLUMNS], rows)

    def draw_charts(self) -> None:
        view = self.view
        assert view is not None
        stats = view.reference or view.distribution
        rows = view.positions.sort("value", nulls_last=True)
        names = [self.name_of(a, n) for a, n in rows.select("ags", "name").iter_rows()]
        unit = view.info["unit"]
        self.query_one(RingBarChart).show(
            names, rows["value"].to_list(), stats["median"], stats["q1"], stats["q3"],
            title=f"{view.info['code']} ({unit}) – Linien von links: Q1, Median (rot), Q3",
        )
        wanted = view.ring_series["period"].to_list()
        members: dict[str, list[float | None]] = {}
        by_member = view.series.filter(pl.col("is_member"))
        for (ags,), part in by_member.group_by("ags", maintain_order=True):
            lookup = dict(zip(part["period"].to_list(), part["value"].to_list(), strict=True))
            name = self.name_of(ags, self.member_name(ags))
            members[name] = [lookup.get(p) for p in wanted]
        # The member picked in the table (else the user's own) is drawn as its own line.
        chosen = self.current_ags() or self.app.own_ags  # type: ignore[attr-defined]
        highlight = self.name_of(chosen, self.member_name(chosen)) if chosen else None
        title = f"{view.info['code']} – {texts.RANGE_WORDS[self.range]}; dick: Ringmedian"
        if highlight in members:
            title += f"; hell: {highlight}"
        self.query_one(SeriesChart).show(
            wanted, members, view.ring_series["median"].to_list(),
            view.ring_series["q1"].to_list(), view.ring_series["q3"].to_list(),
            title=title, highlight=highlight,
        )

    def member_name(self, ags: str) -> str:
        view = self.view
        if view is None or view.positions.is_empty():
            return ags
        found = view.positions.filter(pl.col("ags") == ags)
        return found["name"][0] if found.height else ags

    # --- actions ------------------------------------------------------------------------
    def current_ags(self) -> str | None:
        table = self.query_one("#positions", DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def action_reference(self) -> None:
        index = REFERENCE_CYCLE.index(self.reference)
        self.reference = REFERENCE_CYCLE[(index + 1) % len(REFERENCE_CYCLE)]
        self.reload()

    def action_range(self) -> None:
        self.range = RANGES[(RANGES.index(self.range) + 1) % len(RANGES)]
        self.query_one(Views).active = "series"
        self.reload()

    def action_facts(self) -> None:
        if self.view is not None:
            self.app.push_screen(TextDialog(commands.Facts.LABEL, fact_sheet(self.view.info)))

    def action_tab(self, tab: str) -> None:
        self.query_one(Views).active = tab
        if tab == "table":
            self.query_one("#positions", DataTable).focus()
        elif self.view is not None and self.view.period:
            self.draw_charts()  # follow the member picked in the table

    def action_next_tab(self) -> None:
        self.action_tab(self.query_one(Views).cycle())

    def action_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        if self.view is not None and self.view.period:
            self.draw_table()

    def action_open_profile(self) -> None:
        ags = self.current_ags()
        if ags is not None:
            self.app.open_municipality(ags, self.ring_id, self.period)  # type: ignore[attr-defined]

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_profile()

    def action_note(self) -> None:
        ags = self.current_ags()
        if ags is None or self.period is None:
            self.notify(texts.NOTE_NO_CELL, severity="warning")
            return
        period, code = self.period, self.code
        about = f"{self.name_of(ags, self.member_name(ags))} · {code} · {periods.label(period)}"
        self.ask_note(ags, code, period, about)

    def export_frame(self) -> tuple[str, pl.DataFrame] | None:
        view = self.view
        if view is None or view.period is None:
            return None
        rows = self.ordered()
        names = [self.name_of(a, n) for a, n in rows.select("ags", "name").iter_rows()]
        frame = rows.select(
            pl.Series("Kommune", names),
            pl.col("value").alias("Wert"),
            pl.col("deviation").alias("Abweichung"),
            pl.col("deviation_pct").alias("Abweichung %"),
            pl.col("change_previous").alias("ggü. Vorquartal"),
            pl.col("change_year").alias("ggü. Vorjahr"),
            pl.col("status").replace_strict(texts.STATUS_WORDS, default=pl.col("status"))
            .alias("Status"),
        )
        return f"{view.info['code']} {view.ring.name} {view.period}", frame
