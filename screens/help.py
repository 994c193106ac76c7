"""Help: the keys of the screen the user came from, as a modal overlay."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.kit import keys, texts
from tui.kit.texts import commands


class HelpScreen(ModalScreen[None]):
    """Lists (keys, label, help) lines; Esc, ? or F1 close it."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 72; max-width: 100%; height: auto; max-height: 90%;
        border: round $accent; padding: 0 1; background: $surface;
    }
    """
    COMMAND_LIST = commands.HELP_SCREEN
    BINDINGS = keys.bindings(COMMAND_LIST)

    def __init__(self, lines: list[tuple[str, str, str]], context: str = "") -> None:
        super().__init__()
        self.lines = lines
        self.keys = [(key, label) for key, label, _help in lines]
        self.context = context

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", max_width=14)
        table.add_column()
        for key, label, help_ in self.lines:
            table.add_row(Text(key), Text.assemble(label, (f" – {help_}" if help_ else "", "dim")))
        with VerticalScroll():
            yield Static(Text(texts.HELP_TITLE, style="bold"), id="help-title")
            if self.context:
                yield Static(Text(self.context), id="help-context")
            yield Static(table, id="help-keys")
            yield Static(Text(keys.hint(self.COMMAND_LIST), style="dim"))

    def action_dismiss(self, result: None = None) -> None:  # type: ignore[override]
        self.dismiss(result)
