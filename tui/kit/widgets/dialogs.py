"""Small modal dialogs: pick a period, write a note, choose an export format, read a text."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from store import periods
from tui.kit import keys, texts
from tui.kit.texts import commands

KEEP_DELAY = 0.3  # typed note text is journaled this long after a keystroke

DIALOG_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical, {name} > VerticalScroll {{
    width: 74; max-width: 100%; height: auto; max-height: 90%;
    border: round $accent; padding: 0 1; background: $surface;
}}
"""


class PeriodPicker(ModalScreen[str | None]):
    DEFAULT_CSS = DIALOG_CSS.format(name="PeriodPicker") + """
    PeriodPicker OptionList { height: auto; max-height: 16; }
    """
    COMMAND_LIST = commands.CANCEL
    BINDINGS = keys.bindings(COMMAND_LIST)

    def __init__(self, choices: list[str], current: str | None) -> None:
        super().__init__()
        self.choices = list(reversed(choices))  # newest first
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(texts.PICK_PERIOD, style="bold"))
            yield OptionList(*[Option(periods.label(p), id=p) for p in self.choices])

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        if self.current in self.choices:
            options.highlighted = self.choices.index(self.current)
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class CodePicker(ModalScreen[str | None]):
    """Jump to a column: type a code (or part of a name), Enter takes the first match."""

    DEFAULT_CSS = DIALOG_CSS.format(name="CodePicker") + """
    CodePicker OptionList { height: auto; max-height: 12; }
    """
    COMMAND_LIST = commands.CANCEL
    BINDINGS = keys.bindings(COMMAND_LIST)

    def __init__(self, choices: list[tuple[str, str]]) -> None:
        super().__init__()
        self.choices = choices  # (code, name)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(texts.PICK_COLUMN, style="bold"))
            yield Input(placeholder=texts.PICK_COLUMN_PLACEHOLDER, id="code")
            yield OptionList(*self.options(""))

    def options(self, typed: str) -> list[Option]:
        return [Option(Text(f"{code}  {name}"), id=code) for code, name in self.matches(typed)]

    def matches(self, typed: str) -> list[tuple[str, str]]:
        """Codes starting with what was typed first, then codes or names containing it."""
        text = typed.strip().casefold()
        first = [c for c in self.choices if c[0].casefold().startswith(text)]
        rest = [c for c in self.choices if c not in first
                and (text in c[0].casefold() or text in c[1].casefold())]
        exact = [c for c in first if c[0].casefold() == text]
        return exact + [c for c in first if c not in exact] + rest

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(self.options(event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        found = self.matches(event.value)
        self.dismiss(found[0][0] if found else None)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class NoteDialog(ModalScreen[str | None]):
    """One line of note text for a figure; Enter saves, Escape cancels."""

    DEFAULT_CSS = DIALOG_CSS.format(name="NoteDialog")
    COMMAND_LIST = commands.CANCEL
    BINDINGS = keys.bindings(COMMAND_LIST)

    def __init__(self, about: str, keep: Callable[[str], object] | None = None) -> None:
        super().__init__()
        self.about = about
        self.keep = keep  # journals the text while it is typed (a dropped link loses nothing)
        self.keep_timer: Timer | None = None

    def on_input_changed(self) -> None:
        if self.keep is not None and self.keep_timer is None:
            self.keep_timer = self.set_timer(KEEP_DELAY, self.keep_now)

    def keep_now(self) -> None:
        self.keep_timer = None
        if self.keep is not None:
            self.keep(self.query_one(Input).value)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(texts.NOTE_TITLE, style="bold"))
            yield Static(Text(self.about))
            yield Input(placeholder=texts.NOTE_PLACEHOLDER, id="note-text")
            yield Static(Text(texts.NOTE_HINT, style="dim"))

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        self.stop_keeping()
        self.dismiss(text or None)

    def action_cancel(self) -> None:
        self.stop_keeping()
        self.dismiss(None)

    def has_unsaved(self) -> bool:
        """Asked on quitting: a note typed but not saved (journaled now, to be sure)."""
        text = self.query_one(Input).value.strip()
        if text:
            self.keep_now()
        return bool(text)

    def stop_keeping(self) -> None:
        if self.keep_timer is not None:
            self.keep_timer.stop()
            self.keep_timer = None


class ExportDialog(ModalScreen[str | None]):
    """Choose CSV, XLSX or Markdown by a single key."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ExportDialog")
    COMMAND_LIST = commands.EXPORT
    BINDINGS = keys.bindings(COMMAND_LIST)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(texts.EXPORT_TITLE, style="bold"))
            yield Static(Text(keys.choices(self.COMMAND_LIST)))

    def action_choose(self, kind: str) -> None:
        self.dismiss(kind or None)


class TextDialog(ModalScreen[None]):
    """A read-only text (fact sheet, legend); Escape closes."""

    DEFAULT_CSS = DIALOG_CSS.format(name="TextDialog")
    COMMAND_LIST = commands.TEXT
    BINDINGS = keys.bindings(COMMAND_LIST)

    def __init__(self, title: str, body: Text) -> None:
        super().__init__()
        self.title_text = title
        self.body = body

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Text(self.title_text, style="bold"), id="dialog-title")
            yield Static(self.body, id="dialog-body")
            yield Static(Text(keys.hint(self.COMMAND_LIST), style="dim"))

    def action_close(self) -> None:
        self.dismiss(None)
