"""Writing: one transaction per file, no-op re-imports, history of corrections, nothing on error."""

from __future__ import annotations

import hashlib
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter

from importers import dry_run, import_files, prepare, write
from store import figures_insert, figures_write
from store import imports as store_imports
from store.db import StoreError, current_user, open_store
from tests.importers.conftest import sample_key

AHR = sample_key("Kreis Ahrwiesen")
BRU = sample_key("Kreis Brunnstedt")
FIRST = f"AGS;Quartal;K2;ALQ\n{AHR};2027-Q1;20,5p;4,5\n{BRU};2027-Q1;18,0;–\n"
CORRECTED = f"AGS;Quartal;K2;ALQ\n{AHR};2027-Q1;21,0r;4,5\n{BRU};2027-Q1;18,0;5,1\n"


def figure(store, ags: str, code: str, period: str = "2027-Q1") -> dict:
    return store._rows("SELECT value, status, import_id FROM observations WHERE ags = ? AND"
                      " indicator_code = ? AND period = ?", (ags, code, period))[0]


def test_first_import_records_file_hash_user_and_counts(store, write_file) -> None:
    path = write_file("q1.csv", FIRST)
    [outcome] = import_files(store, [path])
    assert outcome.ok
    record = store._rows("SELECT * FROM imports WHERE id = ?", (outcome.counts.import_id,))[0]
    assert record["file_name"] == str(path.resolve())
    assert record["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert record["imported_by"] == current_user()
    assert record["imported_at"][:2] == "20" and "T" in record["imported_at"]
    assert (record["kind"], record["rows"], record["new_rows"], record["changed_rows"],
            record["unchanged_rows"]) == ("figures", 4, 4, 0, 0)
    assert figure(store, AHR, "K2") == {"value": 20.5, "status": "provisional",
                                        "import_id": record["id"]}
    assert figure(store, BRU, "ALQ") == {"value": None, "status": "missing",
                                         "import_id": record["id"]}


def test_the_same_file_again_changes_nothing(sample_db: Path, write_file) -> None:
    path = write_file("q1.csv", FIRST)
    store = open_store(sample_db)
    [first] = import_files(store, [path])
    store.close()
    before = sample_db.read_bytes()
    store = open_store(sample_db)
    [again] = import_files(store, [path])
    store.close()
    assert again.ok and again.counts.previous["id"] == first.counts.import_id
    assert again.counts.import_id is None
    assert sample_db.read_bytes() == before


def test_corrections_update_and_keep_the_previous_value(store, write_file) -> None:
    [first] = import_files(store, [write_file("q1.csv", FIRST)])
    [second] = import_files(store, [write_file("q1-korrigiert.csv", CORRECTED)])
    counts = second.counts
    assert (counts.new, counts.changed, counts.unchanged) == (0, 2, 2)
    assert figure(store, AHR, "K2") == {"value": 21.0, "status": "revised",
                                        "import_id": counts.import_id}
    assert figure(store, BRU, "K2")["import_id"] == first.counts.import_id  # unchanged
    history = store._rows(
        "SELECT ags, indicator_code, value, status, import_id, replaced_by_import"
        " FROM observation_history WHERE replaced_by_import = ? ORDER BY ags, indicator_code",
        (counts.import_id,))
    assert history == [
        {"ags": AHR, "indicator_code": "K2", "value": 20.5, "status": "provisional",
         "import_id": first.counts.import_id, "replaced_by_import": counts.import_id},
        {"ags": BRU, "indicator_code": "ALQ", "value": None, "status": "missing",
         "import_id": first.counts.import_id, "replaced_by_import": counts.import_id},
    ]


def test_a_sample_figure_corrected_keeps_the_sample_value(store, write_file) -> None:
    old = figure(store, AHR, "K2", "2026-Q1")
    [outcome] = import_files(store, [write_file("k.csv", f"AGS;Quartal;K2\n{AHR};2026-Q1;1\n")])
    assert outcome.counts.changed == 1
    kept = store._rows("SELECT value, import_id FROM observation_history WHERE ags = ? AND"
                      " indicator_code = 'K2' AND period = '2026-Q1' AND replaced_by_import = ?",
                      (AHR, outcome.counts.import_id))
    assert kept == [{"value": old["value"], "import_id": old["import_id"]}]


def test_a_failed_import_leaves_the_database_byte_for_byte_unchanged(
    sample_db: Path, write_file
) -> None:
    good = write_file("gut.csv", FIRST)
    bad = write_file("schlecht.csv", FIRST + f"{AHR};2027-Q2;zwölf;1\n")
    open_store(sample_db).close()  # the first writable open switches the journal to WAL
    before = sample_db.read_bytes()
    store = open_store(sample_db)
    outcomes = import_files(store, [bad])
    store.close()
    assert not outcomes[0].ok and outcomes[0].counts is None
    assert sample_db.read_bytes() == before
    # The good rows of the bad file were not written either: importing them is all new.
    store = open_store(sample_db)
    [outcome] = import_files(store, [good])
    store.close()
    assert outcome.counts.new == 4


def test_dry_run_reports_exactly_and_writes_nothing(sample_db: Path, write_file) -> None:
    municipalities = write_file("kommunen.csv", "AGS;Name;Träger\n05358;Kreis Düren;zkT\n")
    figures = write_file("zahlen.csv", FIRST + "05358;2027-Q1;30;5\n")
    open_store(sample_db).close()
    before = sample_db.read_bytes()
    store = open_store(sample_db)
    trial = import_files(store, [figures, municipalities], dry_run=True)
    store.close()
    assert sample_db.read_bytes() == before
    store = open_store(sample_db)
    real = import_files(store, [figures, municipalities])
    store.close()
    summary = [(o.prepared.kind, o.counts.new, o.counts.changed) for o in trial]
    assert summary == [(o.prepared.kind, o.counts.new, o.counts.changed) for o in real]
    assert summary == [("municipalities", 1, 0), ("figures", 6, 0)]


def test_dry_run_of_one_checked_file(store, write_file) -> None:
    prepared = prepare(write_file("q1.csv", FIRST), store)
    counts = dry_run(store, prepared)
    assert (counts.new, counts.changed) == (4, 0)
    assert store_imports.previous_import(store, prepared.sha256) is None


def test_a_file_with_problems_cannot_be_written(store, write_file) -> None:
    prepared = prepare(write_file("x.csv", f"AGS;Quartal;K2\n{AHR};2027-Q1;abc\n"), store)
    with pytest.raises(ValueError):
        write(store, prepared)


def test_each_excel_sheet_is_a_file_of_its_own(store, tmp_path: Path) -> None:
    path = tmp_path / "mappe.xlsx"
    book = xlsxwriter.Workbook(path)
    for name, value in (("Q1", 20.0), ("Q2", 21.0)):
        sheet = book.add_worksheet(name)
        sheet.write_row(0, 0, ["AGS", "Quartal", "K2"])
        sheet.write_row(1, 0, [AHR, f"2027-{name}", value])
    book.close()
    outcomes = import_files(store, [path, path], sheet="Q1") + import_files(store, [path],
                                                                            sheet="Q2")
    assert [o.counts.new for o in outcomes] == [1, 0, 1]
    assert outcomes[1].counts.previous is not None


def test_a_municipality_removed_meanwhile_stops_the_write(store, write_file) -> None:
    store._execute("INSERT INTO municipalities(ags, name, carrier) VALUES ('05358', 'Düren', 'zkT')")
    prepared = prepare(write_file("d.csv", "AGS;Quartal;K2\n05358;2027-Q1;20\n"), store)
    assert prepared.ok
    store._execute("DELETE FROM municipalities WHERE ags = '05358'")
    with pytest.raises(StoreError) as caught:
        write(store, prepared)
    assert caught.value.reason == "conflict"
    assert store._rows("SELECT count(*) AS n FROM imports WHERE sha256 = ?",
                      (prepared.sha256,))[0]["n"] == 0


def test_the_store_refuses_figures_that_break_its_rules(store) -> None:
    frame = pl.DataFrame({"ags": [AHR], "indicator_code": ["K2"], "period": ["2027-Q5"],
                          "value": [1.0], "numerator": [None], "denominator": [None],
                          "status": ["final"]})
    source = store_imports.ImportSource("x.csv", "0" * 64, "figures")
    with pytest.raises(StoreError) as caught:
        figures_write.write_figures(store, source, frame)
    assert caught.value.reason == "invalid"


def test_read_only_database_is_refused(sample_db: Path, write_file) -> None:
    open_store(sample_db).close()
    store = open_store(sample_db, readonly=True)
    [outcome] = import_files(store, [write_file("q1.csv", FIRST)])
    store.close()
    assert outcome.error is not None and outcome.error.reason == "readonly"


def test_bulk_load_keeps_indexes_constraints_and_settings(empty_db: Path, write_file) -> None:
    store = open_store(empty_db)
    keys = [f"{9000 + i:05d}" for i in range(50)]
    import_files(store, [write_file("k.csv", "AGS;Name;Träger\n"
                                    + "".join(f"{k};Kreis {k};zkT\n" for k in keys))])
    months = [f"{2000 + m // 12}-{m % 12 + 1:02d}" for m in range(60)]
    codes = ["K2", "ALQ", "SANQ", "K3E2", "INTN", "EW", "K1", "K1E1", "K1E2", "K1E3", "K1E4",
             "K2E1", "K2E2", "K2E3", "K2E4", "K3", "K3E1"]
    lines = [f"{k};{c};{m};{(i % 500) / 10}".replace(".", ",")
             for i, (k, c, m) in enumerate((k, c, m) for k in keys for c in codes for m in months)]
    assert len(lines) >= figures_insert.CHUNK
    indexes = store._rows("SELECT name, sql FROM sqlite_master WHERE tbl_name = 'observations'"
                         " AND type = 'index' ORDER BY name")
    cache = store._rows("PRAGMA cache_size")[0]["cache_size"]
    [outcome] = import_files(store, [write_file("gross.csv", "AGS;Kennzahl;Monat;Wert\n"
                                                + "\n".join(lines))])
    assert outcome.counts.new == len(lines)
    assert store._rows("SELECT count(*) AS n FROM observations")[0]["n"] == len(lines)
    assert store._rows("SELECT name, sql FROM sqlite_master WHERE tbl_name = 'observations'"
                      " AND type = 'index' ORDER BY name") == indexes
    assert store._rows("PRAGMA foreign_keys")[0]["foreign_keys"] == 1
    assert store._rows("PRAGMA ignore_check_constraints")[0]["ignore_check_constraints"] == 0
    assert store._rows("PRAGMA cache_size")[0]["cache_size"] == cache
    assert store._rows("PRAGMA integrity_check")[0]["integrity_check"] == "ok"
    assert store._rows("PRAGMA foreign_key_check") == []
    with pytest.raises(Exception, match="CHECK"):  # the CHECKs are back on
        store._execute("INSERT INTO observations(ags, indicator_code, period) VALUES"
                      " ('09000', 'K2', 'bad')")
    store.close()
