"""Municipality profile: every indicator against the ring median, context, practices, notes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Header, Static
from textual_plotext import PlotextPlot

from store import analysis, periods
from store import expected as expected_store
from store.annotations import annotations
from store.practices import adoptions_of
from store.rings import get_ring, rings_of
from tui.kit import format as fmt
from tui.kit import keys, texts
from tui.kit.base import DataScreen
from tui.kit.navigation import OpenIndicator
from tui.kit.pseudonyms import HIDDEN, identifying
from tui.kit.settings import save_setting
from tui.kit.texts import commands
from tui.kit.texts import expected as ex_texts
from tui.kit.widgets.charts import german_ticks
from tui.kit.widgets.keybar import KeyBar
from tui.kit.widgets.tables import Table
from tui.kit.widgets.views import Views

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
    # Expected vs actual per indicator (with the model variables), once the view is wanted.
    expected: tuple[tuple[str, ...], pl.DataFrame] | None = None


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
        self.with_expected = False  # computed once the Erwartung view is first opened

    def compose(self) -> ComposeResult:
        self.reload()  # the reads overlap the mounting of the widgets below
        yield Header()
        yield Static(id="profile-title")
        yield Views(
            ("figures", texts.TAB_FIGURES,
             Table(id="profile", cursor_type="row", zebra_stripes=True)),
            ("chart", texts.TAB_CHART,
             VerticalScroll(DeviationChart(id="profile-chart"), id="chart")),
            ("more", texts.TAB_MORE, VerticalScroll(Static(id="profile-more"), id="more")),
            ("expected", ex_texts.TAB_EXPECTED, Vertical(
                Static(id="profile-expected-title"),
                Table(id="profile-expected", cursor_type="row", zebra_stripes=True),
                id="expected",
            )),
        )
        yield Static(Text(texts.LEGEND_SHORT, style="dim"))
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#profile", Table).focus()

    def fetch(self) -> ProfileView:
        store = self.store
        master = analysis.municipality(store, self.ags)
        if master is None:
            raise LookupError(self.ags)
        ring_id, ring_name = self.ring_id, None
        if ring_id is None:
            mine = rings_of(store, self.ags)
            if mine.height:
                ring_id = mine["id"][0]
        if ring_id is not None:
            found = get_ring(store, ring_id)
            ring_name = found.name if found else None
        choices, default = analysis.municipality_periods(store, self.ags)
        period = self.period if self.period in choices else default
        profile = (analysis.municipality_profile(store, self.ags, ring_id, period)
                   if period else pl.DataFrame())
        expected = None
        if self.with_expected and period:
            expected = expected_store.member_expectations(store, self.ags, ring_id, period)
        return ProfileView(master, ring_id, ring_name, period, choices, profile,
                           adoptions_of(store, self.ags), annotations(store, [self.ags]),
                           expected)

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
            f" · {self.pseudonyms.population(m['population'], m['ags'])} Einw.",
            f" · {fmt.clean(view.ring_name) if view.ring_name else texts.NO_RING}",
        )
        if view.period:
            title.append(f" · {periods.short_label(view.period)}")
        self.query_one("#profile-title", Static).update(title)
        self.draw_table()
        self.draw_chart()
        self.draw_more()
        self.draw_expected()

    def draw_expected(self) -> None:
        """Expected vs actual per indicator: value, expected value, residual judged in the
        indicator's direction, and each model's n and R²."""
        view = self.view
        assert view is not None
        title = self.query_one("#profile-expected-title", Static)
        table = self.query_one("#profile-expected", Table)
        if view.expected is None:
            title.update(Text(""))
            table.clear()
            return
        variables, frame = view.expected
        title.update(Text(ex_texts.PROFILE_HEADING.format(variables=", ".join(variables)),
                          style="bold"))
        names = view.profile.select("indicator_code", "short_name", "name", "decimals")
        rows = []
        for row in frame.join(names, on="indicator_code", how="left",
                              maintain_order="left").iter_rows(named=True):
            decimals = row["decimals"] if row["decimals"] is not None else 1
            if row["refused"]:
                reason = ex_texts.REFUSED_SHORT[row["refused"]].format(n=row["n"])
                residual = Text(reason, style="dim")
            else:
                symbol = ex_texts.ASSESSMENT_SYMBOLS.get(row["residual_assessment"] or "", "")
                residual = Text(fmt.signed(row["residual"], decimals) + symbol, justify="right")
            rows.append(([
                Text(row["indicator_code"]),
                Text(fmt.clean(row["short_name"] or row["name"])),
                Text(fmt.number(row["value"], decimals), justify="right"),
                Text(fmt.number(row["expected"], decimals), justify="right"),
                residual,
                Text(fmt.number(row["r2"], 2), justify="right"),
            ], row["indicator_code"]))
        table.fill([(label, label) for label in ex_texts.PROFILE_COLUMNS], rows)

    def draw_table(self) -> None:
        view = self.view
        assert view is not None
        table = self.query_one("#profile", Table)
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
                cells = [
                    fmt.figure_cell(row["value"], decimals, None),
                    Text(fmt.number(row["median"], decimals), justify="right"),
                    Text(fmt.signed(row["deviation"], decimals) + (f" {symbol}" if symbol else ""),
                         style=style, justify="right"),
                    Text(fmt.signed(row["change_year"], decimals), justify="right"),
                ]
                shown = self.pseudonyms.context_value(row["indicator_code"], row["unit"],
                                                      row["value"], self.ags)
                if shown is not None:  # a size figure: its class only, nothing to subtract
                    cells = [Text(shown, justify="right"), cells[1],
                             Text(HIDDEN, justify="right"), Text(HIDDEN, justify="right")]
                rows.append(([
                    fmt.plain(row["indicator_code"]),
                    Text(fmt.clean(row["short_name"] or row["name"])
                         + annual_note(row.get("annual_period"))),
                    *cells,
                    Text(mark),
                ], row["indicator_code"]))
        table.fill([(label, label) for label in texts.PROFILE_COLUMNS], rows)

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
        real = {self.ags: view.municipality["name"]}  # a note may name the member
        if view.notes.is_empty():
            text.append(f"  {texts.NO_NOTES}\n")
        for row in view.notes.iter_rows(named=True):
            text.append(f"  {row['indicator_code']} · {periods.short_label(row['period'])} · "
                        f"{fmt.clean(row['author'])} · {fmt.iso_date(row['created_at'])}\n",
                        style="dim")
            text.append(f"    {self.pseudonyms.scrub(fmt.clean(row['text']), real)}\n")
        self.query_one("#profile-more", Static).update(text)

    # --- actions ----------------------------------------------------------------------
    def current_code(self) -> str | None:
        expected_shown = self.query_one(Views).active_pane == "expected"
        table = self.query_one("#profile-expected" if expected_shown else "#profile", Table)
        if not table.row_count:
            return None
        key = table.selected_key()
        return None if key == CONTEXT_ROW else key

    def action_open_indicator(self) -> None:
        code = self.current_code()
        if code is not None and self.ring_id is not None:
            self.post_message(OpenIndicator(self.ring_id, code, self.period))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_indicator()

    def action_tab(self, tab: str) -> None:
        self.query_one(Views).active = tab
        if tab == "figures":
            self.query_one("#profile", Table).focus()
        elif tab == "expected":
            self.query_one("#profile-expected", Table).focus()
            if not self.with_expected:
                self.with_expected = True
                self.reload()

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
        self.host.own_ags = self.ags
        name = self.view.municipality["name"] if self.view else self.ags
        try:
            save_setting("own_ags", self.ags)
        except OSError as error:  # full disk, read-only home: it still holds for this session
            self.notify(texts.OWN_SET_SESSION.format(name=fmt.clean(name), error=error),
                        severity="warning", timeout=10)
            return
        self.notify(texts.OWN_SET.format(name=fmt.clean(name)))

    def export_frame(self) -> tuple[str, pl.DataFrame] | None:
        view = self.view
        if view is None or view.profile.is_empty():
            return None
        name = self.name_of(self.ags, view.municipality["name"])
        if self.query_one(Views).active_pane == "expected" and view.expected is not None:
            frame = view.expected[1].select(
                pl.col("indicator_code").alias("Kennzahl"), pl.col("value").alias("Wert"),
                pl.col("expected").alias("Erwartet"), pl.col("residual").alias("Residuum"),
                pl.col("n").alias("n"), pl.col("r2").alias("R²"),
            )
            return f"{name} {view.period} Erwartung", frame
        frame = view.profile.select(
            pl.col("indicator_code").alias("Kennzahl"),
            pl.col("name").alias("Bezeichnung"),
            pl.col("value").alias("Wert"),
            pl.col("median").alias("Median"),
            pl.col("deviation").alias("Abweichung"),
            # Rates: the deviation is in percentage points; relative to a median near zero
            # it would mean nothing.
            pl.when(pl.col("unit") != "%").then(pl.col("deviation_pct")).alias("Abweichung %"),
            pl.col("change_year").alias("ggü. Vorjahr"),
            pl.col("status").alias("Status"),
        )
        if self.pseudonyms.hides(self.ags):  # size figures would say who it is
            sizes = [identifying(u) for u in view.profile["unit"].to_list()]
            hide = pl.Series(sizes)
            frame = frame.with_columns(
                pl.when(hide).then(None).otherwise(pl.col(c)).alias(c)
                for c in ("Wert", "Abweichung", "Abweichung %", "ggü. Vorjahr"))
        return f"{name} {view.period}", frame
