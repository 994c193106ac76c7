"""German texts for expected values from context figures: model line, readings, fact sheet."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from store import periods
from store.compare.expected import FAR_THRESHOLD, Model, parse_term
from tui.kit import format as fmt

TAB_EXPECTED = "Erwartung"
EXPECTED_COLUMNS = ("Kommune", "Wert", "Erwartet", "Residuum", "Kontext")
EXPECTED_LEGEND = "Resid. = Wert − Erwartung · ▲ günstiger ▼ ungünstiger als erwartet · ● weit ab"
INTERCEPT = "Konstante"
VARIABLES_TITLE = "Modellvariablen des Rings „{ring}“"
VARIABLE_PLAIN = "{term} – {name}"
VARIABLE_LOG = "{term} – {name}, logarithmiert"
VARIABLES_CHOSEN = "Gewählt: {variables}"
VARIABLES_DEFAULT = "nichts (Standard ALQ, SGB2Q, ln(DICHTE))"
VARIABLES_SAVED = "Modellvariablen gespeichert: {variables}"
MODE_EXPECTED = "Erwartet"
DOC_EXPECTED = "Erwartung aus Rahmenbedingungen"
CHART_TITLE = "Wert − Erwartung"
PROFILE_HEADING = "Erwartung aus den Rahmenbedingungen ({variables})"
PROFILE_COLUMNS = ("Kz.", "Kennzahl", "Wert", "Erwartet", "Residuum", "R²")
REFUSED = {
    "too_few": "Kein Modell: nur {n} Kommunen mit Wert und allen Rahmenbedingungen "
               "({needed} nötig: 3 × (Variablen + 1)).",
    "singular": "Kein Modell: die Rahmenbedingungen unterscheiden sich nicht genug "
                "(linear abhängig oder überall gleich).",
}
REFUSED_SHORT = {"too_few": "kein Modell (n={n})", "singular": "kein Modell"}
CONTEXT_CURRENT = "aktuell"
CONTEXT_AGE = "{months} Mon. alt"
ASSESSMENT_SYMBOLS = {"favourable": " ▲", "unfavourable": " ▼"}

FACTS_HEADING = "Erwartungswert aus den Rahmenbedingungen"
FACTS_METHOD = (
    "Für jedes Quartal wird über alle Kommunen der Datenbank mit einem Wert und allen "
    "Rahmenbedingungen eine lineare Regression (kleinste Quadrate) des Werts auf {variables} "
    "gerechnet. Der Erwartungswert ist, was diese Rahmenbedingungen für eine Kommune im Mittel "
    "erwarten lassen; das Residuum (Wert − Erwartung) zeigt, wie weit sie darüber oder darunter "
    "liegt, bewertet in der Richtung der Kennzahl (Kennzahlen ohne Wertung nie). ● markiert "
    "Residuen über {far} Standardfehlern.\n"
)
# What an expected value is not (the fact sheet and the ring report share it).
FACTS_LIMITS = (
    "Grenzen: eine Erwartung, kein Ziel. R² sagt, welcher Anteil der Unterschiede durch die "
    "Rahmenbedingungen erklärt ist – der Rest kann an der Arbeit vor Ort liegen oder an "
    "allem, was das Modell nicht kennt. Wenige Kommunen bedeuten große Unsicherheit; unter "
    "3 × (Variablen + 1) Kommunen gibt es kein Modell. Jahreswerte (Stichtag, "
    "Jahresdurchschnitt) werden mit ihrem letzten verfügbaren Stand genutzt und können "
    "Monate alt sein.\n"
)
FACTS_TEXT = FACTS_METHOD + FACTS_LIMITS
SINGULAR = {"Personen": "Person", "Anzahl": ""}  # "1 Person mehr", not "1 Personen"
FEMININE_ENDINGS = ("quote", "rate", "dichte", "zahl", "ung", "heit", "keit")


def _feminine(name: str) -> bool:
    return name.casefold().endswith(FEMININE_ENDINGS)


def _number(value: float, decimals: int) -> str:
    """German number without a sign on a value that rounds to zero."""
    return fmt.number(round(value, decimals) + 0.0, decimals)


def r2_text(model: Model) -> str:
    return "–" if model.r2 is None else _number(model.r2, 2)


def coefficient_reading(term: str, coefficient: float, context: Mapping[str, Any],
                        outcome: Mapping[str, Any]) -> str:
    """'Bei 1 Prozentpunkt höherer Arbeitslosenquote liegt die Integrationsquote im Mittel
    um 0,80 Prozentpunkte niedriger.' (a log term reads as 'doppelt so hoch')."""
    _code, log = parse_term(term)
    name = fmt.clean(context.get("name") or term)
    unit = context.get("unit") or ""
    if log:
        amount = coefficient * math.log(2)
        cause = (f"Bei doppelt so hoher {name}" if _feminine(name)
                 else f"Bei doppelt so hohem Wert für „{name}“")
    else:
        amount = coefficient
        step = "1 Prozentpunkt" if unit == "%" else f"1 {SINGULAR.get(unit, unit)}".strip()
        cause = f"Bei {step} höherer {name}" if _feminine(name) else f"Bei {step} mehr bei „{name}“"
    outcome_name = fmt.clean(outcome.get("name") or outcome.get("code"))
    subject = f"die {outcome_name}" if _feminine(outcome_name) else f"„{outcome_name}“"
    decimals = (outcome.get("decimals") if outcome.get("decimals") is not None else 1) + 1
    shown = _number(abs(amount), decimals)
    if shown.strip("0,.") == "":
        return f"{cause} ist {subject} im Mittel praktisch gleich."
    out_unit = outcome.get("unit") or ""
    unit_word = ("Prozentpunkte" if out_unit == "%"
                 else "" if out_unit in ("Anzahl", "Personen") else out_unit)
    side = "höher" if amount > 0 else "niedriger"
    return f"{cause} liegt {subject} im Mittel um {shown} {unit_word} {side}.".replace("  ", " ")


