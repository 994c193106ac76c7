"""What screens and widgets may ask of the app that hosts them, typed, so the kit needs no
import of the shell and no `type: ignore` to reach the open database or the user's choices."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol, cast

from textual.app import App

from store.db import Store
from tui.kit.pseudonyms import Pseudonyms


class Host(Protocol):
    store: Store
    db_path: Path
    readonly: bool
    own_ags: str | None  # the user's own member: never pseudonymised (kept in pseudonyms)
    pseudonymised: bool  # pseudonyms.on, settable
    pseudonyms: Pseudonyms  # the one app-wide state; the app owns it, screens read it
    last_copied: str | None  # kept in the app: OSC 52 may not reach the terminal
    last_export: Path | None

    def display_name(self, ags: str, name: str | None) -> str: ...

    def toggle_pseudonyms(self) -> None:
        """On at once; off only after asking (real names on the projector); every screen
        on the stack redrawn."""
        ...

    def copy_to_clipboard(self, text: str) -> None: ...


def host_of(app: App) -> Host:
    """The running app as the Host it is (tui.app.RingvergleichApp)."""
    return cast(Host, app)
