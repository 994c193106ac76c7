"""Base class of the data screens: background loading, copy, export, pseudonyms, vi keys."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

import polars as pl
from textual.screen import Screen
from textual.widgets import DataTable
from textual.worker import Worker, WorkerState

from store.annotations import add_annotation
from store.db import StoreError
from tui import format as fmt
from tui import keys, texts
from tui.export import write_export
from tui.texts import commands
from tui.widgets.dialogs import ExportDialog, NoteDialog, PeriodPicker

T = TypeVar("T")


def table_as_tsv(table: DataTable) -> str:
    """The table as tab-separated text: header line, then the visible cells as shown."""
    header = [str(column.label) for column in table.ordered_columns]
    lines = ["\t".join(header)]
    for index in range(table.row_count):
        lines.append("\t".join(str(cell).replace("\t", " ") for cell in table.get_row_at(index)))
    return "\n".join(lines) + "\n"


class LiteralNotify:
    """Screen mixin: notifications carry names, paths and notes, so they are never parsed
    as markup unless a caller asks for it."""

    def notify(self, message: str, *, markup: bool = False, **kwargs: Any) -> None:
        if not markup:  # data text in it never drives the terminal either
            message = fmt.clean(message)
        super().notify(message, markup=markup, **kwargs)  # type: ignore[misc]


class DataScreen(LiteralNotify, Screen[None]):
    """Screens showing figures (keys y, e, a are listed in the help, not the footer).

    Subclasses implement `reload()` (start loading), `redraw()` (re-render cached data,
    e.g. after pseudonymising) and `export_frame()`."""

    DEFAULT_CSS = """
    DataScreen DataTable { height: 1fr; }
    DataScreen .title { text-style: bold; }
    """
    COMMAND_LIST = commands.DATA
    BINDINGS = keys.bindings(COMMAND_LIST)

    # --- loading -----------------------------------------------------------------
    def load(self, fetch: Callable[[], T], show: Callable[[T], None]) -> None:
        """Run `fetch` in a thread worker (the interface never freezes), then `show`
        its result on the UI thread. Only the newest load of a screen counts."""

        def shown(result: T) -> None:
            show(result)
            self.call_after_refresh(self._mark_painted)

        def work() -> None:
            result = fetch()
            self.app.call_from_thread(shown, result)

        self.run_worker(work, thread=True, exclusive=True, group="load", exit_on_error=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            error = event.worker.error
            message = texts.store_error(error) if isinstance(error, StoreError) else str(error)
            self.notify(texts.LOAD_FAILED.format(error=message), severity="error", timeout=8)

    # When the latest loaded data was first on screen (perf_counter); benchmarks read it.
    painted_at: float | None = None

    def _mark_painted(self) -> None:
        self.painted_at = time.perf_counter()

    @property
    def store(self) -> Any:
        return self.app.store  # type: ignore[attr-defined]

    def reload(self) -> None:  # pragma: no cover - overridden
        pass

    def redraw(self) -> None:
        self.reload()

    # --- shared actions ---------------------------------------------------------------
    def main_table(self) -> DataTable | None:
        focused = self.focused
        if isinstance(focused, DataTable):
            return focused
        tables = list(self.query(DataTable).results(DataTable))
        visible = [t for t in tables if t.display and t.is_on_screen] or tables
        return visible[0] if visible else None

    def action_cursor(self, direction: str) -> None:
        table = self.main_table()
        if table is not None:
            getattr(table, f"action_cursor_{direction}")()

    def action_copy_table(self) -> None:
        table = self.main_table()
        if table is None:
            return
        text = table_as_tsv(table)
        self.app.copy_to_clipboard(text)
        self.app.last_copied = text  # type: ignore[attr-defined]
        self.notify(texts.COPY_DONE.format(rows=table.row_count))

    def export_frame(self) -> tuple[str, pl.DataFrame] | None:
        """(title, frame) of what the screen shows, with plain numbers."""
        return None

    def action_export(self) -> None:
        def chosen(kind: str | None) -> None:
            exported = self.export_frame()
            if not kind or exported is None:
                return
            title, frame = exported
            try:
                path = write_export(frame, kind, title)
            except OSError as error:
                self.notify(texts.EXPORT_FAILED.format(error=error), severity="error")
                return
            self.app.last_export = path  # type: ignore[attr-defined]
            self.notify(texts.EXPORT_DONE.format(path=path), timeout=10)

        self.app.push_screen(ExportDialog(), chosen)

    def action_toggle_pseudonyms(self) -> None:
        app: Any = self.app
        app.pseudonymised = not app.pseudonymised
        self.notify(texts.PSEUDO_ON if app.pseudonymised else texts.PSEUDO_OFF)
        self.redraw()

    # --- periods and notes (screens keep `period` and a `view` with `choices`) ----------
    period: str | None = None
    view: Any = None

    def action_step(self, steps: int) -> None:
        """Step through the periods that have data; stays put at either end."""
        if self.view is None or self.period is None:
            return
        choices = self.view.choices
        index = choices.index(self.period) + steps
        if 0 <= index < len(choices):
            self.period = choices[index]
            self.reload()

    def action_pick_period(self) -> None:
        if self.view is None:
            return

        def picked(period: str | None) -> None:
            if period:
                self.period = period
                self.reload()

        self.app.push_screen(PeriodPicker(self.view.choices, self.period), picked)

    def ask_note(self, ags: str, code: str, period: str, about: str) -> None:
        """Ask for a note on one figure and save it (one transaction), then reload."""

        def save(text: str | None) -> None:
            if not text:
                return
            try:
                add_annotation(self.store, ags, code, period, text)
            except StoreError as error:  # read-only, locked, full: say so, keep the text
                message = texts.store_error(error)
                if error.reason in ("locked", "full", "io"):
                    message += " " + keep_note(self.store.path, ags, code, period, about, text)
                self.notify(message, severity="error", timeout=12, markup=False)
                return
            self.notify(texts.NOTE_SAVED)
            self.reload()

        self.app.push_screen(NoteDialog(about), save)

    def name_of(self, ags: str, name: str) -> str:
        return self.app.display_name(ags, name)  # type: ignore[attr-defined]


def keep_note(db_path: Any, ags: str, code: str, period: str, about: str, text: str) -> str:
    """A note the database refused for now goes into the local journal (offered at the next
    start); returns the sentence saying where it is."""
    from datetime import datetime

    from tui.journal import Entry, Journal

    entry = Entry(key=f"annotation:{ags}:{code}:{period}:{datetime.now():%Y%m%d%H%M%S%f}",
                  kind="annotation", label=f"{texts.NOTE_TITLE}: {about}", text=text,
                  target={"ags": ags, "code": code, "period": period},
                  saved_at=f"{datetime.now():%d.%m.%Y %H:%M:%S}")
    try:
        Journal(db_path).keep(entry)
    except OSError:
        return texts.NOTE_KEPT_NOWHERE
    return texts.NOTE_KEPT
