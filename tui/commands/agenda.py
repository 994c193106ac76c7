"""`ringvergleich agenda MEETING`: write a meeting's agenda or minutes as Markdown or HTML."""

from __future__ import annotations

import argparse
import sys

from store.db import StoreError
from tui.commands import open_for_command
from tui.kit import format as fmt
from tui.kit.minutes import render
from tui.kit.outfile import refuse_target, write_atomic
from tui.kit.texts import meetings as tx


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("meeting", type=int, help="Nummer (id) des Treffens")
    parser.add_argument("--db", help="Datenbank (Standard: Arbeitskopie der Beispieldaten)")
    parser.add_argument("--format", choices=("md", "html"), default="md",
                        help="Markdown (Standard) oder HTML zum Versenden per E-Mail")
    parser.add_argument("--minutes", action="store_true",
                        help="Protokoll mit Notizen, Beschlüssen, Aufgaben und Zahlenstand")
    parser.add_argument("--out", help="Zieldatei (Standard: Ausgabe auf dem Terminal)")
    parser.add_argument("--force", action="store_true",
                        help="vorhandene Zieldatei ersetzen (eine Datenbank nie)")


def run(args: argparse.Namespace) -> int:
    opened = open_for_command(args.db)
    if opened is None:
        return 2
    store, path = opened
    refused = refuse_target(args.out, args.force, (path,)) if args.out else None
    if refused:
        store.close()
        print(refused, file=sys.stderr)
        return 2
    try:
        # Stored data text never drives a terminal, on screen or when the file is shown.
        document = fmt.clean(render(store, args.meeting, args.minutes, args.format))
    except StoreError as error:
        if error.reason != "not_found":
            raise
        print(tx.EXPORT_MISSING.format(meeting=args.meeting, db=path), file=sys.stderr)
        return 1
    finally:
        store.close()
    if args.out:
        try:
            write_atomic(args.out, document.encode("utf-8"))
        except OSError as error:
            print(tx.EXPORT_FAILED.format(error=error), file=sys.stderr)
            return 1
        print(tx.EXPORT_DONE.format(path=args.out), file=sys.stderr)
    else:
        sys.stdout.write(document)
    return 0
