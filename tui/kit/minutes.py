"""A meeting's agenda or minutes as a document, written out as Markdown or HTML."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from store import analysis
from store import meetings as mt
from store import meetings_actions as ma
from store import meetings_figures as mf
from store.db import Store
from store.rings import get_ring
from tui.kit import format as fmt
from tui.kit import texts
from tui.kit.document import Block, Fields, Heading, Paragraph, Table
from tui.kit.minutes_html import to_html
from tui.kit.outfile import free_path, write_atomic
from tui.kit.texts import expected as ex_texts
from tui.kit.texts import meetings as tx

FORMATS = ("md", "html")


# --- building the document ---------------------------------------------------------------


def _unit_suffix(unit: str | None, change: bool = False) -> str:
    if unit == "%":
        return " Pp." if change else " %"
    return "" if unit in (None, "", "Anzahl", "Personen") else f" {unit}"


def _value(value: float | None, info: dict) -> str:
    text = fmt.number(value, info["decimals"])
    if text != "–":
        text += _unit_suffix(info["unit"])
    return text


def _status(status: str | None) -> str:
    return texts.STATUS_NAMES.get(status or "", status or "–")


def _item_fields(item: mt.AgendaItem, minutes: bool) -> Fields:
    pairs = []
    if minutes:
        pairs.append((tx.DOC_STATUS, tx.ITEM_STATUS_WORDS.get(item.status, item.status)))
    if item.indicator_code:
        pairs.append((tx.DOC_LINK_INDICATOR, f"{item.indicator_name} ({item.indicator_code})"))
    if item.ags:
        pairs.append((tx.DOC_LINK_MUNICIPALITY, item.municipality or item.ags))
    if item.period:
        pairs.append((tx.DOC_LINK_PERIOD, tx.period_text(item.period)))
    return Fields(pairs)


def figure_blocks(figures: mf.ItemFigures) -> list[Block]:
    info = figures.indicator
    title = tx.DOC_FIGURES_FROZEN if figures.frozen else tx.DOC_FIGURES_CURRENT
    headers = list(tx.DOC_FIGURE_COLUMNS if figures.frozen else tx.DOC_FIGURE_COLUMNS[:-1])
    headers.insert(4, ex_texts.DOC_EXPECTED)
    rows = []
    for row in figures.table.iter_rows(named=True):
        cells = [row["name"], _value(row["value"], info), _status(row["status"]),
                 fmt.signed(row["deviation"], info["decimals"], _unit_suffix(info["unit"], True)),
                 _value(row["expected"], info)]
        if figures.frozen:
            cells.append(
                f"{_value(row['current_value'], info)} ({_status(row['current_status'])})"
                if row["changed"] else tx.DOC_UNCHANGED)
        rows.append(tuple(cells))
    dist = figures.distribution
    summary = tx.DOC_DISTRIBUTION.format(
        median=_value(dist["median"], info), q1=_value(dist["q1"], info),
        q3=_value(dist["q3"], info), n=dist["n"], missing=dist["missing"])
    return [
        Heading(3, title.format(indicator=info["name"], period=tx.period_text(figures.period))),
        Table(tuple(headers), rows, right=(1, 3, 4)),
        Paragraph(summary, note=True),
    ]


def _action_rows(actions: list[ma.ActionItem], carried: bool) -> list[tuple[str, ...]]:
    return [
        (a.text, a.owner or tx.DOC_NONE,
         fmt.iso_date(a.due_on) + (f" ({tx.OVERDUE})" if ma.overdue(a) else ""),
         a.meeting_title if carried else (tx.DOC_YES if a.done else tx.DOC_NO))
        for a in actions
    ]


def build_document(store: Store, meeting_id: int, minutes: bool) -> list[Block]:
    """The agenda (items with their links, open action items) or the minutes (also status,
    notes, decisions, action items and the figures as discussed) of one meeting."""
    meeting = mt.get_meeting(store, meeting_id)
    ring = get_ring(store, meeting.ring_id)
    items = mt.agenda_items(store, meeting_id)
    actions = ma.meeting_actions(store, meeting_id)
    blocks: list[Block] = [
        Heading(1, (tx.DOC_MINUTES if minutes else tx.DOC_AGENDA).format(title=meeting.title)),
        Fields([
            (tx.DOC_RING, ring.name if ring else str(meeting.ring_id)),
            (tx.DOC_PERIOD, tx.period_text(meeting.period)),
            (tx.DOC_DATE, fmt.iso_date(meeting.held_on)),
            (tx.DOC_PLACE, meeting.place or tx.DOC_NONE),
            (tx.DOC_STATUS, tx.STATUS_WORDS.get(meeting.status, meeting.status)),
            (tx.DOC_CREATED, f"{datetime.now():%d.%m.%Y %H:%M} ({store.user})"),
        ]),
    ]
    if store.is_synthetic:
        blocks.append(Paragraph(tx.DOC_SYNTHETIC, note=True))
    if not minutes:
        blocks.append(Heading(2, tx.DOC_ITEMS))
    for item in items:
        blocks.append(Heading(2 if minutes else 3,
                              tx.DOC_TOP.format(position=item.position, title=tx.item_title(
                                  item.title, item.source, item.ags, item.municipality,
                                  item.municipality))))
        fields = _item_fields(item, minutes)
        if fields.pairs:
            blocks.append(fields)
        if not minutes:
            continue
        for label, text in ((tx.DOC_NOTES, item.notes), (tx.DOC_DECISIONS, item.decisions)):
            blocks += [Heading(3, label), Paragraph(text.strip() or tx.DOC_NONE)]
        figures = mf.item_figures(store, meeting, item)
        if figures is not None and not figures.table.is_empty():
            blocks += figure_blocks(figures)
        linked = [a for a in actions if a.agenda_item_id == item.id]
        if linked:
            blocks += [Heading(3, tx.DOC_ITEM_ACTIONS),
                       Table(tx.DOC_ACTION_COLUMNS, _action_rows(linked, False))]
    if minutes:
        blocks += [Heading(2, tx.DOC_ACTIONS),
                   Table(tx.DOC_ACTION_COLUMNS, _action_rows(actions, False))
                   if actions else Paragraph(tx.DOC_NONE)]
    carried = ma.carried_over(store, meeting)
    if carried:
        blocks += [Heading(2, tx.DOC_CARRIED),
                   Table(tx.DOC_CARRIED_COLUMNS, _action_rows(carried, True))]
    done = ma.done_since_last(store, meeting) if minutes else []
    if done:
        blocks += [Heading(2, tx.DOC_DONE_SINCE), Table(tx.DOC_DONE_SINCE_COLUMNS, [
            (a.text, a.owner or tx.DOC_NONE, fmt.iso_date(a.done_on), a.meeting_title)
            for a in done])]
    changes = mf.figure_changes(store, meeting_id) if minutes else None
    if changes is not None and not changes.is_empty():
        rows = []
        for row in changes.iter_rows(named=True):
            info = analysis.indicator(store, row["indicator_code"]) or {"decimals": 1, "unit": None}
            rows.append((row["indicator_code"], tx.period_text(row["period"]), row["name"],
                         f"{_value(row['old_value'], info)} ({_status(row['old_status'])})",
                         f"{_value(row['new_value'], info)} ({_status(row['new_status'])})"))
        blocks += [Heading(2, tx.DOC_CHANGES), Table(tx.DOC_CHANGE_COLUMNS, rows, right=(3, 4))]
    return blocks


# --- Markdown -------------------------------------------------------------------------------

_INLINE = re.compile(r"([\\`*_\[\]<>|~&])")
_LINE_START = re.compile(r"^([#+\-=>]|\d+[.)])")


def md_escape(text: str) -> str:
    """Data text that a Markdown renderer shows literally (no markup, links or HTML),
    as a block of lines: list, heading and quote markers at a line start are escaped too."""
    lines = []
    for line in fmt.clean(text).replace("\t", " ").splitlines() or [""]:
        lines.append(_LINE_START.sub(r"\\\1", _md_inline(line.strip())))
    return "  \n".join(lines)


def _md_inline(text: str) -> str:
    return _INLINE.sub(r"\\\1", text)


def _md_cell(text: str) -> str:
    """Inline data text (a table cell, a heading, a field): one line, pipes escaped."""
    return _md_inline(" ".join(fmt.clean(text).split()))


def to_markdown(blocks: list[Block]) -> str:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            out.append("#" * block.level + " " + _md_cell(block.text))
        elif isinstance(block, Paragraph):
            out.append(f"_{md_escape(block.text)}_" if block.note else md_escape(block.text))
        elif isinstance(block, Fields):
            out.append("  \n".join(f"**{_md_cell(k)}:** {_md_cell(v)}" for k, v in block.pairs))
        else:
            head = "| " + " | ".join(_md_cell(h) for h in block.headers) + " |"
            rule = "|" + "|".join("--:" if i in block.right else "---"
                                  for i in range(len(block.headers))) + "|"
            rows = ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in block.rows]
            out.append("\n".join([head, rule, *rows]))
    return "\n\n".join(out) + "\n"


def render(store: Store, meeting_id: int, minutes: bool, kind: str) -> str:
    """The agenda or minutes as Markdown (`md`) or a complete HTML page (`html`)."""
    blocks = build_document(store, meeting_id, minutes)
    if kind == "html":
        return to_html(blocks)
    return to_markdown(blocks)


def _slug(text: str, limit: int) -> str:
    return re.sub(r"[^A-Za-z0-9ÄÖÜäöüß_-]+", "-", fmt.clean(text)).strip("-")[:limit].strip("-")


def default_name(meeting: mt.Meeting, ring: str | None, minutes: bool, kind: str,
                 now: datetime | None = None) -> str:
    """Ring, title, document and time of the export: every ring titles its meetings alike
    ("Ringtreffen Q2/2026"), so the title alone would let one export replace another."""
    word = "protokoll" if minutes else "tagesordnung"
    parts = [_slug(ring or "", 40), _slug(meeting.title, 50) or "treffen", word,
             f"{now or datetime.now():%Y%m%d-%H%M%S}"]
    return "-".join(part for part in parts if part) + f".{kind}"


def export_path(directory: Path, meeting: mt.Meeting, ring: str | None, minutes: bool,
                kind: str, now: datetime | None = None) -> Path:
    """A new file in `directory` for the document (a number added if the name is taken)."""
    name = default_name(meeting, ring, minutes, kind, now)
    return free_path(directory, name.removesuffix("." + kind), kind)


def write_document(store: Store, meeting_id: int, minutes: bool, kind: str,
                   path: str | Path, scrub: Callable[[str], str] | None = None) -> Path:
    """Render and write the document as UTF-8; returns the path written. `scrub` rewrites
    the finished text (the app's pseudonyms: every real member name replaced)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = fmt.clean(render(store, meeting_id, minutes, kind))
    write_atomic(path, (scrub(text) if scrub else text).encode("utf-8"))
    return path
