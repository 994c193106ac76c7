"""Indicator in a ring: member values as table, bar chart and time series for one quarter."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Header, Static

from store import analysis, compare, periods
from store import expected as expected_store
from store.annotations import noted
from store.compare.expected import DEFAULT_VARIABLES, Model
from store.db import StoreError
from store.rings import Ring, get_ring
from tui.kit import format as fmt
from tui.kit import keys, texts
from tui.kit.base import DataScreen
from tui.kit.navigation import OpenMunicipality
from tui.kit.pseudonyms import HIDDEN, identifying
from tui.kit.texts import commands
from tui.kit.texts import expected as ex_texts
from tui.kit.widgets.charts import RingBarChart, SeriesChart
from tui.kit.widgets.dialogs import TextDialog
from tui.kit.widgets.keybar import KeyBar
from tui.kit.widgets.model_dialog import VariablesDialog
from tui.kit.widgets.tables import Table
from tui.kit.widgets.views import Views

REFERENCE_CYCLE = compare.REFERENCES  # ring, zkT, gE, type, all
RANGES = (8, 12, 20, 0)
SORTS = ("name", "value", "deviation")


@dataclass
class ExpectedView:
    """The model for the indicator and quarter and the members' expected values."""

    model: Model
    members: pl.DataFrame  # ags, name, value, expected, residual, residual_z, far, …
    ages: list[dict[str, Any]]
    readings: list[str]
    context_choices: list[tuple[str, str]]  # (code, name) of every context indicator


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


def fact_sheet(info: dict[str, Any], expected: ExpectedView | None = None) -> Text:
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
        ("\n" + ex_texts.FACTS_HEADING + "\n", "bold"),
        ex_texts.facts(expected.model if expected else None,
                       expected.model.variables if expected else DEFAULT_VARIABLES,
                       expected.readings if expected else []),
    )


class IndicatorScreen(DataScreen):
    HELP_TEXT = (
        "Eine Kennzahl im Ring: Tabelle, Balken (Median rot, Quartile grau) und Verlauf "
        "(Ringmedian hervorgehoben), verglichen mit der gewählten Vergleichsgruppe, dazu was die "
        "Rahmenbedingungen erwarten lassen (Erwartungswert und Residuum nach den Modellvariablen "
        "des Rings)."
    )
    DEFAULT_CSS = """
    #expected-model { height: auto; }
    #expected-body { height: 1fr; }
    #expected-table { width: auto; max-width: 62%; height: 1fr; }
    #residual-box { width: 1fr; height: 1fr; }
    """
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
            ("expected", ex_texts.TAB_EXPECTED, Vertical(
                Static(id="expected-model"),
                Horizontal(
                    Table(id="expected-table", cursor_type="row", zebra_stripes=True),
                    VerticalScroll(RingBarChart(id="residual-chart", row_per_bar=True,
                                                label_width=12), id="residual-box"),
                    id="expected-body",
                ),
                id="expected",
            )),
        )
        yield Static(Text(texts.INDICATOR_LEGEND.format(points=""), style="dim"),
                     id="indicator-legend")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#positions", Table).focus()
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
        expected = self.fetch_expected(info, period) if self.with_expected else None
        return IndicatorView(ring, info, period, choices, dist, reference, positions, series,
                             ring_series, notes, expected)

    def fetch_expected(self, info: dict[str, Any], period: str) -> ExpectedView:
        found, members = expected_store.ring_expected(self.store, self.ring_id, self.code, period)
        catalogue = {r["code"]: r for r in analysis.indicators(self.store).iter_rows(named=True)}
        choices = [(code, row["name"]) for code, row in catalogue.items()
                   if row["kind"] == "context"]
        return ExpectedView(found.model, members, found.ages.to_dicts(),
                            ex_texts.readings(found.model, catalogue, info), choices)

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
        self.draw_charts()
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
        found = view.expected
        model_line = self.query_one("#expected-model", Static)
        table = self.query_one("#expected-table", Table)
        chart = self.query_one("#residual-chart", RingBarChart)
        if found is None:
            model_line.update(Text(""))
            return
        line = Text(ex_texts.model_line(found.model, found.ages),
                    style="" if found.model.ok else "bold")
        model_line.update(line)
        decimals = view.info["decimals"]
        rows = []
        members = self.ordered(found.members, "residual")
        for row in members.iter_rows(named=True):
            symbol = ex_texts.ASSESSMENT_SYMBOLS.get(row["residual_assessment"] or "", "")
            far = " ●" if row["far"] else ""
            rows.append(([
                Text(self.name_of(row["ags"], row["name"])),
                Text(fmt.number(row["value"], decimals), justify="right"),
                Text(fmt.number(row["expected"], decimals), justify="right"),
                Text(fmt.signed(row["residual"], decimals) + symbol + far, justify="right"),
            ], row["ags"]))
        table.fill([(label, label) for label in ex_texts.EXPECTED_COLUMNS[:4]], rows)
        by_residual = found.members.sort("residual", nulls_last=True)
        names = [self.name_of(a, n) for a, n in by_residual.select("ags", "name").iter_rows()]
        chart.show(names, by_residual["residual"].to_list(), 0.0 if found.model.ok else None,
                   None, None, title=ex_texts.CHART_TITLE, centre_zero=True)

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
        view = self.view
        if view is None or view.positions.is_empty():
            return ags
        found = view.positions.filter(pl.col("ags") == ags)
        return found["name"][0] if found.height else ags

    # --- actions ------------------------------------------------------------------------
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
            frame = rows.select(
                pl.Series("Kommune", names), pl.col("value").alias("Wert"),
                pl.col("expected").alias("Erwartet"), pl.col("residual").alias("Residuum"),
            )
            return f"{view.info['code']} {view.ring.name} {view.period} Erwartung", frame
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
        if self.in_points():
            frame = frame.drop("Abweichung %").rename({"Abweichung": "Abweichung (Pp.)"})
        if self.sizes_hidden():
            hide = pl.Series([self.pseudonyms.hides(a) for a in rows["ags"].to_list()])
            frame = frame.with_columns(
                pl.when(hide).then(None).otherwise(pl.col(c)).alias(c)
                for c in frame.columns[1:-1])
        return f"{view.info['code']} {view.ring.name} {view.period}", frame
