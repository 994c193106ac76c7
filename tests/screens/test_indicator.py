"""Indicator screen: table against the database, reference groups, charts, fact sheet, notes."""

from __future__ import annotations

import sqlite3
import statistics
from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

from screens.indicator import IndicatorScreen
from screens.municipality import MunicipalityScreen
from tests.screens.helpers import SIZES, column_texts, settle
from tui.app import RingvergleichApp
from tui.kit.widgets.charts import RingBarChart, SeriesChart
from tui.kit.widgets.dialogs import TextDialog
from tui.kit.widgets.views import Views


async def open_indicator(pilot, code: str = "K2", period: str = "2026-Q1") -> IndicatorScreen:
    await settle(pilot)
    pilot.app.open_indicator(1, code, period)
    await settle(pilot)
    assert isinstance(pilot.app.screen, IndicatorScreen)
    return pilot.app.screen


def ring_values(db: Path, code: str, period: str) -> dict[str, float]:
    with sqlite3.connect(db) as conn:
        return dict(conn.execute(
            "SELECT mu.name, o.value FROM observations o JOIN ring_members m ON m.ags = o.ags"
            " AND m.ring_id = 1 AND m.until IS NULL JOIN municipalities mu ON mu.ags = o.ags"
            " WHERE o.indicator_code = ? AND o.period = ?", (code, period)).fetchall())


def de(value: float, decimals: int = 1) -> str:
    return f"{value:.{decimals}f}".replace(".", ",")


@pytest.mark.parametrize("size", SIZES)
async def test_table_shows_values_and_deviation_from_ring_median(sample_db: Path, size) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=size) as pilot:
        screen = await open_indicator(pilot)
        values = ring_values(sample_db, "K2", "2026-Q1")
        median = statistics.median(values.values())
        summary = str(screen.query_one("#indicator-summary", Static).render())
        assert f"Median {de(median)} %" in summary and "n=10" in summary
        table = screen.query_one("#positions", DataTable)
        names = column_texts(table, 0)
        assert sorted(names) == sorted(values)
        row = names.index("Kreis Lindenweiler")
        cells = [str(c) for c in table.get_row_at(row)]
        assert cells[1] == de(values["Kreis Lindenweiler"])
        deviation = values["Kreis Lindenweiler"] - median
        assert cells[2] == f"+{de(deviation)} ▲"  # higher integration rate: favourable


async def test_neutral_indicator_has_no_assessment_marks(sample_db: Path) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_indicator(pilot, "SANQ")
        deviations = column_texts(screen.query_one("#positions", DataTable), 2)
        assert deviations and not any("▲" in d or "▼" in d for d in deviations)


async def test_reference_group_switch_updates_at_once(sample_db: Path) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_indicator(pilot)
        with sqlite3.connect(sample_db) as conn:
            zkt = [v for (v,) in conn.execute(
                "SELECT o.value FROM observations o JOIN municipalities m USING (ags) WHERE"
                " m.carrier = 'zkT' AND o.indicator_code = 'K2' AND o.period = '2026-Q1'")]
        seen = []
        for _ in range(5):
            await pilot.press("g")
            await settle(pilot)
            seen.append(screen.reference)
            summary = str(screen.query_one("#indicator-summary", Static).render())
            if screen.reference == "zkT":
                assert f"n={len(zkt)}" in summary
                assert f"Median {de(statistics.median(zkt))} %" in summary
                table = screen.query_one("#positions", DataTable)
                names = column_texts(table, 0)
                row = [str(c) for c in table.get_row_at(names.index("Kreis Ahrwiesen"))]
                own = ring_values(sample_db, "K2", "2026-Q1")["Kreis Ahrwiesen"]
                assert row[2].startswith(f"{'+' if own > statistics.median(zkt) else '-'}"
                                         f"{de(abs(own - statistics.median(zkt)))}")
        assert seen == ["zkT", "gE", "type", "all", "ring"]


async def test_charts_tabs_and_range(sample_db: Path) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_indicator(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert screen.query_one(Views).active_pane == "bars"
        bars = screen.query_one(RingBarChart)
        assert "Kreis Lindenweiler" in bars.render().plain
        await pilot.press("3")
        await settle(pilot)
        series = screen.query_one(SeriesChart)
        assert "Ringmedian" in series.render().plain
        await pilot.press("r")  # 2 → 3 years
        await settle(pilot)
        assert screen.view.ring_series.height == 12
        assert screen.view.ring_series["period"][-1] == "2026-Q1"
        await pilot.press("1")
        await settle(pilot)
        assert screen.query_one(Views).active_pane == "table"


async def test_chart_redraws_after_period_step(sample_db: Path) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_indicator(pilot)
        await pilot.press("3")
        await settle(pilot)
        before = screen.query_one(SeriesChart).render().plain
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert screen.period == "2025-Q4"
        assert screen.view.ring_series["period"][-1] == "2025-Q4"
        assert screen.query_one(SeriesChart).render().plain != before


async def test_fact_sheet_is_one_key_away(sample_db: Path) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_indicator(pilot, "SANQ")
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, TextDialog)
        body = str(app.screen.query_one("#dialog-body", Static).render())
        assert "Sanktionsquote" in body and "ohne Wertung" in body and "Zähler" in body
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, IndicatorScreen)


