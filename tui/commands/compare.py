"""`ringvergleich compare`: one indicator in a ring without the interface (table, CSV or JSON)."""

from __future__ import annotations

import argparse
import io
import json
import sys
import textwrap
from typing import Any

import polars as pl

from importers.periods import parse_period
from store import analysis, expected, periods
from store.compare import REFERENCES
from store.db import Store
from store.rings import list_rings
from tui.commands import open_for_command
from tui.kit import format as fmt
from tui.kit.export import STORED_DECIMALS, neutralise_formulas
from tui.kit.texts import expected as ex_texts

FORMATS = ("table", "csv", "json")
REFERENCE_LABELS = {
    "ring": "Ring", "zkT": "alle zkT", "gE": "alle gE", "type": "eigener Vergleichstyp",
    "all": "alle Kommunen",
}
DIRECTION_LABELS = {
    "up": "höher ist günstiger", "down": "niedriger ist günstiger", "neutral": "ohne Wertung",
}
UNKNOWN_RING = "Unbekannter Ring „{ring}“. Vorhandene Ringe: {known}."
UNKNOWN_RING_ID = "Einen Ring Nr. {id} gibt es nicht. Vorhandene Ringe: {known}."
AMBIGUOUS_RING = ("„{ring}“ passt auf mehrere Ringe: {candidates}. Bitte den genauen Namen "
                  "oder --ring-id NR angeben.")
UNKNOWN_INDICATOR = "Unbekannte Kennzahl „{code}“. Vorhandene Kennzahlen: {known}."
BAD_PERIOD = ("„{period}“ ist kein Quartal. Bitte ein Quartal angeben, z. B. 2024-Q3, Q3/2024 "
              "oder „3. Quartal 2024“.")
AMBIGUOUS_INDICATOR = ("„{code}“ passt auf mehrere Kennzahlen: {candidates}. Bitte den Code "
                       "angeben.")
UNKNOWN_PERIOD = "Für {period} hat der Ring „{ring}“ keine Daten. Vorhanden: {first} bis {last}."
NO_DATA = "Der Ring „{ring}“ hat keine Werte für {code}."
TOO_FEW_NOTE = "Hinweis: weniger als 3 Werte – Kennwerte nur eingeschränkt aussagekräftig."
STAT_LABELS = (
    ("n", "Werte"), ("missing", "fehlend"), ("min", "Minimum"), ("q1", "1. Quartil"),
    ("median", "Median"), ("mean", "Mittelwert"), ("q3", "3. Quartil"), ("max", "Maximum"),
    ("pooled", "gepoolt"),
)
POSITION_COLUMNS = (
    "ags", "name", "value", "numerator", "denominator", "status", "value_previous",
    "value_year_ago", "change_previous", "change_year", "ref_n", "ref_q1", "ref_median",
    "ref_q3", "deviation", "deviation_pct", "quartile_band", "outlier", "assessment", "too_few",
)
STAT_COLUMNS = ("n", "missing", "min", "q1", "median", "mean", "q3", "max", "pooled", "too_few")
EXPECTED_COLUMNS = ("ags", "expected", "residual", "residual_assessment", "context_age")
EXPECTED_HEADERS = ("Erwartet", "Residuum", "ggü. Erwartung")
ASSESSMENT_LABELS = {
    "favourable": "günstiger", "unfavourable": "ungünstiger", "neutral": "ohne Wertung",
}


