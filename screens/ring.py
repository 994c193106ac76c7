"""Ring: its members and the indicator matrix (members × indicators) for one quarter."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import polars as pl
from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Header, Static

from store import analysis, compare, periods
from store.annotations import noted
from store.db import StoreError
from store.ring_indicators import column_order, move_indicator
from store.rings import Ring, get_ring
from tui.kit import format as fmt
from tui.kit import keys, texts
from tui.kit.base import DataScreen
from tui.kit.navigation import OpenDelivery, OpenIndicator, OpenMeetings, OpenMunicipality
from tui.kit.texts import commands
from tui.kit.widgets.dialogs import CodePicker
from tui.kit.widgets.keybar import KeyBar
from tui.kit.widgets.tables import Table

MEMBER_COLUMNS = ("Kommune", "Träger", "Typ", "Einwohner")
SORTS = ("name", "value", "deviation")
SORT_WORDS = {"name": "Name", "value": "Wert", "deviation": "Abweichung"}


@dataclass
class RingView:
    ring: Ring
    period: str | None
    choices: list[str]
    members: pl.DataFrame
    matrix: pl.DataFrame
    catalogue: pl.DataFrame
    notes: set[tuple[str, str]]
    codes: list[str]  # the columns, in the ring's order
    all_choices: bool = True  # False: `choices` holds the opening quarter only, so far


class RingScreen(DataScreen):
    HELP_TEXT = (
        "Zeilen: Mitglieder des Rings im gewählten Quartal; Spalten: Kennzahlen. Die Zellen "
        "zeigen den Wert und sind nach der Abweichung vom Ringmedian schattiert (robust, "
        "Median und MAD); neutrale Kennzahlen werden nie als gut oder schlecht markiert. "
        "Es gibt keine Rangplätze."
    )
    COMMAND_LIST = commands.RING
    BINDINGS = keys.bindings(COMMAND_LIST)

    def __init__(self, ring_id: int, period: str | None = None) -> None:
        super().__init__()
        self.ring_id = ring_id
        self.period = period
        self.view: RingView | None = None
        self.sort = "name"
        self.sort_code: str | None = None

    def compose(self) -> ComposeResult:
        self.reload()  # the reads overlap the mounting of the widgets below
        yield Header()
        yield Static(id="ring-title")
        yield Table(id="matrix", cursor_type="cell", zebra_stripes=True, fixed_columns=1)
        yield Static(id="ring-detail")
        yield Static(Text(texts.LEGEND_SHORT, style="dim"), id="ring-legend")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#matrix", Table).focus()

    # --- data -------------------------------------------------------------------
    def fetch(self) -> RingView:
        store = self.store
        ring = get_ring(store, self.ring_id)
        if ring is None:
            raise LookupError(texts.RING_GONE)
        choices = analysis.known_ring_periods(store, self.ring_id)
        all_choices = choices is not None or self.period is not None
        if not all_choices:
            # Opened afresh: the opening quarter reads the last two years only; the full
            # list of quarters (every figure of the members) is read once the matrix is up.
            period = analysis.default_period(store, self.ring_id)
            choices = [period] if period else []
        else:
            if choices is None:
                choices = analysis.ring_periods(store, self.ring_id)
            period = (self.period if self.period in choices
                      else analysis.default_period(store, self.ring_id))
        catalogue = analysis.indicators(store)
        if period is None:
            empty = pl.DataFrame()
            return RingView(ring, None, choices, empty, empty, catalogue, set(), [], all_choices)
        members = compare.members_at(analysis.ring_membership(store, self.ring_id), period)
        matrix = analysis.ring_matrix(store, self.ring_id, period)
        notes = noted(store, members["ags"].to_list(), period)
        return RingView(ring, period, choices, members, matrix, catalogue, notes,
                        column_order(store, self.ring_id), all_choices)

    def reload(self) -> None:
        self.load(self.fetch, self.show)

    def show(self, view: RingView) -> None:
        self.view = view
        self.period = view.period
        self.redraw()
        if not view.all_choices:  # after the matrix is on screen, not competing with it
            self.call_after_refresh(self.load, lambda: analysis.ring_periods(
                self.store, self.ring_id), self.show_choices, group="choices")

    def show_choices(self, choices: list[str]) -> None:
        """The full list of quarters to step through; nothing on screen changes."""
        if self.view is not None and not self.view.all_choices:
            self.view.choices = choices
            self.view.all_choices = True

    def ordered_members(self) -> pl.DataFrame:
        view = self.view
        assert view is not None
        members = view.members
        if self.sort == "name" or self.sort_code is None:
            shown = [self.name_of(a, n) for a, n in members.select("ags", "name").iter_rows()]
            return members.with_columns(pl.Series("_shown", shown)).sort("_shown").drop("_shown")
        column = "value" if self.sort == "value" else "score_or_z"
        picked = view.matrix.filter(pl.col("indicator_code") == self.sort_code).select(
            "ags", "value", pl.coalesce("score", "robust_z").alias("score_or_z")
        )
        return (
            members.join(picked, on="ags", how="left")
            .sort(column, descending=True, nulls_last=True)
            .drop("value", "score_or_z")
        )

    def redraw(self) -> None:
        with self.app.batch_update():
            self._redraw()

    def _redraw(self) -> None:
        view = self.view
        if view is None:
            return
        table = self.query_one("#matrix", Table)
        # The number commands take (compare --ring-id, template, report).
        title = Text.assemble((fmt.clean(view.ring.name), "bold"), (f" (Nr. {view.ring.id})", "dim"))
        if view.period is None:
            table.clear(columns=True)
            self.query_one("#ring-title", Static).update(title + Text(" · " + texts.NO_DATA))
            return
        title.append(f" · {periods.label(view.period)}")
        if self.sort != "name":
            title.append(f" · sortiert nach {SORT_WORDS[self.sort]} ({self.sort_code})", "dim")
        self.query_one("#ring-title", Static).update(title)
        codes = view.codes
        cells = {
            (r["ags"], r["indicator_code"]): r for r in view.matrix.iter_rows(named=True)
        }
        info = {r["code"]: r for r in view.catalogue.iter_rows(named=True)}
        rows = []
        for member in self.ordered_members().iter_rows(named=True):
            row: list[Text] = [
                Text(self.name_of(member["ags"], member["name"])),
                Text(member["carrier"] or "–"),
                Text(fmt.clean(member["comparison_type"] or "–")),
                # With pseudonyms the exact population would give a district away.
                Text(self.pseudonyms.population(member["population"], member["ags"]),
                     justify="right"),
            ]
            for code in codes:
                cell = cells.get((member["ags"], code), {})
                neutral = info[code]["direction"] == "neutral"
                symbol, style = fmt.shade(cell.get("score"), cell.get("robust_z"), neutral)
                row.append(
                    fmt.figure_cell(
                        cell.get("value"), info[code]["decimals"], cell.get("status"),
                        symbol, style, (member["ags"], code) in view.notes,
                    )
                )
            rows.append((row, member["ags"]))
        columns = [(label, label) for label in MEMBER_COLUMNS] + [(c, c) for c in codes]
        table.fill(columns, rows)
        self.update_detail()

    # --- cursor -----------------------------------------------------------------
    def current(self) -> tuple[str | None, str | None]:
        """(ags, indicator code) under the cursor; code is None on the member columns."""
        ags, column = self.query_one("#matrix", Table).selected_cell()
        return ags, (None if column in MEMBER_COLUMNS else column)

    def on_data_table_cell_highlighted(self, event: DataTable.CellHighlighted) -> None:
        self.update_detail()

    def read_ahead(self) -> Callable[[], object] | None:  # the indicator Enter opens
        _ags, code = self.current()
        ring, when = self.ring_id, self.period
        return (lambda: analysis.warm_indicator(self.store, ring, code, when)) if code and when else None

    def update_detail(self) -> None:
        view = self.view
        detail = self.query_one("#ring-detail", Static)
        ags, code = self.current()
        if view is None or ags is None or view.period is None:
            detail.update("")
            return
        member = view.members.filter(pl.col("ags") == ags).row(0, named=True)
        name = self.name_of(ags, member["name"])
        if code is None:
            parts = [name, fmt.clean(member["kind"] or "")]
            if not self.pseudonyms.hides(ags):  # the Land would narrow a pseudonym down
                parts.append(fmt.clean(member["state"] or ""))
            detail.update(Text(" · ".join(parts)))
            return
        info = view.catalogue.filter(pl.col("code") == code).row(0, named=True)
        cell = view.matrix.filter(
            (pl.col("ags") == ags) & (pl.col("indicator_code") == code)
        ).row(0, named=True)
        unit, decimals = info["unit"], info["decimals"]
        text = Text.assemble(
            (f"{code} ", "bold"), fmt.clean(info["short_name"] or info["name"]), f" · {name}: ",
            (fmt.value(cell["value"], unit, decimals), "bold"),
            f" {fmt.status_mark(cell['status'])}".rstrip(),
            f" · Median {fmt.value(cell['median'], unit, decimals)}",
            f" · {texts.DIRECTION_WORDS[info['direction']]}",
        )
        detail.update(text)

    # --- actions ------------------------------------------------------------------
    def action_sort(self) -> None:
        _ags, code = self.current()
        if code is None and self.sort == "name":
            self.sort_code = None
            return
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.sort_code = code or self.sort_code
        if self.sort_code is None:
            self.sort = "name"
        self.redraw()

    def action_jump_column(self) -> None:
        """VisiData's c: go to an indicator's column by typing its code or name."""
        view = self.view
        if view is None or not view.codes:
            return
        names = dict(view.catalogue.select("code", "name").iter_rows())
        choices = [(code, fmt.clean(names.get(code) or "")) for code in view.codes]

        def jump(code: str | None) -> None:
            if code is not None:
                self.query_one("#matrix", Table).select_column(code)
                self.update_detail()

        self.app.push_screen(CodePicker(choices), jump)

    def action_move_column(self, steps: int) -> None:
        """The ring's own column order: < and > move the indicator under the cursor and
        save the order for everyone working with this ring."""
        _ags, code = self.current()
        if code is None or self.view is None:
            return
        try:
            codes = move_indicator(self.store, self.ring_id, code, steps)
        except StoreError as error:
            message = (texts.COLUMN_NOT_MOVABLE if error.reason == "invalid"
                       else texts.store_error(error))
            self.notify(message, severity="warning")
            return
        context = [c for c in self.view.codes if c not in codes]
        self.view.codes = codes + context
        self.redraw()
        self.query_one("#matrix", Table).select_column(code)

    def action_drill(self) -> None:
        ags, code = self.current()
        if ags is None:
            return
        if code is None:
            self.action_open_profile()
        else:
            self.post_message(OpenIndicator(self.ring_id, code, self.period))

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        event.stop()
        self.action_drill()

    def action_open_profile(self) -> None:
        ags, _code = self.current()
        if ags is not None:
            self.post_message(OpenMunicipality(ags, self.ring_id, self.period))

    def action_delivery(self) -> None:
        """The quarter cycle: who delivered the ring's own figures, templates, report."""
        self.post_message(OpenDelivery(self.ring_id))

    def action_meetings(self) -> None:
        self.post_message(OpenMeetings(self.ring_id))

    def action_note(self) -> None:
        ags, code = self.current()
        if ags is None or code is None or self.period is None or self.view is None:
            self.notify(texts.NOTE_NO_CELL, severity="warning")
            return
        member = self.view.members.filter(pl.col("ags") == ags).row(0, named=True)
        about = f"{self.name_of(ags, member['name'])} · {code} · {periods.label(self.period)}"
        period = self.period
        self.ask_note(ags, code, period, about)

    def export_frame(self) -> tuple[str, pl.DataFrame] | None:
        view = self.view
        if view is None or view.period is None:
            return None
        wide = view.matrix.pivot(on="indicator_code", index="ags", values="value")
        members = self.ordered_members()
        names = [self.name_of(a, n) for a, n in members.select("ags", "name").iter_rows()]
        frame = (
            members.select("ags", "carrier", "comparison_type", "population")
            .with_columns(pl.Series("name", names))
            .join(wide, on="ags", how="left")
            .select("ags", "name", pl.exclude("ags", "name"))
            .rename({"ags": "AGS", "name": "Kommune", "carrier": "Träger",
                     "comparison_type": "Vergleichstyp", "population": "Einwohner"})
        )
        if self.pseudonyms.on:  # key and exact size would reveal who is who: classes
            sizes = [self.pseudonyms.population(p, a)
                     for a, p in members.select("ags", "population").iter_rows()]
            frame = frame.drop("AGS").with_columns(pl.Series("Einwohner", sizes))
        return f"{view.ring.name} {view.period}", frame
