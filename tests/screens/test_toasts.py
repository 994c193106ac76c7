"""Toasts belong to the screen they spoke about, and take one or two lines at 80×24."""

from __future__ import annotations

from pathlib import Path

from textual.widgets._toast import Toast

from screens.indicator import IndicatorScreen
from screens.municipality import MunicipalityScreen
from tests.screens.helpers import settle
from tests.screens.test_ring import open_rural_ring
from tui.app import RingvergleichApp
from tui.kit.widgets.dialogs import PeriodPicker


def messages(app: RingvergleichApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_a_toast_goes_away_on_screen_change_but_not_under_a_dialog(sample_db: Path) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        ring = await open_rural_ring(pilot)
        await pilot.press("right")  # an indicator column: copying says so in a toast
        await pilot.press("y")
        await settle(pilot)
        assert messages(app)
        await pilot.press("p")  # a dialog on top keeps the toast …
        await settle(pilot)
        assert isinstance(app.screen, PeriodPicker) and messages(app)
        await pilot.press("escape")  # … and so does closing it
        await settle(pilot)
        assert app.screen is ring and messages(app)
        await pilot.press("enter")  # another screen (indicator or profile) starts without it
        await settle(pilot)
        assert isinstance(app.screen, (IndicatorScreen, MunicipalityScreen))
        assert messages(app) == []
        app.screen.notify("Zurück auf dem Ring sieht man diese Meldung nicht mehr")
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is ring and messages(app) == []


async def test_a_long_toast_takes_at_most_two_lines_at_80_columns(sample_db: Path) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        ring = await open_rural_ring(pilot)
        text = "Export gespeichert: /home/anwender/.local/share/ringvergleich/export/ring-1.csv"
        ring.notify(text, timeout=30)
        await settle(pilot)
        [toast] = app.screen.query(Toast)
        assert toast.region.width > 40  # wider than Textual's default half of the screen
        assert 1 <= toast.region.height <= 2, toast.region  # padding 0 1: lines = height