class Refusal(Exception):
    """A request the data cannot answer; the message is for the user."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--ring", help="Name des Vergleichsrings (Groß-/Kleinschreibung egal, "
                       "ein eindeutiger Teil genügt) oder seine Nummer")
    which.add_argument("--ring-id", type=int, metavar="NR", help="Nummer des Vergleichsrings")
    parser.add_argument("--indicator", required=True, metavar="KENNZAHL",
                        help="Code oder Name der Kennzahl, z. B. K2 oder Integrationsquote")
    parser.add_argument("--period", metavar="QUARTAL",
                        help="Quartal, z. B. 2024-Q3, Q3/2024 oder „3. Quartal 2024“ "
                             "(Standard: letztes mit Werten)")
    parser.add_argument("--reference", choices=REFERENCES, default="ring",
                        help="Vergleichsgruppe für Median und Abweichung (Standard: ring)")
    parser.add_argument("--format", choices=FORMATS, default="table",
                        help="table (Standard, deutsche Zahlen), csv oder json (Rohzahlen)")
    parser.add_argument("--expected", action="store_true",
                        help="Erwartungswert aus den Rahmenbedingungen und Residuum je Kommune "
                             "(Regression über alle Kommunen der Datenbank)")
    parser.add_argument("--db", help="Datenbank (Standard: Arbeitskopie der Beispieldaten)")


def run(args: argparse.Namespace) -> int:
    opened = open_for_command(args.db)
    if opened is None:
        return 2
    store = opened[0]
    try:
        result = gather(store, args.ring or "", args.indicator, args.period, args.reference,
                        args.ring_id)
        if args.expected:
            add_expected(store, result)
    except Refusal as refusal:
        print(fmt.clean(str(refusal)), file=sys.stderr)
        return 1
    finally:
        store.close()
    render = {"table": as_table, "csv": as_csv, "json": as_json}[args.format]
    # Data text never drives the terminal (JSON escapes C0 itself, not C1 or CSV cells).
    sys.stdout.write(fmt.clean(render(result)))
    return 0


def find_ring(store: Store, wanted: str, ring_id: int | None = None) -> dict[str, Any]:
    """The ring by number (`--ring-id`) or by name. A name is matched ignoring case; when
    several rings match (names differing only in case, or a name that is another ring's
    number) the request is refused with the candidates, never guessed."""
    rings = [{"id": ring.id, "name": ring.name} for ring in list_rings(store)]
    if ring_id is not None:
        for ring in rings:
            if ring["id"] == ring_id:
                return ring
        raise Refusal(UNKNOWN_RING_ID.format(id=ring_id, known=_ring_list(rings)))
    text = wanted.strip()
    by_name = [r for r in rings if r["name"].casefold() == text.casefold()]
    by_number = [r for r in rings if text.isdecimal() and r["id"] == int(text)
                 and r not in by_name]
    found = by_name + by_number
    if not found and text:  # a part of the name ("Ländliche") names the ring if only one has it
        found = [r for r in rings if text.casefold() in r["name"].casefold()]
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise Refusal(AMBIGUOUS_RING.format(ring=fmt.clean(wanted), candidates=_ring_list(found)))
    raise Refusal(UNKNOWN_RING.format(ring=fmt.clean(wanted), known=_ring_list(rings)))


def _ring_list(rings: list[dict[str, Any]]) -> str:
    return ", ".join(f"Nr. {r['id']} „{r['name']}“" for r in rings) or "keine"


def find_indicator(store: Store, code: str) -> dict[str, Any]:
    """By code (K2, k2), by name or short name (Integrationsquote), or by a part of a name
    that only one indicator has; several candidates are listed, never guessed."""
    info = analysis.indicator(store, code) or analysis.indicator(store, code.strip().upper())
    if info is not None:
        return info
    catalogue = analysis.indicators(store).select("code", "name", "short_name").rows(named=True)
    text = code.strip().casefold()
    names = [r for r in catalogue if text in {(r["name"] or "").casefold(),
                                             (r["short_name"] or "").casefold()}]
    if not names and text:
        names = [r for r in catalogue if text in (r["name"] or "").casefold()
                 or text in (r["short_name"] or "").casefold()]
    if len(names) == 1:
        return analysis.indicator(store, names[0]["code"])
    if names:
        candidates = ", ".join(f"{r['code']} „{r['name']}“" for r in names)
        raise Refusal(AMBIGUOUS_INDICATOR.format(code=fmt.clean(code), candidates=candidates))
    known = ", ".join(r["code"] for r in catalogue)
    raise Refusal(UNKNOWN_INDICATOR.format(code=fmt.clean(code), known=known))


def parse_quarter(text: str) -> str:
    """Every quarter form the app shows or reads: '2024-Q3', '2024q3', 'Q3/2024',
    '3. Quartal 2024', 'III/2024' → '2024-Q3'."""
    parsed = parse_period(text.strip())
    if parsed is None or not periods.is_quarter(parsed):
        raise Refusal(BAD_PERIOD.format(period=fmt.clean(text)))
    return parsed


def gather(
    store: Store, ring_name: str, code: str, period: str | None, reference: str,
    ring_id: int | None = None,
) -> dict[str, Any]:
    """Everything the outputs show: ring, indicator, period, distributions, positions."""
    ring = find_ring(store, ring_name, ring_id)
    info = find_indicator(store, code)
    available = analysis.ring_periods(store, ring["id"])
    if not available:
        raise Refusal(NO_DATA.format(ring=ring["name"], code=info["code"]))
    if period is not None:
        period = parse_quarter(period)
        if period not in available:
            raise Refusal(UNKNOWN_PERIOD.format(
                period=periods.short_label(period), ring=ring["name"],
                first=periods.short_label(available[0]), last=periods.short_label(available[-1])))
        dist, positions = analysis.ring_snapshot(store, ring["id"], info["code"], period, reference)
    else:
        # The quarter the ring screens open on (most members have figures), or before it:
        # a quarter still being collected would compare a few early answers only.
        latest = analysis.default_period(store, ring["id"]) or available[-1]
        for period in reversed([p for p in available if p <= latest]):
            dist, positions = analysis.ring_snapshot(
                store, ring["id"], info["code"], period, reference)
            if dist["n"]:
                break
        else:
            raise Refusal(NO_DATA.format(ring=ring["name"], code=info["code"]))
    references = None
    if reference != "ring":
        groups = analysis.reference_groups(store, info["code"], period)
        references = groups.filter(pl.col("group") == reference)
        if reference == "type":
            own_types = positions["comparison_type"].fill_null("–").unique()
            references = references.filter(pl.col("key").is_in(own_types.implode()))
    positions = positions.sort(pl.col("name").str.to_lowercase(), "ags", nulls_last=True)
    return {"ring": ring, "indicator": info, "period": period, "reference": reference,
            "distribution": dist, "references": references, "positions": positions}


def add_expected(store: Store, result: dict[str, Any]) -> None:
    """The model for the ring's indicator and quarter, and each member's expected value."""
    found, judged = expected.ring_expected(store, result["ring"]["id"],
                                           result["indicator"]["code"], result["period"])
    catalogue = {r["code"]: r for r in analysis.indicators(store).iter_rows(named=True)}
    result["model"] = found.model
    result["model_ages"] = found.ages.to_dicts()
    result["readings"] = ex_texts.readings(found.model, catalogue, result["indicator"])
    result["positions"] = result["positions"].join(
        judged.select(*EXPECTED_COLUMNS), on="ags", how="left", maintain_order="left")


# --- table -------------------------------------------------------------------------------


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


# --- csv and json ------------------------------------------------------------------------


def _positions_frame(result: dict[str, Any]) -> pl.DataFrame:
    positions = result["positions"]
    if "name" not in positions.columns:
        positions = positions.with_columns(pl.lit(None, pl.String).alias("name"))
    return positions.select(POSITION_COLUMNS)


def as_csv(result: dict[str, Any]) -> str:
    """One row per member, the ring distribution repeated as ring_* columns; semicolons and
    decimal commas as in the app's exports (numbers rounded to 4 places)."""
    dist = result["distribution"]
    frame = _positions_frame(result).with_columns(
        pl.lit(result["ring"]["name"]).alias("ring"),
        pl.lit(result["indicator"]["code"]).alias("indicator_code"),
        pl.lit(result["period"]).alias("period"),
        pl.lit(result["reference"]).alias("reference"),
        *(pl.lit(dist[key]).alias(f"ring_{key}") for key in STAT_COLUMNS),
    )
    frame = frame.select("ring", "indicator_code", "period", "reference", *POSITION_COLUMNS,
                         *(f"ring_{key}" for key in STAT_COLUMNS))
    if result.get("model") is not None:
        model = result["model"]
        frame = frame.with_columns(
            result["positions"]["expected"], result["positions"]["residual"],
            result["positions"]["residual_assessment"],
            pl.lit(model.n).alias("model_n"), pl.lit(model.r2, pl.Float64).alias("model_r2"),
        )
    # The app's CSV conventions: semicolon, decimal comma, no float noise.
    frame = frame.with_columns(pl.col(pl.Float64, pl.Float32).round(STORED_DECIMALS))
    buffer = io.StringIO()
    neutralise_formulas(frame).write_csv(buffer, separator=";", decimal_comma=True)
    return buffer.getvalue()


def as_json(result: dict[str, Any]) -> str:
    info = result["indicator"]
    document = {
        "ring": result["ring"],
        "indicator": {key: info[key] for key in ("code", "name", "unit", "direction", "decimals")},
        "period": result["period"],
        "reference": result["reference"],
        "distribution": {key: result["distribution"][key] for key in STAT_COLUMNS},
        "members": _positions_frame(result).to_dicts(),
    }
    if result.get("model") is not None:
        document["model"] = result["model"].as_json()
        document["model_context"] = result["model_ages"]
        extra = result["positions"].select("expected", "residual", "residual_assessment")
        for member, more in zip(document["members"], extra.iter_rows(named=True), strict=True):
            member.update(more)
    if result["references"] is not None:
        document["reference_distributions"] = result["references"].select(
            "group", "key", *STAT_COLUMNS).to_dicts()
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
