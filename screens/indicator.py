"""Indicator in a ring: member values as table, bar chart and time series for one quarter."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import polars as pl
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Header, Static

from store import analysis, compare, periods
from store import expected as expected_store
from store.annotations import noted
from store.compare.expected import DEFAULT_VARIABLES
from store.db import StoreError
from store.rings import Ring, get_ring
from tui.kit import format as fmt
from tui.kit import keys, texts
from tui.kit.base import DataScreen
from tui.kit.facts import comparison_summary, fact_sheet
from tui.kit.indicator_export import expected_frame, positions_frame
from tui.kit.navigation import OpenMunicipality
from tui.kit.pseudonyms import HIDDEN, identifying
from tui.kit.texts import commands
from tui.kit.texts import expected as ex_texts
from tui.kit.widgets.charts import RingBarChart, SeriesChart
from tui.kit.widgets.dialogs import TextDialog
from tui.kit.widgets.expected import ExpectedPane, ExpectedView, fetch_expected
from tui.kit.widgets.keybar import KeyBar
from tui.kit.widgets.model_dialog import VariablesDialog
from tui.kit.widgets.tables import Table
from tui.kit.widgets.views import Views

REFERENCE_CYCLE = compare.REFERENCES  # ring, zkT, gE, type, all
RANGES = (analysis.SERIES_SPAN, 12, 20, 0)
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
    expected: ExpectedView | None = None


class IndicatorScreen(DataScreen):
    HELP_TEXT = (
        "Eine Kennzahl im Ring: Tabelle, Balken (Median rot, Quartile grau) und Verlauf "
        "(Ringmedian hervorgehoben), verglichen mit der gewählten Vergleichsgruppe, dazu was die "
        "Rahmenbedingungen erwarten lassen (Erwartungswert und Residuum nach den Modellvariablen "
        "des Rings)."
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
        # The model is computed once the Erwartung view or the fact sheet is first wanted.
        self.with_expected = False
        self.facts_after_load = False

    def compose(self) -> ComposeResult:
        self.reload()  # the reads overlap the mounting of the widgets below
        yield Header()
        yield Static(id="indicator-title")
        yield Static(id="indicator-summary")
        yield Views(
            ("table", texts.TAB_TABLE,
             Table(id="positions", cursor_type="row", zebra_stripes=True)),
            # One terminal row per member keeps every bar beside its own name; the box
            # scrolls where the screen is lower than that.
            ("bars", texts.TAB_BARS,
             VerticalScroll(RingBarChart(id="bar-chart", row_per_bar=True), id="bars")),
            ("series", texts.TAB_SERIES, SeriesChart(id="series-chart")),
            ("expected", ex_texts.TAB_EXPECTED, ExpectedPane(id="expected")),
        )
        yield Static(Text(texts.INDICATOR_LEGEND.format(points=""), style="dim"),
                     id="indicator-legend")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#positions", Table).focus()

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
        first = analysis.series_start(choices, period, self.range)
        series, ring_series = analysis.ring_time_series(store, self.ring_id, self.code, first,
                                                        period)
        notes = noted(store, positions["ags"].to_list(), period)
        expected = (fetch_expected(store, self.ring_id, self.code, info, period)
                    if self.with_expected else None)
        return IndicatorView(ring, info, period, choices, dist, reference, positions, series,
                             ring_series, notes, expected)

    def reload(self) -> None:
        self.load(self.fetch, self.show)

    def show(self, view: IndicatorView) -> None:
        self.view = view
        self.period = view.period
        self.redraw()
        if self.facts_after_load:
            self.facts_after_load = False
            self.action_facts()

    # --- rendering --------------------------------------------------------------------
    def redraw(self) -> None:
        view = self.view
        if view is None:
            return
        info = view.info
        title = Text.assemble(
            (f"{fmt.clean(info['code'])} ", "bold"), (fmt.clean(info["name"]), "bold"),
            f" · {fmt.clean(view.ring.name)}",
        )
        if view.period:
            title.append(f" · {periods.label(view.period)}")
        self.query_one("#indicator-title", Static).update(title)
        if view.period is None:
            self.query_one("#indicator-summary", Static).update(Text(texts.NO_DATA))
            return
        self.query_one("#indicator-summary", Static).update(self.summary())
        self.show_legend()
        self.draw_table()
        if self.query_one(Views).active_pane in ("bars", "series"):
            self.draw_charts()  # else drawn when their view is chosen (action_tab)
        self.draw_expected()

    def show_legend(self) -> None:
        """The marks of the view in front: residuals in the Erwartung view, else deviations
        from the median (in percentage points for rates)."""
        if self.query_one(Views).active_pane == "expected":
            legend = ex_texts.EXPECTED_LEGEND
        else:
            legend = texts.INDICATOR_LEGEND.format(
                points=texts.POINTS_NOTE if self.view is not None and self.in_points() else "")
        self.query_one("#indicator-legend", Static).update(Text(legend, style="dim"))

    def summary(self) -> Text:
        view = self.view
        assert view is not None
        return comparison_summary(view.reference or view.distribution, self.reference,
                                  view.info["unit"], view.info["decimals"])

    def ordered(self, frame: pl.DataFrame | None = None,
                deviation: str = "deviation") -> pl.DataFrame:
        """Rows in the chosen order: by shown name, value or `deviation` (largest first)."""
        view = self.view
        assert view is not None
        frame = view.positions if frame is None else frame
        if self.sort == "value":
            return frame.sort("value", descending=True, nulls_last=True)
        if self.sort == "deviation":
            return frame.sort(deviation, descending=True, nulls_last=True)
        shown = [self.name_of(a, n) for a, n in frame.select("ags", "name").iter_rows()]
        return frame.with_columns(pl.Series("_shown", shown)).sort("_shown").drop("_shown")

    def in_points(self) -> bool:
        """Rates and change rates (unit %): deviations are percentage points, and a
        deviation relative to a median near zero (-844,9 % for K1) means nothing."""
        return self.view is not None and self.view.info["unit"] == "%"

    def draw_table(self) -> None:
        view = self.view
        assert view is not None
        decimals = view.info["decimals"]
        points = self.in_points()
        rows = []
        for row in self.ordered().iter_rows(named=True):
            symbol = {"favourable": " ▲", "unfavourable": " ▼"}.get(row["assessment"] or "", "")
            value = fmt.figure_cell(row["value"], decimals, row["status"],
                                    " ●" if row["outlier"] else "")
            status = texts.STATUS_SHORT.get(row["status"], row["status"])
            if (row["ags"], self.code) in view.notes:
                status = (status + " °").strip()
            figures = [
                value,
                Text(fmt.signed(row["deviation"], decimals) + symbol, justify="right"),
                Text(fmt.signed(row["deviation_pct"], 1), justify="right"),
                Text(fmt.signed(row["change_previous"], decimals), justify="right"),
                Text(fmt.signed(row["change_year"], decimals), justify="right"),
            ]
            shown = self.pseudonyms.context_value(self.code, view.info["unit"], row["value"],
                                                  row["ags"])
            if shown is not None:  # a size figure of a pseudonymised member: its class only
                figures = [Text(shown, justify="right")] + [
                    Text(HIDDEN, justify="right") for _ in figures[1:]]
            if points:
                del figures[2]  # no "Abw. %" for rates
            rows.append(([
                Text(self.name_of(row["ags"], row["name"])),
                *figures,
                Text(status),
            ], row["ags"]))
        labels = list(texts.INDICATOR_COLUMNS)
        if points:
            labels[2:4] = [texts.DEVIATION_POINTS]
        self.query_one("#positions", Table).fill([(label, label) for label in labels], rows)

    def sizes_hidden(self) -> bool:
        """A size figure (population, density, counts) while pseudonyms are on: bars and
        lines would tell the members apart, so the charts stay empty."""
        view = self.view
        return bool(view and self.pseudonyms.on and identifying(view.info["unit"]))

    def draw_expected(self) -> None:
        """The Erwartung view: model line (n, R²), table and residual bars around zero."""
        view = self.view
        assert view is not None
        pane = self.query_one(ExpectedPane)
        if view.expected is None:
            pane.clear()
            return
        pane.show(view.expected, view.info["decimals"],
                  self.ordered(view.expected.members, "residual"), self.name_of)

    def draw_charts(self) -> None:
        view = self.view
        assert view is not None
        if self.sizes_hidden():
            self.query_one(RingBarChart).show([], [], None, None, None,
                                              title=texts.PSEUDO_SIZES_HIDDEN)
            self.query_one(SeriesChart).show([], {}, [], [], [], title=texts.PSEUDO_SIZES_HIDDEN)
            return
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
        chosen = self.current_ags() or self.host.own_ags
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
        found = self.view.positions.filter(pl.col("ags") == ags) if self.view else None
        return found["name"][0] if found is not None and found.height else ags

    def read_ahead(self) -> Callable[[], object] | None:  # the profile Enter opens
        ags, ring, when = self.current_ags(), self.ring_id, self.period
        return (lambda: analysis.warm_profile(self.store, ags, ring, when)) if ags and when else None

    def current_ags(self) -> str | None:
        expected_shown = self.query_one(Views).active_pane == "expected"
        table = self.query_one("#expected-table" if expected_shown else "#positions", Table)
        if not table.row_count:
            return None
        return table.selected_key()

    def action_reference(self) -> None:
        index = REFERENCE_CYCLE.index(self.reference)
        self.reference = REFERENCE_CYCLE[(index + 1) % len(REFERENCE_CYCLE)]
        self.reload()

    def action_range(self) -> None:
        self.range = RANGES[(RANGES.index(self.range) + 1) % len(RANGES)]
        self.query_one(Views).active = "series"
        self.reload()

    def action_facts(self) -> None:
        view = self.view
        if view is None:
            return
        if view.expected is None and view.period is not None and not self.with_expected:
            self.with_expected = True  # the fact sheet shows this quarter's model
            self.facts_after_load = True
            self.reload()
            return
        self.app.push_screen(TextDialog(commands.Facts.LABEL, fact_sheet(view.info, view.expected)))

    def action_variables(self) -> None:
        """Let the ring choose its own model variables (stored for everyone)."""
        view = self.view
        if view is None or view.expected is None:
            self.action_tab("expected")  # the choice needs the model's figures first
            return

        def save(terms: list[str] | None) -> None:
            if terms is None:
                return
            try:
                expected_store.set_ring_variables(self.store, self.ring_id, terms)
            except StoreError as error:  # read-only, locked: say so, never a traceback
                self.notify(texts.store_error(error), severity="error", timeout=8)
                return
            shown = ", ".join(terms or DEFAULT_VARIABLES)
            self.notify(ex_texts.VARIABLES_SAVED.format(variables=shown))
            self.reload()

        self.app.push_screen(VariablesDialog(view.ring.name, view.expected.context_choices,
                                             view.expected.model.variables), save)

    def action_tab(self, tab: str) -> None:
        self.query_one(Views).active = tab
        self.show_legend()
        if tab == "expected":
            self.query_one("#expected-table", Table).focus()
            if not self.with_expected:
                self.with_expected = True
                self.reload()
        elif tab == "table":
            self.query_one("#positions", Table).focus()
        elif self.view is not None and self.view.period:
            self.draw_charts()  # follow the member picked in the table

    def action_next_tab(self) -> None:
        self.action_tab(self.query_one(Views).cycle())

    def action_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        if self.view is not None and self.view.period:
            self.draw_table()
            self.draw_expected()

    def action_open_profile(self) -> None:
        ags = self.current_ags()
        if ags is not None:
            self.post_message(OpenMunicipality(ags, self.ring_id, self.period))

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
        if self.query_one(Views).active_pane == "expected" and view.expected is not None:
            rows = self.ordered(view.expected.members, "residual")
            names = [self.name_of(a, n) for a, n in rows.select("ags", "name").iter_rows()]
            frame = expected_frame(rows, names)
            return f"{view.info['code']} {view.ring.name} {view.period} Erwartung", frame
        rows = self.ordered()
        names = [self.name_of(a, n) for a, n in rows.select("ags", "name").iter_rows()]
        hidden = [self.pseudonyms.hides(a) for a in rows["ags"].to_list()] if self.sizes_hidden() else None
        frame = positions_frame(rows, names, self.in_points(), hidden)
        return f"{view.info['code']} {view.ring.name} {view.period}", frame
