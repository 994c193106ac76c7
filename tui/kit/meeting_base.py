"""Shared behaviour of the meetings screens: writing with conflict handling, dialogs, export."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from store import meetings as mt
from store.db import StoreError
from store.rings import get_ring
from tui.kit import keys, texts
from tui.kit.base import BaseScreen
from tui.kit.locations import export_dir
from tui.kit.minutes import export_path, write_document
from tui.kit.texts import commands
from tui.kit.texts import meetings as tx
from tui.kit.widgets.forms import ConfirmDialog, FormDialog, FormField, MeetingExportDialog

T = TypeVar("T")


class MeetingBase(BaseScreen):
    """Base of the meetings screens. Every write goes through `attempt`: a conflict or a
    row deleted by someone else is explained in German and the screen reloads."""

    COMMAND_LIST = commands.MEETING_BASE
    BINDINGS = keys.bindings(COMMAND_LIST)

    def item_title(self, item: mt.AgendaItem) -> str:
        """The title as shown: the member named at display time, real names in typed
        text replaced while pseudonyms are on."""
        shown = self.name_of(item.ags, item.municipality) if item.ags else None
        return self.pseudonyms.scrub(tx.item_title(item.title, item.source, item.ags,
                                                   item.municipality, shown))

    _load_serials: dict[str, int] | None = None

    def load_view(self, fetch: Callable[[], T], show: Callable[[T], None],
                  group: str = "load") -> None:
        """`load` for the meeting screens: `fetch` reads in a thread worker, `show` draws on
        the UI thread. Only the newest load is shown; a store error while reading is said
        in German (a meeting deleted meanwhile takes the user back), never raised. Loads of
        different `group`s (the agenda, one item) do not replace each other."""
        if self._load_serials is None:
            self._load_serials = {}
        serial = self._load_serials[group] = self._load_serials.get(group, 0) + 1

        def guarded() -> T | StoreError:
            try:
                return fetch()
            except StoreError as error:
                return error

        def shown(result: T | StoreError) -> None:
            if self._load_serials is None or serial != self._load_serials[group] \
                    or not self.is_attached:
                return  # a newer load is on its way, or the screen is gone
            if isinstance(result, StoreError):
                self.unreadable(result)
            else:
                show(result)

        self.load(guarded, shown, group)

    # The row to put the cursor on once the next load is shown (kept by a newer load, e.g.
    # the one a closing dialog starts); otherwise the cursor stays where it is.
    wanted: str | None = None

    def want(self, key: str | None) -> None:
        if key is not None:
            self.wanted = key

    def kept_key(self, current: str | None) -> str | None:
        key, self.wanted = self.wanted, None
        return key if key is not None else current

    def unreadable(self, error: StoreError) -> None:
        """A read failed: the meeting deleted meanwhile (back to the previous screen), or
        the drive away for now (stay, say so)."""
        if error.reason != "not_found":
            self.notify(texts.store_error(error), severity="error", timeout=8)
            return
        self.notify(tx.NOT_FOUND, severity="warning")
        if self.app.screen is self:
            self.app.pop_screen()

    # Text columns are cut to fit below this width and shown whole above it.
    WIDE = 100
    _wide: bool | None = None

    def became_wide_or_narrow(self, width: int) -> bool:
        """True when a resize crosses WIDE: only then do the tables need drawing again
        (not on every resize event, each of which would read the database)."""
        wide = width >= self.WIDE
        changed = self._wide is not None and wide != self._wide
        self._wide = wide
        return changed

    def report(self, error: StoreError, unsaved: str | None = None) -> None:
        if error.reason in ("conflict", "not_found"):
            message = tx.conflict_message(error)
            if unsaved:
                self.copied(unsaved)
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
        def chosen(choice: tuple[bool, str] | None) -> None:
            if not choice:
                return
            minutes, kind = choice
            try:
                meeting = mt.get_meeting(self.store, meeting_id)
                ring = get_ring(self.store, meeting.ring_id)
                target = export_path(export_dir(), meeting, ring.name if ring else None,
                                     minutes, kind)
                # With pseudonyms on, no member's real name leaves in the file either.
                scrub = self.pseudonyms.scrub if self.pseudonyms.on else None
                path = write_document(self.store, meeting_id, minutes, kind, target, scrub)
            except StoreError as error:
                self.report(error)
                return
            except OSError as error:
                self.notify(tx.EXPORT_FAILED.format(error=error), severity="error")
                return
            command = tx.agenda_command(meeting_id, minutes, kind, self.store.path)
            self.exported(path, tx.EXPORT_DONE_MEETING.format(number=meeting_id, path=path,
                                                              command=command))

        self.app.push_screen(MeetingExportDialog(), chosen)
