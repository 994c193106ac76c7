"""Hostile probes of the figures file written while it is checked (importers.run._check_and_write,
store.figures_write.FigureWriter): problems in any part, repeated keys across parts, part
boundaries, re-imports, held locks, storage failures in the writer, exceptions and interrupts
in the check, other threads on the same store, several files, the command line.

Every call that could hang runs on a thread with a deadline (`bounded`): a hang fails the test
instead of the suite. A test that hangs leaves its (daemon) threads and its store behind on
purpose: closing the store would wait for the lock the stuck writer holds."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from importers import figures as figures_check
from importers import import_files, pipeline
from store import figures_insert, figures_write
from store.db import Store, StoreError, open_store
from store.sample import MUNICIPALITIES, ags_for
from tests.importers.conftest import MONTHS, figures_file, lines, sample_key
from tui import cli

AHR = sample_key("Kreis Ahrwiesen")
BRU = sample_key("Kreis Brunnstedt")
DEADLINE = 2.0  # seconds; every import here takes well under one


# --- helpers -----------------------------------------------------------------------------

def counts_of(store: Store) -> tuple[int, int, int]:
    """(imports, observations, observation_history) rows."""
    return tuple(store._rows(f"SELECT count(*) AS n FROM {table}")[0]["n"]  # type: ignore
                 for table in ("imports", "observations", "observation_history"))


def bounded(call: Callable[[], Any], seconds: float = DEADLINE) -> Any:
    """Run `call` on a daemon thread; its result, or its exception (also a
    KeyboardInterrupt) re-raised here; a call still running after `seconds` fails the test."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["result"] = call()
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            box["error"] = exc

    thread = threading.Thread(target=target, daemon=True, name="bounded-import")
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        pytest.fail(f"hang: still running after {seconds} s "
                    f"(threads: {[t.name for t in threading.enumerate()]})", pytrace=False)
    if "error" in box:
        raise box["error"]
    return box["result"]


def writer_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "figure-writer" and t.is_alive()]


def writable(store: Store) -> None:
    """The store's lock and transaction are free again: a new write commits."""
    def write() -> None:
        with store.write() as conn:
            conn.execute("UPDATE meta SET value = value WHERE 0")
    bounded(write, 3.0)


@pytest.fixture
def own_store(sample_db: Path):
    """A store closed only when the test did not leave a stuck writer holding its lock."""
    opened = open_store(sample_db)
    yield opened
    if not any(t.name == "figure-writer" and t.is_alive() for t in threading.enumerate()):
        opened.close()


def reasons(outcome) -> list[str]:
    return [p.reason for p in outcome.prepared.problems]


# --- problems by position -----------------------------------------------------------------

def test_a_problem_only_in_the_last_part(own_store, write_file, small_parts) -> None:
    rows = lines()
    rows[-1] = rows[-1].rsplit(";", 1)[0] + ";abc"
    before = counts_of(own_store)
    [outcome] = bounded(lambda: import_files(own_store, [figures_file(write_file, "k.csv", rows)]))
    assert not outcome.ok and outcome.error is None
    [problem] = outcome.prepared.problems
    assert (problem.reason, problem.row, problem.column, problem.value) == (
        "bad_number", 25, "Wert", "abc")
    assert small_parts == [5, 5, 5, 5]  # all clean parts went to the writer, then undone
    assert counts_of(own_store) == before
    writable(own_store)


def test_a_problem_only_in_the_first_part_feeds_the_writer_nothing(
        own_store, write_file, small_parts) -> None:
    rows = lines()
    rows[0] = rows[0].replace(AHR, "99999")
    before = counts_of(own_store)
    [outcome] = bounded(lambda: import_files(own_store, [figures_file(write_file, "k.csv", rows)]))
    assert [(p.reason, p.row, p.column) for p in outcome.prepared.problems] == [
        ("unknown_municipality", 2, "AGS")]
    assert small_parts == []
    assert counts_of(own_store) == before
    writable(own_store)


