"""German reason texts for the comparison engine's discussion candidates (worded here, at
display time, from the facts the store hands out: kind, value, median, change, statuses)."""

from __future__ import annotations

from typing import Any

from store import periods
from tui.kit import texts


def _number(value: float | None, decimals: int) -> str:
    """German number for a reason text (the app's kit.format does the same for screens)."""
    if value is None:
        return "–"
    text = f"{abs(value):,.{decimals}f}".replace(",", "\0").replace(".", ",").replace("\0", ".")
    # A value that rounds to zero carries no sign ("−0,0" would suggest a direction).
    negative = value < 0 and round(abs(value), decimals) != 0
    return ("−" if negative else "") + text


def _unit(unit: str | None, change: bool = False) -> str:
    if unit == "%":
        return " Prozentpunkte" if change else " %"
    return "" if unit in (None, "", "Anzahl", "Personen") else f" {unit}"


def _previous_word(period: str | None) -> str:
    """'zum Vorquartal', or 'zum Vormonat' when the figures are monthly."""
    monthly = period is not None and periods.is_month(period)
    return "zum Vormonat" if monthly else "zum Vorquartal"


def reason_text(row: dict[str, Any]) -> str:
    """One short sentence: why this figure is worth discussing (never a judgement of rank).

    `row` is a discussion candidate (kind, value, median, expected, change, old_status,
    new_status, period) with the indicator's unit and decimals."""
    decimals = row.get("decimals") if row.get("decimals") is not None else 1
    unit = row.get("unit")
    kind = row["kind"]
    if kind == "deviation":
        side = "über" if (row["value"] or 0) > (row["median"] or 0) else "unter"
        return (
            f"Wert {_number(row['value'], decimals)}{_unit(unit)} liegt deutlich {side} dem "
            f"Ringmedian ({_number(row['median'], decimals)}{_unit(unit)})"
        )
    if kind == "expected":
        side = "über" if (row["value"] or 0) > (row["expected"] or 0) else "unter"
        return (
            f"Wert {_number(row['value'], decimals)}{_unit(unit)} liegt deutlich {side} der "
            f"Erwartung aus den Rahmenbedingungen ({_number(row['expected'], decimals)}"
            f"{_unit(unit)})"
        )
    if kind in ("change_previous", "change_year"):
        against = _previous_word(row.get("period")) if kind == "change_previous" else "zum Vorjahr"
        change = row["change"]
        text = _number(change, decimals)
        sign = "+" if change is not None and change > 0 and text.strip("0,.") else ""
        return f"Starke Veränderung {against}: {sign}{text}{_unit(unit, True)}"
    old = texts.STATUS_NAMES.get(row.get("old_status") or "", row.get("old_status") or "–")
    new = texts.STATUS_NAMES.get(row.get("new_status") or "", row.get("new_status") or "–")
    return f"Status geändert: {old} → {new}"
