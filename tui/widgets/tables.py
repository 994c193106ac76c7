"""Fill a DataTable in one go with column widths measured up front.

Textual's DataTable measures auto-width columns only when idle; a frame drawn before that
keeps cutting values to the header's width (seen at 80×24: "-1" for "-1,5p"). Measuring
ourselves also saves the idle pass over every cell."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable

Row = tuple[Sequence[Text], str]  # cells, row key


def fill_table(table: DataTable, columns: Sequence[tuple[str, str]], rows: Sequence[Row],
               keep_cursor: bool = True) -> None:
    """Replace columns (label, key) and rows of `table`, widths fitted to the content.
    The cursor stays on the same row key (a re-sort keeps the user on the same member) and
    in the same column."""
    cursor = table.cursor_coordinate
    current_key = None
    if table.row_count:
        current_key = table.coordinate_to_cell_key(cursor).row_key.value
    widths = [cell_len(label) for label, _key in columns]
    for cells, _key in rows:
        for index, cell in enumerate(cells):
            widths[index] = max(widths[index], cell.cell_len)
    table.clear(columns=True)
    for (label, key), width in zip(columns, widths, strict=True):
        table.add_column(label, key=key, width=width)
    for cells, key in rows:
        table.add_row(*cells, key=key)
    if keep_cursor and table.row_count:
        keys = [key for _cells, key in rows]
        if current_key in keys:
            cursor = cursor._replace(row=keys.index(current_key))
        table.cursor_coordinate = table.validate_cursor_coordinate(cursor)


def move_to_column(table: DataTable, key: str) -> None:
    """Put the cursor on the column with this key (same row) and scroll it into view."""
    keys = [column.key.value for column in table.ordered_columns]
    if key in keys:
        table.cursor_coordinate = table.cursor_coordinate._replace(column=keys.index(key))
