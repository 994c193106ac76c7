"""A ring's indicator list: the migration that adds it, the default, choosing and ordering."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from store import schema
from store.db import StoreError, open_store
from store.ring_indicators import collected_indicators, ring_indicators, set_ring_indicators


def test_migration_adds_the_list_to_an_older_database(tmp_path: Path) -> None:
    step = next(i for i, m in enumerate(schema.MIGRATIONS) if "ring_indicators" in m)
    path = tmp_path / "older.db"
    conn = sqlite3.connect(path, isolation_level=None)
    script = "".join(schema.MIGRATIONS[:step])
    conn.executescript(f"BEGIN;{script}PRAGMA user_version = {step}; COMMIT;")
    conn.execute("INSERT INTO meta(key, value) VALUES ('app', 'ringvergleich')")
    conn.execute("INSERT INTO indicators(code, name, direction, kind) VALUES"
                 " ('K2', 'Integrationsquote', 'up', 'outcome'), ('ALQ', 'ALQ', 'neutral',"
                 " 'context')")
    conn.execute("INSERT INTO rings(id, name) VALUES (1, 'Alt')")
    conn.close()
    store = open_store(path)
    try:
        assert ring_indicators(store, 1)["code"].to_list() == ["K2"]  # the default
        set_ring_indicators(store, 1, ["ALQ", "K2"], collected=["K2"])
        listed = ring_indicators(store, 1)
        assert listed.select("code", "position", "collected").rows() == [
            ("ALQ", 0, False), ("K2", 1, True)]
        with store.write() as write:
            write.execute("DELETE FROM rings WHERE id = 1")
        assert store._rows("SELECT count(*) AS n FROM ring_indicators") == [{"n": 0}]
    finally:
        store.close()


def test_default_and_chosen_lists(sample_db: Path) -> None:
    store = open_store(sample_db)
    try:
        default = collected_indicators(store, 2)
        kinds = store._rows("SELECT code, kind FROM indicators ORDER BY sort_order")
        assert default["code"].to_list() == [r["code"] for r in kinds if r["kind"] != "context"]
        # The sample's ring 1 lists every indicator and collects six of them itself.
        assert collected_indicators(store, 1)["code"].to_list() == [
            "K2", "K3", "K2E1", "SANQ", "AKTQ", "INTN"]  # in the ring's order: K1–K3 first
        set_ring_indicators(store, 2, ["SANQ", "K2", "SANQ"])
        assert collected_indicators(store, 2)["code"].to_list() == ["SANQ", "K2"]
        with pytest.raises(StoreError, match="unbekannte Kennzahl"):
            set_ring_indicators(store, 2, ["NOPE"])
        assert collected_indicators(store, 2)["code"].to_list() == ["SANQ", "K2"]  # unchanged
    finally:
        store.close()


def test_column_order_puts_the_three_kennzahlen_first(sample_db: Path) -> None:
    from store.ring_indicators import column_order, headline_first

    assert headline_first(["K1", "K1E1", "K2", "K2E1", "K3", "K3E1", "SANQ"]) == [
        "K1", "K2", "K3", "K1E1", "K2E1", "K3E1", "SANQ"]
    store = open_store(sample_db)
    try:
        default = column_order(store, 2)  # a ring without its own list
        assert default[:6] == ["K1", "K2", "K3", "K1E1", "K1E2", "K1E3"]
        assert default[-5:] == ["ALQ", "SGB2Q", "EW", "DICHTE", "ELB"]  # context last
        assert column_order(store, 1)[:3] == ["K1", "K2", "K3"]  # the demo ring's own list
        set_ring_indicators(store, 1, ["SANQ", "K2"], collected=["K2"])
        assert column_order(store, 1) == ["SANQ", "K2", "ALQ", "SGB2Q", "EW", "DICHTE", "ELB"]
    finally:
        store.close()


def test_moving_an_indicator_saves_the_rings_order(sample_db: Path) -> None:
    from store.ring_indicators import move_indicator

    store = open_store(sample_db)
    try:
        before = collected_indicators(store, 1)["code"].to_list()
        codes = move_indicator(store, 1, "K3", -1)
        assert codes[:3] == ["K1", "K3", "K2"]
        assert ring_indicators(store, 1)["code"].to_list() == codes
        assert collected_indicators(store, 1)["code"].to_list() == [
            c for c in codes if c in before]  # what it collects is kept
        assert move_indicator(store, 1, "K1", -5)[0] == "K1"  # stays put at the front
        assert move_indicator(store, 2, "K2", 1)[:4] == ["K1", "K3", "K2", "K1E1"]  # new list
        with pytest.raises(StoreError) as info:
            move_indicator(store, 1, "EW", 1)
        assert info.value.reason == "invalid"
    finally:
        store.close()
