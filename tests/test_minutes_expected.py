"""Minutes of a held meeting show the expected value each figure was discussed with."""

from __future__ import annotations

from pathlib import Path

from store.db import open_store
from tui import cli


def test_minutes_show_the_frozen_expected_values(sample_db: Path, capsys) -> None:
    store = open_store(sample_db, readonly=True)
    try:  # meeting 3 of the sample was held: its figures are frozen with their expectation
        frozen = store._rows(
            "SELECT mu.name, f.expected FROM meeting_figures f JOIN municipalities mu"
            " USING (ags) WHERE f.meeting_id = 3 AND f.expected IS NOT NULL")
    finally:
        store.close()
    assert frozen
    code = cli.main(["agenda", "3", "--minutes", "--db", str(sample_db)])
    out = capsys.readouterr().out
    assert code == 0 and "Erwartung aus Rahmenbedingungen" in out
    for row in frozen:  # the column after "Abweichung vom Median" in one of its rows
        lines = [line.split(" | ") for line in out.splitlines()
                 if line.startswith(f"| {row['name']} ")]
        expected = f"{row['expected']:.1f}".replace(".", ",")
        assert any(cells[4].split(" ")[0] == expected for cells in lines), row