def test_a_problem_in_a_middle_part_and_every_later_problem_is_listed(
        own_store, write_file, small_parts) -> None:
    rows = lines()
    rows[11] = rows[11].replace("K2", "KXX")  # part 3
    rows[17] = rows[17].replace("2030-06", "2030-13")  # part 4
    rows[23] = rows[23].rsplit(";", 1)[0] + ";1,2,3"  # part 5 (last)
    before = counts_of(own_store)
    [outcome] = bounded(lambda: import_files(own_store, [figures_file(write_file, "k.csv", rows)]))
    assert [(p.reason, p.row) for p in outcome.prepared.problems] == [
        ("unknown_indicator", 13), ("bad_period", 19), ("bad_number", 25)]
    assert small_parts == [5, 5]
    assert counts_of(own_store) == before


def test_a_key_repeated_in_the_first_and_last_row(own_store, write_file, small_parts) -> None:
    rows = lines()
    rows[-1] = rows[0].replace(";0,0", ";7,0")
    before = counts_of(own_store)
    [outcome] = bounded(lambda: import_files(own_store, [figures_file(write_file, "k.csv", rows)]))
    [problem] = outcome.prepared.problems
    assert (problem.reason, problem.row, problem.column, problem.detail) == (
        "duplicate", 25, "Wert", "2")
    assert outcome.error is None  # the writer's own failed insert of the repeat is not shown
    assert counts_of(own_store) == before
    writable(own_store)


def test_repeated_keys_in_wide_layout_across_parts(own_store, write_file, small_parts) -> None:
    quarters = [f"{y}-Q{q}" for y in range(2030, 2033) for q in range(1, 5)]
    rows = [f"{AHR};{quarter};{i},5;{i % 9},1" for i, quarter in enumerate(quarters)]
    rows.append(f"{AHR};{quarters[1]};9,5;3,3")  # repeats row 3 (both indicators)
    path = write_file("breit.csv", "AGS;Quartal;K2;ALQ\n" + "\n".join(rows) + "\n")
    before = counts_of(own_store)
    [outcome] = bounded(lambda: import_files(own_store, [path]))
    assert outcome.prepared.layout == "wide-indicator"
    assert sorted((p.reason, p.row, p.column, p.detail) for p in outcome.prepared.problems) == [
        ("duplicate", 14, "ALQ", "3"), ("duplicate", 14, "K2", "3")]
    assert small_parts  # long rows 24+2: parts went to the writer before the end
    assert counts_of(own_store) == before


# --- sizes ---------------------------------------------------------------------------------

def many_rows(count: int) -> list[str]:
    keys = [ags_for(i) for i in range(len(MUNICIPALITIES))]
    months = [f"{y}-{m:02d}" for y in range(2100, 2300) for m in range(1, 13)]
    assert count <= len(keys) * len(months)
    return [f"{keys[i // len(months)]};K2;{months[i % len(months)]};1,0" for i in range(count)]


@pytest.mark.parametrize(("count", "parts"), [(60_000, [10_000, 50_000]),
                                              (60_001, [10_000, 50_000, 1])])
def test_a_file_of_exactly_one_part_and_one_row_more(own_store, write_file, monkeypatch,
                                                     count, parts) -> None:
    written: list[int] = []
    original = figures_write._write_part
    monkeypatch.setattr(figures_write, "_write_part", lambda conn, store, part, *a: (
        written.append(part.records.height), original(conn, store, part, *a)))
    before = counts_of(own_store)
    [outcome] = bounded(lambda: import_files(own_store, [figures_file(write_file, "n.csv",
                                                                      many_rows(count))]), 30)
    assert outcome.ok, outcome.prepared.problems[:3]
    assert (outcome.counts.rows, outcome.counts.new) == (count, count)
    assert written == parts
    assert counts_of(own_store) == (before[0] + 1, before[1] + count, before[2])
    assert own_store._rows("SELECT rows, new_rows FROM imports WHERE id = ?",
                           (outcome.counts.import_id,))[0] == {"rows": count, "new_rows": count}


def test_a_file_of_only_empty_values_writes_nothing(own_store, write_file, small_parts) -> None:
    rows = [r.rsplit(";", 1)[0] + ";" for r in lines()]
    before = counts_of(own_store)
    [outcome] = bounded(lambda: import_files(own_store, [figures_file(write_file, "e.csv", rows)]))
    assert reasons(outcome) == ["empty"] and outcome.error is None
    assert counts_of(own_store) == before
    writable(own_store)


