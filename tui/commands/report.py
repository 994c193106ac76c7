"""`ringvergleich report`: a ring's quarterly report as one self-contained HTML or Markdown file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from store import analysis, periods
from store.analysis import ring_membership
from store.compare import members_at
from tui.commands import open_for_command
from tui.commands.lookup import Refusal, find_ring, parse_quarter
from tui.kit.report import build, write_report
from tui.kit.texts import cycle as tx


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--ring", required=True, help=tx.CLI_RING)
    parser.add_argument("--period", required=True, metavar="QUARTAL", help=tx.CLI_PERIOD)
    parser.add_argument("--out", required=True, metavar="DATEI", help=tx.CLI_REPORT_OUT)
    parser.add_argument("--format", choices=("html", "md"), help=tx.CLI_FORMAT)
    parser.add_argument("--pseudonymise", action="store_true", help=tx.CLI_PSEUDO)
    parser.add_argument("--own", metavar="AGS", help=tx.CLI_OWN)
    parser.add_argument("--force", action="store_true", help=tx.CLI_FORCE)
    parser.add_argument("--db", help=tx.CLI_DB)


def run(args: argparse.Namespace) -> int:
    out = Path(args.out)
    kind = args.format or ("md" if out.suffix.lower() == ".md" else "html")
    if out.exists() and not args.force:
        print(tx.REPORT_EXISTS.format(path=out), file=sys.stderr)
        return 1
    opened = open_for_command(args.db)
    if opened is None:
        return 2
    store = opened[0]
    try:
        ring = find_ring(store, args.ring)
        period = parse_quarter(args.period)
        if args.own and analysis.municipality(store, args.own) is None:
            raise Refusal(tx.UNKNOWN_OWN.format(ags=args.own))
        if members_at(ring_membership(store, ring["id"]), period).is_empty():
            raise Refusal(tx.NO_MEMBERS.format(period=periods.label(period)))
        document = build(store, ring["id"], period, args.pseudonymise, args.own, kind)
    except Refusal as refusal:
        print(refusal, file=sys.stderr)
        return 1
    finally:
        store.close()
    try:
        write_report(out, document, args.force)
    except FileExistsError:
        print(tx.REPORT_EXISTS.format(path=out), file=sys.stderr)
        return 1
    except OSError as error:
        print(tx.WRITE_FAILED.format(error=error), file=sys.stderr)
        return 1
    size = out.stat().st_size
    print(tx.REPORT_WRITTEN.format(path=out, size=f"{size / 1024:.0f} KB"))
    return 0
