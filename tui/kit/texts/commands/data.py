"""Commands of every data screen: vi keys in tables, copy, export, pseudonyms, period stepping, notes."""

from __future__ import annotations

from tui.kit.texts.commands.command import Command


# --- tables (vi keys, on every screen with a table) -----------------------------------------
class Down(Command):
    KEYS, ACTION, LABEL = "j", "cursor('down')", "nach unten"
    SHOW = PALETTE = False


class Up(Command):
    KEYS, ACTION, LABEL = "k", "cursor('up')", "nach oben"
    SHOW = PALETTE = False


class Left(Command):
    KEYS, ACTION, LABEL = "h", "cursor('left')", "nach links"
    SHOW = PALETTE = False


class Right(Command):
    KEYS, ACTION, LABEL = "l", "cursor('right')", "nach rechts"
    SHOW = PALETTE = False


# --- data screens --------------------------------------------------------------------------
class CopyTable(Command):
    KEYS, ACTION, LABEL, SHOW = "y", "copy_table", "Kopieren", False
    HELP = "Tabelle als Tabulator-Text kopieren (auch über SSH)"


class Export(Command):
    KEYS, ACTION, LABEL, SHOW = "e,x", "export", "Export", False
    HELP = "Ansicht als CSV, Excel oder Markdown exportieren"


class Pseudonyms(Command):
    KEYS, ACTION, LABEL, SHOW = "a", "toggle_pseudonyms", "Pseudonym", False
    HELP = "andere Kommunen als „Kommune A, B, …“ zeigen (für die Leinwand) oder wieder mit Namen"


class PeriodBack(Command):
    KEYS, ACTION, LABEL = "left_square_bracket", "step(-1)", "Quartal zurück"


class PeriodNext(Command):
    KEYS, ACTION, LABEL = "right_square_bracket", "step(1)", "Quartal vor"


class PeriodPick(Command):
    KEYS, ACTION, LABEL = "p", "pick_period", "Quartal wählen"


class Note(Command):
    KEYS, ACTION, LABEL = "n", "note", "Anmerkung"
    HELP = "Anmerkung zum gewählten Wert schreiben"


DATA = [Down, Up, Left, Right, CopyTable, Export, Pseudonyms]
PERIODS = [PeriodBack, PeriodNext, PeriodPick]
