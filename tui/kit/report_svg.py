"""Small inline SVG charts for the ring report: members against the quartiles, a time series.

Written by hand rather than with a chart library: two chart types of a few shapes each,
measured at about 1.4 KB (members) and 1.0 KB (series) per chart, no script, no external
style, every label escaped, nothing to add to the dependencies. pygal, the small pure-Python
SVG library that would fit, writes 16.7 KB and 20.8 KB for the same two charts (its own
stylesheet in every chart, and a script reference to switch off for offline use): about
1.1 MB instead of 75 KB for a report over 30 indicators."""

from __future__ import annotations

import html
from collections.abc import Sequence

from tui.kit import format as fmt

BAND = "#d9e4f0"
MEDIAN = "#1f4e79"
DOT = "#555555"
OWN = "#c0392b"
TEXT = 'font-family="Arial, Helvetica, sans-serif" font-size="10" fill="#333"'


def _esc(text: object) -> str:
    return html.escape(fmt.clean(text), quote=True)


def _span(values: Sequence[float | None]) -> tuple[float, float]:
    found = [v for v in values if v is not None]
    if not found:
        return 0.0, 1.0
    low, high = min(found), max(found)
    if high == low:
        pad = abs(high) * 0.05 or 1.0
        return low - pad, high + pad
    pad = (high - low) * 0.05
    return low - pad, high + pad


def _n(x: float) -> str:
    return f"{x:.1f}"


def strip_chart(
    points: Sequence[tuple[str, float | None, bool]], q1: float | None, median: float | None,
    q3: float | None, decimals: int, width: int = 400, height: int = 64,
    around_zero: bool = False,
) -> str:
    """Members as dots on one axis before the band from Q1 to Q3 and the median line.
    `points`: (label, value, own); the label is the dot's tooltip (escaped). `around_zero`
    centres the axis on zero (residuals: the line is then zero, "as expected")."""
    low, high = _span([v for _l, v, _o in points] + [q1, q3, median])
    if around_zero:
        reach = max(abs(low), abs(high))
        low, high = -reach, reach
    left, right, axis_y = 8, width - 8, height - 18

    def x(value: float) -> float:
        return left + (value - low) / (high - low) * (right - left)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img">']
    if q1 is not None and q3 is not None:
        parts.append(f'<rect x="{_n(x(q1))}" y="6" width="{_n(max(x(q3) - x(q1), 1))}" '
                     f'height="{axis_y - 6}" fill="{BAND}"/>')
    if median is not None:
        parts.append(f'<line x1="{_n(x(median))}" y1="4" x2="{_n(x(median))}" '
                     f'y2="{axis_y + 2}" stroke="{MEDIAN}" stroke-width="2"/>')
    parts.append(f'<line x1="{left}" y1="{axis_y}" x2="{right}" y2="{axis_y}" stroke="#999"/>')
    shown = [(label, v, own) for label, v, own in points if v is not None]
    for index, (label, value, own) in enumerate(shown):
        y = 10 + (index % 4) * ((axis_y - 16) / 3)  # staggered so equal values stay visible
        colour = OWN if own else DOT
        radius = 5 if own else 3.5
        parts.append(f'<circle cx="{_n(x(value))}" cy="{_n(y)}" r="{radius}" fill="{colour}">'
                     f'<title>{_esc(label)}: {_esc(fmt.number(value, decimals))}</title></circle>')
    parts.append(f'<text x="{left}" y="{height - 4}" {TEXT}>{_esc(fmt.number(low, decimals))}'
                 '</text>')
    parts.append(f'<text x="{right}" y="{height - 4}" text-anchor="end" {TEXT}>'
                 f'{_esc(fmt.number(high, decimals))}</text>')
    if around_zero:
        parts.append(f'<text x="{_n(x(0.0))}" y="{height - 4}" text-anchor="middle" {TEXT}>0'
                     '</text>')
    parts.append("</svg>")
    return "".join(parts)


def series_chart(
    labels: Sequence[str], q1: Sequence[float | None], median: Sequence[float | None],
    q3: Sequence[float | None], own: Sequence[float | None] | None, decimals: int,
    width: int = 260, height: int = 90,
) -> str:
    """The ring's median over the quarters with the Q1–Q3 band; the own municipality as a
    second line when given."""
    low, high = _span([*q1, *q3, *median, *(own or [])])
    left, right, top, bottom = 8, width - 8, 6, height - 18
    count = max(len(labels) - 1, 1)

    def xy(index: int, value: float) -> str:
        x = left + index / count * (right - left)
        y = bottom - (value - low) / (high - low) * (bottom - top)
        return f"{_n(x)},{_n(y)}"

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img">']
    band = [(i, a, b) for i, (a, b) in enumerate(zip(q1, q3, strict=True))
            if a is not None and b is not None]
    if band:
        outline = [xy(i, b) for i, _a, b in band] + [xy(i, a) for i, a, _b in reversed(band)]
        parts.append(f'<polygon points="{" ".join(outline)}" fill="{BAND}"/>')
    for values, colour, dash in ((median, MEDIAN, ""), (own or [], OWN, ' stroke-dasharray="4 2"')):
        line = [xy(i, v) for i, v in enumerate(values) if v is not None]
        if len(line) > 1:
            parts.append(f'<polyline points="{" ".join(line)}" fill="none" stroke="{colour}" '
                         f'stroke-width="2"{dash}/>')
        elif line:
            x, y = line[0].split(",")
            parts.append(f'<circle cx="{x}" cy="{y}" r="2.5" fill="{colour}"/>')
    parts.append(f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="#999"/>')
    if labels:
        parts.append(f'<text x="{left}" y="{height - 4}" {TEXT}>{_esc(labels[0])}</text>')
        parts.append(f'<text x="{right}" y="{height - 4}" text-anchor="end" {TEXT}>'
                     f'{_esc(labels[-1])}</text>')
    parts.append(f'<text x="{left}" y="{top + 8}" {TEXT}>{_esc(fmt.number(high, decimals))}'
                 '</text>')
    parts.append("</svg>")
    return "".join(parts)
