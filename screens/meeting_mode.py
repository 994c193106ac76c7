"""Meeting mode: one agenda item at a time, full screen, with notes saved as they are typed."""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Container, Vertical
from textual.widgets import Static, TextArea

from store import meetings as mt
from store import meetings_actions as ma
from store import meetings_figures as mf
from store import periods
from store.db import StoreError
from tui.kit import format as fmt
from tui.kit import keys, texts
from tui.kit.meeting_autosave import (  # noqa: F401 - the delays are part of this screen's API
    EDITORS,
    RETRY_SECONDS,
    SAVE_DELAY,
    AutosaveEditors,
)
from tui.kit.meeting_base import MeetingBase
from tui.kit.navigation import OpenActions
from tui.kit.texts import commands
from tui.kit.texts import meetings as tx
from tui.kit.widgets.figures import FiguresPanel
from tui.kit.widgets.forms import FormField, iso_from_german
from tui.kit.widgets.keybar import KeyBar
from tui.kit.widgets.tables import Table

# How often the screen looks for changes made by others.
POLL_SECONDS = 2.0


class MeetingModeScreen(AutosaveEditors, MeetingBase):
    DEFAULT_CSS = """
    MeetingModeScreen #mode-head { background: $primary; color: $text; text-style: bold;
        padding: 0 1; height: 1; }
    MeetingModeScreen #mode-title { text-style: bold; color: $accent; padding: 0 1;
        height: auto; }
    MeetingModeScreen #mode-links { color: $text-muted; padding: 0 1; height: 1; }
    MeetingModeScreen #mode-body { height: 1fr; }
    MeetingModeScreen #mode-figures-box { height: 1fr; }
    MeetingModeScreen #figures { height: 1fr; }
    MeetingModeScreen #chart-box { height: 1fr; display: none; }
    MeetingModeScreen.chart #chart-box { display: block; }
    MeetingModeScreen.chart #figures { display: none; }
    MeetingModeScreen.wide #figures { display: block; }
    MeetingModeScreen.wide #chart-box { display: block; height: 2fr; }
    MeetingModeScreen #mode-figures-box.empty #figures,
    MeetingModeScreen #mode-figures-box.empty #chart-box { display: none; }
    MeetingModeScreen #mode-distribution { color: $text-muted; padding: 0 1; height: auto; }
    /* At 80×24 the members come first (a ring of 12 fits): notes and decisions sit side by
       side, one line each, and open up while one of them is being written in. */
    MeetingModeScreen #mode-editors { height: auto; layout: horizontal; }
    MeetingModeScreen #notes, MeetingModeScreen #decisions { height: 3; width: 1fr; }
    MeetingModeScreen #notes:focus, MeetingModeScreen #decisions:focus { height: 8; width: 2fr; }
    MeetingModeScreen.wide #mode-title { padding: 1 2; background: $boost; }
    MeetingModeScreen.wide #mode-body { layout: horizontal; }
    MeetingModeScreen.wide #mode-figures-box { width: 1fr; }
    MeetingModeScreen.wide #mode-editors { width: 1fr; height: 1fr; layout: vertical; }
    MeetingModeScreen.wide #notes, MeetingModeScreen.wide #notes:focus { height: 2fr; width: 1fr; }
    MeetingModeScreen.wide #decisions,
    MeetingModeScreen.wide #decisions:focus { height: 1fr; width: 1fr; }
    """
    COMMAND_LIST = commands.MEETING_MODE
    BINDINGS = keys.bindings(COMMAND_LIST)

    def __init__(self, meeting_id: int, item_id: int | None = None) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.start_item_id = item_id
        self.meeting: mt.Meeting | None = None
        self.item_ids: list[int] = []
        self.index = 0
        self.item: mt.AgendaItem | None = None
        self.item_version = 0
        self.saved: dict[str, str] = {}
        self.agenda: dict[int, mt.AgendaItem] = {}  # the items as last read
        self.all_actions: list[ma.ActionItem] = []  # the meeting's action items, as last read
        self.init_autosave()

    def compose(self) -> ComposeResult:
        yield Static(id="mode-head")
        yield Static(id="mode-title")
        yield Static(id="mode-links")
        with Container(id="mode-body"):
            yield FiguresPanel(id="mode-figures-box")
            with Vertical(id="mode-editors"):
                yield TextArea(id="notes", placeholder=tx.NOTES_PLACEHOLDER)
                yield TextArea(id="decisions", placeholder=tx.DECISIONS_PLACEHOLDER)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#notes", TextArea).border_title = f"{tx.FIELD_NOTES} (F2)"
        self.query_one("#decisions", TextArea).border_title = f"{tx.FIELD_DECISIONS} (F3)"
        self.set_class(self.size.width >= 110 and self.size.height >= 30, "wide")
        self.reload(self.start_item_id)
        self.query_one("#figures", Table).focus()
        self.set_interval(POLL_SECONDS, self.poll)

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width >= 110 and event.size.height >= 30, "wide")

    # --- loading --------------------------------------------------------------------------------
    # Every read runs in a thread worker (MeetingBase.load_view): a slow or locked database
    # never freezes typing. Stepping to another item is drawn at once from the agenda as last
    # read (typed text goes to the item on screen), then the item is read afresh with its
    # action items and figures.
    _figures_due = False

    def reload(self, item_id: int | None = None) -> None:
        """Read the meeting and its agenda afresh and show `item_id` (else the current one)."""
        self.save_now()  # typed text first: nothing waits in the timer while we reload
        store, meeting_id = self.store, self.meeting_id
        Loaded = tuple[mt.Meeting, list[mt.AgendaItem], list[ma.ActionItem]]

        def fetch() -> Loaded:
            return (mt.get_meeting(store, meeting_id), mt.agenda_items(store, meeting_id),
                    ma.meeting_actions(store, meeting_id))

        def show(loaded: Loaded) -> None:
            self.meeting, items, self.all_actions = loaded
            self.agenda = {item.id: item for item in items}
            self.item_ids = [item.id for item in items]
            current = item_id if item_id is not None else (self.item.id if self.item else None)
            if current in self.item_ids:
                self.index = self.item_ids.index(current)
            self.index = max(0, min(self.index, len(self.item_ids) - 1))
            self.show_item()

        self.load_view(fetch, show, "agenda")

    def show_item(self, figures: bool = True) -> None:
        """Show the current item (at once as last read when it is another one), then as
        stored now (`figures=False` keeps the figure table)."""
        assert self.meeting is not None
        if not self.item_ids:
            self.item = None
            self.query_one("#mode-head", Static).update(Text(tx.MODE_HEADER_EMPTY.format(
                number=self.meeting.id, title=self.pseudonyms.scrub(self.meeting.title))))
            self.query_one("#mode-title", Static).update(Text(tx.MODE_NO_ITEMS))
            for name in EDITORS:
                self.query_one(f"#{name}", TextArea).disabled = True
            return
        item_id = self.item_ids[self.index]
        if self.item is None or self.item.id != item_id:
            if not self.draw_item(self.agenda[item_id]):
                return
            figures = True
        self._figures_due = self._figures_due or figures
        store, meeting, with_figures = self.store, self.meeting, self._figures_due
        Loaded = tuple[mt.AgendaItem, list[ma.ActionItem], tuple[mf.ItemFigures | None] | None]

        def fetch() -> Loaded | None:
            try:
                item = mt.get_item(store, item_id)
            except StoreError as error:
                if error.reason == "not_found":
                    return None  # deleted by someone else in the meantime
                raise
            shown = (mf.item_figures(store, meeting, item),) if with_figures else None
            return item, ma.meeting_actions(store, meeting.id), shown

        def show(loaded: Loaded | None) -> None:
            if loaded is None:
                self.reload()
                return
            item, actions, shown = loaded
            if self.item is None or self.item.id != item.id:
                return  # stepped on meanwhile
            self.agenda[item.id] = item
            self.all_actions = actions
            self.draw_item(item)
            if shown is not None:
                self._figures_due = False
                self.query_one(FiguresPanel).show(shown[0], item.ags)

        self.load_view(fetch, show, "item")

    def draw_item(self, item: mt.AgendaItem) -> bool:
        """Put `item` on screen; False when text typed into the previous item could not be
        saved to it (that item stays)."""
        if self.item is not None and item.id != self.item.id and self.pending:
            self.save_now()
            if self.pending:
                if self.item.id in self.item_ids:
                    self.index = self.item_ids.index(self.item.id)
                self.notify(tx.STAY_UNSAVED, severity="warning", timeout=8)
                return False
        editors = [self.query_one(f"#{name}", TextArea) for name in EDITORS]
        self.item = item
        self.item_version = item.version
        # Shown and compared as cleaned: stored escape sequences never reach the terminal.
        self.saved = {"notes": fmt.clean(item.notes), "decisions": fmt.clean(item.decisions)}
        for editor in editors:
            editor.disabled = self.store.readonly  # shown, but not a place to type
            text = self.saved[editor.id or ""]
            if editor.id in self.pending:  # unsaved text stays as typed
                continue
            # With pseudonyms on, a note naming a member is shown pseudonymised and cannot
            # be edited (saving would overwrite the real names); F8 switches back.
            shown = self.pseudonyms.scrub(text)
            editor.read_only = shown != text
            text = shown
            if editor.text != text:
                at_end = editor.cursor_location == editor.document.end
                row, column = editor.cursor_location
                editor.load_text(text)
                end = editor.document.end
                editor.move_cursor(end if at_end else min((row, column), end))
            editor.border_subtitle = tx.MASKED_NOTE if editor.read_only else ""
        self.show_head()
        self.query_one("#mode-title", Static).update(Text(self.item_title(item)))
        return True

    def poll(self) -> None:
        """Follow what others change (another minute-taker, the projector's app): with
        nothing unsaved here, a newer version of the item or agenda is shown. Read in a
        worker of its own, so a locked database never holds up the typing."""
        if self.item is None or self.meeting is None or self.pending or self.timer:
            return
        store, meeting_id, item_id = self.store, self.meeting_id, self.item.id

        def work() -> None:
            try:
                result: Any = (mt.get_meeting(store, meeting_id), mt.get_item(store, item_id))
            except StoreError as error:
                result = error
            self.app.call_from_thread(self.polled, item_id, result)

        self.run_worker(work, thread=True, exclusive=True, group="poll", exit_on_error=False)

    def polled(self, item_id: int, result: Any) -> None:
        if not self.is_attached or self.item is None or self.item.id != item_id \
                or self.meeting is None or self.pending or self.timer:
            return  # moved on, or typing meanwhile: the next poll looks again
        if isinstance(result, StoreError):
            if result.reason not in ("locked", "full", "io"):
                self.reload()
            return  # unreadable for now: the next poll tries again
        meeting, fresh = result
        if meeting.version != self.meeting.version:
            self.reload()
        elif fresh.version != self.item_version:
            links = (fresh.indicator_code, fresh.ags, fresh.period)
            self.show_item(figures=links != (self.item.indicator_code, self.item.ags,
                                             self.item.period))

    def show_head(self) -> None:
        assert self.meeting is not None and self.item is not None
        head = tx.MODE_HEADER.format(
            number=self.meeting.id, title=self.pseudonyms.scrub(self.meeting.title),
            position=self.item.position,
            count=len(self.item_ids),
            status=tx.ITEM_STATUS_WORDS.get(self.item.status, self.item.status))
        if self.meeting.held:
            head += f" · {tx.STATUS_WORDS['held']}"
        if self.pseudonyms.on:  # no app header here: the state is said in the head line
            head += f" · {texts.PSEUDO_BADGE}"
        self.query_one("#mode-head", Static).update(Text(head))
        item = self.item
        links = []
        period = item.period or self.meeting.period
        if period:
            links.append(f"{tx.FIELD_PERIOD}: {periods.short_label(period)}")
        if item.indicator_code:
            links.append(f"{tx.FIELD_INDICATOR}: {item.indicator_code} {item.indicator_name}")
        if item.ags:
            links.append(f"{tx.FIELD_MUNICIPALITY}: {self.name_of(item.ags, item.municipality)}")
        actions = [a for a in self.all_actions if a.agenda_item_id == item.id]
        if actions:
            late = sum(ma.overdue(a) for a in actions)
            links.append(f"{tx.KEY_ACTIONS}: {len(actions)}"
                         + (f" ({late} {tx.OVERDUE})" if late else ""))
        # One line (cut with …): every line given to the links is a member less on screen.
        self.query_one("#mode-links", Static).update(
            Text(fmt.clean(" · ".join(links)), no_wrap=True, overflow="ellipsis"))

    def action_export(self) -> None:
        self.save_now()
        self.export_meeting(self.meeting_id)

    def action_toggle_chart(self) -> None:
        self.toggle_class("chart")
        if not self.has_class("wide"):  # the shown one takes the keys (the chart scrolls)
            self.query_one("#chart-box" if self.has_class("chart") else "#figures").focus()

    # --- actions ---------------------------------------------------------------------------------
    def action_step(self, delta: int) -> None:
        if self.stay_with_unsaved():
            return
        target = self.index + delta
        if self.item_ids and 0 <= target < len(self.item_ids):
            self.index = target
            self.show_item()

    def action_edit(self, name: str) -> None:
        if self.store.readonly:
            self.report(StoreError("readonly", self.store.path))
        elif self.item is not None:
            editor = self.query_one(f"#{name}", TextArea)
            editor.focus()
            if editor.read_only:
                self.notify(tx.MASKED_NOTE_EDIT, severity="warning")

    def action_leave(self) -> None:
        if isinstance(self.focused, TextArea):
            self.save_now()
            self.query_one("#figures", Table).focus()
            return
        if not self.stay_with_unsaved():
            self.app.pop_screen()

    def action_set_status(self, status: str) -> None:
        if self.item is None or not self.save_now():
            return
        item_id, version = self.item.id, self.item_version
        def update() -> None:
            self.item_version = mt.update_item(self.store, item_id, version, status=status)

        if self.attempt(update):
            self.notify(tx.MODE_STATUS_SET.format(position=self.item.position,
                                                  status=tx.ITEM_STATUS_WORDS[status]))
            self.show_item()

    def action_new_action(self) -> None:
        if self.item is None or not self.save_now():
            return
        item_id = self.item.id

        def save(values: dict[str, Any]) -> None:
            ma.add_action(self.store, self.meeting_id, values["text"], owner=values["owner"],
                          due_on=iso_from_german(values["due_on"]), agenda_item_id=item_id)

        def done() -> None:
            self.notify(tx.MODE_ACTION_ADDED)
            self.show_item(figures=False)

        fields = [FormField("text", tx.FIELD_TEXT), FormField("owner", tx.FIELD_OWNER),
                  FormField("due_on", tx.FIELD_DUE, placeholder=tx.DATE_PLACEHOLDER)]
        self.form(tx.ACTION_NEW, fields, save, done)

    def action_actions(self) -> None:
        if self.stay_with_unsaved():
            return
        self.post_message(OpenActions(self.meeting_id))

    def action_hold(self) -> None:
        if self.meeting is None or not self.save_now():
            return
        meeting = self.meeting
        if meeting.held:
            def reopen() -> None:
                if self.attempt(lambda: mf.reopen_meeting(self.store, meeting.id,
                                                          meeting.version)):
                    self.notify(tx.MODE_REOPENED)
                    self.reload()

            self.confirm(tx.CONFIRM_REOPEN.format(title=fmt.clean(meeting.title)), reopen)
            return

        question = tx.CONFIRM_HELD.format(title=fmt.clean(meeting.title))
        still_open = [i.position for i in mt.agenda_items(self.store, meeting.id)
                      if i.status == "open"]
        if still_open:
            question += tx.HELD_OPEN_ITEMS.format(
                count=len(still_open), positions=", ".join(map(str, still_open)))
        today = date.today().isoformat()
        held_on = None  # the planned date
        if meeting.held_on and meeting.held_on > today:
            held_on = today  # it takes place now, not on the day once planned
            question += tx.HELD_FUTURE_DATE.format(planned=fmt.iso_date(meeting.held_on),
                                                   today=fmt.iso_date(today))

        def hold() -> None:
            if self.attempt(lambda: mf.mark_held(self.store, meeting.id, meeting.version,
                                                 held_on)):
                self.notify(tx.MODE_HELD.format(count=mf.frozen_count(self.store, meeting.id)))
                self.reload()

        self.confirm(question, hold)

    def on_screen_resume(self) -> None:
        if self.is_mounted and self.meeting is not None:
            self.reload()
