"""Ring meetings and their agenda items: versioned reads and writes, safe for several users."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

import polars as pl

from store import audit
from store.db import Store, StoreError
from store.meetings_checks import ITEM_CHECKS, MEETING_CHECKS, checked
from store.meetings_freeze import freeze_figures
from store.versioned import EditConflict, lost_race, stamp, versioned_delete, versioned_update

MEETING_LIST_SCHEMA = {
    "id": pl.Int64, "period": pl.String, "held_on": pl.String, "place": pl.String,
    "title": pl.String, "status": pl.String, "items": pl.Int64, "version": pl.Int64,
}


@dataclass(frozen=True)
class Meeting:
    id: int
    ring_id: int
    period: str | None
    held_on: str | None
    place: str | None
    title: str
    status: str
    version: int
    updated_by: str | None
    updated_at: str | None

    @property
    def held(self) -> bool:
        return self.status == "held"


@dataclass(frozen=True)
class AgendaItem:
    id: int
    meeting_id: int
    position: int
    title: str
    indicator_code: str | None
    indicator_name: str | None
    ags: str | None
    municipality: str | None
    period: str | None
    status: str
    notes: str
    decisions: str
    source: str | None
    version: int
    updated_by: str | None
    updated_at: str | None


# --- meetings ---------------------------------------------------------------------------


def bump_meeting(store: Store, conn: sqlite3.Connection, meeting_id: int) -> None:
    """Adding, deleting and moving items change the agenda as a whole: the meeting's
    version guards its order, so a reorder based on a stale view is refused."""
    cur = conn.execute(
        "UPDATE meetings SET version = version + 1, updated_by = :_by, updated_at = :_at"
        " WHERE id = :_id", {**stamp(store), "_id": meeting_id},
    )
    if cur.rowcount == 0:
        raise StoreError("not_found", detail=f"meetings {meeting_id}")


def list_meetings(store: Store, ring_id: int) -> pl.DataFrame:
    """The ring's meetings, newest first (undated planned ones on top)."""
    return store._frame(
        """
        SELECT m.id, m.period, m.held_on, m.place, m.title, m.status,
               (SELECT count(*) FROM agenda_items a WHERE a.meeting_id = m.id) AS items,
               m.version
        FROM meetings m WHERE m.ring_id = ?
        ORDER BY coalesce(m.held_on, '9999-12-31') DESC, m.id DESC
        """,
        (ring_id,),
        schema=MEETING_LIST_SCHEMA,
    )


def get_meeting(store: Store, meeting_id: int) -> Meeting:
    rows = store._rows(
        "SELECT id, ring_id, period, held_on, place, title, status, version, updated_by,"
        " updated_at FROM meetings WHERE id = ?", (meeting_id,),
    )
    if not rows:
        raise StoreError("not_found", detail=f"meetings {meeting_id}")
    return Meeting(**rows[0])


def create_meeting(
    store: Store, ring_id: int, title: str, period: str | None = None,
    held_on: str | None = None, place: str | None = None,
) -> int:
    """A new planned meeting of the ring; returns its id."""
    with store.write() as conn:
        if conn.execute("SELECT 1 FROM rings WHERE id = ?", (ring_id,)).fetchone() is None:
            raise StoreError("not_found", detail=f"rings {ring_id}")
        values = checked(conn, MEETING_CHECKS, {"title": title, "period": period,
                                                "held_on": held_on, "place": place})
        cur = conn.execute(
            "INSERT INTO meetings(ring_id, period, held_on, place, title, status, version,"
            " updated_by, updated_at) VALUES (:ring, :period, :held_on, :place, :title,"
            " 'planned', 1, :_by, :_at)",
            {**values, **stamp(store), "ring": ring_id},
        )
        return int(cur.lastrowid or 0)


def update_meeting(store: Store, meeting_id: int, version: int, **changes: Any) -> int:
    """Change title, period, held_on or place; returns the new version."""
    with store.write() as conn:
        values = checked(conn, MEETING_CHECKS, changes)
        return versioned_update(store, conn, "meetings", meeting_id, version, values)


def delete_meeting(store: Store, meeting_id: int, version: int) -> None:
    """Delete a meeting with its agenda, action items and frozen figures."""
    with store.write() as conn:
        versioned_delete(store, conn, "meetings", meeting_id, version)


