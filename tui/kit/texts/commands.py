"""Every command a user can give, declared once: key(s), action, label and help (German).

Bindings, the key bar, the F1 help, the Ctrl+P palette and the hint lines are generated from
these classes (`kit.keys`); README's key tables are checked against them by a test. A screen
lists its commands in `COMMAND_LIST`; commands of base screens and of the app apply as well.
Key names are Textual's (`left_square_bracket`, `pagedown`, …); `kit.keys.key_name` shows them
in the German UI's style (`[`, `Bild↓`, `Strg+Q`, `Esc`).
"""

from __future__ import annotations


class Command:
    """One thing a user can do. KEYS (comma-separated, the first shown in the key bar) act
    with PRIORITY, i.e. also while an editor has focus; ALSO are further keys that never
    take priority (letters, which are text while typing)."""

    KEYS: str = ""
    ALSO: str = ""
    ACTION: str = ""
    LABEL: str = ""  # key bar and help, a word or two
    HELP: str = ""  # help and palette; the label when empty
    SHOW: bool = True  # in the key bar
    PALETTE: bool = True  # offered in Ctrl+P
    PRIORITY: bool = False

    @classmethod
    def description(cls) -> str:
        return cls.HELP or cls.LABEL


# --- everywhere (the app) ----------------------------------------------------------------
class Quit(Command):
    KEYS, ACTION, LABEL, PRIORITY = "ctrl+q", "quit", "Beenden", True
    HELP = "Programm beenden (fragt, solange ein Text nicht gespeichert ist)"


class Help(Command):
    KEYS, ALSO, ACTION, LABEL = "f1", "question_mark", "help", "Hilfe"
    HELP = "alle Tasten dieser Ansicht"
    PALETTE = False


class Back(Command):
    KEYS, ACTION, LABEL = "escape", "back", "Zurück"
    HELP = "zurück zur vorigen Ansicht"
    PALETTE = False


class Search(Command):
    KEYS, ACTION, LABEL, PRIORITY = "ctrl+p", "command_palette", "Suchen", True
    HELP = "Ring, Kommune, Kennzahl oder Befehl suchen"
    SHOW = PALETTE = False


class Navigate(Command):
    """Keys the tables and editors handle themselves: listed in the help, never bound."""

    SHOW = PALETTE = False


class Move(Navigate):
    KEYS, LABEL = "up,down,left,right", "bewegen"


class Page(Navigate):
    KEYS, LABEL = "pageup,pagedown,home,end", "seitenweise, an den Anfang oder das Ende"


class Select(Navigate):
    KEYS, LABEL = "enter", "auswählen, tiefer gehen"


class NextField(Navigate):
    KEYS, LABEL = "tab,shift+tab", "nächstes oder voriges Feld"


class PseudonymsEverywhere(Command):
    KEYS, ACTION, LABEL = "f8", "toggle_pseudonyms", "Pseudonyme an/aus"
    HELP = ("andere Kommunen als „Kommune A, B, …“ zeigen, auf jedem Bildschirm (auch in den "
            "Treffen, wo a hinzufügt); ausschalten fragt nach")
    SHOW = False


APP = [Quit, Help, Back, Search, PseudonymsEverywhere]
NAVIGATION = [Move, Page, Select, NextField]


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


# --- home ------------------------------------------------------------------------------------
class OpenRing(Command):
    KEYS, ACTION, LABEL, HELP = "enter", "open_ring", "Öffnen", "gewählten Ring öffnen"
    PALETTE = False


class OpenImport(Command):
    KEYS, ACTION, LABEL, HELP = "i", "open_import", "Import", "Dateien importieren"


HOME = [OpenRing, OpenImport]


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


# --- meetings ------------------------------------------------------------------------------------
class MeetingDown(Command):
    KEYS, ACTION, LABEL = "j", "cursor('down')", "nach unten"
    SHOW = PALETTE = False


class MeetingUp(Command):
    KEYS, ACTION, LABEL = "k", "cursor('up')", "nach oben"
    SHOW = PALETTE = False


MEETING_BASE = [MeetingDown, MeetingUp]


class OpenAgenda(Command):
    KEYS, ACTION, LABEL, HELP = "enter", "open_agenda", "Tagesordnung", "Tagesordnung öffnen"
    PALETTE = False


class NewMeeting(Command):
    KEYS, ACTION, LABEL = "n", "new_meeting", "Neu"
    HELP = "neues Treffen anlegen (seine Tagesordnung öffnet sich)"


class EditMeeting(Command):
    KEYS, ACTION, LABEL, HELP = "e", "edit_meeting", "Bearbeiten", "Treffen bearbeiten"


class DeleteMeeting(Command):
    KEYS, ACTION, LABEL, HELP = "delete,d", "delete_meeting", "Löschen", "Treffen löschen (fragt)"


