"""Shared fixtures: fresh copies of the committed sample database and empty databases."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual import _wait as textual_wait

from store.db import create_database

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "sample.db"


@pytest.fixture
def sample_db(tmp_path: Path) -> Path:
    """A private copy of the committed sample.db (tests may write to it)."""
    target = tmp_path / "sample.db"
    shutil.copyfile(SAMPLE, target)
    return target


@pytest.fixture
def empty_db(tmp_path: Path) -> Path:
    """A new database holding only schema and indicator catalogue."""
    path = tmp_path / "empty.db"
    create_database(path).close()
    return path


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the real user's data directory from a test."""
    monkeypatch.setenv("RINGVERGLEICH_DATA_DIR", str(tmp_path / "data"))
    # Nor the machine's team database or settings.
    monkeypatch.delenv("RINGVERGLEICH_DB", raising=False)
    monkeypatch.setenv("RINGVERGLEICH_CONFIG", str(tmp_path / "no-config.toml"))


# Pilot waits for the process to go idle after every key press and pause(), in 20 ms sleeps:
# two per key, four per settle(), which made wall time three times the CPU time of a screen
# test. Correctness never rests on that wait (tests settle on screens and workers, or poll a
# condition with helpers.wait_until), so a finer check is enough and keeps the suite fast.
textual_wait.SLEEP_GRANULARITY = 1 / 400
textual_wait.SLEEP_IDLE = textual_wait.SLEEP_GRANULARITY / 20
