"""Expected values from context figures: hand-computed fits, context lookup, judgement and
invariants on generated data (hypothesis)."""

from __future__ import annotations

import math

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store.compare import expected as ex
from store.compare.common import obs_frame

FAST = settings(max_examples=40, deadline=None)


def frames(x: list[float], y: list[float | None]) -> tuple[pl.DataFrame, pl.DataFrame]:
    ags = [f"m{i:02d}" for i in range(len(x))]
    values = pl.DataFrame({"ags": ags, "value": y}, schema={"ags": pl.String, "value": pl.Float64})
    design = pl.DataFrame({"ags": ags, "X": x}, schema={"ags": pl.String, "X": pl.Float64})
    return values, design


def test_hand_computed_fit_with_one_variable() -> None:
    # Two groups: x = 0 → y 1, 2, 3 (mean 2); x = 1 → y 4, 5, 6 (mean 5).
    # Slope 3, intercept 2; residuals −1 0 1 −1 0 1: SSR 4, SST 17.5, R² = 1 − 4/17.5, σ = √(4/4).
    values, design = frames([0, 0, 0, 1, 1, 1], [1, 2, 3, 4, 5, 6])
    model, predictions = ex.fit(values, design, ["X"])
    assert model.ok and model.n == 6 and model.needed == 6
    assert model.coefficients["intercept"] == pytest.approx(2.0)
    assert model.coefficients["X"] == pytest.approx(3.0)
    assert model.r2 == pytest.approx(1 - 4 / 17.5)
    assert model.sigma == pytest.approx(1.0)
    by_ags = {r["ags"]: r for r in predictions.iter_rows(named=True)}
    assert by_ags["m00"]["expected"] == pytest.approx(2.0)
    assert by_ags["m00"]["residual"] == pytest.approx(-1.0)
    assert by_ags["m05"]["expected"] == pytest.approx(5.0)
    assert by_ags["m05"]["residual"] == pytest.approx(1.0)


def test_hand_computed_fit_with_two_variables_and_exact_data() -> None:
    # y = 10 − 2·a + 0.5·b exactly: the fit recovers the coefficients, R² = 1.
    a = [1, 2, 3, 4, 5, 6, 7, 8, 9]
    b = [4, 1, 7, 2, 9, 3, 8, 5, 6]
    y = [10 - 2 * ai + 0.5 * bi for ai, bi in zip(a, b, strict=True)]
    ags = [f"m{i}" for i in range(9)]
    values = pl.DataFrame({"ags": ags, "value": y})
    design = pl.DataFrame({"ags": ags, "A": a, "B": b}).cast({"A": pl.Float64, "B": pl.Float64})
    model, predictions = ex.fit(values, design, ["A", "B"])
    assert model.coefficients == pytest.approx({"intercept": 10.0, "A": -2.0, "B": 0.5})
    assert model.r2 == pytest.approx(1.0)
    assert predictions["residual"].abs().max() == pytest.approx(0.0, abs=1e-9)


def test_too_few_municipalities_give_no_model() -> None:
    values, design = frames([0, 1, 2, 3, 4], [1, 2, 3, 4, 6])  # 5 < 3 × (1 + 1)
    model, predictions = ex.fit(values, design, ["X"])
    assert not model.ok and model.refused == "too_few" and model.n == 5 and model.needed == 6
    assert model.as_json()["coefficients"] is None
    assert predictions["expected"].null_count() == 5


def test_constant_variable_is_refused_as_singular() -> None:
    values, design = frames([2] * 8, [1, 2, 3, 4, 5, 6, 7, 9])
    model, _ = ex.fit(values, design, ["X"])
    assert model.refused == "singular"