def previous_meeting(store: Store, meeting: Meeting) -> Meeting | None:
    """The ring's meeting just before this one (by date, then by id)."""
    key = meeting.held_on or "9999-12-31"
    rows = store._rows(
        "SELECT id FROM meetings WHERE ring_id = :ring AND id != :id AND"
        " (coalesce(held_on, '9999-12-31') < :key OR"
        "  (coalesce(held_on, '9999-12-31') = :key AND id < :id))"
        " ORDER BY coalesce(held_on, '9999-12-31') DESC, id DESC LIMIT 1",
        {"ring": meeting.ring_id, "id": meeting.id, "key": key},
    )
    return get_meeting(store, rows[0]["id"]) if rows else None


# --- agenda items -----------------------------------------------------------------------

_ITEM_SELECT = """
    SELECT a.id, a.meeting_id, a.position, a.title, a.indicator_code,
           i.name AS indicator_name, a.ags, mu.name AS municipality, a.period, a.status,
           a.notes, a.decisions, a.source, a.version, a.updated_by, a.updated_at
    FROM agenda_items a
    LEFT JOIN indicators i ON i.code = a.indicator_code
    LEFT JOIN municipalities mu ON mu.ags = a.ags
"""


def agenda_items(store: Store, meeting_id: int) -> list[AgendaItem]:
    rows = store._rows(_ITEM_SELECT + " WHERE a.meeting_id = ? ORDER BY a.position, a.id",
                      (meeting_id,))
    return [AgendaItem(**row) for row in rows]


def get_item(store: Store, item_id: int) -> AgendaItem:
    rows = store._rows(_ITEM_SELECT + " WHERE a.id = ?", (item_id,))
    if not rows:
        raise StoreError("not_found", detail=f"agenda_items {item_id}")
    return AgendaItem(**rows[0])


def add_item(
    store: Store, meeting_id: int, title: str, *, indicator_code: str | None = None,
    ags: str | None = None, period: str | None = None, status: str = "open", notes: str = "",
    decisions: str = "", source: str | None = "manual",
) -> int:
    """Append an item to the agenda; returns its id. A proposal's source (anything but
    "manual") is taken at most once per meeting: a second add raises EditConflict."""
    with store.write() as conn:
        values = checked(conn, ITEM_CHECKS, {"title": title, "indicator_code": indicator_code,
                                     "ags": ags, "period": period, "status": status,
                                     "notes": notes, "decisions": decisions})
        if source not in (None, "manual"):
            _refuse_taken_source(conn, meeting_id, source)
        bump_meeting(store, conn, meeting_id)
        position = conn.execute(
            "SELECT coalesce(max(position), 0) + 1 FROM agenda_items WHERE meeting_id = ?",
            (meeting_id,),
        ).fetchone()[0]
        cur = conn.execute(
            "INSERT INTO agenda_items(meeting_id, position, title, indicator_code, ags, period,"
            " status, notes, decisions, source, version, updated_by, updated_at) VALUES"
            " (:meeting, :position, :title, :indicator_code, :ags, :period, :status, :notes,"
            " :decisions, :source, 1, :_by, :_at)",
            {**values, **stamp(store), "meeting": meeting_id, "position": position,
             "source": source},
        )
        _refreeze_if_held(store, conn, meeting_id)
        return int(cur.lastrowid or 0)


def _refuse_taken_source(conn: sqlite3.Connection, meeting_id: int, source: str) -> None:
    """Inside the write transaction (BEGIN IMMEDIATE) this check-then-insert is atomic,
    also across processes: two people accepting one proposal get it on the agenda once."""
    taken = conn.execute(
        "SELECT updated_by, updated_at FROM agenda_items WHERE meeting_id = ? AND source = ?",
        (meeting_id, source),
    ).fetchone()
    if taken is not None:
        raise EditConflict("meetings", meeting_id, taken[0], taken[1])


