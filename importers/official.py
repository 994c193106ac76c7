"""Official statistics downloads (GENESIS, BA): recognise them and turn them into checked figures.

Each format family has its own module (genesis, ba) that reads a file into an `OfficialTable`:
one row per region × measure × period with the value as text. This module resolves measures
to indicators, sorts regions into Kreise of the database and rows to skip (aggregates,
Kreise not in the database, dissolved keys), and hands the rest to `figures.check` as a
long table, so problems, dry run and the all-or-nothing write are the ordinary ones.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

import polars as pl

from importers import figures, numbers
from importers.keys import IndicatorMatcher, MunicipalityMatcher, key_digits, with_lost_zero
from importers.layouts import Shape
from importers.measures import (
    Mappings,
    catalogue_names,
    measure_key,
    parse_given,
    statistic_of,
)
from importers.periods import parse_official_period
from importers.problems import Problem, SourceError
from importers.source import RawTable, decode
from store.mappings import Mapping, NewIndicator

# The long form every official reader produces (all text; `_row` the file's row number).
LONG_SCHEMA = {
    "_row": pl.Int64, "key": pl.String, "name": pl.String, "measure": pl.String,
    "unit": pl.String, "period": pl.String, "value": pl.String, "status": pl.String,
}
# How the long table is shown and which headers its problems name.
HEADERS = ["Regionalschlüssel", "Name", "Kennzahl", "Zeit", "Wert", "Status"]
_ROLES = {"ags": 0, "name": 1, "indicator": 2, "period": 3, "value": 4, "status": 5}
_FOOTER = re.compile(r"^\s*_{5,}")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SYMBOLS_ONLY = set(numbers.SYMBOL_STATUS)


@dataclass
class OfficialTable:
    """An official download read into long rows (see LONG_SCHEMA)."""

    name: str
    source: str                 # genesis-csv, genesis-ffcsv, genesis-xlsx, ba-csv
    statistic: str              # table or statistic code ("13211-02-05-4"), "" if none
    rows: pl.DataFrame
    fmt: str = "csv"            # csv or excel: how numbers are written
    encoding: str | None = None
    sheet: str | None = None
    context: list[str] = field(default_factory=list)


@dataclass
class Regions:
    """Rows not imported because of their region, counted for the summary."""

    aggregates: int = 0   # Deutschland, Länder, Regierungsbezirke, other levels
    unknown: int = 0      # Kreise not in the database
    dissolved: int = 0    # keys not in the database with only symbols (no figures)
    unknown_keys: list[str] = field(default_factory=list)


@dataclass
class Converted:
    table: RawTable
    shape: Shape
    long: pl.DataFrame
    regions: Regions
    measures: list[str]       # every measure in the file
    unmapped: list[str]       # measures without an indicator (ignored)
    mapped: dict[str, str]    # measure -> indicator code


# --- reading helpers shared by the format modules -------------------------------------------

def text_grid(data: bytes, separator: str = ";") -> tuple[list[tuple[int, list[str]]], str]:
    """The rows of a CSV file as (line number, cells), up to a `_____` footer line;
    cells trimmed, control characters removed."""
    text, encoding = decode(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    cut = next((i for i, line in enumerate(lines) if _FOOTER.match(line)), len(lines))
    body = "\n".join(lines[:cut])
    reader = csv.reader(io.StringIO(body), delimiter=separator)
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for record in reader:
            rows.append((start, [clean(c) for c in record]))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise SourceError("unreadable", str(exc), start) from exc
    return rows, encoding


def excel_grid(data: bytes, sheet: str | None, wanted) -> tuple[list[tuple[int, list[str]]], str]:
    """The rows of the first sheet for which `wanted(first rows)` holds (or the named
    sheet), as (sheet row, cells) up to a `_____` footer row."""
    import fastexcel

    try:
        names = fastexcel.read_excel(data).sheet_names
    except Exception as exc:  # fastexcel raises its own error types for broken files
        raise SourceError("unreadable", str(exc).splitlines()[0] if str(exc) else "") from exc
    candidates = names
    if sheet is not None:
        if sheet in names:
            candidates = [sheet]
        elif sheet.isdigit() and 1 <= int(sheet) <= len(names):
            candidates = [names[int(sheet) - 1]]
        else:
            raise SourceError("sheet_not_found", "|".join(names))
    for name in candidates:
        # The first rows tell whether this is the sheet: a large workbook of another kind
        # is not read in full.
        if not wanted(_sheet_rows(data, name, 40)):
            continue
        rows = _sheet_rows(data, name, None)
        cut = next((i for i, (_n, cells) in enumerate(rows)
                    if cells and _FOOTER.match(first_filled(cells) or "")), len(rows))
        return rows[:cut], name
    return [], ""


def _sheet_rows(data: bytes, name: str, limit: int | None) -> list[tuple[int, list[str]]]:
    options: dict = {"skip_rows": 0}
    if limit is not None:
        options["n_rows"] = limit
    try:
        frame = pl.read_excel(
            data, sheet_name=name, engine="calamine", has_header=False,
            infer_schema_length=0, drop_empty_rows=False, drop_empty_cols=False,
            read_options=options,
        )
    except Exception:  # an empty or chart sheet: nothing to find there
        return []
    frame = frame.select(pl.all().cast(pl.String))
    return [(i + 1, [clean(c) for c in row]) for i, row in enumerate(frame.rows())]


def clean(cell: object) -> str:
    if cell is None:
        return ""
    text = _CONTROL.sub(" ", str(cell)).replace("\xa0", " ")
    return text.strip()


def first_filled(cells: list[str]) -> str | None:
    return next((c for c in cells if c), None)


def long_frame(records: list[tuple]) -> pl.DataFrame:
    return pl.DataFrame(records, schema=LONG_SCHEMA, orient="row")


# --- regions ----------------------------------------------------------------------------------

def region_key(text: str | None) -> str | None:
    """A regional key as digits ("DG" for Germany), with a spreadsheet's lost zero restored."""
    if text is None:
        return None
    if text.strip().upper() in ("DG", "D", "DE"):
        return "DG"
    digits = key_digits(text)
    return with_lost_zero(digits) if digits else None


