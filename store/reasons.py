"""German reason texts for the comparison engine's discussion candidates."""

from __future__ import annotations

from typing import Any

from store.compare import STATUS_WORDS


def _number(value: float | None, decimals: int) -> str:
    """German number for a reason text (the app's tui.format does the same for screens)."""
    if value is None:
        return "–"
    text = f"{abs(value):,.{decimals}f}".replace(",", "\0").replace(".", ",").replace("\0", ".")
    return ("−" if value < 0 else "") + text


def _unit(unit: str | None, change: bool = False) -> str:
    if unit == "%":
        return " Prozentpunkte" if change else " %"
    return "" if unit in (None, "", "Anzahl", "Personen") else f" {unit}"


def reason_text(row: dict[str, Any]) -> str:
    """One short sentence: why this figure is worth discussing (never a judgement of rank)."""
    decimals = row.get("decimals") if row.get("decimals") is not None else 1
    unit = row.get("unit")
    kind = row["kind"]
    if kind == "deviation":
        side = "über" if (row["value"] or 0) > (row["median"] or 0) else "unter"
        return (
            f"Wert {_number(row['value'], decimals)}{_unit(unit)} liegt deutlich {side} dem "
            f"Ringmedian ({_number(row['median'], decimals)}{_unit(unit)})"
        )
    if kind in ("change_previous", "change_year"):
        against = "zum Vorquartal" if kind == "change_previous" else "zum Vorjahr"
        change = row["change"]
        sign = "+" if change is not None and change > 0 else ""
        return f"Starke Veränderung {against}: {sign}{_number(change, decimals)}{_unit(unit, True)}"
    old = STATUS_WORDS.get(row.get("old_status") or "", row.get("old_status") or "–")
    new = STATUS_WORDS.get(row.get("new_status") or "", row.get("new_status") or "–")
    return f"Status geändert: {old} → {new}"
