"""Display formatting in one place: German decimal comma, thousands dot, units, periods."""

from __future__ import annotations

import math

from rich.text import Text

from store.safe_text import strip_controls

STATUS_MARKS = {
    "final": "",
    "provisional": "p",
    "revised": "r",
    "estimated": "s",
    "missing": "–",
    "confidential": ".",
}



def clean(text: object) -> str:
    """Data text made safe for display: no control characters, no terminal escapes
    (tab and newline stay; see store.safe_text)."""
    return strip_controls(text)


def plain(text: object, style: str = "") -> Text:
    """A Rich Text that shows `text` literally (never parsed as markup)."""
    return Text(clean(text), style=style)


def number(value: float | int | None, decimals: int = 1) -> str:
    """1234567.891 → '1.234.567,9'; None/NaN → '–'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    formatted = f"{value:,.{decimals}f}"
    if formatted.startswith("-") and not formatted.strip("-0.,"):
        formatted = formatted[1:]  # -0.004 rounds to 0: no sign on a zero (never "-0,0")
    return formatted.replace(",", "\0").replace(".", ",").replace("\0", ".")


def value(value: float | None, unit: str = "%", decimals: int = 1, with_unit: bool = True) -> str:
    text = number(value, decimals)
    if text == "–" or not with_unit or not unit or unit in ("Anzahl", "Personen"):
        return text
    return f"{text} %" if unit == "%" else f"{text} {unit}"


def signed(value: float | None, decimals: int = 1, suffix: str = "") -> str:
    """Change with explicit sign: +1,2 / -0,5 (ASCII minus, so pasted text stays numeric)."""
    text = number(value, decimals)
    if text == "–":
        return text
    if value is not None and value > 0 and text.strip("0,."):
        text = "+" + text  # 0.004 rounds to 0: no sign either way
    return text + suffix


def status_mark(status: str | None) -> str:
    return STATUS_MARKS.get(status or "final", "?")


def iso_date(day: str | None) -> str:
    """'2026-12-10' → '10.12.2026'."""
    if not day:
        return "–"
    parts = day[:10].split("-")
    return ".".join(reversed(parts)) if len(parts) == 3 else clean(day)


def pseudonym_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA …"""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def extend_pseudonyms(names: dict[str, str], keys: list[str], pattern: str) -> dict[str, str]:
    """The app's pseudonym rule: municipalities get letters in the order of their keys
    (AGS), letters already given stay put and newcomers get the next ones. `pattern` is the
    German word with {letter}; `names` is extended in place and returned."""
    for key in keys:
        if key not in names:
            names[key] = pattern.format(letter=pseudonym_letter(len(names)))
    return names


def shade(score: float | None, robust_z: float | None, neutral: bool) -> tuple[str, str]:
    """(symbol, style) for a matrix cell. Directional indicators: ▲ favourable / ▼
    unfavourable from one robust deviation on; neutral ones are never judged, only a ●
    marks a value far from the median. Symbols carry the meaning without colour."""
    if neutral:
        if robust_z is not None and abs(robust_z) >= 2:
            return "●", "bold"
        return "", ""
    if score is None:
        return "", ""
    if score >= 2:
        return "▲", "bold black on rgb(120,200,140)"
    if score >= 1:
        return "▲", "black on rgb(185,230,195)"
    if score <= -2:
        return "▼", "bold black on rgb(235,140,130)"
    if score <= -1:
        return "▼", "black on rgb(245,200,190)"
    return "", ""


def figure_cell(
    value_: float | None,
    decimals: int,
    status: str | None,
    symbol: str = "",
    style: str = "",
    noted: bool = False,
) -> Text:
    """A table cell: number, status mark, note mark and deviation symbol; right-aligned."""
    mark = status_mark(status)
    text = number(value_, decimals) if value_ is not None else (mark or "–")
    if value_ is not None:
        text += mark
    text += "°" if noted else ""
    text += symbol
    return Text(text, style=style, justify="right", no_wrap=True, overflow="crop")
