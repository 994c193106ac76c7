"""`ringvergleich model`: show or set a ring's model variables for expected values."""

from __future__ import annotations

import argparse
import sys

from store import expected
from store.compare.expected import DEFAULT_VARIABLES
from store.db import StoreError
from tui.commands import open_for_command
from tui.commands.lookup import Refusal, find_ring
from tui.kit import texts

SHOWN = "Modellvariablen des Rings „{ring}“: {variables}{default}"
DEFAULT_MARK = " (Standard)"
SAVED = "Gespeichert. "


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--ring", required=True, help="Name des Vergleichsrings (oder seine Nummer)")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--set", nargs="+", metavar="VARIABLE",
                       help="Rahmenbedingungen als Codes, ln(CODE) für den Logarithmus, "
                            f"z. B. --set {' '.join(DEFAULT_VARIABLES)}")
    group.add_argument("--default", action="store_true",
                       help=f"zurück zum Standard ({', '.join(DEFAULT_VARIABLES)})")
    parser.add_argument("--db", help="Datenbank (Standard: Arbeitskopie der Beispieldaten)")


def run(args: argparse.Namespace) -> int:
    writing = bool(args.set) or args.default
    opened = open_for_command(args.db, readonly=not writing)
    if opened is None:
        return 2
    store = opened[0]
    try:
        ring = find_ring(store, args.ring)
        if writing:
            expected.set_ring_variables(store, ring["id"], None if args.default else args.set)
        variables = expected.ring_variables(store, ring["id"])
    except Refusal as refusal:
        print(refusal, file=sys.stderr)
        return 1
    except StoreError as error:
        print(texts.store_error(error), file=sys.stderr)
        return 1
    finally:
        store.close()
    default = DEFAULT_MARK if variables == DEFAULT_VARIABLES else ""
    print((SAVED if writing else "") + SHOWN.format(ring=ring["name"],
                                                   variables=", ".join(variables),
                                                   default=default))
    return 0
