"""German messages for argparse (usage, errors, help headings): the CLI speaks one language."""

from __future__ import annotations

import argparse

from tui.kit.texts.cli import ARGPARSE_GERMAN as GERMAN
from tui.kit.texts.cli import ARGPARSE_PLURALS as PLURALS


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
