"""What screens and widgets may ask of the app that hosts them, typed, so the kit needs no
import of the shell and no `type: ignore` to reach the open database or the user's choices."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol, cast

from textual.app import App

from store.db import Store


class Host(Protocol):
    store: Store
    db_path: Path
    readonly: bool
    own_ags: str | None
    pseudonymised: bool
    last_copied: str | None  # kept in the app: OSC 52 may not reach the terminal
    last_export: Path | None

    def display_name(self, ags: str, name: str | None) -> str: ...

    def copy_to_clipboard(self, text: str) -> None: ...


def host_of(app: App) -> Host:
    """The running app as the Host it is (tui.app.RingvergleichApp)."""
    return cast(Host, app)
