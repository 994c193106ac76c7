"""Read a CSV, Excel or TOML file into a table of text cells: encoding, separator, header, footnotes."""

from __future__ import annotations

import codecs
import csv
import io
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from importers import bytescan, columns
from importers.problems import SourceError

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"}
SEPARATORS = (";", "\t", ",")  # preference on a tie: German files use ";"
SNIFF_LINES = 60

# Keeps tab and newline: they structure the text until it is split into cells.
_TEXT_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CELL_CONTROL = r"[\x00-\x1f\x7f-\x9f]+"
_JOINING_CONTROL = re.compile(r"(?<=[0-9])[\x00-\x08\x0b-\x1f\x7f-\x9f]+(?=[0-9])")
_FOOTNOTE = (
    r"(?i)^(\d+\)|\*|[¹²³]|quelle|hinweis|anmerkung|fu(ß|ss)note|stand\b|©|\(c\)|"
    r"erl(ä|ae)uterung|legende|zeichenerkl|datenstand|erstellungsdatum|source|note)"
)
_KNOWN_HEADERS = frozenset().union(
    columns.AGS, columns.NAME, columns.INDICATOR, columns.PERIOD, columns.VALUE, columns.RING,
    columns.CODE, columns.CARRIER,
)


@dataclass
class RawTable:
    """The cells of one table as text: columns c0…cN plus `_row`, the row number a
    spreadsheet program shows (1-based). Header and footnote lines are not in `cells`."""

    name: str
    cells: pl.DataFrame
    headers: list[str]
    header_row: int
    context: list[str] = field(default_factory=list)
    encoding: str | None = None
    separator: str | None = None
    sheet: str | None = None
    fmt: str = "csv"  # csv, excel or toml

    @property
    def value_columns(self) -> list[str]:
        return [f"c{i}" for i in range(len(self.headers))]


def file_format(path: Path, data: bytes) -> str:
    """'excel', 'toml' or 'csv', by the file's first bytes, then by its suffix."""
    if data[:4] == b"PK\x03\x04" or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "excel"
    suffix = path.suffix.lower()
    if suffix in EXCEL_SUFFIXES:
        return "excel"
    return "toml" if suffix == ".toml" else "csv"


def read_table(path: Path, data: bytes, sheet: str | None = None) -> RawTable:
    kind = file_format(path, data)
    if kind == "excel":
        return _read_excel(path, data, sheet)
    if kind == "toml":
        return _read_toml(path, data)
    return _read_text(path, data)


