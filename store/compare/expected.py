"""Expected values from local conditions: OLS of an indicator on context figures (pure polars
and numpy, frames in and out).

The model for one indicator and quarter is fitted over a reference set of municipalities
(by default all with a value and every context figure); each member then gets the value its
context figures lead one to expect, and the residual (value − expected). An expectation, not
a target: R² says how much of the spread the context explains."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import polars as pl

from store import periods
from store.compare.common import clean_value, direction_sign

DEFAULT_VARIABLES = ("ALQ", "SGB2Q", "ln(DICHTE)")
MIN_PER_PARAMETER = 3  # no model with fewer than 3 × (variables + 1) municipalities
FAR_THRESHOLD = 2.0  # |residual| / residual standard error beyond which a member is "far off"
TOLERANCE = 1e-9  # relative: residuals this small count as zero
TERM_RE = re.compile(r"^(?:ln\((?P<log>[A-Za-z0-9_]+)\)|(?P<plain>[A-Za-z0-9_]+))$")

PREDICTION_SCHEMA: dict[str, Any] = {
    "ags": pl.String, "value": pl.Float64, "expected": pl.Float64, "residual": pl.Float64,
    "in_reference": pl.Boolean,
}
CONTEXT_SCHEMA: dict[str, Any] = {
    "ags": pl.String, "indicator_code": pl.String, "period": pl.String, "value": pl.Float64,
    "age_months": pl.Int64,
}


def parse_term(term: str) -> tuple[str, bool]:
    """'ALQ' → ('ALQ', False); 'ln(DICHTE)' → ('DICHTE', True)."""
    m = TERM_RE.match(term.strip())
    if m is None:
        raise ValueError(f"not a model variable: {term!r}")
    return (m["log"], True) if m["log"] else (m["plain"], False)


def term_codes(variables: Iterable[str]) -> list[str]:
    """The context indicator codes the variables need (each once, in order)."""
    return list(dict.fromkeys(parse_term(v)[0] for v in variables))


def min_municipalities(variables: Sequence[str]) -> int:
    return MIN_PER_PARAMETER * (len(variables) + 1)


def _months(day) -> int:
    return day.year * 12 + day.month


def context_at(context: pl.DataFrame, codes: Iterable[str], period: str) -> pl.DataFrame:
    """Each municipality's context figure for `period`: the latest value whose period ends on
    or before the period's end (annual figures lag), with that period and its age in months.

    `context` holds observations (ags, indicator_code, period, value, …) in any period form:
    quarters, months, years `YYYY`, reference days `YYYY-MM-DD`. Of two figures ending on the
    same day the longer period wins (a quarter over its last month). Missing values (null,
    NaN) are skipped, so an older real figure stands in for a newer gap."""
    codes = list(codes)
    rows = context.filter(pl.col("indicator_code").is_in(codes)).with_columns(clean_value())
    rows = rows.filter(pl.col("value").is_not_null())
    end = periods.end_date(period)
    # One sortable key per period form that ends in time: later end first, then the longer
    # period. The few distinct periods are keyed in Python, the rows in polars.
    keys: dict[str, int] = {}
    ages: dict[str, int] = {}
    for form in rows["period"].unique().to_list():
        if not periods.is_any_period(form):
            continue
        last, first = periods.end_date(form), periods.start_date(form)
        if last <= end:
            keys[form] = last.toordinal() * 100_000 + (last - first).days
            ages[form] = _months(end) - _months(last)
    if not keys:
        return pl.DataFrame(schema=CONTEXT_SCHEMA)
    keyed = rows.with_columns(
        pl.col("period").replace_strict(keys, default=None, return_dtype=pl.Int64).alias("_key")
    ).filter(pl.col("_key").is_not_null())
    return (
        keyed.filter(pl.col("_key") == pl.col("_key").max().over("ags", "indicator_code"))
        .with_columns(pl.col("period").replace_strict(ages, return_dtype=pl.Int64)
                      .alias("age_months"))
        .select(list(CONTEXT_SCHEMA))
        .sort("ags", "indicator_code")
    )


def design(context: pl.DataFrame, variables: Sequence[str]) -> pl.DataFrame:
    """Wide frame: ags and one column per variable (a log term is null where the figure is
    not positive). `context` is the output of `context_at`."""
    wide = context.pivot(on="indicator_code", index="ags", values="value") if context.height else (
        pl.DataFrame(schema={"ags": pl.String}))
    columns = [pl.col("ags")]
    for term in variables:
        code, log = parse_term(term)
        source = pl.col(code) if code in wide.columns else pl.lit(None, pl.Float64)
        if log:
            source = pl.when(source > 0).then(source.log())
        columns.append(source.cast(pl.Float64).alias(term))
    return wide.select(columns)


@dataclass(frozen=True)
class Model:
    """One fitted model, or the reason why there is none (`refused`: 'too_few' | 'singular')."""

    variables: tuple[str, ...]
    n: int
    needed: int
    r2: float | None = None
    sigma: float | None = None  # residual standard error, sqrt(SSR / (n − p))
    coefficients: dict[str, float] = field(default_factory=dict)
    refused: str | None = None

    @property
    def ok(self) -> bool:
        return self.refused is None

    def as_json(self) -> dict[str, Any]:
        """The CLI's JSON shape: n, r2, variables, coefficients (intercept first)."""
        return {"n": self.n, "r2": self.r2, "variables": list(self.variables),
                "coefficients": dict(self.coefficients) if self.ok else None}