class MeetingMode(Command):
    KEYS, ACTION, LABEL = "m", "meeting_mode", "Sitzung"
    HELP = "Sitzungsmodus: ein TOP nach dem anderen, bildschirmfüllend"


class MeetingExport(Command):
    KEYS, ACTION, LABEL = "x", "export", "Export"
    HELP = "Tagesordnung oder Protokoll als Markdown oder HTML exportieren"


MEETINGS = [OpenAgenda, NewMeeting, EditMeeting, DeleteMeeting, MeetingMode, MeetingExport]


class AddItem(Command):
    KEYS, ACTION, LABEL, HELP = "a", "add_item", "Neu", "Tagesordnungspunkt hinzufügen"


class EditItem(Command):
    KEYS, ACTION, LABEL, HELP = "e", "edit_item", "Bearbeiten", "Tagesordnungspunkt bearbeiten"


class DeleteItem(Command):
    KEYS, ACTION, LABEL = "delete,d", "delete", "Löschen"
    HELP = "Punkt löschen (fragt); in den Vorschlägen: Vorschlag verwerfen (für alle)"


class MoveUp(Command):
    KEYS, ACTION, LABEL, HELP = "K,shift+up", "move(-1)", "Nach oben", "Punkt nach oben schieben"


class MoveDown(Command):
    KEYS, ACTION, LABEL = "J,shift+down", "move(1)", "Nach unten"
    HELP = "Punkt nach unten schieben"


class CycleStatus(Command):
    KEYS, ACTION, LABEL, HELP = "s", "cycle_status", "Status", "Status: offen → besprochen → vertagt"


class ToggleProposals(Command):
    KEYS, ACTION, LABEL = "v", "toggle_proposals", "Vorschläge"
    HELP = "Vorschläge zeigen oder verbergen (vertagte Punkte, offene Aufgaben, auffällige Werte)"


class AcceptProposal(Command):
    KEYS, ACTION, LABEL, SHOW = "plus", "accept", "Übernehmen", False
    HELP = "gewählten Vorschlag übernehmen (auch Enter)"


class Actions(Command):
    KEYS, ACTION, LABEL, HELP = "t", "actions", "Aufgaben", "Aufgaben dieses Treffens"


AGENDA = [AddItem, EditItem, DeleteItem, MoveUp, MoveDown, CycleStatus, ToggleProposals,
          AcceptProposal, MeetingMode, Actions, MeetingExport]


class NextItem(Command):
    KEYS, ALSO, ACTION, LABEL, PRIORITY = "pagedown", "n", "step(1)", "Nächster TOP", True


class PreviousItem(Command):
    KEYS, ALSO, ACTION, LABEL, PRIORITY = "pageup", "p", "step(-1)", "Voriger TOP", True


class EditNotes(Command):
    KEYS, ALSO, ACTION, LABEL, PRIORITY = "f2", "e", "edit('notes')", "Notizen", True
    HELP = "Notizen schreiben (werden beim Tippen gespeichert)"


class EditDecisions(Command):
    KEYS, ALSO, ACTION, LABEL, PRIORITY = "f3", "b", "edit('decisions')", "Beschlüsse", True
    HELP = "Beschlüsse schreiben (werden beim Tippen gespeichert)"


class NewAction(Command):
    KEYS, ALSO, ACTION, LABEL, PRIORITY = "f4", "a", "new_action", "Neue Aufgabe", True


class Discussed(Command):
    KEYS, ALSO, ACTION, PRIORITY = "f5", "d", "set_status('discussed')", True
    LABEL = "Besprochen"


class Deferred(Command):
    KEYS, ALSO, ACTION, LABEL, PRIORITY = "f6", "v", "set_status('deferred')", "Vertagt", True


class Reopen(Command):
    KEYS, ACTION, LABEL, SHOW = "o", "set_status('open')", "offen", False
    HELP = "Punkt wieder auf offen setzen"


class Hold(Command):
    KEYS, ALSO, ACTION, LABEL, PRIORITY = "f9", "h", "hold", "Abschließen", True
    HELP = "Treffen als stattgefunden markieren (Zahlen werden festgehalten) oder wieder öffnen"


class ModeActions(Command):
    KEYS, ACTION, LABEL, SHOW = "t", "actions", "Aufgaben", False
    HELP = "Aufgaben dieses Treffens"


class ToggleChart(Command):
    KEYS, ACTION, LABEL, SHOW = "g", "toggle_chart", "Grafik/Tabelle", False
    HELP = "Grafik oder Tabelle zeigen (bei 80×24)"


class ModeExport(Command):
    KEYS, ACTION, LABEL, SHOW = "x", "export", "Export", False
    HELP = "Tagesordnung oder Protokoll exportieren"


