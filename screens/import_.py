"""Import screen: enter or pick a file, see what was recognised and every problem, then import."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import (
    DataTable,
    DirectoryTree,
    Header,
    Input,
    ProgressBar,
    Select,
    Static,
)

from importers import LAYOUT_CHOICES, Prepared, dry_run, prepare, write
from importers.source import EXCEL_SUFFIXES
from store.db import StoreError
from tui.kit import format as fmt
from tui.kit import keys, texts
from tui.kit.base import BaseScreen
from tui.kit.texts import commands
from tui.kit.texts import imports as t
from tui.kit.widgets.keybar import KeyBar
from tui.kit.widgets.tables import Table

IMPORTABLE = {".csv", ".txt", ".tsv", ".toml", *EXCEL_SUFFIXES}
PROBLEMS_SHOWN = 500
PREVIEW_ROWS = 8


class PathSuggester(Suggester):
    """Completes the last part of a path from the files and folders that exist."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        typed = Path(value).expanduser()
        folder, stem = (typed, "") if value.endswith("/") else (typed.parent, typed.name)
        try:
            names = sorted(p.name + ("/" if p.is_dir() else "") for p in folder.iterdir()
                           if p.name.startswith(stem) and not p.name.startswith("."))
        except OSError:
            return None
        return value + names[0][len(stem):] if names and names[0] != stem else None


class ImportableTree(DirectoryTree):
    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        return [p for p in paths if not p.name.startswith(".")
                and (p.is_dir() or p.suffix.lower() in IMPORTABLE)]


