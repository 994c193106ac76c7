"""Which official download a file is (GENESIS classic CSV, ffcsv, XLSX; BA statistics CSV),
read by its format module into an official table."""

from __future__ import annotations

from pathlib import Path

from importers import ba, genesis
from importers.official import OfficialTable
from importers.source import decode


def recognise(path: Path, data: bytes, sheet: str | None = None) -> OfficialTable | None:
    """The file as an official download, or None when it is none we know."""
    if data[:4] == b"PK\x03\x04":
        return genesis.read_xlsx(path, data, sheet)
    if path.suffix.lower() in (".toml", ".xls", ".xlsb", ".ods"):
        return None
    text, encoding = decode(data[:65536] if len(data) > 65536 else data)
    head = text[:4096].lstrip()
    if genesis.is_ffcsv(head):
        return genesis.read_ffcsv(path, data)
    if genesis.is_classic(head):
        return genesis.read_classic(path, data)
    if ba.is_ba(head):
        return ba.read_csv(path, data)
    return None