def decode(data: bytes) -> tuple[str, str]:
    """Text and the encoding it was in: BOMs first, then UTF-8, then Windows-1252."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "UTF-8 (BOM)"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "UTF-16"
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            return data.decode(utf16), "UTF-16"
        except UnicodeDecodeError as exc:
            raise SourceError("unreadable", "UTF-16") from exc
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError as exc:
        if _UTF8_SEQUENCE.search(data):  # UTF-8 lines and others: any choice garbles names
            line = data[: exc.start].count(b"\n") + 1
            raise SourceError("mixed_encoding", row=line) from exc
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:  # bytes cp1252 leaves undefined: Latin-1 reads anything
        return data.decode("latin-1"), "ISO-8859-1"


_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}"
                            rb"|[\xf0-\xf4][\x80-\xbf]{3}")


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when every other byte is mostly NUL (text in UTF-16
    saved without its byte order mark); else None."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.4 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.4 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _read_text(path: Path, data: bytes) -> RawTable:
    bom = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    plain_utf8 = _utf16_without_bom(data) is None and bytescan.plain_utf8(data, bom)
    if plain_utf8:  # only the lines looked at for the header are decoded
        encoding = "UTF-8 (BOM)" if bom else "UTF-8"
        head = bytescan.head_end(data, bom, SNIFF_LINES)
        text = data[bom:head].decode("utf-8")
        if bytescan.NOT_SPACE.search(data) is None:
            raise SourceError("empty")
    else:
        text, encoding = decode(data)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        # A control character inside a number ("2<NUL>0,5") makes it unreadable, not 20,5.
        text = _TEXT_CONTROL.sub("", _JOINING_CONTROL.sub("\ufffd", text))
        if not text.strip():
            raise SourceError("empty")
    sample = text.split("\n", SNIFF_LINES)[:SNIFF_LINES]
    separator, header_index = _sniff(sample)
    context = [" ".join(line.replace(separator, " ").split()) for line in sample[:header_index]]
    if plain_utf8 and (separator == "\t" or b"\t" not in data):
        start = bom
        for _ in range(header_index):
            start = data.index(b"\n", start) + 1
        # polars reads the file's own bytes, skipping the lines above the header.
        lines = data.count(b"\n", start) + (0 if data.endswith(b"\n") else 1)
        quoted = data.find(b'"', start) != -1
        frame = _parse_csv(data, separator, header_index + 1, header_index, start)
        body = data[start:].decode("utf-8") if quoted else ""
        tidy = not quoted and not bytescan.may_have_spaces(data, start, separator)
    else:
        if plain_utf8:  # tabs inside a ';' or ',' file: read as spaces, via the text
            text = data[bom:].decode("utf-8")
        if separator != "\t":
            text = text.replace("\t", " ")
        body = text.split("\n", header_index)[header_index] if header_index else text
        del text
        lines = body.count("\n") + (0 if body.endswith("\n") else 1)
        quoted = '"' in body
        frame = _parse_csv(body.encode("utf-8"), separator, header_index + 1)
        tidy = False
    if frame.height == 0:
        raise SourceError("empty")
    cells = [c for c in frame.columns if c != "_row"]
    frame = frame.rename({old: f"c{i}" for i, old in enumerate(cells)})
    header_row = header_index + 1
    if lines != frame.height:  # quoted line breaks: records span several lines
        frame = frame.with_columns(_row=_line_numbers(body, separator, frame.height, header_row))
    return _finish(path.name, frame, header_row, context + [path.stem], encoding=encoding,
                   separator=separator, clean_newlines=quoted, tidy=tidy)


def _parse_csv(data: bytes, separator: str, first_row: int, skip_lines: int = 0,
               start: int = 0) -> pl.DataFrame:
    """The cells of the CSV text in `data` from line `skip_lines` (byte `start`) on, and
    `_row`, the line of each record when none spans several lines (counted from
    `first_row`). polars numbers the rows itself, in the same chunks as the cells: a
    column added afterwards would make later steps copy every column to align them."""
    options = dict(separator=separator, has_header=False, infer_schema=False, quote_char='"',
                   row_index_name="_row", row_index_offset=first_row)
    try:
        frame = pl.read_csv(data, skip_lines=skip_lines, **options)
    except pl.exceptions.NoDataError as exc:
        raise SourceError("empty") from exc
    except pl.exceptions.ComputeError:
        # A data line has more fields than the header: widen the header so nothing is cut.
        raw = data[start:].decode("utf-8")
        widest = max(line.count(separator) for line in raw.split("\n"))
        first, _, rest = raw.partition("\n")
        first += separator * (widest - first.count(separator))
        try:
            frame = pl.read_csv((first + "\n" + rest).encode("utf-8"), **options,
                                truncate_ragged_lines=True)
        except pl.exceptions.ComputeError as exc:
            raise SourceError("unreadable", str(exc).splitlines()[0]) from exc
    return frame.with_columns(pl.col("_row").cast(pl.Int64))


def _line_numbers(body: str, separator: str, height: int, header_row: int) -> pl.Series:
    """File line of every parsed record where quoted line breaks make records span
    several lines: counted in `body`, the text from the header line on."""
    starts: list[int] = []
    reader = csv.reader(io.StringIO(body), delimiter=separator)
    previous_end = 0
    for _record in reader:
        starts.append(header_row + previous_end)
        previous_end = reader.line_num
    starts += [header_row + previous_end] * (height - len(starts))
    return pl.Series(starts[:height], dtype=pl.Int64)


def _split_sample(sample: list[str], separator: str) -> list[list[str]]:
    return [next(csv.reader([line], delimiter=separator), []) for line in sample]


def _sniff(sample: list[str]) -> tuple[str, int]:
    """The separator and the index of the header line among the sample lines."""
    best: tuple[tuple, str, int] | None = None
    for separator in SEPARATORS:
        rows = _split_sample(sample, separator)
        header = header_index(rows)
        if header is None:
            continue
        width = len(rows[header])
        consistent = sum(1 for r in rows[header + 1:] if len(r) == width)
        known = sum(1 for c in rows[header] if columns.norm_header(c) in _KNOWN_HEADERS)
        score = (known, consistent, _filled(rows[header]))
        if best is None or score > best[0]:
            best = (score, separator, header)
    if best is None:
        raise SourceError("no_header")
    return best[1], best[2]


def _filled(row: list[str | None]) -> int:
    return sum(1 for cell in row if cell and cell.strip())


def header_index(rows: list[list[str | None]]) -> int | None:
    """The header among the first rows: the one naming the most known columns, else the
    first of the widest rows (title lines above it fill one or two cells only)."""
    known = [
        sum(1 for cell in row if cell and columns.norm_header(cell) in _KNOWN_HEADERS)
        if _filled(row) >= 2 else 0
        for row in rows
    ]
    if known and max(known) > 0:
        return known.index(max(known))
    widest = max((_filled(row) for row in rows), default=0)
    if widest < 2:
        return None
    return next(i for i, row in enumerate(rows) if _filled(row) == widest)


def _read_excel(path: Path, data: bytes, sheet: str | None) -> RawTable:
    import fastexcel

    try:
        names = fastexcel.read_excel(data).sheet_names
    except Exception as exc:  # fastexcel raises its own error types for broken files
        raise SourceError("unreadable", str(exc).splitlines()[0] if str(exc) else "") from exc
    if sheet is None:
        chosen = names[0] if names else None
    elif sheet in names:
        chosen = sheet
    elif sheet.isdigit() and 1 <= int(sheet) <= len(names):
        chosen = names[int(sheet) - 1]
    else:
        chosen = None
    if chosen is None:
        raise SourceError("sheet_not_found", "|".join(names))
    try:
        frame = pl.read_excel(
            data, sheet_name=chosen, engine="calamine", has_header=False, infer_schema_length=0,
            drop_empty_rows=False, drop_empty_cols=False, read_options={"skip_rows": 0},
        )
    except pl.exceptions.NoDataError as exc:
        raise SourceError("empty") from exc
    except Exception as exc:
        raise SourceError("unreadable", str(exc).splitlines()[0] if str(exc) else "") from exc
    frame = frame.select(pl.all().cast(pl.String)).rename(
        {old: f"c{i}" for i, old in enumerate(frame.columns)}
    )
    frame = frame.with_columns(pl.all().str.replace_all(r"([0-9])[\x00-\x1f\x7f-\x9f]+([0-9])",
                                                        "${1}\ufffd${2}")
                               .str.replace_all(_CELL_CONTROL, " "))
    # With skip_rows=0 the sheet is read from its first row, so row i is sheet row i + 1.
    frame = frame.with_row_index("_row", offset=1).with_columns(pl.col("_row").cast(pl.Int64))
    top = frame.head(SNIFF_LINES).drop("_row").rows()
    header = header_index([list(r) for r in top])
    if header is None:
        raise SourceError("no_header")
    context = [" ".join(c for c in row if c) for row in top[:header]]
    frame = frame.slice(header)
    return _finish(path.name, frame, header + 1, context + [chosen, path.stem], sheet=chosen,
                   fmt="excel")


def _finish(name: str, frame: pl.DataFrame, header_row: int, context: list[str],
            clean_newlines: bool = False, tidy: bool = False, **info) -> RawTable:
    """Split off the header row, trim cells, drop blank rows and trailing footnotes."""
    cell_columns = [c for c in frame.columns if c != "_row"]
    headers = [columns.strip_control(h or "").strip() for h in frame.select(cell_columns).row(0)]
    body = frame.slice(1)
    # Only columns with a cell to clean are copied: a large file's columns mostly have none.
    if clean_newlines:
        untidy = cell_columns
    elif tidy:  # known from the file's bytes (bytescan.may_have_spaces)
        untidy = []
    else:
        needs = body.select((pl.col(c).str.contains(r"^\s|\s$") | (pl.col(c) == "")).any()
                            for c in cell_columns).row(0)
        untidy = [c for c, need in zip(cell_columns, needs, strict=True) if need]
    if untidy:
        tidy = pl.col(untidy)
        if clean_newlines:
            tidy = tidy.str.replace_all(_CELL_CONTROL, " ")
        tidy = tidy.str.strip_chars()
        body = body.with_columns(pl.when(tidy != "").then(tidy).name.keep())
    body = _without_sparse_rows(body, cell_columns)
    body = body.head(body.height - _trailing_footnotes(body, cell_columns))
    # Columns with neither a header nor any data (trailing separators) are dropped.
    keep = [
        c for c, h in zip(cell_columns, headers, strict=True)
        if h or body[c].null_count() < body.height
    ]
    kept_headers = [h for c, h in zip(cell_columns, headers, strict=True) if c in keep]
    if keep != cell_columns:  # a select copies the columns of a file parsed in chunks
        body = body.select(keep + ["_row"])
    body = body.rename({c: f"c{i}" for i, c in enumerate(keep)})
    if body.height == 0:
        raise SourceError("empty")
    return RawTable(name, body, kept_headers, header_row, [c for c in context if c], **info)


def _without_sparse_rows(frame: pl.DataFrame, cell_columns: list[str]) -> pl.DataFrame:
    """Without rows of fewer than two filled cells (blank lines, titles and notes). Cells
    are counted only in rows with an empty cell; when such rows stand only at the start
    and the end, as around a table, the rest is a slice of the frame, not a copy."""
    gaps = frame.select(pl.any_horizontal(pl.col(cell_columns).is_null())).to_series().arg_true()
    if gaps.len() == 0:
        return frame
    filled = pl.sum_horizontal(pl.col(c).is_not_null() for c in cell_columns)
    sparse = frame[gaps].select(filled < 2).to_series()
    dropped = gaps.filter(sparse)
    if dropped.len() == 0:
        return frame
    if dropped.len() == frame.height:
        return frame.clear()
    lead = next((i for i, row in enumerate(dropped.to_list()) if row != i), dropped.len())
    trail = dropped.len() - lead
    if trail == 0 or dropped[lead] == frame.height - trail:
        return frame.slice(lead, frame.height - dropped.len())
    return frame.filter(~pl.int_range(pl.len()).is_in(dropped.implode()))


def _trailing_footnotes(body: pl.DataFrame, cell_columns: list[str]) -> int:
    """How many rows at the end are footnotes ("1) vorläufig", "Quelle: …"). Only the
    tail is searched first: footnotes never stand between data rows."""
    size = min(200, body.height)
    while True:
        notes = body.tail(size).select(
            pl.coalesce(cell_columns).str.contains(_FOOTNOTE).fill_null(False).alias("note")
        )["note"].to_list()
        count = next((i for i, note in enumerate(reversed(notes)) if not note), len(notes))
        if count < size or size == body.height:
            return count
        size = body.height


def _read_toml(path: Path, data: bytes) -> RawTable:
    """Indicator definitions in the format of the shipped catalogue ([[indicator]] tables)."""
    text, encoding = decode(data)
    try:
        entries = tomllib.loads(text).get("indicator")
    except tomllib.TOMLDecodeError as exc:
        raise SourceError("unreadable", str(exc)) from exc
    if not isinstance(entries, list) or not entries:
        raise SourceError("empty")
    lines = [n for n, line in enumerate(text.splitlines(), start=1)
             if line.strip().startswith("[[indicator]]")]
    keys: list[str] = []
    for entry in entries:
        keys += [k for k in entry if k not in keys]
    cells = {
        f"c{i}": [None if e.get(k) is None else columns.strip_control(str(e[k])).strip()
                  for e in entries]
        for i, k in enumerate(keys)
    }
    frame = pl.DataFrame(cells, schema={f"c{i}": pl.String for i in range(len(keys))})
    rows = lines if len(lines) == len(entries) else list(range(1, len(entries) + 1))
    frame = frame.with_columns(_row=pl.Series(rows, dtype=pl.Int64))
    return RawTable(path.name, frame, keys, 0, [], encoding=encoding, fmt="toml")
