"""Commands declared once: the key bar, the help and the palette come from the same list."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandList

from screens.help import HelpScreen
from screens.ring import RingScreen
from tests.screens.helpers import settle, wait_until
from tests.screens.test_ring import open_rural_ring
from tui.app import RingvergleichApp
from tui.kit import keys
from tui.kit.texts import commands
from tui.kit.widgets.keybar import KeyBar


def test_key_names_follow_the_german_ui() -> None:
    assert [keys.key_name(k) for k in ("ctrl+q", "escape", "pagedown", "pageup", "f2",
                                       "shift+up", "delete", "space", "left_square_bracket",
                                       "question_mark", "plus", "K", "a")] == [
        "Strg+Q", "Esc", "Bild↓", "Bild↑", "F2", "Umschalt+↑", "Entf", "Leertaste", "[",
        "?", "+", "K", "a"]


def test_bindings_carry_priority_only_on_the_main_keys() -> None:
    (notes, also) = keys.bindings([commands.EditNotes])
    assert (notes.key, notes.priority, notes.show) == ("f2", True, True)
    assert (also.key, also.priority, also.show) == ("e", False, False)  # text while typing


async def test_at_80_columns_every_key_of_the_screen_stays_in_the_key_bar(sample_db: Path) -> None:
    """Labels give way (longest first) before any key is cut off: `m` Treffen included."""
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_rural_ring(pilot)
        bar = str(screen.query_one(KeyBar).render())
        assert len(bar) <= 80
        for command in [*commands.RING, *commands.APP]:
            if command.SHOW:
                assert f" {keys.key_name(keys.keys_of(command)[0])} " in bar, command
        assert "Hilfe" in bar  # the short labels that fit keep their word


async def test_key_bar_and_help_come_from_the_commands(sample_db: Path) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(200, 40)) as pilot:
        screen = await open_rural_ring(pilot)
        bar = str(screen.query_one(KeyBar).render())
        for command in commands.RING:
            if command.SHOW:
                assert f" {keys.key_name(keys.keys_of(command)[0])} " in bar, command
                assert command.LABEL in bar
        assert "Strg+Q" in bar and "^q" not in bar
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        lines = {label: (key, help_) for key, label, help_ in app.screen.lines}
        assert lines["Sortieren"] == ("s", commands.SortRing.HELP)
        assert lines["Export"][0] == "e / x"
        assert lines["Hilfe"][0] == "F1 / ?"
        assert lines["bewegen"][0] == "↑ ↓ ← →"  # navigation, handled by the tables


async def test_palette_runs_a_command_of_the_screen(sample_db: Path) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_rural_ring(pilot)
        assert isinstance(screen, RingScreen) and screen.period == "2026-Q2"
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"Quartal zur")
        options = app.screen.query_one(CommandList)

        def found() -> bool:
            index = options.highlighted
            return index is not None and "Quartal zurück ([)" in str(
                options.get_option_at_index(index).prompt)

        await wait_until(pilot, found)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen and screen.period == "2026-Q1"
