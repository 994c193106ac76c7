"""`ringvergleich compare`: the ring's figures as table, CSV and JSON, and clear refusals."""

from __future__ import annotations

import csv
import io
import json
import statistics
from pathlib import Path

import pytest

from store.db import open_store
from tui import cli

RING = "Ländliche Optionskommunen West"
MEMBERS_2024_Q3 = 10


def raw_k2(db: Path, period: str) -> dict[str, tuple[str, float | None, str]]:
    """ags → (name, value, status) of the ring's members, straight from SQL."""
    store = open_store(db, readonly=True)
    try:
        end = {"2024-Q3": "2024-09-30", "2026-Q2": "2026-06-30", "2026-Q1": "2026-03-31"}[period]
        rows = store._rows(
            "SELECT mu.ags, mu.name, o.value, o.status FROM ring_members m"
            " JOIN rings r ON r.id = m.ring_id JOIN municipalities mu ON mu.ags = m.ags"
            " LEFT JOIN observations o ON o.ags = m.ags AND o.indicator_code = 'K2'"
            " AND o.period = ? WHERE r.name = ? AND m.since <= ?"
            " AND (m.until IS NULL OR m.until >= ?)", (period, RING, end, end))
    finally:
        store.close()
    return {r["ags"]: (r["name"], r["value"], r["status"]) for r in rows}


def german(value: float, decimals: int = 1, sign: bool = False) -> str:
    text = f"{value:.{decimals}f}".replace(".", ",")
    return ("+" + text) if sign and value > 0 and text.strip("0,") else text


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(["compare", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_table_shows_members_and_distribution_in_german(sample_db: Path, capsys) -> None:
    code, out, err = run(capsys, "--ring", RING, "--indicator", "K2", "--period", "2024-Q3",
                         "--db", str(sample_db))
    assert code == 0 and err == ""
    raw = raw_k2(sample_db, "2024-Q3")
    values = [v for _n, v, _s in raw.values() if v is not None]
    median = statistics.median(values)
    assert "Quartal: 3. Quartal 2024" in out and "Vergleich mit: Ring" in out
    lines = {line.split("  ")[0]: line for line in out.splitlines()}
    assert len(raw) == MEMBERS_2024_Q3
    for _ags, (name, value, _status) in raw.items():
        line = lines[name]
        if value is None:  # Landkreis Moosbrück delivered nothing this quarter
            assert line.split()[2:] == ["–"] * 5
            continue
        assert german(value) in line
        assert german(value - median, sign=True).replace("−", "-") in line
    stats = {line.split()[0]: line.split()[-1] for line in out.splitlines()[-12:] if line}
    assert stats["Median"] == german(median)
    assert stats["Werte"] == str(len(values)) and stats["fehlend"] == "1"
    assert stats["Minimum"] == german(min(values)) and stats["Maximum"] == german(max(values))


def test_no_rank_and_alphabetical_order(sample_db: Path, capsys) -> None:
    _code, out, _err = run(capsys, "--ring", RING, "--indicator", "K2", "--period", "2024-Q3",
                           "--db", str(sample_db))
    assert "Rang" not in out and "Platz" not in out
    names = [n for n, _v, _s in raw_k2(sample_db, "2024-Q3").values()]
    shown = [line.split("  ")[0] for line in out.splitlines() if line.split("  ")[0] in names]
    assert shown == sorted(names, key=str.lower)


def test_csv_has_plain_numbers(sample_db: Path, capsys) -> None:
    code, out, _err = run(capsys, "--ring", RING, "--indicator", "K2", "--period", "2024-Q3",
                          "--format", "csv", "--db", str(sample_db))
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out), delimiter=";"))
    raw = raw_k2(sample_db, "2024-Q3")
    values = [v for _n, v, _s in raw.values() if v is not None]
    assert {r["ags"] for r in rows} == set(raw)

    def number(text: str) -> float | None:  # the app's convention: decimal comma
        assert "." not in text
        return float(text.replace(",", ".")) if text else None

    for row in rows:
        value = raw[row["ags"]][1]
        assert number(row["value"]) == pytest.approx(value, abs=5e-5) if value is not None \
            else row["value"] == ""
        assert row["status"] == (raw[row["ags"]][2] or "missing")
        assert number(row["ring_median"]) == pytest.approx(statistics.median(values), abs=5e-5)
        # No float noise: at most four decimals in any number.
        assert all(len(cell.split(",")[1]) <= 4 for cell in row.values() if cell.count(",") == 1
                   and cell.replace(",", "").lstrip("-").isdigit())
        assert row["period"] == "2024-Q3" and row["reference"] == "ring"
    assert not any("rank" in column for column in rows[0])


def test_json_with_reference_group(sample_db: Path, capsys) -> None:
    code, out, _err = run(capsys, "--ring", RING, "--indicator", "K2", "--period", "2024-Q3",
                          "--reference", "gE", "--format", "json", "--db", str(sample_db))
    assert code == 0
    document = json.loads(out)
    store = open_store(sample_db, readonly=True)
    ge = [r["value"] for r in store._rows(
        "SELECT o.value FROM observations o JOIN municipalities m ON m.ags = o.ags"
        " WHERE m.carrier = 'gE' AND o.indicator_code = 'K2' AND o.period = '2024-Q3'")]
    store.close()
    assert document["reference"] == "gE" and document["period"] == "2024-Q3"
    assert document["distribution"]["n"] == MEMBERS_2024_Q3 - 1
    (group,) = document["reference_distributions"]
    assert (group["key"], group["n"]) == ("gE", len(ge))
    assert group["median"] == pytest.approx(statistics.median(ge))
    assert {m["ref_median"] for m in document["members"]} == {group["median"]}


