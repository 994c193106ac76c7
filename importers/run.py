"""Import whole files as the command line does: each in one transaction, master data first;
plain figure files written while they are still being checked."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from importers import template_read
from importers.pipeline import ORDER, Outcome, Prepared, Progress, check, import_source, load, write
from store import figures_write
from store import imports as store_imports
from store.db import Store, StoreError


def dry_run(store: Store, prepared: Prepared, progress: Progress | None = None
            ) -> store_imports.ImportCounts:
    """What writing a checked file would change, found by writing it into a copy."""
    scratch = store_imports.scratch_copy(store)
    try:
        return write(scratch, prepared, progress)
    finally:
        scratch.close()


def import_files(store: Store, paths: list[str | Path], *, dry_run: bool = False,
                 layout: str | None = None, sheet: str | None = None,
                 progress: Callable[[Prepared, str, int, int], None] | None = None,
                 mappings: list[str] | None = None, period: str | None = None
                 ) -> list[Outcome]:
    """Import files one transaction each, master data before figures. A dry run does the
    same on an in-memory copy of the database, so it reports exactly what would change.
    With `period`, a collection template for another quarter is refused. A plain figures
    file is written while it is checked (unless this thread holds the store already): then
    `progress` must not use the store, which the writing thread holds."""
    loaded = [load(p, layout, sheet, mappings=mappings) for p in paths]
    for prepared in loaded:
        prepared.expected_period = period
    loaded.sort(key=lambda p: ORDER.get(p.kind or "", 9))
    target = store_imports.scratch_copy(store) if dry_run else store
    outcomes = []
    try:
        for prepared in loaded:
            step = (lambda phase, done, total, p=prepared: progress(p, phase, done, total)
                    ) if progress else None
            if not dry_run and _streams(prepared) and not target.held_here():
                outcomes.append(_check_and_write(target, prepared, step))
                continue
            check(prepared, target, step)
            outcome = Outcome(prepared)
            if prepared.ok:
                try:
                    outcome.counts = write(target, prepared, step)
                except StoreError as error:
                    outcome.error = error
                except sqlite3.Error as error:
                    outcome.error = StoreError("invalid", store.path, str(error))
            outcomes.append(outcome)
    finally:
        if dry_run:
            target.close()
    return outcomes


def _streams(prepared: Prepared) -> bool:
    """A plain figures file (not an official table, not a collection template)."""
    table = prepared.table
    return (prepared.kind == "figures" and prepared.official is None and table is not None
            and not prepared.problems and not template_read.is_template(table))


def _check_and_write(store: Store, prepared: Prepared, progress: Progress | None) -> Outcome:
    """Check a figures file and write each checked part at once, on a second thread, in
    one transaction that commits only when the whole file is free of problems: checking
    and writing a large file then overlap instead of following each other."""
    step = (lambda done, total: progress("write", done, total)) if progress else None
    writer = figures_write.FigureWriter(store, import_source(prepared), step)
    prepared.writer = writer
    try:
        check(prepared, store, progress)
    except BaseException:
        writer.abort()
        raise
    finally:
        prepared.writer = None
    outcome = Outcome(prepared)
    if prepared.previous is not None:
        outcome.counts = store_imports.ImportCounts(previous=prepared.previous)
    if not prepared.ok or prepared.previous is not None:
        writer.abort()
        return outcome
    try:
        outcome.counts = writer.finish()
    except StoreError as error:
        outcome.error = error
    return outcome
