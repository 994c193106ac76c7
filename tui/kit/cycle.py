"""The ring's quarter cycle for CLI and screens: write collection templates and the report."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from importers.template import TemplateResult, write_templates
from store import periods
from store.collection import collection
from store.db import Store


def make_templates(store: Store, ring_id: int, period: str, directory: Path,
                   force: bool = False) -> TemplateResult:
    """One XLSX per member of the ring in `period`, with last quarter's values."""
    found = collection(store, ring_id, period)
    last = found.figures.filter(pl.col("period") == periods.previous(period))
    previous = {(ags, code): value for ags, code, value in
                last.select("ags", "indicator_code", "value").iter_rows()}
    return write_templates(
        directory, ring_id, found.ring.name, period, found.members.to_dicts(),
        found.indicators.to_dicts(), previous, force=force,
    )