class LeaveEditor(Command):
    KEYS, ACTION, LABEL = "escape", "leave", "Zurück"
    HELP = "Editor verlassen; ein zweites Esc verlässt die Ansicht"
    PALETTE = False


MEETING_MODE = [NextItem, PreviousItem, EditNotes, EditDecisions, NewAction, Discussed, Deferred,
                Reopen, Hold, ModeActions, ToggleChart, ModeExport, LeaveEditor]


class NewActionItem(Command):
    KEYS, ACTION, LABEL, HELP = "a", "new_action", "Neu", "Aufgabe hinzufügen"


class EditActionItem(Command):
    KEYS, ACTION, LABEL, HELP = "e", "edit_action", "Bearbeiten", "Aufgabe bearbeiten"


class ToggleDone(Command):
    KEYS, ACTION, LABEL, HELP = "space", "toggle_done", "Erledigt", "Aufgabe erledigt oder wieder offen"


class DeleteActionItem(Command):
    KEYS, ACTION, LABEL, HELP = "delete,d", "delete_action", "Löschen", "Aufgabe löschen (fragt)"


ACTION_ITEMS = [NewActionItem, EditActionItem, ToggleDone, DeleteActionItem]


# --- dialogs --------------------------------------------------------------------------------------
class Cancel(Command):
    KEYS, ACTION, LABEL = "escape", "cancel", "Abbrechen"
    PALETTE = False


class SaveForm(Command):
    KEYS, ACTION, LABEL, PRIORITY = "f2", "save", "Speichern", True
    HELP = "speichern (auch Enter)"


class Yes(Command):
    KEYS, ACTION, LABEL = "j,y,enter", "answer(True)", "Ja"


class No(Command):
    KEYS, ACTION, LABEL = "n,escape", "answer(False)", "Nein"


class Close(Command):
    KEYS, ALSO, ACTION, LABEL = "escape", "f,q", "close", "Schließen"


class CloseHelp(Command):
    KEYS, ALSO, ACTION, LABEL = "escape", "question_mark,f1", "dismiss", "Schließen"


class ExportCsv(Command):
    KEYS, ACTION, LABEL, HELP = "c", "choose('csv')", "CSV", "CSV (Semikolon, Dezimalkomma)"


class ExportExcel(Command):
    KEYS, ACTION, LABEL, HELP = "x", "choose('xlsx')", "Excel", "Excel (XLSX)"


class ExportMarkdown(Command):
    KEYS, ACTION, LABEL = "m", "choose('md')", "Markdown"


class ExportCancel(Command):
    KEYS, ACTION, LABEL = "escape", "choose('')", "abbrechen"


class AgendaMarkdown(Command):
    KEYS, ACTION, LABEL = "t", "choose('t')", "Tagesordnung als Markdown"


class AgendaHtml(Command):
    KEYS, ACTION, LABEL = "T", "choose('T')", "Tagesordnung als HTML"


class MinutesMarkdown(Command):
    KEYS, ACTION, LABEL = "p", "choose('p')", "Protokoll als Markdown"


class MinutesHtml(Command):
    KEYS, ACTION, LABEL = "P", "choose('P')", "Protokoll als HTML"


class TickVariable(Navigate):
    KEYS, LABEL = "space,enter", "wählen"


class SaveVariables(Command):
    KEYS, ACTION, LABEL = "s", "save", "Speichern"
    HELP = "speichern (nichts gewählt: Standard ALQ, SGB2Q, ln(DICHTE))"


class QuitOnError(Command):
    KEYS, ACTION, LABEL = "q,escape", "app.quit", "Beenden"


class Restore(Command):
    KEYS, ACTION, LABEL = "w,enter", "restore", "Übernehmen"
    HELP = "in die Datenbank übernehmen (was andere inzwischen schrieben, bleibt: dann angehängt)"


class CopyKept(Command):
    KEYS, ACTION, LABEL, HELP = "c", "copy", "Kopieren", "in die Zwischenablage kopieren"


class Discard(Command):
    KEYS, ACTION, LABEL, HELP = "v", "discard", "Verwerfen", "verwerfen (bleibt in der Zwischenablage)"


class Later(Command):
    KEYS, ACTION, LABEL, HELP = "escape", "later", "Später", "später (bleibt aufbewahrt)"


CANCEL = [Cancel]
FORM = [SaveForm, Cancel]
CONFIRM = [Yes, No]
TEXT = [Close]
HELP_SCREEN = [CloseHelp]
EXPORT = [ExportCsv, ExportExcel, ExportMarkdown, ExportCancel]
MEETING_EXPORT = [AgendaMarkdown, AgendaHtml, MinutesMarkdown, MinutesHtml, ExportCancel]
MODEL_VARIABLES = [TickVariable, SaveVariables, Cancel]
ERROR = [QuitOnError]
JOURNAL = [Restore, CopyKept, Discard, Later]
