"""Read a returned collection template: member and quarter from the sheet itself, figures and
notes from its rows (checked like any figures file, file/row/column in every problem)."""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from importers import figures
from importers.keys import IndicatorMatcher, MunicipalityMatcher
from importers.layouts import Shape
from importers.numbers import status_word
from importers.problems import Problem, problem_frame, to_problems
from importers.source import RawTable
from importers.template import HEADERS, MARK, META_LABELS, META_ROWS, template_key
from store import analysis, compare, periods
from store.compare.common import pooled_scale
from store.db import Store
from store.rings import list_rings

LAYOUT = "template"
_ROLES = {"indicator": 0, "numerator": 2, "denominator": 3, "value": 4, "status": 5}
NOTE_COLUMN = 6


def is_template(table: RawTable) -> bool:
    """A sheet with the template's header row and its title line above it (also when a
    member saved it as CSV from the spreadsheet program)."""
    return (table.fmt != "toml" and tuple(table.headers[:len(HEADERS)]) == HEADERS
            and any(line.startswith(MARK) for line in table.context))


def _meta(table: RawTable) -> dict[str, str]:
    """The fields above the table ("AGS 05358", "Quartal 2026-Q3 …"), by their labels."""
    found: dict[str, str] = {}
    for key, label in META_LABELS.items():
        for line in table.context:
            if line.startswith(label + " "):
                found[key] = line[len(label) + 1:].strip()
                break
    return found


@dataclass
class TemplateChecked:
    records: pl.DataFrame
    notes: pl.DataFrame  # ags, indicator_code, period, text
    problems: list[Problem] = field(default_factory=list)
    ags: str | None = None
    period: str | None = None
    skipped: int = 0
    convention: str = "machine"


def _problem(name: str, key: str, value: str | None, reason: str, detail: str = "") -> Problem:
    return Problem(name, META_ROWS[key], META_LABELS[key], value, reason, detail)


def _check_meta(store: Store, name: str, meta: dict[str, str]) -> tuple[list[Problem], int | None]:
    """Ring, member and quarter as the sheet states them, and the key tying them together."""
    problems: list[Problem] = []
    for key in ("ags", "period", "ring", "key"):
        if not meta.get(key):
            problems.append(_problem(name, key, None, "missing_value", META_LABELS[key]))
    if problems:
        return problems, None
    ags, period = meta["ags"], meta["period"].split()[0]
    if not periods.is_quarter(period):
        return [_problem(name, "period", meta["period"], "bad_period")], None
    ring_id = next((ring.id for ring in list_rings(store) if ring.name == meta["ring"]), None)
    if ring_id is None:
        return [_problem(name, "ring", meta["ring"], "unknown_ring")], None
    if meta["key"] != template_key(ring_id, ags, period):
        return [_problem(name, "key", meta["key"], "template_changed")], None
    members = compare.members_at(analysis.ring_membership(store, ring_id), period)
    if ags not in members["ags"].to_list():
        return [_problem(name, "ags", ags, "not_member", meta["ring"])], None
    return [], ring_id


def check_template(store: Store, name: str, table: RawTable,
                   municipalities: MunicipalityMatcher, catalogue: pl.DataFrame,
                   expected_period: str | None = None) -> TemplateChecked:
    """Figures and notes of a returned template. With `expected_period` (the quarter being
    collected), a template for another quarter is refused."""
    meta = _meta(table)
    empty_notes = pl.DataFrame(schema={"ags": pl.String, "indicator_code": pl.String,
                                       "period": pl.String, "text": pl.String})
    problems, _ring_id = _check_meta(store, name, meta)
    stated = (meta.get("period") or "").split()[:1]
    if not problems and expected_period and stated != [expected_period]:
        problems = [_problem(name, "period", meta.get("period"), "wrong_period",
                             expected_period)]
    if problems:
        return TemplateChecked(pl.DataFrame(schema=figures.RECORD_SCHEMA), empty_notes, problems)
    ags, period = meta["ags"], meta["period"].split()[0]
    cells = table.cells
    for index in range(len(table.headers), NOTE_COLUMN + 1):  # a column read as empty
        cells = cells.with_columns(pl.lit(None, pl.String).alias(f"c{index}"))
    long = cells.select(
        "_row", pl.lit(HEADERS[4], pl.String).alias("_col"),
        pl.lit(ags, pl.String).alias("ags"), pl.lit(None, pl.String).alias("name"),
        pl.col("c0").alias("indicator"), pl.lit(period, pl.String).alias("period"),
        pl.col("c4").alias("value"), pl.col("c2").alias("numerator"),
        pl.col("c3").alias("denominator"), pl.col("c5").alias("status"),
    )
    shape = Shape(LAYOUT, dict(_ROLES))
    matcher = IndicatorMatcher(catalogue)
    ranges = catalogue.select("code", "min_value", "max_value")
    checked = figures.check(long, table, shape, municipalities, matcher, ranges)
    records, frames = _derive_values(checked.records, long, catalogue)
    problems = to_problems(name, checked.problems + frames)
    notes = cells.filter(pl.col(f"c{NOTE_COLUMN}").is_not_null()).select(
        pl.lit(ags, pl.String).alias("ags"),
        pl.col("c0").map_elements(matcher.match, return_dtype=pl.String).alias("indicator_code"),
        pl.lit(period, pl.String).alias("period"),
        pl.col(f"c{NOTE_COLUMN}").alias("text"),
    ).filter(pl.col("indicator_code").is_not_null())
    return TemplateChecked(records, notes, problems, ags, period, checked.skipped,
                           checked.convention)


def _derive_values(records: pl.DataFrame, long: pl.DataFrame, catalogue: pl.DataFrame
                   ) -> tuple[pl.DataFrame, list[pl.DataFrame]]:
    """`Wert` left empty where `Zähler` and `Nenner` are given: the value is their ratio
    (× 100 for percentages), with the status the row names (else final), and checked
    against the plausible range like a value typed in."""
    scales = catalogue.select(
        pl.col("code").alias("indicator_code"),
        pl.Series([pooled_scale(r) for r in catalogue.iter_rows(named=True)],
                  dtype=pl.Float64).alias("_scale"),
        "min_value", "max_value",
    )
    typed = long.select("_row", pl.col("value").alias("_typed"), pl.col("status").alias("_st"))
    frame = records.join(typed, on="_row", how="left").join(scales, on="indicator_code",
                                                           how="left")
    derive = (pl.col("_typed").is_null() & pl.col("numerator").is_not_null()
              & pl.col("denominator").is_not_null() & (pl.col("denominator") != 0))
    named = pl.col("_st").map_elements(status_word, return_dtype=pl.String)
    frame = frame.with_columns(
        pl.when(derive).then(pl.col("numerator") / pl.col("denominator") * pl.col("_scale"))
        .otherwise("value").alias("value"),
        pl.when(derive).then(pl.coalesce(named, pl.lit("final"))).otherwise("status")
        .alias("status"),
    )
    outside = derive & ((pl.col("value") < pl.col("min_value"))
                        | (pl.col("value") > pl.col("max_value")))
    limits = pl.concat_str(pl.col("min_value").cast(pl.String).fill_null(""), pl.lit("|"),
                           pl.col("max_value").cast(pl.String).fill_null(""))
    problems = [problem_frame(frame, outside.fill_null(False), "out_of_range",
                              pl.col("value").round(4), pl.lit(HEADERS[4]), limits)]
    return frame.select(records.columns), problems


__all__ = ["LAYOUT", "TemplateChecked", "check_template", "is_template"]
