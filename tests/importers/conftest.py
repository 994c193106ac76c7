"""Fixtures for importer tests: an open copy of the sample database and a file writer."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

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
