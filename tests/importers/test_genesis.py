"""GENESIS downloads: classic CSV, flat ffcsv and XLSX read, mapped and sorted by region."""

from __future__ import annotations

from pathlib import Path

import pytest
import xlsxwriter

from importers import downloads, prepare
from importers.genesis import parse_period
from store.db import Store

FIXTURES = Path(__file__).parent / "fixtures"


def records(prepared) -> dict[tuple[str, str, str], float | None]:
    return {(r["ags"], r["indicator_code"], r["period"]): r["value"]
            for r in prepared.records.iter_rows(named=True)}


@pytest.mark.parametrize(("text", "period"), [
    ("2020", "2020"), ("31.12.2015", "2015-12-31"), ("2022-05-15", "2022-05-15"),
    ("Februar 2026", "2026-02"), ("31.02.2015", None), ("Insgesamt", None),
])
def test_genesis_periods_keep_years_and_reference_days(text: str, period: str | None) -> None:
    assert parse_period(text) == period


def test_classic_csv_is_recognised_with_its_table_code_and_latin1() -> None:
    path = FIXTURES / "genesis_13211-02-05-4.csv"
    table = downloads.recognise(path, path.read_bytes())
    assert table is not None
    assert (table.source, table.statistic) == ("genesis-csv", "13211-02-05-4")
    assert table.encoding == "Windows-1252"
    assert set(table.rows["measure"]) == {
        "Arbeitslose", "Arbeitslose / Ausländer",
        "Arbeitslosenquote bezogen auf alle zivilen Erwerbspersonen",
        "Arbeitslosenquote bezogen auf alle zivilen Erwerbspersonen / Männer",
        "Arbeitslosenquote bezogen auf alle zivilen Erwerbspersonen / Frauen",
    }
    # Names lose their indentation; the footer's footnote and © never become rows.
    names = set(table.rows["name"])
    assert "Düren, Kreis" in names
    assert not any("©" in (n or "") or "Stand" in (n or "") for n in names)


def test_classic_csv_alq_lands_on_the_kreis_as_annual_average(store: Store) -> None:
    prepared = prepare(FIXTURES / "genesis_13211-02-05-4.csv", store)
    assert prepared.problems == []
    assert records(prepared) == {
        ("90501", "ALQ", "2024"): 5.4, ("90502", "ALQ", "2024"): 4.9,
        ("90519", "ALQ", "2024"): 8.3, ("90501", "ALQ", "2023"): 5.3,
        ("90502", "ALQ", "2023"): 4.8, ("90519", "ALQ", "2023"): 8.1,
    }
    regions = prepared.result.regions
    # DG, Land 05, Regierungsbezirk 053 skipped; Düren (a real key) is not in the sample;
    # Göttingen's dissolved key has only "-".
    assert (regions.aggregates, regions.unknown, regions.dissolved) == (3, 1, 1)
    assert regions.unknown_keys == ["05358"]
    assert "Arbeitslose" in prepared.result.unmapped


def test_stichtag_in_first_column_and_single_header_row(store: Store) -> None:
    prepared = prepare(FIXTURES / "genesis_12411-01-01-4.csv", store)
    assert prepared.problems == []
    assert records(prepared) == {
        ("90501", "EW", "2023-12-31"): 262417, ("90502", "EW", "2023-12-31"): 198211,
        ("90519", "EW", "2023-12-31"): 151904,
    }
    # Germany, Bayern and a Gemeinde (8 digits) are not Kreise.
    assert prepared.result.regions.aggregates == 3


def test_periods_as_header_row_and_symbols_as_missing(store: Store) -> None:
    prepared = prepare(FIXTURES / "genesis_22811-01-01-4.csv", store)
    assert prepared.problems == []
    found = records(prepared)
    assert found[("90501", "ELB", "2022-12-31")] == 11210
    assert found[("90501", "ELB", "2023-12-31")] == 11302
    assert found[("90502", "ELB", "2023-12-31")] is None
    status = prepared.records.filter(period="2023-12-31", ags="90502")["status"].item()
    assert status == "missing"
    assert prepared.result.unmapped == ["Nicht erwerbsfähige Leistungsberechtigte"]