def test_a_part_of_only_empty_values_between_full_ones(own_store, write_file,
                                                       small_parts) -> None:
    rows = lines()
    for i in range(5, 10):  # the whole second part
        rows[i] = rows[i].rsplit(";", 1)[0] + ";"
    before = counts_of(own_store)
    [outcome] = bounded(lambda: import_files(own_store, [figures_file(write_file, "e.csv", rows)]))
    assert outcome.ok, (outcome.prepared.problems, outcome.error)
    assert (outcome.counts.new, outcome.prepared.skipped) == (19, 5)
    assert counts_of(own_store) == (before[0] + 1, before[1] + 19, before[2])


def test_every_row_has_a_problem(own_store, write_file, small_parts) -> None:
    rows = [r.replace("K2", "NOPE") for r in lines()]
    before = counts_of(own_store)
    [outcome] = bounded(lambda: import_files(own_store, [figures_file(write_file, "x.csv", rows)]))
    assert reasons(outcome) == ["unknown_indicator"] * 24
    assert [p.row for p in outcome.prepared.problems] == list(range(2, 26))
    assert small_parts == []
    assert counts_of(own_store) == before


# --- imported before, corrected --------------------------------------------------------------

def test_the_same_file_again_changes_nothing(own_store, write_file, small_parts) -> None:
    path = figures_file(write_file, "k.csv", lines())
    [first] = bounded(lambda: import_files(own_store, [path]))
    after_first = counts_of(own_store)
    written = len(small_parts)
    [again] = bounded(lambda: import_files(own_store, [path]))
    assert again.ok and again.error is None
    assert again.counts.previous is not None
    assert again.counts.previous["id"] == first.counts.import_id
    assert len(small_parts) == written  # the writer was not even started
    assert counts_of(own_store) == after_first


def test_the_same_file_found_only_inside_the_writers_transaction(
        own_store, write_file, small_parts, monkeypatch) -> None:
    """Two colleagues import the same file at once: the second finds the first's import only
    after its own check (inside the transaction)."""
    path = figures_file(write_file, "k.csv", lines())
    [first] = bounded(lambda: import_files(own_store, [path]))
    after_first = counts_of(own_store)
    monkeypatch.setattr(pipeline.store_imports, "previous_import", lambda store, sha: None)
    [again] = bounded(lambda: import_files(own_store, [path]))
    assert again.ok and again.error is None
    assert again.counts.previous is not None
    assert again.counts.previous["id"] == first.counts.import_id
    assert counts_of(own_store) == after_first
    writable(own_store)


def test_a_corrected_second_file_keeps_history(own_store, write_file, small_parts) -> None:
    before = counts_of(own_store)
    [first] = bounded(lambda: import_files(own_store, [figures_file(write_file, "a.csv",
                                                                     lines())]))
    corrected = lines(offset=0.5)[:7] + lines()[7:] + [f"{AHR};K2;2031-01;3,0"]
    [second] = bounded(lambda: import_files(own_store, [figures_file(write_file, "b.csv",
                                                                      corrected)]))
    assert second.ok
    assert (second.counts.rows, second.counts.new, second.counts.changed,
            second.counts.unchanged) == (25, 1, 7, 17)
    assert counts_of(own_store) == (before[0] + 2, before[1] + 25, before[2] + 7)
    history = own_store._rows(
        "SELECT period, value, import_id, replaced_by_import FROM observation_history"
        " WHERE replaced_by_import = ? ORDER BY period", (second.counts.import_id,))
    assert [(h["period"], h["value"], h["import_id"]) for h in history] == [
        (m, float(i), first.counts.import_id) for i, m in enumerate(MONTHS[:7])]
    stored = own_store._rows("SELECT value, import_id FROM observations WHERE ags = ?"
                             " AND indicator_code = 'K2' AND period = '2030-03'", (AHR,))[0]
    assert stored == {"value": 2.5, "import_id": second.counts.import_id}
    record = own_store._rows("SELECT rows, new_rows, changed_rows, unchanged_rows FROM imports"
                             " WHERE id = ?", (second.counts.import_id,))[0]
    assert record == {"rows": 25, "new_rows": 1, "changed_rows": 7, "unchanged_rows": 17}


# --- locks and storage failures ----------------------------------------------------------------

