"""Sub-commands of `ringvergleich`; each module has add_arguments(parser) and run(args)."""

from __future__ import annotations

import sys
from pathlib import Path

from store.db import Store, StoreError, open_store
from tui.kit import texts
from tui.kit.locations import default_database


def open_for_command(db: str | None, readonly: bool = True) -> tuple[Store, Path] | None:
    """Open `--db`, or the team's database (RINGVERGLEICH_DB or config.toml), or the working
    copy of the demo data (saying so on stderr when it was just made). Prints the reason
    and returns None when the database cannot be used."""
    if db:
        path = Path(db)
    else:
        found, note, problem = default_database()  # the team's database, else the demo
        if found is None:
            print(problem, file=sys.stderr)
            return None
        path = found
        if note:
            print(note, file=sys.stderr)
    try:
        return open_store(path, readonly=readonly), path
    except StoreError as error:
        print(texts.store_error(error), file=sys.stderr)
        return None
