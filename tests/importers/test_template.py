"""Collection templates: written one per member, protected and validated; filled ones import."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from importers import import_files
from importers.template import HEADER_ROW, HEADERS, STATUS_CHOICES, template_key
from store import periods
from store.db import Store
from store.ring_indicators import collected_indicators
from tests.importers.conftest import sample_key
from tui import cli
from tui.kit.cycle import make_templates

RING = 1
PERIOD = "2026-Q3"
AHR = sample_key("Kreis Eschenhagen")  # has not yet delivered 2026-Q3 in the sample
FELD = sample_key("Kreis Feldmark")  # left the ring at the end of 2023


def template_for(directory: Path, ags: str) -> Path:
    return next(directory.glob(f"Erhebungsbogen_{PERIOD}_{ags}_*.xlsx"))


def rows_by_code(sheet) -> dict[str, int]:
    return {sheet.cell(r, 1).value: r for r in range(HEADER_ROW + 1, sheet.max_row + 1)}


@pytest.fixture
def templates(store: Store, tmp_path: Path) -> Path:
    out = tmp_path / "bogen"
    result = make_templates(store, RING, PERIOD, out)
    assert len(result.written) == 10 and not result.existing
    return out


def test_one_protected_validated_template_per_current_member(store: Store, templates: Path
                                                             ) -> None:
    members = {p.name.split("_")[2] for p in templates.glob("*.xlsx")}
    assert AHR in members and FELD not in members and len(members) == 10
    book = openpyxl.load_workbook(template_for(templates, AHR))
    sheet = book["Erhebungsbogen"]
    assert [c.value for c in sheet[HEADER_ROW]][:7] == list(HEADERS)
    assert sheet["B2"].value == "Kreis Eschenhagen" and sheet["B3"].value == AHR
    assert sheet["B4"].value == PERIOD and sheet["B6"].value == template_key(RING, AHR, PERIOD)
    assert sheet.protection.sheet
    codes = rows_by_code(sheet)
    assert list(codes) == collected_indicators(store, RING)["code"].to_list()
    row = codes["K2"]
    unlocked = [c.column for c in sheet[row] if not c.protection.locked]
    assert unlocked == [3, 4, 5, 6, 7]  # Zähler, Nenner, Wert, Status, Anmerkung
    assert sheet["B4"].protection.locked  # the quarter is locked
    last = store._rows("SELECT value FROM observations WHERE ags = ? AND indicator_code = 'K2'"
                      " AND period = ?", (AHR, periods.previous(PERIOD)))[0]["value"]
    assert sheet.cell(row, 9).value == pytest.approx(last)
    assert sheet.cell(row, 8).value == "%" and "Zähler" in sheet.cell(row, 12).value
    rules = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    assert rules[f"E{row}"].type == "decimal" and float(rules[f"E{row}"].formula2) == 100.0
    assert rules[f"C{row}"].type == "decimal"
    assert rules[f"F{row}"].type == "list"
    assert all(word in rules[f"F{row}"].formula1 for word in STATUS_CHOICES)
    assert book["Definitionen"]["A2"].value == list(codes)[0]


def test_data_text_is_never_a_formula(store: Store, tmp_path: Path) -> None:
    with store.write() as conn:
        conn.execute("UPDATE municipalities SET name = '=HYPERLINK(\"http://x\")' WHERE ags = ?",
                     (AHR,))
    make_templates(store, RING, PERIOD, tmp_path)
    sheet = openpyxl.load_workbook(template_for(tmp_path, AHR))["Erhebungsbogen"]
    assert sheet["B2"].data_type == "s" and sheet["B2"].value.startswith("=HYPERLINK")


def test_existing_templates_are_never_overwritten_without_force(store: Store, templates: Path
                                                               ) -> None:
    path = template_for(templates, AHR)
    path.write_bytes(b"mine")
    again = make_templates(store, RING, PERIOD, templates)
    assert again.written == [] and path in again.existing
    assert path.read_bytes() == b"mine"
    forced = make_templates(store, RING, PERIOD, templates, force=True)
    assert len(forced.written) == 10 and path.read_bytes() != b"mine"


def test_cli_writes_templates_and_refuses_to_overwrite(sample_db: Path, tmp_path: Path,
                                                       capsys) -> None:
    args = ["template", "--db", str(sample_db), "--ring", "Ländliche Optionskommunen West",
            "--period", "Q3/2026", "--out", str(tmp_path / "out")]
    assert cli.main(args) == 0
    assert "10 Erhebungsbögen" in capsys.readouterr().out
    assert cli.main(args) == 1
    assert "--force" in capsys.readouterr().err
    assert cli.main([*args, "--force"]) == 0
    assert cli.main(["template", "--db", str(sample_db), "--ring", "Nirgendwo", "--period",
                     "2026-Q3", "--out", str(tmp_path)]) == 1
    capsys.readouterr()
    assert cli.main(["template", "--db", str(sample_db), "--ring", "1", "--period", "2010-Q1",
                     "--out", str(tmp_path / "leer")]) == 1
    assert "1. Quartal 2010 keine Mitglieder" in capsys.readouterr().err


def fill(path: Path, values: dict[str, dict[str, object]], meta: dict[str, str] | None = None
         ) -> Path:
    """Fill a template as a member would: {code: {"C": Zähler, "E": Wert, …}}."""
    book = openpyxl.load_workbook(path)
    sheet = book["Erhebungsbogen"]
    codes = rows_by_code(sheet)
    for code, cells in values.items():
        for column, value in cells.items():
            sheet[f"{column}{codes[code]}"] = value
    for cell, value in (meta or {}).items():
        sheet[cell] = value
    out = path.with_name("ausgefuellt-" + path.name)
    book.save(out)
    return out


def figure(store: Store, ags: str, code: str) -> dict | None:
    rows = store._rows("SELECT value, numerator, denominator, status FROM observations"
                      " WHERE ags = ? AND indicator_code = ? AND period = ?", (ags, code, PERIOD))
    return rows[0] if rows else None


def test_filled_template_imports_with_derived_values_and_notes(store: Store, templates: Path
                                                               ) -> None:
    path = fill(template_for(templates, AHR), {
        "K2": {"C": 1200, "D": 4000, "F": "vorläufig", "G": "Großbetrieb eingestellt"},
        "SANQ": {"E": 3.25},
        "INTN": {"E": 900, "F": "endgültig"},
    })
    [outcome] = import_files(store, [path])
    assert outcome.ok, outcome.prepared.problems
    assert outcome.prepared.layout == "template"
    assert outcome.counts.new == 3 and outcome.counts.notes == 1
    assert figure(store, AHR, "K2") == {"value": pytest.approx(30.0), "numerator": 1200.0,
                                        "denominator": 4000.0, "status": "provisional"}
    assert figure(store, AHR, "SANQ")["value"] == 3.25
    assert figure(store, AHR, "INTN")["status"] == "final"
    notes = store._rows("SELECT text FROM annotations WHERE ags = ? AND indicator_code = 'K2'"
                       " AND period = ?", (AHR, PERIOD))
    assert notes == [{"text": "Großbetrieb eingestellt"}]


def test_untouched_template_is_nothing_delivered(store: Store, templates: Path, capsys) -> None:
    before = store._rows("SELECT count(*) AS n FROM imports")[0]["n"]
    [outcome] = import_files(store, [template_for(templates, AHR)])
    assert outcome.ok and outcome.counts.rows == 0
    assert figure(store, AHR, "K2") is None
    assert store._rows("SELECT count(*) AS n FROM imports")[0]["n"] == before
    assert cli.main(["import", "--db", str(store.path), str(template_for(templates, AHR))]) == 0
    assert "nichts geliefert" in capsys.readouterr().out


def test_template_of_another_member_or_quarter_is_refused(store: Store, templates: Path) -> None:
    other = sample_key("Landkreis Hollerbach")
    changed = fill(template_for(templates, AHR), {"SANQ": {"E": 3.0}}, {"B3": other})
    [outcome] = import_files(store, [changed])
    assert not outcome.ok and figure(store, other, "SANQ") is None
    [problem] = outcome.prepared.problems
    assert problem.reason == "template_changed" and problem.row == 6
    quarter = fill(template_for(templates, AHR), {"SANQ": {"E": 3.0}}, {"B4": "2026-Q2"})
    [outcome] = import_files(store, [quarter])
    assert [p.reason for p in outcome.prepared.problems] == ["template_changed"]


def test_template_of_a_former_member_is_refused(store: Store, tmp_path: Path) -> None:
    make_templates(store, RING, "2023-Q4", tmp_path)  # Feldmark was a member until then
    path = next(tmp_path.glob(f"Erhebungsbogen_2023-Q4_{FELD}_*.xlsx"))
    book = openpyxl.load_workbook(path)
    book["Erhebungsbogen"]["B4"] = "2024-Q1"
    book["Erhebungsbogen"]["B6"] = template_key(RING, FELD, "2024-Q1")
    book.save(path)
    [outcome] = import_files(store, [path])
    [problem] = outcome.prepared.problems
    assert problem.reason == "not_member" and problem.row == 3 and problem.column == "AGS"


def test_bad_cells_are_refused_with_row_and_column(store: Store, templates: Path) -> None:
    path = fill(template_for(templates, AHR), {
        "K2": {"E": "viel"}, "SANQ": {"E": 250}, "AKTQ": {"C": 5, "D": 2}, "INTN": {"E": 10},
    })
    [outcome] = import_files(store, [path])
    found = {(p.row, p.column, p.reason) for p in outcome.prepared.problems}
    sheet = openpyxl.load_workbook(path)["Erhebungsbogen"]
    codes = rows_by_code(sheet)
    assert found == {(codes["K2"], "Wert", "bad_number"), (codes["SANQ"], "Wert", "out_of_range"),
                     (codes["AKTQ"], "Wert", "out_of_range")}
    assert figure(store, AHR, "INTN") is None  # all or nothing


def test_import_for_a_quarter_refuses_templates_of_another(store: Store, templates: Path,
                                                          tmp_path: Path, capsys) -> None:
    make_templates(store, RING, "2026-Q2", tmp_path / "q2")
    old = fill(template_for_period(tmp_path / "q2", AHR, "2026-Q2"), {"SANQ": {"E": 3.0}})
    new = fill(template_for(templates, AHR), {"SANQ": {"E": 3.5}})
    args = ["import", "--db", str(store.path), "--period", "Q3/2026"]
    assert cli.main([*args, str(old)]) == 1
    err = capsys.readouterr().err
    assert "Zeile 4, Spalte „Quartal“" in err and "erwartet: 2026-Q3" in err
    assert cli.main([*args, str(new)]) == 0
    assert figure(store, AHR, "SANQ")["value"] == 3.5
    assert cli.main([*args[:-2], "--period", "drittes", str(new)]) == 2


def template_for_period(directory: Path, ags: str, period: str) -> Path:
    return next(directory.glob(f"Erhebungsbogen_{period}_{ags}_*.xlsx"))


def test_template_saved_as_csv_imports_too(store: Store, templates: Path, tmp_path: Path) -> None:
    """A member who saves the sheet as CSV (semicolons, decimal comma) sends the same data."""
    sheet = openpyxl.load_workbook(template_for(templates, AHR))["Erhebungsbogen"]
    lines = []
    for row in sheet.iter_rows(values_only=True):
        cells = ["" if v is None else str(v) for v in row[:7]]
        if cells[0] == "SANQ":
            cells[4], cells[6] = "3,75", "Anmerkung; mit Semikolon"
        lines.append(";".join(f'"{c}"' if ";" in c else c for c in cells))
    path = tmp_path / "bogen.csv"
    path.write_text("\n".join(lines) + "\n", encoding="cp1252")
    [outcome] = import_files(store, [path])
    assert outcome.ok, outcome.prepared.problems
    assert outcome.prepared.layout == "template"
    assert figure(store, AHR, "SANQ")["value"] == 3.75
    assert store._rows("SELECT text FROM annotations WHERE ags = ? AND period = ?",
                      (AHR, PERIOD)) == [{"text": "Anmerkung; mit Semikolon"}]
