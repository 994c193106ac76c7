"""Ring screen: matrix, periods, drill-down, notes, sorting, pseudonyms, copy and export."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import polars as pl
import pytest
from textual.widgets import DataTable, Static

from screens.help import HelpScreen
from screens.home import HomeScreen
from screens.indicator import IndicatorScreen
from screens.municipality import MunicipalityScreen
from screens.ring import RingScreen
from tests.screens.helpers import SIZES, column_texts, move_to_column, settle
from tui.app import RingvergleichApp
from tui.kit import texts
from tui.kit.widgets.dialogs import PeriodPicker

RURAL_RING = 1  # "Ländliche Optionskommunen West" in the sample


async def open_rural_ring(pilot) -> RingScreen:
    await settle(pilot)
    table = pilot.app.screen.query_one("#rings", DataTable)
    names = column_texts(table, 0)
    table.move_cursor(row=names.index("Ländliche Optionskommunen West"))
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, RingScreen)
    return pilot.app.screen


@pytest.mark.parametrize("size", SIZES)
async def test_navigate_home_ring_indicator_municipality_and_back(sample_db: Path, size) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=size) as pilot:
        screen = await open_rural_ring(pilot)
        table = screen.query_one("#matrix", DataTable)
        assert table.row_count == 10  # ten members as of the latest quarter
        title = str(screen.query_one("#ring-title", Static).render())
        assert "2. Quartal 2026" in title and "(Nr. 1)" in title  # the number commands take
        move_to_column(table, "K2")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, IndicatorScreen)
        assert app.screen.code == "K2" and app.screen.period == "2026-Q2"
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, MunicipalityScreen)
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_matrix_values_match_the_database(sample_db: Path) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_rural_ring(pilot)
        table = screen.query_one("#matrix", DataTable)
        with sqlite3.connect(sample_db) as conn:
            ags, value, status = conn.execute(
                "SELECT o.ags, o.value, o.status FROM observations o JOIN municipalities m"
                " USING (ags) WHERE m.name = 'Kreis Lindenweiler' AND o.indicator_code = 'K2'"
                " AND o.period = '2026-Q2'"
            ).fetchone()
        k2 = [c.key.value for c in table.ordered_columns].index("K2")
        cell = str(table.get_row(ags)[k2])
        expected = f"{value:.1f}".replace(".", ",")
        assert cell.startswith(expected + "p")  # provisional mark
        assert status == "provisional"


async def test_neutral_indicators_are_never_shaded_good_or_bad(sample_db: Path) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_rural_ring(pilot)
        table = screen.query_one("#matrix", DataTable)
        keys = [c.key.value for c in table.ordered_columns]
        directions = dict(
            sqlite3.connect(sample_db).execute("SELECT code, direction FROM indicators").fetchall()
        )
        shaded_directional = 0
        for code, direction in directions.items():
            cells = [table.get_row_at(i)[keys.index(code)] for i in range(table.row_count)]
            marks = {c.plain[-1] for c in cells if c.plain}
            if direction == "neutral":
                assert not marks & {"▲", "▼"}, code
                assert all(not c.style for c in cells if "●" not in c.plain), code
            else:
                shaded_directional += sum(1 for c in cells if c.plain[-1:] in ("▲", "▼"))
        assert shaded_directional > 0


async def test_period_steps_and_picker(sample_db: Path) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_rural_ring(pilot)
        assert screen.period == "2026-Q2"
        await pilot.press("right_square_bracket")  # the quarter being collected
        await settle(pilot)
        assert screen.period == "2026-Q3"
        await pilot.press("right_square_bracket")  # already the latest quarter
        await settle(pilot)
        assert screen.period == "2026-Q3"
        await pilot.press("left_square_bracket", "left_square_bracket", "left_square_bracket")
        await settle(pilot)
        assert screen.period == "2025-Q4"
        assert "4. Quartal 2025" in str(screen.query_one("#ring-title", Static).render())
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, PeriodPicker)
        # Newest first, the current quarter highlighted: one down is the quarter before.
        await pilot.press("down", "enter")
        await settle(pilot)
        assert app.screen is screen and screen.period == "2025-Q3"


async def test_membership_follows_the_period(sample_db: Path) -> None:
    """Kreis Feldmark left the ring at the end of 2023; Kreis Nordhalde joined in 2023."""
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_ring(RURAL_RING, "2022-Q4")
        await settle(pilot)
        names = column_texts(app.screen.query_one("#matrix", DataTable), 0)
        assert "Kreis Feldmark" in names and "Kreis Nordhalde" not in names
        app.open_ring(RURAL_RING, "2024-Q1")
        await settle(pilot)
        names = column_texts(app.screen.query_one("#matrix", DataTable), 0)
        assert "Kreis Feldmark" not in names and "Kreis Nordhalde" in names


async def test_note_on_a_cell_is_saved_and_marked(sample_db: Path) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_rural_ring(pilot)
        table = screen.query_one("#matrix", DataTable)
        move_to_column(table, "SANQ")
        ags = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"Neue Dienstanweisung [x]")
        await pilot.press("enter")
        await settle(pilot)
        rows = sqlite3.connect(sample_db).execute(
            "SELECT ags, indicator_code, period, text FROM annotations WHERE text = ?",
            ("Neue Dienstanweisung [x]",),
        ).fetchall()
        assert rows == [(ags, "SANQ", "2026-Q2", "Neue Dienstanweisung [x]")]
        sanq = [c.key.value for c in table.ordered_columns].index("SANQ")
        assert "°" in table.get_row(ags)[sanq].plain


async def test_note_needs_an_indicator_cell(sample_db: Path) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_rural_ring(pilot)
        move_to_column(screen.query_one("#matrix", DataTable), "Kommune")
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is screen  # no dialog: a warning instead
        (warning,) = [n for n in app._notifications if n.severity == "warning"]
        assert warning.message == texts.NOTE_NO_CELL


async def test_sort_by_value_has_no_rank_numbers(sample_db: Path) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_rural_ring(pilot)
        table = screen.query_one("#matrix", DataTable)
        move_to_column(table, "K2")
        await pilot.press("s")
        await settle(pilot)
        k2 = [c.key.value for c in table.ordered_columns].index("K2")
        values = [float(str(table.get_row_at(i)[k2]).rstrip("p▲▼°●").replace(",", "."))
                  for i in range(table.row_count)]
        assert values == sorted(values, reverse=True)
        assert [c.label.plain for c in table.ordered_columns][:4] == [
            "Kommune", "Träger", "Typ", "Einwohner"]  # no rank column


async def test_pseudonymise_keeps_own_municipality(sample_db: Path) -> None:
    own = "90709"  # Kreis Lindenweiler
    app = RingvergleichApp(sample_db, own_ags=own)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_rural_ring(pilot)
        await pilot.press("a")
        await settle(pilot)
        names = column_texts(screen.query_one("#matrix", DataTable), 0)
        assert "Kreis Lindenweiler" in names
        others = [n for n in names if n != "Kreis Lindenweiler"]
        assert len(others) == 9 and all(n.startswith("Kommune ") for n in others)
        await pilot.press("y")
        await settle(pilot)
        assert "Kreis Ahrwiesen" not in app.last_copied
        await pilot.press("a", "n")  # switching off asks first (real names on a projector)
        await settle(pilot)
        assert app.pseudonymised
        assert "Kreis Ahrwiesen" not in column_texts(screen.query_one("#matrix", DataTable), 0)
        await pilot.press("a", "j")
        await settle(pilot)
        assert "Kreis Ahrwiesen" in column_texts(screen.query_one("#matrix", DataTable), 0)


async def test_copy_table_as_tab_separated_text(sample_db: Path) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_rural_ring(pilot)
        await pilot.press("y")
        await settle(pilot)
        lines = app.last_copied.splitlines()
        assert lines[0].split("\t")[:5] == ["Kommune", "Träger", "Typ", "Einwohner", "K1"]
        assert len(lines) == 11
        assert all(len(line.split("\t")) == len(lines[0].split("\t")) for line in lines)


@pytest.mark.parametrize("key, suffix", [("c", ".csv"), ("x", ".xlsx"), ("m", ".md")])
async def test_export_writes_file_with_the_view(sample_db: Path, key: str, suffix: str) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_rural_ring(pilot)
        await pilot.press("e")
        await settle(pilot)
        await pilot.press(key)
        await settle(pilot)
        path = app.last_export
        assert path is not None and path.suffix == suffix and path.exists()
        if suffix == ".csv":
            frame = pl.read_csv(path, separator=";", decimal_comma=True)
        elif suffix == ".xlsx":
            frame = pl.read_excel(path)
        else:
            text = path.read_text(encoding="utf-8")
            assert "| Kreis Lindenweiler |" in text
            return
        assert frame.height == 10
        assert "Kreis Lindenweiler" in frame["Kommune"].to_list()
        k2 = frame.filter(pl.col("Kommune") == "Kreis Lindenweiler")["K2"][0]
        with sqlite3.connect(sample_db) as conn:
            (value,) = conn.execute(
                "SELECT value FROM observations WHERE ags = '90709' AND indicator_code = 'K2'"
                " AND period = '2026-Q2'").fetchone()
        assert k2 == pytest.approx(value)


async def test_help_on_ring_screen_lists_its_keys(sample_db: Path) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_rural_ring(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        descriptions = {d for _k, d in app.screen.keys}
        assert {"Quartal zurück", "Quartal vor", "Anmerkung", "Kopieren", "Export",
                "Pseudonym", "Treffen"} <= descriptions


async def test_unknown_ring_reports_instead_of_crashing(sample_db: Path) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_ring(999)
        await settle(pilot)
        assert isinstance(app.screen, RingScreen)
        assert any("Laden fehlgeschlagen" in str(n.message) for n in app._notifications)


async def test_names_from_data_are_not_markup(sample_db: Path) -> None:
    with sqlite3.connect(sample_db) as conn:
        conn.execute("UPDATE municipalities SET name = '[bold red]Kreis X[/]\x1b[31m' "
                     "WHERE ags = '90501'")
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_rural_ring(pilot)
        names = column_texts(screen.query_one("#matrix", DataTable), 0)
        assert "[bold red]Kreis X[/]" in names  # whole escape sequence stripped, markup literal


async def test_x_exports_too_as_on_the_meeting_screens(sample_db: Path) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_rural_ring(pilot)
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert app.last_export is not None and app.last_export.suffix == ".md"


async def test_pseudonyms_cover_municipalities_added_later(sample_db: Path) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.pseudonymised = True
        before = app.display_name("90501", "Kreis Ahrwiesen")
        with sqlite3.connect(sample_db) as conn:
            conn.execute("INSERT INTO municipalities(ags, name, carrier) VALUES"
                         " ('90000', 'Kreis Neu', 'gE')")
        new = app.display_name("90000", "Kreis Neu")
        assert new.startswith("Kommune ") and new != "Kommune ?"
        assert app.display_name("90501", "Kreis Ahrwiesen") == before  # letters stay put
        assert new not in {app.display_name(a, "") for a in ("90501", "90502", "90503")}


async def test_cursor_stays_on_the_member_when_rows_are_resorted(sample_db: Path) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_rural_ring(pilot)
        table = screen.query_one("#matrix", DataTable)
        named_row = column_texts(table, 0).index("Kreis Lindenweiler")
        table.move_cursor(row=named_row)
        await pilot.press("a")  # pseudonyms on: "Kommune A, B, …" sort in another order
        await settle(pilot)
        assert table.cursor_row != named_row  # the rows did move …
        assert screen.current()[0] == "90709"  # … and the cursor moved with its member
        await pilot.press("a", "j")  # and back (switching off asks first: j confirms)
        await settle(pilot)
        assert (table.cursor_row, screen.current()[0]) == (named_row, "90709")


async def test_first_screen_shows_k1_k2_k3_jump_and_move_columns(sample_db: Path) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_rural_ring(pilot)
        table = screen.query_one("#matrix", DataTable)
        keys = [c.key.value for c in table.ordered_columns]
        assert keys[4:7] == ["K1", "K2", "K3"]
        text = "\n".join(strip.text for strip in screen._compositor.render_strips())
        header = next(line for line in text.splitlines() if line.lstrip().startswith("Kommune"))
        assert all(code in header.split() for code in ("K1", "K2", "K3"))  # visible at 80
        await pilot.press("c", "s", "a", "n", "enter")  # by a part of the name
        await settle(pilot)
        assert screen.current()[1] == "SANQ"
        await pilot.press("c", *"k3e2", "enter")  # by code, any case
        await settle(pilot)
        assert screen.current()[1] == "K3E2"
        await pilot.press("c", "escape")
        await settle(pilot)
        assert screen.current()[1] == "K3E2"
        await pilot.press("c", *"K3", "enter")
        await settle(pilot)
        await pilot.press("less_than_sign")  # K3 one place to the front, for the ring
        await settle(pilot)
        assert [c.key.value for c in table.ordered_columns][4:7] == ["K1", "K3", "K2"]
        assert screen.current()[1] == "K3"
    with sqlite3.connect(sample_db) as conn:
        order = [r[0] for r in conn.execute(
            "SELECT indicator_code FROM ring_indicators WHERE ring_id = 1 ORDER BY position")]
    assert order[:3] == ["K1", "K3", "K2"]
    app = RingvergleichApp(sample_db)  # the next session (or colleague) sees the ring's order
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_rural_ring(pilot)
        keys = [c.key.value for c in screen.query_one("#matrix", DataTable).ordered_columns]
        assert keys[4:7] == ["K1", "K3", "K2"]


async def test_the_indicator_is_read_ahead_for_the_cell_under_the_cursor(sample_db: Path,
                                                                        monkeypatch) -> None:
    from store import analysis, memo
    from tests.screens.helpers import wait_until

    computed: list[str] = []
    original = analysis._ring_snapshot

    def counting(store, ring_id, code, period, reference):
        computed.append(code)
        return original(store, ring_id, code, period, reference)

    monkeypatch.setattr(analysis, "_ring_snapshot", counting)
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_rural_ring(pilot)
        move_to_column(screen.query_one("#matrix", DataTable), "K3")
        key = ("ring_snapshot", RURAL_RING, "K3", screen.period, "ring")
        await wait_until(pilot, lambda: memo.peek(app.store, key) is not None)  # read ahead
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, IndicatorScreen) and app.screen.code == "K3"
        assert app.screen.query_one("#positions", DataTable).row_count == 10
        assert computed.count("K3") == 1  # the indicator screen used what was read ahead
