"""Periods: quarters `YYYY-Qn`, months `YYYY-MM`, and the annual forms — a year `YYYY`
(Jahresdurchschnitt or annual total) and a reference day `YYYY-MM-DD` (Stichtag) — with their
order, neighbours and dates."""

from __future__ import annotations

import calendar
import re
from datetime import date

QUARTER_RE = re.compile(r"^(\d{4})-Q([1-4])$")
MONTH_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
YEAR_RE = re.compile(r"^(\d{4})$")
DAY_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")


def is_quarter(period: str) -> bool:
    return QUARTER_RE.match(period) is not None


def is_month(period: str) -> bool:
    return MONTH_RE.match(period) is not None


def is_year(period: str) -> bool:
    """An annual figure: a year's average or total (Jahresdurchschnitt, Jahreswert)."""
    return YEAR_RE.match(period) is not None


def is_day(period: str) -> bool:
    """A figure on a reference day (Stichtag, e.g. population on 31 December)."""
    if (m := DAY_RE.match(period)) is None:
        return False
    try:
        date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return False
    return True


def is_annual(period: str) -> bool:
    """A year or a reference day: never a quarter's or a month's own figure."""
    return is_year(period) or is_day(period)


def is_period(period: str) -> bool:
    """A quarter or a month: the periods figures are compared in."""
    return is_quarter(period) or is_month(period)


def is_any_period(period: str) -> bool:
    """Any form the database stores: quarter, month, year or reference day."""
    return is_period(period) or is_annual(period)


def _split(period: str) -> tuple[int, int, bool]:
    """(year, number, is_quarter)."""
    if m := QUARTER_RE.match(period):
        return int(m[1]), int(m[2]), True
    if m := MONTH_RE.match(period):
        return int(m[1]), int(m[2]), False
    raise ValueError(f"not a period: {period!r}")


def _join(year: int, number: int, quarter: bool) -> str:
    return f"{year:04d}-Q{number}" if quarter else f"{year:04d}-{number:02d}"


def shift(period: str, steps: int) -> str:
    """The period `steps` quarters or months later (earlier when negative)."""
    year, number, quarter = _split(period)
    per_year = 4 if quarter else 12
    index = year * per_year + (number - 1) + steps
    return _join(index // per_year, index % per_year + 1, quarter)


def previous(period: str) -> str:
    return shift(period, -1)


def year_ago(period: str) -> str:
    return shift(period, -4 if is_quarter(period) else -12)


def quarter_of(period: str) -> str:
    """The quarter a month belongs to (a quarter maps to itself)."""
    year, number, quarter = _split(period)
    return period if quarter else _join(year, (number - 1) // 3 + 1, True)


def months_of(quarter: str) -> list[str]:
    year, number, is_q = _split(quarter)
    if not is_q:
        raise ValueError(f"not a quarter: {quarter!r}")
    return [_join(year, m, False) for m in range(3 * number - 2, 3 * number + 1)]


def start_date(period: str) -> date:
    if is_year(period):
        return date(int(period), 1, 1)
    if is_day(period):
        return date.fromisoformat(period)
    year, number, quarter = _split(period)
    return date(year, 3 * number - 2 if quarter else number, 1)


def end_date(period: str) -> date:
    """The last day a period covers (a reference day is its own end)."""
    if is_year(period):
        return date(int(period), 12, 31)
    if is_day(period):
        return date.fromisoformat(period)
    year, number, quarter = _split(period)
    month = 3 * number if quarter else number
    return date(year, month, calendar.monthrange(year, month)[1])


def period_range(first: str, last: str) -> list[str]:
    """All periods from first to last inclusive (same granularity)."""
    out = []
    current = first
    while current <= last:
        out.append(current)
        current = shift(current, 1)
    return out


def label(period: str) -> str:
    """German display form: `2024-Q3` → `3. Quartal 2024`, `2024-03` → `03/2024`,
    `2024` → `Jahr 2024`, `2024-12-31` → `31.12.2024`."""
    if is_year(period):
        return f"Jahr {period}"
    if is_day(period):
        return date.fromisoformat(period).strftime("%d.%m.%Y")
    year, number, quarter = _split(period)
    return f"{number}. Quartal {year}" if quarter else f"{number:02d}/{year}"


def short_label(period: str) -> str:
    """Compact display form: `Q3/2024`, `03/2024`, `2024`, `31.12.2024`."""
    if is_annual(period):
        return period if is_year(period) else label(period)
    year, number, quarter = _split(period)
    return f"Q{number}/{year}" if quarter else f"{number:02d}/{year}"
