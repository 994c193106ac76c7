"""Reads kept until the database changes: in this process or in another one."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from store.db import Store

T = TypeVar("T")
KEPT = 256  # entries; the oldest go first (a long session browses many municipalities)


def remembered(store: Store, key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()`, kept in the store's read cache under `key` until anyone commits."""
    version = store.data_version()
    cached = store.cache.get(key)
    if cached is not None and cached[0] == version:
        return cached[1]
    value = compute()
    store.cache.pop(key, None)
    store.cache[key] = (version, value)
    while len(store.cache) > KEPT:
        del store.cache[next(iter(store.cache))]
    return value


def peek(store: Store, key: Hashable) -> Any | None:
    """What `remembered` keeps under `key` if it is still current, else None."""
    cached = store.cache.get(key)
    if cached is None or cached[0] != store.data_version():
        return None
    return cached[1]
