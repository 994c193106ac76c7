"""`ringvergleich sample OUT.db`: write the synthetic demo database from its fixed seed."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from store.demo import is_demo_database
from store.sample import build_sample
from tui.kit import texts
from tui.kit.outfile import is_database_file, refuse_target


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("out", help="Zieldatei (wird angelegt)")
    parser.add_argument("--force", action="store_true",
                        help="vorhandene Datei ersetzen (nur eine andere Beispieldatenbank)")


def run(args: argparse.Namespace) -> int:
    out = Path(args.out)
    if out.exists():
        if is_database_file(out) and not is_demo_database(out):
            print(texts.OUT_IS_DATABASE.format(path=out), file=sys.stderr)
            return 1
        refused = refuse_target(out, args.force, databases_too=True)
        if refused:
            print(refused, file=sys.stderr)
            return 1
    # Built under a temporary name and renamed into place: a failure leaves the old file.
    folder = out.resolve().parent
    scratch = Path(tempfile.mkdtemp(prefix=".sample-", dir=folder))
    try:
        built = build_sample(scratch / out.name)
        os.replace(built, out)
        for suffix in ("-wal", "-shm"):
            Path(f"{out}{suffix}").unlink(missing_ok=True)
    finally:
        for leftover in scratch.iterdir():
            leftover.unlink()
        scratch.rmdir()
    print(f"Beispieldaten geschrieben: {out}")
    return 0
