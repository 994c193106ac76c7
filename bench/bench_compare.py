"""Benchmark of the comparison engine on national-scale data generated on the fly.

About 400 municipalities × 30 indicators × 20 years of monthly figures (2.88 M rows) are
built as polars frames in memory, with the catalogue and a ring of ten. Measured, with
several repetitions (median and max): one ring snapshot (monthly → quarterly fold,
distribution and member positions for one indicator and quarter), a full indicator matrix
for one quarter, a 20-year time series for one indicator, and the expected-value model for
one indicator and quarter over all 400 municipalities (context lookup, OLS, judgement). The
same run through store.analysis (and store.expected) on a generated SQLite database of that
size (in a temporary directory).

    python bench/bench_compare.py [--repeat 20] [--no-sqlite]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from store import analysis, expected, periods
from store.catalog import shipped_catalogue, upsert_indicators
from store.compare import (
    OBS_SCHEMA,
    distribution,
    figures_for,
    indicator_matrix,
    member_positions,
    members_at,
    time_series,
)
from store.compare import expected as ex
from store.db import create_database
from store.expected import LOOKBACK_YEARS

MUNICIPALITIES = 400
FIRST_MONTH, LAST_MONTH = "2005-01", "2024-12"
FIRST_QUARTER, LAST_QUARTER = "2005-Q1", "2024-Q4"
QUARTER = "2024-Q2"
CODE = "K2"
RING_ID = 1
TARGETS_MS = {"snapshot": 20.0, "matrix": 100.0, "series": 50.0, "expected": 20.0}
# Eight more indicators beside the shipped 22, one of each folding rule twice.
EXTRA_RULES = [("sum", "Anzahl"), ("mean", "%"), ("pooled", "%"), ("last", "%")] * 2


@dataclass
class National:
    obs: pl.DataFrame  # sorted by ags, indicator_code, period (the store's key order)
    catalogue: pl.DataFrame
    municipalities: pl.DataFrame
    membership: pl.DataFrame  # ring members with since/until and municipality columns


def catalogue_rows() -> list[dict[str, Any]]:
    rows = shipped_catalogue()
    for i, (rule, unit) in enumerate(EXTRA_RULES, start=1):
        rows.append({
            "code": f"X{i:02d}", "name": f"Testkennzahl {i}", "short_name": f"Test {i}",
            "unit": unit, "direction": ("up", "down", "neutral")[i % 3], "kind": "outcome",
            "aggregation": rule, "decimals": 1, "sort_order": 1000 + i,
        })
    return rows


def generate(seed: int = 2005) -> National:
    """National-scale frames from a fixed seed (hash-based noise, no Python loop per row)."""
    catalogue = pl.DataFrame(catalogue_rows(), schema=analysis.INDICATOR_SCHEMA)
    ags = [f"M{i:04d}" for i in range(MUNICIPALITIES)]
    municipalities = pl.DataFrame({
        "ags": ags,
        "name": [f"Kommune {i:03d}" for i in range(MUNICIPALITIES)],
        "carrier": ["zkT" if i % 4 == 0 else "gE" for i in range(MUNICIPALITIES)],
        "comparison_type": [f"T{i % 12:02d}" for i in range(MUNICIPALITIES)],
    })
    months = periods.period_range(FIRST_MONTH, LAST_MONTH)
    noise = pl.int_range(pl.len(), dtype=pl.UInt64).hash(seed)
    unit_noise = (noise % 1_000_000).cast(pl.Float64) / 1_000_000  # in [0, 1)
    rule = pl.col("aggregation")
    denominator = (500 + noise % 5000).cast(pl.Float64)
    value = (
        pl.when(rule == "sum").then((unit_noise * 500).round(0))
        .otherwise((5 + unit_noise * 40).round(2))
    )
    gap = (noise // 1_000_000) % 100 == 0  # about 1 % of the figures are missing
    obs = (
        pl.DataFrame({"ags": ags})
        .join(catalogue.select(pl.col("code").alias("indicator_code"), "aggregation"), how="cross")
        .join(pl.DataFrame({"period": months}), how="cross")
        .with_columns(
            pl.when(gap).then(None).otherwise(value).alias("value"),
            pl.when(rule == "pooled").then(denominator).alias("denominator"),
        )
        .with_columns(
            pl.when(rule == "pooled")
            .then((pl.col("value") / 100 * pl.col("denominator")).round(0))
            .alias("numerator"),
            pl.when(pl.col("value").is_null()).then(pl.lit("missing"))
            .when(pl.col("period") >= "2024-10").then(pl.lit("provisional"))
            .otherwise(pl.lit("final"))
            .alias("status"),
        )
        .with_columns(  # the pooled monthly rate is what its numbers say
            pl.when(rule == "pooled").then(pl.col("numerator") / pl.col("denominator") * 100)
            .otherwise("value").alias("value")
        )
        .select(list(OBS_SCHEMA))
        .sort("ags", "indicator_code", "period")
    )
    spans = [(a, "2005-01-01", None) for a in ags[:10]]
    spans[3] = (ags[3], "2005-01-01", "2015-06-30")  # left the ring in 2015
    spans.append((ags[10], "2015-07-01", None))  # and someone joined
    membership = pl.DataFrame(
        spans, schema={"ags": pl.String, "since": pl.String, "until": pl.String}, orient="row"
    ).join(municipalities, on="ags", how="left")
    return National(obs, catalogue, municipalities, membership)


def engine_cases(data: National, obs: pl.DataFrame) -> dict[str, Callable[[], object]]:
    info = data.catalogue.filter(pl.col("code") == CODE).row(0, named=True)
    wanted = [QUARTER, periods.previous(QUARTER), periods.year_ago(QUARTER)]

    def snapshot(reference: str = "ring") -> object:
        members = members_at(data.membership, QUARTER)
        ags = members["ags"].to_list() if reference == "ring" else None
        figures = figures_for(obs, data.catalogue, codes=[CODE], wanted=wanted, ags=ags)
        return (
            distribution(figures, members, info, QUARTER),
            member_positions(figures, members, info, QUARTER, reference, data.municipalities),
        )

    def matrix() -> object:
        members = members_at(data.membership, QUARTER)
        figures = figures_for(obs, data.catalogue, wanted=[QUARTER], ags=members["ags"])
        return indicator_matrix(figures, members, data.catalogue, QUARTER)

    # The rows the model starts from: the default variables' figures of the lookback window
    # (a superset of what the store reads; the SQL read is timed in the SQLite part).
    needed = ex.term_codes(ex.DEFAULT_VARIABLES)
    first = str(periods.end_date(QUARTER).year - LOOKBACK_YEARS)
    context_rows = obs.filter(pl.col("indicator_code").is_in(needed)
                              & (pl.col("period") >= first) & (pl.col("period") <= QUARTER[:4] + "-QZ"))

    quarter_rows = obs.filter((pl.col("indicator_code") == CODE)
                              & pl.col("period").is_in([QUARTER, *periods.months_of(QUARTER)]))

    def expected_model() -> object:
        """OLS of one indicator in one quarter on the default context variables over all
        400 municipalities, and the ring members' expected values and judgement; from the
        rows the store reads (the indicator's months, 5 years of monthly context figures)."""
        values = figures_for(quarter_rows, data.catalogue, codes=[CODE], wanted=[QUARTER]).select(
            "ags", "value")
        context = ex.context_at(context_rows, needed, QUARTER)
        model, predictions = ex.fit(values, ex.design(context, ex.DEFAULT_VARIABLES),
                                    ex.DEFAULT_VARIABLES)
        assert model.ok
        return ex.judge(members_at(data.membership, QUARTER), predictions, model, info["direction"])

    def series() -> object:
        figures = figures_for(obs, data.catalogue, codes=[CODE],
                              between=(FIRST_QUARTER, LAST_QUARTER),
                              ags=data.membership["ags"].unique())
        return time_series(figures, data.membership, info, FIRST_QUARTER, LAST_QUARTER)

    return {
        "snapshot": snapshot,
        "matrix": matrix,
        "series": series,
        "snapshot vs all municipalities": lambda: snapshot("all"),
        "expected": expected_model,
    }


def build_sqlite(data: National, path: Path) -> float:
    """Write the national data into a new database; returns the seconds it took."""
    start = time.perf_counter()
    store = create_database(path)
    try:
        with store.write() as conn:
            upsert_indicators(conn, [r for r in catalogue_rows() if r["code"].startswith("X")])
            conn.executemany(
                "INSERT INTO municipalities(ags, name, carrier, comparison_type) VALUES (?, ?, ?, ?)",
                data.municipalities.iter_rows(),
            )
            conn.execute("INSERT INTO rings(id, name) VALUES (?, 'Benchmarkring')", (RING_ID,))
            conn.executemany(
                "INSERT INTO ring_members(ring_id, ags, since, until) VALUES (?, ?, ?, ?)",
                [(RING_ID, *row) for row in data.membership.select("ags", "since", "until").iter_rows()],
            )
            conn.executemany(
                "INSERT INTO observations(ags, indicator_code, period, value, numerator,"
                " denominator, status) VALUES (?, ?, ?, ?, ?, ?, ?)",
                data.obs.iter_rows(),
            )
    finally:
        store.close()
    return time.perf_counter() - start


def analysis_cases(store: Any) -> dict[str, Callable[[], object]]:
    return {
        "snapshot": lambda: analysis.ring_snapshot(store, RING_ID, CODE, QUARTER),
        "matrix": lambda: analysis.ring_matrix(store, RING_ID, QUARTER),
        "series": lambda: analysis.ring_time_series(store, RING_ID, CODE, FIRST_QUARTER,
                                                    LAST_QUARTER),
        # No target of its own (the 20 ms are the model's, above): the SQL lookup of the
        # context figures comes on top. The cache is emptied so that every run reads them.
        "expected, context read": lambda: (store.cache.clear(),
                                           expected.ring_expected(store, RING_ID, CODE, QUARTER)),
        "expected, context cached": lambda: expected.ring_expected(store, RING_ID, CODE, QUARTER),
    }


def measure(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """(median, max) wall time in ms after two warm-up calls."""
    fn(), fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def report(title: str, cases: dict[str, Callable[[], object]], repeat: int) -> bool:
    print(f"\n{title}")
    print(f"  {'case':34} {'target':>8} {'median':>9} {'max':>9}")
    met = True
    for name, fn in cases.items():
        median, worst = measure(fn, repeat)
        target = TARGETS_MS.get(name)
        verdict = "" if target is None else ("ok" if median < target else "MISSED")
        met &= verdict != "MISSED"
        target_text = "–" if target is None else f"{target:.0f} ms"
        print(f"  {name:34} {target_text:>8} {median:7.1f} ms {worst:6.1f} ms  {verdict}")
    return met


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="timed runs per case")
    parser.add_argument("--no-sqlite", action="store_true", help="skip the SQLite part")
    args = parser.parse_args(argv)

    start = time.perf_counter()
    data = generate()
    print(
        f"{MUNICIPALITIES} municipalities × {data.catalogue.height} indicators × "
        f"{len(periods.period_range(FIRST_MONTH, LAST_MONTH))} months = {data.obs.height:,} rows"
        f" generated in {time.perf_counter() - start:.1f} s; ring of "
        f"{members_at(data.membership, QUARTER).height}; {CODE} {QUARTER}; "
        f"series {FIRST_QUARTER}–{LAST_QUARTER}; polars {pl.__version__}, "
        f"{pl.thread_pool_size()} threads"
    )
    met = report("Engine, national frame in the store's key order (sorted by ags):",
                 engine_cases(data, data.obs), args.repeat)
    unsorted = data.obs.sample(fraction=1.0, shuffle=True, seed=1)
    report("Engine, same frame in random row order (no sort to exploit):",
           engine_cases(data, unsorted), args.repeat)
    if not args.no_sqlite:
        with tempfile.TemporaryDirectory(prefix="ringvergleich-bench-") as tmp:
            path = Path(tmp) / "national.db"
            seconds = build_sqlite(data, path)
            size = path.stat().st_size / 1e6
            print(f"\nSQLite database built in {seconds:.1f} s ({size:.0f} MB, temporary)")
            from store.db import open_store

            store = open_store(path, readonly=True)
            try:
                report("Through store.analysis on that database (SQL read + fold + engine):",
                       analysis_cases(store), args.repeat)
            finally:
                store.close()
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
