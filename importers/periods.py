"""Periods in the forms offices write them, normalised to `YYYY-Qn` or `YYYY-MM`."""

from __future__ import annotations

import re
from datetime import date, timedelta

MONTHS = {
    **dict.fromkeys(("januar", "jan", "jaenner", "january"), 1),
    **dict.fromkeys(("februar", "feb", "february"), 2),
    **dict.fromkeys(("maerz", "mae", "maer", "mrz", "marz", "march", "mar"), 3),
    **dict.fromkeys(("april", "apr"), 4),
    **dict.fromkeys(("mai", "may"), 5),
    **dict.fromkeys(("juni", "jun", "june"), 6),
    **dict.fromkeys(("juli", "jul", "july"), 7),
    **dict.fromkeys(("august", "aug"), 8),
    **dict.fromkeys(("september", "sep", "sept"), 9),
    **dict.fromkeys(("oktober", "okt", "october", "oct"), 10),
    **dict.fromkeys(("november", "nov"), 11),
    **dict.fromkeys(("dezember", "dez", "december", "dec"), 12),
}
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_QUARTER_WORD = r"(?:quartal|qu|q|vj|vierteljahr)"

# Each pattern names its groups year, quarter (digit or roman) or month (number or name).
_PATTERNS = [re.compile(p) for p in (
    r"^(?P<year>\d{4}) ?[-/.]? ?q ?(?P<quarter>[1-4])$",                 # 2007-Q1, 2007Q1
    r"^q ?(?P<quarter>[1-4]) ?[-/.]? ?(?P<year>\d{4})$",                 # Q1/2007
    rf"^(?P<quarter>[1-4]|i|ii|iii|iv) ?\.? ?{_QUARTER_WORD} ?\.? ?/? ?(?P<year>\d{{4}})$",
    r"^(?P<year>\d{4}) ?[-/.] ?(?P<month>\d{1,2})$",                     # 2007-03
    r"^(?P<month>\d{1,2}) ?[-/.] ?(?P<year>\d{4})$",                     # 03/2007, 3.2007
    r"^(?P<month>[a-z]{3,9}) ?\.? ?[-/]? ?(?P<year>\d{4})$",             # März 2007
    r"^(?P<year>\d{4})(?P<month>\d{2})$",                                # 200703
    r"^(?P<year>\d{4})-(?P<month>\d{2})-\d{2}(?:[ t]\d{2}:\d{2}(?::\d{2})?)?$",  # ISO date
    r"^\d{1,2}\.(?P<month>\d{1,2})\.(?P<year>\d{4})$",                   # 31.03.2007
)]
_EXCEL_EPOCH = date(1899, 12, 30)


def excel_day(text: str) -> date | None:
    """The day a spreadsheet date cell stands for when it was read as its serial number
    (20000 … 80000 covers 1954 to 2118; smaller numbers are never meant as dates here)."""
    simple = re.sub(r"\.0+$", "", text.strip())
    if re.fullmatch(r"\d{5}", simple) and 20000 <= int(simple) <= 80000:
        return _EXCEL_EPOCH + timedelta(days=int(simple))
    return None


def _simplify(text: str) -> str:
    """Lower case, umlauts spelled out, single spaces; keeps - / . as separators."""
    text = text.casefold().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    text = re.sub(r"\.0+$", "", text.strip())  # 200703.0 from a spreadsheet cell
    return " ".join(text.split())


def parse_period(text: str, excel: bool = False) -> str | None:
    """`YYYY-Qn` or `YYYY-MM` for a cell, or None when it is no period we know."""
    simple = _simplify(text)
    if excel and (day := excel_day(simple)) is not None:
        return f"{day.year:04d}-{day.month:02d}"
    for pattern in _PATTERNS:
        match = pattern.match(simple)
        if match is None:
            continue
        groups = match.groupdict()
        year = int(groups["year"])
        if not 1900 <= year <= 2999:
            return None
        if groups.get("quarter"):
            quarter = groups["quarter"]
            number = ROMAN.get(quarter) or int(quarter)
            return f"{year:04d}-Q{number}"
        month_text = groups["month"]
        month = int(month_text) if month_text.isdigit() else MONTHS.get(month_text.rstrip("."))
        if month is None or not 1 <= month <= 12:
            return None
        return f"{year:04d}-{month:02d}"
    return None


# Periods inside a title line ("Integrationsquote, 2. Quartal 2024"); full dates are left
# out on purpose: a title's "Stand: 15.07.2024" is when the table was made.
_IN_TEXT = re.compile(
    r"(?<![\w.])("
    r"\d{4} ?- ?q[1-4]|q[1-4] ?[/-] ?\d{4}|[1-4]\. ?quartal \d{4}|"
    r"[a-z]{3,9}\.? \d{4}|\d{1,2}/\d{4}|\d{4}-\d{2}"
    r")(?![\w.])"
)


def periods_in_text(text: str) -> set[str]:
    found = set()
    for match in _IN_TEXT.finditer(_simplify(text)):
        period = parse_period(match.group(1))
        if period is not None:
            found.add(period)
    return found


def is_period_header(text: str, excel: bool = False) -> bool:
    return bool(text) and parse_period(text, excel) is not None


# Official tables also hold annual figures: a year or a reference day (Stichtag).
_DAY = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_YEAR = re.compile(r"^(19|20|21)\d{2}$")


def parse_official_period(text: str) -> str | None:
    """A time cell of an official table (GENESIS, BA): a year (Jahresdurchschnitt or annual
    figure) stays `YYYY`, a day (Stichtag) becomes `YYYY-MM-DD`; months and quarters as
    everywhere else."""
    text = text.strip()
    if _YEAR.match(text):
        return text
    match = _DAY.match(text)
    parts = (match[3], match[2], match[1]) if match else None
    if parts is None and (match := _ISO_DAY.match(text)):
        parts = (match[1], match[2], match[3])
    if parts is not None:
        try:
            return date(int(parts[0]), int(parts[1]), int(parts[2])).isoformat()
        except ValueError:
            return None
    return parse_period(text)
