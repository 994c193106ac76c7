"""Reads kept until the database changes: in this process or in another one."""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from store.db import Store

T = TypeVar("T")
KEPT = 256  # entries; the oldest go first (a long session browses many municipalities)
_running: dict[tuple[int, Hashable], threading.Event] = {}
_guard = threading.Lock()


def remembered(store: Store, key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()`, kept in the store's read cache under `key` until anyone commits. While
    another thread computes the same (a read ahead), this one waits for its result instead
    of reading everything a second time beside it."""
    found = peek(store, key)
    if found is not None:
        return found
    ident = (id(store), key)
    with _guard:
        running = _running.get(ident)
        mine = running is None
        if mine:
            running = _running[ident] = threading.Event()
    if not mine and not store.held_here():  # never wait while holding what the other needs
        running.wait(timeout=5)
        found = peek(store, key)
        if found is not None:
            return found
    try:
        version = store.data_version()
        value = compute()
        with _guard:  # workers of several screens keep their reads at the same time
            store.cache.pop(key, None)
            store.cache[key] = (version, value)
            while len(store.cache) > KEPT:
                del store.cache[next(iter(store.cache))]
        return value
    finally:
        if mine:
            with _guard:
                _running.pop(ident, None)
            running.set()


def peek(store: Store, key: Hashable) -> Any | None:
    """What `remembered` keeps under `key` if it is still current, else None."""
    cached = store.cache.get(key)
    if cached is None or cached[0] != store.data_version():
        return None
    return cached[1]
