"""Commands that act everywhere (the app) and the navigation keys the help lists."""

from __future__ import annotations

from tui.kit.texts.commands.command import Command, Navigate


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
