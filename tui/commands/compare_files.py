"""`ringvergleich compare` as CSV or JSON: raw figures, one record per member."""

from __future__ import annotations

import io
import json
from typing import Any

import polars as pl

from tui.kit.export import STORED_DECIMALS, neutralise_formulas

POSITION_COLUMNS = (
    "ags", "name", "value", "numerator", "denominator", "status", "value_previous",
    "value_year_ago", "change_previous", "change_year", "ref_n", "ref_q1", "ref_median",
    "ref_q3", "deviation", "deviation_pct", "quartile_band", "outlier", "assessment", "too_few",
)
STAT_COLUMNS = ("n", "missing", "min", "q1", "median", "mean", "q3", "max", "pooled", "too_few")


def _positions_frame(result: dict[str, Any]) -> pl.DataFrame:
    positions = result["positions"]
    if "name" not in positions.columns:
        positions = positions.with_columns(pl.lit(None, pl.String).alias("name"))
    return positions.select(POSITION_COLUMNS)


def as_csv(result: dict[str, Any]) -> str:
    """One row per member, the ring distribution repeated as ring_* columns; semicolons and
    decimal commas as in the app's exports (numbers rounded to 4 places)."""
    dist = result["distribution"]
    frame = _positions_frame(result).with_columns(
        pl.lit(result["ring"]["name"]).alias("ring"),
        pl.lit(result["indicator"]["code"]).alias("indicator_code"),
        pl.lit(result["period"]).alias("period"),
        pl.lit(result["reference"]).alias("reference"),
        *(pl.lit(dist[key]).alias(f"ring_{key}") for key in STAT_COLUMNS),
    )
    frame = frame.select("ring", "indicator_code", "period", "reference", *POSITION_COLUMNS,
                         *(f"ring_{key}" for key in STAT_COLUMNS))
    if result.get("model") is not None:
        model = result["model"]
        frame = frame.with_columns(
            result["positions"]["expected"], result["positions"]["residual"],
            result["positions"]["residual_assessment"],
            pl.lit(model.n).alias("model_n"), pl.lit(model.r2, pl.Float64).alias("model_r2"),
        )
    # The app's CSV conventions: semicolon, decimal comma, no float noise.
    frame = frame.with_columns(pl.col(pl.Float64, pl.Float32).round(STORED_DECIMALS))
    buffer = io.StringIO()
    neutralise_formulas(frame).write_csv(buffer, separator=";", decimal_comma=True)
    return buffer.getvalue()


def as_json(result: dict[str, Any]) -> str:
    info = result["indicator"]
    document = {
        "ring": result["ring"],
        "indicator": {key: info[key] for key in ("code", "name", "unit", "direction", "decimals")},
        "period": result["period"],
        "reference": result["reference"],
        "distribution": {key: result["distribution"][key] for key in STAT_COLUMNS},
        "members": _positions_frame(result).to_dicts(),
    }
    if result.get("model") is not None:
        document["model"] = result["model"].as_json()
        document["model_context"] = result["model_ages"]
        extra = result["positions"].select("expected", "residual", "residual_assessment")
        for member, more in zip(document["members"], extra.iter_rows(named=True), strict=True):
            member.update(more)
    if result["references"] is not None:
        document["reference_distributions"] = result["references"].select(
            "group", "key", *STAT_COLUMNS).to_dicts()
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
