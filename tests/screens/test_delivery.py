"""Delivery status screen: reached from the ring screen; marks, chase list, templates, report."""

from __future__ import annotations

import html
from pathlib import Path

from textual.widgets import DataTable, Static

from screens.delivery import DeliveryScreen
from screens.indicator import IndicatorScreen
from screens.ring import RingScreen
from store.expected import ring_expected
from tests.screens.helpers import column_texts, move_to_column, settle
from tests.screens.test_ring import open_rural_ring
from tui.app import RingvergleichApp
from tui.kit.locations import data_dir
from tui.kit.report import build
from tui.kit.texts import cycle as tx
from tui.kit.texts.expected import model_line


def mark(table: DataTable, member: str, code: str) -> str:
    row = column_texts(table, 0).index(member)
    column = [c.key.value for c in table.ordered_columns].index(code)
    return str(table.get_row_at(row)[column])


async def open_delivery(pilot) -> DeliveryScreen:
    await open_rural_ring(pilot)
    await pilot.press("d")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, DeliveryScreen)
    return screen


async def test_delivery_status_of_the_quarter_being_collected(sample_db: Path) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_delivery(pilot)
        assert screen.period == "2026-Q3"
        table = screen.query_one("#delivery", DataTable)
        assert table.row_count == 10
        assert [c.key.value for c in table.ordered_columns][1:] == [
            "K2", "K3", "K2E1", "SANQ", "AKTQ", "INTN"]  # the ring's order
        assert mark(table, "Kreis Ahrwiesen", "K2") == "✓"
        assert mark(table, "Kreis Brunnstedt", "INTN") == "!"
        assert mark(table, "Landkreis Grünmoor", "K2") == "p"
        assert mark(table, "Kreis Eschenhagen", "SANQ") == "–"
        move_to_column(table, "INTN")
        table.move_cursor(row=column_texts(table, 0).index("Kreis Brunnstedt"))
        await pilot.pause()
        detail = str(screen.query_one("#delivery-detail", Static).render())
        assert detail.startswith("INTN Kreis Brunnstedt: unplausibel · 2.052 · (Sprung +1.380")
        title = str(screen.query_one("#delivery-title", Static).render())
        assert "3. Quartal 2026" in title and "1 unplausibel" in title
        await pilot.press("y")
        copied = app.last_copied or ""
        lines = copied.splitlines()
        assert len(lines) == 8  # seven members with gaps, one with a jump
        assert lines[0].startswith("Kreis Brunnstedt: prüfen: INTN 2.052 (Sprung +1.380")
        assert any(line.startswith("Landkreis Immenau: fehlt: K2, K3, K2E1, AKTQ")
                   and "vorläufig: INTN" in line for line in lines)
        assert not any(line.startswith("Kreis Ahrwiesen") for line in lines)
        # The quarter before: everyone delivered (provisionally), nothing to chase.
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert screen.period == "2026-Q2"
        assert mark(table, "Kreis Eschenhagen", "SANQ") == "p"
        await pilot.press("y")
        assert app.last_copied == tx.CHASE_NOTHING + "\n"


async def test_enter_opens_the_indicator_and_escape_returns(sample_db: Path) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_delivery(pilot)
        move_to_column(screen.query_one("#delivery", DataTable), "SANQ")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, IndicatorScreen) and app.screen.code == "SANQ"
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert isinstance(app.screen, RingScreen)


async def test_templates_and_report_from_the_screen(sample_db: Path) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_delivery(pilot)
        await pilot.press("t")
        await settle(pilot)
        export = data_dir() / "export"
        [folder] = [p for p in export.iterdir() if p.is_dir()]
        templates = sorted(folder.glob("*.xlsx"))
        assert len(templates) == 10 and "2026-Q3" in folder.name
        stamp = templates[0].stat().st_mtime_ns
        await pilot.press("t")  # again: nothing is overwritten
        await settle(pilot)
        assert templates[0].stat().st_mtime_ns == stamp
        await pilot.press("a", "b")  # pseudonymised on screen: the report too
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        reports = list(export.glob("*.html"))
        first = [p for p in reports if p.name.endswith("-2026-Q3.html")]
        second = [p for p in reports if p.name.endswith("-2026-Q3-2.html")]
        assert len(reports) == 2 and len(first) == len(second) == 1  # the first one is kept
        page = first[0].read_text(encoding="utf-8")
        assert "Kommune A" in page or "Kommune B" in page
        assert "Kreis Ahrwiesen" not in page
        # The expected-value comparison is there, as `ringvergleich report` writes it.
        expected = build(app.store, 1, "2026-Q3", True, app.own_ags)
        start, end = f"<h2>{tx.REPORT_EXPECTED}</h2>", f"<h2>{tx.REPORT_NOTES}</h2>"
        section = page[page.index(start):page.index(end)]
        assert section == expected[expected.index(start):expected.index(end)]
        found, _members = ring_expected(app.store, 1, "K2", "2026-Q3")
        assert html.escape(model_line(found.model, found.ages.to_dicts())) in section


async def test_imported_template_shows_on_return(sample_db: Path, tmp_path: Path) -> None:
    from importers import import_files
    from screens.import_ import ImportScreen
    from tui.kit.cycle import make_templates

    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_delivery(pilot)
        table = screen.query_one("#delivery", DataTable)
        assert mark(table, "Kreis Eschenhagen", "SANQ") == "–"
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(app.screen, ImportScreen)
        # What the import screen does with a returned template (tested there): one write.
        make_templates(app.store, 1, "2026-Q3", tmp_path)
        path = next(tmp_path.glob("*_90503_*.xlsx"))
        import openpyxl

        book = openpyxl.load_workbook(path)
        sheet = book["Erhebungsbogen"]
        row = next(r for r in range(10, sheet.max_row + 1) if sheet.cell(r, 1).value == "SANQ")
        sheet.cell(row, 5).value = 2.5
        book.save(path)
        [outcome] = import_files(app.store, [path])
        assert outcome.ok
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        assert mark(table, "Kreis Eschenhagen", "SANQ") == "✓"


def test_ring_screen_lists_the_delivery_key() -> None:
    keys = {(b.key, b.action) for b in RingScreen.BINDINGS}
    assert ("d", "delivery") in keys


async def test_export_lists_every_member_and_indicator_with_its_state(sample_db: Path) -> None:
    import polars as pl

    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_delivery(pilot)
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        path = app.last_export
        assert path is not None and path.suffix == ".csv"
        frame = pl.read_csv(path, separator=";", decimal_comma=True)
        assert frame.height == 60 and frame.columns == ["Kommune", "Kennzahl", "Wert",
                                                        "Lieferstand"]
        row = frame.filter((pl.col("Kommune") == "Kreis Brunnstedt")
                           & (pl.col("Kennzahl") == "INTN")).row(0, named=True)
        assert row["Lieferstand"] == "unplausibel" and row["Wert"] == 2052
