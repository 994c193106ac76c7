"""`ringvergleich template`: write the collection templates of a ring for one quarter."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from store import periods
from tui.commands import open_for_command
from tui.commands.lookup import Refusal, find_ring, parse_quarter
from tui.kit.cycle import make_templates
from tui.kit.texts import cycle as tx


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--ring", required=True, help=tx.CLI_RING)
    parser.add_argument("--period", required=True, metavar="QUARTAL", help=tx.CLI_PERIOD)
    parser.add_argument("--out", required=True, metavar="VERZEICHNIS", help=tx.CLI_TEMPLATE_OUT)
    parser.add_argument("--force", action="store_true", help=tx.CLI_FORCE)
    parser.add_argument("--db", help=tx.CLI_DB)


def run(args: argparse.Namespace) -> int:
    opened = open_for_command(args.db)
    if opened is None:
        return 2
    store = opened[0]
    try:
        ring = find_ring(store, args.ring)
        period = parse_quarter(args.period)
        result = make_templates(store, ring["id"], period, Path(args.out), args.force)
    except Refusal as refusal:
        print(refusal, file=sys.stderr)
        return 1
    except OSError as error:
        print(tx.WRITE_FAILED.format(error=error), file=sys.stderr)
        return 1
    finally:
        store.close()
    if result.existing:
        print(tx.TEMPLATES_EXIST.format(count=len(result.existing), first=result.existing[0]),
              file=sys.stderr)
        return 1
    if not result.written:
        print(tx.NO_MEMBERS.format(period=periods.label(period)), file=sys.stderr)
        return 1
    print(tx.TEMPLATES_WRITTEN.format(count=len(result.written), period=period,
                                      directory=args.out))
    return 0
