"""Shared behaviour of the meetings screens: writing with conflict handling, dialogs, export."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.screen import Screen
from textual.widgets import DataTable

from screens.meeting_dialogs import ConfirmDialog, FormDialog, FormField, MeetingExportDialog
from store import meetings as mt
from store.db import Store, StoreError
from store.rings import get_ring
from tui import keys, texts
from tui.base import LiteralNotify
from tui.texts import commands
from tui.texts import meetings as tx


def export_dir() -> Path:
    from tui.cli import data_dir

    return data_dir() / "export"


class MeetingBase(LiteralNotify, Screen[None]):
    """Base of the meetings screens. Every write goes through `attempt`: a conflict or a
    row deleted by someone else is explained in German and the screen reloads."""

    COMMAND_LIST = commands.MEETING_BASE
    BINDINGS = keys.bindings(COMMAND_LIST)

    @property
    def store(self) -> Store:
        return self.app.store  # type: ignore[attr-defined]

    def reload(self) -> None:  # pragma: no cover - overridden
        pass

    def load_meeting(self, meeting_id: int) -> mt.Meeting | None:
        """The meeting as stored now; None (and back to the previous screen) once deleted."""
        try:
            return mt.get_meeting(self.store, meeting_id)
        except StoreError as error:
            if error.reason != "not_found":  # the drive is away for now: stay, say so
                self.notify(texts.store_error(error), severity="error", timeout=8)
                return None
            self.notify(tx.NOT_FOUND, severity="warning")
            self.app.pop_screen()
            return None

    def main_table(self) -> DataTable | None:
        focused = self.focused
        if isinstance(focused, DataTable):
            return focused
        tables = [t for t in self.query(DataTable).results(DataTable) if t.display]
        return tables[0] if tables else None

    def action_cursor(self, direction: str) -> None:
        table = self.main_table()
        if table is not None:
            getattr(table, f"action_cursor_{direction}")()

    def selected_key(self, table: DataTable) -> str | None:
        if table.row_count == 0:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def select_key(self, table: DataTable, key: str | None) -> None:
        if key is None:
            return
        try:
            table.move_cursor(row=table.get_row_index(key))
        except Exception:  # the row is gone (deleted elsewhere): keep the cursor where it is
            pass

    def report(self, error: StoreError, unsaved: str | None = None) -> None:
        if error.reason in ("conflict", "not_found"):
            message = tx.conflict_message(error)
            if unsaved:
                self.app.copy_to_clipboard(unsaved)
                self.app.last_copied = unsaved  # type: ignore[attr-defined]
                message += tx.CONFLICT_KEPT
            self.notify(message, severity="warning", timeout=15)
            self.reload()
        elif error.reason == "invalid":
            self.notify(tx.invalid_message(error), severity="error", timeout=8)
        else:
            self.notify(texts.store_error(error), severity="error", timeout=10)

    def attempt(self, call: Callable[[], Any], unsaved: str | None = None) -> bool:
        """Run one store write; True when it went through."""
        try:
            call()
        except StoreError as error:
            self.report(error, unsaved)
            return False
        return True

    def confirm(self, question: str, then: Callable[[], None]) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                then()

        self.app.push_screen(ConfirmDialog(question), answered)

    def form(self, title: str, fields: list[FormField], save: Callable[[dict[str, Any]], None],
             done: Callable[[], None]) -> None:
        def closed(result: bool | StoreError | None) -> None:
            if isinstance(result, StoreError):
                self.report(result)
            elif result:
                done()

        self.app.push_screen(FormDialog(title, fields, save), closed)

    def export_meeting(self, meeting_id: int) -> None:
        from tui.minutes import export_path, write_document

        def chosen(choice: tuple[bool, str] | None) -> None:
            if not choice:
                return
            minutes, kind = choice
            try:
                meeting = mt.get_meeting(self.store, meeting_id)
                ring = get_ring(self.store, meeting.ring_id)
                target = export_path(export_dir(), meeting, ring.name if ring else None,
                                     minutes, kind)
                path = write_document(self.store, meeting_id, minutes, kind, target)
            except StoreError as error:
                self.report(error)
                return
            except OSError as error:
                self.notify(tx.EXPORT_FAILED.format(error=error), severity="error")
                return
            self.app.last_export = path  # type: ignore[attr-defined]
            command = tx.agenda_command(meeting_id, minutes, kind, self.store.path)
            self.notify(tx.EXPORT_DONE_MEETING.format(number=meeting_id, path=path,
                                                      command=command), timeout=15)

        self.app.push_screen(MeetingExportDialog(), chosen)
