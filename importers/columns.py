"""Header words: how German office files name their columns, and which role each column plays."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_PARENS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_FOOTNOTE_MARK = re.compile(r"(\s*\d\))+$|[*¹²³⁴⁵⁶⁷⁸⁹⁰]+$")
_NOT_WORD = re.compile(r"[^0-9a-z]+")
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "é": "e"})


def strip_control(text: str) -> str:
    """Remove C0/C1 control characters (tab and newline too: cells are one line)."""
    return _CONTROL.sub("", text)


def fold(text: str) -> str:
    """Case- and umlaut-insensitive form, punctuation turned into single spaces."""
    text = text.casefold().translate(_UMLAUTS)
    return " ".join(_NOT_WORD.sub(" ", text).split())


def norm_header(text: str | None) -> str:
    """A header cell reduced for alias matching: no units in brackets, no footnote marks."""
    if not text:
        return ""
    text = _FOOTNOTE_MARK.sub("", _PARENS.sub(" ", text.strip()))
    return fold(text)


def _aliases(*words: str) -> frozenset[str]:
    return frozenset(fold(w) for w in words)


# Figures files.
AGS = _aliases(
    "AGS", "Regionalschlüssel", "RS", "Schlüssel", "Kreisschlüssel", "Kreiskennziffer",
    "Kennziffer", "Gemeindeschlüssel", "amtlicher Gemeindeschlüssel", "Gebietsschlüssel",
    "Kreis-Nr", "Kreisnummer", "Kreis Nr.", "KRS", "regional key", "ags code", "Schlüsselnummer",
)
NAME = _aliases(
    "Name", "Kommune", "Gebiet", "Gebietseinheit", "Region", "Kreis", "Kreis/kreisfreie Stadt",
    "Kreise und kreisfreie Städte", "Landkreis", "Jobcenter", "JC", "municipality", "Kreisname",
    "Bezeichnung", "Regionsname", "Gebietsname", "Träger (Name)", "Name der Kommune",
)
INDICATOR = _aliases(
    "Kennzahl", "Indikator", "indicator", "Kennzahl-Code", "Code", "KZ", "Merkmal",
    "indicator_code", "Kennzahlcode", "Kürzel", "Kennzahl (Code)",
)
PERIOD = _aliases(
    "Periode", "Zeitraum", "Quartal", "Monat", "Berichtsmonat", "Berichtsquartal", "period",
    "Zeit", "Jahr/Quartal", "Jahr/Monat", "Berichtszeitraum", "Stichtag", "Datum",
)
VALUE = _aliases("Wert", "value", "Kennzahlwert", "Ergebnis", "Wert in %", "Quote", "Anteil")
NUMERATOR = _aliases("Zähler", "numerator", "Zaehler")
DENOMINATOR = _aliases("Nenner", "denominator")
STATUS = _aliases("Status", "Kennzeichen", "Kennung", "flag", "Statuskennzeichen")

# Columns that describe a municipality but carry no figure: ignored in figure files.
INFO = _aliases(
    "Bundesland", "Land", "state", "Vergleichstyp", "Typ", "Trägerform", "Träger", "carrier",
    "kind", "Art", "Gebietsart", "Kreistyp", "Modell", "Trägermodell", "Bemerkung", "Hinweis",
    "Anmerkung", "Quelle", "lfd. Nr.", "Nr", "Nr.", "laufende Nummer",
)

# Master data files.
CARRIER = _aliases("Träger", "Trägerform", "Trägermodell", "Modell", "carrier",
                   "Organisationsform", "Form der Aufgabenwahrnehmung")
KIND = _aliases("Art", "Gebietsart", "Kreistyp", "kind", "Gebietstyp", "Verwaltungsform")
STATE = _aliases("Bundesland", "Land", "state")
COMPARISON_TYPE = _aliases("Vergleichstyp", "Typ", "comparison_type", "Vergleichstyp SGB II",
                           "VT")
POPULATION = _aliases("Einwohner", "Bevölkerung", "population", "Einwohnerzahl")
AREA = _aliases("Fläche", "Fläche km²", "Fläche in km²", "area", "area_km2", "Fläche km2")
SETTLEMENT = _aliases("Siedlungsstruktur", "Raumtyp", "settlement", "Siedlungstyp")
RING = _aliases("Ring", "Vergleichsring", "Ringname", "Name des Rings", "ring")
DESCRIPTION = _aliases("Beschreibung", "description", "Ringbeschreibung", "Definition")
SINCE = _aliases("seit", "Mitglied seit", "ab", "von", "Beginn", "Eintritt", "since", "from",
                 "Mitgliedschaft seit", "gültig ab")
UNTIL = _aliases("bis", "Mitglied bis", "Ende", "Austritt", "until", "to", "gültig bis",
                 "Mitgliedschaft bis")
CODE = _aliases("Code", "Kennzahl", "Kürzel", "Kennzahl-Code", "Kennzahlcode", "KZ")
SHORT_NAME = _aliases("Kurzname", "Kurzbezeichnung", "short_name", "Kurztitel")
UNIT = _aliases("Einheit", "unit", "Maßeinheit")
DIRECTION = _aliases("Richtung", "direction", "Polarität", "Wirkrichtung", "Zielrichtung")
INDICATOR_KIND = _aliases("Art", "Typ", "kind", "Kategorie", "Kennzahlart")
GOAL = _aliases("Ziel", "goal", "Zielbereich")
READING = _aliases("Lesart", "Lesehilfe", "Interpretation", "reading")
AGGREGATION = _aliases("Aggregation", "Verdichtung", "aggregation", "Quartalswert")
MIN_VALUE = _aliases("min", "Minimum", "Untergrenze", "min_value", "plausibel ab")
MAX_VALUE = _aliases("max", "Maximum", "Obergrenze", "max_value", "plausibel bis")
DECIMALS = _aliases("Nachkommastellen", "Dezimalstellen", "decimals")
INDICATOR_NAME = _aliases("Name", "Bezeichnung", "Kennzahlname", "Titel")


def find(headers: list[str], aliases: frozenset[str], taken: set[int] | None = None) -> int | None:
    """Index of the first header whose normalised text is one of `aliases`."""
    for index, header in enumerate(headers):
        if (taken is None or index not in taken) and norm_header(header) in aliases:
            return index
    return None


def assign(headers: list[str], roles: dict[str, frozenset[str]]) -> dict[str, int]:
    """Give each role (in the order given) the first free column that matches it."""
    taken: set[int] = set()
    found: dict[str, int] = {}
    for role, aliases in roles.items():
        index = find(headers, aliases, taken)
        if index is not None:
            found[role] = index
            taken.add(index)
    return found
