"""Organisational practices and who adopted them when."""

from __future__ import annotations

import polars as pl

from store.db import Store


def practices(store: Store) -> pl.DataFrame:
    return store._frame(
        "SELECT p.id, p.name, coalesce(p.description, '') AS description,"
        " (SELECT count(*) FROM practice_adoptions a WHERE a.practice_id = p.id) AS adopters"
        " FROM practices p ORDER BY p.name",
        schema={"id": pl.Int64, "name": pl.String, "description": pl.String,
                "adopters": pl.Int64},
    )


def adoptions_of(store: Store, ags: str) -> pl.DataFrame:
    """Practices a municipality adopted, with the date and an optional note."""
    return store._frame(
        "SELECT p.id, p.name, a.since, coalesce(a.note, '') AS note FROM practice_adoptions a"
        " JOIN practices p ON p.id = a.practice_id WHERE a.ags = ? ORDER BY a.since",
        (ags,),
        schema={"id": pl.Int64, "name": pl.String, "since": pl.String, "note": pl.String},
    )