def test_ffcsv_unsorted_levels_and_empty_attribute_as_total(store: Store) -> None:
    prepared = prepare(FIXTURES / "genesis_12411_flat.csv", store)
    assert prepared.layout == "genesis-ffcsv"
    assert prepared.problems == []
    assert records(prepared) == {
        ("90501", "EW", "2023-12-31"): 262417, ("90502", "EW", "2023-12-31"): 198211,
        ("90519", "EW", "2023-12-31"): 151904,
    }
    statuses = dict(prepared.records.select("ags", "status").iter_rows())
    assert statuses["90519"] == "provisional"  # value_q p
    assert prepared.result.regions.unknown_keys == ["05358"]


def test_table_without_mapping_is_refused_listing_its_measures(store: Store, tmp_path: Path
                                                               ) -> None:
    text = (FIXTURES / "genesis_13211-02-05-4.csv").read_bytes().decode("cp1252")
    path = tmp_path / "other.csv"
    path.write_text(text.replace("13211-02-05-4", "99999-01-01-4"), encoding="utf-8")
    prepared = prepare(path, store)
    assert prepared.records is None
    [problem] = prepared.problems
    assert problem.reason == "no_mapping"
    assert "Arbeitslose|Arbeitslose / Ausländer" in problem.detail


def test_given_mapping_to_an_existing_or_a_new_indicator(store: Store) -> None:
    path = FIXTURES / "genesis_13211-02-05-4.csv"
    prepared = prepare(path, store, mappings=["Arbeitslose / Ausländer=+ALOA"])
    assert prepared.problems == []
    assert records(prepared)[("90501", "ALOA", "2024")] == 1504
    # GENESIS's lone "." is "secret": no value, confidential — never a thousands separator.
    secret = prepared.records.filter(ags="90502", indicator_code="ALOA", period="2024")
    assert secret.select("value", "status").row(0) == (None, "confidential")
    [new] = prepared.result.new
    assert (new.code, new.name, new.unit, new.decimals) == (
        "ALOA", "Arbeitslose / Ausländer", "Anzahl", 0)
    refused = prepare(path, store, mappings=["Arbeitslose=NOPE", "kein Paar"])
    assert {p.reason for p in refused.problems} == {"unknown_mapping_indicator", "bad_mapping"}


def _genesis_online_xlsx(path: Path) -> None:
    """A GENESIS-Online workbook: title rows, a header cell with a line break, the date as
    a row above the data, key and name columns, a footer after a `____` line."""
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("12411-0015")
    rows = [
        ["GENESIS-Tabelle: 12411-0015"],
        ["Bevölkerung: Kreise, Stichtag, Geschlecht"],
        ["Fortschreibung des Bevölkerungsstandes"],
        ["Bevölkerungsstand (Anzahl)"],
        [None, None, "männlich", "weiblich", "Insge-\nsamt"],
        ["31.12.2023"],
        ["DG", "Deutschland", 41671961, 42997365, 84669326],
        ["05358", "Düren, Kreis", 133311, 134812, 268123],
        ["90501", "Ahrwiesen, Kreis", 129950, 132467, 262417],
        ["90519", "Altenbrück, kreisfreie Stadt", 74006, 77898, 151904],
        ["__________"],
        ["© Statistisches Bundesamt (Destatis), 2026 | Stand: 02.03.2026 / 15:29:37"],
    ]
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            if cell is not None:
                sheet.write(r, c, cell)
    book.close()


