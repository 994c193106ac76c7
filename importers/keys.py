"""Match municipalities (AGS or name variants) and indicators (code or name) to the database."""

from __future__ import annotations

import re

import polars as pl

from importers.columns import fold, norm_header

# Words that say what kind of area a name is; "Düren, Kreis", "LK Düren" and "Kreis Düren"
# all reduce to ("dueren", "district").
KIND_WORDS = {
    **dict.fromkeys(("landkreis", "kreis", "lk", "lkr", "lkrs", "kr", "krs"), "district"),
    **dict.fromkeys(("kreisfreie stadt", "stadt", "sk", "krfr stadt", "kfr stadt", "krfr st",
                     "stadtkreis", "kfs"), "city"),
    **dict.fromkeys(("region", "staedteregion", "regionalverband"), "region"),
}
_PREFIXES = ("kommunales jobcenter", "jobcenter", "jc", "optionskommune")
_BY_LENGTH = sorted(KIND_WORDS, key=len, reverse=True)
_DIGITS = re.compile(r"(?<!\d)\d{4,12}(?!\d)")


def name_key(name: str, kind: str | None = None) -> tuple[str, str | None]:
    """(base name, kind class) of a municipality name; `kind` is the database's kind column."""
    text = fold(name)
    for prefix in _PREFIXES:
        if text.startswith(prefix + " "):
            text = text[len(prefix) + 1:]
    found = None
    for word in _BY_LENGTH:
        if text.startswith(word + " "):
            text, found = text[len(word) + 1:], KIND_WORDS[word]
            break
        if text.endswith(" " + word):
            text, found = text[: -len(word) - 1], KIND_WORDS[word]
            break
    if found is None and kind:
        found = KIND_WORDS.get(fold(kind))
    return text, found


def key_digits(text: str) -> str | None:
    """The digits of a regional key as written (spaces and a spreadsheet's ".0" dropped)."""
    digits = re.sub(r"\.0+$", "", re.sub(r"\s+", "", text))
    return digits if digits.isdigit() else None


def with_lost_zero(digits: str) -> str:
    """A key of 4, 7 or 11 digits lost its leading zero in a spreadsheet (05358 → 5358)."""
    return "0" + digits if len(digits) in (4, 7, 11) else digits


def ags_candidates(text: str) -> list[str]:
    """Keys a digit string may stand for: as written, with the leading zero Excel dropped,
    or the district part of an 8- or 12-digit municipality key ending in zeros."""
    digits = key_digits(text)
    if digits is None:
        return []
    out = [digits]
    if with_lost_zero(digits) != digits:
        out.append(with_lost_zero(digits))
    for key in list(out):
        if len(key) in (8, 12) and set(key[5:]) == {"0"}:
            out.append(key[:5])
    return out


class MunicipalityMatcher:
    """Resolves key or name cells to an AGS from the municipalities table."""

    def __init__(self, municipalities: pl.DataFrame) -> None:
        self.keys = set(municipalities["ags"].to_list())
        self.exact: dict[str, set[str]] = {}
        self.by_kind: dict[tuple[str, str | None], set[str]] = {}
        self.by_base: dict[str, set[str]] = {}
        self.names: dict[str, str] = {}
        for row in municipalities.iter_rows(named=True):
            ags = row["ags"]
            self.names[ags] = row["name"]
            self.exact.setdefault(fold(row["name"]), set()).add(ags)
            base, kind = name_key(row["name"], row.get("kind"))
            self.by_kind.setdefault((base, kind), set()).add(ags)
            self.by_base.setdefault(base, set()).add(ags)

    def match(self, text: str) -> tuple[str | None, list[str]]:
        """(ags, []) when one municipality fits; (None, candidates) when several do;
        (None, []) when none does."""
        for candidate in ags_candidates(text):
            if candidate in self.keys:
                return candidate, []
        if ags_candidates(text):
            return None, []  # a key we do not know: never guess from a name
        tokens = _DIGITS.findall(text)
        if len(tokens) == 1:
            for candidate in ags_candidates(tokens[0]):
                if candidate in self.keys:
                    return candidate, []
        found = self.exact.get(fold(text))
        if found is None:
            base, kind = name_key(text)
            found = self.by_kind.get((base, kind)) if kind else None
            if not found:
                found = self.by_kind.get((base, None)) if kind else self.by_base.get(base)
        if not found:
            return None, []
        if len(found) == 1:
            return next(iter(found)), []
        return None, sorted(found)


    def disagrees(self, ags: str, name: str) -> bool:
        """True when `name` names another municipality than `ags` (a name we cannot place
        at all is no evidence either way: new spellings pass)."""
        found, choices = self.match(name)
        if found is not None:
            return found != ags
        return bool(choices) and ags not in choices


class IndicatorMatcher:
    """Resolves an indicator code or catalogue name (as a cell or a column header)."""

    def __init__(self, indicators: pl.DataFrame) -> None:
        self.codes = {fold(c).replace(" ", ""): c for c in indicators["code"].to_list()}
        self.names: dict[str, str] = {}
        for row in indicators.iter_rows(named=True):
            for name in (row["name"], row.get("short_name")):
                if name and len(fold(name)) >= 3:
                    self.names.setdefault(fold(name), row["code"])

    def match(self, text: str) -> str | None:
        folded = fold(text)
        for candidate in (folded, norm_header(text)):
            if candidate.replace(" ", "") in self.codes:
                return self.codes[candidate.replace(" ", "")]
            if candidate in self.names:
                return self.names[candidate]
        in_text = self.in_text(text, case_sensitive=False)
        return next(iter(in_text)) if len(in_text) == 1 else None

    def in_text(self, text: str, case_sensitive: bool = True) -> set[str]:
        """Indicators a free text names: codes as whole words (upper case in a title, so
        that ordinary words are not taken for codes) or catalogue names of 8+ letters;
        a name inside a longer name found too counts only once, as the longer one."""
        tokens = re.split(r"[^0-9A-Za-z]+", text)
        codes = {
            self.codes[t.casefold()] for t in tokens
            if t.casefold() in self.codes and (not case_sensitive or t.isupper() or t.isdigit())
        }
        folded = f" {fold(text)} "
        names = [n for n in self.names if len(n) >= 8 and f" {n} " in folded]
        longest = [n for n in names if not any(n != m and n in m for m in names)]
        return codes | {self.names[n] for n in longest}
