"""Master data: municipalities, rings with members and dates, indicator definitions."""

from __future__ import annotations

import datetime
from pathlib import Path

import xlsxwriter

from importers import import_files, prepare
from store.db import Store
from tests.importers.conftest import sample_key

AHR = sample_key("Kreis Ahrwiesen")


def reasons(prepared) -> list[tuple]:
    return [(p.row, p.column, p.value, p.reason) for p in prepared.problems]


def one(store: Store, path: Path, **options):
    [outcome] = import_files(store, [path], **options)
    return outcome


MUNICIPALITIES = (
    "AGS;Name;Art;Trägerform;Bundesland;Vergleichstyp;Einwohner;Fläche (km²)\n"
    "5358;Kreis Düren;Kreis;Optionskommune;Nordrhein-Westfalen;IIc;265.000;941,4\n"
    f"{AHR};Kreis Ahrwiesen;;gemeinsame Einrichtung;;;270.000;\n"
)


def test_municipalities_are_inserted_and_updated(store: Store, write_file) -> None:
    before = store._rows("SELECT * FROM municipalities WHERE ags = ?", (AHR,))[0]
    outcome = one(store, write_file("kommunen.csv", MUNICIPALITIES))
    assert outcome.prepared.kind == "municipalities"
    counts = outcome.counts
    assert (counts.new, counts.changed, counts.unchanged) == (1, 1, 0)
    new = store._rows("SELECT * FROM municipalities WHERE ags = '05358'")[0]
    assert new == {"ags": "05358", "name": "Kreis Düren", "kind": "Kreis", "carrier": "zkT",
                   "state": "Nordrhein-Westfalen", "comparison_type": "IIc",
                   "population": 265000, "area_km2": 941.4, "settlement": None}
    after = store._rows("SELECT * FROM municipalities WHERE ags = ?", (AHR,))[0]
    # Changed where the file says so; empty cells keep what was stored.
    assert after == {**before, "carrier": "gE", "population": 270000}


def test_municipality_problems(store: Store, write_file) -> None:
    path = write_file("kommunen.csv", (
        "AGS;Name;Träger;Einwohner\n"
        "ABC;Kreis X;zkT;1\n"
        "05999;;zkT;1\n"
        "05998;Kreis Y;Stadt;1\n"
        "05997;Kreis Z;;1\n"
        "05996;Kreis W;gE;viele\n"
        "05995;Kreis V;gE;1,5\n"
        "05994;Kreis U;gE;1\n"
        "5994;Kreis U;gE;1\n"
    ))
    assert reasons(prepare(path, store)) == [
        (2, "AGS", "ABC", "bad_ags"),
        (3, "Name", None, "missing_value"),
        (4, "Träger", "Stadt", "bad_carrier"),
        (5, "Träger", None, "missing_value"),
        (6, "Einwohner", "viele", "bad_integer"),
        (7, "Einwohner", "1,5", "bad_integer"),
        (9, "AGS", "05994", "duplicate"),
    ]


def test_rings_with_members_and_membership_dates(store: Store, write_file) -> None:
    path = write_file("ringe.csv", (
        "Vergleichsring;Beschreibung;Kommune;Mitglied seit;Mitglied bis\n"
        "Ring Nord;Neu gegründet;Kreis Ahrwiesen;01.01.2024;\n"
        "Ring Nord;;Brunnstedt, Kreis;2024-Q2;2025\n"
        f"Ring Mitte;;{sample_key('Kreis Feldmark')};2025-01-01;31.12.2025\n"
    ))
    counts = one(store, path).counts
    assert (counts.new, counts.changed, counts.rings_new) == (3, 0, 1)
    ring = store._rows("SELECT id, description FROM rings WHERE name = 'Ring Nord'")[0]
    assert ring["description"] == "Neu gegründet"
    members = store._rows("SELECT ags, since, until FROM ring_members WHERE ring_id = ?"
                         " ORDER BY ags", (ring["id"],))
    assert members == [{"ags": AHR, "since": "2024-01-01", "until": None},
                       {"ags": sample_key("Kreis Brunnstedt"), "since": "2024-04-01",
                        "until": "2025-12-31"}]
    # A later file ends a membership: same ring, municipality and start, new end date.
    ended = write_file("ringe2.csv", "Ring;AGS;seit;bis\nRing Nord;"
                                     f"{AHR};2024-01-01;30.06.2026\n")
    counts = one(store, ended).counts
    assert (counts.new, counts.changed, counts.rings_new) == (0, 1, 0)
    assert store._rows("SELECT until FROM ring_members WHERE ring_id = ? AND ags = ?",
                      (ring["id"], AHR))[0]["until"] == "2026-06-30"
    # The list re-sent without end dates keeps them (an empty cell keeps its value).
    again = write_file("ringe3.csv", f"Ring;AGS;seit;bis\nRing Nord;{AHR};2024-01-01;\n")
    counts = one(store, again).counts
    assert (counts.new, counts.changed, counts.unchanged) == (0, 0, 1)
    assert store._rows("SELECT until FROM ring_members WHERE ring_id = ? AND ags = ?",
                      (ring["id"], AHR))[0]["until"] == "2026-06-30"


def test_ring_problems(store: Store, write_file) -> None:
    path = write_file("ringe.csv", (
        "Ring;AGS;seit;bis\n"
        "Ring Nord;99999;2024-01-01;\n"
        f"Ring Nord;{AHR};gestern;\n"
        f"Ring Nord;{AHR};2024-01-01;2023-12-31\n"
        f"Ring Nord;{AHR};;\n"
        f";{AHR};2024-01-01;\n"
        f"Ring Süd;{AHR};31.02.2024;\n"
    ))
    assert reasons(prepare(path, store)) == [
        (2, "AGS", "99999", "unknown_municipality"),
        (3, "seit", "gestern", "bad_date"),
        (4, "bis", "2023-12-31", "bad_dates_order"),
        (5, "seit", None, "missing_value"),
        (6, "Ring", None, "missing_value"),
        (7, "seit", "31.02.2024", "bad_date"),
    ]