def test_genesis_online_xlsx_with_date_row_above_the_data(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "12411-0015.xlsx"
    _genesis_online_xlsx(path)
    prepared = prepare(path, store)
    assert prepared.layout == "genesis-xlsx"
    assert prepared.problems == []
    assert records(prepared) == {
        ("90501", "EW", "2023-12-31"): 262417, ("90519", "EW", "2023-12-31"): 151904,
    }


def test_a_table_of_kreise_none_of_which_is_in_the_database(store: Store, tmp_path: Path
                                                            ) -> None:
    text = (FIXTURES / "genesis_13211-02-05-4.csv").read_bytes().decode("cp1252")
    path = tmp_path / "fremd.csv"
    path.write_text("\n".join(line for line in text.splitlines() if ";909" not in line
                              and ";905" not in line), encoding="utf-8")
    [problem] = prepare(path, store).problems
    assert (problem.reason, problem.detail) == ("no_known_region", "2")


def test_an_odd_genesis_file_is_reported_not_raised(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "kaputt.csv"
    path.write_text("GENESIS-Tabelle: 12411-01-01-4\nnur ein Titel\n", encoding="utf-8")
    [problem] = prepare(path, store).problems
    assert problem.reason in ("no_header", "empty", "unreadable")


def test_a_measure_mapped_later_imports_from_a_file_imported_before(store: Store) -> None:
    from importers import import_files

    path = FIXTURES / "genesis_13211-02-05-4.csv"
    first = prepare(path, store)
    again = prepare(path, store)
    assert first.sha256 == again.sha256  # the same file and mappings: the same identity
    more = prepare(path, store, mappings=["Arbeitslose=+ALO"])
    assert more.sha256 != first.sha256 and more.previous is None
    [imported] = import_files(store, [path])
    assert (imported.counts.new, imported.counts.previous) == (6, None)
    [same] = import_files(store, [path])
    assert same.counts.previous is not None  # re-import is a no-op
    [mapped] = import_files(store, [path], mappings=["Arbeitslose=+ALO"])
    # Only the newly mapped measure is new; the ALQ figures are unchanged.
    assert (mapped.counts.new, mapped.counts.unchanged) == (6, 6)
    assert store._rows("SELECT value FROM observations WHERE ags = '90501'"
                      " AND indicator_code = 'ALO' AND period = '2024'") == [{"value": 8230.0}]


def test_ffcsv_months_as_a_variable_and_kreise_by_label(store: Store, tmp_path: Path) -> None:
    head = ("statistics_code;time_code;time;1_variable_code;1_variable_label;"
            "1_variable_attribute_code;1_variable_attribute_label;2_variable_code;"
            "2_variable_label;2_variable_attribute_code;2_variable_attribute_label;value;"
            "value_unit;value_variable_code;value_variable_label")
    rows = [f"13211;JAHR;2025;KRS;Kreise;{key};{name};MONAT;Monate;MONAT{m:02d};M;{v};%;"
            "ERW;Arbeitslosenquote aller zivilen Erwerbspersonen"
            for key, name, m, v in [("90501", "Ahrwiesen", 3, "5,2"), ("90501", "Ahrwiesen", 4,
                                                                        "5,1"),
                                    ("05", "Nordrhein-Westfalen", 3, "7,5")]]
    path = tmp_path / "13211_monate_flat.csv"
    path.write_text("\n".join([head, *rows]), encoding="utf-8-sig")
    prepared = prepare(path, store)
    assert prepared.problems == []
    assert records(prepared) == {("90501", "ALQ", "2025-03"): 5.2,
                                 ("90501", "ALQ", "2025-04"): 5.1}
    assert prepared.result.regions.aggregates == 1
    from importers import import_files

    [outcome] = import_files(store, [path])
    assert outcome.ok and outcome.counts.new == 2
    assert store._rows("SELECT value FROM observations WHERE ags = '90501'"
                      " AND indicator_code = 'ALQ' AND period = '2025-04'") == [{"value": 5.1}]
    [again] = import_files(store, [path])
    assert again.counts.previous is not None  # the same file again changes nothing


def test_annual_figures_are_stored_as_what_they_are(store: Store) -> None:
    from importers import import_files

    paths = [FIXTURES / name for name in ("genesis_12411-01-01-4.csv",
                                          "genesis_13211-02-05-4.csv",
                                          "genesis_22811-01-01-4.csv")]
    assert all(o.ok for o in import_files(store, paths))
    stored = {(r["ags"], r["indicator_code"], r["period"]): r["value"] for r in store._rows(
        "SELECT ags, indicator_code, period, value FROM observations"
        " WHERE length(period) != 7")}
    assert stored[("90501", "EW", "2023-12-31")] == 262417       # Stichtag
    assert stored[("90501", "ALQ", "2024")] == 5.4                # Jahresdurchschnitt
    assert stored[("90501", "ELB", "2022-12-31")] == 11210
    assert not any(k[0] == "05358" for k in stored)               # Düren: not in the sample
    # Never a quarter's figure: the 2024 quarters keep their own ALQ values.
    quarter = store._rows("SELECT value FROM observations WHERE ags = '90501'"
                         " AND indicator_code = 'ALQ' AND period = '2024-Q1'")
    assert quarter and quarter[0]["value"] != 5.4
