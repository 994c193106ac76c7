"""Commands of the dialogs: forms, confirmations, export choices, model variables, error and journal."""

from __future__ import annotations

from tui.kit.texts.commands.command import Command, Navigate


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
