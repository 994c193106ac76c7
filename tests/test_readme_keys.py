"""README's key tables agree with the commands the screens declare (kit/texts/commands/):
every key README names for a screen exists there, and every key a screen shows in its key
bar is named in README."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from screens.agenda import AgendaScreen
from screens.delivery import DeliveryScreen
from screens.home import HomeScreen
from screens.import_ import ImportScreen
from screens.indicator import IndicatorScreen
from screens.meeting_actions import ActionsScreen
from screens.meeting_mode import MeetingModeScreen
from screens.meetings import MeetingsScreen
from screens.municipality import MunicipalityScreen
from screens.ring import RingScreen
from tui.kit.base import DataScreen
from tui.kit.keys import commands_of, key_name, keys_of
from tui.kit.texts.commands import APP, NAVIGATION

README = Path(__file__).resolve().parent.parent / "README.md"
SCREENS = {
    "Home": HomeScreen, "Ring": RingScreen, "Delivery status": DeliveryScreen,
    "Indicator in a ring": IndicatorScreen, "Municipality profile": MunicipalityScreen,
    "Meetings": MeetingsScreen, "Agenda": AgendaScreen, "Meeting mode": MeetingModeScreen,
    "Action items": ActionsScreen, "Import": ImportScreen,
}


def readme_rows() -> dict[str, str]:
    """Screen name → the keys column of its row in README's key tables."""
    rows = {}
    for line in README.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0] in SCREENS:
            rows[cells[0]] = cells[2]
    return rows


def backticked(text: str) -> set[str]:
    return set(re.findall(r"`([^`]+)`", text))


def key_names(screen: type) -> set[str]:
    return {key_name(k) for c in [*commands_of(screen), *APP, *NAVIGATION] for k in keys_of(c)}


def test_every_screen_has_a_row() -> None:
    assert set(readme_rows()) == set(SCREENS)


@pytest.mark.parametrize("name", sorted(SCREENS))
def test_keys_in_readme_exist_on_the_screen(name: str) -> None:
    named = backticked(readme_rows()[name])
    assert named, name
    assert named <= key_names(SCREENS[name]), f"{name}: {named - key_names(SCREENS[name])}"


@pytest.mark.parametrize("name", sorted(SCREENS))
def test_main_keys_of_the_screen_are_in_readme(name: str) -> None:
    screen = SCREENS[name]
    shown = {key_name(keys_of(c)[0]) for c in screen.__dict__["COMMAND_LIST"] if c.SHOW}
    assert shown <= backticked(readme_rows()[name]), f"{name}: {shown - backticked(readme_rows()[name])}"


def test_keys_of_every_data_screen_and_the_app_are_in_readme() -> None:
    text = README.read_text(encoding="utf-8")
    intro = text[text.index("## Screens and keys"):text.index("| screen |")]
    every = text[text.index("On every data screen"):text.index("Marks in tables")]
    for command in DataScreen.__dict__["COMMAND_LIST"]:
        if command.LABEL in ("Kopieren", "Export", "Pseudonym"):
            assert {key_name(k) for k in keys_of(command)} <= backticked(every), command
    for command in APP:
        assert key_name(keys_of(command)[0]) in backticked(intro), command
    named = {k for k in backticked(intro) if "/" not in k}  # not the path of the commands file
    assert named <= key_names(DataScreen) | {"h j k l"}