INDICATORS = (
    "Code;Name;Kurzname;Einheit;Richtung;Art;Aggregation;Minimum;Maximum;Nachkommastellen\n"
    "VQ;Vermittlungsquote;Vermittlung;%;höher ist besser;Prozess;Mittelwert;0;100;1\n"
    "K2;;;;;;;0;80;\n"
)


def test_indicator_definitions_from_csv(store: Store, write_file) -> None:
    counts = one(store, write_file("kennzahlen-def.csv", INDICATORS)).counts
    assert (counts.new, counts.changed) == (1, 1)
    vq = store._rows("SELECT * FROM indicators WHERE code = 'VQ'")[0]
    assert (vq["name"], vq["direction"], vq["kind"], vq["aggregation"], vq["unit"]) == (
        "Vermittlungsquote", "up", "process", "mean", "%")
    last = store._rows("SELECT max(sort_order) AS m FROM indicators WHERE code != 'VQ'")[0]["m"]
    assert vq["sort_order"] == last + 10
    k2 = store._rows("SELECT name, max_value FROM indicators WHERE code = 'K2'")[0]
    assert k2 == {"name": "Integrationsquote", "max_value": 80.0}
    # The new plausible range applies to the next figures file at once.
    figures = write_file("k2.csv", f"AGS;Quartal;K2;VQ\n{AHR};2027-Q1;85;101\n")
    assert [(p.column, p.reason) for p in prepare(figures, store).problems] == [
        ("K2", "out_of_range"), ("VQ", "out_of_range")]


def test_indicator_definitions_from_toml(store: Store, write_file) -> None:
    path = write_file("extra.toml", '[[indicator]]\ncode = "WZ"\nname = "Wartezeit"\n'
                                    'unit = "Tage"\ndirection = "down"\nkind = "process"\n'
                                    'min_value = 0.0\nmax_value = 365.0\ndecimals = 0\n')
    outcome = one(store, path)
    assert outcome.ok and outcome.prepared.kind == "indicators"
    row = store._rows("SELECT unit, direction, max_value, decimals FROM indicators"
                     " WHERE code = 'WZ'")[0]
    assert row == {"unit": "Tage", "direction": "down", "max_value": 365.0, "decimals": 0}


def test_indicator_problems(store: Store, write_file) -> None:
    path = write_file("def.csv", (
        "Code;Name;Richtung;Art;Aggregation;Maximum\n"
        "N1;Neu;seitwärts;Prozess;;\n"
        "N2;Neu;up;Sonstiges;;\n"
        "N3;Neu;up;Prozess;Median;\n"
        "N4;;up;Prozess;;\n"
        "N5;Neu;up;Prozess;;viel\n"
    ))
    assert reasons(prepare(path, store)) == [
        (2, "Richtung", "seitwärts", "bad_direction"),
        (3, "Art", "Sonstiges", "bad_kind"),
        (4, "Aggregation", "Median", "bad_aggregation"),
        (5, "Name", None, "missing_value"),
        (6, "Maximum", "viel", "bad_number"),
    ]


def test_master_files_need_their_key_columns(store: Store, write_file) -> None:
    rings = prepare(write_file("r.csv", "Ring;seit\nRing Nord;2024-01-01\n"), store)
    assert rings.kind == "rings"
    assert [(p.reason, p.detail) for p in rings.problems] == [("missing_column", "ags")]
    definitions = prepare(write_file("d.csv", "Code;Richtung\nN9;up\n"), store)
    assert definitions.kind == "indicators"
    assert [(p.reason, p.detail) for p in definitions.problems] == [
        ("missing_value", "name"), ("missing_value", "kind")]


def test_master_data_is_imported_before_figures(store: Store, write_file) -> None:
    figures = write_file("zahlen.csv", "AGS;Quartal;K2\n05358;2026-Q1;22,5\n")
    municipalities = write_file("kommunen.csv", MUNICIPALITIES)
    outcomes = import_files(store, [figures, municipalities])
    assert [o.prepared.kind for o in outcomes] == ["municipalities", "figures"]
    assert all(o.ok for o in outcomes)
    assert store._rows("SELECT value FROM observations WHERE ags = '05358'") == [{"value": 22.5}]


def test_rings_from_excel_with_date_cells_and_numeric_keys(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "ringe.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Ringe")
    dates = book.add_format({"num_format": "dd.mm.yyyy"})
    sheet.write_row(0, 0, ["Ring", "AGS", "seit", "bis"])
    sheet.write_row(1, 0, ["Ring Excel", int(AHR)])
    sheet.write_datetime(1, 2, datetime.datetime(2024, 7, 1), dates)
    sheet.write_datetime(1, 3, datetime.datetime(2025, 6, 30), dates)
    book.close()
    outcome = one(store, path)
    assert outcome.ok and outcome.counts.new == 1
    assert store._rows("SELECT m.ags, m.since, m.until FROM ring_members m JOIN rings r"
                      " ON r.id = m.ring_id WHERE r.name = 'Ring Excel'") == [
        {"ags": AHR, "since": "2024-07-01", "until": "2025-06-30"}]


def test_a_key_that_lost_its_leading_zero(store: Store, write_file) -> None:
    one(store, write_file("k.csv", "AGS;Name;Träger\n5358;Kreis Düren;zkT\n"))
    assert store._rows("SELECT ags FROM municipalities WHERE name = 'Kreis Düren'") == [
        {"ags": "05358"}]
