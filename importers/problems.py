"""Problems found while reading or checking a file: where (file, row, column), what and why."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

# Reason codes; the interface words them (kit/texts/imports.py). `detail` carries a
# language-neutral hint whose meaning depends on the reason (see REASON_DETAILS).
REASONS = (
    "unreadable",            # detail: the operating system's message
    "empty",                 # no data rows
    "no_header",             # no header line recognised
    "sheet_not_found",       # detail: the sheets that exist, separated by "|"
    "layout_unknown",        # detail: the header cells, separated by "|"
    "layout_ambiguous",      # both period and indicator columns
    "layout_mismatch",       # a forced layout lacks a column role; detail: the role
    "missing_column",        # detail: the role (municipality, indicator, period, value, ...)
    "unknown_column",        # a wide layout has a column that is neither key nor figure
    "duplicate_column",      # detail: the column it repeats
    "indicator_not_given",   # wide by period: no indicator column and none in the title
    "period_not_given",      # wide by indicator: no period column and none in the title
    "missing_value",         # a required cell is empty
    "unknown_municipality",
    "ambiguous_municipality",  # detail: the matching keys, separated by "|"
    "unknown_indicator",
    "bad_number",
    "no_mapping",            # official table: no measure maps to an indicator; detail: measures "|"
    "no_known_region",       # official table: no row for a Kreis of the database; detail: count
    "bad_mapping",           # a "Merkmal=CODE" text that is no such pair
    "unknown_mapping_indicator",  # a mapping names an unknown indicator; detail: the code
    "bad_integer",
    "bad_period",
    "bad_status",
    "bad_date",
    "bad_dates_order",       # until before since
    "bad_ags",
    "bad_carrier",
    "bad_direction",
    "bad_kind",
    "bad_aggregation",
    "duplicate",             # detail: the row where the key came first
    "out_of_range",          # detail: "min|max" (either may be empty)
    "bad_decimals",          # detail: the largest number of decimals allowed
    "bad_range",             # an indicator's minimum above its maximum; detail: the maximum
    "not_regular",           # a FIFO, device or directory: never opened
    "too_large",             # detail: the limit
    "too_large_unpacked",    # a workbook whose parts unpack beyond the limit; detail: it
    "cell_too_large",        # detail: the most characters a cell may have
    "too_many_columns",      # a line with more fields than any table has; detail: the limit
    "too_many_rows",         # detail: the limit
    "name_mismatch",         # the name names another municipality; detail: "AGS = its name"
    "mixed_encoding",        # UTF-8 and other lines in one file; row: the first other line
    "unknown_ring",          # a collection template names a ring the database lacks
    "template_changed",      # a template's member, quarter or key no longer fit together
    "not_member",            # a template's member is no ring member then; detail: the ring
    "wrong_period",          # a template for another quarter than asked for; detail: that one
    "bad_range_stored",      # a maximum below the stored minimum; detail: that minimum
    "ring_case",             # a ring name differing from another only in case; detail: it
)

PROBLEM_SCHEMA = {
    "row": pl.Int64, "column": pl.String, "value": pl.String, "reason": pl.String,
    "detail": pl.String,
}


@dataclass(frozen=True)
class Problem:
    """One reason why a file cannot be imported. `row` is the line (CSV) or sheet row
    (Excel) counted from 1 as a spreadsheet program shows it; None for the whole file."""

    file: str
    row: int | None
    column: str | None
    value: str | None
    reason: str
    detail: str = ""

    def __post_init__(self) -> None:
        assert self.reason in REASONS, self.reason


class SourceError(Exception):
    """Raised while reading when the file as a whole cannot be used."""

    def __init__(self, reason: str, detail: str = "", row: int | None = None) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail
        self.row = row




def problem_frame(
    frame: pl.DataFrame,
    mask: pl.Expr,
    reason: str,
    value: pl.Expr,
    column: pl.Expr | str | None,
    detail: pl.Expr | str = "",
) -> pl.DataFrame:
    """The rows of `frame` where `mask` holds, as problems (vectorised, one per row).
    `frame` needs a `_row` column; `column` is an expression or a fixed column name."""
    assert reason in REASONS, reason
    column_expr = column if isinstance(column, pl.Expr) else pl.lit(column, pl.String)
    detail_expr = detail if isinstance(detail, pl.Expr) else pl.lit(detail, pl.String)
    return frame.filter(mask).select(
        pl.col("_row").cast(pl.Int64).alias("row"),
        column_expr.cast(pl.String).alias("column"),
        value.cast(pl.String).alias("value"),
        pl.lit(reason, pl.String).alias("reason"),
        detail_expr.cast(pl.String).alias("detail"),
    )


def to_problems(file: str, frames: list[pl.DataFrame]) -> list[Problem]:
    """Collect problem frames into a list ordered by row, then column."""
    frames = [f for f in frames if f.height]
    if not frames:
        return []
    merged = pl.concat(frames, how="vertical_relaxed").sort("row", "column", nulls_last=False)
    return [
        Problem(file, r["row"], r["column"], r["value"], r["reason"], r["detail"] or "")
        for r in merged.iter_rows(named=True)
    ]
