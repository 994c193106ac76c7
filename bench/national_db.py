"""Build a national-scale Ringvergleich database on the fly (never committed).

About 400 municipalities × 30 indicators × 20 years of monthly figures (≈ 2.9 M rows),
40 rings of ten, written with executemany in one transaction."""

from __future__ import annotations

import random
import time
from pathlib import Path

from store import periods
from store.catalog import shipped_catalogue, upsert_indicators
from store.db import create_database

MUNICIPALITIES = 400
EXTRA_INDICATORS = 8  # the catalogue has 22; national sets carry a few more
YEARS = 20
RING_SIZE = 10


def build(path: Path, months: int = YEARS * 12, seed: int = 7) -> dict[str, float]:
    """Write the database to `path`; returns timings and sizes."""
    started = time.perf_counter()
    rng = random.Random(seed)
    store = create_database(path)
    catalogue = shipped_catalogue()
    extra = []
    for i in range(EXTRA_INDICATORS):
        row = dict(catalogue[5])  # shaped like K2
        row.update(code=f"X{i + 1}", name=f"Zusatzkennzahl {i + 1}", short_name=f"Zusatz {i + 1}",
                   sort_order=1000 + i)
        extra.append(row)
    with store.write() as conn:
        upsert_indicators(conn, extra)
    codes = [c["code"] for c in catalogue] + [e["code"] for e in extra]
    wanted = periods.period_range("2006-01", periods.shift("2006-01", months - 1))
    keys = [f"9{i:04d}" for i in range(MUNICIPALITIES)]
    with store.write() as conn:
        conn.executemany(
            "INSERT INTO municipalities(ags, name, carrier, comparison_type, population)"
            " VALUES (?, ?, ?, ?, ?)",
            [(k, f"Kommune {k}", "zkT" if i % 4 == 0 else "gE", f"T{i % 15}",
              rng.randint(60_000, 900_000)) for i, k in enumerate(keys)],
        )
        for ring in range(MUNICIPALITIES // RING_SIZE):
            conn.execute("INSERT INTO rings(id, name) VALUES (?, ?)", (ring + 1, f"Ring {ring + 1:02d}"))
            conn.executemany(
                "INSERT INTO ring_members(ring_id, ags, since) VALUES (?, ?, '2000-01-01')",
                [(ring + 1, k) for k in keys[ring * RING_SIZE:(ring + 1) * RING_SIZE]],
            )

        def rows():
            for k in keys:
                base = rng.uniform(5, 35)
                for code in codes:
                    level = base + rng.uniform(-3, 3)
                    for period in wanted:
                        yield (k, code, period, level + rng.gauss(0, 1), None, None, "final")

        conn.executemany(
            "INSERT INTO observations(ags, indicator_code, period, value, numerator,"
            " denominator, status) VALUES (?, ?, ?, ?, ?, ?, ?)",
            rows(),
        )
    store.close()
    return {
        "rows": MUNICIPALITIES * len(codes) * len(wanted),
        "seconds": time.perf_counter() - started,
        "megabytes": path.stat().st_size / 1e6,
    }
