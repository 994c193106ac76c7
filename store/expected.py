"""Expected values from context figures: the reads behind the model, and a ring's choice of
model variables (what screens, CLI and meetings use)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import polars as pl

from store import analysis, compare, periods
from store.compare import expected as model_engine
from store.compare.common import OBS_SCHEMA
from store.db import Store, StoreError
from store.memo import remembered

# Context figures lag (annual ones by up to a year and a half); figures from before the
# calendar year this many years before the quarter's are no longer looked for.
LOOKBACK_YEARS = 2
# Absolute counts only mirror a municipality's size: no expectation from rates for them.
COUNT_UNITS = ("Anzahl", "Personen")


@dataclass(frozen=True)
class Expected:
    """One indicator's model in one quarter, with every municipality's prediction."""

    code: str
    period: str
    model: model_engine.Model
    predictions: pl.DataFrame  # ags, value, expected, residual, in_reference
    context: pl.DataFrame  # ags, indicator_code, period, value, age_months (figures used)
    ages: pl.DataFrame  # indicator_code, period (most used), oldest, age_months


def ring_variables(store: Store, ring_id: int | None) -> tuple[str, ...]:
    """The ring's own model variables, else the default (ALQ, SGB2Q, ln(DICHTE))."""
    if ring_id is None:
        return model_engine.DEFAULT_VARIABLES
    rows = store._rows("SELECT term FROM ring_model_variables WHERE ring_id = ?"
                      " ORDER BY position", (ring_id,))
    return tuple(r["term"] for r in rows) or model_engine.DEFAULT_VARIABLES


def set_ring_variables(store: Store, ring_id: int, variables: Sequence[str] | None) -> None:
    """Store the ring's model variables (codes of context indicators, `ln(CODE)` for a log);
    None or empty goes back to the default. Refuses unknown or non-context indicators."""
    terms = [v.strip() for v in variables or []]
    context = set(analysis.indicators(store).filter(pl.col("kind") == "context")["code"])
    for term in terms:
        try:
            code, _log = model_engine.parse_term(term)
        except ValueError:
            raise StoreError("invalid", detail=f"Modellvariable „{term}“") from None
        if code not in context:
            raise StoreError("invalid", detail=f"„{code}“ ist keine Rahmenbedingung")
    if len(set(terms)) != len(terms):
        raise StoreError("invalid", detail="Modellvariable doppelt")
    with store.write() as conn:
        if conn.execute("SELECT 1 FROM rings WHERE id = ?", (ring_id,)).fetchone() is None:
            raise StoreError("not_found", detail=f"rings {ring_id}")
        conn.execute("DELETE FROM ring_model_variables WHERE ring_id = ?", (ring_id,))
        conn.executemany(
            "INSERT INTO ring_model_variables(ring_id, position, term) VALUES (?, ?, ?)",
            [(ring_id, i, term) for i, term in enumerate(terms, start=1)],
        )


def _last_ending_by(candidate: str, day: date) -> str:
    """`candidate` (a quarter or month), stepped back until it ends on or before `day`."""
    while periods.end_date(candidate) > day:
        candidate = periods.previous(candidate)
    return candidate


# Each period form: its GLOB pattern and the last period of that form ending by a date.
_FORMS: tuple[tuple[str, Callable[[date], str]], ...] = (
    ("[12][0-9][0-9][0-9]-Q[1-4]",
     lambda day: _last_ending_by(f"{day.year}-Q{(day.month - 1) // 3 + 1}", day)),
    ("[12][0-9][0-9][0-9]-[01][0-9]", lambda day: _last_ending_by(f"{day.year}-{day.month:02d}", day)),
    ("[12][0-9][0-9][0-9]",
     lambda day: str(day.year if (day.month, day.day) == (12, 31) else day.year - 1)),
    ("[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]", lambda day: day.isoformat()),
)


def context_observations(store: Store, codes: Iterable[str], period: str) -> pl.DataFrame:
    """Context figures that can serve `period`: per municipality, indicator and period form
    (quarter, month, year, reference day) the latest non-null figure ending by the period's
    end, from the lookback window — the engine (`context_at`) then picks among the forms.

    Within one form text order is time order, so SQLite finds each latest figure with one
    backward step through the primary key per municipality and indicator, instead of
    handing years of monthly figures to Python (40 ms instead of 270 ms at national scale)."""
    codes = list(codes)
    if not codes:
        return pl.DataFrame(schema=OBS_SCHEMA)
    end = periods.end_date(period)
    first = str(end.year - LOOKBACK_YEARS)

    def latest(pattern: str) -> str:
        return ("(SELECT period FROM observations o WHERE o.ags = m.ags"
                " AND o.indicator_code = k.code AND o.period >= ? AND o.period <= ?"
                f" AND o.period GLOB '{pattern}' AND o.value IS NOT NULL"
                " ORDER BY o.period DESC LIMIT 1)")

    columns, params = [], []
    for index, (pattern, last_of) in enumerate(_FORMS):
        columns.append(f"{latest(pattern)} AS p{index}")
        params += [first, last_of(end)]
    marks = ",".join("?" * len(codes))
    # MATERIALIZED and CROSS JOIN keep SQLite from turning the plan inside out.
    sql = (
        f"WITH latest AS MATERIALIZED (SELECT m.ags AS ags, k.code AS code, {', '.join(columns)}"
        " FROM municipalities m CROSS JOIN (SELECT code FROM indicators"
        f" WHERE code IN ({marks})) k)"
        " SELECT o.ags, o.indicator_code, o.period, o.value, o.numerator, o.denominator,"
        " o.status FROM latest l CROSS JOIN observations o WHERE o.ags = l.ags"
        " AND o.indicator_code = l.code"
        f" AND o.period IN ({', '.join(f'l.p{i}' for i in range(len(_FORMS)))})"
    )
    return store._frame(sql, [*params, *codes], schema=OBS_SCHEMA)


