"""Sub-commands of `ringvergleich`; each module has add_arguments(parser) and run(args)."""

from __future__ import annotations

import sys
from pathlib import Path

from store.db import Store, StoreError, open_store
from tui.kit import texts
from tui.kit.locations import sample_working_copy


def open_for_command(db: str | None, readonly: bool = True) -> tuple[Store, Path] | None:
    """Open `--db`, or the working copy of the demo data (saying so on stderr when it was
    just made). Prints the reason and returns None when the database cannot be used."""
    if db:
        path = Path(db)
    else:
        try:
            path, note = sample_working_copy()
        except OSError as error:
            print(texts.SAMPLE_COPY_FAILED.format(error=error), file=sys.stderr)
            return None
        if note:
            print(note, file=sys.stderr)
    try:
        return open_store(path, readonly=readonly), path
    except StoreError as error:
        print(texts.store_error(error), file=sys.stderr)
        return None
