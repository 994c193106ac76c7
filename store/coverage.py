"""Which quarters a ring has figures for, and the quarter it opens on."""

from __future__ import annotations

from store import periods
from store.db import Store
from store.memo import peek, remembered

# Quarters `YYYY-Qn` and months `YYYY-MM`: the periods figures are compared in.
PERIOD_LENGTH = 7

_COVERAGE = (
    "SELECT o.period, count(DISTINCT CASE WHEN i.kind != 'context' AND o.value IS NOT NULL"
    " THEN o.ags END) AS members"
    # Member, then indicator, then the figures: SQLite seeks along the primary key
    # (ags, indicator_code, period), from `since` on when one is given.
    " FROM ring_members m CROSS JOIN indicators i CROSS JOIN observations o"
    " WHERE m.ring_id = ? AND o.ags = m.ags AND o.indicator_code = i.code AND o.period >= ?"
    f" AND length(o.period) = {PERIOD_LENGTH} GROUP BY o.period"
)


def _coverage(store: Store, ring_id: int, since: str = "") -> dict[str, int]:
    """Quarter → number of (ever) members with at least one non-context figure in it; 0 for
    quarters with context figures only. Months count for their quarter. With `since` (a
    year), only the quarters from that year on."""
    coverage: dict[str, int] = {}
    for row in store._rows(_COVERAGE, (ring_id, since)):
        quarter = periods.quarter_of(row["period"])
        coverage[quarter] = max(coverage.get(quarter, 0), row["members"])
    return coverage


def _ring_coverage(store: Store, ring_id: int) -> dict[str, int]:
    """Every quarter's coverage, cached per ring until the database changes (in this or
    another process): it reads every figure of the members, the slowest read of a ring."""
    return remembered(store, ("ring_coverage", ring_id), lambda: _coverage(store, ring_id))


def ring_periods(store: Store, ring_id: int) -> list[str]:
    """Quarters for which any member of the ring has figures (months count for their quarter)."""
    return sorted(_ring_coverage(store, ring_id))


def known_ring_periods(store: Store, ring_id: int) -> list[str] | None:
    """ring_periods when already read since the database last changed, else None."""
    coverage = peek(store, ("ring_coverage", ring_id))
    return None if coverage is None else sorted(coverage)


def _latest_year(store: Store, ring_id: int) -> str | None:
    """The year of the newest figure of any member: per member and indicator one walk
    backwards along the primary key, instead of reading every figure."""
    latest = store._rows(
        "SELECT max((SELECT o.period FROM observations o"
        "            WHERE o.ags = m.ags AND o.indicator_code = i.code"
        "            ORDER BY o.period DESC LIMIT 1)) AS period"
        " FROM ring_members m CROSS JOIN indicators i WHERE m.ring_id = ?",
        (ring_id,),
    )[0]["period"]
    return latest[:4] if latest else None


def _opening(coverage: dict[str, int], needed: int) -> str | None:
    substantial = [q for q, n in coverage.items() if n >= needed]
    return max(substantial) if substantial else None


def default_period(store: Store, ring_id: int) -> str | None:
    """The quarter a ring opens on: the latest in which at least half of today's members
    have outcome figures — not one where only early context figures (or a single member's
    figures) have arrived. Falls back to the latest quarter with any figures.

    Usually that quarter lies in the last two years, whose figures alone are read first
    (whole quarters: the window starts on 1 January); only when none there qualifies are
    all quarters read."""
    members = store._rows(
        "SELECT count(*) AS n FROM ring_members WHERE ring_id = ? AND until IS NULL",
        (ring_id,))[0]["n"]
    needed = max(1, -(-members // 2))
    if peek(store, ("ring_coverage", ring_id)) is None:
        year = _latest_year(store, ring_id)
        if year is None:
            return None
        if year.isdigit():
            recent = _opening(_coverage(store, ring_id, f"{int(year) - 1:04d}"), needed)
            if recent is not None:
                return recent
    coverage = _ring_coverage(store, ring_id)
    if not coverage:
        return None
    return _opening(coverage, needed) or max(coverage)
