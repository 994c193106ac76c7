"""Indicator screen, Erwartung view: one key shows who is above or below what the local
conditions lead one to expect, with n and R² in view, pseudonyms holding, and the same
numbers as the store and the CLI."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

from screens.indicator import IndicatorScreen
from screens.municipality import MunicipalityScreen
from store import expected
from store.db import open_store
from tests.screens.helpers import SIZES, column_texts, settle
from tests.screens.test_indicator import open_indicator
from tui.app import RingvergleichApp
from tui.kit.widgets.charts import RingBarChart
from tui.kit.widgets.dialogs import TextDialog
from tui.kit.widgets.views import Views


async def open_expected(pilot, code: str = "K2"):
    """The indicator screen of ring 1 in 2026-Q1, switched to the Erwartung view."""
    screen = await open_indicator(pilot, code)
    await pilot.press("4")
    await settle(pilot)
    return screen


def model_of(db: Path, code: str = "K2", period: str = "2026-Q1"):
    store = open_store(db, readonly=True)
    try:
        return expected.ring_expected(store, 1, code, period)
    finally:
        store.close()


def de(value: float, decimals: int = 1, sign: bool = False) -> str:
    text = f"{abs(value):.{decimals}f}".replace(".", ",")
    if value < 0 and text.strip("0,"):
        return "-" + text
    return ("+" if sign and text.strip("0,") else "") + text


@pytest.mark.parametrize("size", SIZES)
async def test_one_key_shows_expected_values_with_n_and_r2(sample_db: Path, size) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=size) as pilot:
        screen = await open_expected(pilot)
        assert screen.query_one(Views).active_pane == "expected"
        found, members = model_of(sample_db)
        line = screen.query_one("#expected-model", Static)
        text = str(line.render())
        assert f"n={found.model.n}" in text and f"R² {de(found.model.r2, 2)}" in text
        # In view: the model line lies inside the screen, not scrolled away.
        assert line.region.y + line.region.height <= size[1] and line.region.height >= 1
        table = screen.query_one("#expected-table", DataTable)
        assert table.has_focus
        names = column_texts(table, 0)
        assert sorted(names) == sorted(members["name"].to_list())
        for row in members.iter_rows(named=True):
            cells = [str(c) for c in table.get_row_at(names.index(row["name"]))]
            assert cells[1] == de(row["value"]) and cells[2] == de(row["expected"])
            symbol = {"favourable": "▲", "unfavourable": "▼"}.get(row["residual_assessment"])
            assert cells[3].startswith(de(row["residual"], sign=True))
            if symbol:
                assert symbol in cells[3]
        chart = screen.query_one("#residual-chart", RingBarChart)
        assert chart.bars == members["residual"].drop_nulls().len()
        plain = chart.render().plain
        assert "Wert − Erwartung" in plain
        ticks = plain.rstrip().splitlines()[-1].split()
        assert ticks[len(ticks) // 2] in ("0", "0,0")  # the zero line in the middle


async def test_table_key_t_cycles_through_the_erwartung_view(sample_db: Path) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_indicator(pilot)
        seen = []
        for _ in range(4):
            await pilot.press("t")
            await settle(pilot)
            seen.append(screen.query_one(Views).active_pane)
        assert seen == ["bars", "series", "expected", "table"]
        assert screen.view.expected is not None


async def test_neutral_indicator_residuals_carry_no_judgement(sample_db: Path) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_expected(pilot, "SANQ")
        cells = column_texts(screen.query_one("#expected-table", DataTable), 3)
        assert cells and not any("▲" in c or "▼" in c for c in cells)


async def test_pseudonyms_hold_in_table_and_chart(sample_db: Path) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_expected(pilot)
        await pilot.press("a")
        await settle(pilot)
        _found, members = model_of(sample_db)
        names = column_texts(screen.query_one("#expected-table", DataTable), 0)
        chart = screen.query_one("#residual-chart", RingBarChart).render().plain
        for real in members["name"].to_list():
            assert real not in names and real[:11] not in chart
        assert all(n.startswith("Kommune ") for n in names)


async def test_no_model_says_so(sample_db: Path) -> None:
    with sqlite3.connect(sample_db) as conn:
        conn.execute("DELETE FROM observations WHERE indicator_code = 'DICHTE' AND ags NOT IN"
                     " (SELECT DISTINCT ags FROM observations ORDER BY ags LIMIT 5)")
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_expected(pilot)
        text = str(screen.query_one("#expected-model", Static).render())
        assert "Kein Modell: nur 5 Kommunen" in text and "12 nötig" in text
        assert screen.query_one("#residual-chart", RingBarChart).bars == 0


async def test_fact_sheet_explains_the_model(sample_db: Path) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_indicator(pilot)
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, TextDialog)
        body = str(app.screen.query_one("#dialog-body", Static).render())
        found, _members = model_of(sample_db)
        assert "eine Erwartung, kein Ziel" in body and "R²" in body
        assert f"n={found.model.n}" in body
        assert "Bei 1 Prozentpunkt höherer Arbeitslosenquote" in body


async def test_enter_in_the_erwartung_view_opens_the_picked_member(sample_db: Path) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_expected(pilot)
        table = screen.query_one("#expected-table", DataTable)
        table.move_cursor(row=column_texts(table, 0).index("Kreis Eschenhagen"))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MunicipalityScreen) and app.screen.ags == "90503"


@pytest.mark.parametrize("size", SIZES)
async def test_profile_shows_expected_vs_actual_per_indicator(sample_db: Path, size) -> None:
    from tests.screens.test_municipality import open_profile

    app = RingvergleichApp(sample_db)
    async with app.run_test(size=size) as pilot:
        screen = await open_profile(pilot, "90709")
        await pilot.press("4")
        await settle(pilot)
        table = screen.query_one("#profile-expected", DataTable)
        codes = column_texts(table, 0)
        assert "K2" in codes and "SANQ" in codes
        assert "ALQ" not in codes and "INTN" not in codes  # context and counts: no model
        found, members = model_of(sample_db)
        own = members.filter(members["ags"] == "90709").row(0, named=True)
        k2 = [str(c) for c in table.get_row_at(codes.index("K2"))]
        assert k2[2] == de(own["value"]) and k2[3] == de(own["expected"])
        assert k2[4].startswith(de(own["residual"], sign=True)) and "▲" in k2[4]
        assert k2[5] == de(found.model.r2, 2)
        sanq = str(table.get_row_at(codes.index("SANQ"))[4])
        assert "▲" not in sanq and "▼" not in sanq
        title = str(screen.query_one("#profile-expected-title", Static).render())
        assert "ALQ, SGB2Q, ln(DICHTE)" in title
        await pilot.press("enter")  # the picked indicator opens in the ring
        await settle(pilot)
        assert isinstance(app.screen, IndicatorScreen) and app.screen.code == codes[0]


async def test_export_and_copy_in_the_erwartung_view_take_its_table(sample_db: Path) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_expected(pilot)
        await pilot.press("a")  # pseudonyms hold in exports too
        await settle(pilot)
        title, frame = screen.export_frame()
        _found, members = model_of(sample_db)
        assert title.endswith("Erwartung")
        assert frame.columns == ["Kommune", "Wert", "Erwartet", "Residuum"]
        assert sorted(frame["Erwartet"].to_list()) == pytest.approx(
            sorted(members["expected"].to_list()))
        assert not set(frame["Kommune"]) & set(members["name"])
        await pilot.press("y")
        await settle(pilot)
        copied = app.last_copied.splitlines()
        assert copied[0].split("\t")[:3] == ["Kommune", "Wert", "Erwartet"]
        assert len(copied) == members.height + 1


async def test_ring_chooses_its_model_variables_with_v(sample_db: Path) -> None:
    from textual.widgets import SelectionList

    from tui.kit.widgets.model_dialog import VariablesDialog

    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_expected(pilot)
        await pilot.press("v")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, VariablesDialog)
        assert "ALQ, SGB2Q, ln(DICHTE)" in str(dialog.query_one("#variables-chosen",
                                                                 Static).render())
        choices = dialog.query_one(SelectionList)
        choices.deselect("SGB2Q")
        choices.deselect("ln(DICHTE)")
        await pilot.pause()
        assert str(dialog.query_one("#variables-chosen", Static).render()) == "Gewählt: ALQ"
        await pilot.press("s")
        await settle(pilot)
        assert app.screen is screen
        with sqlite3.connect(sample_db) as conn:
            assert conn.execute("SELECT term FROM ring_model_variables WHERE ring_id = 1"
                                ).fetchall() == [("ALQ",)]
        assert screen.view.expected.model.variables == ("ALQ",)
        assert "· ALQ ·" in str(screen.query_one("#expected-model", Static).render())
        await pilot.press("v")  # Escape leaves the choice as it is
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and screen.view.expected.model.variables == ("ALQ",)


async def test_legend_follows_the_view_in_front(sample_db: Path) -> None:
    """The Erwartung view explains residual marks, also after its own reload; the other
    views explain deviations (in percentage points for a rate), never a raw placeholder."""
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_expected(pilot)
        legend = screen.query_one("#indicator-legend", Static)
        assert "als erwartet" in str(legend.render())
        await pilot.press("1")
        await settle(pilot)
        text = str(legend.render())
        assert "Prozentpunkten" in text and "{points}" not in text and "erwartet" not in text
        await pilot.press("t", "t", "t")  # round to the Erwartung view again
        await settle(pilot)
        assert screen.query_one(Views).active_pane == "expected"
        assert "als erwartet" in str(legend.render())
