"""Benchmark of the quarter cycle: the ring report and the collection templates.

A database is generated on the fly in a temporary directory: 120 municipalities with
eight years of quarterly figures for 30 indicators plus the four context figures, and a
ring of 12 that works with all 30. Measured (median and max of several runs): the ring
report as HTML (read, compute, render: `ringvergleich report` without the process start)
and the templates for its 12 members (read and write 12 XLSX files). Targets: < 2 s each.

    python bench/bench_report.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from store import periods
from store.catalog import shipped_catalogue, upsert_indicators
from store.db import create_database, open_store
from store.ring_indicators import set_ring_indicators
from tui.kit.cycle import make_templates
from tui.kit.report import build

MUNICIPALITIES = 120
RING_SIZE = 12
INDICATORS = 30
FIRST, LAST = "2019-Q1", "2026-Q4"
TARGET_S = 2.0


def generate(path: Path, seed: int = 14) -> list[str]:
    """Write the database; returns the ring's 30 indicator codes."""
    rng = random.Random(seed)
    store = create_database(path)
    catalogue = shipped_catalogue()
    own = [c["code"] for c in catalogue if c["kind"] != "context"]
    template = next(c for c in catalogue if c["code"] == "K2")
    extra = [dict(template, code=f"R{i + 1}", name=f"Ringkennzahl {i + 1}",
                  short_name=f"Ring {i + 1}", kind="process", sort_order=2000 + i)
             for i in range(INDICATORS - len(own))]
    with store.write() as conn:
        upsert_indicators(conn, extra)
    codes = own + [e["code"] for e in extra]
    every = codes + [c["code"] for c in catalogue if c["kind"] == "context"]
    keys = [f"9{i:04d}" for i in range(MUNICIPALITIES)]
    quarters = periods.period_range(FIRST, LAST)
    with store.write() as conn:
        conn.executemany(
            "INSERT INTO municipalities(ags, name, carrier, comparison_type, population)"
            " VALUES (?, ?, 'zkT', 'IIIa', ?)",
            [(k, f"Landkreis {k}", rng.randint(80_000, 600_000)) for k in keys])
        conn.execute("INSERT INTO rings(id, name) VALUES (1, 'Benchmarkring')")
        conn.executemany("INSERT INTO ring_members(ring_id, ags, since) VALUES (1, ?, '2015-01-01')",
                         [(k,) for k in keys[:RING_SIZE]])
        conn.executemany(
            "INSERT INTO observations(ags, indicator_code, period, value, numerator,"
            " denominator, status) VALUES (?, ?, ?, ?, NULL, NULL, 'final')",
            ((k, code, q, rng.uniform(5, 40)) for k in keys for code in every for q in quarters))
        conn.executemany(
            "INSERT INTO annotations(ags, indicator_code, period, text, author, created_at)"
            " VALUES (?, ?, ?, 'Anmerkung <zur> Kennzahl', 'bench', '2026-01-01')",
            [(k, codes[i], LAST) for i, k in enumerate(keys[:RING_SIZE])])
    set_ring_indicators(store, 1, codes)
    store.close()
    return codes


def timed(fn, repeat: int) -> tuple[float, float]:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs), max(runs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per case")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="ringvergleich-bench-") as tmp:
        path = Path(tmp) / "cycle.db"
        start = time.perf_counter()
        codes = generate(path)
        print(f"{MUNICIPALITIES} municipalities, ring of {RING_SIZE} over {len(codes)} indicators,"
              f" {FIRST}–{LAST}: generated in {time.perf_counter() - start:.1f} s")
        store = open_store(path, readonly=True)
        sizes: dict[str, int] = {}
        out = Path(tmp) / "bogen"

        def report() -> None:
            sizes["html"] = len(build(store, 1, LAST).encode("utf-8"))

        def templates() -> None:
            shutil.rmtree(out, ignore_errors=True)
            written = make_templates(store, 1, LAST, out).written
            sizes["templates"] = len(written)

        met = True
        try:
            for name, fn in (("ring report (HTML)", report), ("templates", templates)):
                median, worst = timed(fn, args.repeat)
                ok = median < TARGET_S
                met &= ok
                print(f"  {name:20} median {median * 1000:7.0f} ms  max {worst * 1000:7.0f} ms"
                      f"  target < {TARGET_S:.0f} s  {'ok' if ok else 'MISSED'}")
        finally:
            store.close()
        together = sum(p.stat().st_size for p in out.glob("*")) / 1024
        print(f"  report size {sizes['html'] / 1024:.0f} KB for {len(codes)} indicators; "
              f"{sizes['templates']} templates, {together:.0f} KB together")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
