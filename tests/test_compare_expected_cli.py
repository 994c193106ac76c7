"""`ringvergleich compare --expected`: model and expected values in table, CSV and JSON, the
same numbers as the store computes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from store import expected
from store.db import open_store
from tui import cli

RING = "Ländliche Optionskommunen West"


def run(capsys, db: Path, *args: str) -> tuple[int, str, str]:
    code = cli.main(["compare", "--ring", RING, "--indicator", "K2", "--period", "2026-Q1",
                     "--expected", "--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, out, err


def model_of(db: Path):
    store = open_store(db, readonly=True)
    try:
        return expected.ring_expected(store, 1, "K2", "2026-Q1")
    finally:
        store.close()


def test_json_has_the_model_and_each_members_expected_value(sample_db: Path, capsys) -> None:
    code, out, err = run(capsys, sample_db, "--format", "json")
    assert code == 0 and err == ""
    document = json.loads(out)
    found, judged = model_of(sample_db)
    model = document["model"]
    assert set(model) == {"n", "r2", "variables", "coefficients"}
    assert model["n"] == found.model.n and isinstance(model["n"], int)
    assert model["r2"] == pytest.approx(found.model.r2)
    assert model["variables"] == ["ALQ", "SGB2Q", "ln(DICHTE)"]
    assert list(model["coefficients"]) == ["intercept", "ALQ", "SGB2Q", "ln(DICHTE)"]
    assert model["coefficients"] == pytest.approx(found.model.coefficients)
    by_ags = {r["ags"]: r for r in judged.iter_rows(named=True)}
    assert len(document["members"]) == len(by_ags)
    for member in document["members"]:
        assert member["expected"] == pytest.approx(by_ags[member["ags"]]["expected"])
        assert member["residual"] == pytest.approx(member["value"] - member["expected"])


def test_without_the_flag_json_has_no_model(sample_db: Path, capsys) -> None:
    code = cli.main(["compare", "--ring", RING, "--indicator", "K2", "--period", "2026-Q1",
                     "--format", "json", "--db", str(sample_db)])
    document = json.loads(capsys.readouterr()[0])
    assert code == 0 and "model" not in document and "expected" not in document["members"][0]


def test_csv_carries_expected_residual_and_model_figures(sample_db: Path, capsys) -> None:
    code, out, _err = run(capsys, sample_db, "--format", "csv")
    # compare's CSV conventions (issue 11): semicolon, decimal comma, numbers to 4 places.
    rows = list(csv.DictReader(io.StringIO(out), delimiter=";"))

    def number(text: str) -> float:
        return float(text.replace(",", "."))

    found, judged = model_of(sample_db)
    by_ags = {r["ags"]: r for r in judged.iter_rows(named=True)}
    assert code == 0 and len(rows) == len(by_ags)
    for row in rows:
        assert number(row["expected"]) == pytest.approx(round(by_ags[row["ags"]]["expected"], 4))
        assert number(row["residual"]) == pytest.approx(round(by_ags[row["ags"]]["residual"], 4))
        assert int(row["model_n"]) == found.model.n
        assert number(row["model_r2"]) == pytest.approx(round(found.model.r2, 4))


def test_table_shows_expected_values_and_the_german_reading(sample_db: Path, capsys) -> None:
    code, out, _err = run(capsys, sample_db)
    found, judged = model_of(sample_db)
    assert code == 0
    r2 = f"{found.model.r2:.2f}".replace(".", ",")
    assert f"Modell: n={found.model.n} · R² {r2}" in out
    assert "Bei 1 Prozentpunkt höherer Arbeitslosenquote liegt die Integrationsquote" in out
    row = judged.row(0, named=True)
    line = next(line for line in out.splitlines() if line.startswith(row["name"]))
    assert f"{row['expected']:.1f}".replace(".", ",") in line
    word = {"favourable": "günstiger", "unfavourable": "ungünstiger"}[row["residual_assessment"]]
    assert line.rstrip().endswith(word)


def test_too_few_municipalities_say_so(sample_db: Path, capsys) -> None:
    store = open_store(sample_db)
    expected.set_ring_variables(store, 1, ["ALQ", "SGB2Q", "ln(DICHTE)", "EW"])
    with store.write() as conn:  # 14 municipalities keep every context figure: 15 needed
        conn.execute("DELETE FROM observations WHERE indicator_code = 'EW' AND ags NOT IN"
                     " (SELECT DISTINCT ags FROM observations ORDER BY ags LIMIT 14)")
    store.close()
    code, out, _err = run(capsys, sample_db)
    assert code == 0 and "Kein Modell: nur 14 Kommunen" in out and "15 nötig" in out
    code, out, _err = run(capsys, sample_db, "--format", "json")
    document = json.loads(out)
    assert document["model"]["coefficients"] is None and document["model"]["n"] == 14
    assert all(m["expected"] is None for m in document["members"])


def test_model_command_shows_sets_and_resets_the_rings_variables(sample_db: Path,
                                                                  capsys) -> None:
    def model(*args: str) -> tuple[int, str, str]:
        code = cli.main(["model", "--ring", RING, "--db", str(sample_db), *args])
        out, err = capsys.readouterr()
        return code, out, err

    code, out, _err = model()
    assert code == 0 and "ALQ, SGB2Q, ln(DICHTE) (Standard)" in out
    code, out, _err = model("--set", "ALQ", "ln(DICHTE)")
    assert code == 0 and out.startswith("Gespeichert.") and "ALQ, ln(DICHTE)\n" in out
    code, out, _err = run(capsys, sample_db, "--format", "json")
    assert json.loads(out)["model"]["variables"] == ["ALQ", "ln(DICHTE)"]
    code, out, err = model("--set", "K2")  # an outcome is no context figure
    assert code == 1 and "keine Rahmenbedingung" in err
    code, out, _err = model()
    assert "ALQ, ln(DICHTE)\n" in out  # unchanged by the refused write
    code, out, _err = model("--default")
    assert code == 0 and "(Standard)" in out
    with pytest.raises(SystemExit) as refused:  # argparse: --set and --default exclude
        model("--set", "ALQ", "--default")
    assert refused.value.code == 2