def level(key: str) -> str:
    """Which kind of area a key names: aggregate (Germany, Land, Regierungsbezirk),
    kreis (5 digits) or other (Gemeinden, Verbände)."""
    if key == "DG" or len(key) in (2, 3):
        return "aggregate"
    return "kreis" if len(key) == 5 else "other"


def sort_regions(rows: pl.DataFrame, matcher: MunicipalityMatcher) -> tuple[pl.DataFrame, Regions]:
    """Keep the rows of regions in the database; count the others by why they are skipped.
    Counts are of regions (distinct keys), not of cells."""
    regions = Regions()
    keys = rows["key"].unique().to_list()
    resolved: dict[str, str] = {}
    symbols_only = set(
        rows.group_by("key").agg(
            pl.col("value").is_null().or_(pl.col("value").is_in(list(_SYMBOLS_ONLY))).all()
            .alias("empty")
        ).filter(pl.col("empty"))["key"].to_list()
    )
    for raw in keys:
        key = region_key(raw)
        if key is None:
            continue  # not a key at all: figures.check reports it
        if key in matcher.keys:
            resolved[raw] = key
            continue
        if len(key) == 8 and key.endswith("000") and key[:5] in matcher.keys:
            resolved[raw] = key[:5]  # a kreisfreie Stadt written as its Gemeinde
            continue
        kind = level(key)
        if kind == "aggregate" or kind == "other":
            regions.aggregates += 1
        elif raw in symbols_only:
            regions.dissolved += 1
        else:
            regions.unknown += 1
            regions.unknown_keys.append(key)
        resolved[raw] = ""
    kept = rows.with_columns(
        pl.col("key").replace_strict(resolved, default=pl.col("key"), return_dtype=pl.String)
    ).filter(pl.col("key") != "")
    return kept, regions


# --- conversion into the ordinary figures check -------------------------------------------------

