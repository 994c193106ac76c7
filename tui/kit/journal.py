"""A local journal of typed text that is not yet in the database.

Text is put here (one small JSON file per database in the user's data directory, written
atomically: temporary file, fsync, rename) before a write to the database is attempted, and
taken out once that write has committed. Whatever is left after a held lock, a full disk or
a dropped connection is offered again on the next start."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from tui.kit.locations import journal_dir
from tui.kit.outfile import write_atomic


@dataclass(frozen=True)
class Entry:
    """One piece of unsaved text. `kind` says where it belongs: "item" (an agenda item's
    notes or decisions: target has id, field) or "annotation" (target has ags, code, period).
    `base` is the stored text the typing started from."""

    key: str
    kind: str
    label: str
    text: str
    base: str = ""
    target: dict[str, Any] = field(default_factory=dict)
    saved_at: str = ""
    pid: int = field(default_factory=os.getpid)  # the process that typed it

    def held_elsewhere(self) -> bool:
        """Still held by another running Ringvergleich (a second window of the same user):
        that one saves it itself, so a start must not offer it."""
        if self.pid in (0, os.getpid()):
            return False
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except OSError:  # exists, but not ours to signal: not one of our windows
            return False
        try:
            command = Path(f"/proc/{self.pid}/cmdline").read_bytes()
        except OSError:
            return True  # no /proc: trust the live process id
        return b"ringvergleich" in command or b"python" in command


def journal_path(db_path: str | Path) -> Path:
    resolved = str(Path(db_path).resolve())
    digest = hashlib.sha256(resolved.encode("utf-8")).hexdigest()[:16]
    return journal_dir() / f"{Path(db_path).name}-{digest}.json"


class Journal:
    """The journal of one database."""

    def __init__(self, db_path: str | Path) -> None:
        self.db_path = str(Path(db_path).resolve())
        self.path = journal_path(db_path)

    def entries(self) -> dict[str, Entry]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        out = {}
        for raw in data.get("entries", []):
            try:
                entry = Entry(**raw)
            except TypeError:
                continue
            out[entry.key] = entry
        return out

    def orphans(self) -> dict[str, Entry]:
        """The entries no running window holds: what a start should offer."""
        return {k: e for k, e in self.entries().items() if not e.held_elsewhere()}

    def keep(self, *entries: Entry) -> None:
        """Add or replace entries (raises OSError when even the journal cannot be written)."""
        current = self.entries()
        for entry in entries:
            current[entry.key] = entry
        self._write(current)

    def drop(self, *keys: str) -> None:
        current = self.entries()
        if not any(key in current for key in keys):
            return
        for key in keys:
            current.pop(key, None)
        self._write(current)

    def _write(self, entries: dict[str, Entry]) -> None:
        if not entries:
            self.path.unlink(missing_ok=True)
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {"db": self.db_path, "entries": [asdict(e) for e in entries.values()]}
        payload = json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
        write_atomic(self.path, payload)