def test_municipalities_without_value_or_context_are_outside_the_reference_set() -> None:
    values, design = frames([0, 0, 0, 1, 1, 1, 2], [1, 2, 3, 4, 5, 6, None])
    design = pl.concat([design, pl.DataFrame({"ags": ["mx"], "X": [None]},
                                             schema={"ags": pl.String, "X": pl.Float64})])
    values = pl.concat([values, pl.DataFrame({"ags": ["mx"], "value": [99.0]})])
    model, predictions = ex.fit(values, design, ["X"])
    assert model.n == 6
    by_ags = {r["ags"]: r for r in predictions.iter_rows(named=True)}
    # No value: still an expectation from its context, but no residual.
    assert by_ags["m06"]["expected"] == pytest.approx(8.0) and by_ags["m06"]["residual"] is None
    assert not by_ags["m06"]["in_reference"]
    # No context figure: neither.
    assert by_ags["mx"]["expected"] is None and not by_ags["mx"]["in_reference"]


def test_reference_set_can_be_restricted() -> None:
    values, design = frames([0, 0, 0, 1, 1, 1, 5], [1, 2, 3, 4, 5, 6, 100])
    model, _ = ex.fit(values, design, ["X"], reference=[f"m{i:02d}" for i in range(6)])
    assert model.n == 6 and model.coefficients["X"] == pytest.approx(3.0)


def test_context_at_takes_the_latest_figure_ending_by_the_quarter_end() -> None:
    context = obs_frame([
        ("a", "ALQ", "2024-Q1", 5.0), ("a", "ALQ", "2024-Q2", 6.0), ("a", "ALQ", "2024-Q3", 7.0),
        # Month and quarter end on the same day: the quarter wins.
        ("b", "ALQ", "2024-06", 4.0), ("b", "ALQ", "2024-Q2", 4.5),
        # Annual figures: the year 2024 ends after Q2, so 2023's stands in (6 months old).
        ("a", "DICHTE", "2023", 100.0), ("a", "DICHTE", "2024", 110.0),
        # Reference day: 31.12.2023 is 6 months before 30.06.2024.
        ("b", "DICHTE", "2023-12-31", 300.0), ("b", "DICHTE", "2024-07-01", 310.0),
        # A gap in the newest quarter: the older real figure is taken.
        ("c", "ALQ", "2024-Q1", 3.0), ("c", "ALQ", "2024-Q2", None),
    ])
    found = ex.context_at(context, ["ALQ", "DICHTE"], "2024-Q2")
    got = {(r["ags"], r["indicator_code"]): (r["period"], r["value"], r["age_months"])
           for r in found.iter_rows(named=True)}
    assert got == {
        ("a", "ALQ"): ("2024-Q2", 6.0, 0),
        ("b", "ALQ"): ("2024-Q2", 4.5, 0),
        ("a", "DICHTE"): ("2023", 100.0, 6),
        ("b", "DICHTE"): ("2023-12-31", 300.0, 6),
        ("c", "ALQ"): ("2024-Q1", 3.0, 3),
    }
    ages = ex.context_ages(found, ["a", "b"]).rows_by_key("indicator_code", named=True)
    assert ages["DICHTE"][0]["age_months"] == 6 and ages["ALQ"][0]["age_months"] == 0


def test_design_takes_logs_and_drops_non_positive_values() -> None:
    context = pl.DataFrame({
        "ags": ["a", "b", "a", "b"], "indicator_code": ["DICHTE", "DICHTE", "ALQ", "ALQ"],
        "period": ["2024-Q2"] * 4, "value": [math.e, 0.0, 5.0, 6.0], "age_months": [0] * 4,
    })
    x = ex.design(context, ["ALQ", "ln(DICHTE)"]).sort("ags")
    assert x["ln(DICHTE)"].to_list() == [pytest.approx(1.0), None]
    assert x["ALQ"].to_list() == [5.0, 6.0]


def test_parse_term() -> None:
    assert ex.parse_term("ln(DICHTE)") == ("DICHTE", True)
    assert ex.parse_term(" ALQ ") == ("ALQ", False)
    with pytest.raises(ValueError):
        ex.parse_term("log(ALQ")
    assert ex.term_codes(["ALQ", "ln(ALQ)", "SGB2Q"]) == ["ALQ", "SGB2Q"]


