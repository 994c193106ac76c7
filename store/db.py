"""Open, create and migrate Ringvergleich SQLite databases safely for several processes."""

from __future__ import annotations

import errno
import getpass
import os
import sqlite3
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl

from store.catalog import load_catalogue
from store.schema import APP_ID, APPLICATION_ID, CORE_TABLES, MIGRATIONS, SCHEMA_VERSION

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
        "full",
        "io",
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
        self.lock = threading.RLock()
        self.user = current_user()
        # Small read caches, valid while data_version() is unchanged.
        self.cache: dict[Any, tuple[tuple[int, int], Any]] = {}
        # Busy timeout of the writes made inside `patience()` (None: BUSY_TIMEOUT_MS).
        self.busy_ms: int | None = None

    def backup(self, target: str | Path) -> Path:
        """A consistent copy of the open database at `target` (see backup_to)."""
        with self.lock:
            return backup_to(self.conn, target)

    def close(self) -> None:
        with self.lock:
            self.conn.close()

    @contextmanager
    def patience(self, timeout_ms: int) -> Iterator[None]:
        """Writes inside wait at most `timeout_ms` for another process's lock: for saves
        that keep the text and retry on their own, so the interface never freezes long."""
        with self.lock:
            self.busy_ms = timeout_ms
            try:
                yield
            finally:
                self.busy_ms = None

    @contextmanager
    def write(self, timeout_ms: int | None = None) -> Iterator[sqlite3.Connection]:
        """One write transaction. BEGIN IMMEDIATE takes the write lock up front, so a
        concurrent writer waits for the busy timeout (`timeout_ms` shortens it for writes
        that retry on their own) instead of failing half-way. A held lock, a full disk or
        an I/O error anywhere in the transaction rolls it back and raises StoreError
        (locked/full/io), so every caller handles storage trouble in one way."""
        if self.readonly:
            raise StoreError("readonly", self.path)
        with self.lock:
            timeout_ms = timeout_ms if timeout_ms is not None else self.busy_ms
            if timeout_ms is not None:
                self.conn.execute(f"PRAGMA busy_timeout = {int(timeout_ms)}")
            try:
                try:
                    self.conn.execute("BEGIN IMMEDIATE")
                except sqlite3.OperationalError as exc:
                    raise _classify(exc, self.path) from exc
                try:
                    yield self.conn
                    self.conn.execute("COMMIT")
                except BaseException as exc:
                    _rollback(self.conn)
                    if isinstance(exc, sqlite3.OperationalError) and _storage_trouble(exc):
                        raise _classify(exc, self.path) from exc
                    raise
            finally:
                if timeout_ms is not None:
                    self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """The connection for a read; a lost drive or I/O error becomes a StoreError too."""
        with self.lock:
            try:
                yield self.conn
            except sqlite3.OperationalError as exc:
                if _storage_trouble(exc):
                    raise _classify(exc, self.path) from exc
                raise

    def _execute(self, sql: str, params: Any = ()) -> sqlite3.Cursor:
        with self.reading() as conn:
            return conn.execute(sql, params)

    def _rows(self, sql: str, params: Any = ()) -> list[dict[str, Any]]:
        with self.reading() as conn:
            cur = conn.execute(sql, params)
            names = [d[0] for d in cur.description]
            return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    def _frame(
        self, sql: str, params: Any = (), schema: dict[str, Any] | None = None
    ) -> pl.DataFrame:
        """Run a query and return a polars DataFrame (typed by `schema` when given,
        so an empty result still has the right columns)."""
        with self.reading() as conn:
            cur = conn.execute(sql, params)
            names = [d[0] for d in cur.description]
            data = cur.fetchall()
        if schema is None:
            return pl.DataFrame(data, schema=names, orient="row", infer_schema_length=None)
        return pl.DataFrame(data, schema={n: schema[n] for n in names}, orient="row")

    def held_here(self) -> bool:
        """Whether this thread holds the store (inside write(), reading() or patience())."""
        return self.lock._is_owned()  # type: ignore[attr-defined]  # RLock's own test

    def data_version(self) -> tuple[int, int]:
        """Changes whenever anyone commits: PRAGMA data_version moves on commits of other
        connections, total_changes on this connection's own."""
        with self.lock:
            other = self.conn.execute("PRAGMA data_version").fetchone()[0]
            return other, self.conn.total_changes

    def meta(self) -> dict[str, str]:
        return {r["key"]: r["value"] for r in self._rows("SELECT key, value FROM meta")}

    @property
    def is_synthetic(self) -> bool:
        return self.meta().get("synthetic") == "1"


STORAGE_WORDS = {
    "locked": ("locked", "busy"),
    "full": ("disk is full", "database or disk is full", "no space"),
    "io": ("disk i/o error", "unable to open", "i/o error"),
    "readonly": ("readonly", "read-only"),
    "corrupt": ("not a database", "malformed", "corrupt"),
}


def _classify(exc: sqlite3.Error, path: Path | str) -> StoreError:
    """Name what went wrong. Anything unrecognised is reported as an I/O problem, never as
    a corrupt file: a full disk or a lost network mount must not make a user think the
    database is broken."""
    text = str(exc).lower()
    for reason, words in STORAGE_WORDS.items():
        if any(word in text for word in words):
            return StoreError(reason, path, str(exc))
    return StoreError("io", path, str(exc))


