"""The one formatting function: German numbers, and never a signed zero."""

from __future__ import annotations

import pytest

from tui.kit import format as fmt


@pytest.mark.parametrize("value, decimals, expected", [
    (-0.004, 1, "0,0"), (-0.0, 1, "0,0"), (-0.0004, 2, "0,00"), (-0.4, 0, "0"),
    (-0.06, 1, "-0,1"), (-1234.56, 1, "-1.234,6"), (1234567.891, 1, "1.234.567,9"),
])
def test_number_never_shows_minus_zero(value: float, decimals: int, expected: str) -> None:
    assert fmt.number(value, decimals) == expected


@pytest.mark.parametrize("value, expected", [
    (-0.004, "0,0"), (0.004, "0,0"), (0.06, "+0,1"), (-0.06, "-0,1"), (None, "–"),
])
def test_signed_has_no_sign_on_a_rounded_zero(value: float | None, expected: str) -> None:
    assert fmt.signed(value, 1) == expected


def test_figure_cells_of_tiny_negative_values_read_zero() -> None:
    assert fmt.figure_cell(-0.01, 1, "provisional").plain == "0,0p"
