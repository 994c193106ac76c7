"""Benchmark: import one million long-format figure rows from a German-style CSV; prints rows/s.

Target (issue 3): at least 200,000 rows/s for 1,000,000 rows, from reading the file to the
committed transaction. The data is generated on the fly in a temporary directory and deleted
afterwards. The machine's load average is printed too: other processes on a shared machine
slow every run down.
Run: python bench/bench_import.py [--rows N] [--repeat K]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from importers.pipeline import check, load, write  # noqa: E402
from store.db import create_database  # noqa: E402
from store.imports import indicators  # noqa: E402

MUNICIPALITIES = 400


def make_files(folder: Path, rows: int, codes: list[str]) -> tuple[Path, Path]:
    """A municipalities file and a figures file: `;`, decimal comma, title and footnote
    lines, a few official symbols and provisional marks, as BA downloads look."""
    keys = [f"{9_000 + i:05d}" for i in range(MUNICIPALITIES)]
    master = folder / "kommunen.csv"
    master.write_text(
        "AGS;Name;Träger\n"
        + "".join(f"{k};Kreis Bench {k};{'zkT' if i % 3 else 'gE'}\n" for i, k in enumerate(keys)),
        encoding="utf-8",
    )
    months = -(-rows // (MUNICIPALITIES * len(codes)))
    periods = [f"{2000 + m // 12}-{m % 12 + 1:02d}" for m in range(months)]
    grid = (
        pl.DataFrame({"AGS": keys})
        .join(pl.DataFrame({"Kennzahl": codes}), how="cross")
        .join(pl.DataFrame({"Monat": periods}), how="cross")
        .head(rows)
    )
    n = pl.int_range(pl.len())
    value = ((n * 7919) % 4_900).cast(pl.Float64) / 100  # 0,00 … 48,99: plausible everywhere
    text = value.cast(pl.String).str.replace(".", ",", literal=True)
    grid = grid.with_columns(
        Wert=pl.when(n % 997 == 0).then(pl.lit("–"))
        .when(n % 1_009 == 0).then(pl.lit("."))
        .when(n % 101 == 0).then(text + " p")
        .otherwise(text)
    )
    figures = folder / "kennzahlen.csv"
    with figures.open("w", encoding="utf-8") as out:
        out.write("Kennzahlen nach § 48a SGB II – Benchmark\nStand: Juli 2026\n\n")
        grid.write_csv(out, separator=";")
        out.write("\nQuelle: synthetisch erzeugt\n")
    return master, figures


def run(rows: int) -> tuple[float, dict[str, float]]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        store = create_database(folder / "bench.db")
        codes = indicators(store)["code"].to_list()
        master, figures = make_files(folder, rows, codes)
        write(store, check(load(master), store))
        timings: dict[str, float] = {}
        start = time.perf_counter()
        prepared = load(figures)
        timings["read"] = time.perf_counter() - start
        check(prepared, store)
        timings["check"] = time.perf_counter() - start - timings["read"]
        if not prepared.ok:
            sys.exit(f"benchmark file did not validate: {prepared.problems[:3]}")
        counts = write(store, prepared)
        total = time.perf_counter() - start
        timings["write"] = total - timings["read"] - timings["check"]
        stored = store.rows("SELECT count(*) AS n FROM observations")[0]["n"]
        store.close()
        assert counts.new == rows == stored, (counts, rows, stored)
        return total, timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rates = []
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    for attempt in range(1, args.repeat + 1):
        total, timings = run(args.rows)
        rates.append(args.rows / total)
        phases = ", ".join(f"{k} {v:.2f} s" for k, v in timings.items())
        print(f"run {attempt}: {args.rows:,} rows in {total:.2f} s = {rates[-1]:,.0f} rows/s ({phases})")
    rates.sort()
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    print(f"best {rates[-1]:,.0f} rows/s, median {rates[len(rates) // 2]:,.0f} rows/s")


if __name__ == "__main__":
    main()