def fit(
    values: pl.DataFrame,
    x: pl.DataFrame,
    variables: Sequence[str],
    reference: Iterable[str] | None = None,
) -> tuple[Model, pl.DataFrame]:
    """OLS of value on an intercept and the variables over the reference set.

    values: ags, value (the indicator in the quarter); x: the `design` frame. The reference
    set is every municipality with a value and all variables (restricted to `reference`
    when given). Returns the model and, for every municipality in `x` or `values`, its
    value, expected value (where all variables are known and there is a model), residual
    and whether it was in the reference set."""
    variables = tuple(variables)
    needed = min_municipalities(variables)
    joined = (
        values.select("ags", clean_value()).filter(pl.col("value").is_not_null())
        .unique(subset="ags", keep="first")
        .join(x, on="ags", how="full", coalesce=True)
    )
    complete = pl.all_horizontal(pl.col(v).is_not_null() & pl.col(v).is_finite()
                                 for v in variables) if variables else pl.lit(True)
    usable = complete & pl.col("value").is_not_null()
    if reference is not None:
        usable = usable & pl.col("ags").is_in(list(reference))
    joined = joined.with_columns(usable.fill_null(False).alias("in_reference"),
                                 complete.fill_null(False).alias("_complete"))
    fitted = joined.filter(pl.col("in_reference"))
    n = fitted.height

    def empty_predictions() -> pl.DataFrame:
        return joined.select("ags", "value", pl.lit(None, pl.Float64).alias("expected"),
                             pl.lit(None, pl.Float64).alias("residual"), "in_reference")

    if n < needed:
        return Model(variables, n, needed, refused="too_few"), empty_predictions()
    design_matrix = np.column_stack(
        [np.ones(n)] + [fitted[v].to_numpy().astype(float) for v in variables])
    y = fitted["value"].to_numpy().astype(float)
    beta, _ssr, rank, _sv = np.linalg.lstsq(design_matrix, y, rcond=None)
    if rank < design_matrix.shape[1]:
        return Model(variables, n, needed, refused="singular"), empty_predictions()
    residuals = y - design_matrix @ beta
    ssr = float(residuals @ residuals)
    sst = float(((y - y.mean()) ** 2).sum())
    r2 = 1.0 - ssr / sst if sst > 0 else None
    dof = n - design_matrix.shape[1]
    sigma = math.sqrt(ssr / dof) if dof > 0 else None
    coefficients = {"intercept": float(beta[0])}
    coefficients.update({v: float(b) for v, b in zip(variables, beta[1:], strict=True)})
    expected = pl.lit(coefficients["intercept"])
    for v in variables:
        expected = expected + pl.col(v) * coefficients[v]
    predictions = joined.with_columns(
        pl.when(pl.col("_complete")).then(expected).otherwise(None).alias("expected")
    ).with_columns((pl.col("value") - pl.col("expected")).alias("residual")).select(
        list(PREDICTION_SCHEMA))
    return Model(variables, n, needed, r2, sigma, coefficients), predictions