async def test_note_and_drill_to_profile(sample_db: Path) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_indicator(pilot)
        table = screen.query_one("#positions", DataTable)
        table.move_cursor(row=column_texts(table, 0).index("Kreis Eschenhagen"))
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"Weniger Personal im Q1")
        await pilot.press("enter")
        await settle(pilot)
        with sqlite3.connect(sample_db) as conn:
            assert conn.execute(
                "SELECT ags, indicator_code, period FROM annotations WHERE text = ?",
                ("Weniger Personal im Q1",)).fetchall() == [("90503", "K2", "2026-Q1")]
        row = column_texts(table, 0).index("Kreis Eschenhagen")
        assert str(table.get_row_at(row)[-1]).endswith("°")  # the status column, last
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MunicipalityScreen)
        assert app.screen.ags == "90503"
        more = str(app.screen.query_one("#profile-more", Static).render())
        assert "Weniger Personal im Q1" in more


async def test_series_highlights_the_member_picked_in_the_table(sample_db: Path) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_indicator(pilot)
        table = screen.query_one("#positions", DataTable)
        table.move_cursor(row=column_texts(table, 0).index("Kreis Eschenhagen"))
        await pilot.press("3")
        await settle(pilot)
        assert "hell: Kreis Eschenhagen" in screen.query_one(SeriesChart).render().plain


async def test_marks_follow_the_ring_screens_rule_and_rates_in_points(sample_db: Path) -> None:
    """▲/▼ on the indicator screen exactly where the ring screen shades the same cell (one
    robust deviation on); a rate's deviation is in percentage points, with no "Abw. %"."""
    from screens.ring import RingScreen
    from tests.screens.helpers import move_to_column

    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_ring(1, "2026-Q2")
        await settle(pilot)
        ring = app.screen
        assert isinstance(ring, RingScreen)
        matrix = ring.query_one("#matrix", DataTable)
        k1 = [c.key.value for c in matrix.ordered_columns].index("K1")
        marks = {column_texts(matrix, 0)[i]: str(matrix.get_row_at(i)[k1])[-1]
                 for i in range(matrix.row_count)}
        move_to_column(matrix, "K1")
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, IndicatorScreen)
        table = screen.query_one("#positions", DataTable)
        labels = [c.label.plain for c in table.ordered_columns]
        assert labels[2] == "Abw. Pp." and "Abw. %" not in labels
        legend = str(screen.query_one("#indicator-legend", Static).render())
        assert "Prozentpunkten" in legend and "robusten Abweichung" in legend
        shown = dict(zip(column_texts(table, 0), column_texts(table, 2), strict=True))
        judged = 0
        for name, deviation in shown.items():
            symbol = deviation[-1] if deviation[-1] in "▲▼" else ""
            assert symbol == (marks[name] if marks[name] in "▲▼" else ""), name
            judged += bool(symbol)
        assert 0 < judged < len(shown)  # some judged, not every non-zero deviation
        assert "-0,0" not in " ".join(shown.values())
        await pilot.press("escape")
        app.open_indicator(1, "INTN", "2026-Q2")  # a count: the relative deviation stays
        await settle(pilot)
        labels = [c.label.plain for c in app.screen.query_one("#positions", DataTable)
                  .ordered_columns]
        assert labels[2:4] == ["Abw.", "Abw. %"]


async def test_charts_drawn_when_shown_follow_a_step_made_in_the_table(sample_db: Path) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_indicator(pilot)
        await pilot.press("3")
        await settle(pilot)
        before = screen.query_one(SeriesChart).render().plain
        await pilot.press("1", "left_square_bracket")  # stepped while the table is shown
        await settle(pilot)
        assert screen.period == "2025-Q4"
        await pilot.press("3")
        await settle(pilot)
        assert screen.query_one(SeriesChart).render().plain != before


async def test_the_profile_is_read_ahead_for_the_row_under_the_cursor(sample_db: Path,
                                                                      monkeypatch) -> None:
    from store import analysis, memo
    from tests.screens.helpers import wait_until

    computed: list[str] = []
    original = analysis._municipality_profile

    def counting(store, ags, ring_id, period):
        computed.append(ags)
        return original(store, ags, ring_id, period)

    monkeypatch.setattr(analysis, "_municipality_profile", counting)
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_indicator(pilot)
        await pilot.press("down")
        ags = screen.current_ags()
        key = ("municipality_profile", ags, 1, "2026-Q1")
        await wait_until(pilot, lambda: memo.peek(app.store, key) is not None)  # read ahead
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MunicipalityScreen) and app.screen.ags == ags
        assert app.screen.query_one("#profile", DataTable).row_count > 0
        assert computed.count(ags) == 1  # the profile used what was read ahead
