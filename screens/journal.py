"""Text left unsaved last time (the local journal): shown at start, restored or set aside."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from store import meetings as mt
from store.annotations import add_annotation
from store.db import Store, StoreError
from tui.kit import format as fmt
from tui.kit import keys, texts
from tui.kit.host import host_of
from tui.kit.journal import Entry, Journal
from tui.kit.texts import commands
from tui.kit.texts import journal as tj
from tui.kit.widgets.dialogs import DIALOG_CSS


def restore_entry(store: Store, entry: Entry) -> str:
    """Write one journal entry into the database; returns how ("same", "replaced",
    "appended", "added"). Raises StoreError when it cannot be written now."""
    if entry.kind == "item":
        return mt.merge_item_text(store, int(entry.target["id"]), str(entry.target["field"]),
                                  entry.base, entry.text)
    if entry.kind == "form":  # no single place to write it back: it goes to the clipboard
        return "copy"
    if entry.kind == "annotation":
        target = entry.target
        add_annotation(store, target["ags"], target["code"], target["period"], entry.text)
        return "added"
    raise StoreError("invalid", detail=entry.kind)


class JournalDialog(ModalScreen[None]):
    """Lists the unsaved texts; w restores them all, c copies them, v discards, Escape later."""

    DEFAULT_CSS = DIALOG_CSS.format(name="JournalDialog") + """
    JournalDialog .journal-label { text-style: bold; margin-top: 1; }
    JournalDialog .journal-hint { color: $text-muted; margin-top: 1; }
    """
    COMMAND_LIST = commands.JOURNAL
    BINDINGS = keys.bindings(COMMAND_LIST)

    def __init__(self, journal: Journal) -> None:
        super().__init__()
        self.journal = journal
        self.shown = journal.orphans()

    @property
    def store(self) -> Store:
        return host_of(self.app).store

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Text(tj.TITLE, style="bold"))
            yield Static(Text(tj.EXPLAIN))
            for entry in self.shown.values():
                yield Static(Text(f"{fmt.clean(entry.label)} ({entry.saved_at})"),
                             classes="journal-label")
                yield Static(Text(fmt.clean(entry.text)))
            yield Static(Text(keys.hint(self.COMMAND_LIST)), classes="journal-hint")

    def all_text(self) -> str:
        return "\n\n".join(f"{e.label}\n{e.text}" for e in self.shown.values())

    def action_copy(self) -> None:
        text = self.all_text()
        self.app.copy_to_clipboard(text)
        host_of(self.app).last_copied = text
        self.notify(tj.COPIED, markup=False)

    def action_restore(self) -> None:
        done, failed, to_copy = [], [], []
        for entry in self.shown.values():
            try:
                if restore_entry(self.store, entry) == "copy":
                    to_copy.append(f"{entry.label}\n{entry.text}")
            except StoreError as error:
                if error.reason in ("not_found", "invalid"):  # its item is gone: clipboard
                    to_copy.append(f"{entry.label}\n{entry.text}")
                    done.append(entry.key)
                else:  # the database is not writable now: kept for the next attempt
                    failed.append((entry, error))
                continue
            done.append(entry.key)
        if to_copy:
            text = "\n\n".join(to_copy)
            self.app.copy_to_clipboard(text)
            self.app.last_copied = text  # type: ignore[attr-defined]
        try:
            self.journal.drop(*done)
        except OSError:
            pass
        if failed:
            entry, error = failed[0]
            self.notify(tj.RESTORE_FAILED.format(count=len(failed), error=texts.store_error(error)),
                        severity="error", timeout=12, markup=False)
        else:
            message = tj.RESTORED.format(count=len(done) - len(to_copy))
            if to_copy:
                message += " " + tj.FORMS_COPIED.format(count=len(to_copy))
            self.notify(message, timeout=12, markup=False)
        self.dismiss(None)

    def action_discard(self) -> None:
        self.action_copy()  # one last chance: it stays on the clipboard and in the app
        try:
            self.journal.drop(*self.shown)
        except OSError:
            pass
        self.notify(tj.DISCARDED, timeout=8, markup=False)
        self.dismiss(None)

    def action_later(self) -> None:
        self.dismiss(None)
