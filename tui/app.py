"""The Textual application: opens one database and hosts the screen stack."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.command import CommandPalette
from textual.screen import ModalScreen

from screens.agenda import AgendaScreen
from screens.delivery import DeliveryScreen
from screens.error import ErrorScreen
from screens.help import HelpScreen
from screens.home import HomeScreen
from screens.import_ import ImportScreen
from screens.indicator import IndicatorScreen
from screens.journal import JournalDialog
from screens.meeting_actions import ActionsScreen
from screens.meeting_mode import MeetingModeScreen
from screens.meetings import MeetingsScreen
from screens.municipality import MunicipalityScreen
from screens.ring import RingScreen
from store import analysis
from store.db import Store, StoreError, open_store
from tui.kit import keys, texts
from tui.kit import navigation as nav
from tui.kit.journal import Journal
from tui.kit.pseudonyms import Pseudonyms
from tui.kit.settings import load_settings
from tui.kit.texts import commands
from tui.kit.texts import journal as tj
from tui.kit.widgets.forms import ConfirmDialog
from tui.palette import CommandsProvider, JumpProvider


def _freeze_what_lives_as_long_as_the_app() -> None:
    """Modules, classes and the app itself live until the process ends: moved out of the
    collector's reach once (gc.freeze), a full collection walks only what screens made
    since. Its pauses, which fell into a screen change at random, shrink accordingly."""
    if not gc.get_freeze_count():
        gc.collect()
        gc.freeze()


class RingvergleichApp(App[None]):
    TITLE = texts.APP_TITLE
    # Toasts as wide as the terminal allows, so a message takes one or two lines at 80×24
    # (Textual's default half width wraps a path over four).
    CSS = """
    Toast { width: auto; max-width: 90%; padding: 0 1; }
    """
    COMMANDS = {JumpProvider, CommandsProvider}
    COMMAND_LIST = commands.APP
    BINDINGS = keys.bindings(COMMAND_LIST)

    def __init__(
        self,
        db_path: str | Path,
        *,
        readonly: bool = False,
        own_ags: str | None = None,
        startup_note: str | None = None,
    ) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self.readonly = readonly
        self.startup_note = startup_note
        self.store: Store | None = None  # type: ignore[assignment]
        self.open_error: str | None = None
        # One pseudonym state for the whole app (never per screen): see kit/pseudonyms.py.
        # The app owns it; screens reach it typed, as Host.pseudonyms (kit/host.py).
        self.pseudonyms = Pseudonyms(self._municipality_names,
                                     own_ags or load_settings().get("own_ags"))
        self.last_copied: str | None = None  # kept in the app: OSC 52 may not reach
        self.last_export: Path | None = None

    def push_screen(self, screen: Any, *args: Any, **kwargs: Any) -> Any:
        """Toasts belong to the screen they spoke about: a new screen starts without them
        (a dialog on top keeps them)."""
        if not isinstance(screen, ModalScreen):
            self.clear_notifications()
        return super().push_screen(screen, *args, **kwargs)

    def pop_screen(self) -> Any:
        if not isinstance(self.screen, ModalScreen):  # a closing dialog's "saved" stays
            self.clear_notifications()
        return super().pop_screen()

    def on_mount(self) -> None:
        _freeze_what_lives_as_long_as_the_app()
        try:
            self.store = open_store(self.db_path, readonly=self.readonly)
        except StoreError as error:
            self.open_error = texts.store_error(error)
            self.push_screen(ErrorScreen(self.open_error))
            return
        self.show_badges()
        self.push_screen(HomeScreen())
        if self.startup_note:
            self.notify(self.startup_note, timeout=8, markup=False)
        self.offer_journal()

    def offer_journal(self) -> None:
        """Text a user typed that never reached the database (a held lock, a full disk, a
        dropped connection) is offered again at the next start."""
        journal = Journal(self.db_path)
        if journal.orphans() and not self.readonly:
            self.push_screen(JournalDialog(journal))

    async def action_quit(self) -> None:
        """Quit, but ask first while any screen holds text not yet in the database."""
        unsaved = [s for s in self.screen_stack
                   if getattr(s, "has_unsaved", None) and s.has_unsaved()]  # type: ignore[attr-defined]
        if not unsaved:
            self.exit()
            return
        def answered(yes: bool | None) -> None:
            if yes:
                self.exit()

        self.push_screen(ConfirmDialog(tj.QUIT_UNSAVED), answered)

    def show_badges(self) -> None:
        """The header's subtitle: database, demo data, read-only, pseudonyms on."""
        # Pseudonyms first: the header is cut at 80 columns, this badge must stay.
        badges = [texts.PSEUDO_BADGE] if self.pseudonyms.on else []
        badges.append(self.db_path.name)
        if self.store is not None and self.store.is_synthetic:
            badges.append(texts.SYNTHETIC_BADGE)
        if self.readonly:
            badges.append(texts.READONLY_BADGE)
        self.sub_title = " · ".join(badges)

    def _municipality_names(self) -> dict[str, str | None]:
        if self.store is None:
            return {}
        return dict(analysis.municipalities(self.store).select("ags", "name").iter_rows())

    @property
    def pseudonymised(self) -> bool:
        return self.pseudonyms.on

    @pseudonymised.setter
    def pseudonymised(self, on: bool) -> None:
        self.pseudonyms.switch(on)
        self.show_badges()

    @property
    def own_ags(self) -> str | None:
        return self.pseudonyms.own_ags

    @own_ags.setter
    def own_ags(self, ags: str | None) -> None:
        self.pseudonyms.set_own(ags)

    def action_command_palette(self) -> None:
        """Textual's palette with a German placeholder."""
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder=texts.PALETTE_PLACEHOLDER,
                                            id="--command-palette"))

    def action_toggle_pseudonyms(self) -> None:
        self.toggle_pseudonyms()

    def toggle_pseudonyms(self) -> None:
        """Switch on at once; switching off (real names on the projector) asks first."""
        if not self.pseudonyms.on:
            self.set_pseudonyms(True)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.set_pseudonyms(False)

        self.push_screen(ConfirmDialog(texts.PSEUDO_CONFIRM_OFF), answered)

    def set_pseudonyms(self, on: bool) -> None:
        """One state for every screen: all screens on the stack are drawn again (not only
        the one in front), and toasts that may name a member are cleared."""
        self.pseudonymised = on
        self.clear_notifications()
        for screen in self.screen_stack:
            redraw = getattr(screen, "redraw", None) or getattr(screen, "reload", None)
            if redraw is not None and screen.is_mounted:
                redraw()
        self.notify(texts.PSEUDO_ON if on else texts.PSEUDO_OFF)

    def display_name(self, ags: str, name: str | None) -> str:
        """The name to show: with pseudonyms on, every municipality but the user's own
        appears as "Kommune A, B, …" (letters fixed by key order, stable across screens)."""
        return self.pseudonyms.name(ags, name)

    def on_unmount(self) -> None:
        if self.store is not None:
            self.store.close()

    # Navigation: screens post the messages of kit.navigation, the app opens the screen.
    def open_ring(self, ring_id: int, period: str | None = None) -> None:
        self.push_screen(RingScreen(ring_id, period))

    def open_indicator(self, ring_id: int, code: str, period: str | None = None) -> None:
        self.push_screen(IndicatorScreen(ring_id, code, period))

    def open_municipality(self, ags: str, ring_id: int | None = None,
                          period: str | None = None) -> None:
        self.push_screen(MunicipalityScreen(ags, ring_id, period))

    def open_meetings(self, ring_id: int) -> None:
        self.push_screen(MeetingsScreen(ring_id))

    def on_open_ring(self, message: nav.OpenRing) -> None:
        self.open_ring(message.ring_id, message.period)

    def on_open_indicator(self, message: nav.OpenIndicator) -> None:
        self.open_indicator(message.ring_id, message.code, message.period)

    def on_open_municipality(self, message: nav.OpenMunicipality) -> None:
        self.open_municipality(message.ags, message.ring_id, message.period)

    def on_open_delivery(self, message: nav.OpenDelivery) -> None:
        self.push_screen(DeliveryScreen(message.ring_id, message.period))

    def on_open_import(self, _message: nav.OpenImport) -> None:
        self.push_screen(ImportScreen())

    def on_open_meetings(self, message: nav.OpenMeetings) -> None:
        self.open_meetings(message.ring_id)

    def on_open_agenda(self, message: nav.OpenAgenda) -> None:
        self.push_screen(AgendaScreen(message.meeting_id))

    def on_open_meeting_mode(self, message: nav.OpenMeetingMode) -> None:
        self.push_screen(MeetingModeScreen(message.meeting_id, message.item_id))

    def on_open_actions(self, message: nav.OpenActions) -> None:
        self.push_screen(ActionsScreen(message.meeting_id))

    def action_back(self) -> None:
        # screen_stack[0] is Textual's default screen, [1] our home screen.
        if len(self.screen_stack) > 2:
            self.pop_screen()

    def action_help(self) -> None:
        """Show every command of the current screen with its keys, then the app's."""
        screen = self.screen
        self.push_screen(HelpScreen(keys.screen_help(screen), getattr(screen, "HELP_TEXT", "")))

    def get_key_display(self, binding: Binding) -> str:
        """Key names in the German UI's style (Strg+Q, Esc, Bild↓), as in help and README."""
        return keys.key_name(binding.key.split(",")[0])
