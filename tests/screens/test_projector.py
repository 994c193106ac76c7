"""Projector safety: with pseudonyms on, a walk ring → indicator → profile → meetings →
agenda → meeting mode shows no real name, no Land and no exact population anywhere on the
screen, and meeting mode shows every member of a ring of 12 at 80×24."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from textual.widgets import DataTable

from screens.agenda import AgendaScreen
from screens.indicator import IndicatorScreen
from screens.meeting_mode import MeetingModeScreen
from screens.meetings import MeetingsScreen
from screens.municipality import MunicipalityScreen
from screens.ring import RingScreen
from tests.screens.helpers import column_texts, settle
from tests.screens.test_ring import open_rural_ring
from tui.app import RingvergleichApp
from tui.kit import format as fmt
from tui.kit.pseudonyms import DENSITY_CLASSES, DENSITY_TOP, SIZE_CLASSES, SIZE_TOP, name_core

SIZE_LABELS = {label for _bound, label in SIZE_CLASSES} | {SIZE_TOP}
DENSITY_LABELS = {label for _bound, label in DENSITY_CLASSES} | {DENSITY_TOP}

RING = 1  # Ländliche Optionskommunen West


def twelve_members(db: Path) -> dict[str, tuple[str, int, str]]:
    """Ring 1 grown to 12 members in 2026-Q2; returns ags → (name, population, Land)."""
    with sqlite3.connect(db) as con:
        con.execute("UPDATE ring_members SET until = NULL WHERE ring_id = ?", (RING,))
        extra = con.execute("SELECT ags FROM ring_members WHERE ring_id = 3 AND ags NOT IN "
                            "(SELECT ags FROM ring_members WHERE ring_id = ?) LIMIT 1",
                            (RING,)).fetchone()[0]
        con.execute("INSERT INTO ring_members (ring_id, ags, since) VALUES (?, ?, '2015-01-01')",
                    (RING, extra))
        rows = con.execute("SELECT m.ags, m.name, m.population, m.state FROM municipalities m "
                           "JOIN ring_members r ON r.ags = m.ags WHERE r.ring_id = ?",
                           (RING,)).fetchall()
    assert len(rows) == 12
    return {ags: (name, population, state) for ags, name, population, state in rows}


def screen_text(app: RingvergleichApp) -> str:
    """Everything drawn on the terminal right now, as plain text."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def leaks(text: str, members: dict[str, tuple[str, int, str]]) -> list[str]:
    """Real names, their bare place ("Kreishaus Immenau"), exact populations and Länder."""
    found = []
    for name, population, state in members.values():
        found += [word for word in (name, fmt.number(population, 0), state) if word in text]
        core = name_core(name)
        if core and re.search(rf"(?<!\w){re.escape(core)}(?!\w)", text):
            found.append(core)
    return found


async def test_walk_with_pseudonyms_shows_no_real_name(sample_db: Path) -> None:
    members = twelve_members(sample_db)
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        ring = await open_rural_ring(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert "PSEUDONYM" in app.sub_title
        seen: dict[str, str] = {"ring": screen_text(app)}
        assert len(column_texts(ring.query_one("#matrix", DataTable), 0)) == 12
        await pilot.press("right", "right", "right", "right", "right")  # K1, the status line
        await settle(pilot)
        seen["ring detail"] = screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, IndicatorScreen)
        seen["indicator"] = screen_text(app)
        await pilot.press("2")
        await settle(pilot)
        seen["bars"] = screen_text(app)
        await pilot.press("3")
        await settle(pilot)
        seen["series"] = screen_text(app)
        await pilot.press("1", "enter")
        await settle(pilot)
        assert isinstance(app.screen, MunicipalityScreen)
        seen["profile"] = screen_text(app)
        profile = app.screen.query_one("#profile", DataTable)
        context = {str(profile.get_row_at(i)[0]): [str(c) for c in profile.get_row_at(i)]
                   for i in range(profile.row_count)}
        assert context["EW"][2] in SIZE_LABELS and context["EW"][4:6] == ["…", "…"]
        assert context["DICHTE"][2] in DENSITY_LABELS and context["ELB"][2] == "…"
        profile.move_cursor(row=profile.row_count - 1)  # the context figures at the bottom
        await settle(pilot)
        seen["profile context"] = screen_text(app)
        assert "Tsd." in seen["profile context"]
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert isinstance(app.screen, RingScreen)
        seen["ring again"] = screen_text(app)
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, MeetingsScreen)
        seen["meetings"] = screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AgendaScreen)
        seen["agenda"] = screen_text(app)
        assert "Kommune " in seen["agenda"]  # TOP 3 links a member: shown by its pseudonym
        await pilot.press("m")
        await settle(pilot)
        mode = app.screen
        assert isinstance(mode, MeetingModeScreen)
        for position in range(1, 5):
            seen[f"TOP {position}"] = screen_text(app)
            if position > 1:  # items 2–4 have figures: all twelve members on screen
                table = mode.query_one("#figures", DataTable)
                assert table.row_count == 12
                assert table.scrollable_content_region.height >= 12 and table.max_scroll_y == 0
                assert sum(f"Kommune {c}" in seen[f"TOP {position}"] for c in
                           "ABCDEFGHIJKLMNOPQRSTUVWXYZ") >= 11
            await pilot.press("pagedown")
            await settle(pilot)
        assert "PSEUDONYM" in seen["TOP 1"]
    for label, text in seen.items():
        assert not leaks(text, members), (label, leaks(text, members), text)


