"""Statistics of the Bundesagentur für Arbeit (BA): CSV downloads with key–value metadata lines."""

from __future__ import annotations

from pathlib import Path

from importers import official


def is_ba(head: str) -> bool:
    return False


def read_csv(path: Path, data: bytes) -> official.OfficialTable | None:
    return None
