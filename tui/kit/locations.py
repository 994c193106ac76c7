"""Every place on disk the app uses: data directory, exports, journal, settings, the sample's copy,
the team's config file and the database it names."""

from __future__ import annotations

import os
import shutil
import tomllib
from pathlib import Path

from platformdirs import user_config_dir, user_data_dir

from tui.kit import texts

# The committed demo database beside the source tree (absent when installed without it).
REPO_SAMPLE = Path(__file__).resolve().parents[2] / "sample.db"


def data_dir() -> Path:
    """The user's data directory (RINGVERGLEICH_DATA_DIR overrides, e.g. for tests)."""
    override = os.environ.get("RINGVERGLEICH_DATA_DIR")
    if override:
        return Path(override)
    return Path(user_data_dir("ringvergleich", appauthor=False))


def export_dir() -> Path:
    """Where exported views, minutes, reports and templates go."""
    return data_dir() / "export"


def journal_dir() -> Path:
    """Where the crash journal of typed-but-unsaved text lives."""
    return data_dir() / "journal"


def settings_path() -> Path:
    """The per-user settings file (own municipality)."""
    return data_dir() / "settings.json"


def sample_copy_path() -> Path:
    """The user's working copy of the demo database."""
    return data_dir() / "sample.db"


def sample_working_copy() -> tuple[Path, str | None]:
    """The user's copy of the demo data, made on first use so that the committed sample.db is
    never modified. Returns the path and a note when it was just made."""
    target = sample_copy_path()
    if target.exists():
        return target, None
    target.parent.mkdir(parents=True, exist_ok=True)
    # Made under a temporary name and renamed: a full disk never leaves a truncated copy
    # that the next start would take for a corrupt database.
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        if REPO_SAMPLE.is_file():
            shutil.copyfile(REPO_SAMPLE, partial)
        else:  # installed without the source tree: the sample is reproducible, so build it
            from store.sample import build_sample  # late: only this rare path needs the generator

            build_sample(partial)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target, texts.SAMPLE_COPIED.format(path=target)


# The team's settings for every user of a machine (after RINGVERGLEICH_CONFIG and the user's).
SYSTEM_CONFIG = Path("/etc/ringvergleich/config.toml")


def config_paths() -> list[Path]:
    """Where the team's settings are looked for, first found wins: RINGVERGLEICH_CONFIG,
    the user's ~/.config/ringvergleich/config.toml, then /etc/ringvergleich/config.toml."""
    override = os.environ.get("RINGVERGLEICH_CONFIG")
    if override:
        return [Path(override)]
    return [Path(user_config_dir("ringvergleich", appauthor=False)) / "config.toml",
            SYSTEM_CONFIG]


def configured_database() -> tuple[Path | None, str | None]:
    """The team database: RINGVERGLEICH_DB, else `db = "…"` in the first config file found
    (a relative path is taken from the file's folder). Returns (path, problem)."""
    named = os.environ.get("RINGVERGLEICH_DB", "").strip()
    if named:
        return Path(named).expanduser(), None
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
    try:
        sample, note = sample_working_copy()
    except OSError as error:  # a full disk or a read-only home: said, not a traceback
        return None, None, texts.SAMPLE_COPY_FAILED.format(error=error)
    return sample, note, None
