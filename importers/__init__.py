"""File importers: read CSV/Excel/TOML figures and master data, check them, hand them to the store."""

from importers.pipeline import (
    KINDS,
    LAYOUT_CHOICES,
    Outcome,
    Prepared,
    check,
    load,
    prepare,
    write,
)
from importers.problems import Problem
from importers.run import dry_run, import_files

__all__ = [
    "KINDS", "LAYOUT_CHOICES", "Outcome", "Prepared", "Problem", "check", "dry_run", "import_files", "load",
    "prepare", "write",
]
