"""Commands to Textual: bindings, German key names, help lines, key hints and palette hits,
all generated from the command classes in `kit.texts.commands`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from textual.binding import Binding

from tui.kit.texts.commands import APP, NAVIGATION, Command, Navigate

# Key names as the German UI shows them (and README writes them).
KEY_NAMES = {
    "escape": "Esc", "enter": "Enter", "tab": "Tab", "space": "Leertaste", "delete": "Entf",
    "backspace": "Rücktaste", "insert": "Einfg", "pageup": "Bild↑", "pagedown": "Bild↓",
    "home": "Pos1", "end": "Ende", "up": "↑", "down": "↓", "left": "←", "right": "→",
    "left_square_bracket": "[", "right_square_bracket": "]", "question_mark": "?",
    "plus": "+", "minus": "-", "less_than_sign": "<", "greater_than_sign": ">",
}
MODIFIERS = {"ctrl": "Strg", "shift": "Umschalt", "alt": "Alt"}


def key_name(key: str) -> str:
    """`ctrl+q` → `Strg+Q`, `pagedown` → `Bild↓`, `shift+up` → `Umschalt+↑`, `f2` → `F2`."""
    *mods, base = key.strip().split("+")
    if base in KEY_NAMES:
        name = KEY_NAMES[base]
    elif len(base) > 1 and base[0] == "f" and base[1:].isdigit():
        name = base.upper()
    elif mods and len(base) == 1:
        name = base.upper()
    else:
        name = base
    return "+".join([*(MODIFIERS.get(m, m.capitalize()) for m in mods), name])


def keys_of(command: type[Command]) -> list[str]:
    """All keys of a command, the shown one first."""
    keys = f"{command.KEYS},{command.ALSO}" if command.ALSO else command.KEYS
    return [k.strip() for k in keys.split(",") if k.strip()]


def bindings(commands: Iterable[type[Command]]) -> list[Binding]:
    """Textual bindings for a screen's (or the app's) commands."""
    result = []
    for command in commands:
        if not command.ACTION:
            continue  # handled by the widgets themselves (navigation)
        result.append(Binding(command.KEYS, command.ACTION, command.LABEL, show=command.SHOW,
                              priority=command.PRIORITY))
        if command.ALSO:
            result.append(Binding(command.ALSO, command.ACTION, command.LABEL, show=False))
    return result


def commands_of(node: Any) -> list[type[Command]]:
    """The commands a screen (or app) class declares, its base classes' included, once each,
    the most specific class first (a subclass may rebind a key of its base)."""
    seen: list[type[Command]] = []
    taken: set[str] = set()
    for cls in type(node).__mro__ if not isinstance(node, type) else node.__mro__:
        for command in cls.__dict__.get("COMMAND_LIST", []):
            keys = set(keys_of(command))
            if command in seen or (keys & taken and command.ACTION):
                continue
            seen.append(command)
            taken |= keys
    return seen


def help_lines(commands: Sequence[type[Command]]) -> list[tuple[str, str, str]]:
    """(keys, label, help) for the help screen; commands sharing an action share a line."""
    lines: dict[str, tuple[list[str], type[Command]]] = {}
    for command in commands:
        keys, _first = lines.setdefault(command.ACTION or command.__name__, ([], command))
        keys += [key_name(k) for k in keys_of(command) if key_name(k) not in keys]
    # Aliases read "F1 / ?"; a navigation group such as "↑ ↓ ← →" needs no slashes.
    return [((" " if issubclass(c, Navigate) else " / ").join(keys), c.LABEL, c.HELP)
            for keys, c in lines.values()]


def screen_help(screen: Any) -> list[tuple[str, str, str]]:
    """The help of a screen: its own commands, then the app's, then navigation."""
    return help_lines([*commands_of(screen), *APP, *NAVIGATION])


def choices(commands: Sequence[type[Command]]) -> str:
    """One line per command, key first, for the dialogs that choose with one key."""
    return "\n".join(f"{key_name(keys_of(c)[0])}  {c.description()}" for c in commands)


def hint(commands: Sequence[type[Command]]) -> str:
    """One line naming commands with their main key, e.g. "Strg+P: Ring, Kommune, … suchen"."""
    return " · ".join(f"{key_name(keys_of(c)[0])}: {c.description()}" for c in commands)
