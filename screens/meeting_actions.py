"""Action items of a meeting and the open ones carried over from the ring's earlier meetings."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Header, Static

from store import meetings as mt
from store import meetings_actions as ma
from tui.kit import format as fmt
from tui.kit import keys
from tui.kit.meeting_base import MeetingBase
from tui.kit.texts import commands
from tui.kit.texts import meetings as tx
from tui.kit.widgets.forms import FormField, iso_from_german
from tui.kit.widgets.keybar import KeyBar
from tui.kit.widgets.tables import Table, fit


class ActionsScreen(MeetingBase):
    DEFAULT_CSS = """
    ActionsScreen #actions-title { text-style: bold; }
    ActionsScreen #actions { height: 1fr; }
    ActionsScreen #actions-hint { color: $text-muted; }
    """
    COMMAND_LIST = commands.ACTION_ITEMS
    BINDINGS = keys.bindings(COMMAND_LIST)

    def __init__(self, meeting_id: int) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.actions: dict[str, ma.ActionItem] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="actions-title")
        yield Table(id="actions", cursor_type="row", zebra_stripes=True)
        yield Static(id="actions-hint")
        yield KeyBar()

    def on_mount(self) -> None:
        self.reload()

    def reload(self, select: str | None = None) -> None:
        """Read the meeting and its action items in a worker, then draw them (cursor kept,
        or on the item `select`)."""
        self.want(select)
        store, meeting_id = self.store, self.meeting_id

        def fetch() -> tuple[mt.Meeting, list[ma.ActionItem]]:
            meeting = mt.get_meeting(store, meeting_id)
            # This meeting's own items first, then the open ones it inherits.
            return meeting, ma.meeting_actions(store, meeting_id) + ma.carried_over(store,
                                                                                    meeting)

        self.load_view(fetch, lambda loaded: self.show(*loaded))

    def show(self, meeting: mt.Meeting, actions: list[ma.ActionItem]) -> None:
        self.query_one("#actions-title", Static).update(
            Text(tx.ACTIONS_TITLE.format(title=self.pseudonyms.scrub(meeting.title))))
        table = self.query_one("#actions", Table)
        keep = self.kept_key(table.selected_key())
        self.actions = {str(a.id): a for a in actions}
        narrow = self.size.width < 100
        rows = [([
            fit(self.pseudonyms.scrub(a.text), 20 if narrow else None),  # room for " !"
            fit(self.pseudonyms.scrub(a.owner), 12 if narrow else None),
            # Past due and still open: said in words, not only in colour.
            Text(fmt.iso_date(a.due_on) + (" !" if ma.overdue(a) else ""),
                 style="bold red" if ma.overdue(a) else ""),
            Text(tx.DOC_YES if a.done else tx.DOC_NO),
            fit(self.pseudonyms.scrub(a.meeting_title) if a.meeting_id != self.meeting_id else "",
                19 if narrow else None),
        ], str(a.id)) for a in actions]
        table.fill([(label, label) for label in tx.ACTIONS_COLUMNS], rows)
        self.query_one("#actions-hint", Static).update(
            Text("" if actions else tx.ACTIONS_EMPTY))
        table.select_key(keep)
        table.focus()

    def selected(self) -> ma.ActionItem | None:
        key = self.query_one("#actions", Table).selected_key()
        return self.actions.get(key) if key is not None else None

    @staticmethod
    def _fields(action: ma.ActionItem | None) -> list[FormField]:
        fields = [
            FormField("text", tx.FIELD_TEXT, action.text if action else ""),
            FormField("owner", tx.FIELD_OWNER, (action.owner if action else None) or ""),
            FormField("due_on", tx.FIELD_DUE,
                      fmt.iso_date(action.due_on) if action and action.due_on else "",
                      placeholder=tx.DATE_PLACEHOLDER),
        ]
        if action is not None:
            fields.append(FormField("done", tx.FIELD_DONE, action.done, kind="check"))
        return fields

    def action_new_action(self) -> None:
        added: list[int] = []

        def save(values: dict[str, Any]) -> None:
            added.append(ma.add_action(self.store, self.meeting_id, values["text"],
                                       owner=values["owner"],
                                       due_on=iso_from_german(values["due_on"])))

        def done() -> None:
            self.reload(select=str(added[0]))

        self.form(tx.ACTION_NEW, self._fields(None), save, done)

    def action_edit_action(self) -> None:
        action = self.selected()
        if action is None:
            return

        def save(values: dict[str, Any]) -> None:
            values["due_on"] = iso_from_german(values["due_on"])
            if values["done"] == action.done:
                del values["done"]  # keep the day it was done
            ma.update_action(self.store, action.id, action.version, **values)

        self.form(tx.ACTION_EDIT, self._fields(action), save, self.reload)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit_action()

    def action_toggle_done(self) -> None:
        action = self.selected()
        if action is not None and self.attempt(lambda: ma.update_action(
                self.store, action.id, action.version, done=not action.done)):
            self.reload()

    def action_delete_action(self) -> None:
        action = self.selected()
        if action is None:
            return

        def delete() -> None:
            if self.attempt(lambda: ma.delete_action(self.store, action.id, action.version)):
                self.notify(tx.DELETED)
                self.reload()

        self.confirm(tx.CONFIRM_DELETE_ACTION.format(text=fmt.clean(action.text)), delete)
