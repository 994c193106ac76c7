"""Destatis Gemeindeverzeichnis (GV-ISys) workbook as master data: the Kreise with name, kind,
state, population and area.

The data sheet follows an `Inhalt` sheet; its merged header rows name `Satzart`,
`Textkennzeichen`, the regional key split into Land / RB / Kreis / VB / Gem text columns,
the name, the area and the population. Satzart 10 is a Land, 20 a Regierungsbezirk, 40 a
Kreis, 50 a Gemeindeverband and 60 a Gemeinde. A Kreis without its own area or population
gets the sums of its Gemeinden.
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from importers import official
from importers.columns import fold
from importers.keys import MunicipalityMatcher
from importers.master import Checked
from importers.problems import Problem
from importers.source import RawTable

HEADERS = ["AGS", "Name", "Art", "Bundesland", "Einwohner", "Fläche km²"]
KINDS = {"41": "kreisfreie Stadt", "42": "Stadtkreis", "43": "Kreis", "44": "Landkreis",
         "45": "Regionalverband"}
# A Kreis new to the database has no carrier in the Gemeindeverzeichnis: most job
# centres are joint ones (gE); the summary says so, and a municipalities file corrects it.
NEW_CARRIER = "gE"
_LEVELS = {"10", "20", "30", "40", "50", "60"}
_HYPHEN_BREAK = re.compile(r"(?<=\w)-\s*\n?\s*(?=[a-zäöüß])")


def _text(cell: str) -> str:
    return fold(_HYPHEN_BREAK.sub("", cell))


def _is_gv(top: list[tuple[int, list[str]]]) -> bool:
    return any(any(_text(c) == "satzart" for c in cells) for _n, cells in top)


def _code(cell: str) -> str:
    return re.sub(r"\.0+$", "", cell.strip())


def read(path: Path, data: bytes, sheet: str | None = None) -> RawTable | None:
    """The Kreise of a GV-ISys workbook as a master-data table, or None for another file."""
    rows, name = official.excel_grid(data, sheet, _is_gv)
    if not rows:
        return None
    start = next(i for i, (_n, cells) in enumerate(rows) if any(_text(c) == "satzart"
                                                                 for c in cells))
    level_col = next(i for i, c in enumerate(rows[start][1]) if _text(c) == "satzart")
    first = next((i for i in range(start, len(rows)) if _code(rows[i][1][level_col]) in _LEVELS),
                 len(rows))
    roles = _roles(rows[start:first])
    missing = [r for r in ("land", "rb", "kreis", "name") if r not in roles]
    if missing:
        return None
    states: dict[str, str] = {}
    kreise: dict[str, dict] = {}
    sums: dict[str, list[float]] = {}

    def cell(cells: list[str], role: str) -> str:
        return cells[roles[role]].strip() if role in roles else ""

    for number, cells in rows[first:]:
        level = _code(cells[level_col])
        land = _code(cell(cells, "land")).zfill(2)
        if level == "10":
            states[land] = cell(cells, "name")
        if level not in ("40", "60"):
            continue
        ags = land + _code(cell(cells, "rb"))[:1] + _code(cell(cells, "kreis")).zfill(2)
        area, population = _number(cell(cells, "area")), _number(cell(cells, "population"))
        if level == "40":
            kind = KINDS.get(_code(cell(cells, "textkennzeichen")))
            kreise[ags] = {"_row": number, "ags": ags, "name": cell(cells, "name"), "kind": kind,
                           "land": land, "population": population, "area": area}
        else:
            total = sums.setdefault(ags, [0.0, 0.0])
            total[0] += population or 0
            total[1] += area or 0
    records = []
    for ags, kreis in kreise.items():
        population = kreis["population"] if kreis["population"] is not None else (
            sums.get(ags, [None, None])[0])
        area = kreis["area"] if kreis["area"] is not None else sums.get(ags, [None, None])[1]
        records.append({
            "c0": ags, "c1": kreis["name"], "c2": kreis["kind"],
            "c3": states.get(kreis["land"]),
            "c4": None if not population else str(int(round(population))),
            "c5": None if not area else repr(round(area, 2)), "_row": kreis["_row"],
        })
    schema = {**{f"c{i}": pl.String for i in range(len(HEADERS))}, "_row": pl.Int64}
    cells = pl.DataFrame(records, schema=schema)
    return RawTable(path.name, cells, list(HEADERS), rows[start][0], [path.stem],
                    sheet=name, fmt="excel")


def _roles(headers: list[tuple[int, list[str]]]) -> dict[str, int]:
    """Column of each role from the stacked, merged header rows."""
    width = max(len(cells) for _n, cells in headers)
    combined = [""] * width
    for depth, (_n, cells) in enumerate(headers):
        previous = ""
        for c in range(width):
            text = _text(cells[c]) if c < len(cells) else ""
            if not text and depth < len(headers) - 1:
                text = previous  # a merged cell spans the columns to its right
            previous = text
            if text and not text.isdigit():
                combined[c] = f"{combined[c]} | {text}" if combined[c] else text
    roles: dict[str, int] = {}
    tests = {
        "satzart": lambda h: h.startswith("satzart"),
        "textkennzeichen": lambda h: "textkennzeichen" in h,
        "land": lambda h: h.endswith("| land"),
        "rb": lambda h: h.endswith("| rb"),
        "kreis": lambda h: h.endswith("| kreis"),
        "name": lambda h: "gemeindename" in h or h.endswith("name"),
        "area": lambda h: "flaeche" in h,
        "population": lambda h: "bevoelkerung" in h and h.endswith("insgesamt"),
    }
    for role, test in tests.items():
        index = next((c for c, h in enumerate(combined) if h and test(h)), None)
        if index is not None:
            roles[role] = index
    return roles


def _number(text: str) -> float | None:
    text = text.strip().replace(" ", "")
    if not text:
        return None
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return None


def check(table: RawTable, matcher: MunicipalityMatcher) -> Checked:
    """Records for write_municipalities: a known Kreis keeps its carrier and type, a new
    one gets NEW_CARRIER."""
    cells = table.cells
    if cells.height == 0:
        return Checked(pl.DataFrame(), [Problem(table.name, None, None, None, "empty")])
    known = list(matcher.keys)
    records = cells.select(
        pl.col("c0").alias("ags"), pl.col("c1").alias("name"), pl.col("c2").alias("kind"),
        pl.when(pl.col("c0").is_in(known)).then(pl.lit(None, pl.String))
        .otherwise(pl.lit(NEW_CARRIER)).alias("carrier"),
        pl.col("c3").alias("state"), pl.lit(None, pl.String).alias("comparison_type"),
        pl.col("c4").cast(pl.Int64).alias("population"),
        pl.col("c5").cast(pl.Float64).alias("area_km2"),
        pl.lit(None, pl.String).alias("settlement"), "_row",
    )
    return Checked(records, [])
