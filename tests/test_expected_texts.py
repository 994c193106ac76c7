"""German readings of expected-value models: coefficients in plain words, refusals, ages."""

from __future__ import annotations

import math

from store.compare.expected import Model
from tui.kit.texts import expected as tx

K2 = {"code": "K2", "name": "Integrationsquote", "unit": "%", "decimals": 1}
ALQ = {"code": "ALQ", "name": "Arbeitslosenquote", "unit": "%"}
DICHTE = {"code": "DICHTE", "name": "Bevölkerungsdichte", "unit": "Einw./km²"}
EW = {"code": "EW", "name": "Einwohner", "unit": "Personen"}


def test_percentage_point_reading() -> None:
    assert tx.coefficient_reading("ALQ", -0.8, ALQ, K2) == (
        "Bei 1 Prozentpunkt höherer Arbeitslosenquote liegt die Integrationsquote im Mittel "
        "um 0,80 Prozentpunkte niedriger.")


def test_log_term_reads_as_doubling() -> None:
    text = tx.coefficient_reading("ln(DICHTE)", 1 / math.log(2), DICHTE, K2)
    assert text == ("Bei doppelt so hoher Bevölkerungsdichte liegt die Integrationsquote im "
                    "Mittel um 1,00 Prozentpunkte höher.")


def test_other_units_and_names_without_a_known_gender() -> None:
    text = tx.coefficient_reading("EW", 0.00002, EW, {**K2, "decimals": 4})
    assert text.startswith("Bei 1 Person mehr bei „Einwohner“ liegt die Integrationsquote")
    assert text.endswith("um 0,00002 Prozentpunkte höher.")


def test_a_coefficient_that_rounds_to_zero_reads_as_no_difference() -> None:
    assert tx.coefficient_reading("ALQ", 0.0004, ALQ, K2).endswith("im Mittel praktisch gleich.")


def test_refusals_and_context_ages() -> None:
    few = Model(("ALQ", "SGB2Q", "ln(DICHTE)"), n=7, needed=12, refused="too_few")
    assert tx.model_line(few, []) == (
        "Kein Modell: nur 7 Kommunen mit Wert und allen Rahmenbedingungen "
        "(12 nötig: 3 × (Variablen + 1)).")
    assert tx.readings(few, {}, K2) == []
    ages = [{"indicator_code": "ALQ", "period": "2026-Q1", "age_months": 0},
            {"indicator_code": "DICHTE", "period": "2025-12-31", "age_months": 3}]
    assert tx.ages_text(ages) == "ALQ Q1/2026, DICHTE 31.12.2025 (bis 3 Mon. alt)"
    same = [{"indicator_code": c, "period": "2026-Q1", "age_months": 0} for c in ("ALQ", "EW")]
    assert tx.ages_text(same) == "alle Q1/2026"
