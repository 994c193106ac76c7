"""Numbers as German offices write them: decimal comma, thousands dot, symbols, status letters."""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from importers.columns import fold

# Official symbols (Zeichenerklärung): the cell holds no number, and says why.
SYMBOL_STATUS = {
    "–": "missing",       # nothing (en dash)
    "—": "missing",
    "-": "missing",       # the same, typed with a hyphen
    "…": "missing",       # not yet available
    "...": "missing",
    "x": "missing",       # not meaningful
    "X": "missing",
    "/": "missing",       # not reliable enough
    ".": "confidential",  # unknown or kept secret
    "*": "confidential",  # anonymised (BA statistics)
}
# A trailing letter after a number: provisional, revised, estimated.
FLAG_STATUS = {"p": "provisional", "r": "revised", "s": "estimated"}
STATUS_WORDS = {
    **{fold(w): "final" for w in ("final", "endgültig", "e", "definitiv")},
    **{fold(w): "provisional" for w in ("p", "vorläufig", "vorl", "provisional", "v")},
    **{fold(w): "revised" for w in ("r", "revidiert", "berichtigt", "korrigiert", "revised")},
    **{fold(w): "estimated" for w in ("s", "geschätzt", "Schätzung", "estimated", "imputiert",
                                       "hochgerechnet")},
    **{fold(w): "missing" for w in ("missing", "fehlt", "fehlend", "nicht vorhanden",
                                     "nicht verfügbar")},
    **{fold(w): "confidential" for w in ("confidential", "vertraulich", "geheim",
                                          "anonymisiert", "gesperrt")},
}

_GERMAN_THOUSANDS = r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$"
_ENGLISH_THOUSANDS = r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$"
_MACHINE = r"^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$"
_GERMAN_EVIDENCE = r"\d,(\d{1,2}|\d{4,})\s*%?\s*[prsPRS]?$|\d\.\d{3},\d"
_ENGLISH_EVIDENCE = r"\d\.(\d{1,2}|\d{4,})\s*%?\s*[prsPRS]?$|\d,\d{3}\.\d"


def status_word(text: str | None) -> str | None:
    """The status a status cell names, or None when it names none we know."""
    if text is None:
        return None
    return SYMBOL_STATUS.get(text.strip()) or STATUS_WORDS.get(fold(text))


def map_distinct(
    frame: pl.DataFrame, column: str, fn: Callable[[str], object], dtype: pl.DataType
) -> pl.Expr:
    """`fn` applied to each distinct value of a column (keys, periods and codes repeat
    thousands of times, so Python sees each once), as an expression over the column."""
    values = frame.get_column(column).drop_nulls().unique().to_list()
    mapping = {value: fn(value) for value in values}
    return pl.col(column).replace_strict(mapping, default=None, return_dtype=dtype)


def convention(frame: pl.DataFrame, cols: list[str], fmt: str) -> str:
    """'de' (decimal comma), 'en' (decimal point) or 'machine' (spreadsheet numbers).
    A CSV counts as English only with English evidence and no German evidence."""
    if fmt != "csv" or not cols:
        return "machine"
    if _anywhere(frame, cols, _GERMAN_EVIDENCE):
        return "de"
    return "en" if _anywhere(frame, cols, _ENGLISH_EVIDENCE) else "de"


def _anywhere(frame: pl.DataFrame, cols: list[str], pattern: str, step: int = 100_000) -> bool:
    """Whether any cell of `cols` matches; looked for part by part, so that evidence in the
    first rows (where a file's numbers usually show their form) ends the search."""
    for offset in range(0, frame.height, step):
        part = frame.slice(offset, step)
        if part.select(pl.any_horizontal(pl.col(c).str.contains(pattern).any() for c in cols)
                       ).item():
            return True
    return False


# Cells that need no cleaning at all: most of any file. Under "de" a dot is a thousands
# separator, so only the comma form may take the short way.
# ASCII digits only: a regex \d also matches full-width and Arabic-Indic digits, which
# would then fail the cast and be stored as missing instead of being refused.
_PLAIN = {"de": r"^-?[0-9]+(,[0-9]+)?$", "en": r"^-?[0-9]+(\.[0-9]+)?$",
          "machine": r"^-?[0-9]+(\.[0-9]+)?$"}


