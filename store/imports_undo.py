"""Undo one import of figures: put back the values it replaced, remove the ones it added."""

from __future__ import annotations

from dataclasses import dataclass

from store import audit
from store.db import Store, StoreError


@dataclass(frozen=True)
class UndoResult:
    import_id: int
    file_name: str
    restored: int  # figures set back to the value they had before the import
    removed: int  # figures the import had added


def undo_import(store: Store, import_id: int) -> UndoResult:
    """One transaction. Refused (StoreError invalid) when the import is unknown, was
    already undone, or when a later import changed figures it wrote: that one must be
    undone first, or its corrections would be lost."""
    with store.write() as conn:
        row = conn.execute("SELECT file_name, kind FROM imports WHERE id = ?",
                           (import_id,)).fetchone()
        if row is None:
            raise StoreError("not_found", store.path, f"import {import_id}")
        file_name, kind = row
        if kind != "figures":
            raise StoreError("invalid", store.path, f"undo_kind {kind}")
        done = conn.execute(
            "SELECT 1 FROM audit_log WHERE action = 'undo_import' AND row_id = ?",
            (import_id,)).fetchone()
        if done:
            raise StoreError("invalid", store.path, f"undo_done {import_id}")
        later = conn.execute(
            "SELECT min(replaced_by_import) FROM observation_history"
            " WHERE import_id = ? AND replaced_by_import > ?", (import_id, import_id)).fetchone()[0]
        if later is not None:
            raise StoreError("invalid", store.path, f"undo_later {later}")
        restored = conn.execute(
            "UPDATE observations SET (value, numerator, denominator, status, import_id) ="
            " (SELECT h.value, h.numerator, h.denominator, h.status, h.import_id"
            "  FROM observation_history h WHERE h.replaced_by_import = :id"
            "  AND h.ags = observations.ags AND h.indicator_code = observations.indicator_code"
            "  AND h.period = observations.period ORDER BY h.id DESC LIMIT 1)"
            " WHERE import_id = :id AND EXISTS (SELECT 1 FROM observation_history h"
            "  WHERE h.replaced_by_import = :id AND h.ags = observations.ags"
            "  AND h.indicator_code = observations.indicator_code"
            "  AND h.period = observations.period)", {"id": import_id}).rowcount
        removed = conn.execute("DELETE FROM observations WHERE import_id = ?",
                               (import_id,)).rowcount
        conn.execute("DELETE FROM observation_history WHERE replaced_by_import = ?",
                     (import_id,))
        audit.record(conn, store.user, "undo_import", "imports", import_id,
                     {"file_name": file_name, "restored": restored, "removed": removed})
    return UndoResult(import_id, file_name, restored, removed)