def update_item(store: Store, item_id: int, version: int, **changes: Any) -> int:
    """Change any of title, links, status, notes, decisions; returns the new version."""
    with store.write() as conn:
        values = checked(conn, ITEM_CHECKS, changes)
        cleared = [f for f in ("notes", "decisions") if f in values and not values[f].strip()]
        before = audit.snapshot(conn, "agenda_items", item_id) if cleared else None
        new_version = versioned_update(store, conn, "agenda_items", item_id, version, values)
        if before and any(str(before.get(f) or "").strip() for f in cleared):
            # Emptying notes or decisions deletes them: the audit trail keeps what they said.
            audit.record(conn, store.user, "clear", "agenda_items", item_id,
                         {f: before[f] for f in cleared} | {"title": before["title"]})
        if {"indicator_code", "period"} & values.keys():
            meeting_id = conn.execute(
                "SELECT meeting_id FROM agenda_items WHERE id = ?", (item_id,)
            ).fetchone()[0]
            _refreeze_if_held(store, conn, meeting_id)
        return new_version


def merge_item_text(store: Store, item_id: int, field: str, base: str, text: str) -> str:
    """Put text typed earlier (kept in the local journal) back into an item's notes or
    decisions, losing neither it nor anything stored since: it replaces the stored text when
    that is still what the typing started from (or a start of it), else it is appended.
    Returns "same", "replaced" or "appended"."""
    if field not in ("notes", "decisions"):
        raise StoreError("invalid", detail=field)
    with store.write() as conn:
        row = conn.execute(f"SELECT {field}, version FROM agenda_items WHERE id = ?",
                           (item_id,)).fetchone()
        if row is None:
            raise StoreError("not_found", detail=f"agenda_items {item_id}")
        current, version = row
        if current == text:
            return "same"
        how = "replaced" if current == base or text.startswith(current) else "appended"
        merged = text if how == "replaced" else f"{current.rstrip()}\n\n{text}"
        versioned_update(store, conn, "agenda_items", item_id, version, {field: merged})
        return how


def delete_item(store: Store, item_id: int, version: int) -> None:
    with store.write() as conn:
        row = conn.execute("SELECT meeting_id FROM agenda_items WHERE id = ?",
                           (item_id,)).fetchone()
        if row is None:
            raise StoreError("not_found", detail=f"agenda_items {item_id}")
        versioned_delete(store, conn, "agenda_items", item_id, version)
        bump_meeting(store, conn, row[0])
        _renumber(conn, row[0])


def move_item(store: Store, item_id: int, meeting_version: int, delta: int) -> int:
    """Swap the item with its neighbour above (delta −1) or below (+1). The caller passes
    the meeting version it read, so two people reordering at once cannot mix their orders.
    Returns the meeting's new version (unchanged when the item is already at the edge)."""
    with store.write() as conn:
        row = conn.execute("SELECT meeting_id FROM agenda_items WHERE id = ?",
                           (item_id,)).fetchone()
        if row is None:
            raise StoreError("not_found", detail=f"agenda_items {item_id}")
        meeting_id = row[0]
        current = conn.execute("SELECT version FROM meetings WHERE id = ?",
                               (meeting_id,)).fetchone()[0]
        if current != meeting_version:
            raise lost_race(conn, "meetings", meeting_id)
        order = [r[0] for r in conn.execute(
            "SELECT id FROM agenda_items WHERE meeting_id = ? ORDER BY position, id",
            (meeting_id,))]
        index = order.index(item_id)
        target = index + delta
        if delta == 0 or not 0 <= target < len(order):
            return meeting_version
        order[index], order[target] = order[target], order[index]
        conn.executemany("UPDATE agenda_items SET position = ? WHERE id = ?",
                         [(pos, iid) for pos, iid in enumerate(order, start=1)])
        bump_meeting(store, conn, meeting_id)
        return meeting_version + 1


def _renumber(conn: sqlite3.Connection, meeting_id: int) -> None:
    order = [r[0] for r in conn.execute(
        "SELECT id FROM agenda_items WHERE meeting_id = ? ORDER BY position, id", (meeting_id,))]
    conn.executemany("UPDATE agenda_items SET position = ? WHERE id = ?",
                     [(pos, iid) for pos, iid in enumerate(order, start=1)])


def _refreeze_if_held(store: Store, conn: sqlite3.Connection, meeting_id: int) -> None:
    """An item linked after the meeting was held gets its figures frozen too."""
    status = conn.execute("SELECT status FROM meetings WHERE id = ?", (meeting_id,)).fetchone()
    if status and status[0] == "held":
        freeze_figures(store, conn, meeting_id)