def _context(store: Store, codes: list[str], period: str) -> pl.DataFrame:
    """The context figures used for `period` (`context_at`), cached until the database
    changes: browsing indicators of one quarter reads them once."""
    return remembered(store, ("expected_context", tuple(codes), period), lambda: (
        model_engine.context_at(context_observations(store, codes, period), codes, period)))


def _build(code: str, period: str, values: pl.DataFrame, context_rows: pl.DataFrame,
           x: pl.DataFrame, variables: Sequence[str]) -> Expected:
    model, predictions = model_engine.fit(values, x, variables)
    reference = predictions.filter(pl.col("in_reference"))["ags"].to_list()
    ages = model_engine.context_ages(context_rows, reference)
    return Expected(code, period, model, predictions, context_rows, ages)


def expected_many(
    store: Store, codes: Sequence[str], period: str, variables: Sequence[str]
) -> dict[str, Expected]:
    """Models for several indicators in one quarter (context figures read once), over
    every municipality in the database."""
    needed = model_engine.term_codes(variables)
    context_rows = _context(store, needed, period)
    obs = analysis.observations(store, list(codes), [period])
    obs = obs.filter(pl.col("period") == period)
    x = model_engine.design(context_rows, variables)  # the same for every indicator
    return {
        code: _build(code, period, obs.filter(pl.col("indicator_code") == code)
                     .select("ags", "value"), context_rows, x, variables)
        for code in codes
    }


def expected_values(
    store: Store, code: str, period: str, variables: Sequence[str] | None = None
) -> Expected:
    """The model of one indicator in one quarter over every municipality in the database."""
    return expected_many(store, [code], period,
                         variables or model_engine.DEFAULT_VARIABLES)[code]


def ring_expected(
    store: Store, ring_id: int, code: str, period: str
) -> tuple[Expected, pl.DataFrame]:
    """(the model with the ring's variables, the ring's members as of the period with value,
    expected, residual, residual_z, far, residual_assessment and context figure ages)."""
    info = analysis.indicator(store, code)
    if info is None:
        raise KeyError(code)
    found = expected_values(store, code, period, ring_variables(store, ring_id))
    members = compare.members_at(analysis.ring_membership(store, ring_id), period).select(
        "ags", "name")
    return found, judge_members(found, members, info["direction"])


def judge_members(found: Expected, members: pl.DataFrame, direction: str | None,
                  oldest: pl.DataFrame | None = None) -> pl.DataFrame:
    """Members (ags, …) with value, expected, residual, residual_z, far, residual_assessment
    and the age in months of the oldest context figure their expected value uses
    (`oldest`: `context_age(found.context)`, given when several models share the context)."""
    judged = model_engine.judge(members, found.predictions, found.model, direction)
    oldest = context_age(found.context) if oldest is None else oldest
    return judged.join(oldest, on="ags", how="left", maintain_order="left")


def context_age(context: pl.DataFrame) -> pl.DataFrame:
    """ags, context_age: the age in months of each municipality's oldest context figure."""
    return context.group_by("ags").agg(pl.col("age_months").max().alias("context_age"))


def modelled(catalogue: pl.DataFrame) -> pl.DataFrame:
    """The catalogue rows that get an expected value: neither context figures (they are the
    model's variables) nor absolute counts (which only mirror a municipality's size)."""
    return catalogue.filter(
        (pl.col("kind") != "context") & ~pl.col("unit").fill_null("%").is_in(COUNT_UNITS))


def member_expectations(
    store: Store, ags: str, ring_id: int | None, period: str
) -> tuple[tuple[str, ...], pl.DataFrame]:
    """(variables, per indicator that is neither context nor an absolute count (which only
    mirrors size): indicator_code, n, r2, refused, value, expected,
    residual, residual_assessment) for one municipality — the profile's expected vs actual."""
    catalogue = modelled(analysis.indicators(store))
    variables = ring_variables(store, ring_id)
    models = expected_many(store, catalogue["code"].to_list(), period, variables)
    rows = []
    one = pl.DataFrame({"ags": [ags]})
    for info in catalogue.iter_rows(named=True):
        found = models[info["code"]]
        judged = model_engine.judge(one, found.predictions, found.model,
                                    info["direction"]).row(0, named=True)
        rows.append({
            "indicator_code": info["code"], "n": found.model.n, "r2": found.model.r2,
            "refused": found.model.refused, "value": judged["value"],
            "expected": judged["expected"], "residual": judged["residual"],
            "residual_assessment": judged["residual_assessment"],
        })
    schema = {"indicator_code": pl.String, "n": pl.Int64, "r2": pl.Float64,
              "refused": pl.String, "value": pl.Float64, "expected": pl.Float64,
              "residual": pl.Float64, "residual_assessment": pl.String}
    return variables, pl.DataFrame(rows, schema=schema, orient="row")


def expected_candidates(store: Store, ring_id: int, period: str,
                        codes: Sequence[str]) -> pl.DataFrame:
    """Members far from what their context leads one to expect, for the given indicators."""
    variables = ring_variables(store, ring_id)
    members = compare.members_at(analysis.ring_membership(store, ring_id), period).select("ags")
    directions = dict(analysis.indicators(store).select("code", "direction").iter_rows())
    models = expected_many(store, list(codes), period, variables)
    judged = {code: model_engine.judge(members, found.predictions, found.model,
                                       directions.get(code))
              for code, found in models.items() if found.model.ok}
    return model_engine.expected_candidates(judged, period)
