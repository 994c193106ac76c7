"""Write the current view's table to CSV, XLSX or Markdown and say where."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import polars as pl

from tui.kit import format as fmt
from tui.kit.locations import export_dir
from tui.kit.outfile import free_path, write_atomic


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9ÄÖÜäöüß_-]+", "-", text).strip("-")[:60] or "ansicht"


# OWASP "CSV injection": a text cell starting with one of these is a formula to a
# spreadsheet; a leading apostrophe makes it text. A number as shown ("-1,5", "+2,6 %",
# "-0,3p ▲") stays as it is: without letters before it, brackets or "|" and "!" it cannot
# call anything.
FORMULA_START = r"^[=+\-@\t\r]"
PLAIN_NUMBER = r"^[+-]?[0-9][0-9.,]*\s*[%\w▲▼●°]*\s*[%\w▲▼●°]*$"


def neutralise_cell(text: str) -> str:
    """One cell of text made safe for a spreadsheet (see FORMULA_START)."""
    if re.match(FORMULA_START, text) and not re.match(PLAIN_NUMBER, text):
        return "'" + text
    return text


def neutralise_formulas(frame: pl.DataFrame) -> pl.DataFrame:
    """Text cells (and column names) that a spreadsheet would run as a formula get a
    leading apostrophe; numeric columns are left numeric."""
    texts = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    frame = frame.with_columns(
        pl.when(pl.col(name).str.contains(FORMULA_START)
                & ~pl.col(name).str.contains(PLAIN_NUMBER))
        .then(pl.lit("'") + pl.col(name)).otherwise(pl.col(name)).alias(name)
        for name in texts
    )
    return frame.rename({name: neutralise_cell(name) for name in frame.columns})


STORED_DECIMALS = 4  # exported numbers: enough for any figure, no float noise


def _column_decimals(series: pl.Series, decimals: int) -> int:
    """Counts (population, integrations) stay whole numbers; rates get `decimals`."""
    values = series.drop_nulls()
    if values.len() and (values == values.round(0)).all():
        return 0
    return decimals


def to_markdown(frame: pl.DataFrame, decimals: int = 1) -> str:
    """A pipe table; numbers in German notation, data text escaped for Markdown."""
    places = {
        name: _column_decimals(frame[name], decimals)
        for name, dtype in frame.schema.items() if dtype.is_float()
    }

    def cell(name: str, value: object) -> str:
        if value is None:
            return "–"
        if isinstance(value, float):
            return fmt.number(value, places.get(name, decimals))
        if isinstance(value, int):
            return fmt.number(value, 0)
        return fmt.clean(value).replace("|", "\\|")

    lines = ["| " + " | ".join(fmt.clean(c) for c in frame.columns) + " |",
             "|" + "|".join("---" for _ in frame.columns) + "|"]
    for row in frame.iter_rows():
        lines.append("| " + " | ".join(cell(n, v) for n, v in zip(frame.columns, row,
                                                                    strict=True)) + " |")
    return "\n".join(lines) + "\n"


def write_export(frame: pl.DataFrame, kind: str, name: str, directory: Path | None = None) -> Path:
    """Save `frame` as kind 'csv' | 'xlsx' | 'md' under a timestamped name; returns the path."""
    target_dir = directory or export_dir()
    target_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    path = free_path(target_dir, f"{_slug(name)}-{stamp}", kind)  # never replace an export
    frame = frame.with_columns(pl.col(pl.Float64, pl.Float32).round(STORED_DECIMALS))
    if kind in ("csv", "xlsx"):
        frame = neutralise_formulas(frame)
    if kind == "csv":
        # German spreadsheet conventions: semicolon and decimal comma, UTF-8 with BOM.
        write_atomic(path, b"\xef\xbb\xbf"
                     + frame.write_csv(separator=";", decimal_comma=True).encode("utf-8"))
    elif kind == "xlsx":
        frame.write_excel(path, worksheet="Ringvergleich", autofit=True)
    elif kind == "md":
        write_atomic(path, (f"# {fmt.clean(name)}\n\n" + to_markdown(frame)).encode("utf-8"))
    else:
        raise ValueError(kind)
    return path
