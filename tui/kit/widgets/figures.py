"""The figures of an agenda item in meeting mode: members' values as a table and as bars."""

from __future__ import annotations

import polars as pl
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from store import meetings_figures as mf
from tui.kit import format as fmt
from tui.kit.host import host_of
from tui.kit.texts import expected as ex_texts
from tui.kit.texts import meetings as tx
from tui.kit.widgets.charts import RingBarChart
from tui.kit.widgets.tables import Table


class FiguresPanel(Vertical):
    """Table (name, value, deviation from the median, expected value from the context figures,
    change since the meeting), bar chart
    and a line with the distribution. Members by name: never a ranking."""

    def compose(self) -> ComposeResult:
        yield Table(id="figures", cursor_type="row", zebra_stripes=True)
        # One row per member, each bar beside its own name: where the screen is too low for
        # all of them, the box scrolls (a squeezed chart would put bars beside wrong names).
        with VerticalScroll(id="chart-box"):
            yield RingBarChart(id="chart", row_per_bar=True)
        yield Static(id="mode-distribution")

    def name_of(self, ags: str, name: str) -> str:
        return host_of(self.app).display_name(ags, name)

    def show(self, figures: mf.ItemFigures | None, own_ags: str | None) -> None:
        table = self.query_one("#figures", Table)
        table.clear(columns=True)
        line = self.query_one("#mode-distribution", Static)
        if figures is None or figures.table.is_empty():
            self.add_class("empty")
            line.update(Text(tx.MODE_NO_FIGURES))
            return
        self.remove_class("empty")
        labels = list(tx.MODE_COLUMNS if figures.frozen else tx.MODE_COLUMNS[:-1])
        labels.insert(3, ex_texts.MODE_EXPECTED)  # as discussed, for a held meeting
        decimals = figures.indicator["decimals"]
        rows = []
        # By the name shown: sorted by real names, pseudonyms would give the order away.
        shown = [self.name_of(a, n) for a, n in figures.table.select("ags", "name").iter_rows()]
        table_rows = figures.table.with_columns(pl.Series("_shown", shown)).sort(
            "_shown").drop("_shown")
        for row in table_rows.iter_rows(named=True):
            cells = [
                fmt.plain(self.name_of(row["ags"], row["name"]),
                          "bold reverse" if row["ags"] == own_ags else ""),
                Text(fmt.number(row["value"], decimals) + fmt.status_mark(row["status"]),
                     justify="right"),
                Text(fmt.signed(row["deviation"], decimals), justify="right"),
                Text(fmt.number(row["expected"], decimals), justify="right"),
            ]
            if figures.frozen:
                cells.append(Text(
                    "→ " + fmt.number(row["current_value"], decimals)
                    + fmt.status_mark(row["current_status"]) if row["changed"] else "",
                    style="bold"))
            rows.append((cells, row["ags"]))
        # Widths measured up front: drawn before Textual's idle measuring, "-1,5p" read "-1".
        table.fill([(label, label) for label in labels], rows, keep_cursor=False)
        if own_ags is not None and own_ags in figures.table["ags"]:
            table.move_cursor(row=table.get_row_index(own_ags))
        self.draw_chart(figures, table_rows)
        dist = figures.distribution
        title = tx.MODE_FIGURES_FROZEN if figures.frozen else tx.MODE_FIGURES_CURRENT
        line.update(Text(title + " · " + tx.MODE_DISTRIBUTION.format(
            median=fmt.value(dist["median"], figures.indicator["unit"], decimals),
            q1=fmt.number(dist["q1"], decimals), q3=fmt.number(dist["q3"], decimals),
            n=dist["n"])))

    def draw_chart(self, figures: mf.ItemFigures, ordered: pl.DataFrame) -> None:
        """Bars of the values shown, with median and quartiles, in the table's order from
        the top (plotext draws the first bar at the bottom)."""
        rows = ordered.reverse()
        names = [self.name_of(a, n) for a, n in rows.select("ags", "name").iter_rows()]
        dist = figures.distribution
        self.query_one(RingBarChart).show(
            names, rows["value"].to_list(), dist["median"], dist["q1"], dist["q3"],
            title=tx.MODE_CHART_TITLE.format(code=figures.indicator["code"],
                                             unit=figures.indicator["unit"]))
        self.query_one("#chart-box", VerticalScroll).scroll_home(animate=False)
