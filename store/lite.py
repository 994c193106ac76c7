"""sqlite-utils' view of one of our connections, for the jobs it does well (upserts by key,
introspection, WAL) — without its side effects on the connection (recursive triggers, plugins).

Opening a database does not use it: its import takes longer (0.13 s) than the two statements
it would run there (journal mode and table names), and every command opens a database; it is
imported when first needed.

Where plain sqlite3 stays, and why: imports classify every row (new / changed / unchanged) for
their report and keep stored values for empty cells, which an upsert cannot say or do; the
observations are written many rows per INSERT, faster than sqlite-utils' batches; migrations
are SQL scripts run in one transaction, self-contained so that branches can append theirs
(table.transform() would rebuild tables from Python code that changes over time)."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils


def lite(conn: sqlite3.Connection) -> sqlite_utils.Database:
    import sqlite_utils  # noqa: PLC0415 (see the module's docstring)

    return sqlite_utils.Database(conn, recursive_triggers=False, execute_plugins=False)
