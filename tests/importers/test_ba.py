"""BA statistics: table CSVs with metadata lines and the §48a Kennzahlen download."""

from __future__ import annotations

from pathlib import Path

from importers import downloads, import_files, prepare
from store.db import Store, open_store
from store.mappings import all_mappings
from tui import cli

FIXTURES = Path(__file__).parent / "fixtures"
TABLE = FIXTURES / "ba_arbeitslose_kreise.csv"
KENNZAHLEN = FIXTURES / "ba_48a_kennzahlen.csv"


def values(store: Store, code: str) -> dict[tuple[str, str], tuple]:
    return {(r["ags"], r["period"]): (r["value"], r["status"]) for r in store._rows(
        "SELECT ags, period, value, status FROM observations WHERE indicator_code = ?", (code,))}


def test_ba_table_is_recognised_with_its_metadata_month() -> None:
    table = downloads.recognise(TABLE, TABLE.read_bytes())
    assert table is not None and table.source == "ba-csv"
    assert set(table.rows["period"]) == {"2026-02"}
    # The note lines below the data are no rows; "D" is Germany.
    assert set(table.rows["key"]) == {"DG", "05", "05358", "90501", "90502", "90519"}


def test_ba_table_imports_alq_by_month_and_thousands_dots(store: Store) -> None:
    [outcome] = import_files(store, [TABLE], mappings=["Arbeitslose SGB II=+ALO2"])
    assert outcome.ok, outcome.prepared.problems
    assert values(store, "ALQ")[("90501", "2026-02")] == (5.5, "final")
    alo = values(store, "ALO2")
    assert alo[("90501", "2026-02")] == (5101.0, "final")
    assert alo[("90502", "2026-02")] == (None, "confidential")  # "*" anonymised
    assert ("05358", "2026-02") not in alo  # Düren is not in the sample
    regions = outcome.prepared.result.regions
    assert (regions.aggregates, regions.unknown) == (2, 1)
    # The mapping is remembered with its new indicator: the next month's file needs no --map.
    assert [(m.statistic, m.label, m.indicator_code) for m in all_mappings(store)] == [
        ("BA", "Arbeitslose SGB II", "ALO2")]
    assert store._rows("SELECT kind, unit FROM indicators WHERE code = 'ALO2'") == [
        {"kind": "context", "unit": ""}]
    changed = TABLE.read_bytes().replace(b"Februar 2026", b"M\xe4rz 2026")
    path = Path(store.path).parent / "maerz.csv"
    path.write_bytes(changed)
    again = prepare(path, store)
    assert again.problems == [] and again.result.mapped["Arbeitslose SGB II"] == "ALO2"


def test_48a_download_recognised_by_its_kennzahl_column(store: Store) -> None:
    [outcome] = import_files(store, [KENNZAHLEN])
    assert outcome.ok, outcome.prepared.problems
    assert values(store, "K2")[("90501", "2025-12")] == (24.1, "final")
    assert values(store, "K3")[("90502", "2025-12")] == (None, "missing")  # "x"
    [again] = import_files(store, [KENNZAHLEN])
    assert again.counts.previous is not None  # re-import is a no-op


def test_cli_dry_run_reports_skipped_kreise(sample_db: Path, capsys) -> None:
    assert cli.main(["import", "--dry-run", str(KENNZAHLEN), "--db", str(sample_db)]) == 0
    out = capsys.readouterr().out
    assert "4 neu" in out
    assert "1 Kreis nicht in der Datenbank – übersprungen; mit dem Gemeindeverzeichnis anlegen" \
        in out
    assert "Statistik der Bundesagentur für Arbeit" in out
    store = open_store(sample_db, readonly=True)
    try:
        assert store._rows("SELECT count(*) AS n FROM observations WHERE period = '2025-12'"
                          " AND indicator_code = 'K2' AND ags = '90501'")[0]["n"] == 0
        assert store._rows("SELECT count(*) AS n FROM imports")[0]["n"] == 1
    finally:
        store.close()


def test_48a_wide_download_with_a_column_per_kennzahl(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "48a_wide.csv"
    path.write_text(
        "Kennzahlen nach § 48a SGB II;;;;\nBerichtsmonat:;Januar 2026;;;\n;;;;\n"
        "Regionalschlüssel;Jobcenter;Träger;K2;K3E1;\n"
        "D;Deutschland;;22,1;12,0;\n90501;Jobcenter Kreis Ahrwiesen;zkT;23,0;13,5;\n",
        encoding="utf-8")
    prepared = prepare(path, store)
    assert prepared.problems == []
    found = {(r["indicator_code"], r["period"], r["value"])
             for r in prepared.records.iter_rows(named=True)}
    assert found == {("K2", "2026-01", 23.0), ("K3E1", "2026-01", 13.5)}


def test_ba_time_series_with_a_column_per_month(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "zeitreihe.csv"
    path.write_text(
        "Statistik der Bundesagentur für Arbeit;;;\n"
        "Merkmal:;Arbeitslosenquote bezogen auf alle zivilen Erwerbspersonen;;\n;;;\n"
        "Region;Regionalschlüssel;Januar 2026;Februar 2026;\n"
        "Deutschland;D;6,8;6,6;\nAhrwiesen, Kreis;90501;5,7;5,5;\n"
        "Brunnstedt, Kreis;90502;-;5,0;\n", encoding="utf-8")
    prepared = prepare(path, store)
    assert prepared.problems == []
    found = {(r["ags"], r["period"], r["value"], r["status"])
             for r in prepared.records.iter_rows(named=True)}
    assert found == {("90501", "2026-01", 5.7, "final"), ("90501", "2026-02", 5.5, "final"),
                     ("90502", "2026-01", None, "missing"), ("90502", "2026-02", 5.0, "final")}
