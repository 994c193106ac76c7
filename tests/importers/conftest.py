"""Fixtures for importer tests: an open copy of the sample database and a file writer."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from store import figures_write
from store.db import Store, open_store
from store.sample import MUNICIPALITIES, ags_for


@pytest.fixture
def store(sample_db: Path) -> Iterator[Store]:
    opened = open_store(sample_db)
    yield opened
    opened.close()


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[..., Path]:
    """write_file(name, text, encoding="utf-8") -> path of the new file."""

    def write(name: str, text: str, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_bytes(text.encode(encoding))
        return path

    return write


def sample_key(name: str) -> str:
    """The AGS of a sample municipality by its name (keys are invented, names are unique)."""
    return next(ags_for(i) for i, m in enumerate(MUNICIPALITIES) if m[0] == name)


# Files written while they are checked (importers.run): small files, parts of five rows.
MONTHS = [f"2030-{m:02d}" for m in range(1, 13)]
HEADER = "AGS;Kennzahl;Monat;Wert\n"


def lines(keys: tuple[str, ...] | None = None, offset: float = 0.0) -> list[str]:
    """24 rows (two municipalities x twelve months) of K2."""
    keys = keys or (sample_key("Kreis Ahrwiesen"), sample_key("Kreis Brunnstedt"))
    return [f"{ags};K2;{month};{index + offset:.1f}".replace(".", ",")
            for ags in keys for index, month in enumerate(MONTHS)]


def figures_file(write_file: Callable[..., Path], name: str, rows: list[str]) -> Path:
    return write_file(name, HEADER + "\n".join(rows) + "\n")


@pytest.fixture
def small_parts(monkeypatch) -> list[int]:
    """Parts of five rows, and the sizes of the parts the writer wrote."""
    monkeypatch.setattr("importers.figures.CHECK_ROWS", 5)
    written: list[int] = []
    original = figures_write._write_part

    def counting(conn, store, part, *args) -> None:
        written.append(part.records.height)
        original(conn, store, part, *args)

    monkeypatch.setattr(figures_write, "_write_part", counting)
    return written
