"""Municipality profile: indicators against the ring median, context, practices, notes."""

from __future__ import annotations

import json
import sqlite3
import statistics
from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

from screens.indicator import IndicatorScreen
from screens.municipality import CONTEXT_ROW, MunicipalityScreen
from tests.screens.helpers import SIZES, column_texts, settle
from tui.app import RingvergleichApp


async def open_profile(pilot, ags: str = "90709", ring_id: int | None = 1) -> MunicipalityScreen:
    await settle(pilot)
    pilot.app.open_municipality(ags, ring_id, "2026-Q1")
    await settle(pilot)
    assert isinstance(pilot.app.screen, MunicipalityScreen)
    return pilot.app.screen


@pytest.mark.parametrize("size", SIZES)
async def test_profile_lists_every_indicator_and_context(sample_db: Path, size) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=size) as pilot:
        screen = await open_profile(pilot)
        title = str(screen.query_one("#profile-title", Static).render())
        assert "Kreis Lindenweiler" in title and "Ländliche Optionskommunen West" in title
        table = screen.query_one("#profile", DataTable)
        codes = column_texts(table, 0)
        with sqlite3.connect(sample_db) as conn:
            catalogue = [c for (c,) in conn.execute(
                "SELECT code FROM indicators ORDER BY sort_order")]
            k2 = [v for (v,) in conn.execute(
                "SELECT o.value FROM observations o JOIN ring_members m ON m.ags = o.ags AND"
                " m.ring_id = 1 AND m.until IS NULL WHERE o.indicator_code = 'K2' AND"
                " o.period = '2026-Q1'")]
        assert [c for c in codes if c] == catalogue
        # Context figures come after the heading row and are never judged.
        heading = table.get_row_index(CONTEXT_ROW)
        for index in range(heading + 1, table.row_count):
            assert not {"▲", "▼"} & set(str(table.get_row_at(index)[4]))
        k2_row = [str(c) for c in table.get_row_at(codes.index("K2"))]
        assert k2_row[3] == f"{statistics.median(k2):.1f}".replace(".", ",")
        more = str(screen.query_one("#profile-more", Static).render())
        assert "seit 01.04.2023: Trennung von Fallmanagement und Vermittlung" in more
        assert "Neuer Arbeitgeberservice" in more


async def test_enter_opens_indicator_in_the_ring(sample_db: Path) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_profile(pilot)
        table = screen.query_one("#profile", DataTable)
        table.move_cursor(row=column_texts(table, 0).index("K3"))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, IndicatorScreen)
        assert (app.screen.ring_id, app.screen.code, app.screen.period) == (1, "K3", "2026-Q1")


async def test_profile_without_explicit_ring_uses_membership(sample_db: Path) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_profile(pilot, "90519", None)  # Stadt Altenbrück: Großstädte
        assert "Großstädte" in str(screen.query_one("#profile-title", Static).render())


async def test_own_municipality_setting_survives(sample_db: Path, tmp_path: Path) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_profile(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert app.own_ags == "90709"
    settings = json.loads((tmp_path / "data" / "settings.json").read_text())
    assert settings["own_ags"] == "90709"
    assert RingvergleichApp(sample_db).own_ags == "90709"


async def test_own_municipality_on_a_full_disk_holds_for_the_session(
        sample_db: Path, monkeypatch) -> None:
    import errno

    from tui.kit import outfile

    def full(*_args, **_kwargs):  # noqa: ANN002, ANN003
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(outfile.os, "fdopen", full)
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_profile(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert app.own_ags == "90709"  # no crash; it holds for this session
        assert any("gilt für diese Sitzung" in n.message for n in app._notifications)


async def test_chart_tab_and_period_step(sample_db: Path) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_profile(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert "K2" in screen.query_one("#profile-chart").render().plain
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert screen.period == "2026-Q2"


async def test_markup_name_in_notifications_and_read_only_notes(sample_db: Path) -> None:
    with sqlite3.connect(sample_db) as conn:
        conn.execute("UPDATE municipalities SET name = 'Stadt Fehler [/]' WHERE ags = '90709'")
    app = RingvergleichApp(sample_db, readonly=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_profile(pilot)
        await pilot.press("u")  # notification names the municipality: shown literally
        await settle(pilot)
        assert any("Stadt Fehler [/]" in str(n.message) for n in app._notifications)
        table = screen.query_one("#profile", DataTable)
        table.move_cursor(row=column_texts(table, 0).index("K2"))
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"Notiz", "enter")
        await settle(pilot)
        assert app.screen is screen  # no crash: the read-only database is explained
        assert any("nur lesend" in str(n.message) for n in app._notifications)
    with sqlite3.connect(sample_db) as conn:
        assert conn.execute("SELECT count(*) FROM annotations WHERE text = 'Notiz'").fetchone()[0] == 0


async def test_profile_shows_an_annual_context_figure_with_its_date(sample_db: Path) -> None:
    with sqlite3.connect(sample_db) as conn:
        conn.execute("DELETE FROM observations WHERE ags = '90709' AND indicator_code = 'EW'"
                     " AND period = '2026-Q1'")
        conn.execute("INSERT INTO observations(ags, indicator_code, period, value, status)"
                     " VALUES ('90709', 'EW', '2025-12-31', 139512, 'final')")
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_profile(pilot)
        table = screen.query_one("#profile", DataTable)
        row = [str(c) for c in table.get_row_at(column_texts(table, 0).index("EW"))]
        assert row[1].endswith("(31.12.2025)") and row[2] == "139.512"


async def test_export_has_no_relative_deviation_for_rates(sample_db: Path) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_profile(pilot)
        _title, frame = screen.export_frame()
        by_code = {r["Kennzahl"]: r for r in frame.iter_rows(named=True)}
        assert by_code["K2"]["Abweichung %"] is None and by_code["K2"]["Abweichung"] is not None
        assert by_code["INTN"]["Abweichung %"] is not None  # a count: relative is meaningful
