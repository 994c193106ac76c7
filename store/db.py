"""Open, create and migrate Ringvergleich SQLite databases safely for several processes."""

from __future__ import annotations

import getpass
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl
import sqlite_utils

from store.schema import APP_ID, CORE_TABLES, MIGRATIONS, SCHEMA_VERSION

BUSY_TIMEOUT_MS = 5000


class StoreError(Exception):
    """A database cannot be used. `reason` is one of the REASONS keys; the UI words it."""

    REASONS = (
        "missing",
        "locked",
        "corrupt",
        "foreign",
        "too_new",
        "needs_migration",
        "readonly",
        "conflict",
        "not_found",
        "invalid",
    )

    def __init__(self, reason: str, path: str | Path | None = None, detail: str = "") -> None:
        assert reason in self.REASONS, reason
        self.reason = reason
        self.path = str(path) if path is not None else None
        self.detail = detail
        super().__init__(f"{reason}: {path or ''} {detail}".strip())


def current_user() -> str:
    """The OS user recorded as author of every change."""
    try:
        return getpass.getuser()
    except Exception:  # no passwd entry (containers): fall back to the environment
        return os.environ.get("USER") or "unbekannt"


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


class Store:
    """One open database. Thread-safe: Textual workers share it through a lock."""

    def __init__(self, path: Path, conn: sqlite3.Connection, readonly: bool) -> None:
        self.path = path
        self.conn = conn
        self.readonly = readonly
        self.db = sqlite_utils.Database(conn)
        self.lock = threading.RLock()
        self.user = current_user()
        # Small read caches, valid while data_version() is unchanged.
        self.cache: dict[Any, tuple[tuple[int, int], Any]] = {}

    def close(self) -> None:
        with self.lock:
            self.conn.close()

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction. BEGIN IMMEDIATE takes the write lock up front, so a
        concurrent writer waits for the busy timeout instead of failing half-way."""
        if self.readonly:
            raise StoreError("readonly", self.path)
        with self.lock:
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise _classify(exc, self.path) from exc
            try:
                yield self.conn
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
            else:
                self.conn.execute("COMMIT")

    def execute(self, sql: str, params: Any = ()) -> sqlite3.Cursor:
        with self.lock:
            return self.conn.execute(sql, params)

    def rows(self, sql: str, params: Any = ()) -> list[dict[str, Any]]:
        with self.lock:
            cur = self.conn.execute(sql, params)
            names = [d[0] for d in cur.description]
            return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    def frame(
        self, sql: str, params: Any = (), schema: dict[str, Any] | None = None
    ) -> pl.DataFrame:
        """Run a query and return a polars DataFrame (typed by `schema` when given,
        so an empty result still has the right columns)."""
        with self.lock:
            cur = self.conn.execute(sql, params)
            names = [d[0] for d in cur.description]
            data = cur.fetchall()
        if schema is None:
            return pl.DataFrame(data, schema=names, orient="row", infer_schema_length=None)
        return pl.DataFrame(data, schema={n: schema[n] for n in names}, orient="row")

    def data_version(self) -> tuple[int, int]:
        """Changes whenever anyone commits: PRAGMA data_version moves on commits of other
        connections, total_changes on this connection's own."""
        with self.lock:
            other = self.conn.execute("PRAGMA data_version").fetchone()[0]
            return other, self.conn.total_changes

    def meta(self) -> dict[str, str]:
        return {r["key"]: r["value"] for r in self.rows("SELECT key, value FROM meta")}

    @property
    def is_synthetic(self) -> bool:
        return self.meta().get("synthetic") == "1"


def _classify(exc: sqlite3.Error, path: Path | str) -> StoreError:
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return StoreError("locked", path, str(exc))
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return StoreError("corrupt", path, str(exc))
    if "readonly" in text or "read-only" in text:
        return StoreError("readonly", path, str(exc))
    return StoreError("corrupt", path, str(exc))


def _connect(path: Path, readonly: bool) -> sqlite3.Connection:
    uri = f"{path.resolve().as_uri()}?mode={'ro' if readonly else 'rw'}"
    conn = sqlite3.connect(
        uri,
        uri=True,
        timeout=BUSY_TIMEOUT_MS / 1000,
        isolation_level=None,
        check_same_thread=False,
    )
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def _table_names(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _statements(script: str) -> list[str]:
    """Split a migration script into complete SQL statements."""
    out, buffer = [], ""
    for part in script.split(";"):
        buffer += part + ";"
        if sqlite3.complete_statement(buffer):  # a ';' inside a string keeps going
            if buffer.strip(" \n;"):
                out.append(buffer.strip())
            buffer = ""
    return out


def migrate(conn: sqlite3.Connection, path: Path | str = "") -> int:
    """Bring the schema forward to SCHEMA_VERSION; returns the version found before.

    All steps run in one write transaction, and the version is read again once the write
    lock is held: two processes opening an old database at once migrate it only once."""
    found = conn.execute("PRAGMA user_version").fetchone()[0]
    if found > SCHEMA_VERSION:
        raise StoreError("too_new", path, f"user_version {found} > {SCHEMA_VERSION}")
    if found == SCHEMA_VERSION:
        return found
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version == 0 and _table_names(conn):
            raise StoreError("foreign", path, "tables present but no Ringvergleich schema")
        for step in range(version, SCHEMA_VERSION):
            for statement in _statements(MIGRATIONS[step]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {step + 1}")
        if version == 0:
            conn.executemany("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                             [("app", APP_ID), ("created_at", now_iso())])
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return found


def create_database(path: str | Path) -> Store:
    """Create a new, empty Ringvergleich database (schema and indicator catalogue)."""
    from store.catalog import load_catalogue  # late: catalogue writes through the store

    path = Path(path)
    if path.exists():
        raise StoreError("invalid", path, "file exists")
    path.parent.mkdir(parents=True, exist_ok=True)
    sqlite3.connect(path).close()
    store = open_store(path, create=True)
    load_catalogue(store)
    return store


def open_store(path: str | Path, readonly: bool = False, create: bool = False) -> Store:
    """Open an existing Ringvergleich database, migrating it forward when writable.

    Raises StoreError with a reason the interface can explain (missing, locked,
    corrupt, foreign, too_new, needs_migration). Only with `create` is an empty
    SQLite file (user_version 0) given the schema; otherwise it is not ours."""
    path = Path(path)
    if not path.is_file():
        raise StoreError("missing", path)
    try:
        conn = _connect(path, readonly)
    except sqlite3.Error as exc:
        raise _classify(exc, path) from exc
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if readonly:
            if version == 0 and not _table_names(conn):
                raise StoreError("foreign", path, "empty file")
            if version < SCHEMA_VERSION and _table_names(conn):
                raise StoreError("needs_migration", path, f"user_version {version}")
            if version > SCHEMA_VERSION:
                raise StoreError("too_new", path)
        else:
            if version == 0 and not create:
                raise StoreError("foreign", path, "user_version 0")
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            migrate(conn, path)
        tables = _table_names(conn)
        if not set(CORE_TABLES) <= tables:
            raise StoreError("foreign", path, "core tables missing")
        app = conn.execute("SELECT value FROM meta WHERE key = 'app'").fetchone()
        if not app or app[0] != APP_ID:
            raise StoreError("foreign", path, "meta.app missing")
    except StoreError:
        conn.close()
        raise
    except sqlite3.Error as exc:
        conn.close()
        raise _classify(exc, path) from exc
    return Store(path, conn, readonly)
