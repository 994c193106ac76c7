"""`ringvergleich sample OUT.db`: write the synthetic demo database from its fixed seed."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("out", help="Zieldatei (wird angelegt)")
    parser.add_argument("--force", action="store_true", help="vorhandene Datei ersetzen")


def run(args: argparse.Namespace) -> int:
    from store.sample import build_sample

    out = Path(args.out)
    if out.exists():
        if not args.force:
            print(f"{out} gibt es schon; --force ersetzt die Datei.", file=sys.stderr)
            return 1
        out.unlink()
    build_sample(out)
    print(f"Beispieldaten geschrieben: {out}")
    return 0