def parse(frame: pl.DataFrame, column: str, how: str, prefix: str) -> pl.DataFrame:
    """Add the number in a text column as `<prefix>value`, the status a symbol or a
    trailing letter gives it as `<prefix>symbol` / `<prefix>flag` (else null), and
    `<prefix>bad`: text that is no number at all.

    Plain numbers are converted directly; only the other cells (symbols, status letters,
    thousands separators, percent signs, garbage) go through the full treatment."""
    names = [f"{prefix}{n}" for n in ("value", "symbol", "flag", "bad")]
    raw = pl.col(column)
    plain = raw.str.contains(_PLAIN[how]).fill_null(True)
    frame = frame.with_columns(
        pl.when(plain).then(raw.str.replace(",", ".", literal=True).cast(pl.Float64, strict=False))
        .alias(names[0]),
        pl.lit(None, pl.String).alias(names[1]),
        pl.lit(None, pl.String).alias(names[2]),
        pl.lit(False).alias(names[3]),
        plain.alias("_plain"),
    )
    others = frame.select(column, "_plain").with_row_index("_index").filter(~pl.col("_plain"))
    frame = frame.drop("_plain")
    if others.height == 0:
        return frame
    others = _parse_thoroughly(others.select("_index", column), column, how, names)
    at = others["_index"]
    return frame.with_columns(frame[n].scatter(at, others[n]) for n in names)


def _parse_thoroughly(frame: pl.DataFrame, column: str, how: str, names: list[str]
                      ) -> pl.DataFrame:
    """The full treatment, one materialised step after the other (polars would otherwise
    evaluate the shared sub-expressions again in every branch)."""
    value, symbol, flag, bad = names
    raw = pl.col(column)
    letter = raw.str.extract(r"\d\s*%?\s*([prsPRS])$", 1).str.to_lowercase()
    frame = frame.with_columns(
        raw.replace_strict(SYMBOL_STATUS, default=None, return_dtype=pl.String).alias(symbol),
        letter.replace_strict(FLAG_STATUS, default=None, return_dtype=pl.String).alias(flag),
    )
    stripped = pl.when(pl.col(flag).is_not_null()).then(raw.str.replace(r"\s*[prsPRS]$", ""))
    frame = frame.with_columns(
        stripped.otherwise(raw).str.replace_all(r"[%\s']", "").str.replace(r"^[−–]", "-")
        .alias("_body")
    )
    text = pl.col("_body")
    german = text.str.replace_all(".", "", literal=True).str.replace(",", ".", literal=True)
    english = text.str.replace_all(",", "", literal=True)
    decimal_comma = text.str.replace(",", ".", literal=True)
    if how == "en":
        number = (
            pl.when(text.str.contains(_ENGLISH_THOUSANDS)).then(english)
            .when(text.str.contains(_GERMAN_THOUSANDS) & text.str.contains(",", literal=True))
            .then(german)
            .otherwise(decimal_comma)
        )
    else:
        number = (
            pl.when(text.str.contains(_GERMAN_THOUSANDS)).then(german)
            .when(text.str.contains(_ENGLISH_THOUSANDS) & text.str.contains(".", literal=True))
            .then(english)
            .otherwise(decimal_comma)
        )
        if how == "machine":
            number = pl.when(text.str.contains(_MACHINE)).then(text).otherwise(number)
    frame = frame.with_columns(number.cast(pl.Float64, strict=False).alias(value))
    # 1e-400 underflows to 0 and 1e400 overflows: neither is the figure the file meant.
    underflow = (pl.col(value) == 0) & text.str.contains(r"[1-9]")
    number_ok = (pl.col(value).is_finite() & ~underflow).fill_null(False)
    return frame.select(
        "_index",
        pl.when(number_ok & pl.col(symbol).is_null()).then(value).alias(value),
        symbol, flag,
        (raw.is_not_null() & pl.col(symbol).is_null() & ~number_ok).alias(bad),
    )