def test_a_held_lock_in_small_parts_is_named_quickly(sample_db, own_store, write_file,
                                                     small_parts) -> None:
    own_store.busy_ms = 50
    before = counts_of(own_store)
    holder = sqlite3.connect(sample_db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        started = time.monotonic()
        [outcome] = bounded(lambda: import_files(own_store, [figures_file(write_file, "k.csv",
                                                                          lines())]))
        elapsed = time.monotonic() - started
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert outcome.prepared.ok and outcome.error is not None
    assert outcome.error.reason == "locked"
    assert elapsed < 3
    assert small_parts == []  # the writer never got its transaction
    assert counts_of(own_store) == before
    writable(own_store)


def test_a_held_lock_and_a_problem_report_the_problem(sample_db, own_store, write_file,
                                                      small_parts) -> None:
    own_store.busy_ms = 50
    rows = lines()
    rows[-1] = rows[-1].replace(BRU, "99999")
    holder = sqlite3.connect(sample_db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        [outcome] = bounded(lambda: import_files(own_store, [figures_file(write_file, "k.csv",
                                                                          rows)]))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert reasons(outcome) == ["unknown_municipality"]
    assert outcome.error is None


def test_import_inside_store_patience_does_not_deadlock(own_store, write_file,
                                                        small_parts) -> None:
    """Store.patience (the documented way to shorten a write's wait for a lock) holds the
    store's RLock on the calling thread; the writer thread then waits for that lock forever
    while the caller waits for the writer to take the second part."""
    before = counts_of(own_store)

    def run():
        with own_store.patience(50):
            return import_files(own_store, [figures_file(write_file, "k.csv", lines())])

    [outcome] = bounded(run)
    assert outcome.ok
    assert counts_of(own_store)[1] == before[1] + 24


def full_on_call(number: int, monkeypatch) -> list[int]:
    calls: list[int] = []
    original = figures_insert.insert

    def insert(conn, rows, import_id, progress):
        calls.append(rows.height)
        if len(calls) == number:
            raise sqlite3.OperationalError("database or disk is full")
        original(conn, rows, import_id, progress)

    monkeypatch.setattr(figures_insert, "insert", insert)
    return calls


def test_a_full_disk_during_the_third_part_writes_nothing(own_store, write_file, small_parts,
                                                          monkeypatch) -> None:
    calls = full_on_call(3, monkeypatch)
    before = counts_of(own_store)
    [outcome] = bounded(lambda: import_files(own_store, [figures_file(write_file, "k.csv",
                                                                      lines())]))
    assert outcome.prepared.ok
    assert isinstance(outcome.error, StoreError) and outcome.error.reason == "full"
    assert "disk is full" in outcome.error.detail
    assert len(calls) == 3  # no part after the failed one was written
    assert counts_of(own_store) == before
    writable(own_store)


def test_a_full_disk_and_a_later_problem_report_the_problem(own_store, write_file, small_parts,
                                                            monkeypatch) -> None:
    full_on_call(1, monkeypatch)
    rows = lines()
    rows[-1] = rows[-1].rsplit(";", 1)[0] + ";abc"
    [outcome] = bounded(lambda: import_files(own_store, [figures_file(write_file, "k.csv",
                                                                      rows)]))
    assert reasons(outcome) == ["bad_number"] and outcome.error is None
    writable(own_store)


class CommitFails:
    """The store's connection, but the first COMMIT fails as on a full disk (SQLite writes
    the transaction's pages at COMMIT: the most likely moment for a large import to find the
    disk full)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn, self.failed = conn, False

    def execute(self, sql: str, *args):
        if sql == "COMMIT" and not self.failed:
            self.failed = True
            raise sqlite3.OperationalError("database or disk is full")
        return self._conn.execute(sql, *args)

    def __getattr__(self, name: str):
        return getattr(self._conn, name)


def test_a_full_disk_at_commit_is_named_not_hung(own_store, write_file, small_parts) -> None:
    """The writer's failure after it received the end of the file (COMMIT, or recording the
    import's counts) makes it wait in _drain for another end that never comes; finish()
    joins it forever."""
    before = counts_of(own_store)
    own_store.conn = CommitFails(own_store.conn)  # type: ignore[assignment]
    [outcome] = bounded(lambda: import_files(own_store, [figures_file(write_file, "k.csv",
                                                                      lines())]))
    assert own_store.conn.failed
    assert outcome.error is not None and outcome.error.reason == "full"
    assert counts_of(own_store) == before
    writable(own_store)


def test_a_failure_recording_the_import_is_named_not_hung(own_store, write_file, small_parts,
                                                          monkeypatch) -> None:
    def full(conn, counts):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(figures_write, "finish_import", full)
    before = counts_of(own_store)
    [outcome] = bounded(lambda: import_files(own_store, [figures_file(write_file, "k.csv",
                                                                      lines())]))
    assert outcome.error is not None and outcome.error.reason == "io"
    assert counts_of(own_store) == before


def test_the_same_commit_failure_without_streaming_is_named(own_store, write_file) -> None:
    """For comparison: write_figures (checked first, then written) names it."""
    before = counts_of(own_store)
    own_store.conn = CommitFails(own_store.conn)  # type: ignore[assignment]
    [outcome] = bounded(lambda: _import_checked_first(own_store, write_file))
    assert outcome.error is not None and outcome.error.reason == "full"
    assert counts_of(own_store) == before


def _import_checked_first(store: Store, write_file):
    from importers import prepare, write
    from importers.pipeline import Outcome
    prepared = prepare(figures_file(write_file, "k.csv", lines()), store)
    outcome = Outcome(prepared)
    try:
        outcome.counts = write(store, prepared)
    except StoreError as error:
        outcome.error = error
    return [outcome]


# --- exceptions and interrupts in the check -------------------------------------------------------

def fail_in_check_on_call(number: int, error: BaseException, monkeypatch) -> list[int]:
    calls: list[int] = []
    original = figures_check._check_part

    def check_part(frame, *args, **kwargs):
        calls.append(frame.height)
        if len(calls) == number:
            raise error
        return original(frame, *args, **kwargs)

    monkeypatch.setattr(figures_check, "_check_part", check_part)
    return calls


@pytest.mark.parametrize("error", [RuntimeError("bug"), KeyboardInterrupt(), MemoryError()],
                         ids=["RuntimeError", "KeyboardInterrupt", "MemoryError"])
def test_an_exception_in_the_check_mid_way_rolls_back(own_store, write_file, small_parts,
                                                      monkeypatch, error) -> None:
    fail_in_check_on_call(4, error, monkeypatch)
    stuck = set(writer_threads())  # left behind by a test that found a hang
    before = counts_of(own_store)
    with pytest.raises(type(error)):
        bounded(lambda: import_files(own_store, [figures_file(write_file, "k.csv", lines())]))
    assert small_parts == [5, 5, 5]  # the writer had written the first parts
    assert set(writer_threads()) == stuck  # the writer has ended
    assert counts_of(own_store) == before
    writable(own_store)


def test_an_interrupt_while_making_a_part_ready_rolls_back(own_store, write_file, small_parts,
                                                           monkeypatch) -> None:
    """Ctrl+C in FigureWriter.add (figures_insert.prepare on the caller's thread), while the
    writer holds the transaction."""
    original, calls = figures_insert.prepare, []

    def prepare(records):
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return original(records)

    monkeypatch.setattr(figures_insert, "prepare", prepare)
    before = counts_of(own_store)
    with pytest.raises(KeyboardInterrupt):
        bounded(lambda: import_files(own_store, [figures_file(write_file, "k.csv", lines())]))
    assert counts_of(own_store) == before
    writable(own_store)


def test_an_exception_in_the_duplicate_check_after_all_parts(own_store, write_file,
                                                             small_parts, monkeypatch) -> None:
    def broken(_keys):
        raise MemoryError

    monkeypatch.setattr(figures_check, "_repeated_rows", broken)
    before = counts_of(own_store)
    with pytest.raises(MemoryError):
        bounded(lambda: import_files(own_store, [figures_file(write_file, "k.csv", lines())]))
    assert small_parts == [5, 5, 5, 5, 4]
    assert counts_of(own_store) == before
    writable(own_store)


# --- other threads on the same store ----------------------------------------------------------------

def test_a_reader_thread_during_the_import_waits_and_then_reads(own_store, write_file,
                                                                small_parts, monkeypatch) -> None:
    """The TUI reading on another thread while the CLI-style import streams: the reader waits
    for the store's lock (held by the writer for the whole transaction), never forever, and
    never sees half a file."""
    seen: list[int] = []
    original, calls = figures_check._check_part, []
    readers: list[threading.Thread] = []

    def read() -> None:
        seen.append(own_store._rows("SELECT count(*) AS n FROM observations")[0]["n"])

    def check_part(frame, *args, **kwargs):
        calls.append(1)
        if len(calls) == 3:  # the writer has its transaction and two parts
            reader = threading.Thread(target=read, daemon=True)
            reader.start()
            readers.append(reader)
            reader.join(0.3)
        return original(frame, *args, **kwargs)

    monkeypatch.setattr(figures_check, "_check_part", check_part)
    before = counts_of(own_store)
    [outcome] = bounded(lambda: import_files(own_store, [figures_file(write_file, "k.csv",
                                                                      lines())]))
    assert outcome.ok
    [reader] = readers
    reader.join(3)
    assert not reader.is_alive()
    assert seen == [before[1] + 24]  # it waited for the commit: all or nothing


def test_the_lock_is_released_at_the_first_problem(sample_db, own_store, write_file,
                                                   small_parts, monkeypatch) -> None:
    """README: the transaction is "rolled back at the first problem found". With a problem in
    the second part, another user can write while the rest of the file is still checked."""
    rows = lines()  # 24 rows, five parts
    rows[6] = rows[6].replace(AHR, "99999")  # part 2
    other: list[str] = []
    original, calls = figures_check._check_part, []

    def check_part(frame, *args, **kwargs):
        calls.append(1)
        if len(calls) == 5:  # checking the last part; the problem was found in part 2
            conn = sqlite3.connect(sample_db, isolation_level=None, timeout=0)
            try:
                conn.execute("BEGIN IMMEDIATE")
                conn.execute("ROLLBACK")
                other.append("wrote")
            except sqlite3.OperationalError as exc:
                other.append(str(exc))
            finally:
                conn.close()
        return original(frame, *args, **kwargs)

    monkeypatch.setattr(figures_check, "_check_part", check_part)
    [outcome] = bounded(lambda: import_files(own_store, [figures_file(write_file, "k.csv",
                                                                      rows)]))
    assert reasons(outcome) == ["unknown_municipality"]
    assert other == ["wrote"]


# --- several files ---------------------------------------------------------------------------------

def test_several_files_one_bad_each_its_own_transaction(own_store, write_file,
                                                        small_parts) -> None:
    good_a = figures_file(write_file, "a.csv", lines())
    bad_rows = [r.replace("2030", "2031") for r in lines()]
    bad_rows[-1] = bad_rows[-1].replace(BRU, "99999")
    bad = figures_file(write_file, "b.csv", bad_rows)
    good_c = figures_file(write_file, "c.csv", [r.replace("2030", "2032") for r in lines()])
    before = counts_of(own_store)
    outcomes = bounded(lambda: import_files(own_store, [good_a, bad, good_c]))
    assert [o.ok for o in outcomes] == [True, False, True]
    assert reasons(outcomes[1]) == ["unknown_municipality"]
    assert counts_of(own_store) == (before[0] + 2, before[1] + 48, before[2])
    assert own_store._rows("SELECT count(*) AS n FROM observations WHERE period LIKE '2031%'"
                           )[0]["n"] == 0


def test_several_files_the_first_fails_to_write(own_store, write_file, small_parts,
                                                monkeypatch) -> None:
    full_on_call(2, monkeypatch)
    first = figures_file(write_file, "a.csv", lines())
    second = figures_file(write_file, "b.csv", [r.replace("2030", "2031") for r in lines()])
    before = counts_of(own_store)
    outcomes = bounded(lambda: import_files(own_store, [first, second]))
    assert outcomes[0].error is not None and outcomes[0].error.reason == "full"
    assert outcomes[1].ok
    assert counts_of(own_store) == (before[0] + 1, before[1] + 24, before[2])


# --- the command line ---------------------------------------------------------------------------------

def test_cli_lists_problems_of_every_part_and_exits_1(sample_db, write_file, small_parts,
                                                      capsys) -> None:
    rows = lines()
    rows[0] = rows[0].replace(AHR, "99999")
    rows[-1] = rows[-1].rsplit(";", 1)[0] + ";abc"
    path = figures_file(write_file, "k.csv", rows)
    assert bounded(lambda: cli.main(["import", str(path), "--db", str(sample_db)])) == 1
    err = capsys.readouterr().err
    assert "k.csv: 2 Problem(e) – nichts importiert" in err
    assert "k.csv, Zeile 2, Spalte „AGS“: „99999“ – Kommune unbekannt" in err
    assert "k.csv, Zeile 25, Spalte „Wert“: „abc“ – keine Zahl" in err
    assert "Traceback" not in err


def test_cli_full_disk_is_named_without_traceback(sample_db, write_file, small_parts,
                                                  monkeypatch, capsys) -> None:
    full_on_call(2, monkeypatch)
    path = figures_file(write_file, "k.csv", lines())
    code = bounded(lambda: cli.main(["import", str(path), "--db", str(sample_db)]))
    captured = capsys.readouterr()
    assert code != 0
    assert "k.csv: nicht geschrieben" in captured.err and "Speicherplatz" in captured.err
    assert "Traceback" not in captured.err + captured.out
    store = open_store(sample_db, readonly=True)
    try:
        assert store._rows("SELECT count(*) AS n FROM imports WHERE file_name LIKE '%k.csv'"
                           )[0]["n"] == 0
    finally:
        store.close()


def test_cli_held_lock_is_named(sample_db, write_file, small_parts, monkeypatch,
                                capsys) -> None:
    monkeypatch.setattr("store.db.BUSY_TIMEOUT_MS", 50)
    holder = sqlite3.connect(sample_db, isolation_level=None)
    path = figures_file(write_file, "k.csv", lines())
    holder.execute("BEGIN IMMEDIATE")
    try:
        code = bounded(lambda: cli.main(["import", str(path), "--db", str(sample_db)]), 15)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    captured = capsys.readouterr()
    assert code != 0
    assert "gesperrt" in captured.err and "Traceback" not in captured.err


# --- a really full database, several users at once ---------------------------------------------------

def test_a_really_full_database_mid_way_is_named(own_store, write_file, monkeypatch) -> None:
    """SQLite's own SQLITE_FULL (max_page_count: the database may not grow past a few pages
    more than it has), hit by the writer after some parts were inserted."""
    monkeypatch.setattr(figures_check, "CHECK_ROWS", 2_000)
    rows = many_rows(20_000)
    pages = own_store.conn.execute("PRAGMA page_count").fetchone()[0]
    own_store.conn.execute(f"PRAGMA max_page_count = {pages + 40}")
    before = counts_of(own_store)
    [outcome] = bounded(lambda: import_files(own_store, [figures_file(write_file, "n.csv",
                                                                      rows)]), 30)
    assert outcome.prepared.ok
    assert outcome.error is not None and outcome.error.reason == "full", outcome.error
    assert counts_of(own_store) == before
    own_store.conn.execute("PRAGMA max_page_count = 1073741823")
    writable(own_store)


def import_as_another_user(sample_db: Path, paths: list[Path], results: list) -> None:
    store = open_store(sample_db)
    try:
        results.extend(import_files(store, paths))
    finally:
        store.close()


@pytest.mark.parametrize("same_file", [False, True], ids=["two-files", "same-file"])
def test_two_users_stream_at_once(sample_db, own_store, write_file, small_parts,
                                  monkeypatch, same_file) -> None:
    """Two connections (two colleagues) import at the same moment; the second waits for the
    first's transaction. The same file is imported exactly once."""
    first = figures_file(write_file, "a.csv", lines())
    second = first if same_file else figures_file(
        write_file, "b.csv", [r.replace("2030", "2031") for r in lines()])
    before = counts_of(own_store)
    results: list = []
    gate = threading.Barrier(2)
    original = figures_check._check_part

    def check_part(frame, *args, **kwargs):  # both have read the file before either writes
        if not kwargs.get("exact_keys"):
            try:
                gate.wait(0.5)
            except threading.BrokenBarrierError:
                pass
        return original(frame, *args, **kwargs)

    monkeypatch.setattr(figures_check, "_check_part", check_part)
    users = [threading.Thread(target=import_as_another_user, args=(sample_db, [p], results),
                              daemon=True) for p in (first, second)]
    for user in users:
        user.start()
    for user in users:
        user.join(DEADLINE * 3)
    assert not any(u.is_alive() for u in users), "hang"
    assert len(results) == 2 and all(o.ok for o in results), [
        (o.prepared.problems, o.error) for o in results]
    if same_file:
        assert sorted(o.counts.previous is not None for o in results) == [False, True]
        assert counts_of(own_store) == (before[0] + 1, before[1] + 24, before[2])
    else:
        assert counts_of(own_store) == (before[0] + 2, before[1] + 48, before[2])
