"""Numbers in German office notation: symbols, status letters, separators, conventions."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from importers import numbers
from tui.kit import format as fmt


def parse(texts: list[str | None], how: str = "de") -> list[tuple]:
    frame = pl.DataFrame({"v": texts}, schema={"v": pl.String})
    return numbers.parse(frame, "v", how, "_").drop("v").rows()


@pytest.mark.parametrize(
    "symbol, status",
    [("–", "missing"), ("-", "missing"), ("…", "missing"), ("...", "missing"), ("x", "missing"),
     ("/", "missing"), (".", "confidential"), ("*", "confidential")],
)
def test_official_symbols_are_null_with_a_status_never_zero(symbol: str, status: str) -> None:
    assert parse([symbol]) == [(None, status, None, False)]


@pytest.mark.parametrize("text, flag", [("12,3p", "provisional"), ("12,3 r", "revised"),
                                        ("12,3 s", "estimated"), ("12,3 % p", "provisional"),
                                        ("12,3P", "provisional")])
def test_trailing_letters_mark_the_status(text: str, flag: str) -> None:
    assert parse([text]) == [(12.3, None, flag, False)]


@pytest.mark.parametrize(
    "text, value",
    [("12,5", 12.5), ("1.234,5", 1234.5), ("1.234.567", 1234567.0), ("1 234,5", 1234.5),
     ("1\u00a0234,5", 1234.5), ("12,5 %", 12.5), ("12,5%", 12.5), ("−1,5", -1.5), ("–1,5", -1.5),
     ("-0,25", -0.25), ("12.5", 12.5), ("1,234.5", 1234.5), ("0", 0.0), ("007", 7.0)],
)
def test_german_numbers(text: str, value: float) -> None:
    assert parse([text]) == [(value, None, None, False)]


@pytest.mark.parametrize("text", ["abc", "12,5x", "nan", "inf", "1,2,3", "12;5", "p"])
def test_garbage_is_reported_not_guessed(text: str) -> None:
    assert parse([text]) == [(None, None, None, True)]


def test_empty_cells_are_neither_numbers_nor_problems() -> None:
    assert parse([None]) == [(None, None, None, False)]


def test_ambiguous_separators_follow_the_file_convention() -> None:
    assert parse(["1.234", "1,234"], "de") == [(1234.0, None, None, False),
                                                (1.234, None, None, False)]
    assert parse(["1.234", "1,234"], "en") == [(1.234, None, None, False),
                                                (1234.0, None, None, False)]
    assert parse(["1.234"], "machine") == [(1.234, None, None, False)]


@pytest.mark.parametrize(
    "texts, fmt_, expected",
    [(["12,5", "1.234"], "csv", "de"), (["12.5", "1.234"], "csv", "en"),
     (["1.234", "2.000"], "csv", "de"), (["12.5", "3,25"], "csv", "de"),
     (["12.5"], "excel", "machine"), (["12,5"], "toml", "machine")],
)
def test_convention_of_a_file(texts: list[str], fmt_: str, expected: str) -> None:
    frame = pl.DataFrame({"v": texts})
    assert numbers.convention(frame, ["v"], fmt_) == expected


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False), st.integers(0, 4))
def test_what_the_app_displays_reads_back(value: float, decimals: int) -> None:
    """A figure formatted the German way (thousands dot, decimal comma) parses back."""
    text = fmt.number(value, decimals)
    parsed = parse([text])[0]
    assert parsed[3] is False
    assert parsed[0] == pytest.approx(round(value, decimals), abs=10 ** -decimals)


def test_status_words() -> None:
    assert [numbers.status_word(w) for w in ("p", "vorläufig", "Revidiert", "geschätzt", "x",
                                             "vertraulich", "endgültig", "zz")] == [
        "provisional", "provisional", "revised", "estimated", "missing", "confidential",
        "final", None]
