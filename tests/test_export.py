"""Table exports: German numbers in Markdown, rounded plain numbers in CSV and XLSX."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from tui.kit.export import to_markdown, write_export

FRAME = pl.DataFrame({
    "Kommune": ["Kreis A|B", "Kreis [b]C[/b]"],
    "Einwohner": [263946.0, 1000.0],
    "K2": [25.4321, None],
})


def test_markdown_keeps_counts_whole_and_escapes_cells() -> None:
    lines = to_markdown(FRAME).splitlines()
    assert lines[0] == "| Kommune | Einwohner | K2 |"
    assert lines[2] == "| Kreis A\\|B | 263.946 | 25,4 |"
    assert lines[3] == "| Kreis [b]C[/b] | 1.000 | – |"


def test_csv_uses_german_conventions_and_no_float_noise(tmp_path: Path) -> None:
    frame = FRAME.with_columns(pl.Series("K2", [0.9361999999999999, -2.38221234]))
    path = write_export(frame, "csv", "Ring Test", tmp_path)
    text = path.read_bytes().decode("utf-8-sig")
    assert text.splitlines()[0] == "Kommune;Einwohner;K2"
    assert "0,9362" in text and "-2,3822" in text and "99999" not in text
    back = pl.read_csv(path, separator=";", decimal_comma=True)
    assert back["Einwohner"].to_list() == [263946.0, 1000.0]


def test_xlsx_round_trip(tmp_path: Path) -> None:
    path = write_export(FRAME, "xlsx", "Ring Test", tmp_path)
    back = pl.read_excel(path)
    assert back["Kommune"].to_list() == FRAME["Kommune"].to_list()
    assert back["K2"][0] == 25.4321