async def test_switching_off_asks_and_every_screen_follows(sample_db: Path) -> None:
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        ring = await open_rural_ring(pilot)
        await pilot.press("enter")  # profile of the first member
        await settle(pilot)
        await pilot.press("a")  # on in the profile …
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is ring  # … still on back on the ring screen
        names = column_texts(ring.query_one("#matrix", DataTable), 0)
        assert all(n.startswith("Kommune ") for n in names)
        await pilot.press("a", "n")  # a second a asks first; n keeps them on
        await settle(pilot)
        assert app.pseudonymised
        await pilot.press("f8", "j")  # F8 works everywhere, also in meeting screens
        await settle(pilot)
        assert not app.pseudonymised and "PSEUDONYM" not in app.sub_title
        assert "Kreis Ahrwiesen" in column_texts(ring.query_one("#matrix", DataTable), 0)


@pytest.mark.parametrize("size", [(60, 20), (80, 24)])
async def test_meeting_mode_small_terminals(sample_db: Path, size) -> None:
    twelve_members(sample_db)
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        app.push_screen(MeetingModeScreen(4))
        await settle(pilot)
        for key in ("pagedown", "g", "pagedown", "f2", "escape", "g", "pagedown"):
            await pilot.press(key)
            await settle(pilot)
        assert isinstance(app.screen, MeetingModeScreen)
        assert app.screen.query_one("#figures", DataTable).row_count == 12


async def test_meeting_export_with_pseudonyms_names_no_member(sample_db: Path) -> None:
    with sqlite3.connect(sample_db) as con:
        names = [r[0] for r in con.execute(
            "SELECT m.name FROM municipalities m JOIN ring_members r ON r.ags = m.ags"
            " WHERE r.ring_id = ?", (RING,))]
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_meetings(RING)
        await settle(pilot)
        await pilot.press("f8")  # on from a meeting screen, where a adds
        await settle(pilot)
        await pilot.press("down", "x", "p")  # the held meeting 3: minutes with figures
        await settle(pilot)
        minutes = app.last_export.read_text(encoding="utf-8")
    assert "Kommune " in minutes and "Zahlen wie besprochen" in minutes
    assert not [name for name in names if name in minutes]
    assert "Kreishaus Immenau" not in minutes and "Kreishaus …" in minutes


async def test_size_figures_become_classes_on_the_indicator_screen_and_in_exports(
        sample_db: Path) -> None:
    import polars as pl

    from tui.kit.widgets.charts import RingBarChart

    members = twelve_members(sample_db)
    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f8")
        await settle(pilot)
        app.open_indicator(RING, "EW")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, IndicatorScreen)
        table = screen.query_one("#positions", DataTable)
        values = column_texts(table, 1)
        assert values and set(values) <= SIZE_LABELS
        assert not leaks(screen_text(app), members)
        assert screen.query_one(RingBarChart).bars == 0  # bars would tell members apart
        _title, frame = screen.export_frame()
        assert frame["Wert"].null_count() == frame.height
        assert frame.select(pl.exclude("Kommune", "Status")).null_count().row(0) == tuple(
            [frame.height] * (frame.width - 2))
        app.open_ring(RING)
        await settle(pilot)
        _title, ring_frame = app.screen.export_frame()
        assert "AGS" not in ring_frame.columns
        assert set(ring_frame["Einwohner"]) <= SIZE_LABELS  # classes, never the exact figure
        assert not {name for name, _p, _s in members.values()} & set(ring_frame["Kommune"])
