"""Schema creation, migration, read-only mode, NULL for missing figures, error reasons."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from store import db as store_db
from store.db import StoreError, create_database, migrate, open_store
from store.schema import CORE_TABLES, SCHEMA_VERSION


def table_names(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def test_create_database_builds_schema_catalogue_and_wal(tmp_path: Path) -> None:
    store = create_database(tmp_path / "new.db")
    try:
        assert store._execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store._execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store._execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert store._execute("PRAGMA busy_timeout").fetchone()[0] == store_db.BUSY_TIMEOUT_MS
        assert store.meta()["app"] == "ringvergleich"
        codes = {r["code"] for r in store._rows("SELECT code FROM indicators")}
        expected = {"K1", "K2", "K3", "SANQ", "AKTQ", "ALQ", "SGB2Q", "EW", "DICHTE"}
        expected |= {f"K{k}E{e}" for k in (1, 2, 3) for e in (1, 2, 3, 4)}
        assert expected <= codes
        directions = dict(store._execute("SELECT code, direction FROM indicators").fetchall())
        assert directions["SANQ"] == "neutral"
        assert directions["K2"] == "up"
        assert directions["K3"] == "down"
    finally:
        store.close()
    assert set(CORE_TABLES) | {"meetings", "agenda_items", "annotations"} <= table_names(
        tmp_path / "new.db"
    )


def test_migration_from_version_zero(tmp_path: Path) -> None:
    path = tmp_path / "v0.db"
    conn = sqlite3.connect(path, isolation_level=None)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 0
    found = migrate(conn, path)
    assert found == 0
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()
    assert set(CORE_TABLES) <= table_names(path)
    # Migrating again is a no-op.
    conn = sqlite3.connect(path, isolation_level=None)
    assert migrate(conn, path) == SCHEMA_VERSION
    conn.close()


def test_failed_migration_leaves_file_untouched(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "v0.db"
    sqlite3.connect(path).close()
    monkeypatch.setattr(store_db, "MIGRATIONS", ["CREATE TABLE a(x); CREATE TABLE a(x);"])
    monkeypatch.setattr(store_db, "SCHEMA_VERSION", 1)
    conn = sqlite3.connect(path, isolation_level=None)
    with pytest.raises(sqlite3.OperationalError):
        migrate(conn, path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 0
    conn.close()
    assert table_names(path) == set()


def test_read_only_mode_refuses_writes_and_leaves_file_unchanged(empty_db: Path) -> None:
    before = empty_db.read_bytes()
    store = open_store(empty_db, readonly=True)
    try:
        assert store.readonly
        with pytest.raises(StoreError) as info:
            with store.write():
                pass
        assert info.value.reason == "readonly"
        with pytest.raises(StoreError) as info:  # a raw write is refused, named as such
            store._execute("INSERT INTO rings(name) VALUES ('x')")
        assert info.value.reason == "readonly"
        assert store._rows("SELECT count(*) AS n FROM indicators")[0]["n"] > 0
    finally:
        store.close()
    assert empty_db.read_bytes() == before


def test_missing_value_stays_null(empty_db: Path) -> None:
    store = open_store(empty_db)
    try:
        with store.write() as conn:
            conn.execute("INSERT INTO municipalities(ags, name, carrier) VALUES ('99001', 'X', 'zkT')")
            conn.execute(
                "INSERT INTO observations(ags, indicator_code, period, value, status)"
                " VALUES ('99001', 'K2', '2024-Q1', NULL, 'missing')"
            )
        frame = store._frame("SELECT value, status FROM observations")
        assert frame["value"].to_list() == [None]
        assert frame["value"].null_count() == 1
        assert store._rows("SELECT typeof(value) AS t FROM observations")[0]["t"] == "null"
    finally:
        store.close()


def test_period_format_is_enforced(empty_db: Path) -> None:
    store = open_store(empty_db)
    try:
        with pytest.raises(sqlite3.IntegrityError):
            with store.write() as conn:
                conn.execute(
                    "INSERT INTO municipalities(ags, name, carrier) VALUES ('99001', 'X', 'gE')"
                )
                conn.execute(
                    "INSERT INTO observations(ags, indicator_code, period, value)"
                    " VALUES ('99001', 'K2', '2024/1', 1.0)"
                )
        # The failed transaction wrote nothing, not even the municipality.
        assert store._rows("SELECT count(*) AS n FROM municipalities")[0]["n"] == 0
    finally:
        store.close()


def test_error_reasons(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as info:
        open_store(tmp_path / "nope.db")
    assert info.value.reason == "missing"

    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(StoreError) as info:
        open_store(garbage)
    assert info.value.reason == "corrupt"

    foreign = tmp_path / "foreign.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE customers(id INTEGER)")
    with pytest.raises(StoreError) as info:
        open_store(foreign)
    assert info.value.reason == "foreign"

    empty = tmp_path / "empty-file.db"
    empty.write_bytes(b"")
    with pytest.raises(StoreError) as info:
        open_store(empty)
    assert info.value.reason == "foreign"
    assert empty.read_bytes() == b""  # not silently turned into a Ringvergleich database


def test_newer_schema_is_refused(empty_db: Path) -> None:
    with sqlite3.connect(empty_db) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError) as info:
        open_store(empty_db)
    assert info.value.reason == "too_new"


def test_locked_database_is_reported(empty_db: Path, monkeypatch) -> None:
    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_MS", 100)
    holder = sqlite3.connect(empty_db, isolation_level=None)
    holder.execute("PRAGMA journal_mode = DELETE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("INSERT INTO rings(name) VALUES ('held')")
    try:
        with pytest.raises(StoreError) as info:
            open_store(empty_db)
        assert info.value.reason == "locked"
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_concurrent_writer_waits_instead_of_failing(empty_db: Path) -> None:
    first = open_store(empty_db)
    second = open_store(empty_db)
    try:
        with first.write() as conn:
            conn.execute("INSERT INTO rings(name) VALUES ('a')")
        with second.write() as conn:
            conn.execute("INSERT INTO rings(name) VALUES ('b')")
        assert [r["name"] for r in first._rows("SELECT name FROM rings ORDER BY name")] == ["a", "b"]
    finally:
        first.close()
        second.close()


def version_one_database(path: Path) -> Path:
    """A database as the first release wrote it (schema version 1), with one ring."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.executescript("BEGIN;" + store_db.MIGRATIONS[0] + "PRAGMA user_version = 1; COMMIT;")
    conn.execute("INSERT INTO meta(key, value) VALUES ('app', 'ringvergleich')")
    conn.execute("INSERT INTO rings(name) VALUES ('Alt')")
    conn.close()
    return path


