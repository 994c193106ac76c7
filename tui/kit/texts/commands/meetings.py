"""Commands of the meeting screens: meeting list, agenda, meeting mode and action items."""

from __future__ import annotations

from tui.kit.texts.commands.command import Command


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
