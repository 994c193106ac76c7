"""The `ringvergleich` command: open the app on a database, or run a sub-command."""

from __future__ import annotations

import argparse
import importlib
import os
import shutil
import sys
from pathlib import Path

# polars allocates through jemalloc, which keeps freed pages for reuse: a large import would
# then hold the peak of every phase at once. Handing them back at once bounds its memory.
# jemalloc reads this when polars is first imported, so it is set before that.
os.environ.setdefault("_RJEM_MALLOC_CONF", "dirty_decay_ms:0,muzzy_decay_ms:0")

from tui import texts  # noqa: E402

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
}

REPO_SAMPLE = Path(__file__).resolve().parent.parent / "sample.db"


def data_dir() -> Path:
    """Where the working copy of the sample lives (RINGVERGLEICH_DATA_DIR overrides)."""
    override = os.environ.get("RINGVERGLEICH_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir("ringvergleich", appauthor=False))


def sample_working_copy() -> tuple[Path, str | None]:
    """The user's copy of the demo data, made on first use so that the committed
    sample.db is never modified. Returns the path and a note when it was just made."""
    target = data_dir() / "sample.db"
    if target.exists():
        return target, None
    target.parent.mkdir(parents=True, exist_ok=True)
    if REPO_SAMPLE.is_file():
        shutil.copyfile(REPO_SAMPLE, target)
    else:  # installed without the source tree: the sample is reproducible, so build it
        from store.sample import build_sample

        build_sample(target)
    return target, texts.SAMPLE_COPIED.format(path=target)


SYSTEM_CONFIG = Path("/etc/ringvergleich/config.toml")


def config_paths() -> list[Path]:
    """Where the team's settings are looked for, first found wins: RINGVERGLEICH_CONFIG,
    the user's ~/.config/ringvergleich/config.toml, then /etc/ringvergleich/config.toml."""
    override = os.environ.get("RINGVERGLEICH_CONFIG")
    if override:
        return [Path(override)]
    from platformdirs import user_config_dir

    return [Path(user_config_dir("ringvergleich", appauthor=False)) / "config.toml",
            SYSTEM_CONFIG]


def configured_database() -> tuple[Path | None, str | None]:
    """The team database: RINGVERGLEICH_DB, else `db = "…"` in the first config file found
    (a relative path is taken from the file's folder). Returns (path, problem)."""
    named = os.environ.get("RINGVERGLEICH_DB", "").strip()
    if named:
        return Path(named).expanduser(), None
    import tomllib

    for config in config_paths():
        if not config.is_file():
            continue
        try:
            settings = tomllib.loads(config.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            return None, texts.CONFIG_UNREADABLE.format(path=config, error=error)
        db = settings.get("db")
        if db is None:
            continue
        if not isinstance(db, str) or not db.strip():
            return None, texts.CONFIG_BAD_DB.format(path=config)
        path = Path(db.strip()).expanduser()
        return (path if path.is_absolute() else config.parent / path), None
    return None, None


def default_database() -> tuple[Path | None, str | None, str | None]:
    """The database used when none is named: the team's (see configured_database), else
    the working copy of the demo data. Returns (path, note for the user, problem)."""
    path, problem = configured_database()
    if problem:
        return None, None, problem
    if path is not None:
        return path, None, None
    sample, note = sample_working_copy()
    return sample, note, None


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
        found, note, problem = default_database()
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
    from tui.argparse_de import install

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
