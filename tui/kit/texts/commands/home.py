"""Commands of the home screen and of the import screen."""

from __future__ import annotations

from tui.kit.texts.commands.command import Command


# --- home ------------------------------------------------------------------------------------
class OpenRing(Command):
    KEYS, ACTION, LABEL, HELP = "enter", "open_ring", "Öffnen", "gewählten Ring öffnen"
    PALETTE = False


class OpenImport(Command):
    KEYS, ACTION, LABEL, HELP = "i", "open_import", "Import", "Dateien importieren"


HOME = [OpenRing, OpenImport]


# --- import ------------------------------------------------------------------------------------
class ImportFile(Command):
    KEYS, ACTION, LABEL = "f2", "import_file", "Importieren"
    HELP = "geprüfte Datei importieren"


class PickFile(Command):
    KEYS, ACTION, LABEL = "f3", "pick_file", "Datei wählen"
    HELP = "Datei aus dem Verzeichnis wählen"


class CheckFile(Command):
    KEYS, ACTION, LABEL = "f5", "check_file", "Prüfen"
    HELP = "Datei prüfen und Vorschau zeigen (auch Enter im Pfad)"


IMPORT = [ImportFile, PickFile, CheckFile]
