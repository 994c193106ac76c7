"""The Erwartung view of an indicator in a ring: its data, how it is fetched, and its pane."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import polars as pl
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Static

from store import analysis
from store import expected as expected_store
from store.compare.expected import Model
from store.db import Store
from tui.kit import format as fmt
from tui.kit.texts import expected as ex_texts
from tui.kit.widgets.charts import RingBarChart
from tui.kit.widgets.tables import Table


@dataclass
class ExpectedView:
    """The model for the indicator and quarter and the members' expected values."""

    model: Model
    members: pl.DataFrame  # ags, name, value, expected, residual, residual_z, far, …
    ages: list[dict[str, Any]]
    readings: list[str]
    context_choices: list[tuple[str, str]]  # (code, name) of every context indicator


def fetch_expected(store: Store, ring_id: int, code: str, info: dict[str, Any],
                   period: str) -> ExpectedView:
    """The ring's model for the indicator and quarter, with readings and context choices."""
    found, members = expected_store.ring_expected(store, ring_id, code, period)
    catalogue = {r["code"]: r for r in analysis.indicators(store).iter_rows(named=True)}
    choices = [(code, row["name"]) for code, row in catalogue.items()
               if row["kind"] == "context"]
    return ExpectedView(found.model, members, found.ages.to_dicts(),
                        ex_texts.readings(found.model, catalogue, info), choices)


class ExpectedPane(Vertical):
    """Model line (n, R²), table of members and residual bars around zero."""

    DEFAULT_CSS = """
    #expected-model { height: auto; }
    #expected-body { height: 1fr; }
    #expected-table { width: auto; max-width: 62%; height: 1fr; }
    #residual-box { width: 1fr; height: 1fr; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="expected-model")
        with Horizontal(id="expected-body"):
            yield Table(id="expected-table", cursor_type="row", zebra_stripes=True)
            yield VerticalScroll(RingBarChart(id="residual-chart", row_per_bar=True,
                                              label_width=12), id="residual-box")

    def clear(self) -> None:
        """No model yet (the view was never opened): an empty model line."""
        self.query_one("#expected-model", Static).update(Text(""))

    def show(self, found: ExpectedView, decimals: int, members: pl.DataFrame,
             name_of: Callable[[str, str | None], str]) -> None:
        """Draw `found`; `members` are its members in the screen's order."""
        line = Text(ex_texts.model_line(found.model, found.ages),
                    style="" if found.model.ok else "bold")
        self.query_one("#expected-model", Static).update(line)
        rows = []
        for row in members.iter_rows(named=True):
            symbol = ex_texts.ASSESSMENT_SYMBOLS.get(row["residual_assessment"] or "", "")
            far = " ●" if row["far"] else ""
            rows.append(([
                Text(name_of(row["ags"], row["name"])),
                Text(fmt.number(row["value"], decimals), justify="right"),
                Text(fmt.number(row["expected"], decimals), justify="right"),
                Text(fmt.signed(row["residual"], decimals) + symbol + far, justify="right"),
            ], row["ags"]))
        table = self.query_one("#expected-table", Table)
        table.fill([(label, label) for label in ex_texts.EXPECTED_COLUMNS[:4]], rows)
        by_residual = found.members.sort("residual", nulls_last=True)
        names = [name_of(a, n) for a, n in by_residual.select("ags", "name").iter_rows()]
        self.query_one("#residual-chart", RingBarChart).show(
            names, by_residual["residual"].to_list(), 0.0 if found.model.ok else None,
            None, None, title=ex_texts.CHART_TITLE, centre_zero=True)
