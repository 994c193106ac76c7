"""Readable texts about an indicator in a ring: its fact sheet and the comparison summary line."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from store.compare.expected import DEFAULT_VARIABLES
from tui.kit import format as fmt
from tui.kit import texts
from tui.kit.texts import expected as ex_texts
from tui.kit.widgets.expected import ExpectedView


def fact_sheet(info: dict[str, Any], expected: ExpectedView | None = None) -> Text:
    """The indicator's definition as a readable text (all data shown literally)."""
    def line(label: str, value: object) -> Text:
        return Text.assemble((f"{label}: ", "bold"), fmt.clean(value or "–"), "\n")

    return Text.assemble(
        line("Kennzahl", f"{info['code']} – {info['name']}"),
        line("Art", texts.KIND_WORDS.get(info["kind"], info["kind"])),
        line("Ziel", info.get("goal")),
        line("Einheit", info.get("unit")),
        line("Richtung", texts.DIRECTION_WORDS.get(info["direction"], info["direction"])),
        line("Zähler", info.get("numerator")),
        line("Nenner", info.get("denominator")),
        line("Definition", info.get("description")),
        line("So lesen", info.get("reading")),
        line("Monat → Quartal", texts.AGGREGATION_WORDS.get(info.get("aggregation") or "last")),
        ("\n" + ex_texts.FACTS_HEADING + "\n", "bold"),
        ex_texts.facts(expected.model if expected else None,
                       expected.model.variables if expected else DEFAULT_VARIABLES,
                       expected.readings if expected else []),
    )


def comparison_summary(stats: dict[str, Any], reference: str, unit: str, decimals: int) -> Text:
    """One line on the comparison group: n, median, quartiles, pooled value, gaps."""
    word = texts.REFERENCE_WORDS[reference]
    text = Text.assemble(("Vergleich: ", "dim"), (word, "bold"),
                         f" · n={stats['n']}", f" · Median {fmt.value(stats['median'], unit, decimals)}")
    text.append(f" · Q1–Q3 {fmt.number(stats['q1'], decimals)}–{fmt.number(stats['q3'], decimals)}")
    if stats.get("pooled") is not None:
        text.append(f" · gepoolt {fmt.value(stats['pooled'], unit, decimals)}")
    if stats.get("missing"):
        text.append(f" · {stats['missing']} ohne Wert")
    if stats.get("too_few"):
        text.append(f" · {texts.TOO_FEW}", style="bold")
    if reference == "type":
        text.append(" (jede Kommune gegen ihren Typ)", style="dim")
    return text
