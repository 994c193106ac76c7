"""Display formatting: a value that rounds to zero never shows a minus sign."""

from __future__ import annotations

import pytest

from tui.kit import format as fmt


@pytest.mark.parametrize(("value", "decimals", "text"), [
    (-0.04, 1, "0,0"), (-0.0, 1, "0,0"), (-0.0004, 3, "0,000"), (-0.4, 0, "0"),
    (-0.06, 1, "-0,1"), (-1234.5, 0, "-1.234"), (0.04, 1, "0,0"), (-1234567.891, 1, "-1.234.567,9"),
])
def test_number_has_no_sign_on_zero(value: float, decimals: int, text: str) -> None:
    assert fmt.number(value, decimals) == text


def test_signed_rounding_to_zero_has_no_sign() -> None:
    assert [fmt.signed(v, 1) for v in (-0.04, 0.04, 0.06, -0.06)] == ["0,0", "0,0", "+0,1", "-0,1"]
