"""The `ringvergleich` command: open the app on a database, or run a sub-command."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path

# polars allocates through jemalloc, which keeps freed pages for reuse: a large import would
# then hold the peak of every phase at once. Handing them back at once bounds its memory.
# jemalloc reads this when polars is first imported, so it is set before that.
os.environ.setdefault("_RJEM_MALLOC_CONF", "dirty_decay_ms:0,muzzy_decay_ms:0")

from tui.argparse_de import install  # noqa: E402
from tui.kit.locations import default_database  # noqa: E402

# Sub-commands live in their own modules (add_arguments(parser), run(args) -> exit code),
# imported only when used so that `ringvergleich` starts fast.
COMMANDS: dict[str, tuple[str, str]] = {
    "sample": ("tui.commands.sample", "Beispieldatenbank erzeugen (fester Seed)"),
    "init": ("tui.commands.init", "Leere Ringvergleich-Datenbank anlegen"),
    "import": ("tui.commands.import_", "Kennzahlen oder Stammdaten aus CSV/Excel importieren"),
    "compare": ("tui.commands.compare", "Ringvergleich einer Kennzahl ohne Oberfläche ausgeben"),
    "agenda": ("tui.commands.agenda", "Tagesordnung oder Protokoll eines Treffens exportieren"),
    "backup": ("tui.commands.backup", "Datenbank konsistent sichern, auch während andere schreiben"),
    "template": ("tui.commands.template", "Erhebungsbögen (XLSX) für die Mitglieder eines Rings"),
    "report": ("tui.commands.report", "Quartalsbericht eines Rings als HTML oder Markdown"),
    "model": ("tui.commands.model", "Modellvariablen eines Rings für Erwartungswerte zeigen/setzen"),
}

def app_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ringvergleich",
        description="Vergleichsringe der Jobcenter (SGB II) im Terminal. Ohne DB: Beispieldaten.",
        epilog="Unterbefehle: "
        + "; ".join(f"{name} – {help_}" for name, (_m, help_) in COMMANDS.items())
        + ". Hilfe dazu: ringvergleich BEFEHL --help",
    )
    parser.add_argument("db", nargs="?", help="SQLite-Datenbank (Standard: RINGVERGLEICH_DB, "
                        "sonst db in config.toml, sonst Beispieldaten)")
    parser.add_argument("--read-only", action="store_true", help="nur lesend öffnen")
    parser.add_argument("--theme", help="Farbschema, z. B. ansi-dark (Terminalfarben, gut über SSH)")
    parser.add_argument("--own", metavar="AGS", help="eigene Kommune (bleibt beim Pseudonymisieren sichtbar)")
    return parser


def run_app(argv: list[str]) -> int:
    args = app_parser().parse_args(argv)
    note = None
    if args.db:
        path = Path(args.db)
    else:
        found, note, problem = default_database()  # the team's database, else the demo
        if found is None:
            print(problem, file=sys.stderr)
            return 2
        path = found
    from tui.app import RingvergleichApp

    app = RingvergleichApp(path, readonly=args.read_only, own_ags=args.own, startup_note=note)
    if args.theme:
        if args.theme not in app.available_themes:
            print(f"Unbekanntes Farbschema: {args.theme}. Verfügbar: "
                  + ", ".join(sorted(app.available_themes)), file=sys.stderr)
            return 2
        app.theme = args.theme
    app.run()
    if app.open_error:
        print(app.open_error, file=sys.stderr)
        return 2
    return 0


def main(argv: list[str] | None = None) -> int:
    install()  # German usage and error messages
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in COMMANDS:
        module_name, help_ = COMMANDS[argv[0]]
        module = importlib.import_module(module_name)
        parser = argparse.ArgumentParser(prog=f"ringvergleich {argv[0]}", description=help_)
        module.add_arguments(parser)
        return int(module.run(parser.parse_args(argv[1:])) or 0)
    return run_app(argv)


if __name__ == "__main__":
    sys.exit(main())
