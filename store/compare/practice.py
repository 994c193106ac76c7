"""Practice effect: adopters vs non-adopters, before vs after adoption (difference in differences)."""

from __future__ import annotations

import polars as pl

from store import periods
from store.compare.common import clean_value

RESULT_SCHEMA = {
    "group": pl.String, "before": pl.Float64, "after": pl.Float64, "change": pl.Float64,
    "n": pl.Int64,
}


def adoption_period(since: str, quarterly: bool) -> str:
    """The first period that starts on or after the adoption date (ISO `YYYY-MM-DD`)."""
    year, month = int(since[:4]), int(since[5:7])
    if quarterly:
        first = f"{year}-Q{(month - 1) // 3 + 1}"
        starts_quarter = since[5:10] in ("01-01", "04-01", "07-01", "10-01")
        return first if starts_quarter else periods.shift(first, 1)
    first = f"{year}-{month:02d}"
    return first if since[8:10] == "01" else periods.shift(first, 1)


def _windows(adopters: pl.DataFrame, quarterly: bool, window: int) -> pl.DataFrame:
    """(adopter, period, side) for the `window` periods before and from adoption on."""
    rows = []
    for ags, since in adopters.select("ags", "since").iter_rows():
        start = adoption_period(since, quarterly)
        rows += [(ags, periods.shift(start, -k), "before") for k in range(window, 0, -1)]
        rows += [(ags, periods.shift(start, k), "after") for k in range(window)]
    return pl.DataFrame(
        rows, schema={"adopter": pl.String, "period": pl.String, "side": pl.String},
        orient="row",
    )


def _sides(frame: pl.DataFrame, by: list[str]) -> pl.DataFrame:
    """Mean value before and after per `by`; only groups with figures on both sides."""
    side = pl.col("side")
    return (
        frame.group_by(by)
        .agg(
            pl.col("value").filter(side == "before").mean().alias("before"),
            pl.col("value").filter(side == "after").mean().alias("after"),
        )
        .drop_nulls(["before", "after"])
    )


def practice_effect(
    obs: pl.DataFrame,
    adoptions: pl.DataFrame,
    candidates: pl.DataFrame,
    code: str,
    window: int = 4,
) -> pl.DataFrame:
    """A simple difference in differences for one indicator.

    For every adopter among `candidates` (adoptions: ags, since): its mean over the `window`
    periods before adoption and over the `window` periods from adoption on; the
    non-adopters among `candidates` (ags) are averaged over the same calendar windows
    (each needs figures on both sides). An adopter counts only when it and at least one
    non-adopter have figures on both sides, so all three rows rest on the same windows.
    Rows: 'adopters' and 'others' (before, after, change, n = municipalities behind the
    figure) and 'difference' (change of adopters minus change of others; n = both groups)."""
    figures = (
        obs.filter(pl.col("indicator_code") == code)
        .select("ags", "period", clean_value())
        .drop_nulls("value")
    )
    quarterly = bool(figures["period"].str.contains("Q").any()) if figures.height else True
    pool = candidates.select("ags").unique()
    adopters = adoptions.join(pool, on="ags", how="semi").unique("ags", keep="first")
    others = pool.join(adopters.select("ags"), on="ags", how="anti")
    windows = _windows(adopters, quarterly, window)
    if windows.is_empty() or others.is_empty():
        return _result(None, None, 0, None, None, 0)

    own = _sides(
        windows.join(figures.rename({"ags": "adopter"}), on=["adopter", "period"]), ["adopter"]
    )
    control = _sides(
        windows.join(figures.join(others, on="ags", how="semi"), on="period"), ["adopter", "ags"]
    )
    per_adopter = control.group_by("adopter").agg(
        pl.col("before").mean().alias("other_before"),
        pl.col("after").mean().alias("other_after"),
    )
    usable = own.join(per_adopter, on="adopter", how="inner")
    if usable.is_empty():
        return _result(None, None, 0, None, None, 0)
    others_used = control.join(usable.select("adopter"), on="adopter", how="semi")["ags"].n_unique()
    return _result(
        usable["before"].mean(), usable["after"].mean(), usable.height,
        usable["other_before"].mean(), usable["other_after"].mean(), others_used,
    )


def _result(
    adopters_before: float | None, adopters_after: float | None, adopters_n: int,
    others_before: float | None, others_after: float | None, others_n: int,
) -> pl.DataFrame:
    def change(before: float | None, after: float | None) -> float | None:
        return after - before if before is not None and after is not None else None

    change_adopters = change(adopters_before, adopters_after)
    change_others = change(others_before, others_after)
    did = (
        change_adopters - change_others
        if change_adopters is not None and change_others is not None
        else None
    )
    return pl.DataFrame(
        {
            "group": ["adopters", "others", "difference"],
            "before": [adopters_before, others_before, None],
            "after": [adopters_after, others_after, None],
            "change": [change_adopters, change_others, did],
            "n": [adopters_n, others_n, adopters_n + others_n],
        },
        schema=RESULT_SCHEMA,
    )
