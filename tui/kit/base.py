"""The screen bases: BaseScreen (every screen of the app) and DataScreen (screens of figures)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import polars as pl
from textual import events, on
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable
from textual.worker import Worker, WorkerState

from store.annotations import add_annotation
from store.db import Store, StoreError
from tui.kit import format as fmt
from tui.kit import keys, texts
from tui.kit.export import write_export
from tui.kit.host import Host, host_of
from tui.kit.journal import Entry, Journal
from tui.kit.pseudonyms import Pseudonyms
from tui.kit.texts import commands
from tui.kit.widgets.dialogs import ExportDialog, NoteDialog, PeriodPicker
from tui.kit.widgets.tables import Table

T = TypeVar("T")


READ_AHEAD_DELAY = 0.15  # seconds the cursor rests on a row before its next screen is read


class BaseScreen(Screen[None]):
    """What every screen shares: the open store, the host app's state, notifications that
    never parse data text as markup, the main table and its cursor, loading in a worker."""

    def notify(self, message: str, *, markup: bool = False, **kwargs: Any) -> None:
        if not markup:  # data text in it never drives the terminal either
            message = fmt.clean(message)
        pseudonyms = self.host.pseudonyms
        if pseudonyms.on:  # no real name in a toast either
            message = pseudonyms.scrub(message)
        super().notify(message, markup=markup, **kwargs)

    @property
    def host(self) -> Host:
        return host_of(self.app)

    @property
    def pseudonyms(self) -> Pseudonyms:
        """The app's one pseudonym state (kit.pseudonyms), owned by the host."""
        return self.host.pseudonyms

    def name_of(self, ags: str, name: str | None) -> str:
        return self.host.display_name(ags, name)

    @property
    def store(self) -> Store:
        return self.host.store

    def reload(self) -> None:  # pragma: no cover - overridden
        pass

    # --- loading -----------------------------------------------------------------
    def load(self, fetch: Callable[[], T], show: Callable[[T], None],
             group: str = "load") -> None:
        """Run `fetch` in a thread worker (the interface never freezes), then `show`
        its result on the UI thread. Only the newest load of a screen (of `group`) counts."""

        def work() -> None:
            result = fetch()
            self.app.call_from_thread(self._show_when_mounted, show, result)

        self.run_worker(work, thread=True, exclusive=True, group=group, exit_on_error=False)

    def _show_when_mounted(self, show: Callable[[T], None], result: T) -> None:
        """A screen may start loading while it composes (its reads overlap the mounting of
        its widgets); a result that arrives before they are mounted waits for them."""
        if self.is_mounted:
            show(result)
        else:  # the screen's own queue runs once compose and mount are done
            self.call_next(show, result)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            error = event.worker.error
            message = texts.store_error(error) if isinstance(error, StoreError) else str(error)
            self.notify(texts.LOAD_FAILED.format(error=message), severity="error", timeout=8)

    # --- the main table -------------------------------------------------------------
    def main_table(self) -> Table | None:
        """The focused table, else the first one shown."""
        focused = self.focused
        if isinstance(focused, Table):
            return focused
        tables = list(self.query(Table).results(Table))
        visible = [t for t in tables if t.display and t.is_on_screen] or \
            [t for t in tables if t.display] or tables
        return visible[0] if visible else None

    def action_cursor(self, direction: str) -> None:
        table = self.main_table()
        if table is not None:
            getattr(table, f"action_cursor_{direction}")()

    # --- handing things out -------------------------------------------------------------
    def copied(self, text: str) -> None:
        """Put `text` on the clipboard (and keep it in the app, should OSC 52 not arrive)."""
        self.app.copy_to_clipboard(text)
        self.host.last_copied = text

    def exported(self, path: Path, message: str) -> None:
        """Remember the file just written and say where it is."""
        self.host.last_export = path
        self.notify(message, timeout=15)


