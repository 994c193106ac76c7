"""Figures files: the three layouts, forced layouts, titles, and every kind of problem."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from importers import prepare
from store.db import Store
from tests.importers.conftest import sample_key

AHR = sample_key("Kreis Ahrwiesen")
BRU = sample_key("Kreis Brunnstedt")


def records(prepared) -> list[tuple]:
    assert prepared.problems == []
    return prepared.records.drop("_row").sort("ags", "indicator_code", "period").rows()


def reasons(prepared) -> list[tuple]:
    return [(p.row, p.column, p.value, p.reason) for p in prepared.problems]


def test_long_layout_with_numerator_denominator_and_status(store: Store, write_file) -> None:
    path = write_file("lang.csv", (
        "Kennzahl;AGS;Kommune;Monat;Wert;Zähler;Nenner;Status\n"
        f"K2;{AHR};Kreis Ahrwiesen;März 2026;24,3;1.215;5.000;vorläufig\n"
        f"Sanktionsquote;;Brunnstedt, Kreis;2026-03;.;;;\n"
        f"K2;{BRU};;200603;19,8r;;;\n"
    ))
    prepared = prepare(path, store)
    assert (prepared.kind, prepared.layout) == ("figures", "long")
    assert records(prepared) == [
        (AHR, "K2", "2026-03", 24.3, 1215.0, 5000.0, "provisional"),
        (BRU, "K2", "2006-03", 19.8, None, None, "revised"),
        (BRU, "SANQ", "2026-03", None, None, None, "confidential"),
    ]


def test_wide_by_indicator_with_codes_and_names(store: Store, write_file) -> None:
    path = write_file("breit.csv", (
        "Regionalschlüssel;Name;Bundesland;Quartal;K2;Sanktionsquote;Arbeitslosenquote (%)\n"
        f"{AHR};Kreis Ahrwiesen;NRW;Q3/2026;25,1;3,2 %;–\n"
        f"{BRU};Kreis Brunnstedt;NRW;3. Quartal 2026;;x;4,9p\n"
    ))
    prepared = prepare(path, store)
    assert prepared.layout == "wide-indicator"
    assert prepared.ignored_columns == ["Bundesland"]
    assert prepared.skipped == 1
    assert records(prepared) == [
        (AHR, "ALQ", "2026-Q3", None, None, None, "missing"),
        (AHR, "K2", "2026-Q3", 25.1, None, None, "final"),
        (AHR, "SANQ", "2026-Q3", 3.2, None, None, "final"),
        (BRU, "ALQ", "2026-Q3", 4.9, None, None, "provisional"),
        (BRU, "SANQ", "2026-Q3", None, None, None, "missing"),
    ]


def test_wide_by_period_with_indicator_column(store: Store, write_file) -> None:
    path = write_file("perioden.csv", (
        "AGS,Kennzahl,2026-Q3,Q4/2026\n"
        f'{AHR},K2,"25,1","26,0"\n'
        f'{AHR},ALQ,"5,0",…\n'
    ))
    prepared = prepare(path, store)
    assert prepared.layout == "wide-period"
    assert records(prepared) == [
        (AHR, "ALQ", "2026-Q3", 5.0, None, None, "final"),
        (AHR, "ALQ", "2026-Q4", None, None, None, "missing"),
        (AHR, "K2", "2026-Q3", 25.1, None, None, "final"),
        (AHR, "K2", "2026-Q4", 26.0, None, None, "final"),
    ]


def test_indicator_and_period_named_only_in_the_title(store: Store, write_file) -> None:
    by_period = write_file("k2.csv", "Integrationsquote (K2)\nStand: Juli 2026\n\n"
                                     f"AGS;Jan 2026;Feb 2026\n{AHR};24,0;24,5\n")
    prepared = prepare(by_period, store)
    assert prepared.shape.indicator == "K2"
    assert [r[:4] for r in records(prepared)] == [(AHR, "K2", "2026-01", 24.0),
                                                  (AHR, "K2", "2026-02", 24.5)]
    by_indicator = write_file("q3.csv", f"Kennzahlen, 3. Quartal 2026\nAGS;K2;ALQ\n{AHR};24,0;5\n")
    prepared = prepare(by_indicator, store)
    assert prepared.shape.period == "2026-Q3"
    assert [r[:4] for r in records(prepared)] == [(AHR, "ALQ", "2026-Q3", 5.0),
                                                  (AHR, "K2", "2026-Q3", 24.0)]


def test_title_that_names_no_single_indicator_or_period(store: Store, write_file) -> None:
    path = write_file("x.csv", f"Integrationsquote und Sanktionsquote\nAGS;2026-Q1\n{AHR};1\n")
    assert reasons(prepare(path, store)) == [(2, None, None, "indicator_not_given")]
    path = write_file("y.csv", f"Januar 2026 bis März 2026\nAGS;K2\n{AHR};1\n")
    assert [p.reason for p in prepare(path, store).problems] == ["period_not_given"]


def test_layout_can_be_forced(store: Store, write_file) -> None:
    # "2026" is no period, so guessing fails; forced, the K2 column carries the figures.
    path = write_file("f.csv", f"AGS;Quartal;K2;2026\n{AHR};2026-Q1;20\n")
    assert [p.reason for p in prepare(path, store).problems] == ["unknown_column"]
    path = write_file("g.csv", f"AGS;Quartal;K2\n{AHR};2026-Q1;20\n")
    forced = prepare(path, store, layout="wide-period")
    assert [p.reason for p in forced.problems][:1] == ["layout_mismatch"]
    assert prepare(path, store, layout="wide-indicator").ok


@pytest.mark.parametrize(
    "header, reason",
    [("AGS;K2;2026-Q1", "layout_ambiguous"), ("AGS;Name;Bemerkung", "layout_unknown"),
     ("Kennzahl;Quartal;Wert", "missing_column")],
)
def test_unusable_headers(store: Store, write_file, header: str, reason: str) -> None:
    path = write_file("h.csv", header + "\n1;2;3\n")
    prepared = prepare(path, store)
    assert reason in [p.reason for p in prepared.problems]
    assert not prepared.ok and prepared.records is None


def test_two_columns_for_one_indicator(store: Store, write_file) -> None:
    path = write_file("d.csv", f"AGS;Quartal;K2;Integrationsquote\n{AHR};2026-Q1;1;2\n")
    assert reasons(prepare(path, store)) == [(1, "Integrationsquote", None, "duplicate_column")]


def test_every_problem_is_reported_at_once_with_row_column_and_value(
    store: Store, write_file
) -> None:
    path = write_file("fehler.csv", (
        "Bericht\n"
        "AGS;Name;Kennzahl;Quartal;Wert;Status\n"
        f"{AHR};;K2;2026-Q1;12,5;\n"          # fine
        "99999;;K2;2026-Q1;12,5;\n"            # unknown key
        ";Kreis Nirgendwo;K2;2026-Q1;1;\n"     # unknown name
        f"{AHR};;K99;2026-Q1;1;\n"             # unknown indicator
        f"{AHR};;K2;2026-Q5;1;\n"              # bad period
        f"{AHR};;K2;2026-Q2;zwölf;\n"          # bad number
        f"{AHR};;K2;2026-Q3;1;unsicher\n"      # bad status
        f"{AHR};;K2;2026-Q4;150;\n"            # outside 0 … 100
        f"{AHR};;K2;Q1/2026;13;\n"             # same key as line 3
        ";;K2;2026-Q1;1;\n"                    # no municipality
    ))
    prepared = prepare(path, store)
    assert reasons(prepared) == [
        (4, "AGS", "99999", "unknown_municipality"),
        (5, "Name", "Kreis Nirgendwo", "unknown_municipality"),
        (6, "Kennzahl", "K99", "unknown_indicator"),
        (7, "Quartal", "2026-Q5", "bad_period"),
        (8, "Wert", "zwölf", "bad_number"),
        (9, "Status", "unsicher", "bad_status"),
        (10, "Wert", "150", "out_of_range"),
        (11, "Wert", f"{AHR} K2 2026-Q1", "duplicate"),
        (12, "AGS", None, "missing_value"),
    ]
    assert all(p.file == "fehler.csv" for p in prepared.problems)
    details = {p.reason: p.detail for p in prepared.problems}
    assert details["duplicate"] == "3" and details["out_of_range"] == "0.0|100.0"
    assert not prepared.ok


def test_ambiguous_name(store: Store, write_file) -> None:
    store._execute("INSERT INTO municipalities(ags, name, carrier) VALUES"
                  " ('90599', 'Ahrwiesen, Landkreis', 'gE')")
    path = write_file("a.csv", "Name;Quartal;K2\nAhrwiesen;2026-Q1;12\n")
    prepared = prepare(path, store)
    assert reasons(prepared) == [(2, "Name", "Ahrwiesen", "ambiguous_municipality")]
    assert prepared.problems[0].detail == f"{AHR}|90599"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_umlauts_in_every_encoding(store: Store, write_file, encoding: str) -> None:
    path = write_file("u.csv", "Kommune;Quartal;K2\nStadt Altenbrück;2026-Q1;12,5\n", encoding)
    assert records(prepare(path, store))[0][:4] == (sample_key("Stadt Altenbrück"), "K2",
                                                    "2026-Q1", 12.5)


def test_excel_figures_on_a_chosen_sheet(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "kennzahlen.xlsx"
    frame = pl.DataFrame({"AGS": [int(AHR), int(BRU)], "Quartal": ["2026-Q1", "2026-Q1"],
                          "K2": [21.5, None], "ALQ": ["4,5", "–"]})
    frame.write_excel(path, worksheet="Daten")
    prepared = prepare(path, store, sheet="Daten")
    assert prepared.name == "kennzahlen.xlsx [Daten]" and prepared.convention == "machine"
    assert records(prepared) == [
        (AHR, "ALQ", "2026-Q1", 4.5, None, None, "final"),
        (AHR, "K2", "2026-Q1", 21.5, None, None, "final"),
        (BRU, "ALQ", "2026-Q1", None, None, None, "missing"),
    ]
    wrong = prepare(path, store, sheet="Blatt7")
    assert [(p.reason, p.detail) for p in wrong.problems] == [("sheet_not_found", "Daten")]


def test_a_file_without_any_figure(store: Store, write_file) -> None:
    path = write_file("leer.csv", f"AGS;Quartal;K2\n{AHR};2026-Q1;\n{BRU};2026-Q1;\n")
    assert [p.reason for p in prepare(path, store).problems] == ["empty"]


def test_missing_file_is_a_problem_not_an_exception(store: Store, tmp_path: Path) -> None:
    prepared = prepare(tmp_path / "nicht-da.csv", store)
    assert [p.reason for p in prepared.problems] == ["unreadable"]
