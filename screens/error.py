"""A full-screen error for a database that cannot be opened (instead of a traceback)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import Static

from tui.kit import keys, texts
from tui.kit.texts import commands
from tui.kit.widgets.keybar import KeyBar


class ErrorScreen(Screen[None]):
    DEFAULT_CSS = """
    ErrorScreen #error-box { width: 70; max-width: 100%; border: heavy $error; padding: 1 2; }
    """
    COMMAND_LIST = commands.ERROR
    BINDINGS = keys.bindings(COMMAND_LIST)

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        with Middle(), Center():
            yield Static(
                Text.assemble((texts.ERROR_TITLE + "\n\n", "bold"), self.message, "\n\n",
                              (keys.hint(self.COMMAND_LIST), "dim")),
                id="error-box",
            )
        yield KeyBar()
