"""Statistics of the Bundesagentur für Arbeit (BA): table CSVs and the §48a Kennzahlen download.

Both start with key–value metadata lines ("Berichtsmonat:;Februar 2026;"), name the month in
German, write `.` as thousands separator, `-` for "not applicable" and `*` for anonymised
values, and end lines with `;`. A table has one column per measure (or per month); the §48a
download has one row per Jobcenter and Kennzahl (long) or one column per Kennzahl (wide),
recognised by its columns, which name catalogue indicators (K1, K2E3, …).
"""

from __future__ import annotations

import re
from pathlib import Path

from importers import columns, official
from importers.columns import fold
from importers.periods import parse_official_period as parse_period

_SOURCE_WORDS = ("bundesagentur fuer arbeit", "arbeitsagentur", "statistik der ba", "48a")
_METADATA = re.compile(r"^\s*([^;:]{2,60}):\s*;\s*([^;]*)")
_PERIOD_KEYS = {fold(w) for w in ("Berichtsmonat", "Berichtsjahr", "Stichtag", "Berichtszeitraum",
                                  "Monat", "Zeitraum", "Berichtsquartal")}
_KEY = re.compile(r"^(D|DG|\d{2,12})$")
_KEY_HEADERS = columns.AGS | {fold(w) for w in ("Regionalschlüssel", "Schlüssel",
                                                 "Jobcenter-Schlüssel", "JC-Nr", "Kreis-Nr.")}
_NAME_HEADERS = columns.NAME | {fold(w) for w in ("Region", "Jobcenter", "Regionsname")}


def is_ba(head: str) -> bool:
    lines = head.split("\n")[:20]
    metadata = [m for line in lines if (m := _METADATA.match(line))]
    text = fold(" ".join(lines[:20]))
    return bool(metadata) and any(w in text for w in _SOURCE_WORDS)


def read_csv(path: Path, data: bytes) -> official.OfficialTable | None:
    rows, encoding = official.text_grid(data)
    rows = [(n, _trim(cells)) for n, cells in rows]
    metadata: dict[str, str] = {}
    titles: list[str] = []
    header_at = None
    for i, (_n, cells) in enumerate(rows):
        filled = [c for c in cells if c]
        if not filled:
            continue
        if len(filled) <= 2 and cells[0].endswith(":"):
            metadata[fold(cells[0].rstrip(":"))] = filled[1] if len(filled) > 1 else ""
            continue
        if any(columns.norm_header(c) in _KEY_HEADERS for c in cells):
            header_at = i
            break
        titles.append(" ".join(filled))
    if header_at is None:
        return None
    header = rows[header_at][1]
    key_col = next(i for i, c in enumerate(header) if columns.norm_header(c) in _KEY_HEADERS)
    name_col = next((i for i, c in enumerate(header) if i != key_col
                     and columns.norm_header(c) in _NAME_HEADERS), None)
    period_col = next((i for i, c in enumerate(header) if columns.norm_header(c) in _PERIOD_KEYS),
                      None)
    measure_col = next((i for i, c in enumerate(header)
                        if columns.norm_header(c) in columns.INDICATOR), None)
    value_col = next((i for i, c in enumerate(header) if columns.norm_header(c) in columns.VALUE),
                     None)
    fixed_period = next((parse_period(v) for k, v in metadata.items() if k in _PERIOD_KEYS
                         and parse_period(v)), None)
    used = {key_col, name_col, period_col, measure_col, value_col}
    if measure_col is not None and value_col is not None:
        wide = {}  # long §48a: the Kennzahl names the measure of each row
    else:
        wide = {i: c for i, c in enumerate(header) if i not in used and c
                and columns.norm_header(c) not in columns.INFO}
    records: list[tuple] = []
    for number, cells in rows[header_at + 1:]:
        cells = cells + [""] * (len(header) - len(cells))
        key = cells[key_col].strip()
        if not _KEY.match(key):
            continue  # notes and "Erstellungsdatum" lines below the data
        key = "DG" if key == "D" else key
        name = cells[name_col] if name_col is not None else None
        row_period = parse_period(cells[period_col]) if period_col is not None else None
        if not wide:
            records.append((number, key, name, cells[measure_col], None,
                            row_period or fixed_period, cells[value_col] or None, None))
            continue
        for index, label in wide.items():
            column_period = parse_period(label)
            measure = metadata.get(fold("Merkmal")) or label if column_period else label
            records.append((number, key, name, measure, None,
                            column_period or row_period or fixed_period, cells[index] or None,
                            None))
    return official.OfficialTable(path.name, "ba-csv", "BA", official.long_frame(records),
                                  encoding=encoding, context=titles + [path.stem])


def _trim(cells: list[str]) -> list[str]:
    """Lines ending in `;` leave an empty last cell."""
    while cells and not cells[-1]:
        cells = cells[:-1]
    return cells
