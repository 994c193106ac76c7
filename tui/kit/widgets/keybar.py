"""A one-line key bar: the commands of the current screen with their keys, as plain text.

Textual's Footer recomposes one widget per key on every focus or binding change, which
cost about 100 ms per screen change on our screens; a single Static is enough for a
keyboard-first app (no mouse needed)."""

from __future__ import annotations

from rich.text import Text
from textual.actions import parse
from textual.screen import Screen
from textual.widgets import Static

from tui.kit.keys import commands_of, key_name, keys_of
from tui.kit.texts.commands import APP


class KeyBar(Static):
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom; height: 1; width: 1fr;
        background: $footer-background; color: $footer-foreground;
        text-wrap: nowrap; text-overflow: ellipsis;
    }
    """

    _shown: Text | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.call_after_refresh(self.show_keys)

    def _bindings_changed(self, screen: Screen) -> None:
        if self.is_attached and screen is self.screen:
            self.show_keys()

    def on_resize(self) -> None:
        self.show_keys()

    def show_keys(self) -> None:
        """The screen's shown commands, then the app's, each with its main key; a command
        the screen cannot run just now (check_action) is dimmed. Where the line is too
        narrow for every label, the longest labels give way first, so every key stays in
        view (F1 names them all)."""
        screen = self.screen
        items: list[tuple[str, str, bool]] = []
        for target, command in [*((screen, c) for c in commands_of(screen)),
                                *((self.app, c) for c in APP)]:
            if not command.SHOW or not command.ACTION:
                continue
            _namespace, name, params = parse(command.ACTION)
            items.append((key_name(keys_of(command)[0]), command.LABEL,
                          target.check_action(name, params)))
        width = self.size.width or self.app.size.width
        labelled = set(range(len(items)))
        while labelled and _line(items, labelled).cell_len > width:
            labelled.remove(max(labelled, key=lambda i: (len(items[i][1]), i)))
        line = _line(items, labelled)
        if line != self._shown:  # asked several times per screen change, mostly unchanged
            self._shown = line
            self.update(line)


def _line(items: list[tuple[str, str, bool]], labelled: set[int]) -> Text:
    """The key bar with labels for the commands in `labelled`, the others by key alone."""
    text = Text()
    for index, (key, label, enabled) in enumerate(items):
        text.append(f" {key} ", style="bold reverse")
        if index in labelled:
            text.append(f" {label} ", style="" if enabled else "dim")
        else:
            text.append(" ")
    return text
