"""Delivery status of a collection quarter: who delivered which indicator, what to chase.

States (one per member × collected indicator):
- ``missing``: no figure, or a row without a value (status missing);
- ``implausible``: a value outside the catalogue's plausible range, or a jump: the change
  against the member's own previous quarter lies more than JUMP_K robust deviations away
  from the member's usual quarter-to-quarter change (median and 1.4826 × MAD of its own
  changes over the HISTORY quarters before; needs MIN_CHANGES changes, else no jump check);
- ``provisional``: a value marked provisional (final figures still to come);
- ``delivered``: any other figure (final, revised, estimated, or confidential: a member that
  marks a figure as secret has answered).
"""

from __future__ import annotations

import polars as pl

from store import periods
from store.compare.common import clean_value
from store.compare.matrix import MAD_SCALE

STATES = ("delivered", "provisional", "missing", "implausible")
HISTORY = 12  # quarters of the member's own history the jump rule looks at
MIN_CHANGES = 4  # fewer earlier changes than this: no jump check
JUMP_K = 4.0  # robust deviations of the member's own changes beyond which a change is a jump


def history_periods(period: str, quarters: int = HISTORY) -> list[str]:
    """`period` and the `quarters` quarters before it, oldest first."""
    return periods.period_range(periods.shift(period, -quarters), period)


def delivery_status(
    obs: pl.DataFrame, members: pl.DataFrame, indicators: pl.DataFrame, period: str
) -> pl.DataFrame:
    """One row per member × indicator (members' order, then the indicators' order).

    `obs`: quarterly figures of the members for `period` and the HISTORY quarters before;
    `members`: ags (other columns kept); `indicators`: code, min_value, max_value, decimals.
    Columns added: indicator_code, value, status, state, reason (range | jump | None),
    change (against the previous quarter), usual_change and jump_scale (the member's own
    median change and robust deviation), min_value, max_value."""
    wanted = history_periods(period)
    previous = periods.previous(period)
    figures = obs.filter(pl.col("period").is_in(wanted)).select(
        "ags", "indicator_code", "period", clean_value(), "status"
    )
    past = figures.filter(pl.col("period") != period).sort("ags", "indicator_code", "period")
    # Changes between consecutive quarters only: a gap is no change.
    index = {p: i for i, p in enumerate(wanted)}
    changes = (
        past.filter(pl.col("value").is_not_null())
        .with_columns(pl.col("period").replace_strict(index, return_dtype=pl.Int64).alias("_i"))
        .with_columns(
            (pl.col("value") - pl.col("value").shift(1).over("ags", "indicator_code"))
            .alias("_d"),
            (pl.col("_i") - pl.col("_i").shift(1).over("ags", "indicator_code")).alias("_gap"),
        )
        .filter(pl.col("_gap") == 1)
    )
    usual = changes.group_by("ags", "indicator_code").agg(
        pl.col("_d").count().alias("_n"),
        pl.col("_d").median().alias("usual_change"),
        ((pl.col("_d") - pl.col("_d").median()).abs().median() * MAD_SCALE).alias("_mad"),
    )
    before = past.filter(pl.col("period") == previous).select(
        "ags", "indicator_code", pl.col("value").alias("_previous")
    )
    now = figures.filter(pl.col("period") == period).drop("period")
    catalogue = indicators.select(
        pl.col("code").alias("indicator_code"), "min_value", "max_value",
        pl.col("decimals").fill_null(1).alias("_decimals"),
        pl.int_range(pl.len()).alias("_order"),
    )
    value = pl.col("value")
    # A member whose figures barely move still may move by one unit of the shown decimals.
    scale = pl.max_horizontal(pl.col("_mad"), 10.0 ** (-pl.col("_decimals").cast(pl.Float64)))
    out_of_range = (value < pl.col("min_value")) | (value > pl.col("max_value"))
    jump = (
        (pl.col("_n") >= MIN_CHANGES)
        & ((pl.col("change") - pl.col("usual_change")).abs() > JUMP_K * pl.col("jump_scale"))
    )
    grid = (
        members.with_row_index("_member")
        .join(catalogue, how="cross")
        .join(now, on=["ags", "indicator_code"], how="left")
        .join(before, on=["ags", "indicator_code"], how="left")
        .join(usual, on=["ags", "indicator_code"], how="left")
        .with_columns(
            (value - pl.col("_previous")).alias("change"),
            pl.when(pl.col("_n") >= MIN_CHANGES).then(scale).alias("jump_scale"),
        )
        .with_columns(
            pl.when(value.is_null()).then(None)
            .when(out_of_range.fill_null(False)).then(pl.lit("range"))
            .when(jump.fill_null(False)).then(pl.lit("jump"))
            .alias("reason"),
        )
        .with_columns(
            pl.when(value.is_null() & (pl.col("status") != "confidential").fill_null(True))
            .then(pl.lit("missing"))
            .when(pl.col("reason").is_not_null()).then(pl.lit("implausible"))
            .when(pl.col("status") == "provisional").then(pl.lit("provisional"))
            .otherwise(pl.lit("delivered"))
            .alias("state"),
            pl.col("status").fill_null("missing"),
        )
        .sort("_member", "_order")
    )
    return grid.drop("_member", "_order", "_decimals", "_previous", "_n", "_mad")


def delivery_counts(status: pl.DataFrame) -> pl.DataFrame:
    """Per member (in order): how many indicators are in each state."""
    return status.group_by("ags", maintain_order=True).agg(
        *((pl.col("state") == state).sum().alias(state) for state in STATES)
    )


def to_chase(status: pl.DataFrame) -> pl.DataFrame:
    """What to ask each member for: its missing and implausible figures (members in order,
    members with nothing to chase left out). Columns: ags, missing (codes), implausible
    (codes), provisional (codes: final figures still to come)."""
    def codes(state: str) -> pl.Expr:
        return pl.col("indicator_code").filter(pl.col("state") == state).alias(state)

    return (
        status.group_by("ags", maintain_order=True)
        .agg(codes("missing"), codes("implausible"), codes("provisional"))
        .filter((pl.col("missing").list.len() + pl.col("implausible").list.len()) > 0)
    )
