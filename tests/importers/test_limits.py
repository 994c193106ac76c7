"""Hostile files: a clear message within seconds, bounded memory, no traceback."""

from __future__ import annotations

import io
import os
import threading
import zipfile
from pathlib import Path

import pytest

from importers import limits, load
from tests.importers.conftest import sample_key

AHR = sample_key("Kreis Ahrwiesen")


def reasons(path: Path) -> list[str]:
    return [p.reason for p in load(path).problems]


def test_a_ten_megabyte_cell_is_named_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "riesig.csv"
    path.write_text(f'AGS;Name;Quartal;K2\n{AHR};"{"x" * 10_000_000}";2027-Q1;1\n',
                    encoding="utf-8")
    problems = load(path).problems
    assert [(p.reason, p.row, p.column) for p in problems] == [("cell_too_large", 2, "Name")]


def test_a_ten_megabyte_multi_line_cell(tmp_path: Path) -> None:
    path = tmp_path / "zeilen.csv"
    cell = "zeile\n" * 2_000_000
    path.write_text(f'AGS;Name;Quartal;K2\n{AHR};"{cell}";2027-Q1;1\n', encoding="utf-8")
    assert reasons(path) == ["cell_too_large"]


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_devices_are_never_read(device: str) -> None:
    if not Path(device).exists():
        pytest.skip(f"{device} missing")
    assert reasons(Path(device)) == ["not_regular"]


def test_a_fifo_is_refused_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    result: list[list[str]] = []
    worker = threading.Thread(target=lambda: result.append(reasons(fifo)), daemon=True)
    worker.start()
    worker.join(timeout=5)
    if worker.is_alive():  # unblock the reader so the test process can end
        with open(fifo, "wb"):
            pass
        pytest.fail("reading a FIFO hung")
    assert result == [["not_regular"]]


def test_a_directory_is_refused(tmp_path: Path) -> None:
    assert reasons(tmp_path) == ["not_regular"]


def test_a_file_above_the_size_limit_is_not_read(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 1000)
    path = tmp_path / "gross.csv"
    path.write_text("AGS;Quartal;K2\n" + f"{AHR};2027-Q1;1\n" * 200, encoding="utf-8")
    assert reasons(path) == ["too_large"]


def bomb(declared: int) -> bytes:
    """A workbook-like zip with one highly compressible part of `declared` bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            chunk = b" " * (1024 * 1024)
            for _ in range(declared // len(chunk)):
                part.write(chunk)
    return buffer.getvalue()


def test_a_workbook_that_inflates_is_refused_before_unpacking(tmp_path: Path) -> None:
    path = tmp_path / "bombe.xlsx"
    path.write_bytes(bomb(64 * 1024 * 1024))  # 64 MB of spaces in ~64 KB
    assert path.stat().st_size < 1024 * 1024
    assert reasons(path) == ["too_large_unpacked"]


def test_declared_total_above_the_limit(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(limits, "MAX_UNPACKED_BYTES", 1024)
    path = tmp_path / "gross.xlsx"
    path.write_bytes(bomb(2 * 1024 * 1024))
    assert reasons(path) == ["too_large_unpacked"]


def test_a_parser_panic_is_a_problem_not_a_crash(tmp_path: Path, monkeypatch) -> None:
    from importers import pipeline

    PanicException = type("PanicException", (BaseException,), {})  # as pyo3 defines it

    def panic(*_args, **_kwargs):  # noqa: ANN002, ANN003
        raise PanicException("called `Option::unwrap()` on a `None` value")

    monkeypatch.setattr(pipeline, "read_table", panic)
    path = tmp_path / "kaputt.xlsx"
    path.write_bytes(b"PK\x05\x06" + b"\0" * 18)
    problems = load(path).problems
    assert [(p.reason, p.detail) for p in problems] == [
        ("unreadable", "called `Option::unwrap()` on a `None` value")]


def test_a_line_with_millions_of_fields_is_refused_at_once(tmp_path: Path) -> None:
    path = tmp_path / "breit.csv"
    path.write_text(f"AGS;Quartal;K2\n{AHR};2027-Q1;1{';' * 2_000_000}\n", encoding="utf-8")
    problems = load(path).problems
    assert [(p.reason, p.row) for p in problems] == [("too_many_columns", 2)]


def test_wide_but_real_tables_still_load(tmp_path: Path) -> None:
    months = ";".join(f"{year}-{month:02d}" for year in range(1990, 2040) for month in
                      range(1, 13))
    path = tmp_path / "monate.csv"
    path.write_text(f"AGS;Kennzahl;{months}\n{AHR};K2;1\n", encoding="utf-8")
    assert "too_many_columns" not in reasons(path)


def test_a_file_of_too_many_lines_is_refused(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(limits, "MAX_LINES", 100)
    path = tmp_path / "lang.csv"
    path.write_text("AGS;Quartal;K2\n" + f"{AHR};2027-Q1;1\n" * 101, encoding="utf-8")
    assert reasons(path) == ["too_many_rows"]
