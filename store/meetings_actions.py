"""Action items of ring meetings: who does what by when; open ones carry over."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from typing import Any

from store.db import Store, StoreError
from store.meetings import Meeting
from store.meetings_checks import check_date
from store.versioned import stamp, versioned_delete, versioned_update

ACTION_FIELDS = ("text", "owner", "due_on", "done", "agenda_item_id")


@dataclass(frozen=True)
class ActionItem:
    id: int
    meeting_id: int
    meeting_title: str
    agenda_item_id: int | None
    text: str
    owner: str | None
    due_on: str | None
    done: bool
    done_on: str | None
    version: int
    updated_by: str | None
    updated_at: str | None


_SELECT = """
    SELECT t.id, t.meeting_id, m.title AS meeting_title, t.agenda_item_id, t.text, t.owner,
           t.due_on, t.done, t.done_on, t.version, t.updated_by, t.updated_at
    FROM action_items t JOIN meetings m ON m.id = t.meeting_id
"""


def _action(row: dict[str, Any]) -> ActionItem:
    return ActionItem(**{**row, "done": bool(row["done"])})


def meeting_actions(store: Store, meeting_id: int) -> list[ActionItem]:
    """The action items agreed at this meeting, in the order they were added."""
    rows = store._rows(_SELECT + " WHERE t.meeting_id = ? ORDER BY t.id", (meeting_id,))
    return [_action(r) for r in rows]


def carried_over(store: Store, meeting: Meeting) -> list[ActionItem]:
    """Open action items of the ring's earlier meetings: they carry over to this one."""
    key = meeting.held_on or "9999-12-31"
    rows = store._rows(
        _SELECT + " WHERE m.ring_id = :ring AND t.done = 0 AND m.id != :id AND"
        " (coalesce(m.held_on, '9999-12-31') < :key OR"
        "  (coalesce(m.held_on, '9999-12-31') = :key AND m.id < :id))"
        " ORDER BY coalesce(t.due_on, '9999-12-31'), t.id",
        {"ring": meeting.ring_id, "id": meeting.id, "key": key},
    )
    return [_action(r) for r in rows]


def done_since_last(store: Store, meeting: Meeting) -> list[ActionItem]:
    """Action items of the ring's earlier meetings done since the previous meeting (the
    latest earlier one by date) up to this meeting's day: reported in the minutes."""
    key = meeting.held_on or "9999-12-31"
    previous = store._rows(
        "SELECT max(held_on) AS day FROM meetings WHERE ring_id = ? AND id != ?"
        " AND held_on IS NOT NULL AND held_on < ?", (meeting.ring_id, meeting.id, key))
    since = previous[0]["day"] or "0000-01-01"
    rows = store._rows(
        _SELECT + " WHERE m.ring_id = :ring AND t.done = 1 AND m.id != :id"
        " AND t.done_on > :since AND t.done_on <= :key ORDER BY t.done_on, t.id",
        {"ring": meeting.ring_id, "id": meeting.id, "since": since, "key": key})
    return [_action(r) for r in rows]


def overdue(action: ActionItem, today: str | None = None) -> bool:
    """Open and past its due date."""
    today = today or date.today().isoformat()
    return not action.done and action.due_on is not None and action.due_on < today


def get_action(store: Store, action_id: int) -> ActionItem:
    rows = store._rows(_SELECT + " WHERE t.id = ?", (action_id,))
    if not rows:
        raise StoreError("not_found", detail=f"action_items {action_id}")
    return _action(rows[0])


def _values(conn: sqlite3.Connection, meeting_id: int | None,
            values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for field, value in values.items():
        if field not in ACTION_FIELDS:
            raise StoreError("invalid", detail=field)
        if field == "text":
            if value is None or not str(value).strip():
                raise StoreError("invalid", detail="text")
            out[field] = str(value).strip()
        elif field == "due_on":
            out[field] = check_date(value, "due_on")
        elif field == "done":
            out["done"] = 1 if value else 0
            out["done_on"] = date.today().isoformat() if value else None
        elif field == "agenda_item_id":
            if value is not None and conn.execute(
                "SELECT 1 FROM agenda_items WHERE id = ? AND (? IS NULL OR meeting_id = ?)",
                (value, meeting_id, meeting_id),
            ).fetchone() is None:
                raise StoreError("invalid", detail="agenda_item_id")
            out[field] = value
        else:
            out[field] = (value or "").strip() or None
    return out


def add_action(
    store: Store, meeting_id: int, text: str, owner: str | None = None,
    due_on: str | None = None, agenda_item_id: int | None = None,
) -> int:
    """A new open action item of the meeting; returns its id."""
    with store.write() as conn:
        values = _values(conn, meeting_id, {"text": text, "owner": owner, "due_on": due_on,
                                            "agenda_item_id": agenda_item_id})
        if conn.execute("SELECT 1 FROM meetings WHERE id = ?", (meeting_id,)).fetchone() is None:
            raise StoreError("not_found", detail=f"meetings {meeting_id}")
        cur = conn.execute(
            "INSERT INTO action_items(meeting_id, agenda_item_id, text, owner, due_on, done,"
            " version, updated_by, updated_at) VALUES (:meeting, :agenda_item_id, :text,"
            " :owner, :due_on, 0, 1, :_by, :_at)",
            {**values, **stamp(store), "meeting": meeting_id},
        )
        return int(cur.lastrowid or 0)


def update_action(store: Store, action_id: int, version: int, **changes: Any) -> int:
    """Change text, owner, due date or done; returns the new version."""
    with store.write() as conn:
        row = conn.execute("SELECT meeting_id FROM action_items WHERE id = ?",
                           (action_id,)).fetchone()
        values = _values(conn, row[0] if row else None, changes)
        return versioned_update(store, conn, "action_items", action_id, version, values)


def delete_action(store: Store, action_id: int, version: int) -> None:
    with store.write() as conn:
        versioned_delete(store, conn, "action_items", action_id, version)
