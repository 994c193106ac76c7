"""The three figure layouts: recognise which one a table has and bring it into long form."""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from importers import columns
from importers.keys import IndicatorMatcher
from importers.periods import parse_period, periods_in_text
from importers.source import RawTable

LAYOUTS = ("long", "wide-indicator", "wide-period")
FIGURE_ROLES = {
    "ags": columns.AGS, "name": columns.NAME, "indicator": columns.INDICATOR,
    "period": columns.PERIOD, "value": columns.VALUE, "numerator": columns.NUMERATOR,
    "denominator": columns.DENOMINATOR, "status": columns.STATUS,
}
# The text columns of the long form every layout is brought into.
RAW = ("ags", "name", "indicator", "period", "value", "numerator", "denominator", "status")


@dataclass
class Shape:
    """How a table holds its figures: the layout, which column plays which role, and
    what each value column stands for in a wide layout (an indicator code or a period)."""

    layout: str
    roles: dict[str, int]
    value_columns: dict[int, str] = field(default_factory=dict)
    ignored: list[int] = field(default_factory=list)
    indicator: str | None = None  # from the title lines when there is no indicator column
    period: str | None = None


@dataclass
class HeaderProblem:
    reason: str
    column: str | None = None
    detail: str = ""
    value: str | None = None


def detect(table: RawTable, matcher: IndicatorMatcher, forced: str | None = None
           ) -> tuple[Shape | None, list[HeaderProblem]]:
    headers = table.headers
    roles = columns.assign(headers, FIGURE_ROLES)
    excel = table.fmt == "excel"
    by_period: dict[int, str] = {}
    by_indicator: dict[int, str] = {}
    info: list[int] = []
    unknown: list[int] = []
    for index, header in enumerate(headers):
        if index in roles.values():
            continue
        if columns.norm_header(header) in columns.INFO:
            info.append(index)
        elif header and (period := parse_period(header, excel)) is not None:
            by_period[index] = period
        elif header and (code := matcher.match(header)) is not None:
            by_indicator[index] = code
        else:
            unknown.append(index)
    layout = forced or _guess(roles, by_period, by_indicator)
    if layout is None:
        reason = "layout_ambiguous" if by_period and by_indicator else "layout_unknown"
        return None, [HeaderProblem(reason, detail="|".join(headers))]
    problems: list[HeaderProblem] = []
    if "ags" not in roles and "name" not in roles:
        problems.append(HeaderProblem("missing_column", detail="municipality"))
    shape = Shape(layout, roles)
    if layout == "long":
        shape.ignored = sorted(info + unknown + list(by_period) + list(by_indicator))
        if "value" not in roles:
            problems.append(HeaderProblem("layout_mismatch", detail="value"))
    else:
        wide = by_indicator if layout == "wide-indicator" else by_period
        other = "period" if layout == "wide-indicator" else "indicator"
        if not wide:
            problems.append(HeaderProblem("layout_mismatch", detail=layout))
        shape.value_columns = wide
        shape.ignored = info
        stray = unknown + list(by_indicator if layout == "wide-period" else by_period)
        stray += [roles[r] for r in ("value", "numerator", "denominator", "status", layout[5:])
                  if r in roles]
        for index in sorted(stray):
            if headers[index] or table.cells[f"c{index}"].null_count() < table.cells.height:
                problems.append(HeaderProblem("unknown_column", headers[index] or f"#{index + 1}"))
        seen: dict[str, int] = {}
        for index, meaning in wide.items():
            if meaning in seen:
                problems.append(HeaderProblem("duplicate_column", headers[index],
                                              detail=headers[seen[meaning]]))
            seen.setdefault(meaning, index)
        shape.roles = {r: i for r, i in roles.items() if r in ("ags", "name", other)}
    _from_title(table, matcher, shape, problems)
    return shape, problems


def _guess(roles: dict[str, int], by_period: dict, by_indicator: dict) -> str | None:
    if "value" in roles and ("indicator" in roles or "period" in roles):
        return "long"
    if by_period and by_indicator:
        return None
    if by_period:
        return "wide-period"
    if by_indicator:
        return "wide-indicator"
    return None


def _from_title(table: RawTable, matcher: IndicatorMatcher, shape: Shape,
                problems: list[HeaderProblem]) -> None:
    """A table for one indicator or one period often names it only in its title."""
    needs_indicator = "indicator" not in shape.roles and shape.layout != "wide-indicator"
    needs_period = "period" not in shape.roles and shape.layout != "wide-period"
    if needs_indicator:
        found = set().union(*(matcher.in_text(line) for line in table.context))
        if len(found) == 1:
            shape.indicator = found.pop()
        else:
            problems.append(HeaderProblem("indicator_not_given", detail="|".join(sorted(found))))
    if needs_period:
        found = set().union(*(periods_in_text(line) for line in table.context))
        if len(found) == 1:
            shape.period = found.pop()
        else:
            problems.append(HeaderProblem("period_not_given", detail="|".join(sorted(found))))


def to_long(table: RawTable, shape: Shape) -> pl.DataFrame:
    """One row per figure: `_row`, `_col` (the header of the value's column) and the text
    columns of RAW (null where the file has no such column)."""
    cells = table.cells

    def source(role: str) -> pl.Expr:
        if role in shape.roles:
            return pl.col(f"c{shape.roles[role]}")
        fixed = {"indicator": shape.indicator, "period": shape.period}.get(role)
        return pl.lit(fixed, pl.String)

    if shape.layout == "long":
        frame = cells.select(
            "_row",
            pl.lit(table.headers[shape.roles["value"]], pl.String).alias("_col"),
            *(source(role).alias(role) for role in RAW),
        )
        return frame
    meaning = "indicator" if shape.layout == "wide-indicator" else "period"
    kept = [role for role in RAW if role not in (meaning, "value")]
    base = cells.select("_row", *(source(role).alias(role) for role in kept),
                        *(pl.col(f"c{i}") for i in shape.value_columns))
    frame = base.unpivot(
        on=[f"c{i}" for i in shape.value_columns], index=["_row", *kept],
        variable_name="_var", value_name="value",
    )
    headers = {f"c{i}": table.headers[i] for i in shape.value_columns}
    meanings = {f"c{i}": m for i, m in shape.value_columns.items()}
    return frame.with_columns(
        pl.col("_var").replace_strict(headers, return_dtype=pl.String).alias("_col"),
        pl.col("_var").replace_strict(meanings, return_dtype=pl.String).alias(meaning),
    ).select("_row", "_col", *RAW)
