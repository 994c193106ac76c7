"""Every place on disk the app uses: data directory, exports, journal, settings, the sample's copy."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from platformdirs import user_data_dir

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
