"""The indicator screen's views as frames for export: the member table and the Erwartung view."""

from __future__ import annotations

import polars as pl

from tui.kit import texts


def positions_frame(rows: pl.DataFrame, names: list[str], in_points: bool,
                    hidden: list[bool] | None = None) -> pl.DataFrame:
    """The member table: value, deviations, changes and status under German headings.

    `in_points`: deviations of a rate are percentage points (no relative deviation);
    `hidden`: per row, whether a pseudonymised member's size figures are blanked."""
    frame = rows.select(
        pl.Series("Kommune", names),
        pl.col("value").alias("Wert"),
        pl.col("deviation").alias("Abweichung"),
        pl.col("deviation_pct").alias("Abweichung %"),
        pl.col("change_previous").alias("ggü. Vorquartal"),
        pl.col("change_year").alias("ggü. Vorjahr"),
        pl.col("status").replace_strict(texts.STATUS_WORDS, default=pl.col("status"))
        .alias("Status"),
    )
    if in_points:
        frame = frame.drop("Abweichung %").rename({"Abweichung": "Abweichung (Pp.)"})
    if hidden is not None:
        hide = pl.Series(hidden)
        frame = frame.with_columns(
            pl.when(hide).then(None).otherwise(pl.col(c)).alias(c)
            for c in frame.columns[1:-1])
    return frame


def expected_frame(rows: pl.DataFrame, names: list[str]) -> pl.DataFrame:
    """The Erwartung view: member, value, expected value and residual."""
    return rows.select(
        pl.Series("Kommune", names), pl.col("value").alias("Wert"),
        pl.col("expected").alias("Erwartet"), pl.col("residual").alias("Residuum"),
    )
