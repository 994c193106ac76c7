"""`ringvergleich import`: exit codes, summaries, the error list, dry run, layout and sheet."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from importers import Prepared
from store.db import open_store
from tests.importers.conftest import sample_key
from tui import cli
from tui.commands.import_ import ProgressLine

AHR = sample_key("Kreis Ahrwiesen")


def count(db: Path, sql: str) -> int:
    store = open_store(db, readonly=True)
    try:
        return store._rows(sql)[0]["n"]
    finally:
        store.close()


def test_import_prints_a_summary_and_exits_zero(sample_db: Path, write_file, capsys) -> None:
    path = write_file("q1.csv", f"AGS;Quartal;K2;ALQ\n{AHR};2027-Q1;20,5;4,5\n")
    assert cli.main(["import", str(path), "--db", str(sample_db)]) == 0
    out = capsys.readouterr().out
    assert "q1.csv: Kennzahlen, 2 Zeilen – 2 neu, 0 geändert, 0 unverändert" in out
    assert "breit nach Kennzahl" in out and "Semikolon" in out
    assert cli.main(["import", str(path), "--db", str(sample_db)]) == 0
    assert "bereits am" in capsys.readouterr().out
    assert count(sample_db, "SELECT count(*) AS n FROM observations WHERE period = '2027-Q1'") == 2


def test_problems_are_listed_and_exit_non_zero(sample_db: Path, write_file, capsys) -> None:
    path = write_file("bad.csv", f"AGS;Quartal;K2\n{AHR};2027-Q1;abc\n99999;2027-Q1;1\n")
    assert cli.main(["import", str(path), "--db", str(sample_db)]) == 1
    err = capsys.readouterr().err
    assert "bad.csv: 2 Problem(e) – nichts importiert" in err
    assert "bad.csv, Zeile 2, Spalte „K2“: „abc“ – keine Zahl" in err
    assert "bad.csv, Zeile 3, Spalte „AGS“: „99999“ – Kommune unbekannt" in err
    assert count(sample_db, "SELECT count(*) AS n FROM observations WHERE period = '2027-Q1'") == 0


def test_dry_run_says_what_would_change(sample_db: Path, write_file, capsys) -> None:
    path = write_file("q1.csv", f"AGS;Quartal;K2\n{AHR};2027-Q1;20,5\n")
    assert cli.main(["import", "--dry-run", str(path), "--db", str(sample_db)]) == 0
    out = capsys.readouterr().out
    assert "1 neu" in out and "Probelauf: nichts wurde geschrieben." in out
    assert "--undo" not in out  # nothing was written, so there is nothing to undo
    assert count(sample_db, "SELECT count(*) AS n FROM imports") == 1
    assert cli.main(["import", str(path), "--db", str(sample_db)]) == 0
    assert "rückgängig mit: ringvergleich import --undo" in capsys.readouterr().out


def test_layout_and_sheet_options(sample_db: Path, tmp_path: Path, capsys) -> None:
    path = tmp_path / "mappe.xlsx"
    pl.DataFrame({"AGS": [AHR], "Quartal": ["2027-Q1"], "K2": [20.5]}).write_excel(
        path, worksheet="Zahlen")
    args = ["import", str(path), "--db", str(sample_db), "--sheet", "Zahlen"]
    assert cli.main([*args, "--layout", "wide-period"]) == 1
    assert "für diesen Aufbau fehlt: Periodenspalten" in capsys.readouterr().err
    assert cli.main([*args, "--layout", "wide-indicator"]) == 0
    assert "mappe.xlsx [Zahlen]: Kennzahlen, 1 Zeilen – 1 neu" in capsys.readouterr().out


def test_default_database_is_the_sample_working_copy(tmp_path: Path, write_file, capsys) -> None:
    path = write_file("q1.csv", f"AGS;Quartal;K2\n{AHR};2027-Q1;20,5\n")
    assert cli.main(["import", str(path)]) == 0
    working_copy = tmp_path / "data" / "sample.db"
    assert count(working_copy, "SELECT count(*) AS n FROM observations"
                               " WHERE period = '2027-Q1'") == 1


def test_unusable_database(tmp_path: Path, write_file, capsys) -> None:
    path = write_file("q1.csv", "AGS;Quartal;K2\n1;2027-Q1;1\n")
    assert cli.main(["import", str(path), "--db", str(tmp_path / "fehlt.db")]) == 2
    assert "gibt es nicht" in capsys.readouterr().err


def test_progress_line_draws_and_clears(capsys) -> None:
    line = ProgressLine(enabled=True)
    prepared = Prepared(Path("gross.csv"), "gross.csv")
    line(prepared, "write", 50_000, 100_000)
    drawn = capsys.readouterr().err
    assert "gross.csv" in drawn and "schreiben" in drawn and "50%" in drawn
    line(prepared, "write", 10, 100)  # small files get no bar
    assert capsys.readouterr().err == ""
    line.clear()
    assert capsys.readouterr().err.startswith("\r")
    ProgressLine(enabled=False)(prepared, "write", 1, 100_000)
    assert capsys.readouterr().err == ""
