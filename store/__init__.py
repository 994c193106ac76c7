"""Storage: SQLite schema, typed reads and writes, and the polars comparison code."""

from store.db import Store, StoreError, create_database, open_store

__all__ = ["Store", "StoreError", "create_database", "open_store"]
