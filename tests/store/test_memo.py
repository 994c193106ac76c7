"""Reads kept until the database changes (store.memo), and the profile read kept so."""

from __future__ import annotations

from pathlib import Path

from store import analysis, memo
from store.db import open_store
from store.sample import ags_for


def test_a_read_is_kept_until_anyone_commits(sample_db: Path) -> None:
    store, other = open_store(sample_db), open_store(sample_db)
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert memo.remembered(store, "k", compute) == 1
    assert memo.remembered(store, "k", compute) == 1 and memo.peek(store, "k") == 1
    with other.write() as conn:  # another process's commit
        conn.execute("INSERT INTO meta(key, value) VALUES ('memo-a', '1')")
    assert memo.peek(store, "k") is None
    assert memo.remembered(store, "k", compute) == 2
    with store.write() as conn:  # our own commit
        conn.execute("INSERT INTO meta(key, value) VALUES ('memo-b', '1')")
    assert memo.remembered(store, "k", compute) == 3
    store.close()
    other.close()


def test_only_the_newest_reads_are_kept(sample_db: Path) -> None:
    store = open_store(sample_db)
    for index in range(memo.KEPT + 10):
        memo.remembered(store, ("k", index), lambda i=index: i)
    assert len(store.cache) == memo.KEPT
    assert memo.peek(store, ("k", 0)) is None
    assert memo.peek(store, ("k", memo.KEPT + 9)) == memo.KEPT + 9
    store.close()


def test_the_profile_read_ahead_is_what_the_profile_reads(sample_db: Path, monkeypatch) -> None:
    store = open_store(sample_db)
    computed: list[tuple] = []
    original = analysis._municipality_profile

    def counting(*args):
        computed.append(args[1:])
        return original(*args)

    monkeypatch.setattr(analysis, "_municipality_profile", counting)
    ags = ags_for(0)
    analysis.warm_profile(store, ags, 1, "2026-Q1")
    profile = analysis.municipality_profile(store, ags, 1, "2026-Q1")
    assert computed == [(ags, 1, "2026-Q1")] and profile.height > 0
    analysis.warm_profile(store, ags, 1, "1999-Q1")  # a quarter without figures: nothing read
    assert len(computed) == 1
    store.close()


def test_a_second_reader_waits_for_the_first_instead_of_reading_again(sample_db: Path) -> None:
    import threading
    import time

    store = open_store(sample_db)
    calls: list[int] = []
    started = threading.Event()

    def slow() -> str:
        calls.append(1)
        started.set()
        time.sleep(0.3)
        return "read"

    results: list[str] = []
    first = threading.Thread(target=lambda: results.append(memo.remembered(store, "s", slow)))
    first.start()
    started.wait(5)
    results.append(memo.remembered(store, "s", slow))  # while the first is still reading
    first.join()
    assert results == ["read", "read"] and len(calls) == 1
    with store.write():  # inside a transaction nobody waits: it reads for itself
        assert memo.remembered(store, "t", lambda: "own") == "own"
    store.close()
