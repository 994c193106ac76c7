"""Import files end to end: read and recognise, check against the database, write per file."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from importers import downloads, figures, gvisys, layouts, limits, master, official, template_read
from importers.keys import IndicatorMatcher, MunicipalityMatcher
from importers.problems import Problem, SourceError, to_problems
from importers.source import RawTable, read_table
from store import figures_write, reference
from store import imports as store_imports
from store import mappings as store_mappings
from store.db import Store, StoreError
from store.rings import rings_overview

KINDS = ("figures", *master.KINDS)
PREVIEW_KEPT = 50  # rows of a checked file's cells kept for the import screen's preview
LAYOUT_CHOICES = (*layouts.LAYOUTS, *master.KINDS)
# Master data first, so figures in the same run find the municipalities they name.
ORDER = {"indicators": 0, "municipalities": 1, "rings": 2, "figures": 3}
# Header problems after which the rows cannot be checked meaningfully.
_ROW_CHECKS_STILL_USEFUL = {"unknown_column", "duplicate_column"}

Progress = Callable[[str, int, int], None]  # phase (read, check, write), done, total


@dataclass
class Prepared:
    """A file read, recognised and checked: what would be written, or why not."""

    path: Path
    name: str
    sha256: str = ""
    kind: str | None = None
    layout: str | None = None
    table: RawTable | None = None
    shape: layouts.Shape | None = None
    records: pl.DataFrame | None = None
    problems: list[Problem] = field(default_factory=list)
    skipped: int = 0
    convention: str | None = None
    precision: pl.DataFrame | None = None  # figures: decimals and explicit status per record
    previous: dict | None = None
    # Official downloads (GENESIS, BA): the table as read, the measure mappings given for
    # this import ("Merkmal=CODE"), and what checking them found.
    official: official.OfficialTable | None = None
    given: list[str] = field(default_factory=list)
    result: official.Result | None = None
    file_sha256: str = ""  # of the official file alone; sha256 adds its mappings
    notes: pl.DataFrame | None = None  # notes on figures (a template's Anmerkung column)
    member: tuple[str, str] | None = None  # a template's (AGS, quarter)
    expected_period: str | None = None  # templates for another quarter are refused
    # Plain figure files are written while they are checked (importers.run): the writer
    # takes the checked parts, and `streamed` says their records were not kept.
    writer: figures_write.FigureWriter | None = None
    streamed: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems and (self.records is not None or self.previous is not None)

    @property
    def ignored_columns(self) -> list[str]:
        if self.shape is None or self.table is None:
            return []
        return [self.table.headers[i] for i in self.shape.ignored]

    def preview(self, rows: int = 8) -> tuple[list[str], list[tuple]]:
        """The header and the first rows as read (row number first)."""
        if self.table is None:
            return [], []
        cells = self.table.cells.head(rows)
        return self.table.headers, [
            (r[-1], *r[:-1]) for r in cells.select(*self.table.value_columns, "_row").rows()
        ]


@dataclass
class Outcome:
    prepared: Prepared
    counts: store_imports.ImportCounts | None = None
    error: StoreError | None = None

    @property
    def ok(self) -> bool:
        return self.prepared.ok and self.error is None


def load(path: str | Path, layout: str | None = None, sheet: str | None = None,
         progress: Progress | None = None, mappings: list[str] | None = None) -> Prepared:
    """Read a file and recognise what it holds; needs no database."""
    path = Path(path)
    prepared = Prepared(path, path.name, given=list(mappings or []))
    if progress:
        progress("read", 0, 1)
    try:
        data = limits.read_bytes(path)
        if layout is None and (found := _recognise(path, data, sheet)) is not None:
            return _loaded_official(prepared, found, data, progress)
        gazetteer = gvisys.read(path, data, sheet) if layout is None and data[:4] == b"PK\x03\x04" \
            else None
        table = gazetteer or read_table(path, data, sheet)
    except OSError as exc:
        prepared.problems = [Problem(path.name, None, None, None, "unreadable",
                                     exc.strerror or str(exc))]
        return prepared
    except SourceError as exc:
        prepared.problems = [Problem(path.name, exc.row, None, None, exc.reason, exc.detail)]
        return prepared
    except BaseException as exc:
        # A parser written in Rust panics on some broken files (pyo3's PanicException is
        # no Exception): that is a bad file, not a crash.
        if type(exc).__name__ != "PanicException":
            raise
        prepared.problems = [Problem(path.name, None, None, None, "unreadable",
                                     str(exc).splitlines()[0] if str(exc) else "")]
        return prepared
    digest = hashlib.sha256(data)
    if table.sheet is not None:  # each sheet of a workbook is a file of its own
        digest.update(b"\0sheet:" + table.sheet.encode())
        prepared.name = f"{path.name} [{table.sheet}]"
    prepared.sha256 = digest.hexdigest()
    too_long = limits.long_cells(prepared.name, table.cells, table.headers)
    if too_long:
        prepared.problems = too_long
        return prepared
    prepared.table = table
    if gazetteer is not None:
        prepared.kind, prepared.layout = "municipalities", "gvisys"
    elif layout in master.KINDS:
        prepared.kind = layout
    elif layout in layouts.LAYOUTS:
        prepared.kind, prepared.layout = "figures", layout
    elif table.fmt == "toml":
        prepared.kind = "indicators"
    else:
        prepared.kind = master.kind_of(table.headers) or "figures"
    if progress:
        progress("read", 1, 1)
    return prepared


def _recognise(path: Path, data: bytes, sheet: str | None) -> official.OfficialTable | None:
    """An official download, or None. A file that looks official but breaks its reader is
    reported as unreadable, never as a traceback."""
    try:
        return downloads.recognise(path, data, sheet)
    except SourceError:
        raise
    except Exception as exc:  # a reader's bug on an odd file: say so, with the reason
        raise SourceError("unreadable", f"{type(exc).__name__}: {exc}") from exc


def _loaded_official(prepared: Prepared, found: official.OfficialTable, data: bytes,
                     progress: Progress | None) -> Prepared:
    digest = hashlib.sha256(data)
    if found.sheet is not None:
        digest.update(b"\0sheet:" + found.sheet.encode())
        prepared.name = f"{prepared.path.name} [{found.sheet}]"
    prepared.sha256 = prepared.file_sha256 = digest.hexdigest()
    prepared.official = found
    prepared.kind, prepared.layout = "figures", found.source
    if progress:
        progress("read", 1, 1)
    return prepared


def _check_official(prepared: Prepared, store: Store, municipalities: MunicipalityMatcher,
                    catalogue: pl.DataFrame) -> None:
    assert prepared.official is not None
    result = official.check_table(prepared.official, prepared.given,
                                  store_mappings.remembered(store), municipalities, catalogue)
    prepared.result = result
    prepared.table, prepared.shape = result.table, result.shape
    prepared.problems = [
        Problem(prepared.name, p.row, p.column, p.value, p.reason, p.detail)
        for p in result.problems
    ]
    if result.checked is None:
        return
    prepared.records, prepared.skipped = result.checked.records, result.checked.skipped
    prepared.convention = result.checked.convention
    prepared.problems += to_problems(prepared.name, result.checked.problems)
    if prepared.records.height == 0 and not prepared.problems:
        regions = result.regions
        skipped = regions.unknown + regions.dissolved if regions else 0
        prepared.problems = [Problem(prepared.name, None, None, None, "no_known_region",
                                     str(skipped)) if skipped else
                             Problem(prepared.name, None, None, None, "empty")]


def _check_official_once(prepared: Prepared, store: Store) -> None:
    """Check an official table, then look for an earlier import of the same file with the
    same mappings: the mappings are part of its identity, so that a measure mapped later
    can still be imported from a file imported before."""
    _check_official(prepared, store, MunicipalityMatcher(reference.municipalities(store, order_by="ags")),
                    reference.indicators(store))
    mapped = prepared.result.mapped if prepared.result is not None else {}
    if mapped:
        digest = hashlib.sha256(prepared.file_sha256.encode())
        for measure, code in sorted(mapped.items()):
            digest.update(f"\0{measure}={code}".encode())
        prepared.sha256 = digest.hexdigest()
    prepared.previous = store_imports.previous_import(store, prepared.sha256)
    if prepared.previous is not None:
        prepared.records, prepared.problems = None, []


def check(prepared: Prepared, store: Store, progress: Progress | None = None) -> Prepared:
    """Check a loaded file against the database; a file imported before is not checked."""
    table = prepared.table
    if (table is None and prepared.official is None) or prepared.problems:
        return prepared
    if progress:
        progress("check", 0, 1)
    if prepared.official is not None:
        _check_official_once(prepared, store)
    else:
        prepared.previous = store_imports.previous_import(store, prepared.sha256)
    if prepared.previous is None and prepared.official is None:
        municipalities = MunicipalityMatcher(reference.municipalities(store, order_by="ags"))
        catalogue = reference.indicators(store)
        if prepared.kind == "figures" and table is not None and template_read.is_template(table):
            _check_template(prepared, store, table, municipalities, catalogue)
        elif prepared.kind == "figures" and table is not None:
            _check_figures(prepared, table, municipalities, catalogue)
        elif prepared.layout == "gvisys" and table is not None:
            checked = gvisys.check(table, municipalities)
            prepared.records, prepared.problems = checked.records, checked.problems
        else:
            assert table is not None
            checked = master.check(prepared.kind or "", table, municipalities,
                                   set(catalogue["code"].to_list()))
            prepared.records, prepared.problems = checked.records, checked.problems
            if prepared.kind == "indicators" and prepared.records.height:
                prepared.problems += master.range_against_stored(table, prepared.records,
                                                                 catalogue)
            if prepared.kind == "rings" and prepared.records.height:
                stored = rings_overview(store).get_column("name").to_list()
                prepared.problems += master.ring_case_problems(table, prepared.records, stored)
    if progress:
        progress("check", 1, 1)
    return prepared


def _check_figures(prepared: Prepared, table: RawTable, municipalities: MunicipalityMatcher,
                   catalogue: pl.DataFrame) -> None:
    matcher = IndicatorMatcher(catalogue)
    shape, header_problems = layouts.detect(table, matcher, prepared.layout)
    prepared.shape = shape
    row = table.header_row or None
    prepared.problems = [
        Problem(prepared.name, row, p.column, p.value, p.reason, p.detail) for p in header_problems
    ]
    if shape is None or any(p.reason not in _ROW_CHECKS_STILL_USEFUL for p in header_problems):
        return
    prepared.layout = shape.layout
    long = layouts.to_long(table, shape)
    ranges = catalogue.select("code", "min_value", "max_value")
    writer = prepared.writer if not prepared.problems else None  # a header problem: check only
    if writer is not None:
        writer.expected = long.height
    checked = figures.check(long, table, shape, municipalities, matcher, ranges,
                            on_part=writer.add if writer is not None else None,
                            on_problem=writer.abort if writer is not None else None)
    prepared.records, prepared.skipped = checked.records, checked.skipped
    prepared.streamed = writer is not None
    prepared.convention = checked.convention
    prepared.precision = checked.precision
    prepared.problems += to_problems(prepared.name, checked.problems)
    if checked.rows == 0 and not prepared.problems:
        prepared.problems = [Problem(prepared.name, None, None, None, "empty")]
    del long, checked
    _keep_preview_only(table)


def _keep_preview_only(table: RawTable, rows: int = PREVIEW_KEPT) -> None:
    """Once the figures are checked only a preview of the cells is read again. A copy of
    the first rows (not a view into the whole file's text) lets a large file's memory go
    before the write begins."""
    head = table.cells.head(rows)
    table.cells = pl.DataFrame({c: head[c].to_list() for c in head.columns}, schema=head.schema)


def _check_template(prepared: Prepared, store: Store, table: RawTable,
                    municipalities: MunicipalityMatcher, catalogue: pl.DataFrame) -> None:
    """A returned collection template: member and quarter come from the sheet; an
    untouched one is "nothing delivered" (no records, no problem)."""
    checked = template_read.check_template(store, prepared.name, table, municipalities,
                                           catalogue, prepared.expected_period)
    prepared.layout = template_read.LAYOUT
    prepared.records, prepared.notes = checked.records, checked.notes
    prepared.problems, prepared.skipped = checked.problems, checked.skipped
    prepared.convention = checked.convention
    if checked.ags and checked.period:
        prepared.member = (checked.ags, checked.period)


def prepare(path: str | Path, store: Store, layout: str | None = None, sheet: str | None = None,
            progress: Progress | None = None, mappings: list[str] | None = None) -> Prepared:
    return check(load(path, layout, sheet, progress, mappings), store, progress)


def import_source(prepared: Prepared) -> store_imports.ImportSource:
    """What the `imports` row records about a prepared file."""
    sheet = prepared.table.sheet if prepared.table else None
    return store_imports.ImportSource(
        file_name=str(prepared.path.resolve()) + (f" [{sheet}]" if sheet else ""),
        sha256=prepared.sha256, kind=prepared.kind or "figures",
    )


def write(store: Store, prepared: Prepared, progress: Progress | None = None
          ) -> store_imports.ImportCounts:
    """Write one checked file in one transaction. Raises ValueError for a file with problems."""
    if not prepared.ok:
        raise ValueError(f"{prepared.name} has problems and cannot be written")
    if prepared.previous is not None or prepared.records is None:
        return store_imports.ImportCounts(previous=prepared.previous)
    if prepared.streamed:
        raise ValueError(f"{prepared.name} was written while it was checked")
    source = import_source(prepared)
    if prepared.kind == "figures":
        step = (lambda done, total: progress("write", done, total)) if progress else None
        records = prepared.records
        if prepared.precision is not None and prepared.precision.height == records.height:
            records = records.with_columns(prepared.precision)  # rounded copies: see store.rounding
        result = prepared.result
        before = None
        if result is not None and (result.remember or result.new):
            def before(conn: sqlite3.Connection) -> None:
                store_mappings.save(conn, store.user, result.remember, result.new)
        return figures_write.write_figures(store, source, records, step, before,
                                           notes=prepared.notes)
    writer = {"municipalities": store_imports.write_municipalities,
              "rings": store_imports.write_rings,
              "indicators": store_imports.write_indicators}[prepared.kind or ""]
    return writer(store, source, prepared.records)