def readings(model: Model, catalogue: Mapping[str, Mapping[str, Any]],
             outcome: Mapping[str, Any]) -> list[str]:
    """One sentence per variable of a fitted model."""
    if not model.ok:
        return []
    return [coefficient_reading(term, model.coefficients[term],
                                catalogue.get(parse_term(term)[0], {}), outcome)
            for term in model.variables]


def refusal(model: Model) -> str:
    return REFUSED[model.refused or "too_few"].format(n=model.n, needed=model.needed)


def ages_text(ages: list[dict[str, Any]]) -> str:
    """'ALQ Q1/2026, DICHTE 31.12.2025 (3 Mon. alt)': where the context figures come from."""
    if ages and not any(row["age_months"] for row in ages) and len(
            {row["period"] for row in ages}) == 1:
        return f"alle {periods.short_label(ages[0]['period'])}"
    parts = []
    for row in ages:
        text = f"{row['indicator_code']} {periods.short_label(row['period'])}"
        if row["age_months"]:
            text += f" (bis {CONTEXT_AGE.format(months=row['age_months'])})"
        parts.append(text)
    return ", ".join(parts)


def model_line(model: Model, ages: list[dict[str, Any]]) -> str:
    """The line above the Erwartung view: n, R², variables, and how old the context is."""
    if not model.ok:
        return refusal(model)
    return (f"Modell: n={model.n} · R² {r2_text(model)} · {', '.join(model.variables)}"
            f" · Kontext: {ages_text(ages)}")


def context_age(months: int | None) -> str:
    if months is None:
        return "–"
    return CONTEXT_CURRENT if months == 0 else CONTEXT_AGE.format(months=months)


def facts(model: Model | None, variables: tuple[str, ...], reading_lines: list[str]) -> str:
    """The fact sheet's section on the model, with the current model's figures."""
    text = FACTS_TEXT.format(variables=", ".join(variables), far=_number(FAR_THRESHOLD, 0))
    if model is not None:
        if model.ok:
            text += (f"Dieses Quartal: n={model.n}, R² {r2_text(model)} – die "
                     f"Rahmenbedingungen erklären etwa {_number((model.r2 or 0) * 100, 0)} % "
                     "der Unterschiede.\n")
            text += "".join(f"• {line}\n" for line in reading_lines)
        else:
            text += refusal(model) + "\n"
    return text
