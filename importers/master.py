"""Master data files: municipalities, rings with their members, and indicator definitions."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import polars as pl

from importers import columns, numbers
from importers.columns import fold
from importers.keys import MunicipalityMatcher, key_digits, with_lost_zero
from importers.periods import excel_day, parse_period
from importers.problems import Problem
from importers.source import RawTable
from store import periods as store_periods

KINDS = ("municipalities", "rings", "indicators")

CARRIERS = {
    **{fold(w): "zkT" for w in ("zkT", "zugelassener kommunaler Träger", "Optionskommune",
                                "kommunal", "OK", "kommunales Jobcenter")},
    **{fold(w): "gE" for w in ("gE", "gemeinsame Einrichtung", "ARGE", "Arbeitsgemeinschaft")},
}
DIRECTIONS = {
    **{fold(w): "up" for w in ("up", "hoch", "steigend", "höher ist besser", "höher besser",
                               "positiv", "aufwärts")},
    **{fold(w): "down" for w in ("down", "runter", "fallend", "niedriger ist besser",
                                 "niedriger besser", "negativ", "abwärts")},
    **{fold(w): "neutral" for w in ("neutral", "keine", "ohne Wertung")},
}
DIRECTION_SYMBOLS = {"↑": "up", "+": "up", "↓": "down", "-": "down", "–": "down", "=": "neutral",
                     "0": "neutral", "○": "neutral"}
INDICATOR_KINDS = {
    **{fold(w): "outcome" for w in ("outcome", "Kennzahl", "Ergebnis", "Zielkennzahl")},
    **{fold(w): "supplementary" for w in ("supplementary", "Ergänzungsgröße", "Ergänzung")},
    **{fold(w): "context" for w in ("context", "Rahmenbedingung", "Kontext", "Kontextgröße")},
    **{fold(w): "process" for w in ("process", "Prozess", "Prozesskennzahl", "Steuerung")},
}
AGGREGATIONS = {
    **{fold(w): "last" for w in ("last", "letzter", "letzter Monat", "Stand", "Bestand")},
    **{fold(w): "sum" for w in ("sum", "Summe", "Bewegung")},
    **{fold(w): "mean" for w in ("mean", "Mittelwert", "Durchschnitt")},
    **{fold(w): "pooled" for w in ("pooled", "gepoolt", "Quotient", "Zähler/Nenner")},
}

ROLES = {
    "municipalities": {
        "ags": columns.AGS, "name": columns.NAME, "kind": columns.KIND,
        "carrier": columns.CARRIER, "state": columns.STATE,
        "comparison_type": columns.COMPARISON_TYPE, "population": columns.POPULATION,
        "area_km2": columns.AREA, "settlement": columns.SETTLEMENT,
    },
    "rings": {
        "ring": columns.RING, "description": columns.DESCRIPTION, "ags": columns.AGS,
        "name": columns.NAME, "since": columns.SINCE, "until": columns.UNTIL,
    },
    "indicators": {
        "code": columns.CODE, "name": columns.INDICATOR_NAME, "short_name": columns.SHORT_NAME,
        "unit": columns.UNIT, "direction": columns.DIRECTION, "kind": columns.INDICATOR_KIND,
        "goal": columns.GOAL, "description": columns.DESCRIPTION,
        "numerator": columns.NUMERATOR, "denominator": columns.DENOMINATOR,
        "reading": columns.READING, "aggregation": columns.AGGREGATION,
        "min_value": columns.MIN_VALUE, "max_value": columns.MAX_VALUE,
        "decimals": columns.DECIMALS,
    },
}
NUMERIC = {"population": "integer", "area_km2": "number", "min_value": "number",
           "max_value": "number", "decimals": "integer"}
KEYS = {"municipalities": ["ags"], "rings": ["ring", "ags", "since"], "indicators": ["code"]}


def kind_of(headers: list[str]) -> str | None:
    """Which master data a header describes, or None for a figures file."""
    found = {role for role, i in columns.assign(headers, ROLES["indicators"]).items()}
    if {"code", "direction"} <= found:
        return "indicators"
    if columns.find(headers, columns.RING) is not None:
        return "rings"
    figure_words = columns.PERIOD | columns.VALUE | columns.INDICATOR
    if (columns.find(headers, columns.AGS) is not None
            and columns.find(headers, columns.CARRIER) is not None
            and columns.find(headers, figure_words) is None
            and not any(parse_period(h) for h in headers if h)):
        return "municipalities"
    return None


_INVALID = object()  # a cell that failed its check (already reported)


class _Bad(Exception):
    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason)
        self.reason, self.detail = reason, detail


@dataclass
class Checked:
    records: pl.DataFrame
    problems: list[Problem]


def check(kind: str, table: RawTable, matcher: MunicipalityMatcher,
          known_codes: set[str]) -> Checked:
    """Check every row of a master data table; master files are small, so this goes row by row."""
    roles = columns.assign(table.headers, ROLES[kind])
    problems: list[Problem] = []
    required = {"municipalities": ["ags", "name"], "rings": ["ring", "since"],
                "indicators": ["code"]}[kind]
    if kind == "rings" and "ags" not in roles and "name" not in roles:
        required = [*required, "ags"]
    for role in required:
        if role not in roles:
            problems.append(Problem(table.name, table.header_row or None, None, None,
                                    "missing_column", role))
    if problems:
        return Checked(pl.DataFrame(), problems)
    how = numbers.convention(table.cells, [f"c{roles[r]}" for r in NUMERIC if r in roles],
                             table.fmt)
    cells = table.cells
    for role, index in roles.items():
        if role in NUMERIC:
            cells = numbers.parse(cells, f"c{index}", how, f"_n{index}_")
    parsers = _parsers(kind, table, matcher, known_codes)
    records: list[dict] = []
    seen: dict[tuple, int] = {}
    for row in cells.iter_rows(named=True):
        record: dict[str, object] = {"_row": row["_row"]}
        for role, index in roles.items():
            raw = row[f"c{index}"]
            try:
                if raw is None:
                    record[role] = None
                elif role in NUMERIC:
                    record[role] = _number(raw, row[f"_n{index}_value"], NUMERIC[role])
                else:
                    record[role] = parsers.get(role, _text)(raw)
            except _Bad as bad:
                problems.append(Problem(table.name, row["_row"], table.headers[index], raw,
                                        bad.reason, bad.detail))
                record[role] = _INVALID
        _complete(kind, record, roles, row, table, matcher, known_codes, problems)
        key = tuple(record.get(k) for k in KEYS[kind])
        if _INVALID not in record.values() and None not in key:
            if key in seen:
                column = table.headers[roles[KEYS[kind][-1]]] if KEYS[kind][-1] in roles else None
                problems.append(Problem(table.name, row["_row"], column, " ".join(map(str, key)),
                                        "duplicate", str(seen[key])))
            seen.setdefault(key, row["_row"])
        records.append(record)
    return Checked(_frame(kind, records), problems)


def _complete(kind: str, record: dict, roles: dict[str, int], row: dict, table: RawTable,
              matcher: MunicipalityMatcher, known_codes: set[str], problems: list[Problem]) -> None:
    """Checks across fields: required values, a membership's municipality and its dates."""

    def missing(role: str) -> None:
        column = table.headers[roles[role]] if role in roles else None
        problems.append(Problem(table.name, row["_row"], column, None, "missing_value", role))
        record[role] = _INVALID

    if kind == "municipalities":
        for role in ("ags", "name"):
            if record.get(role) is None:
                missing(role)
        if record.get("carrier") is None and record.get("ags") not in matcher.keys:
            missing("carrier")
    elif kind == "indicators":
        _check_definition(record, roles, row, table, problems)
        if record.get("code") is None:
            missing("code")
        elif record["code"] not in known_codes:
            for role in ("name", "direction", "kind"):
                if record.get(role) is None:
                    missing(role)
    else:
        if record.get("ring") is None:
            missing("ring")
        if record.get("since") is None:
            missing("since")
        ags, named = record.get("ags"), record.get("name")
        if isinstance(ags, str) and isinstance(named, str) and ags != named:
            problems.append(Problem(table.name, row["_row"], table.headers[roles["name"]],
                                    row[f"c{roles['name']}"], "name_mismatch",
                                    f"{ags} = {matcher.names.get(ags, ags)}"))
            record["name"] = _INVALID
        if record.get("ags") is None and record.get("name") not in (None, _INVALID):
            record["ags"] = record["name"]
        elif record.get("ags") is None and record.get("name") is None:
            missing("ags")
        since, until = record.get("since"), record.get("until")
        if isinstance(since, str) and isinstance(until, str) and until < since:
            problems.append(Problem(table.name, row["_row"], table.headers[roles["until"]],
                                    row[f"c{roles['until']}"], "bad_dates_order", since))


