"""A ring's meetings: list past and upcoming ones; create, edit, delete, open, export."""

from __future__ import annotations

from typing import Any

import polars as pl
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.widgets import DataTable, Header, Static

from store import meetings as mt
from store import periods
from store.db import StoreError
from store.meetings_draft import latest_period
from store.rings import Ring, get_ring
from tui.kit import format as fmt
from tui.kit import keys
from tui.kit.meeting_base import MeetingBase
from tui.kit.navigation import OpenAgenda, OpenMeetingMode
from tui.kit.texts import commands
from tui.kit.texts import meetings as tx
from tui.kit.widgets.forms import FormField, iso_from_german, shown_period
from tui.kit.widgets.keybar import KeyBar
from tui.kit.widgets.tables import Table, fit

# Widths of the text columns at 80 columns; wider terminals give them the extra room.
NARROW = {"title": 19, "place": 9}


class MeetingsScreen(MeetingBase):
    DEFAULT_CSS = """
    MeetingsScreen #meetings { height: 1fr; }
    MeetingsScreen #meetings-title { text-style: bold; }
    MeetingsScreen #meetings-hint { color: $text-muted; }
    """
    COMMAND_LIST = commands.MEETINGS
    BINDINGS = keys.bindings(COMMAND_LIST)

    def __init__(self, ring_id: int) -> None:
        super().__init__()
        self.ring_id = ring_id
        self.rows: dict[str, dict[str, Any]] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="meetings-title")
        yield Table(id="meetings", cursor_type="row", zebra_stripes=True)
        yield Static(id="meetings-hint")
        yield KeyBar()

    def on_mount(self) -> None:
        self.reload()

    def on_screen_resume(self) -> None:
        if self.is_mounted:
            self.reload()

    def on_resize(self, event: events.Resize) -> None:
        if self.became_wide_or_narrow(event.size.width):
            self.reload()

    def reload(self, select: str | None = None) -> None:
        """Read the ring and its meetings in a worker, then draw them (cursor kept, or on
        the meeting `select`)."""
        self.want(select)
        store, ring_id = self.store, self.ring_id
        self.load_view(lambda: (get_ring(store, ring_id), mt.list_meetings(store, ring_id)),
                       lambda loaded: self.show(*loaded))

    def show(self, ring: Ring | None, frame: pl.DataFrame) -> None:
        title = tx.MEETINGS_TITLE.format(ring=ring.name) if ring else tx.RING_MISSING
        self.query_one("#meetings-title", Static).update(Text(fmt.clean(title)))
        table = self.query_one("#meetings", Table)
        keep = self.kept_key(table.selected_key())
        wide = self.size.width >= self.WIDE
        self.rows = {str(r["id"]): r for r in frame.iter_rows(named=True)}
        rows = []
        for row in frame.iter_rows(named=True):
            rows.append(([
                Text(str(row["id"]), justify="right"),
                Text(periods.short_label(row["period"]) if row["period"] else "–"),
                Text(fmt.iso_date(row["held_on"])),
                fit(self.pseudonyms.scrub(row["place"]), None if wide else NARROW["place"]),
                fit(self.pseudonyms.scrub(row["title"]), None if wide else NARROW["title"]),
                Text(tx.STATUS_WORDS.get(row["status"], row["status"]),
                     style="bold" if row["status"] == "planned" else ""),
                Text(str(row["items"]), justify="right"),
            ], str(row["id"])))
        # Widths measured here: a frame drawn before Textual's idle measuring would cut values.
        table.fill([(label, label) for label in tx.MEETINGS_COLUMNS], rows)
        hint = tx.MEETINGS_EMPTY if frame.is_empty() else ""
        self.query_one("#meetings-hint", Static).update(Text(hint))
        table.select_key(keep)
        table.focus()

    def selected_id(self) -> int | None:
        key = self.query_one("#meetings", Table).selected_key()
        return int(key) if key is not None else None

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_agenda()

    def action_open_agenda(self) -> None:
        meeting_id = self.selected_id()
        if meeting_id is not None:
            self.post_message(OpenAgenda(meeting_id))

    def action_meeting_mode(self) -> None:
        meeting_id = self.selected_id()
        if meeting_id is not None:
            self.post_message(OpenMeetingMode(meeting_id))

    def _fields(self, meeting: mt.Meeting | None) -> list[FormField]:
        if meeting is None:
            period = latest_period(self.store, self.ring_id)
            title = tx.DEFAULT_MEETING_TITLE.format(
                period=periods.short_label(period)) if period else ""
            values = {"title": title, "period": period or "", "held_on": "", "place": ""}
        else:
            values = {"title": meeting.title, "period": meeting.period or "",
                      "held_on": fmt.iso_date(meeting.held_on) if meeting.held_on else "",
                      "place": meeting.place or ""}
        return [
            FormField("title", tx.FIELD_TITLE, values["title"]),
            FormField("period", tx.FIELD_PERIOD, shown_period(values["period"]), kind="period",
                      placeholder=tx.PERIOD_PLACEHOLDER),
            FormField("held_on", tx.FIELD_DATE, values["held_on"],
                      placeholder=tx.DATE_PLACEHOLDER),
            FormField("place", tx.FIELD_PLACE, values["place"]),
        ]

    def action_new_meeting(self) -> None:
        created: list[int] = []

        def save(values: dict[str, Any]) -> None:
            created.append(mt.create_meeting(
                self.store, self.ring_id, values["title"], period=values["period"],
                held_on=iso_from_german(values["held_on"]), place=values["place"]))

        def done() -> None:
            self.reload(select=str(created[0]))
            self.post_message(OpenAgenda(created[0]))

        self.form(tx.MEETING_NEW, self._fields(None), save, done)

    def action_edit_meeting(self) -> None:
        meeting_id = self.selected_id()
        if meeting_id is None:
            return
        try:
            meeting = mt.get_meeting(self.store, meeting_id)
        except StoreError as error:  # deleted elsewhere since the list was drawn
            self.report(error)
            return

        def save(values: dict[str, Any]) -> None:
            mt.update_meeting(self.store, meeting.id, meeting.version, title=values["title"],
                              period=values["period"], held_on=iso_from_german(values["held_on"]),
                              place=values["place"])

        self.form(tx.MEETING_EDIT, self._fields(meeting), save, self.reload)

    def action_delete_meeting(self) -> None:
        meeting_id = self.selected_id()
        if meeting_id is None:
            return
        row = self.rows[str(meeting_id)]

        def delete() -> None:
            if self.attempt(lambda: mt.delete_meeting(self.store, meeting_id, row["version"])):
                self.notify(tx.DELETED)
                self.reload()

        self.confirm(tx.CONFIRM_DELETE_MEETING.format(title=fmt.clean(row["title"])), delete)

    def action_export(self) -> None:
        meeting_id = self.selected_id()
        if meeting_id is not None:
            self.export_meeting(meeting_id)
