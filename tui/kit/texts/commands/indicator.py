"""Commands of the indicator-in-a-ring screen and of the municipality profile."""

from __future__ import annotations

from tui.kit.texts.commands.command import Command
from tui.kit.texts.commands.data import PERIODS, Note


# --- indicator in a ring -----------------------------------------------------------------------
class IndicatorProfile(Command):
    KEYS, ACTION, LABEL, HELP = "enter", "open_profile", "Kommune", "Profil der Kommune öffnen"
    PALETTE = False


class Reference(Command):
    KEYS, ACTION, LABEL = "g", "reference", "Vergleichsgruppe"
    HELP = "Vergleichsgruppe: Ring → alle zkT → alle gE → eigener Vergleichstyp → alle"


class Facts(Command):
    KEYS, ACTION, LABEL, HELP = "f", "facts", "Steckbrief", "Steckbrief der Kennzahl"


class NextView(Command):
    KEYS, ACTION, LABEL, HELP = "t", "next_tab", "Ansicht", "nächste Ansicht"


class TableView(Command):
    KEYS, ACTION, LABEL, SHOW = "1", "tab('table')", "Tabelle", False


class BarsView(Command):
    KEYS, ACTION, LABEL, SHOW = "2", "tab('bars')", "Balken", False


class SeriesView(Command):
    KEYS, ACTION, LABEL, SHOW = "3", "tab('series')", "Verlauf", False


class ExpectedView(Command):
    KEYS, ACTION, LABEL, SHOW = "4", "tab('expected')", "Erwartung", False
    HELP = "was die Rahmenbedingungen erwarten lassen (Erwartungswert, Residuum)"


class ModelVariables(Command):
    KEYS, ACTION, LABEL, SHOW = "v", "variables", "Modellvariablen", False
    HELP = "Modellvariablen des Rings für die Erwartungswerte wählen (gilt für alle)"


class TimeRange(Command):
    KEYS, ACTION, LABEL, HELP = "r", "range", "Zeitraum", "Zeitraum des Verlaufs"


class SortIndicator(Command):
    KEYS, ACTION, LABEL, SHOW = "s", "sort", "Sortieren", False
    HELP = "Tabelle nach Wert oder Name sortieren"


INDICATOR = [IndicatorProfile, *PERIODS, Reference, Facts, NextView, TableView, BarsView,
             SeriesView, ExpectedView, ModelVariables, TimeRange, SortIndicator, Note]


# --- municipality profile ----------------------------------------------------------------------
class ProfileIndicator(Command):
    KEYS, ACTION, LABEL, HELP = "enter", "open_indicator", "Öffnen", "Kennzahl im Ring öffnen"
    PALETTE = False


class FiguresView(Command):
    KEYS, ACTION, LABEL, SHOW = "1", "tab('figures')", "Kennzahlen", False


class ChartView(Command):
    KEYS, ACTION, LABEL, SHOW = "2", "tab('chart')", "Grafik", False


class MoreView(Command):
    KEYS, ACTION, LABEL, SHOW = "3", "tab('more')", "Praxis & Notizen", False


class OwnMunicipality(Command):
    KEYS, ACTION, LABEL, SHOW = "u", "own", "Eigene Kommune", False
    HELP = "als eigene Kommune festlegen (bleibt beim Pseudonymisieren sichtbar)"


MUNICIPALITY = [ProfileIndicator, *PERIODS, NextView, FiguresView, ChartView, MoreView,
                ExpectedView, Note, OwnMunicipality]
