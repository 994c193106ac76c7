"""What a command is: the `Command` class every key is declared with, and `Navigate`."""

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


class Navigate(Command):
    """Keys the tables and editors handle themselves: listed in the help, never bound."""

    SHOW = PALETTE = False
