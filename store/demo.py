"""Whether a database file is the synthetic demo data (the only one `sample --force` replaces)."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def is_demo_database(path: Path) -> bool:
    """A database marked synthetic (meta.synthetic = 1): the only one --force replaces."""
    try:
        with sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True) as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = 'synthetic'").fetchone()
        conn.close()
    except sqlite3.Error:
        return False
    return row == ("1",)
