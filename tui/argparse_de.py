"""German messages for argparse (usage, errors, help headings): the CLI speaks one language."""

from __future__ import annotations

import argparse

# argparse looks its texts up through gettext; these are the ones a user meets.
GERMAN = {
    "usage: ": "Aufruf: ",
    "positional arguments": "Argumente",
    "options": "Optionen",
    "optional arguments": "Optionen",
    "show this help message and exit": "diese Hilfe zeigen und beenden",
    "%(prog)s: error: %(message)s\n": "%(prog)s: Fehler: %(message)s\n",
    "the following arguments are required: %s": "diese Angaben fehlen: %s",
    "one of the arguments %s is required": "eine dieser Angaben ist nötig: %s",
    "unrecognized arguments: %s": "unbekannte Angaben: %s",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
    "expected one argument": "erwartet einen Wert",
    "expected at most one argument": "erwartet höchstens einen Wert",
    "expected at least one argument": "erwartet mindestens einen Wert",
    "invalid %(type)s value: %(value)r": "ungültiger Wert: %(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "ungültige Wahl: %(value)r (möglich: %(choices)s)",
    "not allowed with argument %s": "nicht zusammen mit %s",
    "ambiguous option: %(option)s could match %(matches)s":
        "mehrdeutige Option: %(option)s passt auf %(matches)s",
}
PLURALS = {
    "expected %s argument": ("erwartet %s Wert", "erwartet %s Werte"),
}


def _gettext(message: str) -> str:
    return GERMAN.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    german = PLURALS.get(singular)
    if german is None:
        return singular if n == 1 else plural
    return german[0] if n == 1 else german[1]


def install() -> None:
    """Make argparse speak German (process-wide; the CLI has no other language)."""
    argparse._ = _gettext  # type: ignore[attr-defined]
    argparse.ngettext = _ngettext  # type: ignore[attr-defined]