class PickFileScreen(ModalScreen[Path | None]):
    """Browse folders for a CSV, Excel or TOML file."""

    DEFAULT_CSS = """
    PickFileScreen { align: center middle; }
    PickFileScreen > #pick-box { width: 76; max-width: 100%; height: 80%; border: round $accent;
        background: $surface; }
    """
    COMMAND_LIST = commands.CANCEL
    BINDINGS = keys.bindings(COMMAND_LIST)

    def __init__(self, start: Path) -> None:
        super().__init__()
        self.start = start

    def compose(self) -> ComposeResult:
        with Horizontal(id="pick-box") as box:
            box.border_title = t.PICK_TITLE
            yield ImportableTree(self.start, id="pick-tree")

    def on_directory_tree_file_selected(self, event: DirectoryTree.FileSelected) -> None:
        event.stop()
        self.dismiss(event.path)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ImportScreen(BaseScreen):
    HELP_TEXT = t.SCREEN_HELP
    DEFAULT_CSS = """
    ImportScreen #import-title { padding: 0 1; }
    ImportScreen #import-inputs { height: 3; }
    ImportScreen #import-path { width: 1fr; }
    ImportScreen #import-sheet { width: 20; }
    ImportScreen #import-layout { width: 24; }
    ImportScreen #import-map { width: 1fr; }
    ImportScreen #import-info { padding: 0 1; height: auto; max-height: 7; }
    ImportScreen #import-progress-row { height: 1; padding: 0 1; }
    ImportScreen #import-phase { width: auto; padding-right: 1; }
    ImportScreen #import-preview { height: auto; max-height: 8; }
    ImportScreen #import-problems { height: 1fr; min-height: 3; }
    ImportScreen #import-problem { padding: 0 1; height: auto; max-height: 3; }
    ImportScreen .hidden { display: none; }
    """
    COMMAND_LIST = commands.IMPORT
    BINDINGS = keys.bindings(COMMAND_LIST)

    def __init__(self, path: str | None = None) -> None:
        super().__init__()
        self.initial_path = path
        self.prepared: Prepared | None = None  # checked, without problems: F2 writes it
        self.prepared_problems: list = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text(t.SCREEN_TITLE, style="bold"), id="import-title")
        with Horizontal(id="import-inputs"):
            yield Input(self.initial_path or "", placeholder=t.PATH_PLACEHOLDER,
                        suggester=PathSuggester(), id="import-path")
            yield Input(placeholder=t.SHEET_PLACEHOLDER, id="import-sheet")
            yield Select([(t.LAYOUT_SHORT[c], c) for c in LAYOUT_CHOICES],
                         prompt=t.LAYOUT_AUTO, id="import-layout")
        # Official tables only: which measure is which indicator ("Merkmal=CODE; …").
        yield Input(placeholder=t.MAP_PLACEHOLDER, id="import-map", classes="hidden",
                    select_on_focus=False)
        yield Static(Text(t.SCREEN_HELP, style="dim"), id="import-info")
        with Horizontal(id="import-progress-row", classes="hidden"):
            yield Static("", id="import-phase")
            yield ProgressBar(show_eta=False, id="import-progress")
        yield Table(id="import-preview", classes="hidden", zebra_stripes=True)
        yield Table(id="import-problems", classes="hidden", cursor_type="row")
        yield Static("", id="import-problem", classes="hidden")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#import-problems", Table).add_columns(
            *(Text(c) for c in t.PROBLEM_COLUMNS))
        self.query_one("#import-path", Input).focus()
        if self.initial_path:
            self.action_check_file()

    # Reading and checking
    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_check_file()

    def action_check_file(self) -> None:
        text = self.query_one("#import-path", Input).value.strip()
        if not text:
            self.notify(t.NO_PATH, severity="warning", markup=False)
            return
        path = Path(text).expanduser()
        if not path.is_file():
            self.notify(t.NOT_FOUND.format(path=fmt.clean(text)), severity="error", markup=False)
            return
        sheet = self.query_one("#import-sheet", Input).value.strip() or None
        layout = self.query_one("#import-layout", Select).value
        mapping = self.query_one("#import-map", Input).value.strip()
        self.prepared = None
        self._busy(t.CHECKING)
        self._check(path, None if layout is Select.NULL else str(layout), sheet,
                    [mapping] if mapping else [])

    @work(thread=True, exclusive=True, group="import", exit_on_error=False)
    def _check(self, path: Path, layout: str | None, sheet: str | None,
               mappings: list[str]) -> None:
        store = self.host.store
        try:
            prepared = prepare(path, store, layout, sheet, self._progress_from_thread,
                               mappings)
            counts = None
            if prepared.ok and prepared.previous is None:
                counts = dry_run(store, prepared)
        except Exception as error:  # shown to the user, never as a traceback
            self.app.call_from_thread(self._failed, error)
            return
        self.app.call_from_thread(self._show, prepared, counts)

    def _show(self, prepared: Prepared, counts) -> None:
        self._idle()
        self.prepared = prepared if prepared.ok and prepared.previous is None else None
        self.prepared_problems = prepared.problems
        lines = [Text(fmt.clean(prepared.name), style="bold")]
        if prepared.previous is not None:
            lines.append(Text(t.already(prepared.name, prepared.previous), style="yellow"))
        elif prepared.problems:
            lines.append(Text(t.PREVIEW_PROBLEMS.format(count=len(prepared.problems)),
                              style="bold red"))
        elif counts is not None:
            lines.append(Text(t.PREVIEW_CHANGES.format(
                new=fmt.number(counts.new, 0), changed=fmt.number(counts.changed, 0),
                unchanged=fmt.number(counts.unchanged, 0))))
            lines.append(Text(t.PREVIEW_READY, style="bold green"))
        # What was recognised comes last: with an official table it can be long, and the
        # verdict above must stay visible in the few lines there are.
        detected = t.detected_parts(prepared)
        if detected:
            lines.append(Text(" · ".join(detected)))
        self.query_one("#import-info", Static).update(Text("\n").join(lines))
        self._fill_preview(prepared)
        self._fill_problems(prepared)
        self._offer_mapping(prepared)

    def _offer_mapping(self, prepared: Prepared) -> None:
        """Show the mapping field for an official table; when none of its measures has an
        indicator, start a mapping for the first one and put the cursor behind it."""
        field = self.query_one("#import-map", Input)
        field.set_class(prepared.official is None, "hidden")
        unmapped = prepared.result.unmapped if prepared.result is not None else []
        if any(p.reason == "no_mapping" for p in prepared.problems) and unmapped \
                and not field.value.strip():
            field.value = f"{unmapped[0]}="
            field.cursor_position = len(field.value)
            field.focus()

    def _fill_preview(self, prepared: Prepared) -> None:
        table = self.query_one("#import-preview", Table)
        table.clear(columns=True)
        headers, rows = prepared.preview(PREVIEW_ROWS)
        table.set_class(not headers, "hidden")
        if not headers:
            return
        table.add_column(Text(t.ROW_HEADER), key="_row")
        for index, header in enumerate(headers):
            table.add_column(fmt.plain(header or f"#{index + 1}"), key=f"c{index}")
        for row in rows:
            table.add_row(Text(str(row[0]), justify="right"),
                          *(fmt.plain("" if cell is None else cell) for cell in row[1:]))

    def _fill_problems(self, prepared: Prepared) -> None:
        table = self.query_one("#import-problems", Table)
        table.clear()
        table.set_class(not prepared.problems, "hidden")
        self.query_one("#import-problem").set_class(not prepared.problems, "hidden")
        for problem in prepared.problems[:PROBLEMS_SHOWN]:
            table.add_row(
                Text("" if problem.row is None else str(problem.row), justify="right"),
                fmt.plain(problem.column or ""),
                fmt.plain(problem.value or ""),
                fmt.plain(t.reason(problem)),
            )
        hidden = len(prepared.problems) - PROBLEMS_SHOWN
        if hidden > 0:
            table.add_row(Text(""), Text(""), Text(""),
                          Text(t.PREVIEW_MORE.format(count=fmt.number(hidden, 0)), style="dim"))

    @on(DataTable.RowHighlighted, "#import-problems")
    def _problem_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """The whole of the highlighted problem, wrapped: the table cuts long reasons."""
        problems = self.prepared_problems
        if 0 <= event.cursor_row < min(len(problems), PROBLEMS_SHOWN):
            line = t.problem_line(problems[event.cursor_row])
            self.query_one("#import-problem", Static).update(Text(line, style="italic"))

    # Writing
    def action_import_file(self) -> None:
        prepared = self.prepared
        if prepared is None or not prepared.ok:
            self.notify(t.NOTHING_TO_IMPORT, severity="warning", markup=False)
            return
        if self.host.readonly:
            error = StoreError("readonly", self.host.db_path)
            self.notify(texts.store_error(error), severity="error", markup=False)
            return
        self.prepared = None
        self._busy(t.WRITING)
        self._write(prepared)

    @work(thread=True, exclusive=True, group="import", exit_on_error=False)
    def _write(self, prepared: Prepared) -> None:
        try:
            counts = write(self.host.store, prepared,
                           self._progress_from_thread)
        except Exception as error:  # StoreError (locked, read-only …) or a bug: no traceback
            self.app.call_from_thread(self._failed, error)
            return
        self.app.call_from_thread(self._written, prepared, counts)

    def _written(self, prepared: Prepared, counts) -> None:
        self._idle()
        message = t.summary(prepared.name, prepared.kind, counts)
        self.query_one("#import-info", Static).update(
            Text(t.IMPORTED.format(summary=message), style="bold green"))
        self.notify(t.IMPORTED.format(summary=message), timeout=8, markup=False)

    def _failed(self, error: Exception) -> None:
        self._idle()
        if isinstance(error, StoreError):
            message = texts.store_error(error)
        else:
            message = t.UNEXPECTED.format(error=fmt.clean(error))
        self.query_one("#import-info", Static).update(Text(message, style="bold red"))
        self.notify(message, severity="error", timeout=10, markup=False)

    # Progress
    class Progress(Message):
        """Progress of the worker thread (posted, never awaited)."""

        def __init__(self, phase: str, done: int, total: int) -> None:
            super().__init__()
            self.phase, self.done, self.total = phase, done, total

    def _progress_from_thread(self, phase: str, done: int, total: int) -> None:
        # post_message is thread-safe and does not wait: the worker may hold the store's
        # lock in a write transaction, and waiting for the UI thread (which may itself be
        # waiting for that lock) would freeze the app.
        self.post_message(self.Progress(phase, done, total))

    def on_import_screen_progress(self, message: Progress) -> None:
        if not self.is_attached:
            return
        self.query_one("#import-phase", Static).update(
            Text(t.PROGRESS.get(message.phase, message.phase)))
        self.query_one("#import-progress", ProgressBar).update(
            total=message.total, progress=message.done)

    def _busy(self, message: str) -> None:
        self.query_one("#import-info", Static).update(Text(message))
        self.query_one("#import-progress-row").remove_class("hidden")
        self.query_one("#import-progress", ProgressBar).update(total=None, progress=0)

    def _idle(self) -> None:
        self.query_one("#import-progress-row").add_class("hidden")

    # Picking a file
    def action_pick_file(self) -> None:
        typed = Path(self.query_one("#import-path", Input).value.strip() or ".").expanduser()
        start = typed if typed.is_dir() else typed.parent if typed.parent.is_dir() else Path(".")
        self.app.push_screen(PickFileScreen(start.resolve()), self._picked)

    def _picked(self, path: Path | None) -> None:
        if path is None:
            return
        field = self.query_one("#import-path", Input)
        field.value = str(path)
        field.focus()
        self.action_check_file()

