"""Hostile text stored in the database (not via import, which strips it) never reaches the
terminal, and never runs as a spreadsheet formula in exports; rings are chosen explicitly."""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path

import polars as pl
import pytest
from textual.widgets import Input, TextArea

from store.safe_text import strip_controls
from tests.screens.test_meetings_mode import open_mode
from tui import cli
from tui.app import RingvergleichApp
from tui.kit.export import neutralise_formulas, write_export

OSC52 = "\x1b]52;c;ZXZpbA==\x07"  # writes "evil" to the user's clipboard
CSI = "\x1b[2J\x9b31m"  # clear screen, 8-bit CSI colour
HOSTILE = f"Kreis{OSC52} Böse{CSI}"


def plant(db: Path) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE rings SET name = ? WHERE id = 1", ("=HYPERLINK(\"x\")" + OSC52,))
        conn.execute("UPDATE municipalities SET name = ? WHERE ags = (SELECT ags FROM"
                     " ring_members WHERE ring_id = 1 ORDER BY ags LIMIT 1)", (HOSTILE,))
        conn.execute("UPDATE agenda_items SET notes = ?, title = ? WHERE meeting_id = 4"
                     " AND position = 2", (f"Notiz{OSC52}\nzweite Zeile", f"TOP{CSI}"))
        conn.execute("UPDATE meetings SET place = ? WHERE id = 4", (f"Saal{OSC52}",))
    conn.close()


def no_escapes(text: str, remnants: bool = True) -> None:
    assert "\x1b" not in text and "\x9b" not in text and "\x07" not in text
    if remnants:  # no remnant of the sequence either (JSON keeps it escaped as \u001b)
        assert "52;c;" not in text


def test_strip_controls_removes_whole_sequences() -> None:
    assert strip_controls(HOSTILE) == "Kreis Böse"
    assert strip_controls("a\tb\nc\x00d\x7f") == "a\tb\ncd"
    assert strip_controls("a\tb\nc", multiline=False) == "a b c"
    assert strip_controls("\x1bPq#0;2;0;0;0\x1b\\sixel") == "sixel"


@pytest.mark.parametrize("fmt_", ["table", "csv", "json"])
def test_compare_output_has_no_escapes(sample_db: Path, capsys, fmt_: str) -> None:
    plant(sample_db)
    assert cli.main(["compare", "--ring-id", "1", "--indicator", "K2", "--format", fmt_,
                     "--db", str(sample_db)]) == 0
    no_escapes(capsys.readouterr().out, remnants=fmt_ != "json")
    assert cli.main(["compare", "--ring", "nope", "--indicator", "K2",
                     "--db", str(sample_db)]) == 1
    no_escapes(capsys.readouterr().err)


def test_agenda_output_has_no_escapes(sample_db: Path, capsys) -> None:
    plant(sample_db)
    assert cli.main(["agenda", "4", "--minutes", "--db", str(sample_db)]) == 0
    out = capsys.readouterr().out
    no_escapes(out)
    assert "zweite Zeile" in out


async def test_meeting_mode_and_edit_dialog_show_no_escapes(sample_db: Path) -> None:
    plant(sample_db)
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_mode(app, pilot)
        await pilot.press("pagedown")
        await pilot.pause()
        notes = screen.query_one("#notes", TextArea).text
        no_escapes(notes)
        assert notes == "Notiz\nzweite Zeile"
        await pilot.pause(0.5)
        with sqlite3.connect(sample_db) as conn:  # only shown cleaned, not rewritten unasked
            stored = conn.execute("SELECT notes FROM agenda_items WHERE meeting_id = 4"
                                  " AND position = 2").fetchone()[0]
        conn.close()
        assert OSC52 in stored
        app.open_meetings(1)  # newest first: meeting 4
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        for field in app.screen.query(Input):
            no_escapes(field.value)
        assert app.screen.query_one("#field-place", Input).value == "Saal"


def test_formula_cells_are_neutralised_in_compare_csv(sample_db: Path, capsys) -> None:
    plant(sample_db)
    assert cli.main(["compare", "--ring-id", "1", "--indicator", "K2", "--format", "csv",
                     "--db", str(sample_db)]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out), delimiter=";"))
    assert rows[0]["ring"].startswith("'=HYPERLINK")
    assert all(not r[k].startswith(("=", "+", "@")) for r in rows for k in r if r[k])
    assert any(r["deviation"].startswith("-") for r in rows)  # negative numbers stay numbers


