"""Practice effect: adopters vs non-adopters, before vs after adoption (difference in differences)."""

from __future__ import annotations

import polars as pl

from store import periods


def _adoption_period(since: str, quarterly: bool) -> str:
    """The first period that starts on or after the adoption date."""
    year, month = int(since[:4]), int(since[5:7])
    if quarterly:
        first = f"{year}-Q{(month - 1) // 3 + 1}"
        return first if since[5:] in ("01-01", "04-01", "07-01", "10-01") else periods.shift(
            first, 1)
    first = f"{year}-{month:02d}"
    return first if since[8:10] == "01" else periods.shift(first, 1)


def practice_effect(
    obs: pl.DataFrame,
    adoptions: pl.DataFrame,
    candidates: pl.DataFrame,
    code: str,
    window: int = 4,
) -> pl.DataFrame:
    """A simple difference in differences for one indicator.

    For every adopter (ags, since): its mean over the `window` periods before adoption and
    the `window` periods from adoption on; the non-adopters among `candidates` (ags) are
    averaged over the same calendar windows. Result rows: group 'adopters' / 'others' with
    before, after, change and n (municipalities behind each figure), plus 'did' in a third
    row (group 'difference': change of adopters minus change of others)."""
    figures = obs.filter(pl.col("indicator_code") == code).select("ags", "period", "value")
    quarterly = figures["period"].str.contains("Q").any() if figures.height else True
    adopters = adoptions.filter(pl.col("ags").is_in(candidates["ags"].implode()))
    others = candidates.select("ags").join(adopters.select("ags"), on="ags", how="anti")
    rows = []
    for ags, since in adopters.select("ags", "since").iter_rows():
        start = _adoption_period(since, quarterly)
        before = [periods.shift(start, -k) for k in range(window, 0, -1)]
        after = [periods.shift(start, k) for k in range(window)]
        rows.append((ags, before, after))
    if not rows:
        return _result(None, None, 0, None, None, 0)

    def window_means(who: pl.DataFrame, wanted: list[str]) -> pl.DataFrame:
        return (
            figures.join(who.select("ags"), on="ags", how="semi")
            .filter(pl.col("period").is_in(wanted) & pl.col("value").is_not_null())
            .group_by("ags")
            .agg(pl.col("value").mean())
        )

    adopter_before, adopter_after, other_before, other_after = [], [], [], []
    adopters_used: set[str] = set()
    others_used: set[str] = set()
    for ags, before, after in rows:
        own = pl.DataFrame({"ags": [ags]})
        b, a = window_means(own, before), window_means(own, after)
        if b.is_empty() or a.is_empty():
            continue  # no figures on one side: this adopter cannot tell anything
        adopters_used.add(ags)
        adopter_before.append(b["value"][0])
        adopter_after.append(a["value"][0])
        ob, oa = window_means(others, before), window_means(others, after)
        both = ob.join(oa, on="ags", suffix="_after")
        if not both.is_empty():
            others_used.update(both["ags"].to_list())
            other_before.append(both["value"].mean())
            other_after.append(both["value_after"].mean())

    def mean(xs: list[float]) -> float | None:
        return sum(xs) / len(xs) if xs else None

    return _result(
        mean(adopter_before), mean(adopter_after), len(adopters_used),
        mean(other_before), mean(other_after), len(others_used),
    )


def _result(ab, aa, an, ob, oa, on) -> pl.DataFrame:
    change_a = aa - ab if ab is not None and aa is not None else None
    change_o = oa - ob if ob is not None and oa is not None else None
    did = change_a - change_o if change_a is not None and change_o is not None else None
    return pl.DataFrame(
        {
            "group": ["adopters", "others", "difference"],
            "before": [ab, ob, None],
            "after": [aa, oa, None],
            "change": [change_a, change_o, did],
            "n": [an, on, min(an, on)],
        },
        schema={"group": pl.String, "before": pl.Float64, "after": pl.Float64,
                "change": pl.Float64, "n": pl.Int64},
    )