def judge(
    members: pl.DataFrame, predictions: pl.DataFrame, model: Model, direction: str | None
) -> pl.DataFrame:
    """Members (extra columns kept, in their order) with expected, residual, residual_z
    (residual ÷ residual standard error), `far` (|residual_z| ≥ 2) and `residual_assessment`
    in the indicator's direction: favourable | unfavourable | neutral. Neutral indicators
    are never judged; without a model nothing is."""
    sign = direction_sign(direction)
    wanted = ["ags", "expected", "residual"] + ([] if "value" in members.columns else ["value"])
    rows = members.join(predictions.select(wanted), on="ags", how="left", maintain_order="left")
    sigma = model.sigma if model.ok and model.sigma else None
    residual = pl.col("residual")
    z = residual / sigma if sigma else pl.lit(None, pl.Float64)
    if sign == 0 or not model.ok:
        assessment = pl.when(residual.is_null()).then(None).otherwise(pl.lit("neutral"))
    else:
        assessment = (
            pl.when(residual.is_null()).then(None)
            # Floating-point dust around an exact fit is no deviation.
            .when(residual.abs() <= TOLERANCE * pl.max_horizontal(pl.col("expected").abs(), 1.0))
            .then(pl.lit("neutral"))
            .when(residual * sign > 0).then(pl.lit("favourable"))
            .otherwise(pl.lit("unfavourable"))
        )
    return rows.with_columns(
        z.cast(pl.Float64).alias("residual_z"),
        (z.abs() >= FAR_THRESHOLD).fill_null(False).alias("far"),
        assessment.alias("residual_assessment"),
    )


def context_ages(context: pl.DataFrame, reference: Iterable[str]) -> pl.DataFrame:
    """Per context indicator over the reference set: the period most figures come from, the
    oldest one used and its age in months (0 = the quarter itself)."""
    used = context.filter(pl.col("ags").is_in(list(reference)))
    if used.is_empty():
        return pl.DataFrame(schema={"indicator_code": pl.String, "period": pl.String,
                                    "oldest": pl.String, "age_months": pl.Int64})
    return used.group_by("indicator_code", maintain_order=True).agg(
        pl.col("period").mode().sort().last().alias("period"),
        pl.col("period").sort_by("age_months").last().alias("oldest"),
        pl.col("age_months").max().alias("age_months"),
    )


def expected_candidates(
    judged: Mapping[str, pl.DataFrame], period: str
) -> pl.DataFrame:
    """Discussion candidates "far from expectation": per indicator code the members whose
    residual is at least 2 residual standard errors. Columns as the engine's candidates
    (kind 'expected', score |residual_z|, value, expected)."""
    frames = [
        frame.filter(pl.col("far")).select(
            "ags", pl.lit(code).alias("indicator_code"), pl.lit("expected").alias("kind"),
            pl.col("residual_z").abs().alias("score"), "value", "expected",
        )
        for code, frame in judged.items()
    ]
    schema = {"ags": pl.String, "indicator_code": pl.String, "kind": pl.String,
              "score": pl.Float64, "value": pl.Float64, "expected": pl.Float64}
    frames = [f.cast(schema) for f in frames]  # type: ignore[arg-type]
    found = pl.concat(frames) if frames else pl.DataFrame(schema=schema)
    return found.with_columns(pl.lit(period).alias("period")).sort(
        ["score", "ags", "indicator_code"], descending=[True, False, False])