MAX_DECIMALS = 6  # more places than any official figure has; the display needs a bound


def _check_definition(record: dict, roles: dict[str, int], row: dict, table: RawTable,
                      problems: list[Problem]) -> None:
    """Decimals between 0 and MAX_DECIMALS; a minimum not above the maximum."""
    def refuse(role: str, reason: str, detail: str) -> None:
        problems.append(Problem(table.name, row["_row"], table.headers[roles[role]],
                                row[f"c{roles[role]}"], reason, detail))
        record[role] = _INVALID

    decimals = record.get("decimals")
    if isinstance(decimals, int) and decimals > MAX_DECIMALS:
        refuse("decimals", "bad_decimals", str(MAX_DECIMALS))
    low, high = record.get("min_value"), record.get("max_value")
    if isinstance(low, float | int) and isinstance(high, float | int) and low > high:
        refuse("min_value", "bad_range", row[f"c{roles['max_value']}"] or "")


def _parsers(kind: str, table: RawTable, matcher: MunicipalityMatcher,
             known_codes: set[str]) -> dict[str, Callable[[str], object]]:
    excel = table.fmt == "excel"
    if kind == "municipalities":
        return {"ags": _ags, "carrier": _choice(CARRIERS, "bad_carrier")}
    if kind == "rings":
        def municipality(text: str) -> str:
            ags, candidates = matcher.match(text)
            if ags is None:
                raise _Bad("ambiguous_municipality" if candidates else "unknown_municipality",
                           "|".join(candidates))
            return ags
        return {"ags": municipality, "name": municipality,
                "since": lambda t: _date(t, excel, end=False),
                "until": lambda t: _date(t, excel, end=True)}
    return {"direction": _direction, "kind": _choice(INDICATOR_KINDS, "bad_kind"),
            "aggregation": _choice(AGGREGATIONS, "bad_aggregation")}