def _storage_trouble(exc: sqlite3.OperationalError) -> bool:
    """A lock, full disk or I/O failure (not a programming error such as a bad query)."""
    text = str(exc).lower()
    return any(word in text for words in STORAGE_WORDS.values() for word in words)


def _rollback(conn: sqlite3.Connection) -> None:
    if conn.in_transaction:
        try:
            conn.execute("ROLLBACK")
        except sqlite3.Error:  # SQLite rolled back on its own (e.g. after SQLITE_FULL)
            pass


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
    return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}



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
    lock is held: two processes opening an old database at once migrate it only once.
    The application id is set in the same transaction (databases made before it existed
    get it here)."""
    found = conn.execute("PRAGMA user_version").fetchone()[0]
    if found > SCHEMA_VERSION:
        raise StoreError("too_new", path, f"user_version {found} > {SCHEMA_VERSION}")
    if found == SCHEMA_VERSION and _application_id(conn) == APPLICATION_ID:
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
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("COMMIT")
    except BaseException:
        _rollback(conn)
        raise
    return found


def _application_id(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA application_id").fetchone()[0]


def identify(conn: sqlite3.Connection, path: Path | str, create: bool = False) -> int:
    """Decide, by reading only, whether the file is ours; returns its schema version.

    Ours: the Ringvergleich application id, or (databases made before the id existed) id 0
    with our schema version and `meta.app`. With `create`, an empty SQLite file (no
    tables, version 0) is accepted as the one being created. Anything else is foreign
    and raises before a single byte is written."""
    app_id = _application_id(conn)
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    tables = _table_names(conn)
    if app_id == APPLICATION_ID:
        return version
    if app_id != 0:
        raise StoreError("foreign", path, f"application_id {app_id}")
    if version == 0 and not tables:
        if create:
            return 0
        raise StoreError("foreign", path, "empty file")
    if version == 0 or "meta" not in tables:
        raise StoreError("foreign", path, "no Ringvergleich schema")
    try:
        app = conn.execute("SELECT value FROM meta WHERE key = 'app'").fetchone()
    except sqlite3.Error:
        app = None
    if not app or app[0] != APP_ID:
        raise StoreError("foreign", path, "meta.app missing")
    return version


def backup_to(conn: sqlite3.Connection, target: str | Path) -> Path:
    """Copy the database with SQLite's online backup API: a consistent snapshot even while
    other processes write. The copy is made under a temporary name and renamed into place,
    so `target` is never a half-written file."""
    target = Path(target)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial",
                                    dir=target.parent)
    os.close(handle)
    partial = Path(name)
    out = sqlite3.connect(partial)
    try:
        conn.backup(out)
        out.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        out.close()
        with open(partial, "rb+") as file:
            os.fsync(file.fileno())
        os.replace(partial, target)
    except BaseException:
        out.close()
        partial.unlink(missing_ok=True)
        raise
    return target


def migration_backup_path(path: Path, version: int) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return path.with_name(f"{path.name}.vor-update-v{version}-{stamp}-{os.getpid()}.bak")


def create_database(path: str | Path) -> Store:
    """Create a new, empty Ringvergleich database (schema and indicator catalogue)."""
    path = Path(path)
    if path.exists():
        raise StoreError("invalid", path, "file exists")
    path.parent.mkdir(parents=True, exist_ok=True)
    sqlite3.connect(path).close()
    store = open_store(path, create=True)
    with store.write() as conn:
        load_catalogue(conn)
    return store


def open_store(path: str | Path, readonly: bool = False, create: bool = False) -> Store:
    """Open an existing Ringvergleich database, migrating it forward when writable.

    Raises StoreError with a reason the interface can explain (missing, locked,
    corrupt, foreign, too_new, needs_migration, full, io). The file is identified as ours
    before anything is written to it; a foreign file is left byte for byte as it was.
    Before a migration the database is copied next to itself (online backup API)."""
    path = Path(path)
    if not path.is_file():
        raise StoreError("missing", path)
    try:
        conn = _connect(path, readonly)
    except sqlite3.Error as exc:
        raise _classify(exc, path) from exc
    try:
        version = identify(conn, path, create=create and not readonly)
        if version > SCHEMA_VERSION:
            raise StoreError("too_new", path, f"user_version {version}")
        if readonly:
            if version < SCHEMA_VERSION:
                raise StoreError("needs_migration", path, f"user_version {version}")
        else:
            if 0 < version < SCHEMA_VERSION:
                try:
                    backup_to(conn, migration_backup_path(path, version))
                except OSError as exc:
                    full = exc.errno == errno.ENOSPC
                    raise StoreError("full" if full else "io", path,
                                     f"backup before update: {exc}") from exc
            conn.execute("PRAGMA journal_mode = WAL")  # readers never block the writer
            migrate(conn, path)
        tables = _table_names(conn)
        if not set(CORE_TABLES) <= tables:
            raise StoreError("foreign", path, "core tables missing")
    except StoreError:
        conn.close()
        raise
    except sqlite3.Error as exc:
        conn.close()
        raise _classify(exc, path) from exc
    return Store(path, conn, readonly)
