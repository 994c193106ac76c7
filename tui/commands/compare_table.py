"""`ringvergleich compare` as a plain-text table for an 80-column terminal (German numbers)."""

from __future__ import annotations

import textwrap
from typing import Any

from store import periods
from tui.kit import format as fmt
from tui.kit.texts import expected as ex_texts

REFERENCE_LABELS = {
    "ring": "Ring", "zkT": "alle zkT", "gE": "alle gE", "type": "eigener Vergleichstyp",
    "all": "alle Kommunen",
}
DIRECTION_LABELS = {
    "up": "höher ist günstiger", "down": "niedriger ist günstiger", "neutral": "ohne Wertung",
}
TOO_FEW_NOTE = "Hinweis: weniger als 3 Werte – Kennwerte nur eingeschränkt aussagekräftig."
STAT_LABELS = (
    ("n", "Werte"), ("missing", "fehlend"), ("min", "Minimum"), ("q1", "1. Quartil"),
    ("median", "Median"), ("mean", "Mittelwert"), ("q3", "3. Quartil"), ("max", "Maximum"),
    ("pooled", "gepoolt"),
)
EXPECTED_HEADERS = ("Erwartet", "Residuum", "ggü. Erwartung")
ASSESSMENT_LABELS = {
    "favourable": "günstiger", "unfavourable": "ungünstiger", "neutral": "ohne Wertung",
}


def _grid(headers: list[str] | tuple[str, ...], rows: list[list[str]], align: str) -> str:
    """Plain-text table; `align` has one letter per column: l(eft) or r(ight)."""
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(headers)]

    def line(cells: list[str] | tuple[str, ...]) -> str:
        padded = (c.rjust(w) if a == "r" else c.ljust(w)
                  for c, w, a in zip(cells, widths, align, strict=True))
        return "  ".join(padded).rstrip()

    return "\n".join([line(headers), line(["─" * w for w in widths]), *map(line, rows)])


def _signed(value: float | None, decimals: int, suffix: str = "") -> str:
    """Signed number; a change that rounds to zero shows as 0 without a sign."""
    if value is None:
        return "–"
    return fmt.signed(value, decimals, suffix)


ASSESSMENT_MARKS = {"favourable": "▲", "unfavourable": "▼"}
TABLE_WIDTH = 80
TABLE_LEGEND = (
    "Wert: p vorläufig, r revidiert, s geschätzt, – fehlt, . geheim · Viertel 1.–4.\n"
    "▲ günstiger ▼ ungünstiger: ab einer robusten Abweichung vom Median · ● Ausreißer"
)


def _member_row(row: dict[str, Any], decimals: int, relative: bool) -> list[str]:
    band = row["quartile_band"]
    value = (fmt.number(row["value"], decimals) + fmt.status_mark(row["status"])
             if row["value"] is not None else fmt.status_mark(row["status"]) or "–")
    mark = ASSESSMENT_MARKS.get(row["assessment"] or "", "") + (" ●" if row["outlier"] else "")
    cells = [fmt.clean(row.get("name") or row["ags"]), value, _signed(row["deviation"], decimals)]
    if relative:
        cells.append(_signed(row["deviation_pct"], 1))
    return cells + [
        f"{band}." if band is not None else "–",
        _signed(row["change_previous"], decimals),
        _signed(row["change_year"], decimals),
        mark.strip(),
    ]


def _stat_cell(stats: dict[str, Any], key: str, decimals: int) -> str:
    if key in ("n", "missing"):
        return str(stats[key])
    return fmt.number(stats[key], decimals)


def _fit_names(rows: list[list[str]], headers: list[str]) -> None:
    """Shorten the names (first column) so that the table fits 80 columns."""
    others = sum(max([len(h)] + [len(r[i]) for r in rows]) + 2
                 for i, h in enumerate(headers) if i)
    room = max(12, TABLE_WIDTH - others)
    for row in rows:
        if len(row[0]) > room:
            row[0] = row[0][:room - 1] + "…"