def _text(raw: str) -> str:
    return raw


def _choice(mapping: dict[str, str], reason: str) -> Callable[[str], str]:
    def pick(raw: str) -> str:
        if fold(raw) in mapping:
            return mapping[fold(raw)]
        raise _Bad(reason)
    return pick


def _direction(raw: str) -> str:
    if raw.strip() in DIRECTION_SYMBOLS:
        return DIRECTION_SYMBOLS[raw.strip()]
    return _choice(DIRECTIONS, "bad_direction")(raw)


def _ags(raw: str) -> str:
    digits = key_digits(raw)
    if digits is None or not 2 <= len(digits) <= 12:
        raise _Bad("bad_ags")
    return with_lost_zero(digits)


def _number(raw: str, parsed: float | None, kind: str) -> float | int:
    if parsed is None:
        raise _Bad("bad_number" if kind == "number" else "bad_integer")
    if kind == "integer":
        if parsed != int(parsed) or parsed < 0:
            raise _Bad("bad_integer")
        return int(parsed)
    return parsed


def _date(raw: str, excel: bool, end: bool) -> str:
    """ISO date from 2015-01-01, 01.01.2015, a year, a period (its first or last day)
    or a spreadsheet date serial."""
    text = raw.strip()
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:[ T].*)?", text):
            return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        if m := re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text):
            return date(int(m[3]), int(m[2]), int(m[1])).isoformat()
        if excel and (day := excel_day(text)) is not None:
            return day.isoformat()
        if re.fullmatch(r"[12]\d{3}", text):
            return f"{text}-12-31" if end else f"{text}-01-01"
    except ValueError as exc:  # 31.02.2020
        raise _Bad("bad_date") from exc
    period = parse_period(text, excel)
    if period is None:
        raise _Bad("bad_date")
    day = store_periods.end_date(period) if end else store_periods.start_date(period)
    return day.isoformat()


