"""GENESIS downloads (Regionaldatenbank, GENESIS-Online): classic CSV, flat ffcsv and XLSX.

Classic CSV and XLSX: title lines ("GENESIS-Tabelle: 13211-02-05-4", name, "regionale Tiefe"),
two to four stacked header rows (measure / sub-group / unit), the period as the first column,
as a header row or as a date row above the data, a key column (DG, Land, Regierungsbezirk,
Kreis, Gemeinde) with indented names, and a footer after a `_____` line. Flat ffcsv: English
column names, one value per row, regional levels mixed in one column.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from pathlib import Path

import polars as pl

from importers import official
from importers.columns import fold
from importers.measures import SUBGROUP, TOTAL_WORDS
from importers.periods import parse_official_period as parse_period
from importers.problems import SourceError
from importers.source import decode

_TITLE = re.compile(r"^\s*GENESIS-Tabelle\s*:\s*(\S+)?", re.IGNORECASE)
_KEY = re.compile(r"^(DG|\d{2}|\d{3}|\d{5}|\d{8}|\d{9}|\d{12})$")
_KEY_TEXT = r"^(DG|\d{2,12})$"
# A header cell broken over two lines inside a word ("Insge-\nsamt").
_LINE_BREAK_HYPHEN = re.compile(r"(?<=\w)-[ \t]*\n\s*(?=[a-zäöüß])")
_MEASURE_LINE = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*$")
UNITS = {fold(u) for u in (
    "Anzahl", "%", "Prozent", "Personen", "EUR", "Euro", "Tsd. EUR", "1000 EUR", "Tsd.", "1000",
    "qkm", "km²", "km2", "ha", "Ew/qkm", "Einwohner je qkm", "je km²", "Je 1000 Einwohner",
    "Mill. EUR", "Mio. EUR", "Tage", "Jahre (Durchschnitt)", "dt/ha", "t", "Prozentpunkte",
)}
# Header cells that name the time dimension or the key columns, not a measure.
LABELS = {fold(w) for w in (
    "Stichtag", "Jahr", "Jahre", "Zeit", "Jahresdurchschnitt", "Monat", "Quartal", "Zeitraum",
    "Kreise und krfr. Städte", "Kreise und kreisfreie Städte", "Gemeinden", "Bundesländer",
    "Regionalschlüssel", "Schlüssel", "Name", "Gebiet", "Region",
)}
_FFCSV_REGION_CODES = {"DINSG", "DLAND", "REGBEZ", "KREISE", "GEMEIN", "DG"}
_FFCSV_REGION_WORDS = ("kreis", "laender", "land", "gemeinde", "deutschland", "regierungsbez")


def is_classic(head: str) -> bool:
    return _TITLE.match(head.split("\n", 1)[0].split(";", 1)[0]) is not None


def is_ffcsv(head: str) -> bool:
    first = head.split("\n", 1)[0].lower()
    return "statistics_code" in first and "value" in first and "time" in first


# --- classic CSV and XLSX ---------------------------------------------------------------------

def read_classic(path: Path, data: bytes) -> official.OfficialTable:
    rows, encoding = official.text_grid(data)
    table = parse_grid(path.name, rows, "genesis-csv")
    table.encoding = encoding
    return table


def read_xlsx(path: Path, data: bytes, sheet: str | None) -> official.OfficialTable | None:
    """A GENESIS-Online or Regionaldatenbank workbook, or a Gemeindeverzeichnis
    (then the master-data reader takes it: None here)."""
    def wanted(top: list[tuple[int, list[str]]]) -> bool:
        return any(_TITLE.match(official.first_filled(cells) or "") for _n, cells in top[:5])

    rows, name = official.excel_grid(data, sheet, wanted)
    if not rows:
        return None
    table = parse_grid(path.name, rows, "genesis-xlsx")
    table.fmt, table.sheet = "excel", name
    return table


def _key_of(cell: str) -> str | None:
    """The key a cell holds (a spreadsheet's "1001.0" read as 01001), or None."""
    text = re.sub(r"\.0+$", "", cell.strip())
    if text != cell.strip() and text.isdigit() and len(text) in (1, 4, 7, 11):
        text = "0" + text
    return text if _KEY.match(text) else None


def parse_grid(name: str, rows: list[tuple[int, list[str]]], source: str
               ) -> official.OfficialTable:
    rows = [(n, [" ".join(_LINE_BREAK_HYPHEN.sub("", c).split()) for c in cells])
            for n, cells in rows if any(cells)]
    if not rows:
        raise SourceError("empty")
    match = _TITLE.match(official.first_filled(rows[0][1]) or "")
    statistic = (match.group(1) or "") if match else ""
    key_col = _key_column(rows)
    if key_col is None:
        raise SourceError("no_header")
    width = max(len(cells) for _n, cells in rows)
    rows = [(n, cells + [""] * (width - len(cells))) for n, cells in rows]
    data_at = [i for i, (_n, cells) in enumerate(rows) if _key_of(cells[key_col])
               and any(cells[key_col + 1:])]
    if not data_at:
        raise SourceError("empty")
    first = data_at[0]
    name_col = key_col + 1 if any(
        rows[i][1][key_col + 1] and parse_period(rows[i][1][key_col + 1]) is None
        and not re.fullmatch(r"[\d.,\s-]+", rows[i][1][key_col + 1]) for i in data_at[:50]
    ) else None
    after = (name_col if name_col is not None else key_col) + 1
    value_cols = [c for c in range(after, width) if any(rows[i][1][c] for i in data_at)]
    period_col = next((c for c in range(key_col) if sum(
        1 for i in data_at[:50] if parse_period(rows[i][1][c])) * 2 > min(len(data_at), 50)),
        None)
    above = rows[:first]
    headers = [cells for _n, cells in above if any(cells[c] for c in value_cols)]
    titles = [official.first_filled(cells) or "" for _n, cells in above
              if not any(cells[c] for c in value_cols)]
    title_measure, title_unit = _title_measure(titles)
    columns = _column_meanings(headers, value_cols, title_measure, title_unit)
    data_rows = set(data_at)
    block_period = _title_day(titles)
    records: list[tuple] = []
    for i in range(first, len(rows)):
        number, cells = rows[i]
        if i not in data_rows:
            found = [parse_period(c) for c in cells if c]
            if len(found) == 1 and found[0]:
                block_period = found[0]  # a date row above the data it belongs to
            continue
        row_period = parse_period(cells[period_col]) if period_col is not None else None
        key = _key_of(cells[key_col])
        region = cells[name_col] if name_col is not None else None
        for c in value_cols:
            measure, unit, column_period = columns[c]
            records.append((number, key, region, measure, unit,
                            column_period or row_period or block_period, cells[c] or None, None))
    context = [t for t in titles if t] + [name]
    return official.OfficialTable(name, source, statistic, official.long_frame(records),
                                  context=context)


def _key_column(rows: list[tuple[int, list[str]]]) -> int | None:
    """The column holding regional keys: where most rows have one among the first four."""
    votes: Counter[int] = Counter()
    for _n, cells in rows:
        for index, cell in enumerate(cells[:4]):
            if _key_of(cell) and any(cells[index + 1:]):
                votes[index] += 1
                break
    if not votes:
        return None
    return votes.most_common(1)[0][0]


def _title_measure(titles: list[str]) -> tuple[str | None, str | None]:
    """The measure and unit a title line names as "Bevölkerungsstand (Anzahl)"."""
    for line in reversed(titles):
        match = _MEASURE_LINE.match(line)
        if match and fold(match[2]) in UNITS and not _TITLE.match(line):
            return match[1].strip(), match[2].strip()
    return None, None


def _title_day(titles: list[str]) -> str | None:
    days = {p for line in titles for d in re.findall(r"\d{1,2}\.\d{1,2}\.\d{4}", line)
            if (p := parse_period(d))}
    return days.pop() if len(days) == 1 else None


def _column_meanings(headers: list[list[str]], value_cols: list[int], title_measure: str | None,
                     title_unit: str | None) -> dict[int, tuple[str, str | None, str | None]]:
    """Measure label, unit and period of each value column from the stacked header rows."""
    filled = []
    for depth, cells in enumerate(headers):
        cells = list(cells)
        if depth < len(headers) - 1:  # merged cells of upper rows: the left value repeats
            previous = ""
            for c in value_cols:
                cells[c] = cells[c] or previous
                previous = cells[c]
        filled.append(cells)
    part_rows = sum(1 for cells in filled if any(
        cells[c] and fold(cells[c]) not in UNITS | LABELS and parse_period(cells[c]) is None
        for c in value_cols))
    meanings = {}
    for c in value_cols:
        parts: list[str] = []
        unit, period = title_unit, None
        for cells in filled:
            text = cells[c]
            if not text or fold(text) in LABELS:
                continue
            if fold(text) in UNITS:
                unit = text
            elif (found := parse_period(text)) is not None:
                period = found
            elif text not in parts:
                parts.append(text)
        if title_measure and part_rows <= 1 and not any(
                fold(p) == fold(title_measure) for p in parts):
            parts.insert(0, title_measure)
        parts = [p for p in parts if fold(p) not in TOTAL_WORDS]
        meanings[c] = (SUBGROUP.join(parts) or title_measure or "Wert", unit, period)
    return meanings


# --- flat ffcsv ---------------------------------------------------------------------------------

def read_ffcsv(path: Path, data: bytes) -> official.OfficialTable:
    """One value per row; vectorised, since a national file of Gemeinden over many years
    holds hundreds of thousands of rows."""
    text, encoding = decode(data)
    first_line = text.split("\n", 1)[0]
    separator = ";" if first_line.count(";") >= first_line.count(",") else ","
    try:
        frame = pl.read_csv(io.BytesIO(text.encode("utf-8")), separator=separator,
                            infer_schema=False, quote_char='"', truncate_ragged_lines=True)
    except pl.exceptions.PolarsError as exc:
        raise SourceError("unreadable", str(exc).splitlines()[0]) from exc
    frame = frame.rename({c: c.strip().lower() for c in frame.columns})
    if "value" not in frame.columns or "time" not in frame.columns:
        raise SourceError("no_header")
    frame = frame.with_columns(pl.all().str.strip_chars()).with_columns(
        pl.when(pl.all() != "").then(pl.all())).with_row_index("_row", offset=2)

    def col(name: str) -> pl.Expr:
        return pl.col(name) if name in frame.columns else pl.lit(None, pl.String)

    numbered = sorted({int(m[1]) for c in frame.columns
                       if (m := re.match(r"^(\d+)_variable_code$", c))})
    region_before = pl.lit(False)
    keys, names, months, quarters, parts = [], [], [], [], []
    for n in numbered:
        code, label = col(f"{n}_variable_code"), col(f"{n}_variable_label")
        attribute, attribute_label = (col(f"{n}_variable_attribute_code"),
                                      col(f"{n}_variable_attribute_label"))
        pairs = frame.select(code.alias("c"), label.alias("l")).unique().rows()
        regional = {c for c, lab in pairs if c and _is_region_variable(c, lab or "")}
        is_region = (code.is_in(list(regional)) & attribute.str.contains(_KEY_TEXT)
                     .fill_null(False) & ~region_before)
        if any(c.upper() in _FFCSV_REGION_CODES or c.upper().startswith("GEO")
               for c in regional):
            is_region = code.is_in(list(regional)) & ~region_before
        month = attribute.str.extract(r"^MONAT(\d{2})$", 1)
        quarter = attribute.str.extract(r"^QUART(\d)$", 1)
        keys.append(pl.when(is_region).then(attribute))
        names.append(pl.when(is_region).then(attribute_label))
        months.append(pl.when(~is_region).then(month))
        quarters.append(pl.when(~is_region).then(quarter))
        total = attribute_label.str.to_lowercase().is_in(sorted(TOTAL_WORDS)).fill_null(False)
        parts.append(pl.when(~is_region & attribute.is_not_null() & month.is_null()
                             & quarter.is_null() & ~total)
                     .then(pl.coalesce(attribute_label, attribute)))
        region_before = region_before | is_region
    measure = pl.concat_str(
        [pl.coalesce(col("value_variable_label"), col("value_variable_code"), pl.lit("Wert")),
         *parts], separator=SUBGROUP, ignore_nulls=True)
    frame = frame.select(
        "_row", pl.coalesce(keys).alias("key") if keys else pl.lit(None, pl.String).alias("key"),
        pl.coalesce(names).alias("name") if names else pl.lit(None, pl.String).alias("name"),
        measure.alias("measure"), col("value_unit").alias("unit"), col("time").alias("time"),
        (pl.coalesce(months) if months else pl.lit(None, pl.String)).alias("_month"),
        (pl.coalesce(quarters) if quarters else pl.lit(None, pl.String)).alias("_quarter"),
        col("value").alias("value"), col("value_q").alias("status"),
        col("statistics_code").alias("_statistic"),
    )
    keys_found = {k: _key_of(k) or k for k in frame["key"].drop_nulls().unique().to_list()}
    periods = {t: parse_period(t) for t in frame["time"].drop_nulls().unique().to_list()}
    year = pl.col("time").str.slice(0, 4)
    frame = frame.with_columns(
        pl.col("key").replace_strict(keys_found, default=None, return_dtype=pl.String),
        pl.when(pl.col("_month").is_not_null()).then(pl.concat_str(year, pl.lit("-"), "_month"))
        .when(pl.col("_quarter").is_not_null()).then(pl.concat_str(year, pl.lit("-Q"), "_quarter"))
        .otherwise(pl.coalesce(pl.col("time").replace_strict(periods, default=None,
                                                             return_dtype=pl.String),
                               pl.col("time")))
        .alias("period"),
    )
    statistics = frame["_statistic"].drop_nulls().unique().to_list()
    rows = frame.select(
        pl.col("_row").cast(pl.Int64), "key", "name", "measure", "unit", "period", "value",
        "status")
    return official.OfficialTable(path.name, "genesis-ffcsv",
                                  statistics[0] if len(statistics) == 1 else "", rows,
                                  encoding=encoding, context=[path.stem])


def _is_region_variable(code: str, label: str) -> bool:
    """A variable whose attributes are regions: by its code (KREISE, DLAND, GEO…), or by a
    label naming a regional level (then only rows whose attribute is a key count)."""
    return (code.upper() in _FFCSV_REGION_CODES or code.upper().startswith("GEO")
            or any(w in fold(label) for w in _FFCSV_REGION_WORDS))