class DataScreen(BaseScreen):
    """Screens showing figures (keys y, e, a are listed in the help, not the footer).

    Subclasses implement `reload()` (start loading), `redraw()` (re-render cached data,
    e.g. after pseudonymising) and `export_frame()`."""

    DEFAULT_CSS = """
    DataScreen Table { height: 1fr; }
    DataScreen .title { text-style: bold; }
    """
    COMMAND_LIST = commands.DATA
    BINDINGS = keys.bindings(COMMAND_LIST)
    _ahead: Timer | None = None

    def redraw(self) -> None:
        self.reload()

    # --- reading ahead ----------------------------------------------------------------
    def read_ahead(self) -> Callable[[], object] | None:
        """The reads that Enter on the cursor's row would start (None: none)."""
        return None

    @on(DataTable.RowHighlighted)
    @on(DataTable.CellHighlighted)
    def _cursor_moved(self) -> None:
        """A moment after the cursor stops, the next screen's reads are made ahead in a
        worker: that screen then finds them in the store's cache (store.memo) and shows
        its data as soon as it is drawn."""
        if self._ahead is not None:
            self._ahead.stop()
        self._ahead = self.set_timer(READ_AHEAD_DELAY, self._read_ahead)

    @on(events.ScreenSuspend)
    def _left(self) -> None:  # Enter was pressed: its screen reads for itself now
        if self._ahead is not None:
            self._ahead.stop()

    def _read_ahead(self) -> None:
        read = self.read_ahead()
        if read is None:
            return

        def work() -> None:
            try:
                read()
            except Exception:  # noqa: BLE001 - only a head start: the real read reports
                pass

        self.run_worker(work, thread=True, exclusive=True, group="ahead", exit_on_error=False)

    # --- shared actions ---------------------------------------------------------------
    def action_copy_table(self) -> None:
        table = self.main_table()
        if table is None:
            return
        text = table.as_tsv()
        self.copied(text)
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
            self.exported(path, texts.EXPORT_DONE.format(path=path))

        self.app.push_screen(ExportDialog(), chosen)

    def action_toggle_pseudonyms(self) -> None:
        self.host.toggle_pseudonyms()

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
        """Ask for a note on one figure and save it (one transaction), then reload. What is
        typed is journaled meanwhile, and stays journaled if the database refuses it."""
        journal = NoteJournal(self.store.path, ags, code, period, about)

        def save(text: str | None) -> None:
            if not text:
                journal.forget()
                return
            try:
                add_annotation(self.store, ags, code, period, text)
            except StoreError as error:  # read-only, locked, full: say so, keep the text
                message = texts.store_error(error)
                if error.reason in ("locked", "full", "io"):
                    message += " " + journal.keep(text)
                else:
                    journal.forget()
                self.notify(message, severity="error", timeout=12, markup=False)
                return
            journal.forget()
            self.notify(texts.NOTE_SAVED)
            self.reload()

        self.app.push_screen(NoteDialog(about, journal.keep), save)


class NoteJournal:
    """The journal entry of one note on a figure while it is typed and saved."""

    def __init__(self, db_path: Any, ags: str, code: str, period: str, about: str) -> None:
        self.db_path = db_path
        self.key = f"annotation:{ags}:{code}:{period}:{datetime.now():%Y%m%d%H%M%S%f}"
        self.label = f"{texts.NOTE_TITLE}: {about}"
        self.target = {"ags": ags, "code": code, "period": period}
        self.kept = False

    def keep(self, text: str) -> str:
        """Put the text into the journal; returns the sentence saying where it is."""
        if not text.strip():
            self.forget()
            return ""
        entry = Entry(key=self.key, kind="annotation", label=self.label, text=text,
                      target=self.target, saved_at=f"{datetime.now():%d.%m.%Y %H:%M:%S}")
        try:
            Journal(self.db_path).keep(entry)
        except OSError:
            return texts.NOTE_KEPT_NOWHERE
        self.kept = True
        return texts.NOTE_KEPT

    def forget(self) -> None:
        if self.kept:
            try:
                Journal(self.db_path).drop(self.key)
            except OSError:
                pass
            self.kept = False
