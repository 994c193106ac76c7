"""Every problem reason has a German wording, and a problem line never carries control codes."""

from __future__ import annotations

import pytest

from importers.problems import REASONS, Problem
from tui.kit.texts import imports as t


@pytest.mark.parametrize("reason", REASONS)
def test_every_reason_is_worded(reason: str) -> None:
    detail = {"out_of_range": "0.0|100.0", "duplicate": "7", "missing_value": "carrier",
              "ambiguous_municipality": "05358|05370"}.get(reason, "")
    line = t.problem_line(Problem("f.csv", 3, "Wert", "x", reason, detail))
    assert line.startswith("f.csv, Zeile 3, Spalte „Wert“: „x“ – ")
    assert "{" not in line and line.split(" – ", 1)[1]


def test_details_are_worded_in_german() -> None:
    assert t.reason(Problem("f", 1, "c", "150", "out_of_range", "0.0|100.0")) == (
        "außerhalb des plausiblen Bereichs 0,0 bis 100,0")
    assert t.reason(Problem("f", 1, "c", "1", "out_of_range", "|1000000.0")).endswith(
        "−∞ bis 1.000.000,0")
    assert t.reason(Problem("f", 1, None, None, "missing_value", "carrier")) == (
        "Pflichtangabe fehlt: Träger (zkT/gE)")
    assert t.where(Problem("f.csv", None, None, None, "empty")) == "f.csv"


def test_problem_lines_strip_control_characters() -> None:
    line = t.problem_line(Problem("f.csv", 2, "Name", "Kreis\x1b[2J", "unknown_municipality"))
    # The whole escape sequence goes, not only its ESC byte.
    assert "\x1b" not in line and "„Kreis“" in line and "[2J" not in line