def test_type_reference_names_each_members_type(sample_db: Path, capsys) -> None:
    code, out, _err = run(capsys, "--ring", RING, "--indicator", "K2", "--period", "2024-Q3",
                          "--reference", "type", "--db", str(sample_db))
    assert code == 0
    assert "Typ IIIa" in out and "Typ IIIb" in out and "eigener Vergleichstyp" in out
    assert "Kreis Ahrwiesen         IIIb" in out


@pytest.mark.parametrize("spelling", ["Q3/2024", "2024q3", " 2024-Q3 ", "3. Quartal 2024"])
def test_period_spellings(sample_db: Path, capsys, spelling: str) -> None:
    code, out, _err = run(capsys, "--ring", "1", "--indicator", "k2", "--period", spelling,
                          "--db", str(sample_db))
    assert code == 0 and "3. Quartal 2024" in out


def test_default_period_is_the_latest_with_values(sample_db: Path, capsys) -> None:
    _code, out, _err = run(capsys, "--ring", RING, "--indicator", "K2", "--db", str(sample_db))
    assert "2. Quartal 2026" in out
    store = open_store(sample_db)
    with store.write() as conn:
        conn.execute("UPDATE observations SET value = NULL, status = 'missing'"
                     " WHERE indicator_code = 'K2' AND period = '2026-Q2'")
    store.close()
    _code, out, _err = run(capsys, "--ring", RING, "--indicator", "K2", "--db", str(sample_db))
    assert "1. Quartal 2026" in out


def test_default_database_is_the_sample_working_copy(capsys, tmp_path: Path) -> None:
    code, out, err = run(capsys, "--ring", RING, "--indicator", "K2", "--period", "2024-Q3")
    assert code == 0 and "Landkreis Moosbrück" in out
    assert str(tmp_path / "data" / "sample.db") in err  # told where the copy was made


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--ring", "Kein Ring", "--indicator", "K2"], "Unbekannter Ring „Kein Ring“"),
        (["--ring", RING, "--indicator", "K99"], "Unbekannte Kennzahl „K99“"),
        (["--ring", RING, "--indicator", "K2", "--period", "2019-Q1"],
         "Für Q1/2019 hat der Ring"),
        (["--ring", RING, "--indicator", "K2", "--period", "2024-03"], "kein Quartal"),
        (["--ring", "e", "--indicator", "K2"], "passt auf mehrere Ringe: Nr. 2"),
        (["--ring", RING, "--indicator", "quote"], "passt auf mehrere Kennzahlen: K2"),
    ],
)
def test_refusals_exit_non_zero_without_traceback(
    sample_db: Path, capsys, args: list[str], message: str
) -> None:
    code, out, err = run(capsys, *args, "--db", str(sample_db))
    assert code == 1 and out == ""
    assert message in err and "Traceback" not in err


def test_missing_database_and_bad_arguments(tmp_path: Path, capsys) -> None:
    code, _out, err = run(capsys, "--ring", RING, "--indicator", "K2",
                          "--db", str(tmp_path / "nichts.db"))
    assert code == 2 and "gibt es nicht" in err
    with pytest.raises(SystemExit) as exit_:
        cli.main(["compare", "--indicator", "K2"])
    assert exit_.value.code == 2
    with pytest.raises(SystemExit):
        cli.main(["compare", "--ring", RING, "--indicator", "K2", "--reference", "rank"])


@pytest.mark.parametrize(("ring", "indicator"), [
    ("ländliche", "Integrationsquote"), ("Optionskommunen", "integrationsquote"),
    ("1", "K2"), (RING, "k2"),
])
def test_ring_and_indicator_by_name_or_a_unique_part(
        sample_db: Path, capsys, ring: str, indicator: str) -> None:
    code, out, err = run(capsys, "--ring", ring, "--indicator", indicator, "--period",
                         "2024-Q3", "--db", str(sample_db))
    assert code == 0, err
    assert f"Vergleichsring: {RING} (Nr. 1)" in out and "Kennzahl: K2 – Integrationsquote" in out


@pytest.mark.parametrize("indicator", ["K2", "K1", "INTN", "EW"])
@pytest.mark.parametrize("reference", ["ring", "type"])
def test_table_fits_80_columns(sample_db: Path, capsys, indicator: str, reference: str) -> None:
    code, out, _err = run(capsys, "--ring-id", "1", "--indicator", indicator, "--reference",
                          reference, "--db", str(sample_db))
    assert code == 0
    assert max(len(line) for line in out.splitlines()) <= 80
    headers = next(line for line in out.splitlines() if line.startswith("Kommune"))
    # Rates: deviation in percentage points, no relative deviation; counts keep it.
    assert ("Abw. %" in headers) == (indicator in ("INTN", "EW"))
    assert ("Abw. Pp." in headers) == (indicator in ("K2", "K1"))
    assert "-0,0" not in out


def test_argument_errors_in_german(capsys) -> None:
    with pytest.raises(SystemExit):
        cli.main(["compare", "--ring", RING])
    err = capsys.readouterr().err
    assert err.startswith("Aufruf: ringvergleich compare")
    assert "Fehler: diese Angaben fehlen: --indicator" in err
    assert "error" not in err and "required" not in err