def _fitted(direction: str) -> pl.DataFrame:
    values, design = frames([0, 0, 0, 1, 1, 1], [1, 2, 3, 4, 5, 6])
    model, predictions = ex.fit(values, design, ["X"])
    members = pl.DataFrame({"ags": ["m00", "m01", "m02"], "name": ["A", "B", "C"]})
    return ex.judge(members, predictions, model, direction)


def test_judgement_follows_the_direction() -> None:
    up = _fitted("up")
    assert up["residual_assessment"].to_list() == ["unfavourable", "neutral", "favourable"]
    assert up["name"].to_list() == ["A", "B", "C"]
    down = _fitted("down")
    assert down["residual_assessment"].to_list() == ["favourable", "neutral", "unfavourable"]


def test_neutral_indicators_are_never_judged() -> None:
    assert set(_fitted("neutral")["residual_assessment"]) == {"neutral"}


def test_far_from_expectation_becomes_a_candidate() -> None:
    x = [float(i % 4) for i in range(12)]
    y = [2 * v for v in x]
    y[5] += 10  # one municipality far above what its context suggests
    values, design = frames(x, y)
    model, predictions = ex.fit(values, design, ["X"])
    members = pl.DataFrame({"ags": [f"m{i:02d}" for i in range(12)]})
    judged = ex.judge(members, predictions, model, "up")
    assert judged.filter(pl.col("far"))["ags"].to_list() == ["m05"]
    found = ex.expected_candidates({"K2": judged}, "2024-Q2")
    assert found.select("ags", "indicator_code", "kind", "period").rows() == [
        ("m05", "K2", "expected", "2024-Q2")]
    assert found["score"][0] >= ex.FAR_THRESHOLD


# --- invariants -------------------------------------------------------------------------

points = st.lists(
    st.tuples(st.integers(-50, 50), st.integers(-50, 50), st.integers(-1000, 1000)),
    min_size=9, max_size=40,
)


def _frames2(rows: list[tuple[int, int, int]], shift: float = 0.0):
    ags = [f"m{i:02d}" for i in range(len(rows))]
    values = pl.DataFrame({"ags": ags, "value": [float(r[2]) + shift for r in rows]})
    design = pl.DataFrame({"ags": ags, "A": [float(r[0]) for r in rows],
                           "B": [float(r[1]) for r in rows]})
    return values, design


@FAST
@given(points)
def test_residuals_sum_to_zero_with_an_intercept(rows) -> None:
    values, design = _frames2(rows)
    model, predictions = ex.fit(values, design, ["A", "B"])
    if not model.ok:
        return
    scale = max(1.0, values["value"].abs().max())
    assert abs(predictions["residual"].sum()) <= 1e-7 * scale * len(rows)
    assert model.r2 is None or -1e-9 <= model.r2 <= 1 + 1e-9


@FAST
@given(points, st.integers(-500, 500))
def test_adding_a_constant_shifts_only_the_intercept(rows, shift) -> None:
    values, design = _frames2(rows)
    model, predictions = ex.fit(values, design, ["A", "B"])
    moved, moved_predictions = ex.fit(*_frames2(rows, float(shift)), ["A", "B"])
    assert model.refused == moved.refused
    if not model.ok:
        return
    tol = 1e-6 * max(1.0, abs(shift), values["value"].abs().max())
    assert moved.coefficients["intercept"] == pytest.approx(
        model.coefficients["intercept"] + shift, abs=tol)
    for v in ("A", "B"):
        assert moved.coefficients[v] == pytest.approx(model.coefficients[v], abs=tol)
    assert moved_predictions["residual"].to_list() == pytest.approx(
        predictions["residual"].to_list(), abs=tol)
