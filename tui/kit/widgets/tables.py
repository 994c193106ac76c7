"""The app's table: filled in one go with column widths measured up front, row identity kept.

Textual's DataTable measures auto-width columns only when idle; a frame drawn before that
keeps cutting values to the header's width (seen at 80×24: "-1" for "-1,5p"). Measuring
ourselves also saves the idle pass over every cell.

Drawing: DataTable draws each cell through Rich's console (Padding, Styled, render_lines),
about half a millisecond a cell, which made the ring matrix (10 × 34 cells) take some 150 ms
to appear. Every cell here is one line of text, so `_render_cell` lays it out directly: the
same segments and styles, a few microseconds each."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.widgets import DataTable
from textual.widgets.data_table import RowKey

from tui.kit import format as fmt
from tui.kit.export import neutralise_cell

Row = tuple[Sequence[Text], str]  # cells, row key
NO_TEXT = Text("")


def fit(text: str | None, width: int | None) -> Text:
    """Data text for a cell, shortened with an ellipsis to `width` characters."""
    clean = fmt.clean(text or "–")
    if width is not None and len(clean) > width:
        clean = clean[: width - 1] + "…"
    return Text(clean)


class Table(DataTable):
    """Every table of the app. `fill` replaces columns and rows with widths measured up front
    and the cursor kept on the same row key; `selected_key`/`select_key` speak in row keys
    (a re-sort keeps the user on the same member); `as_tsv` is what copying hands out."""

    def fill(self, columns: Sequence[tuple[str, str]], rows: Sequence[Row],
             keep_cursor: bool = True) -> None:
        """Replace columns (label, key) and rows, widths fitted to the content. The cursor
        stays on the same row key and in the same column."""
        cursor = self.cursor_coordinate
        current_key = self.selected_key()
        widths = [cell_len(label) for label, _key in columns]
        for cells, _key in rows:
            for index, cell in enumerate(cells):
                widths[index] = max(widths[index], cell.cell_len)
        self.clear(columns=True)
        for (label, key), width in zip(columns, widths, strict=True):
            # A str label would be read as markup; codes and names can come from data.
            self.add_column(Text(label), key=key, width=width)
        for cells, key in rows:
            self.add_row(*cells, key=key)
        if keep_cursor and self.row_count:
            keys = [key for _cells, key in rows]
            if current_key in keys:
                cursor = cursor._replace(row=keys.index(current_key))
            self.cursor_coordinate = self.validate_cursor_coordinate(cursor)

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        """Columns given their width (as `fill` gives them) and plain one-line rows need no
        measuring of every cell when idle: only the scrollable size."""
        rows = [self.rows.get(key) for key in new_rows]
        if any(column.auto_width for column in self.columns.values()) or any(
                row is not None and (row.label is not None or row.auto_height) for row in rows):
            super()._update_dimensions(new_rows)
            return
        width = sum(column.get_render_width(self) for column in self.columns.values())
        header_height = self.header_height if self.show_header else 0
        self.virtual_size = Size(width + self._row_label_column_width,
                                 self._total_row_height + header_height)

    def _render_cell(self, row_index: int, column_index: int, base_style: Style, width: int,
                     cursor: bool = False, hover: bool = False) -> list[list[Segment]]:
        """One line of text straight into segments (DataTable's own way for anything else:
        row labels, rows taller than one line, renderables that are not text)."""
        header = row_index == -1
        row_key = self._header_row_key if header else self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        cache_key = (row_key, column_key, base_style, cursor, hover, self._show_hover_cursor,
                     self._update_count, self._pseudo_class_state)
        cached = self._cell_render_cache.get(cache_key)
        if cached is not None:
            return cached
        lines = self._one_line_cell(row_index, column_index, base_style, width, cursor, hover)
        if lines is None:
            return super()._render_cell(row_index, column_index, base_style, width, cursor,
                                        hover)
        self._cell_render_cache[cache_key] = lines
        return lines

    def _one_line_cell(self, row_index: int, column_index: int, base_style: Style, width: int,
                       cursor: bool, hover: bool) -> list[list[Segment]] | None:
        header = row_index == -1
        if column_index < 0:
            return None
        if header:
            height = self.header_height
        else:
            row = self.rows[self._row_locations.get_key(row_index)]
            height = 0 if row.auto_height else row.height
        if height != 1:
            return None
        cell = self._get_row_renderables(row_index).cells[column_index]
        if not isinstance(cell, Text) or "\n" in cell.plain or "\t" in cell.plain:
            return None
        fixed = not header and (row_index < self.fixed_rows or column_index < self.fixed_columns)
        component_style, post_style = self._get_styles_to_render_cell(
            header, False, fixed, hover, cursor, self.show_cursor, self._show_hover_cursor,
            self.cursor_foreground_priority == "css", self.cursor_background_priority == "css",
        )
        padding = self.cell_padding
        inner = max(width - 2 * padding, 0)
        segments = (self._plain_line(cell, inner)
                    or self._styled_line(cell, inner))
        if padding:
            space = Segment(" " * padding)
            segments = [space, *segments, space]
        # Rich's Styled: base and component style before the text's, the post style after;
        # the cell's position goes on last (for the mouse), once per distinct style.
        before = base_style + component_style
        meta = Style.from_meta({"row": row_index, "column": column_index})
        styles: dict[Style | None, Style] = {}
        line = []
        for text, style, _control in segments:
            combined = styles.get(style)
            if combined is None:
                combined = styles[style] = before + style + post_style + meta
            line.append(Segment(text, combined))
        return [line]

    def _plain_line(self, cell: Text, inner: int) -> list[Segment] | None:
        """A text without spans that fits, laid out as Rich would lay it out."""
        if cell.spans:
            return None
        plain = cell.plain
        justify = cell.justify or "default"
        if justify in ("right", "center"):
            plain = plain.rstrip()
        room = inner - cell_len(plain)
        if room < 0:
            return None
        style = self.app.console.get_style(cell.style) if cell.style else None
        if justify == "right":
            return [Segment(" " * room + plain, style)]
        if justify == "center":
            return [Segment(" " * (room // 2) + plain + " " * (room - room // 2), style)]
        if justify == "left":
            return [Segment(plain + " " * room, style)]
        return [Segment(plain, style), Segment(" " * room)] if room else [Segment(plain, style)]

    def _styled_line(self, cell: Text, inner: int) -> list[Segment]:
        """Any other one-line text: Rich's own wrapping (without wrap), justify and crop."""
        console = self.app.console
        (line,) = cell.wrap(console, inner, justify=cell.justify or "default",
                            overflow=cell.overflow or "fold", no_wrap=True)
        line = NO_TEXT.join((line,))  # the text's own style becomes a span, as Rich joins lines
        return Segment.adjust_line_length(list(line.render(console)), inner)

    def selected_key(self) -> str | None:
        """The row key under the cursor (None in an empty table)."""
        if self.row_count == 0:
            return None
        return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value

    def selected_cell(self) -> tuple[str | None, str | None]:
        """(row key, column key) under the cursor."""
        if self.row_count == 0:
            return None, None
        keys = self.coordinate_to_cell_key(self.cursor_coordinate)
        return keys.row_key.value, keys.column_key.value

    def select_key(self, key: str | None) -> None:
        """Put the cursor on the row with `key`; stays put when that row is gone."""
        if key is None:
            return
        try:
            self.move_cursor(row=self.get_row_index(key))
        except Exception:  # the row is gone (deleted elsewhere): keep the cursor where it is
            pass

    def select_column(self, key: str) -> None:
        """Put the cursor on the column with this key (same row) and scroll it into view."""
        keys = [column.key.value for column in self.ordered_columns]
        if key in keys:
            self.cursor_coordinate = self.cursor_coordinate._replace(column=keys.index(key))

    def as_tsv(self) -> str:
        """The table as tab-separated text: header line, then the cells as shown."""
        def cell(value: object) -> str:  # pasted into a spreadsheet: never a formula
            return neutralise_cell(fmt.clean(str(value)).replace("\t", " ").replace("\n", " "))

        header = [cell(column.label) for column in self.ordered_columns]
        lines = ["\t".join(header)]
        for index in range(self.row_count):
            lines.append("\t".join(cell(value) for value in self.get_row_at(index)))
        return "\n".join(lines) + "\n"
