"""The app-wide pseudonym state: stable letters, own municipality, classes, scrubbing."""

from __future__ import annotations

from tui.kit.pseudonyms import Pseudonyms, density_class, size_class

REAL = {"001": "Kreis Ahrwiesen", "002": "Landkreis Hollerbach", "003": "Stadt Ahr"}


def state(own: str | None = None) -> Pseudonyms:
    pseudonyms = Pseudonyms(lambda: dict(REAL), own)
    pseudonyms.switch(True)
    return pseudonyms


def test_letters_by_key_and_own_kept() -> None:
    p = state(own="002")
    assert [p.name(a, n) for a, n in REAL.items()] == [
        "Kommune A", "Landkreis Hollerbach", "Kommune C"]
    p.switch(False)
    assert p.name("001", "Kreis Ahrwiesen") == "Kreis Ahrwiesen"


def test_generation_changes_with_every_switch() -> None:
    p = state()
    before = p.generation
    p.switch(True)  # no change, no new generation
    assert p.generation == before
    p.switch(False)
    assert p.generation == before + 1


def test_sizes_become_classes_only_while_hidden() -> None:
    p = state(own="001")
    assert p.population(262_000, "002") == "250–500 Tsd." == size_class(262_000)
    assert p.population(262_000, "001") == "262.000"  # own member: exact
    assert p.context_value("EW", "Personen", 99_000, "002") == "unter 100 Tsd."
    assert p.context_value("DICHTE", "Einw./km²", 180.0, "002") == density_class(180) == "150–300"
    assert p.context_value("ELB", "Personen", 12_345, "002") == "…"
    assert p.context_value("K2", "%", 22.5, "002") is None  # a rate says nothing of size
    p.switch(False)
    assert p.context_value("EW", "Personen", 99_000, "002") is None


def test_scrub_replaces_real_names_longest_first() -> None:
    p = state()
    text = "Kreis Ahrwiesen und Stadt Ahr; Landkreis Hollerbach fragt"
    assert p.scrub(text) == "Kommune A und Kommune C; Kommune B fragt"
    assert p.scrub("\x1b]52;c;x\x07Kreis Ahrwiesen") == "Kommune A"  # cleaned too
    p.switch(False)
    assert p.scrub(text) == text


async def test_toasts_carry_no_real_name_while_on(sample_db) -> None:
    from tests.screens.helpers import settle
    from tests.screens.test_meetings import messages
    from tui.app import RingvergleichApp

    app = RingvergleichApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.set_pseudonyms(True)
        app.screen.notify("Import: Kreis Ahrwiesen hat geliefert")
        await pilot.pause()
        assert not any("Kreis Ahrwiesen" in m for m in messages(app))
        assert any("Kommune " in m and "hat geliefert" in m for m in messages(app))


def test_bare_place_names_are_hidden_without_a_letter() -> None:
    from tui.kit.pseudonyms import name_core

    assert name_core("Landkreis Immenau") == "Immenau"
    assert name_core("Düren, Kreis") == "Düren"
    assert name_core("Stadt Ahr") is None  # too short to search for safely
    p = Pseudonyms(lambda: {"1": "Landkreis Immenau", "2": "Kreis Ahrwiesen"}, own_ags="2")
    p.switch(True)
    assert p.scrub("Kreishaus Immenau, Gast: Landkreis Immenau") == "Kreishaus …, Gast: Kommune A"
    assert p.scrub("Immenauer Modell") == "Immenauer Modell"  # whole words only
    assert p.scrub("Ahrwiesen lädt ein") == "Ahrwiesen lädt ein"  # the own member stays
