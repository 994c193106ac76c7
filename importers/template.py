"""The ring's collection template (Erhebungsbogen): its layout, and writing one XLSX per member.

The layout is defined here once; importers/template_read.py reads a filled template back by
the same constants. Every data text is written with write_string (never as a formula)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from store import periods
from store.compare.common import pooled_scale

SHEET = "Erhebungsbogen"
DEFINITIONS_SHEET = "Definitionen"
MARK = "Erhebungsbogen"  # first word of the title line: how a returned file is recognised
HEADERS = ("Kennzahl", "Bezeichnung", "Zähler", "Nenner", "Wert", "Status", "Anmerkung")
EXTRA_HEADERS = ("Einheit", "Vorquartal", "plausibel von", "plausibel bis", "Definition")
INPUT_COLUMNS = (2, 3, 4, 5, 6)  # Zähler … Anmerkung (0-based)
STATUS_CHOICES = ("endgültig", "vorläufig", "geschätzt", "fehlt", "vertraulich")
# Sheet rows (1-based, as a spreadsheet shows them) of the fields above the table.
META_LABELS = {"name": "Kommune", "ags": "AGS", "period": "Quartal", "ring": "Ring",
               "key": "Kennung"}
META_ROWS = {"name": 2, "ags": 3, "period": 4, "ring": 5, "key": 6}
HINT_ROW = 7
HEADER_ROW = 9
HINT = ("Bitte nur die gelben Felder ausfüllen: Zähler und Nenner (der Wert wird daraus "
        "berechnet) oder den Wert; Status und Anmerkung nach Bedarf. Kommune, Quartal und "
        "Kennung nicht ändern.")
_UNSAFE = re.compile(r"[^A-Za-z0-9ÄÖÜäöüß_-]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def template_key(ring_id: int, ags: str, period: str) -> str:
    """The key printed on a template: ties ring, member and quarter together, so a sheet
    whose member or quarter was changed afterwards is recognised and refused."""
    digest = hashlib.sha256(f"ringvergleich|{ring_id}|{ags}|{period}".encode()).hexdigest()
    return f"RV{ring_id}-{digest[:12]}"


def file_name(period: str, ags: str, name: str) -> str:
    slug = _UNSAFE.sub("-", name).strip("-")[:40] or "Kommune"
    return f"Erhebungsbogen_{period}_{ags}_{slug}.xlsx"


@dataclass
class TemplateResult:
    written: list[Path]
    existing: list[Path]  # refused: the file exists and overwriting was not asked for


def _text(value: object) -> str:
    return _CONTROL.sub("", "" if value is None else str(value))


def write_templates(
    directory: Path, ring_id: int, ring_name: str, period: str, members: list[Mapping[str, Any]],
    indicators: list[Mapping[str, Any]], previous: Mapping[tuple[str, str], float | None],
    force: bool = False,
) -> TemplateResult:
    """One XLSX per member into `directory`. Existing files are left alone (and listed in
    `existing`) unless `force`; then nothing at all is written, so a run never half-replaces
    a set of templates."""
    directory.mkdir(parents=True, exist_ok=True)
    targets = [(member, directory / file_name(period, member["ags"], member["name"] or ""))
               for member in members]
    existing = [path for _m, path in targets if path.exists()]
    if existing and not force:
        return TemplateResult([], existing)
    written = []
    for member, path in targets:
        _write_one(path, ring_id, ring_name, period, member, indicators, previous)
        written.append(path)
    return TemplateResult(written, [])


def _write_one(path: Path, ring_id: int, ring_name: str, period: str, member: Mapping[str, Any],
               indicators: list[Mapping[str, Any]],
               previous: Mapping[tuple[str, str], float | None]) -> None:
    import xlsxwriter  # noqa: PLC0415 (only templates are written with it; imports read files)

    # No string ever becomes a formula, a link or a number behind our back.
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False,
                                           "strings_to_numbers": False})
    try:
        _fill(book, ring_id, ring_name, period, member, indicators, previous)
    finally:
        book.close()


def _fill(book: Any, ring_id: int, ring_name: str, period: str, member: Mapping[str, Any],
          indicators: list[Mapping[str, Any]],
          previous: Mapping[tuple[str, str], float | None]) -> None:
    bold = book.add_format({"bold": True})
    title = book.add_format({"bold": True, "font_size": 14})
    head = book.add_format({"bold": True, "bg_color": "#DDDDDD", "border": 1, "text_wrap": True,
                            "locked": True})
    locked = book.add_format({"locked": True, "text_wrap": True, "valign": "top", "border": 1})
    number_locked = book.add_format({"locked": True, "num_format": "#,##0.0##", "border": 1,
                                     "valign": "top"})
    entry = book.add_format({"locked": False, "bg_color": "#FFF2AC", "border": 1,
                             "num_format": "#,##0.0##", "valign": "top"})
    entry_text = book.add_format({"locked": False, "bg_color": "#FFF2AC", "border": 1,
                                  "text_wrap": True, "valign": "top"})
    sheet = book.add_worksheet(SHEET)
    ags = _text(member["ags"])
    sheet.write_string(0, 0, f"{MARK} {periods.label(period)} – Vergleichsring {_text(ring_name)}",
                       title)
    meta = {"name": _text(member["name"]), "ags": ags, "period": period,
            "ring": _text(ring_name), "key": template_key(ring_id, ags, period)}
    for field, row in META_ROWS.items():
        sheet.write_string(row - 1, 0, META_LABELS[field], bold)
        sheet.write_string(row - 1, 1, meta[field])
    sheet.write_string(META_ROWS["period"] - 1, 2, periods.label(period))
    sheet.write_string(HINT_ROW - 1, 0, HINT)
    top = HEADER_ROW - 1
    for col, header in enumerate(HEADERS + EXTRA_HEADERS):
        sheet.write_string(top, col, header, head)
    last_label = periods.short_label(periods.previous(period))
    sheet.write_comment(top, 8, f"Wert des Vorquartals ({last_label}) zur Orientierung")
    for offset, info in enumerate(indicators, start=1):
        row = top + offset
        code = _text(info["code"])
        sheet.write_string(row, 0, code, locked)
        sheet.write_string(row, 1, _text(info["name"]), locked)
        for col in INPUT_COLUMNS:
            sheet.write_blank(row, col, None, entry_text if col in (5, 6) else entry)
        unit = _text(info["unit"])
        sheet.write_string(row, 7, unit, locked)
        last = previous.get((ags, code))
        if last is None:
            sheet.write_blank(row, 8, None, locked)
        else:
            sheet.write_number(row, 8, float(last), number_locked)
        low, high = info.get("min_value"), info.get("max_value")
        for col, limit in ((9, low), (10, high)):
            if limit is None:
                sheet.write_blank(row, col, None, locked)
            else:
                sheet.write_number(row, col, float(limit), number_locked)
        sheet.write_string(row, 11, _definition(info), locked)
        _validate(sheet, row, low, high)
    sheet.set_column(0, 0, 10)
    sheet.set_column(1, 1, 42)
    sheet.set_column(2, 4, 12)
    sheet.set_column(5, 5, 12)
    sheet.set_column(6, 6, 30)
    sheet.set_column(7, 10, 11)
    sheet.set_column(11, 11, 60)
    sheet.freeze_panes(HEADER_ROW, 2)
    sheet.protect("", {"format_columns": True, "format_rows": True})
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    _definitions(book, indicators, bold, locked)


def _definition(info: Mapping[str, Any]) -> str:
    parts = [_text(info.get("description"))]
    if info.get("numerator"):
        parts.append("Zähler: " + _text(info["numerator"]))
    if info.get("denominator"):
        parts.append("Nenner: " + _text(info["denominator"]))
    if info.get("numerator") and info.get("denominator"):
        factor = " × 100" if pooled_scale(info) == 100 else ""
        parts.append(f"Wert = Zähler ÷ Nenner{factor}")
    return " · ".join(p for p in parts if p)


def _validate(sheet: Any, row: int, low: float | None, high: float | None) -> None:
    """Numbers only in Zähler and Nenner; the plausible range in Wert; Status from a list."""
    message = "Bitte eine Zahl eingeben."
    for col in (2, 3):
        sheet.data_validation(row, col, row, col, {
            "validate": "decimal", "criteria": ">=", "value": 0,
            "error_title": "Keine gültige Zahl", "error_message": message})
    if low is not None and high is not None:
        rule = {"criteria": "between", "minimum": float(low), "maximum": float(high)}
        message = f"Bitte eine Zahl zwischen {_german(low)} und {_german(high)} eingeben."
    elif low is not None:
        rule = {"criteria": ">=", "value": float(low)}
    elif high is not None:
        rule = {"criteria": "<=", "value": float(high)}
    else:
        rule = {"criteria": "between", "minimum": -1e15, "maximum": 1e15}
    sheet.data_validation(row, 4, row, 4, {"validate": "decimal", **rule,
                                           "error_title": "Nicht plausibel",
                                           "error_message": message})
    sheet.data_validation(row, 5, row, 5, {"validate": "list", "source": list(STATUS_CHOICES)})


def _german(number: float) -> str:
    """1000000.0 → '1.000.000', -2.5 → '-2,5' (the range in a German error message)."""
    if float(number).is_integer():
        return f"{int(number):,}".replace(",", ".")
    return f"{number}".replace(".", ",")


def _definitions(book: Any, indicators: list[Mapping[str, Any]], bold: Any, wrap: Any) -> None:
    sheet = book.add_worksheet(DEFINITIONS_SHEET)
    headers = ("Kennzahl", "Bezeichnung", "Einheit", "Beschreibung", "Zähler", "Nenner",
               "Lesart")
    for col, header in enumerate(headers):
        sheet.write_string(0, col, header, bold)
    for row, info in enumerate(indicators, start=1):
        for col, key in enumerate(("code", "name", "unit", "description", "numerator",
                                   "denominator", "reading")):
            sheet.write_string(row, col, _text(info.get(key)), wrap)
    sheet.set_column(0, 0, 10)
    sheet.set_column(1, 1, 40)
    sheet.set_column(2, 2, 8)
    sheet.set_column(3, 6, 45)
    sheet.protect("")
