"""Period forms: quarters and months for comparisons, years and reference days for annual figures."""

from __future__ import annotations

from datetime import date

import pytest

from store import periods


@pytest.mark.parametrize(
    ("period", "year", "day", "compared"),
    [
        ("2024", True, False, False),
        ("2024-12-31", False, True, False),
        ("2024-06-30", False, True, False),
        ("2024-Q3", False, False, True),
        ("2024-03", False, False, True),
    ],
)
def test_forms_are_told_apart(period: str, year: bool, day: bool, compared: bool) -> None:
    assert periods.is_year(period) is year
    assert periods.is_day(period) is day
    assert periods.is_period(period) is compared
    assert periods.is_any_period(period)


@pytest.mark.parametrize("text", ["2024-02-30", "2024-13-01", "24", "2024-Q5", "2024-00"])
def test_impossible_periods_are_none_of_the_forms(text: str) -> None:
    assert not periods.is_any_period(text)


def test_annual_forms_have_dates_and_labels() -> None:
    assert periods.start_date("2024") == date(2024, 1, 1)
    assert periods.end_date("2024") == date(2024, 12, 31)
    assert periods.end_date("2015-12-31") == date(2015, 12, 31)
    assert periods.label("2024") == "Jahr 2024"
    assert periods.label("2015-12-31") == "31.12.2015"
    assert periods.short_label("2015-12-31") == "31.12.2015"
    assert periods.end_date("2024-Q3") == date(2024, 9, 30)
