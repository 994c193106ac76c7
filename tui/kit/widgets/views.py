"""Switchable views of one screen (table, chart, …) with a one-line tab bar.

Lighter than Textual's TabbedContent (one Static and a ContentSwitcher instead of a tab
widget per view), which matters for screen changes on slow SSH links; keys switch views."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Static


class Views(Vertical):
    DEFAULT_CSS = """
    Views { height: 1fr; }
    Views > .views-bar { height: 1; background: $boost; }
    Views > ContentSwitcher { height: 1fr; }
    Views > ContentSwitcher > * { height: 1fr; }
    """

    def __init__(self, *panes: tuple[str, str, Widget], initial: str | None = None,
                 id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.panes = panes  # (id, label, widget)
        self._initial = initial or panes[0][0]

    def compose(self) -> ComposeResult:
        yield Static(classes="views-bar")
        for pane_id, _label, widget in self.panes:
            if widget.id is None:
                widget.id = pane_id
        initial = self.ids[[p for p, _l, _w in self.panes].index(self._initial)]
        with ContentSwitcher(initial=initial):
            for _pane_id, _label, widget in self.panes:
                yield widget

    def on_mount(self) -> None:
        self._draw_bar()

    @property
    def ids(self) -> list[str]:
        return [widget.id or pane_id for pane_id, _l, widget in self.panes]

    @property
    def active(self) -> str:
        return self.query_one(ContentSwitcher).current or self.ids[0]

    @active.setter
    def active(self, pane_id: str) -> None:
        index = [p for p, _l, _w in self.panes].index(pane_id)
        self.query_one(ContentSwitcher).current = self.ids[index]
        self._draw_bar()

    @property
    def active_pane(self) -> str:
        """The pane id (not the widget id) of the visible view."""
        current = self.active
        for (pane_id, _label, _widget), widget_id in zip(self.panes, self.ids, strict=True):
            if widget_id == current:
                return pane_id
        return self.panes[0][0]

    def cycle(self) -> str:
        ids = [p for p, _l, _w in self.panes]
        self.active = ids[(ids.index(self.active_pane) + 1) % len(ids)]
        return self.active_pane

    def _draw_bar(self) -> None:
        bar = Text()
        current = self.active_pane
        for number, (pane_id, label, _widget) in enumerate(self.panes, start=1):
            style = "bold reverse" if pane_id == current else "dim"
            bar.append(f" {number} {label} ", style=style)
            bar.append(" ")
        bar.append("(t wechselt)", style="dim")
        self.query_one(".views-bar", Static).update(bar)
