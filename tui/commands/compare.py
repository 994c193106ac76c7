"""`ringvergleich compare`: one indicator in a ring without the interface (table, CSV or JSON)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

import polars as pl

from store import analysis, expected, periods
from store.compare import REFERENCES
from store.db import Store
from tui.commands import open_for_command
from tui.commands.compare_files import as_csv, as_json
from tui.commands.compare_table import as_table
from tui.commands.lookup import Refusal, find_indicator, find_ring, parse_quarter
from tui.kit import format as fmt
from tui.kit.texts import expected as ex_texts

FORMATS = ("table", "csv", "json")
UNKNOWN_PERIOD = "Für {period} hat der Ring „{ring}“ keine Daten. Vorhanden: {first} bis {last}."
NO_DATA = "Der Ring „{ring}“ hat keine Werte für {code}."
EXPECTED_COLUMNS = ("ags", "expected", "residual", "residual_assessment", "context_age")


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
        print(refusal, file=sys.stderr)
        return 1
    finally:
        store.close()
    render = {"table": as_table, "csv": as_csv, "json": as_json}[args.format]
    # Data text never drives the terminal (JSON escapes C0 itself, not C1 or CSV cells).
    sys.stdout.write(fmt.clean(render(result)))
    return 0


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