def as_table(result: dict[str, Any]) -> str:
    """Fits an 80-column terminal: values with their status mark, deviation (in percentage
    points for rates, plus the relative one for other units), quartile, changes, mark."""
    info, dist = result["indicator"], result["distribution"]
    decimals = info["decimals"] if info["decimals"] is not None else 1
    unit = info["unit"] or ""
    relative = unit != "%"  # a relative deviation of a rate (near zero) means nothing
    header = [
        f"Vergleichsring: {fmt.clean(result['ring']['name'])} (Nr. {result['ring']['id']})",
        f"Kennzahl: {info['code']} – {fmt.clean(info['name'])} ({unit}, "
        f"{DIRECTION_LABELS.get(info['direction'], info['direction'])})",
        f"Quartal: {periods.label(result['period'])} · Vergleich mit: "
        f"{REFERENCE_LABELS[result['reference']]}",
    ]
    headers = ["Kommune", "Wert", "Abw." if relative else "Abw. Pp."]
    headers += ["Abw. %"] if relative else []
    headers += ["Viertel", "Δ Vorq.", "Δ Vorj.", "▲▼●"]
    align = "lrr" + ("r" if relative else "") + "rrrl"
    members = [_member_row(r, decimals, relative)
               for r in result["positions"].iter_rows(named=True)]
    model = result.get("model")
    if model is not None:  # asked for with --expected: three columns more, past 80
        headers += EXPECTED_HEADERS
        align += "rrl"
        for row, r in zip(members, result["positions"].iter_rows(named=True), strict=True):
            row += [fmt.number(r["expected"], decimals), _signed(r["residual"], decimals),
                    ASSESSMENT_LABELS.get(r["residual_assessment"], "–")]
    if result["reference"] == "type":  # each member is measured against its own type
        headers.insert(1, "Typ")
        align = align[:1] + "l" + align[1:]
        types = result["positions"]["comparison_type"].fill_null("–").to_list()
        members = [row[:1] + [fmt.clean(t)] + row[1:] for row, t in zip(members, types, strict=True)]
    if model is None:  # with the expected columns the names stay whole (wider than 80 anyway)
        _fit_names(members, headers)
    groups: list[tuple[str, dict[str, Any]]] = [("Ring", dist)]
    if result["references"] is not None:
        for ref in result["references"].iter_rows(named=True):
            label = REFERENCE_LABELS[result["reference"]]
            groups.append((f"Typ {ref['key']}" if ref["group"] == "type" else label, ref))
    stats_rows = [[label] + [_stat_cell(g, key, decimals) for _n, g in groups]
                  for key, label in STAT_LABELS]
    parts = [
        "\n".join(textwrap.fill(line, TABLE_WIDTH, subsequent_indent="  ") for line in header),
        _grid(headers, members, align) + "\n" + TABLE_LEGEND,
        f"Verteilung ({unit})\n"
        + _grid(["Kennwert"] + [n for n, _g in groups], stats_rows, "l" + "r" * len(groups)),
    ]
    if any(g["too_few"] for _n, g in groups):
        parts.append(TOO_FEW_NOTE)
    if model is not None:
        parts.append(_model_block(result, decimals))
    return "\n\n".join(parts) + "\n"


def _model_block(result: dict[str, Any], decimals: int) -> str:
    """n, R², coefficients and their plain-German reading."""
    model = result["model"]
    lines = ["Erwartung aus den Rahmenbedingungen (Regression über alle Kommunen der Datenbank)",
             ex_texts.model_line(model, result["model_ages"])]
    if model.ok:
        rows = [[ex_texts.INTERCEPT if name == "intercept" else name, fmt.number(value, decimals + 3)]
                for name, value in model.coefficients.items()]
        lines.append(_grid(["Variable", "Koeffizient"], rows, "lr"))
        lines += result["readings"]
    return "\n".join(lines)