SCHEMAS = {
    "municipalities": {
        "ags": pl.String, "name": pl.String, "kind": pl.String, "carrier": pl.String,
        "state": pl.String, "comparison_type": pl.String, "population": pl.Int64,
        "area_km2": pl.Float64, "settlement": pl.String,
    },
    "rings": {"ring": pl.String, "description": pl.String, "ags": pl.String, "since": pl.String,
              "until": pl.String},
    "indicators": {
        "code": pl.String, "name": pl.String, "short_name": pl.String, "unit": pl.String,
        "direction": pl.String, "kind": pl.String, "goal": pl.String, "description": pl.String,
        "numerator": pl.String, "denominator": pl.String, "reading": pl.String,
        "aggregation": pl.String, "min_value": pl.Float64, "max_value": pl.Float64,
        "decimals": pl.Int64,
    },
}


def range_against_stored(table: RawTable, records: pl.DataFrame,
                         catalogue: pl.DataFrame) -> list[Problem]:
    """A minimum or maximum given alone must fit the other bound already stored (an empty
    cell keeps the stored value)."""
    roles = columns.assign(table.headers, ROLES["indicators"])
    stored = catalogue.select("code", pl.col("min_value").alias("_min"),
                              pl.col("max_value").alias("_max"))
    joined = records.join(stored, on="code", how="inner")
    problems = []
    for row, low, high, old_low, old_high in joined.select(
            "_row", "min_value", "max_value", "_min", "_max").iter_rows():
        if low is not None and high is not None:
            continue  # both given: checked row by row already
        low_now = low if low is not None else old_low
        high_now = high if high is not None else old_high
        if low_now is None or high_now is None or low_now <= high_now:
            continue
        role, other = ("min_value", high_now) if low is not None else ("max_value", low_now)
        problems.append(Problem(table.name, row, table.headers[roles[role]],
                                fmt_number(low if low is not None else high),
                                "bad_range" if role == "min_value" else "bad_range_stored",
                                fmt_number(other)))
    return problems


def fmt_number(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def ring_case_problems(table: RawTable, records: pl.DataFrame,
                       stored: list[str]) -> list[Problem]:
    """Ring names that differ from a stored one, or from another in the file, only in
    case ("Nord" and "NORD"): two rings no one could tell apart by name."""
    column = table.headers[columns.assign(table.headers, ROLES["rings"])["ring"]]
    seen = {name.casefold(): name for name in stored}
    problems = []
    for row, name in records.select("_row", "ring").iter_rows():
        if name is None:
            continue
        other = seen.setdefault(name.casefold(), name)
        if other != name:
            problems.append(Problem(table.name, row, column, name, "ring_case", other))
    return problems


def _frame(kind: str, records: list[dict]) -> pl.DataFrame:
    schema = {**SCHEMAS[kind], "_row": pl.Int64}
    clean = [{c: (None if r.get(c) is _INVALID else r.get(c)) for c in schema} for r in records]
    return pl.DataFrame(clean, schema=schema, orient="row") if clean else pl.DataFrame(schema=schema)
