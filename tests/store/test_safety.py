"""Storage safety: foreign files untouched, backups before migrations, storage errors named,
an audit row for every deletion, and imports that can be undone."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from store import audit
from store import db as store_db
from store import meetings as mt
from store import meetings_actions as ma
from store.db import Store, StoreError, backup_to, open_store
from store.figures_write import write_figures
from store.imports import ImportSource
from store.imports_undo import undo_import
from store.schema import APPLICATION_ID, SCHEMA_VERSION
from tests.store.test_db import version_one_database


def state(path: Path) -> tuple[bytes, int, set[str]]:
    """Bytes, mtime and the files next to it: what 'untouched' means."""
    return path.read_bytes(), path.stat().st_mtime_ns, {p.name for p in path.parent.iterdir()}


@pytest.mark.parametrize("readonly", [False, True])
def test_a_foreign_sqlite_file_is_never_modified(tmp_path: Path, readonly: bool) -> None:
    foreign = tmp_path / "kunden.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE customers(id INTEGER, name TEXT)")
        conn.execute("INSERT INTO customers VALUES (1, 'A')")
        conn.execute("PRAGMA user_version = 1")  # looks like an old Ringvergleich version
    conn.close()
    before = state(foreign)
    with pytest.raises(StoreError) as info:
        open_store(foreign, readonly=readonly)
    assert info.value.reason == "foreign"
    assert state(foreign) == before  # same bytes, same mtime, no -wal/-shm/backup left


def test_a_file_with_another_application_id_is_foreign(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("PRAGMA application_id = 42")
        conn.execute("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT)")
        conn.execute("INSERT INTO meta VALUES ('app', 'ringvergleich')")
        conn.execute("PRAGMA user_version = 1")
    conn.close()
    before = state(other)
    with pytest.raises(StoreError) as info:
        open_store(other)
    assert info.value.reason == "foreign"
    assert state(other) == before


def test_new_databases_carry_the_application_id(empty_db: Path) -> None:
    with sqlite3.connect(empty_db) as conn:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    conn.close()


def test_an_old_database_gets_the_id_and_a_backup_before_migrating(tmp_path: Path) -> None:
    path = version_one_database(tmp_path / "v1.db")
    open_store(path).close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()
    backups = list(tmp_path.glob("v1.db.vor-update-v1-*.bak"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as conn:  # the state before the update, data and all
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        assert conn.execute("SELECT name FROM rings").fetchall() == [("Alt",)]
    conn.close()
    open_store(path).close()  # up to date now: no second backup
    assert len(list(tmp_path.glob("v1.db.vor-update-*.bak"))) == 1


def test_a_current_database_without_id_still_opens_and_gets_it(empty_db: Path) -> None:
    with sqlite3.connect(empty_db) as conn:
        conn.execute("PRAGMA application_id = 0")
    conn.close()
    open_store(empty_db).close()
    with sqlite3.connect(empty_db) as conn:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    conn.close()


def test_backup_is_consistent_while_another_connection_writes(empty_db: Path,
                                                              tmp_path: Path) -> None:
    store = open_store(empty_db)
    writer = open_store(empty_db)
    try:
        with writer.write() as conn:
            conn.execute("INSERT INTO rings(name) VALUES ('committed')")
        with writer.write() as conn:  # an open write transaction during the backup
            conn.execute("INSERT INTO rings(name) VALUES ('uncommitted')")
            backup_to(store.conn, tmp_path / "copy.db")
        copy = open_store(tmp_path / "copy.db", readonly=True)
        assert [r["name"] for r in copy._rows("SELECT name FROM rings")] == ["committed"]
        copy.close()
    finally:
        store.close()
        writer.close()


class FullDisk:
    """A connection whose writes fail as SQLite does when the disk is full."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def execute(self, sql: str, params=()):  # noqa: ANN001
        if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE", "COMMIT")):
            raise sqlite3.OperationalError("database or disk is full")
        return self.conn.execute(sql, params)

    def __getattr__(self, name: str):  # noqa: ANN204
        return getattr(self.conn, name)


def test_a_full_disk_is_reported_as_full_and_rolled_back(empty_db: Path) -> None:
    store = open_store(empty_db)
    try:
        store.conn = FullDisk(store.conn)  # type: ignore[assignment]
        with pytest.raises(StoreError) as info:
            with store.write() as conn:
                conn.execute("INSERT INTO rings(name) VALUES ('x')")
        assert info.value.reason == "full"
        assert not store.conn.in_transaction
    finally:
        store.conn = store.conn.conn  # type: ignore[attr-defined]
        store.close()


def test_a_programming_error_is_not_dressed_up_as_storage_trouble(empty_db: Path) -> None:
    store = open_store(empty_db)
    try:
        with pytest.raises(sqlite3.OperationalError):
            with store.write() as conn:
                conn.execute("SELECT * FROM no_such_table")
    finally:
        store.close()


def test_opening_on_a_full_disk_is_not_called_corrupt(tmp_path: Path, monkeypatch) -> None:
    path = version_one_database(tmp_path / "v1.db")

    def full(*_args, **_kwargs):  # noqa: ANN002, ANN003
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(store_db, "migrate", full)
    with pytest.raises(StoreError) as info:
        open_store(path)
    assert info.value.reason == "full"


# --- audit --------------------------------------------------------------------------------
@pytest.fixture
def store(sample_db: Path) -> Store:
    opened = open_store(sample_db)
    yield opened
    opened.close()


