"""Period forms offices use, normalised to YYYY-Qn and YYYY-MM."""

from __future__ import annotations

import pytest

from importers.periods import parse_period, periods_in_text


@pytest.mark.parametrize(
    "text, period",
    [
        ("2007-Q1", "2007-Q1"), ("2007Q1", "2007-Q1"), ("2007 q1", "2007-Q1"),
        ("Q1/2007", "2007-Q1"), ("Q4 2007", "2007-Q4"), ("q2-2007", "2007-Q2"),
        ("1. Quartal 2007", "2007-Q1"), ("3.Quartal 2007", "2007-Q3"), ("2. Qu. 2007", "2007-Q2"),
        ("IV. Quartal 2007", "2007-Q4"), ("4. Vj 2007", "2007-Q4"),
        ("2007-03", "2007-03"), ("2007/3", "2007-03"), ("03/2007", "2007-03"),
        ("3/2007", "2007-03"), ("03.2007", "2007-03"), ("März 2007", "2007-03"),
        ("Mär. 2007", "2007-03"), ("Maerz 2007", "2007-03"), ("Dezember 2007", "2007-12"),
        ("Jan 2007", "2007-01"), ("200703", "2007-03"), ("200712.0", "2007-12"),
        ("2007-03-31", "2007-03"), ("31.03.2007", "2007-03"), ("2007-03-31 00:00:00", "2007-03"),
        (" 2007-Q1 ", "2007-Q1"),
    ],
)
def test_period_forms(text: str, period: str) -> None:
    assert parse_period(text) == period


@pytest.mark.parametrize("text", ["2007", "2007-13", "13/2007", "Q5/2007", "5. Quartal 2007",
                                  "Frühling 2007", "200713", "0850-Q1", "abc", "", "K2"])
def test_not_periods(text: str) -> None:
    assert parse_period(text) is None


def test_excel_date_serials_only_from_excel() -> None:
    assert parse_period("45382", excel=True) == "2024-03"  # 2024-03-31 as a sheet serial
    assert parse_period("45382") is None


def test_periods_in_title_lines() -> None:
    assert periods_in_text("Integrationsquote, 2. Quartal 2024") == {"2024-Q2"}
    assert periods_in_text("Berichtsmonat März 2024 – Stand: 15.07.2024") == {"2024-03"}
    assert periods_in_text("Januar 2024 bis März 2024") == {"2024-01", "2024-03"}
    assert periods_in_text("Kennzahlen nach § 48a SGB II") == set()
