"""Write the current view's table to CSV, XLSX or Markdown and say where."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import polars as pl

from tui import format as fmt


def export_dir() -> Path:
    from tui.cli import data_dir

    return data_dir() / "export"


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9ÄÖÜäöüß_-]+", "-", text).strip("-")[:60] or "ansicht"


def to_markdown(frame: pl.DataFrame, decimals: int = 1) -> str:
    """A pipe table; numbers in German notation, data text escaped for Markdown."""
    def cell(value: object) -> str:
        if isinstance(value, float):
            return fmt.number(value, decimals)
        if value is None:
            return "–"
        return fmt.clean(value).replace("|", "\\|")

    lines = ["| " + " | ".join(cell(c) for c in frame.columns) + " |",
             "|" + "|".join("---" for _ in frame.columns) + "|"]
    for row in frame.iter_rows():
        lines.append("| " + " | ".join(cell(v) for v in row) + " |")
    return "\n".join(lines) + "\n"


def write_export(frame: pl.DataFrame, kind: str, name: str, directory: Path | None = None) -> Path:
    """Save `frame` as kind 'csv' | 'xlsx' | 'md' under a timestamped name; returns the path."""
    target_dir = directory or export_dir()
    target_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    path = target_dir / f"{_slug(name)}-{stamp}.{kind}"
    if kind == "csv":
        # German spreadsheet conventions: semicolon and decimal comma, UTF-8 with BOM.
        path.write_bytes(
            b"\xef\xbb\xbf" + frame.write_csv(separator=";", decimal_comma=True).encode("utf-8")
        )
    elif kind == "xlsx":
        frame.write_excel(path, worksheet="Ringvergleich", autofit=True)
    elif kind == "md":
        path.write_text(f"# {fmt.clean(name)}\n\n" + to_markdown(frame), encoding="utf-8")
    else:
        raise ValueError(kind)
    return path
