"""Commands of the ring screen and of its delivery status."""

from __future__ import annotations

from tui.kit.texts.commands.command import Command
from tui.kit.texts.commands.data import PERIODS, Note


# --- ring --------------------------------------------------------------------------------------
class Drill(Command):
    KEYS, ACTION, LABEL = "enter", "drill", "Öffnen"
    HELP = "Kennzahl im Ring öffnen (auf dem Namen: das Profil der Kommune)"
    PALETTE = False


class SortRing(Command):
    KEYS, ACTION, LABEL = "s", "sort", "Sortieren"
    HELP = "sortieren: Name → Wert → Abweichung der gewählten Kennzahl"


class OpenProfile(Command):
    KEYS, ACTION, LABEL, HELP = "o", "open_profile", "Kommune", "Profil der Kommune öffnen"


class OpenMeetings(Command):
    KEYS, ACTION, LABEL, HELP = "m", "meetings", "Treffen", "Ringtreffen des Rings"


class OpenDelivery(Command):
    KEYS, ACTION, LABEL = "d", "delivery", "Lieferstand"
    HELP = "Lieferstand des laufenden Quartals, Erhebungsbögen und Ringbericht"


class JumpColumn(Command):
    KEYS, ACTION, LABEL = "c", "jump_column", "Spalte…"
    HELP = "zu einer Spalte springen (Code oder Teil des Namens)"


class ColumnLeft(Command):
    KEYS, ACTION, LABEL, SHOW = "less_than_sign", "move_column(-1)", "Spalte nach links", False
    HELP = "gewählte Spalte nach links (Reihenfolge des Rings, für alle gespeichert)"


class ColumnRight(Command):
    KEYS, ACTION, LABEL, SHOW = "greater_than_sign", "move_column(1)", "Spalte nach rechts", False
    HELP = "gewählte Spalte nach rechts (Reihenfolge des Rings, für alle gespeichert)"


RING = [Drill, *PERIODS, SortRing, OpenProfile, Note, OpenMeetings, OpenDelivery, JumpColumn,
        ColumnLeft, ColumnRight]


# --- delivery status -------------------------------------------------------------------------
class DeliveryIndicator(Command):
    KEYS, ACTION, LABEL, SHOW = "enter", "open_indicator", "Öffnen", False
    HELP = "Kennzahl im Ring öffnen"
    PALETTE = False


class ImportReturned(Command):
    KEYS, ACTION, LABEL, HELP = "i", "import", "Import", "zurückgekommene Bögen importieren"


class WriteTemplates(Command):
    KEYS, ACTION, LABEL = "t", "templates", "Bögen"
    HELP = "Erhebungsbögen für alle Mitglieder schreiben (in den Export-Ordner)"


class WriteReport(Command):
    KEYS, ACTION, LABEL = "b", "report", "Bericht"
    HELP = "Ringbericht schreiben (in den Export-Ordner)"


class CopyChase(Command):
    KEYS, ACTION, LABEL = "y", "copy_table", "Liste kopieren"
    HELP = "Liste der fehlenden Lieferungen kopieren (für eine E-Mail)"


DELIVERY = [*PERIODS, DeliveryIndicator, ImportReturned, WriteTemplates, WriteReport, CopyChase]
