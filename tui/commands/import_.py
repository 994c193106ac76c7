"""`ringvergleich import FILE…`: check and import figures or master data, with a summary."""

from __future__ import annotations

import argparse
import sys

from importers import LAYOUT_CHOICES, Outcome, Prepared, import_files
from store.db import StoreError
from store.imports_undo import undo_import
from tui.commands import open_for_command
from tui.commands.lookup import Refusal, parse_quarter
from tui.kit import format as fmt
from tui.kit import texts
from tui.kit.texts import imports as t

BAR_WIDTH = 30
# Below this many rows a file is written faster than a bar could be read.
BAR_MIN_ROWS = 20_000


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="*", metavar="DATEI", help=t.CLI_FILES)
    parser.add_argument("--undo", type=int, metavar="NR", help=t.CLI_UNDO)
    parser.add_argument("--db", help=t.CLI_DB)
    parser.add_argument("--dry-run", action="store_true", help=t.CLI_DRY_RUN)
    parser.add_argument("--layout", choices=LAYOUT_CHOICES, help=t.CLI_LAYOUT)
    parser.add_argument("--sheet", help=t.CLI_SHEET)
    parser.add_argument("--quiet", "-q", action="store_true", help=t.CLI_QUIET)
    parser.add_argument("--map", action="append", default=[], metavar="MERKMAL=CODE",
                        help=t.CLI_MAP)
    parser.add_argument("--period", metavar="QUARTAL", help=t.CLI_PERIOD)


class ProgressLine:
    """A one-line progress bar on stderr, drawn only on a terminal."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.drawn = False

    def __call__(self, prepared: Prepared, phase: str, done: int, total: int) -> None:
        if not self.enabled or (phase == "write" and total < BAR_MIN_ROWS):
            return
        share = done / total if total else 0.0
        bar = "█" * round(share * BAR_WIDTH) + "░" * (BAR_WIDTH - round(share * BAR_WIDTH))
        label = t.PROGRESS.get(phase, phase)
        sys.stderr.write(f"\r{fmt.clean(prepared.name)[:30]:30} {label:10} {bar} {share:4.0%}")
        sys.stderr.flush()
        self.drawn = True

    def clear(self) -> None:
        if self.drawn:
            sys.stderr.write("\r" + " " * (BAR_WIDTH + 50) + "\r")
            sys.stderr.flush()
            self.drawn = False


def run(args: argparse.Namespace) -> int:
    if (args.undo is None) == (not args.files):
        print(t.CLI_FILES_OR_UNDO, file=sys.stderr)
        return 2
    if args.undo is not None:
        return undo(args)
    try:
        period = parse_quarter(args.period) if args.period else None
    except Refusal as refusal:
        print(refusal, file=sys.stderr)
        return 2
    opened = open_for_command(args.db, readonly=args.dry_run)
    if opened is None:
        return 2
    store, _path = opened
    progress = ProgressLine(sys.stderr.isatty() and not args.quiet)
    try:
        outcomes = import_files(store, args.files, dry_run=args.dry_run, layout=args.layout,
                                sheet=args.sheet, progress=progress, mappings=args.map,
                                period=period)
    finally:
        progress.clear()
        store.close()
    for outcome in outcomes:
        report(outcome, dry_run=args.dry_run)
    if args.dry_run:
        print(t.DRY_RUN)
    return 0 if all(o.ok for o in outcomes) else 1


def report(outcome: Outcome, dry_run: bool = False) -> None:
    prepared = outcome.prepared
    if not prepared.ok:
        print(t.FAILED.format(name=fmt.clean(prepared.name), count=len(prepared.problems)), file=sys.stderr)
        for problem in prepared.problems:
            print("  " + t.problem_line(problem), file=sys.stderr)
        return
    if outcome.error is not None:
        print(fmt.clean(t.STORE_FAILED.format(name=prepared.name,
                                             message=texts.store_error(outcome.error))),
              file=sys.stderr)
        return
    assert outcome.counts is not None
    print(t.summary(prepared.name, prepared.kind, outcome.counts))
    if (outcome.counts.previous is None and outcome.counts.import_id and prepared.kind == "figures"
            and not dry_run):  # a dry run wrote nothing there is to undo
        print(t.UNDO_HINT.format(id=outcome.counts.import_id))
    if outcome.counts.previous is None:
        print(t.DETECTED.format(parts="; ".join(t.detected_parts(prepared))))


def undo(args: argparse.Namespace) -> int:
    """`--undo NR`: put back what import NR replaced (one transaction)."""
    opened = open_for_command(args.db, readonly=False)
    if opened is None:
        return 2
    store, _path = opened
    try:
        result = undo_import(store, args.undo)
    except StoreError as error:
        print(t.undo_refused(error, args.undo), file=sys.stderr)
        return 1
    finally:
        store.close()
    print(t.UNDONE.format(id=result.import_id, name=fmt.clean(result.file_name),
                          restored=result.restored, removed=result.removed))
    return 0
