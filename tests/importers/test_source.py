"""Reading files: encodings, separators, title and footnote lines, row numbers, Excel, TOML."""

from __future__ import annotations

import codecs
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter

from importers.problems import SourceError
from importers.source import decode, read_table

TABLE = "AGS;Name;Wert\n05358;Kreis Düren;12,5\n05370;Kreis Heinsberg;3,1\n"


def cells(table) -> list[tuple]:
    return table.cells.select(*table.value_columns).rows()


@pytest.mark.parametrize(
    "prefix, encoding, label",
    [
        (b"", "utf-8", "UTF-8"),
        (codecs.BOM_UTF8, "utf-8", "UTF-8 (BOM)"),
        (b"", "cp1252", "Windows-1252"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    ],
)
def test_encodings_are_recognised(tmp_path: Path, prefix: bytes, encoding: str, label: str) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(prefix + TABLE.encode(encoding))
    table = read_table(path, path.read_bytes())
    assert table.encoding == label
    assert table.headers == ["AGS", "Name", "Wert"]
    assert cells(table)[0] == ("05358", "Kreis Düren", "12,5")


def test_undecodable_bytes_fall_back_to_latin_1() -> None:
    text, label = decode(b"K\x81ln")  # 0x81 is undefined in Windows-1252
    assert label == "ISO-8859-1" and text == "K\x81ln"


@pytest.mark.parametrize("separator", [";", ",", "\t"])
def test_separators_are_sniffed(tmp_path: Path, separator: str) -> None:
    text = TABLE.replace(";", separator)
    if separator == ",":  # decimal commas must then be quoted
        text = text.replace("12,5", '"12,5"').replace("3,1", '"3,1"')
    path = tmp_path / "f.csv"
    path.write_text(text, encoding="utf-8")
    table = read_table(path, path.read_bytes())
    assert table.separator == separator
    assert cells(table) == [("05358", "Kreis Düren", "12,5"), ("05370", "Kreis Heinsberg", "3,1")]


def test_title_lines_footnotes_and_blank_lines_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "ba.csv"
    path.write_text(
        "Kennzahlen nach § 48a SGB II;;\r\nStand: März 2024;;\r\n;;\r\n"
        "AGS;Name;Wert\r\n05358;Kreis Düren;12,5\r\n;;\r\n\r\n05370;Kreis Heinsberg;3,1\r\n"
        "\r\nQuelle: Statistik der Bundesagentur für Arbeit;;\r\n1) vorläufige Werte; Stand;\r\n"
        "© BA;;\r\n",
        encoding="utf-8",
    )
    table = read_table(path, path.read_bytes())
    assert table.header_row == 4
    assert table.cells["_row"].to_list() == [5, 8]
    assert cells(table) == [("05358", "Kreis Düren", "12,5"), ("05370", "Kreis Heinsberg", "3,1")]
    assert table.context[:2] == ["Kennzahlen nach § 48a SGB II", "Stand: März 2024"]


@pytest.mark.parametrize("untidy, cell", [
    ("05370 ;Heinsberg;3,1", "05370"), (" 05370;Heinsberg;3,1", "05370"),
    ("05370;Heinsberg\u00a0;3,1", "Heinsberg"), ("05370;\u2009Heinsberg;3,1", "Heinsberg"),
    ("05370;Heinsberg;\u30003,1", "3,1"), ("05370;Heinsberg;3,1 ", "3,1"),
    ("05370;  ;3,1", None),
])
def test_plain_utf8_cells_are_trimmed_wherever_a_space_stands(tmp_path: Path, untidy: str,
                                                              cell: str | None) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(f"AGS;Name;Wert\n05358;Kreis Düren – Nord;12,5\n{untidy}".encode())
    table = read_table(path, path.read_bytes())
    assert table.encoding == "UTF-8"
    assert cells(table)[0] == ("05358", "Kreis Düren – Nord", "12,5")
    assert cell in cells(table)[1]
    assert all(value is None or value == value.strip() for value in cells(table)[1])


def test_a_blank_line_between_rows_keeps_the_row_numbers(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes("Titel\nAGS;Name;Wert\n05358;Düren;1\n;;\n05370;Heinsberg;2\n".encode())
    table = read_table(path, path.read_bytes())
    assert table.cells["_row"].to_list() == [3, 5]
    assert cells(table) == [("05358", "Düren", "1"), ("05370", "Heinsberg", "2")]


def test_quoted_line_breaks_keep_row_numbers_and_become_spaces(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text('AGS;Name;Wert\n05358;"Kreis\nDüren";12,5\n05370;Heinsberg;3,1\n')
    table = read_table(path, path.read_bytes())
    assert table.cells["_row"].to_list() == [2, 4]
    assert cells(table)[0][1] == "Kreis Düren"


def test_control_characters_are_stripped(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes("AGS;Name;Wert\n05358;Kreis\x1b[31m Düren\x07;1\x00\n".encode())
    table = read_table(path, path.read_bytes())
    assert cells(table) == [("05358", "Kreis[31m Düren", "1")]


def test_a_row_wider_than_the_header_is_not_cut(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text("AGS;Name\n05358;Düren;12,5\n")
    table = read_table(path, path.read_bytes())
    assert table.headers == ["AGS", "Name", ""]
    assert cells(table) == [("05358", "Düren", "12,5")]


@pytest.mark.parametrize("text, reason", [("", "empty"), ("nur ein Titel\n", "no_header"),
                                          ("AGS;Name;Wert\n", "empty")])
def test_files_without_data_are_refused(tmp_path: Path, text: str, reason: str) -> None:
    path = tmp_path / "f.csv"
    path.write_text(text)
    with pytest.raises(SourceError) as caught:
        read_table(path, path.read_bytes())
    assert caught.value.reason == reason


def make_workbook(path: Path) -> None:
    book = xlsxwriter.Workbook(path)
    first = book.add_worksheet("Info")
    first.write(0, 0, "Nur Erläuterungen")
    sheet = book.add_worksheet("K2")
    sheet.write(1, 1, "Integrationsquote (K2)")
    sheet.write_row(3, 1, ["AGS", "Name", "2024-Q1"])
    sheet.write_row(4, 1, [5358, "Kreis Düren", 12.5])
    sheet.write_row(5, 1, ["05370", "Kreis\nHeinsberg", "–"])
    book.close()


def test_excel_sheet_by_name_or_number_with_sheet_row_numbers(tmp_path: Path) -> None:
    path = tmp_path / "mappe.xlsx"
    make_workbook(path)
    for sheet in ("K2", "2"):
        table = read_table(path, path.read_bytes(), sheet)
        assert table.fmt == "excel" and table.sheet == "K2"
        assert table.header_row == 4
        assert table.cells["_row"].to_list() == [5, 6]
        assert cells(table) == [("5358", "Kreis Düren", "12.5"), ("05370", "Kreis Heinsberg", "–")]
        assert "Integrationsquote (K2)" in table.context


def test_excel_first_sheet_by_default_and_unknown_sheet(tmp_path: Path) -> None:
    path = tmp_path / "mappe.xlsx"
    make_workbook(path)
    with pytest.raises(SourceError) as caught:
        read_table(path, path.read_bytes())  # the first sheet holds no table
    assert caught.value.reason == "no_header"
    with pytest.raises(SourceError) as caught:
        read_table(path, path.read_bytes(), "Tabelle9")
    assert caught.value.reason == "sheet_not_found" and caught.value.detail == "Info|K2"


def test_polars_written_excel_is_read(tmp_path: Path) -> None:
    path = tmp_path / "polars.xlsx"
    pl.DataFrame({"AGS": ["05358"], "Quartal": ["2024-Q1"], "K2": [12.25]}).write_excel(path)
    table = read_table(path, path.read_bytes())
    assert table.headers == ["AGS", "Quartal", "K2"]
    assert cells(table) == [("05358", "2024-Q1", "12.25")]


def test_excel_renamed_to_csv_is_still_excel(tmp_path: Path) -> None:
    source = tmp_path / "mappe.xlsx"
    make_workbook(source)
    path = tmp_path / "mappe.csv"
    path.write_bytes(source.read_bytes())
    assert read_table(path, path.read_bytes(), "K2").fmt == "excel"


def test_broken_excel_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "kaputt.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(SourceError) as caught:
        read_table(path, path.read_bytes())
    assert caught.value.reason == "unreadable"


def test_toml_indicator_definitions(tmp_path: Path) -> None:
    path = tmp_path / "extra.toml"
    path.write_text('# extra\n[[indicator]]\ncode = "VQ"\nname = "Vermittlungsquote"\n'
                    'direction = "up"\nkind = "process"\nmax_value = 100.0\n\n'
                    '[[indicator]]\ncode = "WQ"\nname = "Wartezeit"\ndirection = "down"\n'
                    'kind = "process"\nunit = "Tage"\n')
    table = read_table(path, path.read_bytes())
    assert table.fmt == "toml"
    assert table.headers == ["code", "name", "direction", "kind", "max_value", "unit"]
    assert table.cells["_row"].to_list() == [2, 9]
    assert cells(table)[1] == ("WQ", "Wartezeit", "down", "process", None, "Tage")


def test_invalid_toml_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("[[indicator]\ncode = ")
    with pytest.raises(SourceError) as caught:
        read_table(path, path.read_bytes())
    assert caught.value.reason == "unreadable"
