"""Wrong data is refused with file, row and column, and nothing is written: digits that are
not ASCII, a control character inside a number, a value that under- or overflows, and
indicator definitions with impossible decimals or ranges."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.importers.conftest import sample_key
from tests.importers.test_cli import count
from tui import cli

AHR = sample_key("Kreis Ahrwiesen")
STORED = ("SELECT count(*) AS n FROM observations WHERE ags = '{ags}' AND period = '2027-Q1'")


@pytest.mark.parametrize("cell", ["２８,７", "٢٨,٧", "2\x000,5", "1e-400", "1e400", "2\x1b0"])
def test_a_number_that_is_not_one_is_refused(sample_db: Path, write_file, capsys,
                                             cell: str) -> None:
    path = write_file("zahlen.csv", f"AGS;Quartal;K2;ALQ\n{AHR};2027-Q1;{cell};4,5\n")
    assert cli.main(["import", str(path), "--db", str(sample_db)]) == 1
    err = capsys.readouterr().err
    assert "zahlen.csv, Zeile 2, Spalte „K2“" in err and "keine Zahl" in err
    assert count(sample_db, STORED.format(ags=AHR)) == 0  # not even the good ALQ cell


def test_plain_numbers_still_import(sample_db: Path, write_file) -> None:
    path = write_file("zahlen.csv", f"AGS;Quartal;K2;ALQ\n{AHR};2027-Q1;0,000;1e-3\n")
    assert cli.main(["import", str(path), "--db", str(sample_db)]) == 0


@pytest.mark.parametrize(("row", "column", "reason"), [
    ("X1;Neu;Neu;%;up;Kennzahl;last;0;100;500", "Nachkommastellen", "Nachkommastellen"),
    ("X1;Neu;Neu;%;up;Kennzahl;last;0;100;-1", "Nachkommastellen", "keine ganze Zahl"),
    ("X1;Neu;Neu;%;up;Kennzahl;last;100;0;1", "Minimum", "Minimum größer als Maximum"),
])
def test_impossible_indicator_definitions_are_refused(sample_db: Path, write_file, capsys,
                                                      row: str, column: str,
                                                      reason: str) -> None:
    header = "Code;Name;Kurzname;Einheit;Richtung;Art;Aggregation;Minimum;Maximum;Nachkommastellen"
    path = write_file("kennzahlen.csv", f"{header}\n{row}\n")
    assert cli.main(["import", str(path), "--db", str(sample_db)]) == 1
    err = capsys.readouterr().err
    assert f"kennzahlen.csv, Zeile 2, Spalte „{column}“" in err and reason in err
    assert count(sample_db, "SELECT count(*) AS n FROM indicators WHERE code = 'X1'") == 0


def test_impossible_definitions_in_toml_are_refused(sample_db: Path, write_file,
                                                    capsys) -> None:
    path = write_file("kennzahlen.toml", '[[indicator]]\ncode = "K2"\ndecimals = 500\n')
    assert cli.main(["import", str(path), "--db", str(sample_db)]) == 1
    assert "Nachkommastellen" in capsys.readouterr().err
    assert count(sample_db, "SELECT decimals AS n FROM indicators WHERE code = 'K2'") == 1


def test_ags_and_name_that_disagree_are_refused(sample_db: Path, write_file, capsys) -> None:
    other = sample_key("Kreis Brunnstedt")
    path = write_file("gemischt.csv", f"AGS;Name;Quartal;K2\n{AHR};Kreis Ahrwiesen;2027-Q1;1\n"
                                      f"{other};Kreis Ahrwiesen;2027-Q1;2\n")
    assert cli.main(["import", str(path), "--db", str(sample_db)]) == 1
    err = capsys.readouterr().err
    assert "gemischt.csv, Zeile 3, Spalte „Name“: „Kreis Ahrwiesen“" in err
    assert f"Name passt nicht zum Regionalschlüssel ({other} = Kreis Brunnstedt)" in err
    assert "Zeile 2" not in err
    assert count(sample_db, STORED.format(ags=other)) == 0


def test_name_variants_and_unknown_spellings_still_pass(sample_db: Path, write_file) -> None:
    path = write_file("varianten.csv", f"AGS;Name;Quartal;K2\n{AHR};Ahrwiesen, Kreis;2027-Q1;1\n")
    assert cli.main(["import", str(path), "--db", str(sample_db)]) == 0
    path = write_file("neu.csv", f"AGS;Name;Quartal;K2\n{AHR};Jobcenter Ahrtal;2027-Q2;1\n")
    assert cli.main(["import", str(path), "--db", str(sample_db)]) == 0


def test_mixed_utf8_and_cp1252_lines_are_refused(sample_db: Path, write_file,
                                                 capsys) -> None:
    lines = ["AGS;Name;Einwohner;Träger", "99901;Neustädt;1000;zkT", "99902;Altmühl;2000;gE"]
    data = (lines[0] + "\n" + lines[1] + "\n").encode("utf-8") + (lines[2] + "\n").encode("cp1252")
    path = write_file("gemischt.csv", "")
    path.write_bytes(data)
    assert cli.main(["import", str(path), "--db", str(sample_db)]) == 1
    err = capsys.readouterr().err
    assert "gemischt.csv, Zeile 3" in err and "Zeichenkodierung gemischt" in err
    assert count(sample_db, "SELECT count(*) AS n FROM municipalities WHERE ags LIKE '9990%'") == 0


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_read_as_utf16(sample_db: Path, write_file, encoding: str) -> None:
    path = write_file("ohne-bom.csv", "AGS;Name;Einwohner;Träger\n99901;Neustädt;1000;zkT\n",
                      encoding=encoding)
    assert cli.main(["import", str(path), "--db", str(sample_db)]) == 0
    with sqlite3.connect(sample_db) as conn:
        assert conn.execute("SELECT name FROM municipalities WHERE ags = '99901'"
                            ).fetchone() == ("Neustädt",)
    conn.close()


def test_plain_cp1252_still_imports(sample_db: Path, write_file) -> None:
    path = write_file("ansi.csv", "AGS;Name;Einwohner;Träger\n99901;Neustädt;1000;zkT\n",
                      encoding="cp1252")
    assert cli.main(["import", str(path), "--db", str(sample_db)]) == 0


def stored(db: Path) -> tuple[float, str]:
    with sqlite3.connect(db) as conn:
        row = conn.execute("SELECT value, status FROM observations WHERE ags = ? AND"
                           " indicator_code = 'K2' AND period = '2027-Q1'", (AHR,)).fetchone()
    conn.close()
    return row


def test_a_rounded_reimport_is_no_correction(sample_db: Path, write_file, capsys) -> None:
    first = write_file("genau.csv", f"AGS;Quartal;K2\n{AHR};2027-Q1;20,4837 p\n")
    assert cli.main(["import", str(first), "--db", str(sample_db)]) == 0
    assert stored(sample_db) == (20.4837, "provisional")
    capsys.readouterr()
    rounded = write_file("gerundet.csv", f"AGS;Quartal;K2\n{AHR};2027-Q1;20,5\n")
    assert cli.main(["import", str(rounded), "--db", str(sample_db)]) == 0
    assert "0 geändert, 1 unverändert" in capsys.readouterr().out
    assert stored(sample_db) == (20.4837, "provisional")  # not made final by a rounded copy
    explicit = write_file("endgueltig.csv",
                          f"AGS;Kennzahl;Quartal;Wert;Status\n{AHR};K2;2027-Q1;20,5;endgültig\n")
    assert cli.main(["import", str(explicit), "--db", str(sample_db)]) == 0
    assert stored(sample_db) == (20.4837, "final")  # said so: status changes, value stays
    corrected = write_file("korrektur.csv", f"AGS;Quartal;K2\n{AHR};2027-Q1;20,6\n")
    assert cli.main(["import", str(corrected), "--db", str(sample_db)]) == 0
    assert stored(sample_db) == (20.6, "final")


def test_a_rings_file_whose_ags_and_name_disagree_is_refused(sample_db: Path, write_file,
                                                             capsys) -> None:
    other = sample_key("Kreis Brunnstedt")
    path = write_file("ringe.csv", f"Ring;AGS;Name;seit\nNeuer Ring;{other};Kreis Ahrwiesen;2024\n")
    assert cli.main(["import", str(path), "--db", str(sample_db)]) == 1
    err = capsys.readouterr().err
    assert "ringe.csv, Zeile 2, Spalte „Name“" in err and "Kreis Brunnstedt" in err
    assert count(sample_db, "SELECT count(*) AS n FROM rings WHERE name = 'Neuer Ring'") == 0


def test_ring_names_differing_only_in_case_are_refused(sample_db: Path, write_file,
                                                       capsys) -> None:
    with sqlite3.connect(sample_db) as conn:
        stored = conn.execute("SELECT name FROM rings WHERE id = 1").fetchone()[0]
        rings = conn.execute("SELECT count(*) FROM rings").fetchone()[0]
    conn.close()
    path = write_file("ringe.csv", f"Ring;AGS;seit\n{stored.upper()};{AHR};2024\n"
                                   f"Nord;{AHR};2024\nNORD;{AHR};2025\n")
    assert cli.main(["import", str(path), "--db", str(sample_db)]) == 1
    err = capsys.readouterr().err
    assert f"Zeile 2, Spalte „Ring“: „{stored.upper()}“" in err and f"„{stored}“" in err
    assert "Zeile 4, Spalte „Ring“: „NORD“ – Ringname unterscheidet sich von „Nord“" in err
    assert count(sample_db, "SELECT count(*) AS n FROM rings") == rings  # nothing written


def test_a_bound_given_alone_must_fit_the_stored_other_bound(sample_db: Path, write_file,
                                                             capsys) -> None:
    with sqlite3.connect(sample_db) as conn:
        low, high = conn.execute("SELECT min_value, max_value FROM indicators"
                                 " WHERE code = 'K2'").fetchone()
    conn.close()
    assert low is not None and high is not None
    path = write_file("grenzen.csv", f"Code;Name;Minimum;Maximum\nK2;;{high + 1:g};\n")
    assert cli.main(["import", str(path), "--db", str(sample_db), "--layout", "indicators"]) == 1
    assert "Spalte „Minimum“" in capsys.readouterr().err
    path = write_file("grenzen2.csv", f"Code;Name;Minimum;Maximum\nK2;;;{low - 1:g}\n")
    assert cli.main(["import", str(path), "--db", str(sample_db), "--layout", "indicators"]) == 1
    assert "Maximum kleiner als das gespeicherte Minimum" in capsys.readouterr().err
