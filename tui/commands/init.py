"""`ringvergleich init DB`: create an empty database with schema and indicator catalogue."""

from __future__ import annotations

import argparse
import sys

from store.db import StoreError, create_database
from tui.kit import texts


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("db", help="neue Datenbankdatei")


def run(args: argparse.Namespace) -> int:
    try:
        create_database(args.db).close()
    except StoreError as error:
        if error.reason == "invalid":
            print(f"{args.db} gibt es schon.", file=sys.stderr)
        else:
            print(texts.store_error(error), file=sys.stderr)
        return 1
    print(f"Neue Datenbank angelegt: {args.db}")
    return 0