def convert(official: OfficialTable, matcher: MunicipalityMatcher, mappings: Mappings
            ) -> Converted:
    """Map measures to indicators, drop regions that are not imported, and shape the rest
    as the long table `figures.check` expects."""
    rows = official.rows
    measures = rows["measure"].unique(maintain_order=True).to_list()
    mapped = {m: code for m in measures if (code := mappings.code_for(official.statistic, m))}
    unmapped = [m for m in measures if m not in mapped]
    rows = rows.filter(pl.col("measure").is_in(list(mapped)))
    kept, regions = sort_regions(rows, matcher)
    kept = kept.with_columns(
        pl.col("measure").replace_strict(mapped, return_dtype=pl.String).alias("indicator"),
    )
    cells = kept.select(
        pl.col("key").alias("c0"), pl.col("name").alias("c1"), pl.col("indicator").alias("c2"),
        pl.col("period").alias("c3"), pl.col("value").alias("c4"), pl.col("status").alias("c5"),
        "_row",
    )
    table = RawTable(official.name, cells, list(HEADERS), 0, official.context,
                     encoding=official.encoding, sheet=official.sheet, fmt=official.fmt)
    shape = Shape("long", dict(_ROLES))
    long = kept.select(
        "_row", pl.col("measure").alias("_col"), pl.col("key").alias("ags"), "name",
        "indicator", "period", "value", pl.lit(None, pl.String).alias("numerator"),
        pl.lit(None, pl.String).alias("denominator"), "status",
    )
    return Converted(table, shape, long, regions, measures, unmapped, mapped)


def check(converted: Converted, matcher: MunicipalityMatcher, catalogue: pl.DataFrame
          ) -> figures.Checked:
    ranges = catalogue.select("code", "min_value", "max_value")
    return figures.check(converted.long, converted.table, converted.shape, matcher,
                         IndicatorMatcher(catalogue), ranges, period_parser=parse_official_period)


@dataclass
class Result:
    """An official table checked: what pipeline.Prepared needs to show and write it."""

    table: RawTable | None = None
    shape: Shape | None = None
    checked: figures.Checked | None = None
    regions: Regions | None = None
    unmapped: list[str] = field(default_factory=list)
    mapped: dict[str, str] = field(default_factory=dict)
    remember: list[Mapping] = field(default_factory=list)
    new: list[NewIndicator] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def check_table(official: OfficialTable, given_texts: list[str],
                remembered: dict[tuple[str, str], str], matcher: MunicipalityMatcher,
                catalogue: pl.DataFrame) -> Result:
    """Resolve measures, sort regions and check the figures of one official table."""
    result = Result()
    given, bad = parse_given(given_texts)
    result.problems += [Problem(official.name, None, None, text, "bad_mapping") for text in bad]
    known = set(catalogue["code"].to_list())
    units = dict(official.rows.select("measure", "unit").unique("measure").iter_rows())
    labels = {measure_key(m): m for m in official.rows["measure"].unique().to_list()}
    for key, code in list(given.items()):
        plain = code.lstrip("+")
        if key in labels:
            if code.startswith("+") and plain not in known:
                unit = units.get(labels[key]) or ""
                result.new.append(NewIndicator(plain, labels[key], unit,
                                               0 if measure_key(unit) in ("anzahl", "personen")
                                               else 1))
            elif plain not in known:
                result.problems.append(Problem(official.name, None, None, f"{labels[key]}={code}",
                                               "unknown_mapping_indicator", plain))
                continue
            result.remember.append(Mapping(statistic_of(official.statistic), key, labels[key],
                                           plain))
        given[key] = plain
    if result.new:
        extra = pl.DataFrame(
            [{"code": n.code, "name": n.name, "short_name": n.name, "min_value": None,
              "max_value": None} for n in result.new],
            schema={"code": pl.String, "name": pl.String, "short_name": pl.String,
                    "min_value": pl.Float64, "max_value": pl.Float64},
        )
        catalogue = pl.concat([catalogue.select(extra.columns), extra])
    mappings = Mappings(remembered, {k: v for k, v in given.items() if k in labels
                                     and (v in known or v in {n.code for n in result.new})},
                        catalogue_names(catalogue["code"].to_list(),
                                        catalogue["name"].to_list()))
    converted = convert(official, matcher, mappings)
    result.regions, result.unmapped, result.mapped = (converted.regions, converted.unmapped,
                                                     converted.mapped)
    result.table, result.shape = converted.table, converted.shape
    if not converted.mapped:
        result.problems.append(Problem(official.name, None, None, None, "no_mapping",
                                       "|".join(converted.unmapped)))
        return result
    if result.problems:
        return result
    result.checked = check(converted, matcher, catalogue)
    return result
