"""Meeting mode's notes and decisions saved as they are typed, through the local journal."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import datetime
from typing import Any

from textual.timer import Timer
from textual.widgets import TextArea

from store import meetings as mt
from store.db import StoreError
from tui.kit import format as fmt
from tui.kit import texts
from tui.kit.journal import Entry, Journal
from tui.kit.texts import meetings as tx

# Typed text is written at most this long after the first unsaved keystroke (also while
# the typing goes on): a dropped connection loses at most this fraction of a second.
SAVE_DELAY = 0.3
# A save waits this long for another process's write lock, then keeps the text and
# retries after RETRY_SECONDS (a colleague's import may hold the lock for a minute).
SAVE_PATIENCE_MS = 300
RETRY_SECONDS = 3.0
EDITORS = ("notes", "decisions")


class AutosaveEditors:
    """Mixin of the meeting-mode screen: `pending` text goes into the journal, then into
    the database; storage trouble keeps it (on screen and in the journal) and retries.
    The screen provides item, meeting, item_version, saved, store and report()."""

    item: Any
    meeting: Any
    item_version: int
    saved: dict[str, str]
    store: Any
    item_title: Any  # MeetingBase.item_title: the title as shown (pseudonyms applied)

    def init_autosave(self) -> None:
        self.pending: dict[str, str] = {}
        self.timer: Timer | None = None
        self.trouble = False  # the last save failed for storage reasons (said once)
        self.journal_timer: Timer | None = None

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        name = event.text_area.id or ""
        if self.item is None or name not in EDITORS or event.text_area.read_only:
            return  # a pseudonymised view of the text is never saved
        text = event.text_area.text
        if text == self.saved.get(name) and name not in self.pending:
            return  # loaded, not typed
        self.pending[name] = text
        if self.timer is None:
            self.timer = self.set_timer(SAVE_DELAY, self.save_now)
        elif self.trouble and self.journal_timer is None:
            # The database is waited for in longer steps; the journal keeps up with typing.
            self.journal_timer = self.set_timer(SAVE_DELAY, self.journal_pending)

    def journal_pending(self) -> None:
        self.journal_timer = None
        if self.pending and self.item is not None:
            self.keep_in_journal([self.journal_entry(n, t) for n, t in self.pending.items()])

    def cancel_timer(self) -> None:
        if self.timer is not None:
            self.timer.stop()
            self.timer = None

    def journal_entry(self, name: str, text: str) -> Entry:
        assert self.item is not None and self.meeting is not None
        label = tx.JOURNAL_LABEL.format(
            number=self.meeting.id, meeting=fmt.clean(self.meeting.title),
            position=self.item.position, title=self.item_title(self.item),
            field=tx.FIELD_NOTES if name == "notes" else tx.FIELD_DECISIONS)
        # The process id in the key: two windows of the same user on one database never
        # take each other's unsaved text out of the journal.
        return Entry(key=f"item:{self.item.id}:{name}:{os.getpid()}", kind="item", label=label,
                     text=text,
                     base=self.saved.get(name, ""), target={"id": self.item.id, "field": name},
                     saved_at=f"{datetime.now():%d.%m.%Y %H:%M:%S}")

    def save_now(self) -> bool:
        """Write pending notes/decisions in one versioned update; False when they could not
        be written. The text goes into the local journal first and leaves it once the write
        has committed. On a held lock, a full disk or an I/O error the text stays in the
        editor (and in the journal), the user is told, and the write is retried."""
        self.cancel_timer()
        if not self.pending or self.item is None:
            return True
        changes = {k: v for k, v in self.pending.items() if v != self.saved.get(k)}
        if not changes:
            self.pending.clear()
            return True
        entries = [self.journal_entry(name, text) for name, text in changes.items()]
        journaled = self.keep_in_journal(entries)
        try:
            with self.store.patience(SAVE_PATIENCE_MS):
                self.item_version = mt.update_item(self.store, self.item.id,
                                                   self.item_version, **changes)
        except StoreError as error:
            if error.reason in ("conflict", "not_found"):
                # Set aside under a key of its own (later saves of the item reuse the
                # usual one), offered at the next start; the clipboard gets it too.
                stamp = f"{datetime.now():%Y%m%d%H%M%S%f}"
                self.keep_in_journal([replace(e, key=f"{e.key}:refused:{stamp}")
                                      for e in entries])
                self.forget_in_journal([e.key for e in entries])
                self.pending.clear()
                self.report(error, unsaved="\n\n".join(changes.values()))
            else:
                self.unsaved_trouble(error, journaled)
            return False
        self.pending.clear()
        self.forget_in_journal([e.key for e in entries])
        self.saved.update(changes)
        if self.trouble:
            self.trouble = False
            self.notify(tx.SAVED_AFTER_TROUBLE, timeout=6)
        stamp = f"{tx.SAVED[:-1]} {datetime.now():%H:%M:%S}"
        for name in changes:
            self.query_one(f"#{name}", TextArea).border_subtitle = stamp
        return True

    def unsaved_trouble(self, error: StoreError, journaled: bool) -> None:
        """The database refused the text for now: keep it, say so once, try again."""
        for name in self.pending:
            self.query_one(f"#{name}", TextArea).border_subtitle = tx.NOT_SAVED
        if not self.trouble:
            self.trouble = True
            kept = tx.KEPT_IN_JOURNAL if journaled else tx.KEPT_ON_SCREEN_ONLY
            self.notify(f"{tx.NOT_SAVED_BECAUSE} {texts.store_error(error)} {kept}",
                        severity="error", timeout=12)
        self.timer = self.set_timer(RETRY_SECONDS, self.save_now)

    def keep_in_journal(self, entries: list[Entry]) -> bool:
        try:
            Journal(self.store.path).keep(*entries)
        except OSError:
            return False
        return True

    def forget_in_journal(self, keys: list[str]) -> None:
        try:
            Journal(self.store.path).drop(*keys)
        except OSError:  # the text is in the database; a stale entry is merged harmlessly
            pass

    def has_unsaved(self) -> bool:
        """Text typed here that is not in the database (after one more attempt)."""
        if self.pending and self.item is not None:
            self.save_now()
        return bool(self.pending)

    def on_unmount(self) -> None:
        try:
            self.save_now()
        except Exception:  # the app is closing its database already; the journal has it
            pass

    def stay_with_unsaved(self) -> bool:
        """Keep the screen (and item) while its text is not in the database."""
        self.save_now()
        if self.pending:
            self.notify(tx.STAY_UNSAVED, severity="warning", timeout=8)
            return True
        return False

