"""Check figures in long form and turn them into typed, keyed rows ready for the store."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import numpy as np
import polars as pl

from importers import numbers
from importers.keys import IndicatorMatcher, MunicipalityMatcher
from importers.layouts import Shape
from importers.periods import parse_period
from importers.problems import problem_frame
from importers.source import RawTable

RECORD_SCHEMA = {
    "ags": pl.String, "indicator_code": pl.String, "period": pl.String, "value": pl.Float64,
    "numerator": pl.Float64, "denominator": pl.Float64, "status": pl.String, "_row": pl.Int64,
}
KEY = ["_ags", "_indicator", "_period"]
CHECK_ROWS = 50_000
FIRST_ROWS = 10_000


@dataclass
class Checked:
    records: pl.DataFrame  # empty when they were handed to `on_part` instead
    problems: list[pl.DataFrame]
    skipped: int  # cells without any content
    convention: str
    precision: pl.DataFrame | None = None  # _decimals, _explicit of each record
    rows: int = 0  # records found, kept or handed on


def check(long: pl.DataFrame, table: RawTable, shape: Shape, municipalities: MunicipalityMatcher,
          indicators: IndicatorMatcher, ranges: pl.DataFrame,
          period_parser: Callable[[str], str | None] | None = None,
          on_part: Callable[[pl.DataFrame], None] | None = None,
          on_problem: Callable[[], None] | None = None) -> Checked:
    """Parse numbers, resolve keys, and find every problem; vectorised over all rows.
    `period_parser` replaces the ordinary period reading (official files hold annual forms).

    Rows are checked in parts of CHECK_ROWS: the twenty working columns of a million-row
    file at once would take several times the memory of the file itself. With `on_part`,
    each part's records (with their precision columns) are handed on as soon as they are
    checked, as long as no problem has been found, and not kept: a writer can store them
    while the rest is checked; `on_problem` hears of the first problem at once. Repeated
    keys are only known at the end."""
    header = {role: table.headers[i] for role, i in shape.roles.items()}
    how = numbers.convention(long, ["value", "numerator", "denominator"], table.fmt)
    empty = pl.all_horizontal(pl.col(c).is_null() for c in ("value", "numerator", "denominator",
                                                            "status"))
    skipped = long.select(empty.sum()).item()
    parse_cell = period_parser or (lambda t: parse_period(t, table.fmt == "excel"))
    check_part = partial(_check_part, header=header, how=how, municipalities=municipalities,
                         indicators=indicators, ranges=ranges, parse_cell=parse_cell)
    parts, rows, clean = [], 0, True
    # A small first part: a writer waiting for it starts sooner.
    bounds = [0, *range(min(FIRST_ROWS, CHECK_ROWS), max(long.height, 1), CHECK_ROWS)]
    for offset, end in zip(bounds, [*bounds[1:], max(long.height, 1)], strict=True):
        part = check_part(long.slice(offset, end - offset).filter(~empty))
        rows += part[0].height
        was_clean, clean = clean, clean and not any(p.height for p in part[2])
        if was_clean and not clean and on_problem is not None:
            on_problem()
        if on_part is not None:
            if clean:
                on_part(pl.concat([part[0], part[1]], how="horizontal"))
            part = (part[0].clear(), part[1].clear(), *part[2:])
        parts.append(part)
    problems = [pl.concat(kind, how="vertical_relaxed") for kind in zip(*(p[2] for p in parts),
                                                                        strict=True)]
    # Keys are kept as hashes; only rows whose hash repeats are checked again for their keys.
    suspects = _repeated_rows([p[3] for p in parts])
    again = check_part(long.filter(~empty & pl.col("_row").is_in(suspects)), exact_keys=True)[3]
    problems.append(_duplicates(again))
    if clean and problems[-1].height and on_problem is not None:
        on_problem()
    records = pl.concat([p[0] for p in parts])
    precision = None if on_part is not None else pl.concat([p[1] for p in parts])
    return Checked(records, problems, skipped, how, precision, rows)


def _check_part(frame: pl.DataFrame, header: dict[str, str], how: str,
                municipalities: MunicipalityMatcher, indicators: IndicatorMatcher,
                ranges: pl.DataFrame, parse_cell: Callable[[str], str | None],
                exact_keys: bool = False
                ) -> tuple[pl.DataFrame, pl.DataFrame, list[pl.DataFrame], pl.DataFrame]:
    """(records, their precision, problems by kind, keys for the duplicate check) of some
    rows. The keys are a hash and the row of each keyed record (a few bytes a row, kept
    for the whole file); with `exact_keys` the keys themselves and the column."""
    frame = numbers.parse(frame, "value", how, "_v_")
    frame = numbers.parse(frame, "numerator", how, "_n_")
    frame = numbers.parse(frame, "denominator", how, "_d_")
    frame = frame.with_columns(
        *_municipality(frame, "ags", municipalities, ("_by_ags", "_ags_choices")),
        *_municipality(frame.filter(pl.col("ags").is_null()), "name", municipalities,
                       ("_by_name", "_name_choices")),
        _indicator=numbers.map_distinct(frame, "indicator", indicators.match, pl.String),
        _period=numbers.map_distinct(frame, "period", parse_cell, pl.String),
        _status=numbers.map_distinct(frame, "status", numbers.status_word, pl.String),
    )
    frame = frame.with_columns(
        _ags=pl.when(pl.col("ags").is_not_null()).then("_by_ags").otherwise("_by_name"),
    )
    problems = _key_problems(frame, header)
    problems.append(_name_mismatches(frame, municipalities, header.get("name")))
    problems += [
        problem_frame(frame, pl.col("_v_bad"), "bad_number", pl.col("value"), pl.col("_col")),
        problem_frame(frame, pl.col("_n_bad"), "bad_number", pl.col("numerator"),
                      header.get("numerator")),
        problem_frame(frame, pl.col("_d_bad"), "bad_number", pl.col("denominator"),
                      header.get("denominator")),
        problem_frame(frame, pl.col("status").is_not_null() & pl.col("_status").is_null(),
                      "bad_status", pl.col("status"), header.get("status")),
    ]
    status = (
        pl.when(pl.col("_v_symbol").is_not_null()).then("_v_symbol")
        .when(pl.col("_status").is_not_null()).then("_status")
        .when(pl.col("_v_flag").is_not_null()).then("_v_flag")
        .otherwise(pl.lit("final"))
    )
    frame = frame.with_columns(status=status).with_columns(
        status=pl.when(pl.col("_v_value").is_null() & ~pl.col("status").is_in(
            ["missing", "confidential"])).then(pl.lit("missing")).otherwise("status")
    )
    frame = frame.join(ranges, left_on="_indicator", right_on="code", how="left")
    outside = (pl.col("_v_value") < pl.col("min_value")) | (pl.col("_v_value") > pl.col("max_value"))
    limits = pl.concat_str(pl.col("min_value").cast(pl.String).fill_null(""), pl.lit("|"),
                           pl.col("max_value").cast(pl.String).fill_null(""))
    problems.append(problem_frame(frame, outside.fill_null(False), "out_of_range",
                                  pl.col("value"), pl.col("_col"), limits))
    records = frame.select(
        pl.col("_ags").alias("ags"), pl.col("_indicator").alias("indicator_code"),
        pl.col("_period").alias("period"), pl.col("_v_value").alias("value"),
        pl.col("_n_value").alias("numerator"), pl.col("_d_value").alias("denominator"), "status",
        "_row",
    )
    # Row for row beside the records: the precision each value was written with.
    precision = frame.select(
        _decimals(how),
        pl.any_horizontal(pl.col(c).is_not_null() for c in ("_status", "_v_flag", "_v_symbol"))
        .alias("_explicit"),
    )
    keyed = frame.filter(pl.all_horizontal(pl.col(k).is_not_null() for k in KEY))
    keys = (keyed.select(*KEY, "_row", "_col") if exact_keys
            else keyed.select(pl.struct(KEY).hash().alias("_hash"), "_row"))
    return records, precision, problems, keys


def _decimals(how: str) -> pl.Expr:
    """How many decimals the value cell was written with (its precision); null for
    spreadsheet numbers and exponents, which are compared exactly."""
    separator = "," if how == "de" else "\\."
    digits = pl.col("value").str.extract(f"{separator}([0-9]+)\\s*%?\\s*[prsPRS]?$", 1)
    plain = pl.col("value").str.contains("[eE]").not_() & pl.lit(how != "machine")
    return (pl.when(plain).then(digits.str.len_chars().fill_null(0)).cast(pl.Int64)
            .alias("_decimals"))


def _repeated_rows(keys: list[pl.DataFrame]) -> list[int]:
    """The rows whose key hash occurs more than once. Sorting the hashes (numpy) takes a
    fifth of the memory of a hash table over them (polars' is_duplicated)."""
    hashes = np.concatenate([k["_hash"].to_numpy() for k in keys])
    ordered = np.sort(hashes)
    repeated = ordered[1:][ordered[1:] == ordered[:-1]]
    del ordered
    if not len(repeated):
        return []
    rows = np.concatenate([k["_row"].to_numpy() for k in keys])
    return rows[np.isin(hashes, repeated)].tolist()


def _duplicates(suspects: pl.DataFrame) -> pl.DataFrame:
    """Rows repeating the key of an earlier row, among the rows whose key hash repeats."""
    suspects = suspects.with_columns(_first=pl.col("_row").min().over(KEY))
    return problem_frame(
        suspects, pl.col("_row") != pl.col("_first"), "duplicate",
        pl.concat_str(pl.col("_ags"), pl.lit(" "), pl.col("_indicator"), pl.lit(" "),
                      pl.col("_period")),
        pl.col("_col"), pl.col("_first").cast(pl.String),
    )


def _municipality(frame: pl.DataFrame, column: str, matcher: MunicipalityMatcher,
                  names: tuple[str, str]) -> list[pl.Expr]:
    """The matched AGS of each cell, and the candidates of an ambiguous one ("a|b").
    Names are only looked up where the key column is empty, so the caller passes the
    rows that matter; the expressions still cover the whole column."""
    values = frame.get_column(column).drop_nulls().unique().to_list()
    found = {value: matcher.match(value) for value in values}
    keys = {value: ags for value, (ags, _c) in found.items()}
    choices = {value: "|".join(c) or None for value, (_a, c) in found.items()}
    return [
        pl.col(column).replace_strict(keys, default=None, return_dtype=pl.String).alias(names[0]),
        pl.col(column).replace_strict(choices, default=None, return_dtype=pl.String)
        .alias(names[1]),
    ]


def _name_mismatches(frame: pl.DataFrame, matcher: MunicipalityMatcher,
                     column: str | None) -> pl.DataFrame:
    """Rows whose name column names another municipality than their AGS: the file is
    mixed up somewhere, and storing the figures against the AGS would hide it."""
    pairs = frame.filter(pl.col("_by_ags").is_not_null() & pl.col("name").is_not_null())
    pairs = pairs.select("_by_ags", "name").unique()
    wrong = {(ags, name): f"{ags} = {matcher.names.get(ags, ags)}"
             for ags, name in pairs.iter_rows() if matcher.disagrees(ags, name)}
    if not wrong:
        return problem_frame(frame, pl.lit(False), "name_mismatch", pl.col("name"), column)
    keys = pl.concat_str(pl.col("_by_ags"), pl.lit("\0"), pl.col("name"))
    details = {f"{a}\0{n}": d for (a, n), d in wrong.items()}
    detail = keys.replace_strict(details, default=None, return_dtype=pl.String)
    return problem_frame(frame, detail.is_not_null(), "name_mismatch", pl.col("name"), column,
                         detail)


def _key_problems(frame: pl.DataFrame, header: dict[str, str]) -> list[pl.DataFrame]:
    ags, name = pl.col("ags"), pl.col("name")
    by_ags_failed = ags.is_not_null() & pl.col("_by_ags").is_null()
    by_name_failed = ags.is_null() & name.is_not_null() & pl.col("_by_name").is_null()
    ambiguous = pl.col("_name_choices").is_not_null()
    key_column = header.get("ags", header.get("name"))
    return [
        problem_frame(frame, by_ags_failed & pl.col("_ags_choices").is_null(),
                      "unknown_municipality", ags, header.get("ags")),
        problem_frame(frame, by_ags_failed & pl.col("_ags_choices").is_not_null(),
                      "ambiguous_municipality", ags, header.get("ags"), pl.col("_ags_choices")),
        problem_frame(frame, by_name_failed & ~ambiguous, "unknown_municipality", name,
                      header.get("name")),
        problem_frame(frame, by_name_failed & ambiguous, "ambiguous_municipality", name,
                      header.get("name"), pl.col("_name_choices")),
        problem_frame(frame, ags.is_null() & name.is_null(), "missing_value", pl.lit(None),
                      key_column),
        problem_frame(frame, pl.col("indicator").is_not_null()
                      & pl.col("_indicator").is_null(), "unknown_indicator",
                      pl.col("indicator"), header.get("indicator")),
        problem_frame(frame, pl.col("indicator").is_null(), "missing_value", pl.lit(None),
                      header.get("indicator")),
        problem_frame(frame, pl.col("period").is_not_null() & pl.col("_period").is_null(),
                      "bad_period", pl.col("period"), header.get("period")),
        problem_frame(frame, pl.col("period").is_null(), "missing_value", pl.lit(None),
                      header.get("period")),
    ]