def test_deleting_leaves_an_audit_row_with_who_when_what(store: Store) -> None:
    meeting_id = mt.create_meeting(store, 1, "Prüftreffen", period="2026-Q2")
    item_id = mt.add_item(store, meeting_id, "TOP zum Löschen")
    action_id = ma.add_action(store, meeting_id, "Aufgabe zum Löschen")
    mt.delete_item(store, item_id, mt.get_item(store, item_id).version)
    action = [a for a in ma.meeting_actions(store, meeting_id) if a.id == action_id][0]
    ma.delete_action(store, action_id, action.version)
    mt.delete_meeting(store, meeting_id, mt.get_meeting(store, meeting_id).version)
    rows = audit.audit_rows(store)
    assert rows["table_name"].to_list() == ["agenda_items", "action_items", "meetings"]
    assert set(rows["action"]) == {"delete"} and set(rows["done_by"]) == {store.user}
    assert all(rows["done_at"].str.contains("T"))
    assert json.loads(rows["what"][0])["title"] == "TOP zum Löschen"
    assert json.loads(rows["what"][1])["text"] == "Aufgabe zum Löschen"
    assert json.loads(rows["what"][2])["title"] == "Prüftreffen"


def test_a_deleted_meeting_records_its_items(store: Store) -> None:
    meeting_id = mt.create_meeting(store, 1, "Mit TOPs", period="2026-Q2")
    mt.add_item(store, meeting_id, "Erster")
    mt.delete_meeting(store, meeting_id, mt.get_meeting(store, meeting_id).version)
    what = json.loads(audit.audit_rows(store, "meetings")["what"][0])
    assert [i["title"] for i in what["agenda_items"]] == ["Erster"]


# --- undo ---------------------------------------------------------------------------------
def figures(store: Store, rows: list[tuple[str, float, str]]):  # noqa: ANN201
    import polars as pl

    return pl.DataFrame(
        [(ags, "K2", "2026-Q2", value, None, None, status) for ags, value, status in rows],
        schema=["ags", "indicator_code", "period", "value", "numerator", "denominator", "status"],
        orient="row")


def values(store: Store) -> dict[str, tuple[float | None, str]]:
    return {r["ags"]: (r["value"], r["status"]) for r in store._rows(
        "SELECT ags, value, status FROM observations WHERE indicator_code = 'K2'"
        " AND period = '2026-Q2'")}


def test_undo_restores_replaced_values_and_removes_new_ones(store: Store) -> None:
    before = values(store)
    first, second = sorted(before)[:2]
    store._execute("DELETE FROM observations WHERE ags = ? AND indicator_code = 'K2'"
                  " AND period = '2026-Q2'", (second,))
    before = values(store)
    counts = write_figures(store, ImportSource("korrektur.csv", "abc", "figures"), figures(
        store, [(first, 99.0, "final"), (second, 50.0, "final")]))
    assert counts.changed == 1 and counts.new == 1
    result = undo_import(store, counts.import_id)
    assert (result.restored, result.removed) == (1, 1)
    assert values(store) == before
    assert audit.audit_rows(store, "imports")["action"].to_list() == ["undo_import"]
    with pytest.raises(StoreError) as info:  # twice is refused
        undo_import(store, counts.import_id)
    assert info.value.detail.startswith("undo_done")


def test_undo_is_refused_when_a_later_import_changed_the_same_figures(store: Store) -> None:
    ags = sorted(values(store))[0]
    one = write_figures(store, ImportSource("a.csv", "a", "figures"),
                        figures(store, [(ags, 91.0, "final")]))
    two = write_figures(store, ImportSource("b.csv", "b", "figures"),
                        figures(store, [(ags, 92.0, "final")]))
    with pytest.raises(StoreError) as info:
        undo_import(store, one.import_id)
    assert info.value.detail == f"undo_later {two.import_id}"
    assert values(store)[ags] == (92.0, "final")  # nothing changed
    undo_import(store, two.import_id)
    undo_import(store, one.import_id)
    assert values(store)[ags][0] != 91.0




class LostDrive(FullDisk):
    """A connection whose every statement fails as on a vanished network drive."""

    def execute(self, sql: str, params=()):  # noqa: ANN001
        raise sqlite3.OperationalError("disk I/O error")


def test_a_read_on_a_lost_drive_is_a_store_error(empty_db: Path) -> None:
    store = open_store(empty_db)
    real = store.conn
    try:
        store.conn = LostDrive(real)  # type: ignore[assignment]
        with pytest.raises(StoreError) as info:
            store._rows("SELECT * FROM rings")
        assert info.value.reason == "io"
        with pytest.raises(StoreError):
            store._frame("SELECT * FROM rings")
    finally:
        store.conn = real
        store.close()


def test_emptying_notes_leaves_an_audit_row(store: Store) -> None:
    meeting_id = mt.create_meeting(store, 1, "Notiztreffen", period="2026-Q2")
    item_id = mt.add_item(store, meeting_id, "TOP", notes="Wichtige Notiz")
    version = mt.update_item(store, item_id, 1, decisions="")  # nothing there: no row
    assert audit.audit_rows(store, "agenda_items").height == 0
    mt.update_item(store, item_id, version, notes="  ")
    rows = audit.audit_rows(store, "agenda_items")
    assert rows["action"].to_list() == ["clear"]
    assert json.loads(rows["what"][0]) == {"notes": "Wichtige Notiz", "title": "TOP"}


def test_no_room_for_the_backup_before_an_update_is_called_full(tmp_path: Path,
                                                               monkeypatch) -> None:
    import errno as errno_

    path = version_one_database(tmp_path / "v1.db")

    def no_room(*_args, **_kwargs):  # noqa: ANN002, ANN003
        raise OSError(errno_.ENOSPC, "No space left on device")

    monkeypatch.setattr(store_db, "backup_to", no_room)
    with pytest.raises(StoreError) as info:
        open_store(path)
    assert info.value.reason == "full"
    with sqlite3.connect(path) as conn:  # not updated without its backup
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    conn.close()
