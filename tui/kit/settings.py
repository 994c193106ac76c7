"""Per-user settings (own municipality) in a small JSON file in the data directory."""

from __future__ import annotations

import json
from typing import Any

from tui.kit.locations import settings_path
from tui.kit.outfile import write_atomic


def load_settings() -> dict[str, Any]:
    try:
        data = json.loads(settings_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_setting(key: str, value: Any) -> None:
    """Raises OSError when the file cannot be written (full disk, read-only home)."""
    data = load_settings()
    data[key] = value
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    # Atomic and flushed: a crash or a full disk never leaves half a file.
    write_atomic(path, json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8"))
