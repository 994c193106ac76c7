"""Plain figure files are written part by part while they are checked (importers.run):
still one transaction, nothing written when any part has a problem or the write fails."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from importers import import_files, prepare, write
from store.db import open_store
from tests.importers.conftest import figures_file, lines, sample_key
from tests.store.test_sample import dump

AHR = sample_key("Kreis Ahrwiesen")
BRU = sample_key("Kreis Brunnstedt")


def imports_and_figures(store) -> tuple[int, int]:
    return (store._rows("SELECT count(*) AS n FROM imports")[0]["n"],
            store._rows("SELECT count(*) AS n FROM observations")[0]["n"])


def test_a_file_is_written_in_parts_as_one_import(store, write_file, small_parts) -> None:
    before = imports_and_figures(store)
    [outcome] = import_files(store, [figures_file(write_file, "k.csv", lines())])
    assert outcome.ok and outcome.counts.new == 24
    assert small_parts == [5, 5, 5, 5, 4]
    assert imports_and_figures(store) == (before[0] + 1, before[1] + 24)
    record = store._rows("SELECT rows, new_rows FROM imports WHERE id = ?",
                         (outcome.counts.import_id,))[0]
    assert record == {"rows": 24, "new_rows": 24}


def test_a_problem_in_a_later_part_writes_nothing(store, write_file, small_parts) -> None:
    rows = lines()
    rows[-2] = rows[-2].replace(BRU, "99999")
    before = imports_and_figures(store)
    [outcome] = import_files(store, [figures_file(write_file, "k.csv", rows)])
    assert not outcome.ok
    assert [p.reason for p in outcome.prepared.problems] == ["unknown_municipality"]
    assert small_parts[:2] == [5, 5]  # parts before the problem were written, then undone
    assert imports_and_figures(store) == before


def test_a_key_repeated_in_a_later_part_writes_nothing(store, write_file, small_parts) -> None:
    rows = lines()
    rows.append(rows[0].replace(";0,0", ";9,9"))
    before = imports_and_figures(store)
    [outcome] = import_files(store, [figures_file(write_file, "k.csv", rows)])
    assert [p.reason for p in outcome.prepared.problems] == ["duplicate"]
    assert outcome.prepared.problems[0].row == len(rows) + 1
    assert imports_and_figures(store) == before


def without_time(history: list[tuple]) -> list[tuple]:
    """History rows without replaced_at (the two imports ran a second apart)."""
    return [row[:9] + row[10:] for row in history]


def test_written_while_checked_equals_written_after_checking(
    sample_db: Path, tmp_path: Path, write_file, small_parts
) -> None:
    other = tmp_path / "other.db"
    other.write_bytes(sample_db.read_bytes())
    first = figures_file(write_file, "a.csv", lines())
    corrected = figures_file(write_file, "b.csv", lines(offset=0.5)[:7] + lines()[7:])
    streamed, checked_first = open_store(sample_db), open_store(other)
    for path in (first, corrected):
        [outcome] = import_files(streamed, [path])
        prepared = prepare(path, checked_first)
        counts = write(checked_first, prepared)
        assert (outcome.counts.new, outcome.counts.changed, outcome.counts.unchanged) == (
            counts.new, counts.changed, counts.unchanged)
    assert (outcome.counts.new, outcome.counts.changed) == (0, 7)
    streamed.close()
    checked_first.close()
    ours, theirs = dump(sample_db), dump(other)
    assert ours["observations"] == theirs["observations"]
    assert without_time(ours["observation_history"]) == without_time(theirs["observation_history"])


def test_a_held_lock_is_named_and_nothing_is_written(sample_db: Path, write_file) -> None:
    store = open_store(sample_db)
    store.busy_ms = 50  # the writer's wait for the lock, as inside Store.patience
    before = imports_and_figures(store)
    holder = sqlite3.connect(sample_db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        [outcome] = import_files(store, [figures_file(write_file, "k.csv", lines())])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert outcome.prepared.ok and outcome.error is not None
    assert outcome.error.reason == "locked"
    assert imports_and_figures(store) == before
    store.close()


def test_a_failing_check_rolls_the_writer_back(store, write_file, small_parts,
                                               monkeypatch) -> None:
    def broken(_frame):
        raise RuntimeError("bug")

    monkeypatch.setattr("importers.figures._duplicates", broken)
    before = imports_and_figures(store)
    with pytest.raises(RuntimeError):
        import_files(store, [figures_file(write_file, "k.csv", lines())])
    assert small_parts  # the writer had begun
    assert imports_and_figures(store) == before
    with store.write() as conn:  # the transaction and the store's lock are released
        conn.execute("UPDATE meta SET value = value WHERE 0")
