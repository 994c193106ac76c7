"""`ringvergleich backup DB OUT`: a consistent copy of a database while others may write."""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path

from store.db import StoreError, open_store
from tui.kit import texts
from tui.kit.outfile import refuse_target


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("db", help="Ringvergleich-Datenbank")
    parser.add_argument("out", help="Zieldatei der Sicherung (wird angelegt)")
    parser.add_argument("--force", action="store_true",
                        help="vorhandene Sicherung ersetzen (nie die Datenbank selbst)")


def run(args: argparse.Namespace) -> int:
    out = Path(args.out)
    db = Path(args.db)
    refused = refuse_target(out, args.force, (db, Path(f"{db}-wal"), Path(f"{db}-shm")),
                            databases_too=True)
    if refused:
        print(refused, file=sys.stderr)
        return 2
    try:
        store = open_store(args.db, readonly=True)
    except StoreError as error:
        print(texts.store_error(error), file=sys.stderr)
        return 2
    try:
        store.backup(out)
    except (OSError, sqlite3.Error) as error:
        print(texts.OUT_FAILED.format(path=out, error=error), file=sys.stderr)
        return 1
    finally:
        store.close()
    print(texts.BACKUP_DONE.format(db=args.db, path=out))
    return 0

