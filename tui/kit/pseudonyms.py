"""The app-wide pseudonym state: one switch for every screen, stable letters, size classes.

The app owns the one `Pseudonyms` (kit.host.Host.pseudonyms); screens, exports and toasts read it."""

from __future__ import annotations

import re
from collections.abc import Callable

from tui.kit import format as fmt
from tui.kit import texts

# Upper bounds (exclusive) of the population classes shown instead of exact figures; their
# German labels live in kit.texts.
SIZE_CLASSES = tuple(zip((100_000, 250_000, 500_000, 1_000_000), texts.SIZE_CLASS_LABELS,
                         strict=True))
SIZE_TOP = texts.SIZE_CLASS_TOP
DENSITY_CLASSES = tuple(zip((150, 300, 1000), texts.DENSITY_CLASS_LABELS, strict=True))
DENSITY_TOP = texts.DENSITY_CLASS_TOP
# Context figures whose exact value gives a member away (its size): shown as classes.
COUNT_UNITS = ("Personen", "Anzahl")
DENSITY_UNIT = "Einw./km²"
POPULATION = "EW"
HIDDEN = "…"
KIND_WORDS = texts.MUNICIPALITY_KIND_WORDS


def name_core(name: str | None) -> str | None:
    """The place in a municipality's name: 'Landkreis Immenau' → 'Immenau', 'Düren, Kreis'
    → 'Düren'; None when too short to search for safely."""
    words = (name or "").split(",")[0].split()
    while words and words[0] in KIND_WORDS:
        words = words[1:]
    core = " ".join(words)
    return core if len(core) >= 4 else None


def size_class(population: float | None) -> str:
    """262000 → '250–500 Tsd.'; None → '–'."""
    if population is None:
        return "–"
    for bound, label in SIZE_CLASSES:
        if population < bound:
            return label
    return SIZE_TOP


def density_class(density: float | None) -> str:
    if density is None:
        return "–"
    for bound, label in DENSITY_CLASSES:
        if density < bound:
            return label
    return DENSITY_TOP


def identifying(unit: str | None) -> bool:
    """Does a figure in this unit say how large a member is (and so which one it is)?"""
    return unit in COUNT_UNITS or unit == DENSITY_UNIT


class Pseudonyms:
    """Owned by the app, read by every screen, export and notification.

    While on, every municipality but the user's own appears as "Kommune A, B, …" (letters
    fixed by key order, stable for the session), and figures that give a member's size away
    appear as classes. `generation` changes with every switch, so a screen coming back to the
    front can tell that it must redraw."""

    def __init__(self, municipalities: Callable[[], dict[str, str | None]],
                 own_ags: str | None = None) -> None:
        # Every municipality (AGS → real name), read again when an unknown key turns up.
        self._municipalities = municipalities
        self._real: dict[str, str | None] = {}
        self.own_ags = own_ags
        self.on = False
        self.generation = 0
        self._names: dict[str, str] = {}

    def switch(self, on: bool) -> None:
        if on != self.on:
            self.on = on
            self.generation += 1
            if on:
                self._real = self._municipalities()

    def set_own(self, ags: str | None) -> None:
        self.own_ags = ags
        self.generation += 1

    def hides(self, ags: str | None) -> bool:
        return self.on and ags != self.own_ags

    def name(self, ags: str, real: str | None) -> str:
        if not self.hides(ags):
            return fmt.clean(real or ags)
        if ags not in self._names:
            # Letters already shown keep theirs; municipalities imported meanwhile get the next.
            self._real = self._municipalities()
            fmt.extend_pseudonyms(self._names, sorted(self._real), texts.PSEUDONYM)
        return self._names.get(ags, texts.PSEUDONYM.format(letter="?"))

    def scrub(self, text: str | None, real: dict[str, str | None] | None = None) -> str:
        """Free text (a title, a note, an owner) may name a member: while on, every real
        name (of `real`, ags → name, else of every municipality) is replaced by its
        pseudonym, longest first. A name shortened by hand ("Ahrwiesen") is not found."""
        text = fmt.clean(text or "")
        if not self.on or not text:
            return text
        real = self._real if real is None else real
        hidden = [(ags, name) for ags, name in real.items() if name and self.hides(ags)]
        for ags, name in sorted(hidden, key=lambda item: -len(item[1] or "")):
            text = text.replace(name, self.name(ags, name))
        # The bare place name ("Kreishaus Immenau", "Ahrwiesen berichtet") would still tell
        # who is meant; it is hidden without a letter (a letter would map it to its values).
        for core in sorted({c for _a, n in hidden if (c := name_core(n))}, key=len,
                           reverse=True):
            text = re.sub(rf"(?<!\w){re.escape(core)}(?!\w)", HIDDEN, text)
        return text

    def population(self, value: float | None, ags: str | None = None) -> str:
        """The population as shown: exact, or its size class while names are hidden."""
        if self.hides(ags):
            return size_class(value)
        return fmt.number(value, 0)

    def context_value(self, code: str, unit: str | None, value: float | None,
                      ags: str | None = None) -> str | None:
        """What to show instead of a figure that gives a member's size away while its name
        is hidden: population as a size class, density as a class, other counts hidden.
        None means the figure is shown as it is."""
        if not self.hides(ags) or value is None or not identifying(unit):
            return None
        if code == POPULATION:
            return size_class(value)
        if unit == DENSITY_UNIT:
            return density_class(value)
        return HIDDEN
