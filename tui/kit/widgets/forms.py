"""Dialogs of the meetings screens: a small form, a yes/no question and the export choice."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, Static, TextArea

from importers.periods import parse_period
from store import periods
from store.db import StoreError
from store.safe_text import strip_controls
from tui.kit import keys, texts
from tui.kit.journal import Entry, Journal
from tui.kit.texts import commands
from tui.kit.texts import meetings as tx

DIALOG_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{
    width: 76; max-width: 100%; height: auto; max-height: 100%;
    border: round $accent; padding: 0 1; background: $surface;
}}
{name} .dialog-title {{ text-style: bold; margin-bottom: 1; }}
{name} .dialog-hint {{ color: $text-muted; }}
"""

JOURNAL_DELAY = 0.3
_GERMAN_DATE = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*$")


def iso_from_german(text: str) -> str:
    """'10.12.2026' → '2026-12-10'; anything else is passed on for the store to judge."""
    match = _GERMAN_DATE.match(text or "")
    if match is None:
        return (text or "").strip()
    day, month, year = match.groups()
    return f"{year}-{int(month):02d}-{int(day):02d}"


def period_from_input(text: str) -> str:
    """Every form the app shows a period in is accepted: 'Q3/2026', '3. Quartal 2026',
    '2026-Q3', '03/2026', 'März 2026' → the stored form; anything else is passed on for the
    store to judge (and refuse with its German message)."""
    text = (text or "").strip()
    if not text:
        return ""
    return parse_period(text) or text


def shown_period(period: str | None) -> str:
    """A stored period as the app shows it ('2026-Q3' → 'Q3/2026') for a form field."""
    return periods.short_label(period) if period else ""


@dataclass
class FormField:
    """One field of a FormDialog: kind is input, period (an input read as a period in any
    form the app shows), select, text (several lines) or check."""

    key: str
    label: str
    value: Any = ""
    kind: str = "input"
    options: list[tuple[str, str]] = field(default_factory=list)
    placeholder: str = ""


