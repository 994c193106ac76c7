"""Help: the keys of the screen the user came from, as a modal overlay."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.kit import texts


class HelpScreen(ModalScreen[None]):
    """Lists (key, description) pairs; Escape, ? or F1 close it."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 72; max-width: 100%; height: auto; max-height: 90%;
        border: round $accent; padding: 0 1; background: $surface;
    }
    """
    BINDINGS = [
        Binding("escape", "dismiss", texts.KEY_BACK),
        Binding("question_mark", "dismiss", texts.KEY_BACK, show=False),
        Binding("f1", "dismiss", texts.KEY_BACK, show=False),
    ]

    def __init__(self, keys: list[tuple[str, str]], context: str = "") -> None:
        super().__init__()
        self.keys = keys
        self.context = context

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for key, description in self.keys:
            table.add_row(Text(key), Text(description))
        with VerticalScroll():
            yield Static(Text(texts.HELP_TITLE, style="bold"), id="help-title")
            if self.context:
                yield Static(Text(self.context), id="help-context")
            yield Static(table, id="help-keys")
            yield Static(Text(texts.HELP_CLOSE, style="dim"))

    def action_dismiss(self, result: None = None) -> None:  # type: ignore[override]
        self.dismiss(result)
