"""Delivery status of a ring's collection quarter: members × collected indicators, what to chase,
and the cycle's actions (templates, report)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import polars as pl
from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Header, Static

from store import periods
from store.collection import Collection, collecting_period, collection_periods, ring_delivery
from store.compare.delivery import delivery_counts, to_chase
from tui.kit import format as fmt
from tui.kit import keys
from tui.kit.base import DataScreen
from tui.kit.cycle import make_templates
from tui.kit.locations import export_dir
from tui.kit.navigation import OpenImport, OpenIndicator
from tui.kit.report import build, write_report
from tui.kit.texts import commands
from tui.kit.texts import cycle as tx
from tui.kit.widgets.keybar import KeyBar
from tui.kit.widgets.tables import Table

STATE_STYLES = {"delivered": "", "provisional": "italic", "missing": "dim",
                "implausible": "bold reverse"}


@dataclass
class DeliveryView:
    found: Collection
    period: str
    choices: list[str]
    status: pl.DataFrame


class DeliveryScreen(DataScreen):
    HELP_TEXT = tx.DELIVERY_HELP
    DEFAULT_CSS = """
    DeliveryScreen #delivery { height: 1fr; }
    DeliveryScreen #chase { height: auto; }
    """
    COMMAND_LIST = commands.DELIVERY
    BINDINGS = keys.bindings(COMMAND_LIST)

    def __init__(self, ring_id: int, period: str | None = None) -> None:
        super().__init__()
        self.ring_id = ring_id
        self.period = period
        self.view: DeliveryView | None = None
        self.chase_text = ""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="delivery-title")
        yield Table(id="delivery", cursor_type="cell", zebra_stripes=True, fixed_columns=1)
        yield Static(id="delivery-detail")
        yield Static(id="chase")
        yield Static(Text(tx.DELIVERY_LEGEND, style="dim"))
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#delivery", Table).focus()
        self.reload()

    def on_screen_resume(self) -> None:
        # Back from importing returned templates: show what arrived.
        if self.view is not None:
            self.reload()

    # --- data -------------------------------------------------------------------------
    def fetch(self) -> DeliveryView:
        choices = collection_periods(self.store, self.ring_id)
        period = self.period if self.period in choices else collecting_period(
            self.store, self.ring_id)
        if period is None:  # a ring without any figures: the quarter that ended last
            period = periods.shift(periods.quarter_of(datetime.now().strftime("%Y-%m")), -1)
        if period not in choices:
            choices = sorted({*choices, period})
        found, status = ring_delivery(self.store, self.ring_id, period)
        return DeliveryView(found, period, choices, status)

    def reload(self) -> None:
        self.load(self.fetch, self.show)

    def show(self, view: DeliveryView) -> None:
        self.view = view
        self.period = view.period
        self.redraw()

    def redraw(self) -> None:
        with self.app.batch_update():
            self._redraw()

    def _redraw(self) -> None:
        view = self.view
        if view is None:
            return
        found, status = view.found, view.status
        counts = delivery_counts(status)
        complete = counts.filter((pl.col("missing") + pl.col("implausible")) == 0).height
        title = Text.assemble((tx.DELIVERY_TITLE + " · ", "bold"),
                              (fmt.clean(found.ring.name), "bold"), f" · {periods.label(view.period)}")
        summary = tx.DELIVERY_SUMMARY.format(
            members=found.members.height,
            complete=complete, missing=int(counts["missing"].sum() or 0),
            implausible=int(counts["implausible"].sum() or 0),
            provisional=int(counts["provisional"].sum() or 0))
        title.append("\n" + summary, "dim")
        if found.indicators.is_empty():
            title.append("\n" + tx.DELIVERY_NO_INDICATORS)
        self.query_one("#delivery-title", Static).update(title)
        codes = found.indicators["code"].to_list()
        cells = {(r["ags"], r["indicator_code"]): r["state"] for r in
                 status.select("ags", "indicator_code", "state").iter_rows(named=True)}
        rows = []
        for ags, name in found.members.select("ags", "name").iter_rows():
            row = [Text(self.name_of(ags, name))]
            for code in codes:
                state = cells.get((ags, code), "missing")
                row.append(Text(tx.STATE_MARKS[state], style=STATE_STYLES[state],
                                justify="center"))
            rows.append((row, ags))
        self.query_one("#delivery", Table).fill([(tx.REPORT_MEMBER_HEADERS[0], "__name__")]
                   + [(c, c) for c in codes], rows)
        self.chase_text = self.chase_list()
        chase = Text(tx.CHASE_HEADING + "\n", style="bold")
        lines = self.chase_text.splitlines()
        room = max(3, self.app.size.height - 19)  # 5 lines at 80×24, the table keeps its rows
        if len(lines) > room:
            lines = lines[:room - 1] + [tx.CHASE_MORE.format(count=len(lines) - room + 1)]
        chase.append("\n".join(lines) or tx.CHASE_NOTHING, style="")
        self.query_one("#chase", Static).update(chase)
        self.update_detail()

    def chase_list(self) -> str:
        """One line per member with something to chase: missing and implausible figures
        (with why), provisional ones for the record."""
        view = self.view
        assert view is not None
        names = dict(view.found.members.select("ags", "name").iter_rows())
        lines = []
        for row in to_chase(view.status).iter_rows(named=True):
            parts = []
            collected = view.found.indicators.height
            if row["missing"] and len(row["missing"]) == collected and collected > 2:
                parts.append(tx.CHASE_ALL_MISSING.format(count=collected,
                                                         codes=", ".join(row["missing"])))
            elif row["missing"]:
                parts.append(tx.CHASE_MISSING.format(codes=", ".join(row["missing"])))
            if row["implausible"]:
                reasons = [self.reason_text(row["ags"], c) for c in row["implausible"]]
                parts.append(tx.CHASE_IMPLAUSIBLE.format(codes="; ".join(reasons)))
            if row["provisional"]:
                parts.append(tx.CHASE_PROVISIONAL.format(codes=", ".join(row["provisional"])))
            lines.append(f"{self.name_of(row['ags'], names.get(row['ags']))}: "
                         + " · ".join(parts))
        return "\n".join(lines)

    def reason_text(self, ags: str, code: str) -> str:
        view = self.view
        assert view is not None
        row = view.status.filter((pl.col("ags") == ags) & (pl.col("indicator_code") == code)
                                 ).row(0, named=True)
        info = view.found.indicators.filter(pl.col("code") == code).row(0, named=True)
        decimals = info["decimals"] if info["decimals"] is not None else 1
        if row["reason"] == "range":
            why = tx.REASON_RANGE.format(low=fmt.number(row["min_value"], decimals),
                                         high=fmt.number(row["max_value"], decimals))
        else:
            why = tx.REASON_JUMP.format(change=fmt.signed(row["change"], decimals),
                                        usual=fmt.signed(row["usual_change"], decimals),
                                        scale=fmt.number(row["jump_scale"], decimals))
        return f"{code} {fmt.number(row['value'], decimals)} ({why})"

    # --- cursor -----------------------------------------------------------------------
    def current(self) -> tuple[str | None, str | None]:
        ags, column = self.query_one("#delivery", Table).selected_cell()
        return ags, (None if column == "__name__" else column)

    def on_data_table_cell_highlighted(self, event: DataTable.CellHighlighted) -> None:
        self.update_detail()

    def update_detail(self) -> None:
        detail = self.query_one("#delivery-detail", Static)
        ags, code = self.current()
        if self.view is None or ags is None or code is None:
            detail.update("")
            return
        row = self.view.status.filter((pl.col("ags") == ags) & (pl.col("indicator_code") == code)
                                      ).row(0, named=True)
        name = self.name_of(ags, self.view.found.members.filter(pl.col("ags") == ags)["name"][0])
        text = Text.assemble((f"{code} ", "bold"), f"{name}: ",
                             (tx.STATE_WORDS[row["state"]], "bold"))
        if row["value"] is not None:
            info = self.view.found.indicators.filter(pl.col("code") == code).row(0, named=True)
            decimals = info["decimals"] if info["decimals"] is not None else 1
            text.append(f" · {fmt.value(row['value'], info['unit'], decimals)}")
        if row["state"] == "implausible":
            text.append(" · " + self.reason_text(ags, code).split(" ", 2)[-1])
        detail.update(text)

    # --- actions ----------------------------------------------------------------------
    def action_open_indicator(self) -> None:
        _ags, code = self.current()
        if code is not None:
            self.post_message(OpenIndicator(self.ring_id, code, self.period))

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        event.stop()
        self.action_open_indicator()

    def action_import(self) -> None:
        self.post_message(OpenImport())

    def action_copy_table(self) -> None:
        """y copies the chase list (the thing to paste into an e-mail)."""
        if self.view is None:
            return
        text = self.chase_text or tx.CHASE_NOTHING
        self.copied(text + "\n")
        self.notify(tx.CHASE_COPIED.format(count=len(self.chase_text.splitlines())))

    def _target(self, stem: str) -> Path:
        view = self.view
        assert view is not None
        slug = "".join(c if c.isalnum() else "-" for c in view.found.ring.name).strip("-")[:40]
        return export_dir() / f"{stem}-{slug}-{view.period}"

    def action_templates(self) -> None:
        if self.view is None:
            return
        ring_id, period = self.ring_id, self.period or ""
        directory = self._target("Erhebungsboegen")

        def work() -> None:
            try:
                result = make_templates(self.store, ring_id, period, directory)
            except OSError as error:
                self.app.call_from_thread(self.notify, tx.WRITE_FAILED.format(error=error),
                                          severity="error")
                return
            if result.existing:
                message = tx.TEMPLATES_EXIST_SCREEN.format(directory=directory)
                self.app.call_from_thread(self.notify, message, severity="warning", timeout=10)
            else:
                message = tx.TEMPLATES_DONE.format(count=len(result.written), directory=directory)
                self.host.last_export = directory
                self.app.call_from_thread(self.notify, message, timeout=10)

        self.run_worker(work, thread=True, group="write", exit_on_error=False)

    def action_report(self) -> None:
        if self.view is None:
            return
        app, host = self.app, self.host
        ring_id, period = self.ring_id, self.period or ""
        pseudonymise, own = host.pseudonymised, host.own_ags
        stem = self._target("Ringbericht")

        def work() -> None:
            document = build(self.store, ring_id, period, pseudonymise, own)
            path = stem.with_name(stem.name + ".html")
            number = 1
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                while True:  # never replace an earlier report: number the next one
                    try:
                        write_report(path, document)
                        break
                    except FileExistsError:
                        number += 1
                        path = stem.with_name(f"{stem.name}-{number}.html")
            except OSError as error:
                app.call_from_thread(self.notify, tx.WRITE_FAILED.format(error=error),
                                     severity="error")
                return
            host.last_export = path
            app.call_from_thread(self.notify, tx.REPORT_DONE.format(path=path), timeout=10)

        self.run_worker(work, thread=True, group="write", exit_on_error=False)

    def export_frame(self) -> tuple[str, pl.DataFrame] | None:
        view = self.view
        if view is None:
            return None
        names = {a: self.name_of(a, n) for a, n in
                 view.found.members.select("ags", "name").iter_rows()}
        frame = view.status.select(
            pl.col("ags").replace_strict(names, return_dtype=pl.String).alias("Kommune"),
            pl.col("indicator_code").alias("Kennzahl"), pl.col("value").alias("Wert"),
            pl.col("state").replace_strict(tx.STATE_WORDS, return_dtype=pl.String)
            .alias("Lieferstand"),
        )
        return f"{tx.DELIVERY_TITLE} {view.found.ring.name} {view.period}", frame
