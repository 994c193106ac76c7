"""sample.db is reproducible from its seed and tells the story the demo needs."""

from __future__ import annotations

import math
import sqlite3
from pathlib import Path

from store import periods
from store.catalog import shipped_catalogue
from store.sample import build_sample
from tests.conftest import SAMPLE


def dump(path: Path) -> dict[str, list[tuple]]:
    """Every table's rows in primary-key order (the content, not the bytes)."""
    with sqlite3.connect(path) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        out = {}
        for table in tables:
            width = len(conn.execute(f"PRAGMA table_info({table})").fetchall())
            order = ", ".join(str(i) for i in range(1, width + 1))
            out[table] = conn.execute(f"SELECT * FROM {table} ORDER BY {order}").fetchall()
        out["__schema__"] = conn.execute(
            "SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
        out["__user_version__"] = [conn.execute("PRAGMA user_version").fetchone()]
    return out


def same_row(one: tuple, other: tuple) -> bool:
    """Equal, except that computed floats (regression fits) may differ in their last bits:
    the linear algebra library rounds differently on different processors."""
    return len(one) == len(other) and all(
        math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
        if isinstance(a, float) and isinstance(b, float) else a == b
        for a, b in zip(one, other, strict=True))


def test_committed_sample_matches_regeneration(tmp_path: Path) -> None:
    fresh = build_sample(tmp_path / "fresh.db")
    committed, regenerated = dump(SAMPLE), dump(fresh)
    assert committed.keys() == regenerated.keys()
    for table in committed:
        rows, again = committed[table], regenerated[table]
        assert len(rows) == len(again), f"table {table} differs"
        differ = [(a, b) for a, b in zip(rows, again, strict=True) if not same_row(a, b)]
        assert not differ, f"table {table} differs: {differ[:3]}"


def test_regeneration_check_notices_a_changed_figure() -> None:
    assert same_row((1, "K2", 24.0613, 23.86984320406121), (1, "K2", 24.0613, 23.869843204061226))
    assert not same_row((1, "K2", 24.0613, 23.87), (1, "K2", 24.0614, 23.87))
    assert not same_row((1, "K2", None), (1, "K2", 0.0))


def test_sample_tells_a_story() -> None:
    conn = sqlite3.connect(SAMPLE)
    q = lambda sql: conn.execute(sql).fetchall()  # noqa: E731
    assert q("SELECT value FROM meta WHERE key = 'synthetic'") == [("1",)]
    assert q("SELECT count(*) FROM municipalities")[0][0] >= 30
    assert {r[0] for r in q("SELECT DISTINCT carrier FROM municipalities")} == {"zkT", "gE"}
    assert len(q("SELECT DISTINCT comparison_type FROM municipalities")) >= 5
    # Invented keys only: real state codes are 01–16.
    assert all(ags.startswith("9") for (ags,) in q("SELECT ags FROM municipalities"))
    rings = q("SELECT id, name FROM rings")
    assert len(rings) == 3
    # One ring of ten mostly rural option municipalities (as of today).
    rural_zkt = q(
        "SELECT r.name, count(*), sum(mu.carrier = 'zkT'), sum(mu.settlement = 'ländlich')"
        " FROM ring_members m JOIN rings r ON r.id = m.ring_id JOIN municipalities mu"
        " ON mu.ags = m.ags WHERE m.until IS NULL GROUP BY r.name"
    )
    assert any(n == 10 and zkt == 10 and rural >= 7 for _r, n, zkt, rural in rural_zkt)
    assert q("SELECT count(*) FROM ring_members WHERE until IS NOT NULL")[0][0] >= 1
    # At least five years of quarterly figures for every catalogue indicator.
    quarters = periods.period_range("2020-Q1", "2024-Q4")
    for entry in shipped_catalogue():
        found = {r[0] for r in q(
            f"SELECT DISTINCT period FROM observations WHERE indicator_code = '{entry['code']}'")}
        assert set(quarters) <= found, entry["code"]
    statuses = {r[0] for r in q("SELECT DISTINCT status FROM observations")}
    assert {"final", "provisional", "confidential", "missing", "revised", "estimated"} <= statuses
    assert q("SELECT count(*) FROM observations WHERE status IN ('missing', 'confidential')"
             " AND value IS NOT NULL")[0][0] == 0
    assert q("SELECT count(*) FROM observations WHERE numerator IS NOT NULL")[0][0] > 0
    assert q("SELECT count(*) FROM practices")[0][0] == 2
    assert q("SELECT count(*) FROM practices WHERE name LIKE '%Fallmanagement%Vermittlung%'")
    assert q("SELECT count(*) FROM meetings WHERE status = 'held'")[0][0] >= 3
    assert q("SELECT count(*) FROM meetings WHERE status = 'planned'")[0][0] >= 1
    assert q("SELECT count(*) FROM agenda_items WHERE notes != ''")[0][0] > 0
    assert q("SELECT count(*) FROM action_items")[0][0] > 0
    conn.close()
