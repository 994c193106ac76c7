"""Command palette: jump to a municipality, a ring or an indicator by typing part of its name."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandList

from screens.indicator import IndicatorScreen
from screens.municipality import MunicipalityScreen
from screens.ring import RingScreen
from tests.screens.helpers import settle, wait_until
from tui.app import RingvergleichApp


async def jump(pilot, text: str) -> None:
    await pilot.press("ctrl+p")
    await settle(pilot)
    await pilot.press(*text)
    # The palette searches in a task of its own: wait until a hit for the text is highlighted.
    options = pilot.app.screen.query_one(CommandList)

    def found() -> bool:
        index = options.highlighted
        return index is not None and text in str(options.get_option_at_index(index).prompt)

    await wait_until(pilot, found)
    await pilot.press("enter")
    await settle(pilot)


async def test_jump_to_municipality_ring_and_indicator(sample_db: Path) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await jump(pilot, "Lindenweiler")
        assert isinstance(app.screen, MunicipalityScreen) and app.screen.ags == "90709"
        await jump(pilot, "Großstädte")
        assert isinstance(app.screen, RingScreen) and app.screen.ring_id == 2
        await jump(pilot, "Sanktionsquote")
        assert isinstance(app.screen, IndicatorScreen)
        assert (app.screen.ring_id, app.screen.code) == (2, "SANQ")


async def test_names_with_markup_are_searched_literally(sample_db: Path) -> None:
    import sqlite3

    with sqlite3.connect(sample_db) as conn:
        conn.execute("UPDATE rings SET name = 'Ring [/b] Test' WHERE id = 3")
        conn.execute("UPDATE municipalities SET name = 'Stadt Fehler [/]' WHERE ags = '90501'")
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")  # discovery lists the rings, one with a stray tag
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await jump(pilot, "Fehler")
        assert isinstance(app.screen, MunicipalityScreen) and app.screen.ags == "90501"
        await jump(pilot, "Ring [/b")
        assert isinstance(app.screen, RingScreen) and app.screen.ring_id == 3


async def test_palette_speaks_german_and_hides_real_names_with_pseudonyms(sample_db: Path) -> None:
    from textual.command import CommandInput, CommandPalette

    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f8", "ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        field = app.screen.query_one(CommandInput)
        assert field.placeholder == "Ring, Kommune oder Kennzahl suchen …"
        await pilot.press(*"Kommune")
        await pilot.pause(0.4)
        shown = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
        assert "Kommune: Kommune " in shown and "Kreis Ahrwiesen" not in shown
        assert "90501" not in shown  # the key would say who it is