def test_formula_cells_are_neutralised_in_app_exports(tmp_path: Path) -> None:
    frame = pl.DataFrame({"Kommune": ["=1+1", "+A1", "@SUM(A1)", "-A1", "\tx", "Kreis A", "-5"],
                          "Wert": [-1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]})
    path = write_export(frame, "csv", "Ansicht", tmp_path)
    text = path.read_bytes().decode("utf-8-sig")
    cells = [line.split(";")[0] for line in text.splitlines()[1:]]
    assert cells == ["'=1+1", "'+A1", "'@SUM(A1)", "'-A1", "'\tx", "Kreis A", "-5"]
    assert text.splitlines()[1].endswith(";-1,5")
    xlsx = pl.read_excel(write_export(frame, "xlsx", "Ansicht", tmp_path))
    assert xlsx["Kommune"].to_list()[:3] == ["'=1+1", "'+A1", "'@SUM(A1)"]
    assert xlsx["Wert"].dtype.is_numeric()
    assert neutralise_formulas(pl.DataFrame({"=x": [1]})).columns == ["'=x"]


def rename_ring(db: Path, ring_id: int, name: str) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE rings SET name = ? WHERE id = ?", (name, ring_id))
    conn.close()


def test_ring_named_like_another_rings_number_is_ambiguous(sample_db: Path, capsys) -> None:
    rename_ring(sample_db, 2, "1")
    args = ["compare", "--indicator", "K2", "--format", "json", "--db", str(sample_db)]
    assert cli.main([*args, "--ring", "1"]) == 1
    err = capsys.readouterr().err
    assert "passt auf mehrere Ringe" in err and "Nr. 1 " in err and "Nr. 2 „1“" in err
    assert cli.main([*args, "--ring-id", "1"]) == 0
    assert '"id": 1' in capsys.readouterr().out
    assert cli.main([*args, "--ring-id", "99"]) == 1


def test_names_differing_only_in_case_are_ambiguous(sample_db: Path, capsys) -> None:
    rename_ring(sample_db, 1, "Nord")
    rename_ring(sample_db, 2, "NORD")
    args = ["compare", "--indicator", "K2", "--db", str(sample_db)]
    assert cli.main([*args, "--ring", "nord"]) == 1
    err = capsys.readouterr().err
    assert "Nr. 1 „Nord“" in err and "Nr. 2 „NORD“" in err


async def test_copied_table_neutralises_formulas_and_escapes(sample_db: Path) -> None:
    from tests.screens.helpers import settle
    from tests.screens.test_ring import open_rural_ring

    with sqlite3.connect(sample_db) as conn:
        conn.execute("UPDATE municipalities SET name = ? WHERE name = 'Kreis Ahrwiesen'",
                     ("=cmd|' /C calc'!A0" + OSC52,))
    conn.close()
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_rural_ring(pilot)
        await pilot.press("y")
        await settle(pilot)
        copied = app.last_copied
    no_escapes(copied)
    assert "\n'=cmd|' /C calc'!A0\t" in copied
    numbers = [c for line in copied.splitlines()[1:] for c in line.split("\t")[1:]]
    assert any(c.startswith("-") for c in numbers)  # shown numbers are not prefixed


def test_a_stored_absurd_decimals_value_is_shown_bounded() -> None:
    from tui.kit import format as fmt

    assert fmt.number(1.23456789, 500) == "1,234568"
    assert fmt.number(2.5, -3) == "2"
    assert fmt.value(1.0, "Fälle\x1b]52;c;eA==\x07", 1) == "1,0 Fälle"


async def test_a_hostile_indicator_code_is_shown_cleaned_on_the_agenda(sample_db: Path) -> None:
    from textual.widgets import DataTable

    from tests.screens.test_meetings_agenda import open_agenda

    code = f"KX{OSC52}"
    with sqlite3.connect(sample_db) as conn:
        conn.execute("INSERT INTO indicators(code, name, direction, kind) VALUES (?, 'X',"
                     " 'up', 'outcome')", (code,))
        conn.execute("UPDATE agenda_items SET indicator_code = ? WHERE meeting_id = 4"
                     " AND position = 1", (code,))
    conn.close()
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_agenda(app, pilot, 4)
        cells = [str(c) for c in screen.query_one("#items", DataTable).get_row_at(0)]
    for cell in cells:
        no_escapes(cell)
    assert "KX" in cells


@pytest.mark.parametrize("command", [
    ["report", "--period", "2026-Q2", "--out", "bericht.html"],
    ["template", "--period", "2026-Q2", "--out", "boegen"],
    ["model"],
])
def test_refusals_of_every_command_have_no_escapes(sample_db: Path, tmp_path: Path, capsys,
                                                   command: list[str]) -> None:
    """Two rings whose names differ only in case: the refusal lists both names, cleaned."""
    rename_ring(sample_db, 1, f"Nord{OSC52}")
    rename_ring(sample_db, 2, f"NORD{CSI}")
    args = [part if part not in ("bericht.html", "boegen") else str(tmp_path / part)
            for part in command]
    assert cli.main([*args, "--ring", "nord", "--db", str(sample_db)]) == 1
    err = capsys.readouterr().err
    assert "Nr. 1 „Nord“" in err and "Nr. 2 „NORD“" in err
    no_escapes(err)
