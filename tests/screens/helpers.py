"""Helpers for Pilot tests: wait for background loads, read table cells as text."""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.pilot import Pilot
from textual.widgets import DataTable

SIZES = [(80, 24), (120, 40)]


async def settle(pilot: Pilot) -> None:
    """Let pending key handlers run, wait for thread workers, then let their results render."""
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def wait_until(pilot: Pilot, condition: Callable[[], object], timeout: float = 10.0) -> None:
    """Let the app run (timers, workers, widgets with workers of their own such as
    DirectoryTree) until `condition()` holds; instead of a fixed sleep that is either too
    short on a busy machine or wasted on a quiet one."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not reached within {timeout} s")
        await pilot.pause(0.02)


def column_texts(table: DataTable, column: int) -> list[str]:
    return [str(table.get_row_at(i)[column]) for i in range(table.row_count)]


def row_texts(table: DataTable, index: int) -> list[str]:
    return [str(cell) for cell in table.get_row_at(index)]


def move_to_column(table: DataTable, key: str) -> None:
    index = [c.key.value for c in table.ordered_columns].index(key)
    table.cursor_coordinate = table.cursor_coordinate._replace(column=index)
