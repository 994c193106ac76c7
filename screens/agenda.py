"""Agenda editor: items of one meeting (add, edit, delete, move, status) and draft proposals."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Header, Static

from store import analysis, periods
from store import meetings as mt
from store import meetings_draft as md
from store.rings import ring_members
from tui.kit import format as fmt
from tui.kit import keys
from tui.kit.meeting_base import MeetingBase
from tui.kit.navigation import OpenActions, OpenMeetingMode
from tui.kit.texts import commands
from tui.kit.texts import meetings as tx
from tui.kit.texts.reasons import reason_text
from tui.kit.widgets.forms import ConfirmDialog, FormField, shown_period
from tui.kit.widgets.keybar import KeyBar
from tui.kit.widgets.tables import Table, fit


def meeting_line(meeting: mt.Meeting) -> str:
    parts = [meeting.title, tx.period_text(meeting.period), fmt.iso_date(meeting.held_on),
             meeting.place or "–", tx.STATUS_WORDS.get(meeting.status, meeting.status)]
    return " · ".join(fmt.clean(p) for p in parts)


class AgendaScreen(MeetingBase):
    DEFAULT_CSS = """
    AgendaScreen #agenda-title { text-style: bold; }
    AgendaScreen #items { height: 1fr; }
    AgendaScreen #proposals-box { height: 1fr; display: none; }
    AgendaScreen #proposals-box.shown { display: block; }
    AgendaScreen #proposals { height: 1fr; }
    AgendaScreen #proposals-title { text-style: bold; background: $boost; }
    AgendaScreen #proposal-detail, AgendaScreen #agenda-hint { color: $text-muted; }
    """
    COMMAND_LIST = commands.AGENDA
    BINDINGS = keys.bindings(COMMAND_LIST)

    def __init__(self, meeting_id: int) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.meeting: mt.Meeting | None = None
        self.items: dict[str, mt.AgendaItem] = {}
        self.proposals: dict[str, md.Proposal] = {}
        self.accepted: set[str] = set()  # proposals taken here (before the agenda reloads)
        self.after_load: list[Callable[[], None]] = []  # to run once the agenda is shown

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="agenda-title")
        yield Table(id="items", cursor_type="row", zebra_stripes=True)
        with Vertical(id="proposals-box"):
            yield Static(Text(tx.PROPOSALS_TITLE), id="proposals-title")
            yield Table(id="proposals", cursor_type="row")
            yield Static(id="proposal-detail")
        yield Static(id="agenda-hint")
        yield KeyBar()

    def on_mount(self) -> None:
        self.reload()
        self.load_proposals()

    def on_screen_resume(self) -> None:
        if self.is_mounted:
            self.reload()
            self.load_proposals()

    def on_resize(self, event: events.Resize) -> None:
        if self.became_wide_or_narrow(event.size.width) and self.meeting is not None:
            self.reload()

    # --- agenda -------------------------------------------------------------------------------
    def reload(self, select: str | None = None,
               then: Callable[[], None] | None = None) -> None:
        """Read the meeting and its agenda in a worker, then draw them (cursor kept, or on
        the item `select`; `then` runs once they are shown)."""
        self.want(select)
        if then is not None:
            self.after_load.append(then)
        store, meeting_id = self.store, self.meeting_id

        def fetch() -> tuple[mt.Meeting, list[mt.AgendaItem]]:
            return mt.get_meeting(store, meeting_id), mt.agenda_items(store, meeting_id)

        def show(loaded: tuple[mt.Meeting, list[mt.AgendaItem]]) -> None:
            self.show_agenda(*loaded)
            waiting, self.after_load = self.after_load, []
            for call in waiting:
                call()

        self.load_view(fetch, show)

    def show_agenda(self, meeting: mt.Meeting, items: list[mt.AgendaItem]) -> None:
        first = self.meeting is None
        self.meeting = meeting
        self.query_one("#agenda-title", Static).update(Text(
            tx.AGENDA_TITLE.format(number=meeting.id,
                                   title=self.pseudonyms.scrub(meeting_line(meeting)))))
        table = self.query_one("#items", Table)
        keep = self.kept_key(table.selected_key())
        narrow = self.size.width < self.WIDE
        self.items = {str(item.id): item for item in items}
        self.accepted.clear()  # read after the last accept: the agenda has them now
        rows = []
        for item in items:
            rows.append(([
                Text(str(item.position), justify="right"),
                fit(self.item_title(item), 26 if narrow else None),
                fmt.plain(item.indicator_code or "–"),
                fit(self.name_of(item.ags, item.municipality) if item.ags else None,
                    12 if narrow else None),
                Text(periods.short_label(item.period) if item.period else "–"),
                Text(tx.ITEM_STATUS_WORDS.get(item.status, item.status)),
            ], str(item.id)))
        table.fill([(label, label) for label in tx.AGENDA_COLUMNS], rows)
        self.query_one("#agenda-hint", Static).update(
            Text(tx.AGENDA_EMPTY if not items else ""))
        table.select_key(keep)
        if not isinstance(self.focused, DataTable):
            table.focus()
        if first:  # the draft may have been read before the agenda
            self.draft_first()

    def selected_item(self) -> mt.AgendaItem | None:
        key = self.query_one("#items", Table).selected_key()
        return self.items.get(key) if key is not None else None

    def _item_fields(self, item: mt.AgendaItem | None) -> list[FormField]:
        assert self.meeting is not None
        indicators = [(f"{r['code']} {r['name']}", r["code"])
                      for r in analysis.indicators(self.store).iter_rows(named=True)]
        members = ring_members(self.store, self.meeting.ring_id).unique("ags", keep="first")
        municipalities = [(self.name_of(r["ags"], r["name"]), r["ags"])
                          for r in members.iter_rows(named=True)]
        statuses = [(word, key) for key, word in tx.ITEM_STATUS_WORDS.items()]
        return [
            FormField("title", tx.FIELD_TITLE, item.title if item else ""),
            FormField("indicator_code", tx.FIELD_INDICATOR, item.indicator_code if item else None,
                      kind="select", options=indicators),
            FormField("ags", tx.FIELD_MUNICIPALITY, item.ags if item else None, kind="select",
                      options=municipalities),
            FormField("period", tx.FIELD_PERIOD, shown_period(item.period if item else None),
                      kind="period", placeholder=tx.PERIOD_PLACEHOLDER),
            FormField("status", tx.FIELD_STATUS, item.status if item else "open", kind="select",
                      options=statuses),
            FormField("notes", tx.FIELD_NOTES, item.notes if item else "", kind="text"),
            FormField("decisions", tx.FIELD_DECISIONS, item.decisions if item else "",
                      kind="text"),
        ]

    def action_add_item(self) -> None:
        added: list[int] = []

        def save(values: dict[str, Any]) -> None:
            added.append(mt.add_item(self.store, self.meeting_id, **values))

        def done() -> None:
            self.reload(select=str(added[0]))

        self.form(tx.ITEM_NEW, self._item_fields(None), save, done)

    def action_edit_item(self) -> None:
        item = self.selected_item()
        if item is None:
            return

        def save(values: dict[str, Any]) -> None:
            mt.update_item(self.store, item.id, item.version, **values)

        self.form(tx.ITEM_EDIT, self._item_fields(item), save, self.reload)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.data_table.id == "items":
            self.action_edit_item()
        else:
            self.action_accept()

    def action_delete(self) -> None:
        if self.focused is self.query_one("#proposals", Table):
            self.action_drop()
            return
        item = self.selected_item()
        if item is None:
            return

        def delete() -> None:
            if self.attempt(lambda: mt.delete_item(self.store, item.id, item.version)):
                self.notify(tx.DELETED)
                self.reload()
                self.load_proposals()

        self.confirm(tx.CONFIRM_DELETE_ITEM.format(title=self.item_title(item)), delete)

    def action_move(self, delta: int) -> None:
        item = self.selected_item()
        if item is None or self.meeting is None:
            return
        meeting = self.meeting

        def move() -> None:  # the new version at once: a second press need not wait
            self.meeting = replace(meeting, version=mt.move_item(self.store, item.id,
                                                                  meeting.version, delta))

        if self.attempt(move):
            self.reload()

    def action_cycle_status(self) -> None:
        item = self.selected_item()
        if item is None:
            return
        status = tx.STATUS_CYCLE[item.status]

        def cycle() -> None:  # the new state at once: a second press need not wait
            version = mt.update_item(self.store, item.id, item.version, status=status)
            self.items[str(item.id)] = replace(item, status=status, version=version)

        if self.attempt(cycle):
            self.reload()

    # --- proposals ----------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="proposals", exit_on_error=False)
    def load_proposals(self) -> None:
        """The draft takes the comparison engine's candidates: computed off the UI thread."""
        proposals = md.draft_proposals(self.store, self.meeting_id)
        self.app.call_from_thread(self.show_proposals, proposals)

    def show_proposals(self, proposals: list[md.Proposal]) -> None:
        table = self.query_one("#proposals", Table)
        keep = table.selected_key()
        # A draft computed before the latest accept may still list what is on the agenda now.
        taken = self.agenda_sources()
        self.proposals = {p.source: p for p in proposals if p.source not in taken}
        narrow = self.size.width < self.WIDE
        rows = [([
            Text(tx.PROPOSAL_KINDS.get(p.kind, p.kind)),
            fit(self.proposal_title(p), 30 if narrow else None),
            fmt.plain(p.indicator_code or "–"),
            fit(self.name_of(p.ags, p.municipality) if p.ags else None, 14 if narrow else None),
        ], p.source) for p in self.proposals.values()]
        table.fill([(label, label) for label in tx.PROPOSALS_COLUMNS], rows)
        table.select_key(keep)
        self.draft_first()
        self.show_detail()

    def draft_first(self) -> None:
        """A new meeting (its agenda read and empty): the draft comes first."""
        box = self.query_one("#proposals-box")
        if self.meeting is not None and not self.items and self.proposals \
                and not box.has_class("shown"):
            box.add_class("shown")
            self.query_one("#proposals", Table).focus()

    def proposal_title(self, p: md.Proposal) -> str:
        shown = self.name_of(p.ags, p.municipality) if p.ags else p.municipality
        return self.pseudonyms.scrub(
            tx.proposal_title(p.kind, p.text, p.indicator_name, shown, p.owner))

    @staticmethod
    def stored_title(p: md.Proposal) -> str:
        """A striking figure's TOP stores the indicator only; its member (the AGS is stored
        in the link) is named, or pseudonymised, whenever the title is shown."""
        if p.kind == "candidate" and p.ags:
            return tx.proposal_title(p.kind, p.text, p.indicator_name, None, p.owner)
        return tx.proposal_title(p.kind, p.text, p.indicator_name, p.municipality, p.owner)

    def selected_proposal(self) -> md.Proposal | None:
        key = self.query_one("#proposals", Table).selected_key()
        return self.proposals.get(key) if key is not None else None

    def show_detail(self) -> None:
        p = self.selected_proposal()
        if p is None:
            text = tx.PROPOSALS_NONE
        else:
            parts = [reason_text(p.facts) if p.facts else "", p.from_meeting or "", p.owner or "",
                     fmt.iso_date(p.due_on) if p.due_on else "", tx.period_text(p.period)]
            text = self.pseudonyms.scrub(" · ".join(fmt.clean(x) for x in parts
                                                    if x and x != "–"))
        self.query_one("#proposal-detail", Static).update(Text(text))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "proposals":
            self.show_detail()

    def action_toggle_proposals(self) -> None:
        box = self.query_one("#proposals-box")
        box.toggle_class("shown")
        target = "#proposals" if box.has_class("shown") else "#items"
        self.query_one(target, DataTable).focus()

    def agenda_sources(self) -> set[str]:
        """What is on the agenda: as last read, and what was accepted here since."""
        return {item.source for item in self.items.values() if item.source} | self.accepted

    def action_accept(self) -> None:
        proposal = self.selected_proposal()
        if proposal is None or self.focused is not self.query_one("#proposals", Table):
            return
        if proposal.source in self.agenda_sources():
            return  # a stale row (Enter pressed twice): on the agenda, the draft reloads
        title = self.stored_title(proposal)
        added: list[int] = []
        def accepted() -> None:
            item = self.items.get(str(added[0]))
            if item is not None:
                self.notify(tx.PROPOSAL_ACCEPTED.format(position=item.position))

        if self.attempt(lambda: added.append(
                md.accept_proposal(self.store, self.meeting_id, proposal, title))):
            self.accepted.add(proposal.source)
            self.reload(then=accepted)
        self.load_proposals()

    def action_drop(self) -> None:
        proposal = self.selected_proposal()
        if proposal is None:
            return
        if self.attempt(lambda: md.drop_proposal(self.store, self.meeting_id, proposal.source)):
            self.notify(tx.PROPOSAL_DROPPED)
        self.load_proposals()

    # --- elsewhere ----------------------------------------------------------------------------
    def action_meeting_mode(self) -> None:
        item = self.selected_item()
        if item is None or item.position == 1:
            self.post_message(OpenMeetingMode(self.meeting_id))
            return

        def answered(at_item: bool | None) -> None:  # a meeting starts at TOP 1 unless asked
            self.post_message(OpenMeetingMode(self.meeting_id, item.id if at_item else None))

        self.app.push_screen(ConfirmDialog(tx.MODE_START_AT.format(
            position=item.position, title=self.item_title(item))), answered)

    def action_actions(self) -> None:
        self.post_message(OpenActions(self.meeting_id))

    def action_export(self) -> None:
        self.export_meeting(self.meeting_id)