class FormDialog(ModalScreen["bool | StoreError"]):
    """Edit a few fields and hand them to `save`. An invalid value keeps the dialog open
    with the reason; any other store error closes it and is returned to the caller."""

    DEFAULT_CSS = DIALOG_CSS.format(name="FormDialog") + """
    FormDialog .form-row { height: auto; }
    FormDialog .form-label { width: 16; padding-top: 0; }
    FormDialog Input, FormDialog Select, FormDialog Checkbox { width: 1fr; }
    FormDialog TextArea { width: 1fr; height: 4; }
    FormDialog Input, FormDialog TextArea, FormDialog SelectCurrent { background: $boost; }
    FormDialog #form-error { color: $error; height: auto; }
    """
    COMMAND_LIST = commands.FORM
    BINDINGS = keys.bindings(COMMAND_LIST)

    def __init__(self, title: str, fields: list[FormField],
                 save: Callable[[dict[str, Any]], None]) -> None:
        super().__init__()
        self.title_text = title
        self.fields = fields
        self.save = save
        # What is typed here goes into the local journal too (a dropped connection while the
        # dialog is open must not lose it); it leaves the journal when the dialog closes.
        self.journal_key = f"form:{datetime.now():%Y%m%d%H%M%S%f}"
        self.journal_timer: Timer | None = None
        self.journaled = False

    def typed_text(self) -> str:
        """The text fields that differ from what the dialog opened with, one per line."""
        values = self.values()
        lines = []
        for spec in self.fields:
            value = values.get(spec.key)
            shown = strip_controls(spec.value, multiline=spec.kind == "text")
            if spec.kind in ("input", "text") and value and value != shown:
                lines.append(f"{spec.label}: {value}")
        return "\n".join(lines)

    def on_input_changed(self) -> None:
        self.journal_soon()

    def on_text_area_changed(self) -> None:
        self.journal_soon()

    def journal_soon(self) -> None:
        if self.journal_timer is None and self.is_mounted:
            self.journal_timer = self.set_timer(JOURNAL_DELAY, self.journal_now)

    def journal_now(self) -> None:
        self.journal_timer = None
        text = self.typed_text()
        path = getattr(getattr(self.app, "store", None), "path", None)
        if not text or path is None:
            return
        try:
            Journal(path).keep(Entry(key=self.journal_key, kind="form",
                                     label=self.title_text, text=text,
                                     saved_at=f"{datetime.now():%d.%m.%Y %H:%M:%S}"))
            self.journaled = True
        except OSError:
            pass

    def has_unsaved(self) -> bool:
        """Asked on quitting: typed text not yet saved (journaled now, to be sure)."""
        self.journal_now()
        return bool(self.typed_text())

    def dismiss(self, result: Any = None) -> Any:
        if self.journal_timer is not None:
            self.journal_timer.stop()
            self.journal_timer = None
        if self.journaled:
            try:
                Journal(self.app.store.path).drop(self.journal_key)  # type: ignore[attr-defined]
            except OSError:
                pass
        return super().dismiss(result)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.title_text), classes="dialog-title")
            for spec in self.fields:
                with Horizontal(classes="form-row"):
                    yield Label(Text(spec.label), classes="form-label")
                    yield self._widget(spec)
            yield Static("", id="form-error")
            yield Static(Text(keys.hint([*self.COMMAND_LIST, commands.NextField])), classes="dialog-hint")

    def _widget(self, spec: FormField) -> Widget:
        widget_id = f"field-{spec.key}"
        if spec.kind == "select":
            values = {value for _label, value in spec.options}
            return Select([(Text(strip_controls(label, multiline=False)), value)
                           for label, value in spec.options],
                          value=spec.value if spec.value in values else Select.NULL,
                          prompt=tx.NO_LINK, compact=True, id=widget_id)
        if spec.kind == "text":
            return TextArea(strip_controls(spec.value), compact=True, id=widget_id)
        if spec.kind == "check":
            return Checkbox("", bool(spec.value), compact=True, id=widget_id)
        return Input(strip_controls(spec.value, multiline=False), placeholder=spec.placeholder,
                     compact=True, id=widget_id)

    def on_mount(self) -> None:
        self.query_one(f"#field-{self.fields[0].key}").focus()

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for spec in self.fields:
            widget = self.query_one(f"#field-{spec.key}")
            if isinstance(widget, Select):
                out[spec.key] = None if widget.value is Select.NULL else widget.value
            elif isinstance(widget, TextArea):
                out[spec.key] = widget.text
            elif spec.kind == "period":
                out[spec.key] = period_from_input(widget.value)  # type: ignore[attr-defined]
            else:
                out[spec.key] = widget.value  # type: ignore[attr-defined]
        return out

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        try:
            self.save(self.values())
        except StoreError as error:
            if error.reason in ("locked", "full", "io"):
                # Storage trouble: the dialog stays open with everything typed; F2 again.
                self.query_one("#form-error", Static).update(
                    Text(f"{texts.store_error(error)} {tx.FORM_KEPT}"))
                return
            if error.reason != "invalid":
                self.dismiss(error)
                return
            self.query_one("#form-error", Static).update(Text(tx.invalid_message(error)))
            if any(spec.key == error.detail for spec in self.fields):
                self.query_one(f"#field-{error.detail}").focus()
            return
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)


class ConfirmDialog(ModalScreen[bool]):
    """A yes/no question; j (or y, Enter) answers yes, n or Escape no."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ConfirmDialog")
    COMMAND_LIST = commands.CONFIRM
    BINDINGS = keys.bindings(COMMAND_LIST)

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.question), classes="dialog-title")
            yield Static(Text(keys.hint(self.COMMAND_LIST)), classes="dialog-hint")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class MeetingExportDialog(ModalScreen["tuple[bool, str] | None"]):
    """Choose agenda or minutes and Markdown or HTML with one key: (minutes, kind)."""

    DEFAULT_CSS = DIALOG_CSS.format(name="MeetingExportDialog")
    CHOICES = {"t": (False, "md"), "T": (False, "html"), "p": (True, "md"), "P": (True, "html")}
    COMMAND_LIST = commands.MEETING_EXPORT
    BINDINGS = keys.bindings(COMMAND_LIST)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(tx.EXPORT_TITLE), classes="dialog-title")
            yield Static(Text(keys.choices(self.COMMAND_LIST)))

    def action_choose(self, key: str) -> None:
        self.dismiss(self.CHOICES.get(key))
