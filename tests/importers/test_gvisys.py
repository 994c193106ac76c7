"""Gemeindeverzeichnis (GV-ISys) workbook: Kreise created or updated as master data."""

from __future__ import annotations

from pathlib import Path

import xlsxwriter

from importers import import_files, prepare
from store.db import Store

FIXTURES = Path(__file__).parent / "fixtures"


def gv_workbook(path: Path, extra: list[list] | None = None) -> None:
    """Shaped like the Destatis download: an Inhalt sheet first, merged multi-row headers,
    the key split over text columns with leading zeros, Satzart rows for every level."""
    book = xlsxwriter.Workbook(path)
    book.add_worksheet("Inhalt").write(0, 0, "Gemeindeverzeichnis-Informationssystem GV-ISys")
    sheet = book.add_worksheet("Onlineprodukt_Gemeinden")
    text = book.add_format({"num_format": "@"})
    sheet.write(0, 0, "Alle politisch selbständigen Gemeinden mit ausgewählten Merkmalen")
    sheet.write(2, 0, "Satz-\nart")
    sheet.write(2, 1, "Text-\nkenn-\nzeichen")
    sheet.merge_range(2, 2, 2, 6, "Amtlicher Regionalschlüssel (ARS)")
    for c, word in enumerate(["Land", "RB", "Kreis", "VB", "Gem"], start=2):
        sheet.write(3, c, word)
    sheet.write(2, 7, "Gemeindename")
    sheet.write(2, 8, "Fläche\nkm2 1)")
    sheet.merge_range(2, 9, 2, 12, "Bevölkerung 2)")
    for c, word in enumerate(["insgesamt", "männlich", "weiblich", "je km2"], start=9):
        sheet.write(3, c, word)
    for c in range(13):
        sheet.write(4, c, str(c + 1))
    rows = [
        ["10", "", "90", "", "", "", "", "Nordrhein-Westfalen (Demo)"],
        ["20", "", "90", "5", "", "", "", "Reg.-Bez. Demo"],
        ["40", "43", "90", "5", "01", "", "", "Ahrwiesen, Kreis"],
        ["60", "63", "90", "5", "01", "0001", "001", "Ahrdorf", 120.5, 150000, 0, 0, 0],
        ["60", "63", "90", "5", "01", "0001", "002", "Wiesental", 300.25, 112417, 0, 0, 0],
        ["40", "41", "90", "5", "19", "", "", "Altenbrück, Stadt", 80.1, 151904, 0, 0, 0],
        ["40", "44", "90", "5", "40", "", "", "Neuland, Landkreis"],
        ["60", "64", "90", "5", "40", "0001", "001", "Neudorf", 410.0, 98000, 0, 0, 0],
        *(extra or []),
    ]
    for r, row in enumerate(rows, start=5):
        for c, cell in enumerate(row):
            if isinstance(cell, str):
                sheet.write_string(r, c, cell, text)
            else:
                sheet.write_number(r, c, cell)
    sheet.write(5 + len(rows) + 1, 0, "1) Quelle: Flächenerhebung; 2) Bevölkerungsfortschreibung")
    book.close()


def test_gv_isys_creates_and_updates_kreise(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "AuszugGV.xlsx"
    gv_workbook(path)
    prepared = prepare(path, store)
    assert (prepared.kind, prepared.layout) == ("municipalities", "gvisys")
    assert prepared.problems == []
    [outcome] = import_files(store, [path])
    assert outcome.ok and (outcome.counts.new, outcome.counts.changed) == (1, 2)
    row = store._rows("SELECT * FROM municipalities WHERE ags = '90501'")[0]
    # Population and area summed from the Kreis's Gemeinden; carrier kept.
    assert (row["name"], row["kind"], row["carrier"]) == ("Ahrwiesen, Kreis", "Kreis", "zkT")
    assert (row["population"], row["area_km2"]) == (262417, 420.75)
    assert row["state"] == "Nordrhein-Westfalen (Demo)"
    city = store._rows("SELECT * FROM municipalities WHERE ags = '90519'")[0]
    assert (city["kind"], city["population"], city["area_km2"]) == ("kreisfreie Stadt",
                                                                    151904, 80.1)
    new = store._rows("SELECT * FROM municipalities WHERE ags = '90540'")[0]
    assert (new["kind"], new["carrier"], new["population"]) == ("Landkreis", "gE", 98000)
    # Re-importing the same file changes nothing.
    [again] = import_files(store, [path])
    assert again.counts.previous is not None


def test_a_kreis_created_from_the_directory_then_takes_official_figures(
        store: Store, tmp_path: Path) -> None:
    genesis = FIXTURES / "genesis_13211-02-05-4.csv"
    [before] = import_files(store, [genesis])
    assert before.prepared.result.regions.unknown_keys == ["05358"]  # Düren: not yet known
    path = tmp_path / "AuszugGV.xlsx"
    gv_workbook(path, [
        ["10", "", "05", "", "", "", "", "Nordrhein-Westfalen"],
        ["40", "44", "05", "3", "58", "", "", "Düren, Kreis"],
        ["60", "63", "05", "3", "58", "0004", "004", "Düren, Stadt", 85.0, 92000, 0, 0, 0],
    ])
    assert all(o.ok for o in import_files(store, [path]))
    assert store._rows("SELECT name, state, carrier FROM municipalities WHERE ags = '05358'") == [
        {"name": "Düren, Kreis", "state": "Nordrhein-Westfalen", "carrier": "gE"}]
    # The same GENESIS file would be a no-op; a later year's file now lands on Düren too.
    later = tmp_path / "13211_2025.csv"
    later.write_bytes(genesis.read_bytes().replace(b"2024;", b"2025;"))
    [after] = import_files(store, [later])
    assert after.ok and after.prepared.result.regions.unknown == 0
    assert store._rows("SELECT value FROM observations WHERE ags = '05358'"
                      " AND indicator_code = 'ALQ' AND period = '2025'") == [{"value": 7.1}]