def test_forward_migration_from_version_one_keeps_data(tmp_path: Path) -> None:
    """A database written by the first release gains the later tables, data intact."""
    path = version_one_database(tmp_path / "v1.db")
    store = open_store(path)
    try:
        assert store._execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store._rows("SELECT name FROM rings") == [{"name": "Alt"}]
        assert "agenda_proposal_drops" in table_names(path)
    finally:
        store.close()


def test_read_only_refuses_an_old_schema(tmp_path: Path) -> None:
    path = version_one_database(tmp_path / "v1.db")
    with pytest.raises(StoreError) as info:
        open_store(path, readonly=True)
    assert info.value.reason == "needs_migration"


def test_two_processes_opening_an_old_database_migrate_it_once(tmp_path: Path) -> None:
    """Both openers succeed; the second finds the work done under the write lock."""
    import threading

    path = version_one_database(tmp_path / "v1.db")
    barrier = threading.Barrier(2)
    results: list[object] = []

    def opener() -> None:
        barrier.wait()
        try:
            open_store(path).close()
            results.append("ok")
        except Exception as error:  # collected, asserted below
            results.append(error)

    threads = [threading.Thread(target=opener) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == ["ok", "ok"]
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_migration_to_keyed_observations_keeps_figures_and_admits_annual_periods(
        tmp_path: Path) -> None:
    """Version 3 rebuilds observations without a rowid: every figure survives, the table
    has no second index to maintain, and annual periods (year, reference day) are accepted."""
    path = version_one_database(tmp_path / "v1.db")
    conn = sqlite3.connect(path, isolation_level=None)
    conn.executescript(
        "INSERT INTO municipalities(ags, name, carrier) VALUES ('99001', 'Kreis A', 'zkT');"
        "INSERT INTO indicators(code, name, direction, kind) VALUES ('K2', 'IQ', 'up', 'outcome');"
        "INSERT INTO observations(ags, indicator_code, period, value, status)"
        " VALUES ('99001', 'K2', '2024-Q1', 25.5, 'provisional'),"
        " ('99001', 'K2', '2024-03', 24.0, 'final');"
    )
    conn.close()
    store = open_store(path)
    try:
        rows = store._rows("SELECT period, value, status FROM observations ORDER BY period")
        assert rows == [{"period": "2024-03", "value": 24.0, "status": "final"},
                        {"period": "2024-Q1", "value": 25.5, "status": "provisional"}]
        table_sql = store._rows("SELECT sql FROM sqlite_master WHERE name = 'observations'")[0]
        assert "WITHOUT ROWID" in table_sql["sql"]
        assert store._rows("SELECT name FROM sqlite_master WHERE type = 'index'"
                          " AND tbl_name = 'observations' AND sql IS NOT NULL") == []
        with store.write() as write:
            write.execute("INSERT INTO observations(ags, indicator_code, period, value)"
                          " VALUES ('99001', 'K2', '2023', 20.0), ('99001', 'K2', '2023-12-31', 21.0)")
        with pytest.raises(sqlite3.IntegrityError), store.write() as write:
            write.execute("INSERT INTO observations(ags, indicator_code, period, value)"
                          " VALUES ('99001', 'K2', '2023-13', 1.0)")
    finally:
        store.close()
